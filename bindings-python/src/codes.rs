//! Destination codes: schemes (the built-in ILR and WMCA tables, or the user's), the merged
//! "Destination Code" parser, validity on a date, and mapping between schemes.
//!
//! `Schemes` holds the loaded schemes and is immutable: `with_scheme` returns a new one, so one
//! object can be shared by threads. Codes come out as frozen `DestinationCode` copies.
//!
//! `DestinationCode`, `Scheme` and `Schemes` pickle (Dask and Spark workers return codes, and
//! ship schemes to workers): a scheme as its JSON form read back by `Scheme.from_json`, a code
//! as a one-code scheme of its own.

use crate::arguments::{Arg, DateArg, type_name};
use crate::errors::py_err;
use crate::findings::PyFinding;
use crate::repr::quoted;
use crate::source::Source;
use learner_destinations::codes::{CodeEntry, Scheme, Schemes};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyDict, PyString, PyTuple};
use serde_json::{Value, json};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// One destination code of a scheme, e.g. `EMP1` (ILR) or `WMCA1.1` (WMCA).
///
/// Equal when every field is equal; hashable; `str()` is the canonical code.
#[pyclass(frozen, eq, module = "learner_destinations", name = "DestinationCode")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyDestinationCode(pub CodeEntry);

/// A code's row in the JSON form of a scheme.
fn code_json(c: &CodeEntry) -> Value {
    json!({
        "code": c.code(),
        "title": c.title(),
        "ilr_equivalent": c.ilr_equivalent(),
        "qualifier": c.qualifier(),
        "valid_from": c.valid_from().map(|d| d.to_string()),
        "valid_to": c.valid_to().map(|d| d.to_string()),
    })
}

/// Rebuilds a pickled `DestinationCode`: its scheme name and its JSON row.
#[pyfunction]
fn _restore_destination_code(scheme: &str, row: &str) -> PyResult<PyDestinationCode> {
    let row: Value = serde_json::from_str(row).map_err(|e| {
        crate::errors::option_invalid(format!("a pickled destination code: {e}"), None)
    })?;
    let text = json!({"scheme": scheme, "source": "pickled", "codes": [row]}).to_string();
    let one = Scheme::from_json_str(&text, "pickled destination code").map_err(py_err)?;
    one.codes()
        .first()
        .map(PyDestinationCode::from)
        .ok_or_else(|| {
            crate::errors::option_invalid("a pickled destination code holds no code".into(), None)
        })
}

impl From<&CodeEntry> for PyDestinationCode {
    fn from(c: &CodeEntry) -> Self {
        PyDestinationCode(c.clone())
    }
}

#[pymethods]
impl PyDestinationCode {
    /// The canonical code, e.g. `"EMP1"`, `"WMCA1.0"`.
    #[getter]
    fn code(&self) -> &str {
        self.0.code()
    }
    /// The scheme it belongs to: `"ilr"`, `"wmca"`, or a loaded scheme's name.
    #[getter]
    fn scheme(&self) -> &str {
        self.0.scheme()
    }
    /// The title, e.g. "In paid employment for 16 hours or more per week".
    #[getter]
    fn title(&self) -> &str {
        self.0.title()
    }
    /// The letters: the ILR OutType (`"EMP"`) or the authority prefix (`"WMCA"`).
    #[getter]
    #[pyo3(name = "type")]
    fn code_type(&self) -> &str {
        self.0.code_type()
    }
    /// The number part: the ILR OutCode (`"1"`) or the authority number (`"1.0"`).
    #[getter]
    fn number(&self) -> &str {
        self.0.number()
    }
    /// The ILR code an authority code refines; None for ILR codes.
    #[getter]
    fn ilr_equivalent(&self) -> Option<&str> {
        self.0.ilr_equivalent()
    }
    /// The qualifier that picks this code among several refining one ILR code (e.g.
    /// `"increase in hours"` for WMCA1.1), or None.
    #[getter]
    fn qualifier(&self) -> Option<&str> {
        self.0.qualifier()
    }
    /// First day of validity, or None (from the beginning).
    #[getter]
    fn valid_from(&self) -> Option<chrono::NaiveDate> {
        self.0.valid_from()
    }
    /// Last day of validity, or None (open).
    #[getter]
    fn valid_to(&self) -> Option<chrono::NaiveDate> {
        self.0.valid_to()
    }
    /// The ILR code this code stands for: itself for ILR codes, its equivalent otherwise.
    #[getter]
    fn ilr_code(&self) -> Option<&str> {
        self.0.ilr_code()
    }
    /// The ILR OutType this code stands for (`"EMP"` for EMP1 and for WMCA1.0), or None.
    #[getter]
    fn ilr_type(&self) -> Option<&str> {
        self.0.ilr_type()
    }
    /// "Title (CODE)", as the WMCA portal shows a destination.
    #[getter]
    fn display_name(&self) -> String {
        self.0.display_name()
    }
    /// True when the code is current on `on` (a `datetime.date` or `"YYYY-MM-DD"`): valid from
    /// <= on <= valid to, both ends inclusive (ESFA OutType_05).
    fn is_valid_on(&self, on: DateArg) -> bool {
        self.0.is_valid_on(on.0)
    }
    /// None when the code is current on `on`, otherwise the finding
    /// (`destination_code_not_valid`) naming the code, its window and the date; `what` names the
    /// date in the message.
    #[pyo3(signature = (on, what = Arg("the date".to_string())), text_signature = "(self, on, what='the date')")]
    fn check_valid_on(&self, on: DateArg, what: Arg<String>) -> Option<PyFinding> {
        self.0
            .check_valid_on(on.0, &what)
            .err()
            .map(PyFinding::from)
    }
    /// True when the two codes cannot both hold from the same date: one says the learner is in
    /// paid employment (EMP) and the other that they are not (NPE), in any scheme (ESFA
    /// OutType_04).
    fn contradicts(&self, other: PyRef<'_, PyDestinationCode>) -> bool {
        self.0.contradicts(&other.0)
    }
    fn __hash__(&self) -> u64 {
        let mut h = DefaultHasher::new();
        (self.0.scheme(), self.0.code()).hash(&mut h);
        h.finish()
    }
    fn __str__(&self) -> &str {
        self.0.code()
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let restore = py
            .import("learner_destinations._native")?
            .getattr("_restore_destination_code")?;
        let args = (self.0.scheme(), code_json(&self.0).to_string()).into_pyobject(py)?;
        PyTuple::new(py, [restore, args.into_any()])
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "DestinationCode({}, scheme={}, title={})",
            quoted(py, self.0.code()),
            quoted(py, self.0.scheme()),
            quoted(py, self.0.title())
        )
    }
}

