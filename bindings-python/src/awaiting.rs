//! Awaiting destinations: which enrolments (or learners) have finished learning but have no
//! destination yet, and which of those are overdue (ESFA R107/R108).

use crate::arguments::{Arg, DateArg, Maybe, OptDate, UkprnArg, given, opt_date, type_name};
use crate::errors::py_err;
use crate::findings::PyFinding;
use crate::identifiers::{PyLearnAimRef, PyLearnRefNumber, PyUkprn, PyUln};
use crate::records::PyDestinationRecord;
use crate::repr::quoted;
use chrono::NaiveDate;
use learner_destinations::awaiting::{
    Awaiting, AwaitingEnrolment, AwaitingLearner, CompletionStatus, Enrolment, Funding,
    LearnerDestination, awaiting,
};
use learner_destinations::records::DestinationRecord;
use learner_destinations::{LearnAimRef, LearnRefNumber, Uln};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyDict, PyTuple};

/// A ULN argument (a `str`, or a `Uln`), refused values raising `InvalidArgumentError`.
fn uln(ob: &Bound<'_, PyAny>) -> PyResult<Uln> {
    if let Ok(u) = ob.cast::<PyUln>() {
        return Ok(u.get().0);
    }
    Uln::parse(&text(ob, "a ULN")?).map_err(py_err)
}

fn learner_ref(ob: &Bound<'_, PyAny>) -> PyResult<LearnRefNumber> {
    if let Ok(r) = ob.cast::<PyLearnRefNumber>() {
        return Ok(r.get().0.clone());
    }
    LearnRefNumber::parse(&text(ob, "a learner reference")?).map_err(py_err)
}

fn aim_ref(ob: &Bound<'_, PyAny>) -> PyResult<LearnAimRef> {
    if let Ok(r) = ob.cast::<PyLearnAimRef>() {
        return Ok(r.get().0.clone());
    }
    LearnAimRef::parse(&text(ob, "a learning aim reference")?).map_err(py_err)
}

fn text(ob: &Bound<'_, PyAny>, what: &str) -> PyResult<PyBackedStr> {
    ob.extract::<PyBackedStr>()
        .map_err(|_| crate::errors::type_invalid(format!("{what} is a str, not {}", type_name(ob))))
}

/// ILR CompStatus (an int, or the digit as a str), read by the core's decision
/// (`workflow::completion_status`): anything else raises `InvalidArgumentError`
/// (`option_invalid`) naming `completion_status` and the value.
fn completion_status(ob: &Bound<'_, PyAny>) -> PyResult<CompletionStatus> {
    let value = crate::json::to_plain(ob, "completion_status")?;
    learner_destinations::workflow::completion_status(&value, "completion_status").map_err(py_err)
}

/// The ILR funding fields from plain data (a dict `{"fund_model", "prog_type", "comp_status"}`;
/// None is none), read as the core's `Funding` reads JSON; anything else raises
/// `InvalidArgumentError` (`option_invalid`) naming `funding`.
fn funding(ob: &Bound<'_, PyAny>) -> PyResult<Option<Funding>> {
    let value = crate::json::to_plain(ob, "funding")?;
    if value.is_null() {
        return Ok(None);
    }
    serde_json::from_value::<Funding>(value).map(Some).map_err(|e| {
        py_err(learner_destinations::Error::OptionInvalid {
            option: "funding".to_string(),
            message: format!(
                "takes a dict of fund_model (an int), prog_type and comp_status (ints or None): {e}"
            ),
        })
    })
}

/// One enrolment (ILR learning delivery).
///
/// `Enrolment(ukprn=10000001, uln="9276308686", learner_ref="L001", aim_ref="60012345",
/// learning_end="2025-07-23", completion_status=2)`: identifiers as `str` (the UKPRN also as an
/// `int`) or as the package's identifier objects, checked as they are given
/// (`InvalidArgumentError`); `learning_end` None while learning continues; `completion_status`
/// the ILR CompStatus (1 continuing, 2 completed, 3 withdrawn, 6 break in learning).
#[pyclass(frozen, eq, module = "learner_destinations", name = "Enrolment")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyEnrolment(Enrolment);

