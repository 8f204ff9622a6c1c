//! Identifiers: ULN, UKPRN, learner reference, learning aim reference, UPN, postcode, UK mobile
//! number, UK telephone number, email address.
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
//! picklable (they pickle as a call to their `parse_X` function). Telephone numbers and email
//! addresses have no object: `parse_uk_telephone` and `parse_email` return the accepted text.
//! A postcode can also carry warnings (written in another form, or the "not known"
//! placeholder): `postcode_warnings`.

use crate::arguments::Arg;
use crate::arguments::read_ukprn;
use crate::errors::py_err;
use crate::findings::PyFinding;
use crate::repr::quoted;
use learner_destinations::identifiers::{
    Postcode, Upn, check_email, check_uk_telephone, uln_check_digit as core_uln_check_digit,
};
use learner_destinations::{LearnAimRef, LearnRefNumber, UkMobile, Ukprn, Uln};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyTuple;

/// `(learner_destinations.<parse>, (text,))`: how an identifier object pickles.
fn reduce<'py>(py: Python<'py>, parse: &str, text: String) -> PyResult<Bound<'py, PyTuple>> {
    let function = py.import("learner_destinations")?.getattr(parse)?;
    PyTuple::new(py, [function, PyTuple::new(py, [text])?.into_any()])
}

/// A Unique Learner Number: 10 digits, the first not 0, with the ESFA check digit; or the "not
/// known" placeholder `9999999999` (`is_unknown`). Made by `parse_uln`.
#[pyclass(frozen, eq, ord, hash, module = "learner_destinations", name = "Uln")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyUln(pub Uln);

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
fn parse_uln(value: Arg<PyBackedStr>) -> PyResult<PyUln> {
    Uln::parse(&value).map(PyUln).map_err(py_err)
}

/// True when `value` is a ULN (`9999999999`, "not known", included).
#[pyfunction]
fn is_valid_uln(value: Arg<PyBackedStr>) -> bool {
    Uln::parse(&value).is_ok()
}

/// None when `value` is a ULN, otherwise the finding that says why not.
#[pyfunction]
fn check_uln(value: Arg<PyBackedStr>) -> Option<PyFinding> {
    Uln::parse(&value).err().map(PyFinding::from)
}

/// The ESFA check digit for a nine-digit ULN stem (e.g. `"927630868"` → `6`), or None when no
/// digit makes the stem a ULN (the weighted sum's remainder is 0). Raises
/// `InvalidArgumentError` (`option_invalid`) for a stem that is not nine digits and
/// `InvalidTypeError` for one that is not a `str`.
#[pyfunction]
fn uln_check_digit(stem: &Bound<'_, PyAny>) -> PyResult<Option<u8>> {
    let stem: PyBackedStr = stem.extract().map_err(|_| {
        crate::errors::type_invalid(format!(
            "stem is the nine digits of a ULN as a str, e.g. '927630868', not {}",
            crate::arguments::type_name(stem)
        ))
    })?;
    let digits: Vec<u8> = stem.bytes().map(|b| b.wrapping_sub(b'0')).collect();
    let stem: [u8; 9] = digits
        .try_into()
        .ok()
        .filter(|d: &[u8; 9]| d.iter().all(|x| *x <= 9))
        .ok_or_else(|| {
            crate::errors::option_invalid(
                format!(
                    "stem '{}' is not a ULN stem: give its nine digits, e.g. '927630868'",
                    &*stem
                ),
                Some(stem.to_string()),
            )
        })?;
    Ok(core_uln_check_digit(&stem))
}

/// A UK Provider Reference Number: 8 digits, 10000000 to 99999999. Made by `parse_ukprn`;
/// `int(ukprn)` is the number.
#[pyclass(frozen, eq, ord, hash, module = "learner_destinations", name = "Ukprn")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyUkprn(pub Ukprn);

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

