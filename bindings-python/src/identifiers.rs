//! Identifiers: ULN, UKPRN, learner reference, learning aim reference.
//!
//! For each identifier, three functions in the style of `jsonschema` (`validate`/`is_valid`/
//! `iter_errors`):
//!
//! | function | returns | on a bad value |
//! |---|---|---|
//! | `parse_X(value)` | a frozen `X` object holding the well-formed value | raises `InvalidArgumentError` with the finding code |
//! | `is_valid_X(value)` | `bool` (the fast path) | `False` |
//! | `check_X(value)` | `None` | a `Finding` saying why |
//!
//! The objects are immutable, hashable, ordered, printable (`str()` is the canonical text) and
//! picklable (they pickle as a call to their `parse_X` function).

use crate::errors::py_err;
use crate::findings::PyFinding;
use crate::repr::quoted;
use learner_destinations::{LearnAimRef, LearnRefNumber, Refusal, Ukprn, Uln};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyInt, PyString, PyTuple};

/// `(learner_destinations.<parse>, (text,))`: how an identifier object pickles.
fn reduce<'py>(py: Python<'py>, parse: &str, text: String) -> PyResult<Bound<'py, PyTuple>> {
    let function = py.import("learner_destinations")?.getattr(parse)?;
    PyTuple::new(py, [function, PyTuple::new(py, [text])?.into_any()])
}

/// A Unique Learner Number: 10 digits, the first not 0, with the ESFA check digit; or the "not
/// known" placeholder `9999999999` (`is_unknown`). Made by `parse_uln`.
#[pyclass(frozen, eq, ord, hash, module = "learner_destinations", name = "Uln")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyUln(Uln);

#[pymethods]
impl PyUln {
    fn __str__(&self) -> String {
        self.0.to_string()
    }
    /// True for `9999999999`, "ULN not known": accepted, but it cannot be matched to a learner.
    #[getter]
    fn is_unknown(&self) -> bool {
        self.0.is_unknown()
    }
    fn __int__(&self) -> u64 {
        self.0.as_u64()
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!("Uln({})", quoted(py, self.0.as_str()))
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(py, "parse_uln", self.0.to_string())
    }
}

/// Reads a ULN, ignoring surrounding spaces. Raises `InvalidArgumentError` with code
/// `uln_format` (not 10 digits, or starts with 0) or `uln_checksum` (wrong check digit).
#[pyfunction]
fn parse_uln(value: PyBackedStr) -> PyResult<PyUln> {
    Uln::parse(&value).map(PyUln).map_err(py_err)
}

/// True when `value` is a ULN (`9999999999`, "not known", included).
#[pyfunction]
fn is_valid_uln(value: PyBackedStr) -> bool {
    Uln::parse(&value).is_ok()
}

/// None when `value` is a ULN, otherwise the finding that says why not.
#[pyfunction]
fn check_uln(value: PyBackedStr) -> Option<PyFinding> {
    Uln::parse(&value).err().map(PyFinding::from)
}

/// A UK Provider Reference Number: 8 digits, 10000000 to 99999999. Made by `parse_ukprn`;
/// `int(ukprn)` is the number.
#[pyclass(frozen, eq, ord, hash, module = "learner_destinations", name = "Ukprn")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyUkprn(Ukprn);

#[pymethods]
impl PyUkprn {
    fn __str__(&self) -> String {
        self.0.to_string()
    }
    fn __int__(&self) -> u32 {
        self.0.get()
    }
    fn __repr__(&self) -> String {
        format!("Ukprn({})", self.0)
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(py, "parse_ukprn", self.0.to_string())
    }
}

/// A UKPRN argument: an `int` or a `str`, read as text by the core (so `123` is refused with the
/// same message as `"123"`).
fn ukprn(value: &Bound<'_, PyAny>) -> PyResult<Result<Ukprn, Refusal>> {
    if value.is_instance_of::<PyString>() {
        Ok(Ukprn::parse(&value.extract::<PyBackedStr>()?))
    } else if value.is_instance_of::<PyInt>() && !value.is_instance_of::<pyo3::types::PyBool>() {
        Ok(Ukprn::parse(&value.str()?.to_cow()?))
    } else {
        Err(PyTypeError::new_err(format!(
            "a UKPRN is an int or a str, not {}",
            crate::arguments::type_name(value)
        )))
    }
}

/// Reads a UKPRN given as an `int` or a `str`. Raises `InvalidArgumentError` with code
/// `ukprn_format`.
#[pyfunction]
fn parse_ukprn(value: &Bound<'_, PyAny>) -> PyResult<PyUkprn> {
    ukprn(value)?.map(PyUkprn).map_err(py_err)
}