#[pymethods]
impl PyEnrolment {
    #[new]
    #[pyo3(signature = (*, ukprn, uln, learner_ref, aim_ref, learning_end = None, completion_status, funding = None))]
    fn new(
        ukprn: UkprnArg,
        uln: &Bound<'_, PyAny>,
        learner_ref: &Bound<'_, PyAny>,
        aim_ref: &Bound<'_, PyAny>,
        learning_end: Option<OptDate>,
        completion_status: &Bound<'_, PyAny>,
        funding: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(PyEnrolment(Enrolment {
            ukprn: ukprn.0,
            uln: self::uln(uln)?,
            learner_ref: self::learner_ref(learner_ref)?,
            aim_ref: self::aim_ref(aim_ref)?,
            learning_end: opt_date(learning_end),
            completion_status: self::completion_status(completion_status)?,
            funding: funding.map(self::funding).transpose()?.flatten(),
        }))
    }
    /// The ILR funding fields (`{"fund_model": 35, "prog_type": None, "comp_status": 2}`), or
    /// None: with them the learners' view applies R107/R108's funding conditions.
    #[getter]
    fn funding<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0
            .funding
            .map(|f| {
                let value = serde_json::to_value(f).unwrap_or_default();
                crate::json::to_py(py, &value)
            })
            .transpose()
    }
    #[getter]
    fn ukprn(&self) -> PyUkprn {
        PyUkprn(self.0.ukprn)
    }
    #[getter]
    fn uln(&self) -> PyUln {
        PyUln(self.0.uln)
    }
    #[getter]
    fn learner_ref(&self) -> PyLearnRefNumber {
        PyLearnRefNumber(self.0.learner_ref.clone())
    }
    #[getter]
    fn aim_ref(&self) -> PyLearnAimRef {
        PyLearnAimRef(self.0.aim_ref.clone())
    }
    /// The learning actual end date, or None while learning continues.
    #[getter]
    fn learning_end(&self) -> Option<NaiveDate> {
        self.0.learning_end
    }
    /// The ILR CompStatus code: 1, 2, 3 or 6.
    #[getter]
    fn completion_status(&self) -> u8 {
        self.0.completion_status.code()
    }
    fn __repr__(&self) -> String {
        format!(
            "Enrolment(ukprn={}, uln='{}', learner_ref='{}', aim_ref='{}', learning_end={}, completion_status={}{})",
            self.0.ukprn,
            self.0.uln,
            self.0.learner_ref,
            self.0.aim_ref,
            self.0
                .learning_end
                .map_or("None".to_string(), |d| format!("'{d}'")),
            self.0.completion_status.code(),
            self.0.funding.map_or(String::new(), |f| {
                let n = |v: Option<u8>| v.map_or("None".to_string(), |v| v.to_string());
                format!(
                    ", funding={{'fund_model': {}, 'prog_type': {}, 'comp_status': {}}}",
                    f.fund_model,
                    n(f.prog_type),
                    n(f.comp_status)
                )
            })
        )
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let restore = py
            .import("learner_destinations._native")?
            .getattr("_restore_enrolment")?;
        let e = &self.0;
        let args = (
            e.ukprn.get(),
            e.uln.to_string(),
            e.learner_ref.to_string(),
            e.aim_ref.to_string(),
            e.learning_end,
            e.completion_status.code(),
            self.funding(py)?,
        )
            .into_pyobject(py)?;
        PyTuple::new(py, [restore, args.into_any()])
    }
}

#[pyfunction]
#[pyo3(signature = (ukprn, uln, learner_ref, aim_ref, learning_end, completion_status, funding = None))]
fn _restore_enrolment(
    ukprn: UkprnArg,
    uln: &Bound<'_, PyAny>,
    learner_ref: &Bound<'_, PyAny>,
    aim_ref: &Bound<'_, PyAny>,
    learning_end: Option<OptDate>,
    completion_status: &Bound<'_, PyAny>,
    funding: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyEnrolment> {
    PyEnrolment::new(
        ukprn,
        uln,
        learner_ref,
        aim_ref,
        learning_end,
        completion_status,
        funding,
    )
}

/// A destination record with the learner (and optionally the enrolment) it belongs to.
///
/// `LearnerDestination(ukprn=..., learner_ref=..., code="EMP1", start=..., collection=...,
/// end=None, uln=None, aim_ref=None)`: a `uln` given must match the enrolment's; an `aim_ref`
/// ties the record to that enrolment (None: it serves every enrolment of the learner).
#[pyclass(
    frozen,
    eq,
    module = "learner_destinations",
    name = "LearnerDestination"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyLearnerDestination(pub LearnerDestination);

#[pymethods]
impl PyLearnerDestination {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "LearnerDestination", &self.0)
    }
    #[new]
    #[pyo3(signature = (*, ukprn, learner_ref, code, start, collection, end = None, uln = None, aim_ref = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        ukprn: UkprnArg,
        learner_ref: &Bound<'_, PyAny>,
        code: Arg<String>,
        start: DateArg,
        collection: DateArg,
        end: Option<OptDate>,
        uln: Option<Maybe<Bound<'_, PyAny>>>,
        aim_ref: Option<Maybe<Bound<'_, PyAny>>>,
    ) -> PyResult<Self> {
        Ok(PyLearnerDestination(LearnerDestination {
            ukprn: ukprn.0,
            learner_ref: self::learner_ref(learner_ref)?,
            uln: given(uln).as_ref().map(self::uln).transpose()?,
            aim_ref: given(aim_ref).as_ref().map(self::aim_ref).transpose()?,
            record: DestinationRecord::new(code.0, start.0, opt_date(end), collection.0),
        }))
    }
    #[getter]
    fn ukprn(&self) -> PyUkprn {
        PyUkprn(self.0.ukprn)
    }
    #[getter]
    fn learner_ref(&self) -> PyLearnRefNumber {
        PyLearnRefNumber(self.0.learner_ref.clone())
    }
    #[getter]
    fn uln(&self) -> Option<PyUln> {
        self.0.uln.map(PyUln)
    }
    #[getter]
    fn aim_ref(&self) -> Option<PyLearnAimRef> {
        self.0.aim_ref.clone().map(PyLearnAimRef)
    }
    /// The destination record.
    #[getter]
    fn record(&self) -> PyDestinationRecord {
        PyDestinationRecord(self.0.record.clone())
    }
    fn __repr__(&self) -> String {
        format!(
            "LearnerDestination(ukprn={}, learner_ref='{}', code='{}', start='{}')",
            self.0.ukprn, self.0.learner_ref, self.0.record.code, self.0.record.start
        )
    }
}