/// Reads a UKPRN given as an `int` or a `str`. Raises `InvalidArgumentError` with code
/// `ukprn_format`.
#[pyfunction]
fn parse_ukprn(value: &Bound<'_, PyAny>) -> PyResult<PyUkprn> {
    read_ukprn(value)?.map(PyUkprn).map_err(py_err)
}

/// True when `value` (an `int` or a `str`) is a UKPRN.
#[pyfunction]
fn is_valid_ukprn(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(read_ukprn(value)?.is_ok())
}

/// None when `value` (an `int` or a `str`) is a UKPRN, otherwise the finding that says why not.
#[pyfunction]
fn check_ukprn(value: &Bound<'_, PyAny>) -> PyResult<Option<PyFinding>> {
    Ok(read_ukprn(value)?.err().map(PyFinding::from))
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
pub struct PyLearnRefNumber(pub LearnRefNumber);

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
fn parse_learn_ref_number(value: Arg<PyBackedStr>) -> PyResult<PyLearnRefNumber> {
    LearnRefNumber::parse(&value)
        .map(PyLearnRefNumber)
        .map_err(py_err)
}

/// True when `value` is a learner reference number.
#[pyfunction]
fn is_valid_learn_ref_number(value: Arg<PyBackedStr>) -> bool {
    LearnRefNumber::parse(&value).is_ok()
}

/// None when `value` is a learner reference number, otherwise the finding that says why not.
#[pyfunction]
fn check_learn_ref_number(value: Arg<PyBackedStr>) -> Option<PyFinding> {
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
pub struct PyLearnAimRef(pub LearnAimRef);

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
fn parse_learn_aim_ref(value: Arg<PyBackedStr>) -> PyResult<PyLearnAimRef> {
    LearnAimRef::parse(&value)
        .map(PyLearnAimRef)
        .map_err(py_err)
}

/// True when `value` is a learning aim reference.
#[pyfunction]
fn is_valid_learn_aim_ref(value: Arg<PyBackedStr>) -> bool {
    LearnAimRef::parse(&value).is_ok()
}

/// None when `value` is a learning aim reference, otherwise the finding that says why not.
#[pyfunction]
fn check_learn_aim_ref(value: Arg<PyBackedStr>) -> Option<PyFinding> {
    LearnAimRef::parse(&value).err().map(PyFinding::from)
}

/// A DfE Unique Pupil Number: 13 characters, a check letter then 12 digits (permanent) or 11
/// digits and a letter (temporary), upper case. Made by `parse_upn`.
#[pyclass(frozen, eq, ord, hash, module = "learner_destinations", name = "Upn")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyUpn(pub Upn);

#[pymethods]
impl PyUpn {
    fn __str__(&self) -> String {
        self.0.to_string()
    }
    /// True for a temporary UPN (its last character is a letter).
    #[getter]
    fn is_temporary(&self) -> bool {
        self.0.is_temporary()
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!("Upn({})", quoted(py, self.0.as_str()))
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(py, "parse_upn", self.0.to_string())
    }
}

/// Reads a UPN, ignoring surrounding spaces (letters in any case). Raises
/// `InvalidArgumentError` with code `upn_format` or `upn_check_letter`.
#[pyfunction]
fn parse_upn(value: Arg<PyBackedStr>) -> PyResult<PyUpn> {
    Upn::parse(&value).map(PyUpn).map_err(py_err)
}

/// True when `value` is a UPN.
#[pyfunction]
fn is_valid_upn(value: Arg<PyBackedStr>) -> bool {
    Upn::parse(&value).is_ok()
}

/// None when `value` is a UPN, otherwise the finding that says why not.
#[pyfunction]
fn check_upn(value: Arg<PyBackedStr>) -> Option<PyFinding> {
    Upn::parse(&value).err().map(PyFinding::from)
}

/// A full UK postcode in canonical form (upper case, one space), e.g. `EC1A 1BB`. Made by
/// `parse_postcode`.
#[pyclass(
    frozen,
    eq,
    ord,
    hash,
    module = "learner_destinations",
    name = "Postcode"
)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyPostcode(pub Postcode);

#[pymethods]
impl PyPostcode {
    fn __str__(&self) -> String {
        self.0.to_string()
    }
    /// True for `ZZ99 9ZZ`, "postcode not known" (accepted, with a warning).
    #[getter]
    fn is_placeholder(&self) -> bool {
        self.0.is_placeholder()
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!("Postcode({})", quoted(py, self.0.as_str()))
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(py, "parse_postcode", self.0.to_string())
    }
}

/// Reads a full UK postcode; lower case and a missing or doubled space are put right (see
/// `postcode_warnings`). Raises `InvalidArgumentError` with code `postcode_format` (a partial
/// postcode such as `B1` included).
#[pyfunction]
fn parse_postcode(value: Arg<PyBackedStr>) -> PyResult<PyPostcode> {
    Postcode::parse(&value)
        .map(|p| PyPostcode(p.postcode))
        .map_err(py_err)
}

/// True when `value` is a full UK postcode (in any case and spacing).
#[pyfunction]
fn is_valid_postcode(value: Arg<PyBackedStr>) -> bool {
    Postcode::parse(&value).is_ok()
}

/// None when `value` is a full UK postcode, otherwise the finding that says why not.
#[pyfunction]
fn check_postcode(value: Arg<PyBackedStr>) -> Option<PyFinding> {
    Postcode::parse(&value).err().map(PyFinding::from)
}

/// The warnings a postcode that is accepted carries: `postcode_normalised` (written in another
/// form than the canonical one) and `postcode_placeholder` (`ZZ99 9ZZ`). Empty for a postcode
/// written canonically, and for a value that is not a postcode (`check_postcode` says why).
#[pyfunction]
fn postcode_warnings(value: Arg<PyBackedStr>) -> Vec<PyFinding> {
    Postcode::parse(&value)
        .map(|p| {
            p.warnings(&value)
                .into_iter()
                .map(PyFinding::from)
                .collect()
        })
        .unwrap_or_default()
}

/// A UK mobile number (`07` and nine more digits in a mobile range), for surveys by SMS. Made by
/// `parse_uk_mobile`; `str()` is the national form.
#[pyclass(
    frozen,
    eq,
    ord,
    hash,
    module = "learner_destinations",
    name = "UkMobile"
)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyUkMobile(pub UkMobile);

