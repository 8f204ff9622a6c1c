//! Survey derivation: a leaver's answers → destination records (codes in both schemes, start,
//! end and collection dates), each with the answers behind it, and findings for answers that
//! cannot be used.

use crate::arguments::{Arg, OptDate, date_or_today, opt_date};
use crate::codes::PySchemes;
use crate::errors::py_err;
use crate::findings::PyFinding;
use crate::json;
use crate::records::{PyDestinationRecord, schemes_or_builtin};
use crate::repr::quoted;
use chrono::NaiveDate;
use learner_destinations::Error;
use learner_destinations::survey::{
    Because, Derivation, DerivationContext, DerivedRecord, SurveyAnswers, SurveyDefinition, derive,
};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyString;
use std::sync::OnceLock;

/// A survey definition: questions, options, which are required, and how options map to
/// destination outcomes.
///
/// `SurveyDefinition()` is the default leaver survey (its outcome codes read with the built-in
/// schemes, or `schemes`); `SurveyDefinition.from_json(text)` reads your own, checked (unique
/// ids, an activities and a completion-date question, outcome codes that exist).
/// `to_dict()` shows every question and option id the answers use.
#[pyclass(frozen, eq, module = "learner_destinations", name = "SurveyDefinition")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PySurveyDefinition(pub SurveyDefinition);

#[pymethods]
impl PySurveyDefinition {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "SurveyDefinition", &self.0)
    }
    #[new]
    #[pyo3(signature = (*, schemes = None))]
    fn new(schemes: Option<PyRef<'_, PySchemes>>) -> Self {
        PySurveyDefinition(SurveyDefinition::builtin(schemes_or_builtin(&schemes)))
    }
    /// Reads a definition from JSON text (the shape `to_json()` writes). Raises
    /// `FileFormatError`: `json_invalid` saying where, or `survey_definition_invalid` saying
    /// what is wrong.
    #[staticmethod]
    #[pyo3(signature = (text, *, schemes = None))]
    fn from_json(text: Arg<PyBackedStr>, schemes: Option<PyRef<'_, PySchemes>>) -> PyResult<Self> {
        SurveyDefinition::from_json_str(&text, schemes_or_builtin(&schemes))
            .map(PySurveyDefinition)
            .map_err(py_err)
    }
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }
    #[getter]
    fn version(&self) -> &str {
        &self.0.version
    }
    #[getter]
    fn title(&self) -> &str {
        &self.0.title
    }
    /// Where its design and mappings come from.
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }
    /// The ids of the questions, in order.
    #[getter]
    fn question_ids(&self) -> Vec<String> {
        self.0.questions.iter().map(|q| q.id.clone()).collect()
    }
    /// The definition as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.0).map_err(|e| {
            crate::errors::py_err(learner_destinations::Error::Host {
                message: format!("the survey definition cannot be written as JSON: {e}"),
            })
        })
    }
    /// The definition as dicts and lists (`{"id", "version", "title", "source", "rules",
    /// "questions": [{"id", "kind", "required", "text", "options": [...]}]}`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = serde_json::to_value(&self.0).map_err(|e| {
            crate::errors::py_err(learner_destinations::Error::Host {
                message: format!("the survey definition cannot be written as JSON: {e}"),
            })
        })?;
        json::to_py(py, &value)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<SurveyDefinition {} version {}: {} questions>",
            quoted(py, &self.0.id),
            quoted(py, &self.0.version),
            self.0.questions.len()
        )
    }
}

/// One answer that produced (part of) a record.
#[pyclass(frozen, eq, module = "learner_destinations", name = "Because")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyBecause(pub Because);

#[pymethods]
impl PyBecause {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "Because", &self.0)
    }
    /// The question id (with the activity for per-activity answers, e.g.
    /// `"hours.paid_employment"`).
    #[getter]
    fn question(&self) -> &str {
        &self.0.question
    }
    /// The answer as given.
    #[getter]
    fn answer(&self) -> &str {
        &self.0.answer
    }
    /// What it decided.
    #[getter]
    fn note(&self) -> &str {
        &self.0.note
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Because(question={}, answer={}, note={})",
            quoted(py, &self.0.question),
            quoted(py, &self.0.answer),
            quoted(py, &self.0.note)
        )
    }
}

/// A destination record derived from survey answers.
#[pyclass(frozen, eq, module = "learner_destinations", name = "DerivedRecord")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyDerivedRecord(pub DerivedRecord);