/// A code scheme: a versioned table of destination codes with its source.
///
/// Made by `load_scheme`, `Scheme.from_json` and `Scheme.from_csv`, or taken from
/// `Schemes.scheme(name)`.
#[pyclass(frozen, eq, module = "learner_destinations", name = "Scheme")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyScheme(pub Scheme);

#[pymethods]
impl PyScheme {
    /// Reads a scheme from its JSON form (`{"scheme", "title", "source", "version", "types",
    /// "codes": [{"code", "title", "ilr_equivalent", "qualifier", "valid_from", "valid_to"}]}`).
    /// `source_name` names the text in messages. Raises `FileFormatError` (`scheme_invalid`)
    /// naming the line and field.
    #[staticmethod]
    #[pyo3(signature = (text, *, source_name = Arg("scheme".to_string())), text_signature = "(text, *, source_name='scheme')")]
    fn from_json(
        py: Python<'_>,
        text: Arg<PyBackedStr>,
        source_name: Arg<String>,
    ) -> PyResult<PyScheme> {
        py.detach(|| Scheme::from_json_str(&text, &source_name))
            .map(PyScheme)
            .map_err(py_err)
    }
    /// Reads a scheme from CSV with the header `code,title,ilr_equivalent,qualifier,valid_from,
    /// valid_to` (any order and case; the last four optional). The scheme is called `name`
    /// unless the CSV has a `scheme` column; `source` says where the list comes from. Raises
    /// `FileFormatError` (`scheme_invalid`) naming the line.
    #[staticmethod]
    #[pyo3(signature = (text, *, name, source = Arg(String::new())), text_signature = "(text, *, name, source='')")]
    fn from_csv(
        py: Python<'_>,
        text: Arg<PyBackedStr>,
        name: Arg<String>,
        source: Arg<String>,
    ) -> PyResult<PyScheme> {
        py.detach(|| Scheme::from_csv_reader(text.as_bytes(), &name, &source))
            .map(PyScheme)
            .map_err(py_err)
    }
    /// The scheme's name (`"ilr"`, `"wmca"`), lower case.
    #[getter]
    fn name(&self) -> &str {
        self.0.name()
    }
    /// A title for people.
    #[getter]
    fn title(&self) -> &str {
        self.0.title()
    }
    /// Where the table comes from.
    #[getter]
    fn source(&self) -> &str {
        self.0.source()
    }
    /// The table's version ("" when not given).
    #[getter]
    fn version(&self) -> &str {
        self.0.version()
    }
    /// The code types (ILR OutTypes or authority prefixes) and their titles, in table order:
    /// `{"EDU": "Education", ...}`.
    #[getter]
    fn types<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for t in self.0.types() {
            d.set_item(&t.code_type, &t.title)?;
        }
        Ok(d)
    }
    /// The codes, in table order.
    #[getter]
    fn codes(&self) -> Vec<PyDestinationCode> {
        self.0.codes().iter().map(PyDestinationCode::from).collect()
    }
    /// Codes reserved but unassigned (ILR EDU7, EDU8): refused by `Schemes.parse` with a message
    /// saying so.
    #[getter]
    fn unassigned(&self) -> Vec<String> {
        self.0.unassigned().to_vec()
    }
    fn __len__(&self) -> usize {
        self.0.codes().len()
    }
    /// The scheme in the JSON form `Scheme.from_json` and `load_scheme` read.
    fn to_json(&self) -> String {
        self.0.to_json()
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let from_json = slf.get_type().getattr("from_json")?;
        let args = (slf.get().0.to_json(),).into_pyobject(py)?;
        PyTuple::new(py, [from_json, args.into_any()])
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<Scheme {} version {}: {} codes>",
            quoted(py, self.0.name()),
            quoted(py, self.0.version()),
            self.0.codes().len()
        )
    }
}

