//! The learner import's field rules (year group, gender and ethnicity lists; date of birth; name
//! and address fields; CCIS IDs) and credentials (username and password policies, generated
//! passwords and usernames).

use crate::arguments::Arg;
use crate::arguments::DateArg;
use crate::errors::py_err;
use crate::findings::PyFinding;
use crate::repr::quoted;
use chrono::NaiveDate;
use learner_destinations::Refusal;
use learner_destinations::learners::{
    AccountKind, CheckedDob, DEFAULT_MAX_AGE, DEFAULT_MIN_AGE, DEFAULT_TEXT_FIELD, LearnerLists,
    UsernameGenerator, age_on as core_age_on, check_ccis as core_check_ccis, check_dob,
    check_password as core_check_password, check_text_field, check_username as core_check_username,
    generate_password as core_generate_password, transliterate_name as core_transliterate_name,
};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use std::sync::Mutex;

/// The lists the learner import checks values against: year groups, genders and ethnicities,
/// with where they come from.
///
/// `LearnerLists()` is the built-in lists (the UCAS Progress manual's); `LearnerLists.from_json`
/// reads a document of the same shape (`{"source", "version", "year_groups", "genders",
/// "ethnicities"}`). Values are matched ignoring case and spacing (and, for ethnicities, spaces
/// around `/`); the match returns the list's own spelling.
#[pyclass(frozen, eq, module = "learner_destinations", name = "LearnerLists")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyLearnerLists(pub LearnerLists);

fn found(result: Result<&str, Refusal>) -> PyResult<String> {
    result.map(str::to_string).map_err(py_err)
}

#[pymethods]
impl PyLearnerLists {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "LearnerLists", &self.0)
    }
    #[new]
    fn new() -> Self {
        PyLearnerLists(LearnerLists::builtin())
    }
    /// Lists from JSON text. Raises `FileFormatError` (`json_invalid`) saying where.
    #[staticmethod]
    fn from_json(text: Arg<PyBackedStr>) -> PyResult<Self> {
        LearnerLists::from_json_str(&text)
            .map(PyLearnerLists)
            .map_err(py_err)
    }
    /// Where the lists come from.
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }
    /// The lists' version.
    #[getter]
    fn version(&self) -> &str {
        &self.0.version
    }
    #[getter]
    fn year_groups(&self) -> Vec<String> {
        self.0.year_groups.clone()
    }
    #[getter]
    fn genders(&self) -> Vec<String> {
        self.0.genders.clone()
    }
    #[getter]
    fn ethnicities(&self) -> Vec<String> {
        self.0.ethnicities.clone()
    }
    /// The listed year group `value` means (`"year 12"` → `"Year 12"`). Raises
    /// `InvalidArgumentError` (`value_not_in_list`) listing the choices.
    fn year_group(&self, value: Arg<PyBackedStr>) -> PyResult<String> {
        found(self.0.year_group(&value))
    }
    /// The listed gender `value` means. Raises `InvalidArgumentError` (`value_not_in_list`).
    fn gender(&self, value: Arg<PyBackedStr>) -> PyResult<String> {
        found(self.0.gender(&value))
    }
    /// The listed ethnicity `value` means. Raises `InvalidArgumentError` (`value_not_in_list`).
    fn ethnicity(&self, value: Arg<PyBackedStr>) -> PyResult<String> {
        found(self.0.ethnicity(&value))
    }
    /// None when `value` is a listed year group, otherwise the finding (`value_not_in_list`).
    fn check_year_group(&self, value: Arg<PyBackedStr>) -> Option<PyFinding> {
        self.0.year_group(&value).err().map(PyFinding::from)
    }
    /// None when `value` is a listed gender, otherwise the finding (`value_not_in_list`).
    fn check_gender(&self, value: Arg<PyBackedStr>) -> Option<PyFinding> {
        self.0.gender(&value).err().map(PyFinding::from)
    }
    /// None when `value` is a listed ethnicity, otherwise the finding (`value_not_in_list`).
    fn check_ethnicity(&self, value: Arg<PyBackedStr>) -> Option<PyFinding> {
        self.0.ethnicity(&value).err().map(PyFinding::from)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<LearnerLists version {}: {} year groups, {} genders, {} ethnicities>",
            quoted(py, &self.0.version),
            self.0.year_groups.len(),
            self.0.genders.len(),
            self.0.ethnicities.len()
        )
    }
}

/// A date of birth that was read: the date, the learner's age on the as-of date, and the
/// `age_out_of_range` warning when that age is outside the range given.
#[pyclass(frozen, eq, module = "learner_destinations", name = "DateOfBirth")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyDateOfBirth(CheckedDob);