/// An enrolment awaiting a destination (the portal's per-enrolment view).
#[pyclass(
    frozen,
    eq,
    module = "learner_destinations",
    name = "AwaitingEnrolment"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyAwaitingEnrolment(pub AwaitingEnrolment);

#[pymethods]
impl PyAwaitingEnrolment {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "AwaitingEnrolment", &self.0)
    }
    /// The enrolment's position (0-based) in the list given.
    #[getter]
    fn enrolment(&self) -> usize {
        self.0.enrolment
    }
    #[getter]
    fn ukprn(&self) -> PyUkprn {
        PyUkprn(self.0.ukprn)
    }
    #[getter]
    fn uln(&self) -> PyUln {
        PyUln(self.0.uln)
    }
    #[getter]
    fn learner_ref(&self) -> PyLearnRefNumber {
        PyLearnRefNumber(self.0.learner_ref.clone())
    }
    #[getter]
    fn aim_ref(&self) -> PyLearnAimRef {
        PyLearnAimRef(self.0.aim_ref.clone())
    }
    /// The learning actual end date.
    #[getter]
    fn learning_end(&self) -> NaiveDate {
        self.0.learning_end
    }
    /// When the destination is due: the end date plus two calendar months.
    #[getter]
    fn due(&self) -> NaiveDate {
        self.0.due
    }
    /// The as-of date is on or after `due`.
    #[getter]
    fn overdue(&self) -> bool {
        self.0.overdue
    }
    fn __repr__(&self) -> String {
        format!(
            "AwaitingEnrolment(enrolment={}, learner_ref='{}', aim_ref='{}', due='{}', overdue={})",
            self.0.enrolment,
            self.0.learner_ref,
            self.0.aim_ref,
            self.0.due,
            if self.0.overdue { "True" } else { "False" }
        )
    }
}

/// A learner awaiting a destination (the ILR's per-learner view, R107/R108).
#[pyclass(frozen, eq, module = "learner_destinations", name = "AwaitingLearner")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyAwaitingLearner(pub AwaitingLearner);

#[pymethods]
impl PyAwaitingLearner {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "AwaitingLearner", &self.0)
    }
    #[getter]
    fn ukprn(&self) -> PyUkprn {
        PyUkprn(self.0.ukprn)
    }
    /// The ULN of the latest-ending enrolment.
    #[getter]
    fn uln(&self) -> PyUln {
        PyUln(self.0.uln)
    }
    #[getter]
    fn learner_ref(&self) -> PyLearnRefNumber {
        PyLearnRefNumber(self.0.learner_ref.clone())
    }
    /// The latest learning actual end date.
    #[getter]
    fn latest_end(&self) -> NaiveDate {
        self.0.latest_end
    }
    /// The latest end date plus two calendar months.
    #[getter]
    fn due(&self) -> NaiveDate {
        self.0.due
    }
    /// The as-of date is on or after `due` (R108).
    #[getter]
    fn overdue(&self) -> bool {
        self.0.overdue
    }
    /// The learner's enrolments (0-based positions), in input order.
    #[getter]
    fn enrolments(&self) -> Vec<usize> {
        self.0.enrolments.clone()
    }
    /// The learner as a finding: `destination_overdue` (R108, error) when overdue, else
    /// `destination_missing` (R107, warning).
    /// The ESFA rules the learner breaks: `"R107"` (no destination recorded) and `"R108"`
    /// (overdue), as the core decides them (with the funding conditions when the enrolments
    /// carry funding).
    #[getter]
    fn rules(&self) -> Vec<&'static str> {
        self.0.rules.clone()
    }
    #[getter]
    fn finding(&self) -> PyFinding {
        PyFinding(self.0.finding())
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "AwaitingLearner(learner_ref={}, latest_end='{}', due='{}', overdue={})",
            quoted(py, self.0.learner_ref.as_str()),
            self.0.latest_end,
            self.0.due,
            if self.0.overdue { "True" } else { "False" }
        )
    }
}