#[pymethods]
impl PyUkMobile {
    fn __str__(&self) -> String {
        self.0.to_string()
    }
    /// The national form, `07700900123`.
    #[getter]
    fn national(&self) -> &str {
        self.0.as_str()
    }
    /// The international (E.164) form, `+447700900123`.
    #[getter]
    fn international(&self) -> String {
        self.0.international()
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!("UkMobile({})", quoted(py, self.0.as_str()))
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        reduce(py, "parse_uk_mobile", self.0.to_string())
    }
}

/// Reads a UK mobile number written with spaces, dashes, dots, brackets or `+44`. Raises
/// `InvalidArgumentError` with code `mobile_not_uk`, saying why (a landline, a `070` personal
/// number, a foreign number...).
#[pyfunction]
fn parse_uk_mobile(value: Arg<PyBackedStr>) -> PyResult<PyUkMobile> {
    UkMobile::parse(&value).map(PyUkMobile).map_err(py_err)
}

/// True when `value` is a UK mobile number.
#[pyfunction]
fn is_valid_uk_mobile(value: Arg<PyBackedStr>) -> bool {
    UkMobile::parse(&value).is_ok()
}

/// None when `value` is a UK mobile number, otherwise the finding that says why not.
#[pyfunction]
fn check_uk_mobile(value: Arg<PyBackedStr>) -> Option<PyFinding> {
    UkMobile::parse(&value).err().map(PyFinding::from)
}

