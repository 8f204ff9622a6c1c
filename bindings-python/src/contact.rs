//! Contact rules: may a destination survey go to a learner by email, by SMS, or not at all
//! (RUI/PMC contact preferences and the contact details on record)? When not at all, the
//! automatic OTH3 record. The ESFA ContPrefType_01-07 checks.

use crate::arguments::{Arg, DateArg, OptDate, opt_date, type_name};
use crate::errors::py_err;
use crate::findings::PyFinding;
use crate::records::PyDestinationRecord;
use crate::repr::{quoted, quoted_list, quoted_opt};
use chrono::NaiveDate;
use learner_destinations::contact::{
    CONTACT_CODES, CONTACT_CODES_SOURCE, CONTACT_CODES_VERSION, ContactCode, ContactDecision,
    ContactDetail, ContactPolicy, ContactPreferences, oth3_record as core_oth3_record,
};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyDict, PyString, PyTuple};

/// The name serde gives a core enum value (`"refuses"`, `"any_contact"`, `"pre"`): the core's
/// own spelling, as JSON output shows it.
pub fn serde_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// A contact detail argument: `True` (on record, value not given), `False` or `None` (missing),
/// or the value as a `str` (checked; `""` counts as missing).
#[derive(Debug, Clone)]
struct DetailArg(ContactDetail);

impl<'a, 'py> FromPyObject<'a, 'py> for DetailArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if ob.is_none() {
            return Ok(DetailArg(ContactDetail::Missing));
        }
        if let Ok(b) = ob.cast::<PyBool>() {
            return Ok(DetailArg(if b.is_true() {
                ContactDetail::OnRecord
            } else {
                ContactDetail::Missing
            }));
        }
        if let Ok(s) = ob.cast::<PyString>() {
            return Ok(DetailArg(ContactDetail::Value(s.to_cow()?.into_owned())));
        }
        Err(crate::errors::type_invalid(format!(
            "a contact detail is True (on record), False or None (missing) or the value as a str, not {}",
            type_name(&ob)
        )))
    }
}

fn detail_to_py<'py>(py: Python<'py>, detail: &ContactDetail) -> PyResult<Bound<'py, PyAny>> {
    Ok(match detail {
        ContactDetail::OnRecord => PyBool::new(py, true).to_owned().into_any(),
        ContactDetail::Missing => PyBool::new(py, false).to_owned().into_any(),
        ContactDetail::Value(v) => PyString::new(py, v).into_any(),
    })
}

/// A contact policy argument: `"seed"` (the Maytas table) or `"ilr"` (the ILR guidance).
fn policy(value: &str) -> PyResult<ContactPolicy> {
    value
        .parse::<ContactPolicy>()
        .map_err(|message| crate::errors::option_invalid(message, Some(value.to_string())))
}

/// A learner's contact preferences and whether they can be reached.
///
/// `ContactPreferences(rui=[2], pmc=[3], email=True, mobile="07700 900123")`: `rui` and `pmc`
/// are the ContPrefCodes as recorded, one per ContactPreference record (a repeated code counts
/// twice for ContPrefType_06/07); `email` and `mobile` are `True` (on record; the default),
/// `False`/`None` (missing) or the value (checked: an email address needs text around an @, a
/// mobile must be a UK mobile for SMS).
#[pyclass(
    frozen,
    eq,
    module = "learner_destinations",
    name = "ContactPreferences"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyContactPreferences(ContactPreferences);