#[pymethods]
impl PyDateOfBirth {
    #[getter]
    fn date(&self) -> NaiveDate {
        self.0.date
    }
    /// Whole years on the as-of date (as ESFA counts them).
    #[getter]
    fn age(&self) -> i32 {
        self.0.age
    }
    /// The `age_out_of_range` warning, or None.
    #[getter]
    fn warning(&self) -> Option<PyFinding> {
        self.0.warning.clone().map(PyFinding::from)
    }
    fn __repr__(&self) -> String {
        format!(
            "DateOfBirth(date='{}', age={}, warning={})",
            self.0.date,
            self.0.age,
            self.0
                .warning
                .as_ref()
                .map_or("None".to_string(), |w| format!("'{}'", w.code()))
        )
    }
}

/// Whole years between `dob` and `on`, as ESFA counts them (a 29 February birthday falls on
/// 28 February in common years).
#[pyfunction]
#[pyo3(signature = (dob, *, on))]
fn age_on(dob: DateArg, on: DateArg) -> i32 {
    core_age_on(dob.0, on.0)
}

/// Reads a date of birth as the learner import does: `YYYY-MM-DD`, a real date, not after
/// `as_of`; an age outside `min_age` to `max_age` (inclusive) on `as_of` is a warning on the
/// result. Raises `InvalidArgumentError`: `dob_invalid`, or `dob_excel_format` for the forms
/// Excel gives dates (`03/02/2008`, serial numbers), with the form to use.
#[pyfunction]
#[pyo3(signature = (value, *, as_of, min_age = Arg(DEFAULT_MIN_AGE), max_age = Arg(DEFAULT_MAX_AGE)))]
fn parse_dob(
    value: Arg<PyBackedStr>,
    as_of: DateArg,
    min_age: Arg<i32>,
    max_age: Arg<i32>,
) -> PyResult<PyDateOfBirth> {
    check_dob(&value, as_of.0, *min_age..=*max_age)
        .map(PyDateOfBirth)
        .map_err(py_err)
}

/// None when `value` is an acceptable date of birth on `as_of`, otherwise the finding that
/// says why not (the age warning is on `parse_dob`'s result).
#[pyfunction]
#[pyo3(name = "check_dob", signature = (value, *, as_of, min_age = Arg(DEFAULT_MIN_AGE), max_age = Arg(DEFAULT_MAX_AGE)))]
fn check_dob_py(
    value: Arg<PyBackedStr>,
    as_of: DateArg,
    min_age: Arg<i32>,
    max_age: Arg<i32>,
) -> Option<PyFinding> {
    check_dob(&value, as_of.0, *min_age..=*max_age)
        .err()
        .map(PyFinding::from)
}

/// Reads a name or address field (at most 100 characters, no control characters) and returns
/// it without surrounding spaces. `field` names it in messages (default: the core's,
/// `"Text"`). Raises `InvalidArgumentError`
/// (`text_field_invalid`).
#[pyfunction]
#[pyo3(signature = (value, *, field = None))]
fn parse_text_field(value: Arg<PyBackedStr>, field: Option<Arg<PyBackedStr>>) -> PyResult<String> {
    check_text_field(field.as_ref().map_or(DEFAULT_TEXT_FIELD, |f| &*f.0), &value)
        .map(str::to_string)
        .map_err(py_err)
}

/// None when `value` is an acceptable name or address field, otherwise the finding.
#[pyfunction]
#[pyo3(name = "check_text_field", signature = (value, *, field = None))]
fn check_text_field_py(
    value: Arg<PyBackedStr>,
    field: Option<Arg<PyBackedStr>>,
) -> Option<PyFinding> {
    check_text_field(field.as_ref().map_or(DEFAULT_TEXT_FIELD, |f| &*f.0), &value)
        .err()
        .map(PyFinding::from)
}

/// Reads a CCIS young person record ID (1 to 20 letters and digits), without surrounding
/// spaces. Raises `InvalidArgumentError` (`ccis_format`).
#[pyfunction]
fn parse_ccis(value: Arg<PyBackedStr>) -> PyResult<String> {
    core_check_ccis(&value).map(str::to_string).map_err(py_err)
}

/// None when `value` is a CCIS ID, otherwise the finding.
#[pyfunction]
fn check_ccis(value: Arg<PyBackedStr>) -> Option<PyFinding> {
    core_check_ccis(&value).err().map(PyFinding::from)
}

/// The account kind named (`"learner"`, `"staff"`), or the core's default when none is.
fn account_kind(account: Option<Arg<PyBackedStr>>) -> PyResult<AccountKind> {
    let Some(account) = account else {
        return Ok(AccountKind::default());
    };
    match &*account.0 {
        "learner" => Ok(AccountKind::Learner),
        "staff" => Ok(AccountKind::Staff),
        other => Err(crate::errors::option_invalid(
            format!("'{other}' is not an account kind; use 'learner' or 'staff'"),
            Some(other.to_string()),
        )),
    }
}

