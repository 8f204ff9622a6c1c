//! The qualification upload's rules: up to 18 groups of type, subject, completion month and
//! grades checked against reference lists, and identity columns unchanged since the export.

use crate::arguments::{Arg, Maybe, given};
use crate::errors::py_err;
use crate::findings::PyFinding;
use crate::repr::quoted;
use learner_destinations::Finding;
use learner_destinations::qualifications::{
    ExportedLearners, IDENTITY_COLUMNS, MAX_GROUPS, QualificationGroup, QualificationLists,
    QualificationType, check_group, group_column_name,
};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyTuple;

/// One qualification type with the subjects and grades listed for it.
#[pyclass(
    frozen,
    eq,
    module = "learner_destinations",
    name = "QualificationType"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyQualificationType(pub QualificationType);

#[pymethods]
impl PyQualificationType {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "QualificationType", &self.0)
    }
    /// The type as listed, e.g. `"GCSE (9-1)"`.
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }
    #[getter]
    fn subjects(&self) -> Vec<String> {
        self.0.subjects.clone()
    }
    #[getter]
    fn grades(&self) -> Vec<String> {
        self.0.grades.clone()
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<QualificationType {}: {} subjects, {} grades>",
            quoted(py, &self.0.name),
            self.0.subjects.len(),
            self.0.grades.len()
        )
    }
}

/// The qualification upload's reference lists: types, and the subjects and grades listed for
/// each type.
///
/// `QualificationLists()` is this library's default lists (`is_default` is True, and messages
/// say so); `QualificationLists.from_rows` builds them from the rows of the exported
/// workbook's three reference sheets ("Qualification type", "Qualification Subject",
/// "Qualification Grading"), e.g. read with `read_workbook`; `from_json` reads the JSON form.
#[pyclass(
    frozen,
    eq,
    module = "learner_destinations",
    name = "QualificationLists"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyQualificationLists(pub QualificationLists);

#[pymethods]
impl PyQualificationLists {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "QualificationLists", &self.0)
    }
    #[new]
    fn new() -> Self {
        PyQualificationLists(QualificationLists::builtin())
    }
    /// Lists from JSON text (`{"source", "is_default", "version", "types": [{"type",
    /// "subjects", "grades"}]}`). Raises `FileFormatError` (`json_invalid`).
    #[staticmethod]
    fn from_json(text: Arg<PyBackedStr>) -> PyResult<Self> {
        QualificationLists::from_json_str(&text)
            .map(PyQualificationLists)
            .map_err(py_err)
    }
    /// Lists from the reference sheets' rows: `types` (type names), `subjects` ((type,
    /// subject) pairs) and `grades` ((type, grade) pairs); `source` says where they come from.
    /// Types named only on the subject or grade sheet are added too.
    #[staticmethod]
    #[pyo3(signature = (types, subjects, grades, *, source))]
    fn from_rows(
        types: Arg<Vec<PyBackedStr>>,
        subjects: Arg<Vec<(PyBackedStr, PyBackedStr)>>,
        grades: Arg<Vec<(PyBackedStr, PyBackedStr)>>,
        source: Arg<String>,
    ) -> Self {
        PyQualificationLists(QualificationLists::from_rows(
            types.iter().map(|t| &**t),
            subjects.iter().map(|(t, s)| (&**t, &**s)),
            grades.iter().map(|(t, g)| (&**t, &**g)),
            source.0,
        ))
    }
    /// Where the lists come from.
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }
    /// True for this library's embedded defaults.
    #[getter]
    fn is_default(&self) -> bool {
        self.0.is_default
    }
    #[getter]
    fn version(&self) -> &str {
        &self.0.version
    }
    /// The types, with their subjects and grades.
    #[getter]
    fn types(&self) -> Vec<PyQualificationType> {
        self.0
            .types
            .iter()
            .cloned()
            .map(PyQualificationType)
            .collect()
    }
    /// The type `value` names (case and spacing ignored). Raises `InvalidArgumentError`
    /// (`qualification_type_unknown`) listing the types.
    fn qualification_type(&self, value: Arg<PyBackedStr>) -> PyResult<PyQualificationType> {
        self.0
            .qualification_type(&value)
            .map(|t| PyQualificationType(t.clone()))
            .map_err(py_err)
    }
    fn __len__(&self) -> usize {
        self.0.types.len()
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<QualificationLists {}: {} types>",
            quoted(py, &self.0.source),
            self.0.types.len()
        )
    }
}