#[pymethods]
impl PyContactPreferences {
    #[new]
    #[pyo3(
        signature = (*, rui = Arg(Vec::new()), pmc = Arg(Vec::new()), email = DetailArg(ContactDetail::OnRecord), mobile = DetailArg(ContactDetail::OnRecord)),
        text_signature = "(*, rui=(), pmc=(), email=True, mobile=True)"
    )]
    fn new(rui: Arg<Vec<u8>>, pmc: Arg<Vec<u8>>, email: DetailArg, mobile: DetailArg) -> Self {
        PyContactPreferences(ContactPreferences {
            rui: rui.0,
            pmc: pmc.0,
            email: email.0,
            mobile: mobile.0,
        })
    }
    /// Restricted use indicator codes, as recorded.
    #[getter]
    fn rui(&self) -> Vec<u32> {
        self.0.rui.iter().copied().map(u32::from).collect()
    }
    /// Preferred method of contact codes, as recorded.
    #[getter]
    fn pmc(&self) -> Vec<u32> {
        self.0.pmc.iter().copied().map(u32::from).collect()
    }
    /// The email address: True (on record), False (missing) or the value.
    #[getter]
    fn email<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        detail_to_py(py, &self.0.email)
    }
    /// The mobile number: True (on record), False (missing) or the value.
    #[getter]
    fn mobile<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        detail_to_py(py, &self.0.mobile)
    }
    /// May a survey go by email, by SMS? Under `policy` (`"seed"`, the Maytas table, or
    /// `"ilr"`, the ILR guidance; default: the core's, `"seed"`), then the contact details.
    ///
    /// Raises `InvalidArgumentError` (`contact_preference_unknown`) for a code that is not an
    /// ILR contact-preference code (RUI 1-7, PMC 1-6): the answer would be a guess.
    #[pyo3(signature = (policy = None))]
    fn decide(&self, policy: Option<Arg<PyBackedStr>>) -> PyResult<PyContactDecision> {
        // Not given: the core's default policy.
        let policy = policy
            .map(|p| self::policy(&p))
            .transpose()?
            .unwrap_or_default();
        self.0.decide(policy).map(PyContactDecision).map_err(py_err)
    }
    /// The ESFA ContPrefType_01-07 checks, as findings (column `rui` or `pmc`, value the code,
    /// e.g. `"RUI4"`). `first_start` is the learner's earliest learning start date; without it
    /// ContPrefType_03 (codes valid on that date) is not checked.
    #[pyo3(signature = (*, first_start = None))]
    fn check(&self, first_start: Option<OptDate>) -> Vec<PyFinding> {
        self.0
            .check(opt_date(first_start))
            .into_iter()
            .map(PyFinding)
            .collect()
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "ContactPreferences(rui={:?}, pmc={:?}, email={}, mobile={})",
            self.0.rui,
            self.0.pmc,
            detail_to_py(py, &self.0.email)?.repr()?,
            detail_to_py(py, &self.0.mobile)?.repr()?,
        ))
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let p = &slf.get().0;
        let restore = py
            .import("learner_destinations._native")?
            .getattr("_restore_contact_preferences")?;
        let codes = |c: &[u8]| c.iter().copied().map(u32::from).collect::<Vec<u32>>();
        let args = (
            codes(&p.rui),
            codes(&p.pmc),
            detail_to_py(py, &p.email)?,
            detail_to_py(py, &p.mobile)?,
        )
            .into_pyobject(py)?;
        PyTuple::new(py, [restore, args.into_any()])
    }
}

#[pyfunction]
fn _restore_contact_preferences(
    rui: Vec<u8>,
    pmc: Vec<u8>,
    email: DetailArg,
    mobile: DetailArg,
) -> PyContactPreferences {
    PyContactPreferences::new(Arg(rui), Arg(pmc), email, mobile)
}

/// The answer to "may a survey go by email? by SMS?", with the reason and what decided it.
#[pyclass(frozen, eq, module = "learner_destinations", name = "ContactDecision")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyContactDecision(pub ContactDecision);

#[pymethods]
impl PyContactDecision {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "ContactDecision", &self.0)
    }
    /// A survey may go by email.
    #[getter]
    fn email(&self) -> bool {
        self.0.email
    }
    /// A survey may go by SMS.
    #[getter]
    fn sms(&self) -> bool {
        self.0.sms
    }
    /// By at least one channel.
    #[getter]
    fn contactable(&self) -> bool {
        self.0.contactable
    }
    /// Why, in words that name the deciding codes and details.
    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }
    /// What decided it: the codes that blocked or named a channel (`"RUI2"`, `"PMC3"`), then
    /// the missing or unusable details (`"email_missing"`, `"email_invalid"`,
    /// `"mobile_missing"`, `"mobile_not_uk"`). Empty when nothing restricted the survey.
    #[getter]
    fn decided_by(&self) -> Vec<String> {
        self.0.decided_by.clone()
    }
    /// The policy applied: `"seed"` or `"ilr"`.
    #[getter]
    fn policy(&self) -> &'static str {
        self.0.policy.as_str()
    }
    /// When the learner may not be contacted by either channel, the automatic OTH3 record
    /// (start the day after `learning_end`, no end, collected on `as_of`); None when a survey
    /// may go. Raises `InvalidArgumentError` (`date_order`) when `as_of` is before
    /// `learning_end`.
    #[pyo3(signature = (*, learning_end, as_of))]
    fn automatic_record(
        &self,
        learning_end: DateArg,
        as_of: DateArg,
    ) -> PyResult<Option<PyDestinationRecord>> {
        self.0
            .automatic_record(learning_end.0, as_of.0)
            .map(|r| r.map(PyDestinationRecord))
            .map_err(py_err)
    }
    /// `{"email", "sms", "contactable", "reason", "decided_by", "policy"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("email", self.0.email)?;
        d.set_item("sms", self.0.sms)?;
        d.set_item("contactable", self.0.contactable)?;
        d.set_item("reason", &self.0.reason)?;
        d.set_item("decided_by", self.0.decided_by.clone())?;
        d.set_item("policy", self.0.policy.as_str())?;
        Ok(d)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "ContactDecision(email={}, sms={}, policy={}, decided_by={}, reason={})",
            py_bool(self.0.email),
            py_bool(self.0.sms),
            quoted(py, self.0.policy.as_str()),
            quoted_list(py, &self.0.decided_by),
            quoted(py, &self.0.reason),
        )
    }
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// The automatic "unable to contact learner" record: code OTH3, start the day after the
/// learning actual end date, no end date, collected on `as_of`. Raises `InvalidArgumentError`
/// (`date_order`) when `as_of` is before `learning_end`.
#[pyfunction]
#[pyo3(signature = (*, learning_end, as_of))]
fn oth3_record(learning_end: DateArg, as_of: DateArg) -> PyResult<PyDestinationRecord> {
    core_oth3_record(learning_end.0, as_of.0)
        .map(PyDestinationRecord)
        .map_err(py_err)
}

