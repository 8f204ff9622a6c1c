//! Pickling the result objects, so `multiprocessing`, `concurrent.futures.ProcessPoolExecutor`,
//! Dask or Spark workers can return them and `copy.deepcopy` copies them.
//!
//! A result object wraps a core value that serialises and reads back (serde); its `__reduce__`
//! is `(_native._unpickle, (class name, JSON bytes))` ([`reduce`]), and [`_unpickle`] reads the
//! core value back and wraps it again, so the copy compares equal to the original. The core
//! reads back only what it writes: a finding code, a rule or a label it does not know is
//! refused (`FileFormatError`, `json_invalid`), so a pickle from an incompatible version fails
//! loudly rather than giving a different object. The upload result, which also holds rows and
//! files, has its own state (`templates::PyUploadResult::__reduce__`).

use crate::errors::py_err;
use learner_destinations::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// `(_native._unpickle, (class, state))`, `state` the JSON of `value`.
pub fn reduce<'py, T: Serialize>(
    py: Python<'py>,
    class: &str,
    value: &T,
) -> PyResult<Bound<'py, PyTuple>> {
    let state = serde_json::to_vec(value).map_err(|e| {
        py_err(Error::Host {
            message: format!("a {class} cannot be pickled: {e}"),
        })
    })?;
    let unpickle = py
        .import("learner_destinations._native")?
        .getattr("_unpickle")?;
    let args = (class, PyBytes::new(py, &state)).into_pyobject(py)?;
    PyTuple::new(py, [unpickle, args.into_any()])
}

/// The core value pickled as `state` by [`reduce`].
pub fn read<T: DeserializeOwned>(class: &str, state: &[u8]) -> PyResult<T> {
    serde_json::from_slice(state)
        .map_err(|e| py_err(Error::json(format!("the pickled {class}"), &e)))
}

/// Rebuilds an object pickled by [`reduce`] (not part of the package's interface).
#[pyfunction]
fn _unpickle(py: Python<'_>, name: &str, state: &[u8]) -> PyResult<Py<PyAny>> {
    use crate::{awaiting, contact, records, survey, templates, tracking};
    let class = name;
    fn new<T: pyo3::PyClass + Into<pyo3::PyClassInitializer<T>>>(
        py: Python<'_>,
        value: T,
    ) -> PyResult<Py<PyAny>> {
        Ok(Py::new(py, value)?.into_any())
    }
    match class {
        "ContactDecision" => new(py, contact::PyContactDecision(read(class, state)?)),
        "Tracking" => new(py, tracking::PyTracking(read(class, state)?)),
        "RecordFinding" => new(py, records::PyRecordFinding(read(class, state)?)),
        "LearnerDestination" => new(py, awaiting::PyLearnerDestination(read(class, state)?)),
        "AwaitingEnrolment" => new(py, awaiting::PyAwaitingEnrolment(read(class, state)?)),
        "AwaitingLearner" => new(py, awaiting::PyAwaitingLearner(read(class, state)?)),
        "Awaiting" => new(py, awaiting::PyAwaiting(read(class, state)?)),
        "SurveyDefinition" => new(py, survey::PySurveyDefinition(read(class, state)?)),
        "SurveyDerivation" => new(py, survey::PySurveyDerivation(read(class, state)?)),
        "DerivedRecord" => new(py, survey::PyDerivedRecord(read(class, state)?)),
        "Because" => new(py, survey::PyBecause(read(class, state)?)),
        "UploadSummary" => new(py, templates::PyUploadSummary(read(class, state)?)),
        "RejectedRow" => {
            let (row, findings) = read(class, state)?;
            new(py, templates::PyRejectedRow { row, findings })
        }
        "LearnerLists" => new(py, crate::learners::PyLearnerLists(read(class, state)?)),
        "QualificationLists" => new(
            py,
            crate::qualifications::PyQualificationLists(read(class, state)?),
        ),
        "QualificationType" => new(
            py,
            crate::qualifications::PyQualificationType(read(class, state)?),
        ),
        other => Err(crate::errors::option_invalid(
            format!("'{other}' is not a class this version of the package pickles"),
            Some(other.to_string()),
        )),
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_unpickle, m)?)
}