/// Checks one qualification group of a learner row against the lists (default: the built-in
/// ones): once any field is filled, type and subject are required; the type must be listed;
/// the subject listed for the type; the completion date a `YYYY-MM` month; at least one grade,
/// each listed for the type. Returns every finding, its column the group's column name
/// (`"Qualification Type 3"`). An empty group has nothing to check.
///
/// `n` is the group number, 1 to 18 (default 1).
#[pyfunction]
#[pyo3(signature = (*, n = None, qualification_type = None, subject = None, completion_date = None, predicted_grade = None, actual_grade = None, lists = None))]
#[allow(clippy::too_many_arguments)]
fn check_qualification_group(
    n: Option<&Bound<'_, PyAny>>,
    qualification_type: Option<Maybe<PyBackedStr>>,
    subject: Option<Maybe<PyBackedStr>>,
    completion_date: Option<Maybe<PyBackedStr>>,
    predicted_grade: Option<Maybe<PyBackedStr>>,
    actual_grade: Option<Maybe<PyBackedStr>>,
    lists: Option<PyRef<'_, PyQualificationLists>>,
) -> PyResult<Vec<PyFinding>> {
    // Empty cells of a DataFrame row (NaN, pandas.NA) are fields left empty, as None is.
    let (qualification_type, subject, completion_date, predicted_grade, actual_grade) = (
        given(qualification_type),
        given(subject),
        given(completion_date),
        given(predicted_grade),
        given(actual_grade),
    );
    // Group `n` (a whole number, 1 to 18, by the core's decision); the first when not given.
    let n = match n {
        Some(n) if !crate::json::is_missing(n)? => crate::json::to_plain(n, "n")?,
        _ => serde_json::Value::from(1),
    };
    let n = learner_destinations::workflow::group_number_value(&n, "n").map_err(py_err)?;
    let builtin;
    let lists = match &lists {
        Some(l) => &l.0,
        None => {
            builtin = QualificationLists::builtin();
            &builtin
        }
    };
    let group = QualificationGroup {
        n,
        qualification_type: qualification_type.as_deref(),
        subject: subject.as_deref(),
        completion_date: completion_date.as_deref(),
        predicted_grade: predicted_grade.as_deref(),
        actual_grade: actual_grade.as_deref(),
    };
    Ok(check_group(&group, lists)
        .into_iter()
        .map(|(field, refusal)| in_column(refusal.into_finding(), group_column_name(field, n)))
        .collect())
}

fn in_column(finding: Finding, column: String) -> PyFinding {
    PyFinding(finding.in_column(column))
}

/// The exported qualification file's learners, by UCAS Account ID: the identity columns
/// (Forename, Surname, Date of Birth, Current Provider, Current Area) that must not change
/// between export and re-import.
///
/// `ExportedLearners([{"account_id": "...", "forename": ..., "surname": ..., "date_of_birth":
/// ..., "current_provider": ..., "current_area": ...}, ...])`.
#[pyclass(frozen, module = "learner_destinations", name = "ExportedLearners")]
#[derive(Debug)]
pub struct PyExportedLearners(pub(crate) ExportedLearners);

/// The keyword names of the identity columns, in `IDENTITY_COLUMNS` order.
const IDENTITY_KEYS: [&str; 5] = [
    "forename",
    "surname",
    "date_of_birth",
    "current_provider",
    "current_area",
];

#[pymethods]
impl PyExportedLearners {
    #[new]
    #[pyo3(signature = (learners = Vec::new()), text_signature = "(learners=())")]
    fn new(learners: Vec<Bound<'_, PyAny>>) -> PyResult<Self> {
        let mut out = ExportedLearners::new();
        for learner in &learners {
            let get = |key: &str| -> PyResult<PyBackedStr> { learner.get_item(key)?.extract() };
            let account = get("account_id")?;
            let values = IDENTITY_KEYS
                .iter()
                .map(|k| get(k))
                .collect::<PyResult<Vec<_>>>()?;
            out.insert(
                &account,
                [&values[0], &values[1], &values[2], &values[3], &values[4]],
            );
        }
        Ok(PyExportedLearners(out))
    }
    fn __len__(&self) -> usize {
        self.0.len()
    }
    /// Compares a re-imported row with the export: `qualification_account_unknown` (column
    /// `"UCAS Account ID"`) for an account not exported, else `qualification_identity_changed`
    /// for each identity column that changed (column its header name), with both values in
    /// the message.
    #[pyo3(signature = (*, account_id, forename, surname, date_of_birth, current_provider, current_area))]
    fn check(
        &self,
        account_id: Arg<PyBackedStr>,
        forename: Arg<PyBackedStr>,
        surname: Arg<PyBackedStr>,
        date_of_birth: Arg<PyBackedStr>,
        current_provider: Arg<PyBackedStr>,
        current_area: Arg<PyBackedStr>,
    ) -> Vec<PyFinding> {
        let values = [
            &**forename,
            &**surname,
            &**date_of_birth,
            &**current_provider,
            &**current_area,
        ];
        self.0
            .check(&account_id, values)
            .into_iter()
            .map(|(index, refusal)| {
                let column = index.map_or("UCAS Account ID", |i| IDENTITY_COLUMNS[i]);
                in_column(refusal.into_finding(), column.to_string())
            })
            .collect()
    }
    fn __repr__(&self) -> String {
        format!("<ExportedLearners: {} accounts>", self.0.len())
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyQualificationType>()?;
    m.add_class::<PyQualificationLists>()?;
    m.add_class::<PyExportedLearners>()?;
    m.add_function(wrap_pyfunction!(check_qualification_group, m)?)?;
    m.add("IDENTITY_COLUMNS", PyTuple::new(m.py(), IDENTITY_COLUMNS)?)?;
    m.add("MAX_QUALIFICATION_GROUPS", MAX_GROUPS)?;
    Ok(())
}
