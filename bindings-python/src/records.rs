//! Destination records and the rules a learner's records must keep (ESFA OutType_01-05,
//! OutStartDate, OutEndDate, OutCollDate, R69).

use crate::arguments::{Arg, DateArg, Maybe, TeachingYearArg, given, type_name};
use crate::codes::PySchemes;
use crate::findings::{PyFinding, finding_dict};
use crate::repr::quoted;
use chrono::NaiveDate;
use learner_destinations::codes::Schemes;
use learner_destinations::records::{
    DestinationRecord, RecordFinding, check_records as core_check,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping, PyTuple};
use std::sync::OnceLock;

/// The built-in schemes, made once for functions called without `schemes`.
pub fn builtin_schemes() -> &'static Schemes {
    static BUILTIN: OnceLock<Schemes> = OnceLock::new();
    BUILTIN.get_or_init(Schemes::builtin)
}

/// The schemes given, or the built-in ones.
pub fn schemes_or_builtin<'a>(schemes: &'a Option<PyRef<'_, PySchemes>>) -> &'a Schemes {
    match schemes {
        Some(s) => &s.0,
        None => builtin_schemes(),
    }
}

/// A record's end date: a `datetime.date` or `"YYYY-MM-DD"`; `None` or a blank string (as a
/// spreadsheet gives it) is no end, by the core's decision (`workflow::date_option`).
fn optional_end(ob: &Bound<'_, PyAny>) -> PyResult<Option<NaiveDate>> {
    let value = crate::json::to_plain(ob, "end")?;
    learner_destinations::workflow::date_option(&value, "end").map_err(crate::errors::py_err)
}

/// One destination (outcome) of a learner: ILR DPOutcome, or a row of an authority's portal.
///
/// `DestinationRecord("EMP1", start=..., collection=..., end=None)`: `code` as recorded
/// (`EMP1`, `EMP 1`, `WMCA1.0`...), dates as `datetime.date` or `"YYYY-MM-DD"`. Equal,
/// hashable, picklable.
#[pyclass(
    frozen,
    eq,
    hash,
    module = "learner_destinations",
    name = "DestinationRecord"
)]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PyDestinationRecord(pub DestinationRecord);

#[pymethods]
impl PyDestinationRecord {
    #[new]
    #[pyo3(signature = (code, *, start, collection, end = None))]
    fn new(
        code: Arg<String>,
        start: DateArg,
        collection: DateArg,
        end: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(PyDestinationRecord(DestinationRecord::new(
            code.0,
            start.0,
            end.map(optional_end).transpose()?.flatten(),
            collection.0,
        )))
    }
    /// The destination code as recorded (ILR OutType + OutCode, or an authority code).
    #[getter]
    fn code(&self) -> &str {
        &self.0.code
    }
    /// When the destination started (ILR OutStartDate).
    #[getter]
    fn start(&self) -> NaiveDate {
        self.0.start
    }
    /// When it ended (ILR OutEndDate), or None.
    #[getter]
    fn end(&self) -> Option<NaiveDate> {
        self.0.end
    }
    /// When it was collected from the learner (ILR OutCollDate).
    #[getter]
    fn collection(&self) -> NaiveDate {
        self.0.collection
    }
    /// `{"code", "start", "end", "collection"}` with `datetime.date` values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        record_dict(py, &self.0)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "DestinationRecord({}, start={}, end={}, collection={})",
            quoted(py, &self.0.code),
            quoted(py, &self.0.start.to_string()),
            self.0
                .end
                .map_or("None".to_string(), |e| quoted(py, &e.to_string())),
            quoted(py, &self.0.collection.to_string()),
        )
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let r = &slf.get().0;
        let restore = py
            .import("learner_destinations._native")?
            .getattr("_restore_destination_record")?;
        let args = (r.code.clone(), r.start, r.end, r.collection).into_pyobject(py)?;
        PyTuple::new(py, [restore, args.into_any()])
    }
}

/// Rebuilds a pickled `DestinationRecord` (its constructor takes `collection` by keyword).
#[pyfunction]
fn _restore_destination_record(
    code: String,
    start: NaiveDate,
    end: Option<NaiveDate>,
    collection: NaiveDate,
) -> PyDestinationRecord {
    PyDestinationRecord(DestinationRecord::new(code, start, end, collection))
}

pub fn record_dict<'py>(py: Python<'py>, r: &DestinationRecord) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("code", &r.code)?;
    d.set_item("start", r.start)?;
    d.set_item("end", r.end)?;
    d.set_item("collection", r.collection)?;
    Ok(d)
}

/// A record argument: a `DestinationRecord`, or a mapping with the keys `code`, `start`,
/// `collection` and optionally `end` (so `DataFrame.to_dict("records")` rows work).
#[derive(Debug, Clone)]
pub struct RecordArg(pub DestinationRecord);