/// True when `value` (an `int` or a `str`) is a UKPRN.
#[pyfunction]
fn is_valid_ukprn(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(ukprn(value)?.is_ok())
}

/// None when `value` (an `int` or a `str`) is a UKPRN, otherwise the finding that says why not.
#[pyfunction]
fn check_ukprn(value: &Bound<'_, PyAny>) -> PyResult<Option<PyFinding>> {
    Ok(ukprn(value)?.err().map(PyFinding::from))
}

/// A provider's learner reference number (ILR LearnRefNumber): 1 to 12 of A-Z, a-z, 0-9 and
/// space, compared exactly. Made by `parse_learn_ref_number`.
#[pyclass(
    frozen,
    eq,
    ord,
    hash,
    module = "learner_destinations",
    name = "LearnRefNumber"
)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyLearnRefNumber(LearnRefNumber);

#[pymethods]
impl PyLearnRefNumber {
    fn __str__(&self) -> String {
        self.0.to_string()
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!("LearnRefNumber({})", quoted(py, self.0.as_str()))
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(py, "parse_learn_ref_number", self.0.to_string())
    }
}

/// Reads a learner reference number, trimming surrounding spaces. Raises
/// `InvalidArgumentError` with code `learn_ref_format`.
#[pyfunction]
fn parse_learn_ref_number(value: PyBackedStr) -> PyResult<PyLearnRefNumber> {
    LearnRefNumber::parse(&value)
        .map(PyLearnRefNumber)
        .map_err(py_err)
}

/// True when `value` is a learner reference number.
#[pyfunction]
fn is_valid_learn_ref_number(value: PyBackedStr) -> bool {
    LearnRefNumber::parse(&value).is_ok()
}

/// None when `value` is a learner reference number, otherwise the finding that says why not.
#[pyfunction]
fn check_learn_ref_number(value: PyBackedStr) -> Option<PyFinding> {
    LearnRefNumber::parse(&value).err().map(PyFinding::from)
}

/// A learning aim reference (ILR LearnAimRef, a LARS reference): 1 to 8 letters and digits,
/// compared case-insensitively and kept in upper case. Made by `parse_learn_aim_ref`.
#[pyclass(
    frozen,
    eq,
    ord,
    hash,
    module = "learner_destinations",
    name = "LearnAimRef"
)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyLearnAimRef(LearnAimRef);

#[pymethods]
impl PyLearnAimRef {
    fn __str__(&self) -> String {
        self.0.to_string()
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!("LearnAimRef({})", quoted(py, self.0.as_str()))
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(py, "parse_learn_aim_ref", self.0.to_string())
    }
}

/// Reads a learning aim reference, trimming surrounding spaces. Raises `InvalidArgumentError`
/// with code `aim_ref_format`.
#[pyfunction]
fn parse_learn_aim_ref(value: PyBackedStr) -> PyResult<PyLearnAimRef> {
    LearnAimRef::parse(&value)
        .map(PyLearnAimRef)
        .map_err(py_err)
}

/// True when `value` is a learning aim reference.
#[pyfunction]
fn is_valid_learn_aim_ref(value: PyBackedStr) -> bool {
    LearnAimRef::parse(&value).is_ok()
}

/// None when `value` is a learning aim reference, otherwise the finding that says why not.
#[pyfunction]
fn check_learn_aim_ref(value: PyBackedStr) -> Option<PyFinding> {
    LearnAimRef::parse(&value).err().map(PyFinding::from)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyUln>()?;
    m.add_class::<PyUkprn>()?;
    m.add_class::<PyLearnRefNumber>()?;
    m.add_class::<PyLearnAimRef>()?;
    m.add_function(wrap_pyfunction!(parse_uln, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_uln, m)?)?;
    m.add_function(wrap_pyfunction!(check_uln, m)?)?;
    m.add_function(wrap_pyfunction!(parse_ukprn, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_ukprn, m)?)?;
    m.add_function(wrap_pyfunction!(check_ukprn, m)?)?;
    m.add_function(wrap_pyfunction!(parse_learn_ref_number, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_learn_ref_number, m)?)?;
    m.add_function(wrap_pyfunction!(check_learn_ref_number, m)?)?;
    m.add_function(wrap_pyfunction!(parse_learn_aim_ref, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_learn_aim_ref, m)?)?;
    m.add_function(wrap_pyfunction!(check_learn_aim_ref, m)?)?;
    Ok(())
}