/// None when `name` meets the username policy for `account` (`"learner"`: 6 to 127 characters;
/// `"staff"`: 6 to 256; letters, digits and `@ . _ -` only), otherwise the finding
/// (`username_length`, `username_characters`).
#[pyfunction]
#[pyo3(signature = (name, *, account = None))]
fn check_username(
    name: Arg<PyBackedStr>,
    account: Option<Arg<PyBackedStr>>,
) -> PyResult<Option<PyFinding>> {
    Ok(core_check_username(&name, account_kind(account)?)
        .err()
        .map(PyFinding::from))
}

/// True when `name` meets the username policy for `account`.
#[pyfunction]
#[pyo3(signature = (name, *, account = None))]
fn is_valid_username(name: Arg<PyBackedStr>, account: Option<Arg<PyBackedStr>>) -> PyResult<bool> {
    Ok(core_check_username(&name, account_kind(account)?).is_ok())
}

/// None when `password` meets the policy (6 to 20 characters, at least one letter and one
/// number or symbol, no spaces), otherwise the finding (`password_length`,
/// `password_composition`), which never echoes the password.
#[pyfunction]
fn check_password(password: Arg<PyBackedStr>) -> Option<PyFinding> {
    core_check_password(&password).err().map(PyFinding::from)
}

/// True when `password` meets the policy.
#[pyfunction]
fn is_valid_password(password: Arg<PyBackedStr>) -> bool {
    core_check_password(&password).is_ok()
}

/// A new 8-character password from letters and digits without look-alikes (no 0/O, 1/I/L),
/// with at least one letter and one digit, drawn from the operating system's secure random
/// generator (the host layer's). It always meets `check_password`. Raises
/// `DestinationsError` (`random_unavailable`) if the system has no random source; a password
/// from a failed draw is never returned.
#[pyfunction]
fn generate_password() -> PyResult<String> {
    let mut rng = learner_destinations_host::random::OsRandom::new();
    let password = core_generate_password(&mut rng);
    rng.check().map_err(py_err)?;
    Ok(password)
}

/// `name` transliterated to ASCII letters and digits (`"Zoë"` → `"Zoe"`, `"Łukasz"` →
/// `"Lukasz"`), other characters dropped, as usernames are made.
#[pyfunction]
fn transliterate_name(name: Arg<PyBackedStr>) -> String {
    core_transliterate_name(&name)
}

/// Generates learner usernames unique within a batch and against `existing` usernames (compared
/// ignoring case): the first name's initial and the last name, transliterated (`Paul Marmoshon`
/// → `PMarmoshon`), padded to 6 characters, numbered when taken (`PMarmoshon2`). Each result
/// passes `check_username`.
///
/// It remembers what it handed out, so one generator serves one batch; it may be shared by
/// threads (calls are serialised).
#[pyclass(frozen, module = "learner_destinations", name = "UsernameGenerator")]
#[derive(Debug)]
pub struct PyUsernameGenerator(Mutex<UsernameGenerator>);

#[pymethods]
impl PyUsernameGenerator {
    #[new]
    #[pyo3(signature = (existing = Arg(Vec::new())), text_signature = "(existing=())")]
    fn new(existing: Arg<Vec<PyBackedStr>>) -> Self {
        PyUsernameGenerator(Mutex::new(UsernameGenerator::new(
            existing.iter().map(|s| &**s),
        )))
    }
    /// A new unique username for a learner.
    fn generate(&self, first_name: Arg<PyBackedStr>, last_name: Arg<PyBackedStr>) -> String {
        let mut generator = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        generator.generate(&first_name, &last_name)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyLearnerLists>()?;
    m.add_class::<PyDateOfBirth>()?;
    m.add_function(wrap_pyfunction!(parse_dob, m)?)?;
    m.add_function(wrap_pyfunction!(age_on, m)?)?;
    m.add_function(wrap_pyfunction!(check_dob_py, m)?)?;
    m.add_function(wrap_pyfunction!(parse_text_field, m)?)?;
    m.add_function(wrap_pyfunction!(check_text_field_py, m)?)?;
    m.add_function(wrap_pyfunction!(parse_ccis, m)?)?;
    m.add_function(wrap_pyfunction!(check_ccis, m)?)?;
    m.add_function(wrap_pyfunction!(check_username, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_username, m)?)?;
    m.add_function(wrap_pyfunction!(check_password, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_password, m)?)?;
    m.add_function(wrap_pyfunction!(generate_password, m)?)?;
    m.add_function(wrap_pyfunction!(transliterate_name, m)?)?;
    m.add_class::<PyUsernameGenerator>()?;
    Ok(())
}