/// Reads a UK telephone number as the learner import takes it: digits only, starting 0, 10 or
/// 11 digits; returns it without surrounding spaces. Raises `InvalidArgumentError` with code
/// `telephone_format` (a number written `+44 7700 900123` is refused with its accepted form in
/// the message).
#[pyfunction]
fn parse_uk_telephone(value: Arg<PyBackedStr>) -> PyResult<String> {
    check_uk_telephone(&value)
        .map(str::to_string)
        .map_err(py_err)
}

/// True when `value` is a UK telephone number in the accepted form.
#[pyfunction]
fn is_valid_uk_telephone(value: Arg<PyBackedStr>) -> bool {
    check_uk_telephone(&value).is_ok()
}

/// None when `value` is a UK telephone number in the accepted form, otherwise the finding that
/// says why not.
#[pyfunction]
#[pyo3(name = "check_uk_telephone")]
fn check_uk_telephone_py(value: Arg<PyBackedStr>) -> Option<PyFinding> {
    check_uk_telephone(&value).err().map(PyFinding::from)
}

/// Reads an email address (one @, not first; a dot after it; no spaces; at most 100
/// characters); returns it without surrounding spaces. Raises `InvalidArgumentError` with code
/// `email_format`.
#[pyfunction]
fn parse_email(value: Arg<PyBackedStr>) -> PyResult<String> {
    check_email(&value).map(str::to_string).map_err(py_err)
}

/// True when `value` is an email address.
#[pyfunction]
fn is_valid_email(value: Arg<PyBackedStr>) -> bool {
    check_email(&value).is_ok()
}

/// None when `value` is an email address, otherwise the finding that says why not.
#[pyfunction]
#[pyo3(name = "check_email")]
fn check_email_py(value: Arg<PyBackedStr>) -> Option<PyFinding> {
    check_email(&value).err().map(PyFinding::from)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyUln>()?;
    m.add_class::<PyUkprn>()?;
    m.add_class::<PyLearnRefNumber>()?;
    m.add_class::<PyLearnAimRef>()?;
    m.add_function(wrap_pyfunction!(parse_uln, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_uln, m)?)?;
    m.add_function(wrap_pyfunction!(check_uln, m)?)?;
    m.add_function(wrap_pyfunction!(uln_check_digit, m)?)?;
    m.add_function(wrap_pyfunction!(parse_ukprn, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_ukprn, m)?)?;
    m.add_function(wrap_pyfunction!(check_ukprn, m)?)?;
    m.add_function(wrap_pyfunction!(parse_learn_ref_number, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_learn_ref_number, m)?)?;
    m.add_function(wrap_pyfunction!(check_learn_ref_number, m)?)?;
    m.add_function(wrap_pyfunction!(parse_learn_aim_ref, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_learn_aim_ref, m)?)?;
    m.add_function(wrap_pyfunction!(check_learn_aim_ref, m)?)?;
    m.add_class::<PyUpn>()?;
    m.add_function(wrap_pyfunction!(parse_upn, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_upn, m)?)?;
    m.add_function(wrap_pyfunction!(check_upn, m)?)?;
    m.add_class::<PyPostcode>()?;
    m.add_function(wrap_pyfunction!(parse_postcode, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_postcode, m)?)?;
    m.add_function(wrap_pyfunction!(check_postcode, m)?)?;
    m.add_function(wrap_pyfunction!(postcode_warnings, m)?)?;
    m.add_class::<PyUkMobile>()?;
    m.add_function(wrap_pyfunction!(parse_uk_mobile, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_uk_mobile, m)?)?;
    m.add_function(wrap_pyfunction!(check_uk_mobile, m)?)?;
    m.add_function(wrap_pyfunction!(parse_uk_telephone, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_uk_telephone, m)?)?;
    m.add_function(wrap_pyfunction!(check_uk_telephone_py, m)?)?;
    m.add_function(wrap_pyfunction!(parse_email, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_email, m)?)?;
    m.add_function(wrap_pyfunction!(check_email_py, m)?)?;
    Ok(())
}