impl<'a, 'py> FromPyObject<'a, 'py> for RecordArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(r) = ob.cast::<PyDestinationRecord>() {
            return Ok(RecordArg(r.get().0.clone()));
        }
        if let Ok(m) = ob.cast::<PyMapping>() {
            let item = |key: &str| -> PyResult<Option<Bound<'py, PyAny>>> {
                if m.contains(key)? {
                    let v = m.get_item(key)?;
                    Ok((!crate::json::is_missing(&v)?).then_some(v))
                } else {
                    Ok(None)
                }
            };
            let required = |key: &str| -> PyResult<Bound<'py, PyAny>> {
                if !m.contains(key)? {
                    return Err(crate::errors::type_invalid(format!(
                        "a destination record needs '{key}'"
                    )));
                }
                item(key)?.ok_or_else(|| {
                    crate::errors::option_invalid(
                        format!(
                            "a destination record needs '{key}', and it is empty (None, NaN or NaT)"
                        ),
                        None,
                    )
                })
            };
            let code: String = required("code")?.extract()?;
            let start: DateArg = required("start")?.extract()?;
            let collection: DateArg = required("collection")?.extract()?;
            let end = item("end")?
                .as_ref()
                .map(optional_end)
                .transpose()?
                .flatten();
            return Ok(RecordArg(DestinationRecord::new(
                code,
                start.0,
                end,
                collection.0,
            )));
        }
        Err(crate::errors::type_invalid(format!(
            "expected a DestinationRecord or a mapping with code, start, end and collection, not {}",
            type_name(&ob)
        )))
    }
}

/// A breach of a record rule: the finding's fields, the ESFA rule it mirrors, and the records
/// involved (0-based positions in the list given to `check_records`).
#[pyclass(frozen, eq, module = "learner_destinations", name = "RecordFinding")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyRecordFinding(pub RecordFinding);

#[pymethods]
impl PyRecordFinding {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "RecordFinding", &self.0)
    }
    /// The finding itself.
    #[getter]
    fn finding(&self) -> PyFinding {
        PyFinding(self.0.finding.clone())
    }
    /// Always None: records do not come from file rows.
    #[getter]
    fn row(&self) -> Option<u64> {
        self.0.finding.row
    }
    /// The record field: `code`, `start`, `end` or `collection` (None for rules about several
    /// records).
    #[getter]
    fn column(&self) -> Option<&str> {
        self.0.finding.column.as_deref()
    }
    /// The offending value.
    #[getter]
    fn value(&self) -> Option<&str> {
        self.0.finding.value.as_deref()
    }
    /// The finding code.
    #[getter]
    fn code(&self) -> &'static str {
        self.0.finding.code
    }
    /// `"error"` or `"warning"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.finding.severity.as_str()
    }
    /// What is wrong and what to do.
    #[getter]
    fn message(&self) -> String {
        crate::errors::capped(self.0.finding.message.clone())
    }
    /// True for error-severity findings.
    #[getter]
    fn is_error(&self) -> bool {
        self.0.finding.is_error()
    }
    /// The ESFA rule mirrored, e.g. `"OutType_04"`.
    #[getter]
    fn mirrors(&self) -> &'static str {
        self.0.mirrors
    }
    /// The records involved, as 0-based positions, ascending.
    #[getter]
    fn records(&self) -> Vec<usize> {
        self.0.records.clone()
    }
    /// The finding's fields plus `mirrors` and `records`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = finding_dict(py, &self.0.finding)?;
        d.set_item("mirrors", self.0.mirrors)?;
        d.set_item("records", self.0.records.clone())?;
        Ok(d)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "RecordFinding(code={}, mirrors={}, records={:?}, message={})",
            quoted(py, self.0.finding.code),
            quoted(py, self.0.mirrors),
            self.0.records,
            quoted(py, &crate::errors::capped(self.0.finding.message.clone())),
        )
    }
    fn __str__(&self) -> String {
        crate::errors::capped(format!("{} ({})", self.0.finding, self.0.mirrors))
    }
}

/// Checks one learner's destination records against the teaching year `year` (a
/// `TeachingYear` or `"2025-26"`; default: the teaching year containing the file-preparation
/// date, the core's rule) and the file-preparation (or as-of) date, and returns every
/// breach, each naming the ESFA rule it mirrors, in a stable order.
///
/// `records` are `DestinationRecord`s or mappings with `code`, `start`, `end`, `collection`.
/// Codes are read with the loaded `schemes` (default: the built-in ILR and WMCA tables).
#[pyfunction]
#[pyo3(signature = (records, *, year = None, file_preparation_date, schemes = None))]
fn check_records(
    records: Arg<Vec<RecordArg>>,
    year: Option<Maybe<TeachingYearArg>>,
    file_preparation_date: DateArg,
    schemes: Option<PyRef<'_, PySchemes>>,
) -> Vec<PyRecordFinding> {
    let records: Vec<DestinationRecord> = records.0.into_iter().map(|r| r.0).collect();
    core_check(
        &records,
        schemes_or_builtin(&schemes),
        learner_destinations::workflow::teaching_year_or_default(
            given(year).map(|y| y.0),
            file_preparation_date.0,
        ),
        file_preparation_date.0,
    )
    .into_iter()
    .map(PyRecordFinding)
    .collect()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDestinationRecord>()?;
    m.add_class::<PyRecordFinding>()?;
    m.add_function(wrap_pyfunction!(check_records, m)?)?;
    m.add_function(wrap_pyfunction!(_restore_destination_record, m)?)?;
    Ok(())
}
