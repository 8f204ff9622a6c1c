//! Conversions of Python arguments into core values: they only convert, and leave every refusal
//! to the core (a date string is read by the core's strict `parse_date`, so a bad one is refused
//! with the same code and message as everywhere else).

use crate::errors::py_err;
use chrono::NaiveDate;
use learner_destinations::dates::{TeachingYear, parse_date};
use learner_destinations::{Refusal, Ukprn};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyInt, PyString};

/// A date argument: a `datetime.date` or a `"YYYY-MM-DD"` string.
///
/// A string that is not a date raises `InvalidArgumentError` (`date_format`, `date_impossible`);
/// another type raises `TypeError`.
#[derive(Debug, Clone, Copy)]
pub struct DateArg(pub NaiveDate);

impl<'a, 'py> FromPyObject<'a, 'py> for DateArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(s) = ob.cast::<PyString>() {
            return parse_date(&s.to_cow()?).map(DateArg).map_err(py_err);
        }
        match ob.extract::<NaiveDate>() {
            Ok(d) => Ok(DateArg(d)),
            Err(_) => Err(crate::errors::type_invalid(format!(
                "expected a datetime.date or a 'YYYY-MM-DD' string, not {}",
                type_name(&ob)
            ))),
        }
    }
}

/// The date given, or today by the host layer's clock (the local date), as every upload's
/// default `as_of` is.
pub fn date_or_today(date: Option<DateArg>) -> NaiveDate {
    date.map_or_else(learner_destinations_host::clock::today, |d| d.0)
}

/// A UKPRN argument: an `int` or a `str`, read as text by the core (so `123` is refused with the
/// same message as `"123"`). `bool` and other types raise `TypeError`.
pub fn read_ukprn(value: &Bound<'_, PyAny>) -> PyResult<Result<Ukprn, Refusal>> {
    if value.is_instance_of::<PyString>() {
        Ok(Ukprn::parse(&value.extract::<PyBackedStr>()?))
    } else if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        Ok(Ukprn::parse(&value.str()?.to_cow()?))
    } else {
        Err(crate::errors::type_invalid(format!(
            "a UKPRN is an int or a str, not {}",
            type_name(value)
        )))
    }
}

/// A UKPRN argument that must be one (an `int`, a `str` or a `Ukprn`): refused values raise
/// `InvalidArgumentError`.
#[derive(Debug, Clone, Copy)]
pub struct UkprnArg(pub Ukprn);

impl<'a, 'py> FromPyObject<'a, 'py> for UkprnArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(u) = ob.cast::<crate::identifiers::PyUkprn>() {
            return Ok(UkprnArg(u.get().0));
        }
        read_ukprn(&ob)?.map(UkprnArg).map_err(py_err)
    }
}

/// A teaching-year argument: a `TeachingYear` or a string such as `"2025-26"`, `"2025/26"` or
/// `"2526"` (refused with `teaching_year_format`).
#[derive(Debug, Clone, Copy)]
pub struct TeachingYearArg(pub TeachingYear);

impl<'a, 'py> FromPyObject<'a, 'py> for TeachingYearArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(year) = ob.cast::<crate::dates::PyTeachingYear>() {
            return Ok(TeachingYearArg(year.get().0));
        }
        if let Ok(s) = ob.cast::<PyString>() {
            return TeachingYear::parse(&s.to_cow()?)
                .map(TeachingYearArg)
                .map_err(py_err);
        }
        Err(crate::errors::type_invalid(format!(
            "expected a TeachingYear or a string such as '2025-26', not {}",
            type_name(&ob)
        )))
    }
}

/// The name of an object's type, for `TypeError` messages.
pub fn type_name(ob: &Bound<'_, PyAny>) -> String {
    ob.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "this type".to_string())
}
