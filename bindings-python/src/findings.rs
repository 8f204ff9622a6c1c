//! Findings (rule breaches in data, returned and never raised) and the catalogue of their codes.

use crate::arguments::Arg;
use crate::repr::{quoted, quoted_opt};
use learner_destinations::catalogue::{finding_kind, finding_kinds};
use learner_destinations::{Finding, FindingKind, Refusal, Severity};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyDict, PyTuple};

/// A rule breach found in the data.
///
/// `row` is the row as Excel shows it (the header is row 1), or None for a value that does not
/// come from a file; `column` the header name, or None for whole-row findings; `value` the
/// offending value as found; `code` the stable code of the rule (see `list_finding_codes()`);
/// `severity` `"error"` (rejects the row) or `"warning"` (reported only); `message` what is
/// wrong and what to do, echoing the value.
///
/// Findings pickle (as a call to `_native._restore_finding`), so Dask, Spark or multiprocessing
/// workers can return them.
#[pyclass(frozen, eq, module = "learner_destinations", name = "Finding")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyFinding(pub Finding);

impl From<Finding> for PyFinding {
    fn from(f: Finding) -> Self {
        PyFinding(f)
    }
}

impl From<Refusal> for PyFinding {
    fn from(r: Refusal) -> Self {
        PyFinding(r.into_finding())
    }
}

#[pymethods]
impl PyFinding {
    /// Row as Excel shows it (header = 1), or None.
    #[getter]
    fn row(&self) -> Option<u64> {
        self.0.row
    }
    /// Column (header name as found), or None for whole-row findings.
    #[getter]
    fn column(&self) -> Option<&str> {
        self.0.column.as_deref()
    }
    /// The offending value, as found, or None.
    #[getter]
    fn value(&self) -> Option<&str> {
        self.0.value.as_deref()
    }
    /// Stable code of the rule.
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code
    }
    /// `"error"` or `"warning"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.as_str()
    }
    /// What is wrong and what to do, at most about 600 characters: a message echoing a long
    /// value keeps its start and end (the value itself is whole in `value`).
    #[getter]
    fn message(&self) -> String {
        crate::errors::capped(self.0.message.clone())
    }
    /// True for error-severity findings (they reject their row).
    #[getter]
    fn is_error(&self) -> bool {
        self.0.is_error()
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Finding(code={}, severity={}, row={}, column={}, value={}, message={})",
            quoted(py, self.0.code),
            quoted(py, self.0.severity.as_str()),
            self.0.row.map_or("None".to_string(), |r| r.to_string()),
            quoted_opt(py, self.0.column.as_deref()),
            quoted_opt(py, self.0.value.as_deref()),
            quoted(py, &crate::errors::capped(self.0.message.clone())),
        )
    }
    fn __str__(&self) -> String {
        crate::errors::capped(self.0.to_string())
    }
    /// `{"row", "column", "value", "code", "severity", "message"}`: for `pandas.DataFrame`,
    /// JSON, logs.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        finding_dict(py, &self.0)
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let restore = py
            .import("learner_destinations._native")?
            .getattr("_restore_finding")?;
        let f = &self.0;
        let args = (
            f.row,
            f.column.clone(),
            f.value.clone(),
            f.code,
            f.severity.as_str(),
            f.message.clone(),
        )
            .into_pyobject(py)?;
        PyTuple::new(py, [restore, args.into_any()])
    }
}

/// A finding as a dict of its six fields.
pub fn finding_dict<'py>(py: Python<'py>, f: &Finding) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("row", f.row)?;
    d.set_item("column", f.column.as_deref())?;
    d.set_item("value", f.value.as_deref())?;
    d.set_item("code", f.code)?;
    d.set_item("severity", f.severity.as_str())?;
    d.set_item("message", crate::errors::capped(f.message.clone()))?;
    Ok(d)
}

/// Rebuilds a pickled `Finding`. The code must be in this version's catalogue (codes are
/// stable, so a finding pickled by an older version unpickles).
#[pyfunction]
fn _restore_finding(
    row: Option<u64>,
    column: Option<String>,
    value: Option<String>,
    code: &str,
    severity: &str,
    message: String,
) -> PyResult<PyFinding> {
    let kind = finding_kind(code).ok_or_else(|| {
        crate::errors::option_invalid(
            format!("'{code}' is not a finding code (list_finding_codes() has them)"),
            Some(code.to_string()),
        )
    })?;
    let severity = match severity {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        other => {
            return Err(crate::errors::option_invalid(
                format!("'{other}' is not a severity (error or warning)"),
                Some(other.to_string()),
            ));
        }
    };
    Ok(PyFinding(Finding {
        row,
        column,
        value,
        code: kind.code,
        severity,
        message,
    }))
}

/// One kind of finding: its stable code, severity, what it checks, its source, and the ESFA
/// rule it mirrors (or None).
#[pyclass(
    frozen,
    eq,
    hash,
    module = "learner_destinations",
    name = "FindingKind"
)]
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct PyFindingKind(&'static FindingKind);

#[pymethods]
impl PyFindingKind {
    /// Stable `snake_case` code, e.g. `"uln_checksum"`.
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code
    }
    /// `"error"` or `"warning"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.as_str()
    }
    /// What the rule checks, in one sentence.
    #[getter]
    fn summary(&self) -> &'static str {
        self.0.summary
    }
    /// Where the rule comes from.
    #[getter]
    fn source(&self) -> &'static str {
        self.0.source
    }
    /// The ESFA validation rule this kind mirrors (e.g. `"ULN_04"`), or None.
    #[getter]
    fn mirrors(&self) -> Option<&'static str> {
        self.0.mirrors
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "FindingKind(code={}, severity={}, mirrors={})",
            quoted(py, self.0.code),
            quoted(py, self.0.severity.as_str()),
            quoted_opt(py, self.0.mirrors)
        )
    }
}

/// Every finding code the library can produce, with its severity, summary, source and the ESFA
/// rule it mirrors. Codes are stable across releases.
#[pyfunction]
fn list_finding_codes() -> Vec<PyFindingKind> {
    finding_kinds().map(PyFindingKind).collect()
}

/// The kind with this code, or None.
#[pyfunction]
#[pyo3(name = "finding_kind")]
fn get_finding_kind(code: Arg<PyBackedStr>) -> Option<PyFindingKind> {
    finding_kind(&code).map(PyFindingKind)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyFinding>()?;
    m.add_class::<PyFindingKind>()?;
    m.add_function(wrap_pyfunction!(list_finding_codes, m)?)?;
    m.add_function(wrap_pyfunction!(get_finding_kind, m)?)?;
    m.add_function(wrap_pyfunction!(_restore_finding, m)?)?;
    Ok(())
}