/// Reads a code-scheme file: `source` is a path (`str` or `os.PathLike`), `bytes`, or a binary
/// file object. JSON when the name ends in `.json` or the content starts with `{`; otherwise CSV,
/// whose scheme is named after the file (or `name`) unless it has a `scheme` column. `name`
/// names the source in messages (default: the path, the file object's name, or `"user"`).
///
/// Raises `FileReadError` (`io`) when the file cannot be read, `FileFormatError`
/// (`scheme_invalid`) when its content is not a scheme. The GIL is released
/// while the file is read and parsed.
#[pyfunction]
#[pyo3(signature = (source, *, name = None))]
fn load_scheme(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    name: Option<crate::arguments::Maybe<String>>,
) -> PyResult<PyScheme> {
    let source = Source::from_py(source, crate::arguments::given(name), "user")?;
    let scheme = py.detach(|| -> PyResult<Scheme> {
        let text = source.read_limited_text(&learner_destinations_host::input::SCHEME)?;
        Scheme::from_file_text(&text, source.name()).map_err(py_err)
    })?;
    Ok(PyScheme(scheme))
}

/// The loaded code schemes: by default the built-in ILR and WMCA tables.
///
/// `Schemes(schemes)` adds each given scheme to the built-in ones, replacing a built-in scheme of
/// the same name (e.g. a complete WMCA list replaces the built-in partial one);
/// `builtin=False` starts from none. Raises `FileFormatError` (`scheme_invalid`) when a code is
/// in two schemes or an ILR equivalent is not an ILR code.
#[pyclass(frozen, module = "learner_destinations", name = "Schemes")]
#[derive(Debug, Clone)]
pub struct PySchemes(pub Schemes);

impl PySchemes {
    /// The entry `code` stands for: a `DestinationCode` as given, or a string read by the core's
    /// parser (refused with `InvalidArgumentError`).
    fn entry<'a>(&'a self, code: &'a Bound<'_, PyAny>) -> PyResult<&'a CodeEntry> {
        if let Ok(c) = code.cast::<PyDestinationCode>() {
            return Ok(&c.get().0);
        }
        if code.is_instance_of::<PyString>() {
            let text = code.extract::<PyBackedStr>()?;
            return self.0.parse(&text).map_err(py_err);
        }
        Err(crate::errors::type_invalid(format!(
            "expected a destination code (str or DestinationCode), not {}",
            type_name(code)
        )))
    }
}