/// One ILR contact-preference code (RUI 1-7, PMC 1-6) with its meaning and validity.
#[pyclass(frozen, module = "learner_destinations", name = "ContactCode")]
#[derive(Debug)]
pub struct PyContactCode(&'static ContactCode);

#[pymethods]
impl PyContactCode {
    /// `"RUI"` or `"PMC"` (ILR ContPrefType).
    #[getter]
    #[pyo3(name = "type")]
    fn pref_type(&self) -> &'static str {
        self.0.pref_type.as_str()
    }
    /// The ContPrefCode, 1 to 7.
    #[getter]
    fn code(&self) -> u8 {
        self.0.code
    }
    /// `"RUI2"`, `"PMC3"`.
    #[getter]
    fn name(&self) -> String {
        self.0.name()
    }
    /// The definition, paraphrased from the ILR specification.
    #[getter]
    fn title(&self) -> &'static str {
        self.0.title
    }
    /// `"refuses"` or `"agrees"`.
    #[getter]
    fn consent(&self) -> String {
        serde_name(&self.0.consent)
    }
    /// What it refuses or agrees to: `"courses"`, `"surveys"`, `"any_contact"`, `"post"`,
    /// `"telephone"` or `"email"`.
    #[getter]
    fn about(&self) -> String {
        serde_name(&self.0.about)
    }
    /// `"pre"` or `"post"` GDPR (ContPrefType_04/05), or None for RUI3-5.
    #[getter]
    fn era(&self) -> Option<String> {
        self.0.era.as_ref().map(serde_name)
    }
    /// First day of validity, or None.
    #[getter]
    fn valid_from(&self) -> Option<NaiveDate> {
        self.0.valid_from
    }
    /// Last day of validity (inclusive), or None.
    #[getter]
    fn valid_to(&self) -> Option<NaiveDate> {
        self.0.valid_to
    }
    /// How sure the validity dates are, where a source leaves doubt.
    #[getter]
    fn note(&self) -> Option<&'static str> {
        self.0.note
    }
    /// Valid on `date` (both ends inclusive).
    fn is_valid_on(&self, date: DateArg) -> bool {
        self.0.is_valid_on(date.0)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "ContactCode({}, title={}, valid_to={})",
            quoted(py, &self.0.name()),
            quoted(py, self.0.title),
            quoted_opt(py, self.0.valid_to.map(|d| d.to_string()).as_deref()),
        )
    }
}

/// Every ILR contact-preference code with its meaning and validity dates, in table order.
#[pyfunction]
fn list_contact_codes() -> Vec<PyContactCode> {
    CONTACT_CODES.iter().map(PyContactCode).collect()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyContactPreferences>()?;
    m.add_class::<PyContactDecision>()?;
    m.add_class::<PyContactCode>()?;
    m.add_function(wrap_pyfunction!(oth3_record, m)?)?;
    m.add_function(wrap_pyfunction!(list_contact_codes, m)?)?;
    m.add_function(wrap_pyfunction!(_restore_contact_preferences, m)?)?;
    m.add("CONTACT_CODES_SOURCE", CONTACT_CODES_SOURCE)?;
    m.add("CONTACT_CODES_VERSION", CONTACT_CODES_VERSION)?;
    Ok(())
}