#[pymethods]
impl PyDerivedRecord {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "DerivedRecord", &self.0)
    }
    /// The activity option it comes from.
    #[getter]
    fn activity(&self) -> &str {
        &self.0.activity
    }
    /// The ILR code (OutType + OutCode).
    #[getter]
    fn code(&self) -> &str {
        &self.0.code
    }
    /// The code in the WMCA scheme, where it has one.
    #[getter]
    fn wmca_code(&self) -> Option<&str> {
        self.0.wmca_code.as_deref()
    }
    /// The ILR code's title.
    #[getter]
    fn title(&self) -> &str {
        &self.0.title
    }
    /// OutStartDate.
    #[getter]
    fn start(&self) -> NaiveDate {
        self.0.start
    }
    /// OutEndDate: only when the activity ended before the collection date.
    #[getter]
    fn end(&self) -> Option<NaiveDate> {
        self.0.end
    }
    /// OutCollDate: the survey completion date.
    #[getter]
    fn collection(&self) -> NaiveDate {
        self.0.collection
    }
    /// True for the learner's main activity.
    #[getter]
    fn main(&self) -> bool {
        self.0.main
    }
    /// The answers that produced it.
    #[getter]
    fn because(&self) -> Vec<PyBecause> {
        self.0.because.iter().cloned().map(PyBecause).collect()
    }
    /// The record as `check_records` takes it.
    fn to_record(&self) -> PyDestinationRecord {
        PyDestinationRecord(self.0.to_record())
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "DerivedRecord(code={}, wmca_code={}, start='{}', end={}, collection='{}', main={})",
            quoted(py, &self.0.code),
            self.0
                .wmca_code
                .as_deref()
                .map_or("None".to_string(), |w| quoted(py, w)),
            self.0.start,
            self.0.end.map_or("None".to_string(), |e| format!("'{e}'")),
            self.0.collection,
            if self.0.main { "True" } else { "False" }
        )
    }
}

/// What follows from a leaver's answers: records and findings.
#[pyclass(frozen, eq, module = "learner_destinations", name = "SurveyDerivation")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PySurveyDerivation(pub Derivation);

#[pymethods]
impl PySurveyDerivation {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "SurveyDerivation", &self.0)
    }
    /// The derived records.
    #[getter]
    fn records(&self) -> Vec<PyDerivedRecord> {
        self.0
            .records
            .iter()
            .cloned()
            .map(PyDerivedRecord)
            .collect()
    }
    /// Findings about the answers (errors withhold the records in question).
    #[getter]
    fn findings(&self) -> Vec<PyFinding> {
        self.0.findings.iter().cloned().map(PyFinding).collect()
    }
    /// True when a finding is an error.
    #[getter]
    fn has_errors(&self) -> bool {
        self.0.has_errors()
    }
    fn __repr__(&self) -> String {
        format!(
            "<SurveyDerivation: {} records, {} findings>",
            self.0.records.len(),
            self.0.findings.len()
        )
    }
}

/// The default leaver survey read with the built-in schemes, made once.
fn builtin_definition() -> &'static SurveyDefinition {
    static BUILTIN: OnceLock<SurveyDefinition> = OnceLock::new();
    BUILTIN.get_or_init(|| SurveyDefinition::builtin(crate::records::builtin_schemes()))
}

/// The answers document from a dict (or other JSON-like value) or JSON text.
fn answers(ob: &Bound<'_, PyAny>) -> PyResult<SurveyAnswers> {
    if let Ok(text) = ob.cast::<PyString>() {
        return SurveyAnswers::from_json_str(&text.to_cow()?).map_err(py_err);
    }
    let value = json::to_plain(ob, "answers")?;
    serde_json::from_value(value).map_err(|e| py_err(Error::json("survey answers", &e)))
}

/// Turns a leaver's survey answers into destination records, each with the answers that
/// produced it, and findings for answers that cannot be used (never raised: an unknown option,
/// a missing answer, contradictions...).
///
/// `answers` is the answers document as a dict or as JSON text: `{"answers": {question id:
/// answer}, "learning_end"?: "YYYY-MM-DD", "learner"?: {...}}` (dates may be `datetime.date`).
/// `learning_end` (the learning actual end date) overrides the document's; start dates default
/// to the day after it. `as_of` (default today) is the date the collection date may not be
/// after. `definition` defaults to the built-in leaver survey; `schemes` to the built-in code
/// schemes.
///
/// Raises `FileFormatError` (`json_invalid`) when `answers` is not an answers document.
#[pyfunction]
#[pyo3(signature = (answers, *, as_of = None, learning_end = None, definition = None, schemes = None))]
fn derive_survey(
    answers: &Bound<'_, PyAny>,
    as_of: Option<OptDate>,
    learning_end: Option<OptDate>,
    definition: Option<PyRef<'_, PySurveyDefinition>>,
    schemes: Option<PyRef<'_, PySchemes>>,
) -> PyResult<PySurveyDerivation> {
    let answers = self::answers(answers)?;
    let as_of = date_or_today(opt_date(as_of));
    let given_schemes = schemes.is_some();
    let schemes = schemes_or_builtin(&schemes);
    // The core's choice (`SurveyDefinition::given_or_builtin`); with neither a definition nor
    // schemes given, its answer is the same every time and is made once.
    let definition = match (&definition, given_schemes) {
        (None, false) => std::borrow::Cow::Borrowed(builtin_definition()),
        (given, _) => SurveyDefinition::given_or_builtin(given.as_ref().map(|d| &d.0), schemes),
    };
    let out = derive(
        &definition,
        &answers,
        &DerivationContext {
            schemes,
            learning_end: opt_date(learning_end),
            as_of,
        },
    );
    Ok(PySurveyDerivation(out))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySurveyDefinition>()?;
    m.add_class::<PyBecause>()?;
    m.add_class::<PyDerivedRecord>()?;
    m.add_class::<PySurveyDerivation>()?;
    m.add_function(wrap_pyfunction!(derive_survey, m)?)?;
    Ok(())
}