#[pymethods]
impl PySchemes {
    #[new]
    #[pyo3(signature = (schemes = Vec::new(), *, builtin = true))]
    fn new(schemes: Vec<PyRef<'_, PyScheme>>, builtin: bool) -> PyResult<Self> {
        let given = schemes.iter().map(|s| s.0.clone());
        let loaded = if builtin {
            let mut loaded = Schemes::builtin();
            for s in given {
                loaded.add(s).map_err(py_err)?;
            }
            loaded
        } else {
            Schemes::from_schemes(given).map_err(py_err)?
        };
        Ok(PySchemes(loaded))
    }
    /// A new `Schemes` with `scheme` added (replacing a loaded scheme of the same name).
    fn with_scheme(&self, scheme: PyRef<'_, PyScheme>) -> PyResult<PySchemes> {
        let mut loaded = self.0.clone();
        loaded.add(scheme.0.clone()).map_err(py_err)?;
        Ok(PySchemes(loaded))
    }
    /// Reads the portal's merged "Destination Code" field (`EMP1`, `EMP 1`, `oth-3`,
    /// `WMCA1.0`...). Raises `InvalidArgumentError` saying why a code is refused
    /// (`destination_code_format`, `destination_type_unknown`, `destination_code_unknown`).
    fn parse(&self, code: Arg<PyBackedStr>) -> PyResult<PyDestinationCode> {
        self.0
            .parse(&code)
            .map(PyDestinationCode::from)
            .map_err(py_err)
    }
    /// The code `code` stands for, or None (no reasons: use `parse` for those).
    fn get(&self, code: Arg<PyBackedStr>) -> Option<PyDestinationCode> {
        self.0.get(&code).map(PyDestinationCode::from)
    }
    fn __contains__(&self, code: PyBackedStr) -> bool {
        self.0.get(&code).is_some()
    }
    /// Every code in other schemes equivalent to `code` (a string or a `DestinationCode`): for
    /// an ILR code, each authority code that refines it (one-to-many); for an authority code, its
    /// ILR code (many-to-one).
    fn equivalents(&self, code: &Bound<'_, PyAny>) -> PyResult<Vec<PyDestinationCode>> {
        let entry = self.entry(code)?;
        Ok(self
            .0
            .equivalents(entry)
            .into_iter()
            .map(PyDestinationCode::from)
            .collect())
    }
    /// The code in scheme `scheme` for `code`, chosen by `qualifiers` (old -> new is one to
    /// many: the code whose qualifier is given, else the unqualified one). Raises
    /// `InvalidArgumentError` (`destination_no_equivalent`, `scheme_unknown`, or why `code` was
    /// refused).
    #[pyo3(signature = (code, scheme, qualifiers = Arg(Vec::new())), text_signature = "(self, code, scheme, qualifiers=())")]
    fn to_scheme(
        &self,
        code: &Bound<'_, PyAny>,
        scheme: Arg<PyBackedStr>,
        qualifiers: Arg<Vec<PyBackedStr>>,
    ) -> PyResult<PyDestinationCode> {
        let entry = self.entry(code)?;
        let qualifiers: Vec<&str> = qualifiers.iter().map(|q| &**q).collect();
        self.0
            .to_scheme(entry, &scheme, &qualifiers)
            .map(PyDestinationCode::from)
            .map_err(py_err)
    }
    /// The scheme called `name` (case-insensitive). Raises `InvalidArgumentError`
    /// (`scheme_unknown`) listing the loaded ones.
    fn scheme(&self, name: Arg<PyBackedStr>) -> PyResult<PyScheme> {
        self.0
            .scheme(&name)
            .map(|s| PyScheme(s.clone()))
            .map_err(py_err)
    }
    /// The loaded schemes.
    #[getter]
    fn schemes(&self) -> Vec<PyScheme> {
        self.0.schemes().iter().cloned().map(PyScheme).collect()
    }
    /// Every code of every scheme, or of the scheme called `scheme`.
    #[pyo3(signature = (scheme = None))]
    fn codes(&self, scheme: Option<Arg<PyBackedStr>>) -> PyResult<Vec<PyDestinationCode>> {
        Ok(match scheme {
            None => self.0.all_codes().map(PyDestinationCode::from).collect(),
            Some(name) => self
                .0
                .scheme(&name)
                .map_err(py_err)?
                .codes()
                .iter()
                .map(PyDestinationCode::from)
                .collect(),
        })
    }
    /// Pickles as the very schemes loaded (`Schemes(schemes, builtin=False)`).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let restore = py
            .import("learner_destinations._native")?
            .getattr("_restore_schemes")?;
        let schemes: Vec<PyScheme> = self.0.schemes().iter().cloned().map(PyScheme).collect();
        let args = (schemes,).into_pyobject(py)?;
        PyTuple::new(py, [restore, args.into_any()])
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        let names: Vec<String> = self
            .0
            .schemes()
            .iter()
            .map(|s| quoted(py, s.name()))
            .collect();
        format!("<Schemes {}>", names.join(", "))
    }
}

/// Rebuilds pickled `Schemes` from their schemes.
#[pyfunction]
fn _restore_schemes(schemes: Vec<PyRef<'_, PyScheme>>) -> PyResult<PySchemes> {
    Schemes::from_schemes(schemes.iter().map(|s| s.0.clone()))
        .map(PySchemes)
        .map_err(py_err)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDestinationCode>()?;
    m.add_class::<PyScheme>()?;
    m.add_class::<PySchemes>()?;
    m.add_function(wrap_pyfunction!(load_scheme, m)?)?;
    m.add_function(wrap_pyfunction!(_restore_destination_code, m)?)?;
    m.add_function(wrap_pyfunction!(_restore_schemes, m)?)?;
    Ok(())
}