/// Both views of who awaits a destination.
#[pyclass(frozen, eq, module = "learner_destinations", name = "Awaiting")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyAwaiting(pub Awaiting);

#[pymethods]
impl PyAwaiting {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "Awaiting", &self.0)
    }
    /// Per enrolment (the portal's view), in input order.
    #[getter]
    fn enrolments(&self) -> Vec<PyAwaitingEnrolment> {
        self.0
            .enrolments
            .iter()
            .cloned()
            .map(PyAwaitingEnrolment)
            .collect()
    }
    /// Per learner (the ILR's view), in order of each learner's first enrolment.
    #[getter]
    fn learners(&self) -> Vec<PyAwaitingLearner> {
        self.0
            .learners
            .iter()
            .cloned()
            .map(PyAwaitingLearner)
            .collect()
    }
    /// Each awaiting learner as a finding (R107 warning or R108 error).
    #[getter]
    fn findings(&self) -> Vec<PyFinding> {
        self.0
            .learners
            .iter()
            .map(|l| PyFinding(l.finding()))
            .collect()
    }
    fn __repr__(&self) -> String {
        format!(
            "<Awaiting: {} enrolments, {} learners>",
            self.0.enrolments.len(),
            self.0.learners.len()
        )
    }
}

/// An argument that is an `Enrolment` or a mapping with its keyword arguments.
fn enrolment_arg(ob: &Bound<'_, PyAny>) -> PyResult<Enrolment> {
    if let Ok(e) = ob.cast::<PyEnrolment>() {
        return Ok(e.get().0.clone());
    }
    if let Ok(d) = ob.cast::<PyDict>() {
        let cls = ob.py().get_type::<PyEnrolment>();
        return Ok(cls
            .call((), Some(d))?
            .cast_into::<PyEnrolment>()?
            .get()
            .0
            .clone());
    }
    Err(crate::errors::type_invalid(format!(
        "expected an Enrolment or a dict of its fields, not {}",
        type_name(ob)
    )))
}

fn destination_arg(ob: &Bound<'_, PyAny>) -> PyResult<LearnerDestination> {
    if let Ok(e) = ob.cast::<PyLearnerDestination>() {
        return Ok(e.get().0.clone());
    }
    if let Ok(d) = ob.cast::<PyDict>() {
        let cls = ob.py().get_type::<PyLearnerDestination>();
        return Ok(cls
            .call((), Some(d))?
            .cast_into::<PyLearnerDestination>()?
            .get()
            .0
            .clone());
    }
    Err(crate::errors::type_invalid(format!(
        "expected a LearnerDestination or a dict of its fields, not {}",
        type_name(ob)
    )))
}

/// Which enrolments and learners await a destination on `as_of`, and which are overdue (two
/// calendar months after the learning actual end date, R108).
///
/// `enrolments` are `Enrolment`s and `destinations` `LearnerDestination`s, or dicts of their
/// keyword arguments (e.g. rows of `DataFrame.to_dict("records")`).
#[pyfunction]
#[pyo3(
    signature = (enrolments, destinations = Arg(Vec::new()), *, as_of),
    text_signature = "(enrolments, destinations=(), *, as_of)"
)]
fn awaiting_destinations(
    py: Python<'_>,
    enrolments: Arg<Vec<Bound<'_, PyAny>>>,
    destinations: Arg<Vec<Bound<'_, PyAny>>>,
    as_of: DateArg,
) -> PyResult<PyAwaiting> {
    let enrolments = enrolments
        .iter()
        .map(enrolment_arg)
        .collect::<PyResult<Vec<_>>>()?;
    let destinations = destinations
        .iter()
        .map(destination_arg)
        .collect::<PyResult<Vec<_>>>()?;
    let report = py.detach(|| awaiting(&enrolments, &destinations, as_of.0));
    Ok(PyAwaiting(report))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyEnrolment>()?;
    m.add_class::<PyLearnerDestination>()?;
    m.add_class::<PyAwaitingEnrolment>()?;
    m.add_class::<PyAwaitingLearner>()?;
    m.add_class::<PyAwaiting>()?;
    m.add_function(wrap_pyfunction!(awaiting_destinations, m)?)?;
    m.add_function(wrap_pyfunction!(_restore_enrolment, m)?)?;
    Ok(())
}
