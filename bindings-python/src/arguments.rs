//! Conversions of Python arguments into core values: they only convert, and leave every refusal
//! to the core (a date string is read by the core's strict `parse_date`, so a bad one is refused
//! with the same code and message as everywhere else).

use crate::errors::py_err;
use chrono::NaiveDate;
use learner_destinations::dates::{TeachingYear, parse_date};
use learner_destinations::workflow::optional_date;
use learner_destinations::{Refusal, Ukprn};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyDate, PyFloat, PyInt, PyString};
use serde_json::Value;

/// A date argument: a `datetime.date`, a `datetime.datetime`, `pandas.Timestamp` or
/// `numpy.datetime64` at midnight (how pandas holds a date), or a `"YYYY-MM-DD"` string, read
/// by the core's strict `parse_date` (one conversion with every plain-data date:
/// [`crate::json::to_plain`]).
///
/// A string that is not a date, or a datetime with a time of day, raises
/// `InvalidArgumentError` (`date_format`, `date_impossible`); a missing value (`None`, `NaN`,
/// `pandas.NaT`, `pandas.NA`, `numpy.datetime64("NaT")`) where a date is required raises
/// `InvalidArgumentError` (`option_invalid`); another type raises `InvalidTypeError`.
#[derive(Debug, Clone, Copy)]
pub struct DateArg(pub NaiveDate);

/// What a date argument holds before the core reads it.
enum DateValue {
    /// A missing value (see [`crate::json::is_missing`]).
    Missing,
    /// The date's text, for the core's `parse_date`.
    Text(String),
}

/// `ob` as the text of a date, or missing; a value of another type is an `InvalidTypeError`.
fn date_value(ob: &Bound<'_, PyAny>) -> PyResult<DateValue> {
    if let Ok(s) = ob.cast::<PyString>() {
        return Ok(DateValue::Text(s.to_cow()?.into_owned()));
    }
    if crate::json::is_missing(ob)? {
        return Ok(DateValue::Missing);
    }
    if ob.is_instance_of::<PyDate>() || type_name(ob) == "datetime64" {
        match crate::json::to_plain(ob, "date")? {
            Value::String(s) => return Ok(DateValue::Text(s)),
            Value::Null => return Ok(DateValue::Missing),
            _ => {}
        }
    }
    Err(crate::errors::type_invalid(format!(
        "expected a date (datetime.date, or a datetime, pandas.Timestamp or numpy.datetime64 at midnight) or a 'YYYY-MM-DD' string, not {}",
        type_name(ob)
    )))
}

impl<'a, 'py> FromPyObject<'a, 'py> for DateArg {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        match date_value(&ob)? {
            DateValue::Text(s) => parse_date(&s).map(DateArg).map_err(py_err),
            DateValue::Missing => Err(crate::errors::option_invalid(
                format!(
                    "a date is required here, not a missing value ({}); give a datetime.date or 'YYYY-MM-DD'",
                    type_name(&ob)
                ),
                None,
            )),
        }
    }
}

/// A date argument that may be left out: as [`DateArg`], but a missing value or a blank string
/// is no date (the core's rule, `workflow::optional_date`).
#[derive(Debug, Clone, Copy)]
pub struct OptDate(pub Option<NaiveDate>);

impl<'a, 'py> FromPyObject<'a, 'py> for OptDate {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        match date_value(&ob)? {
            DateValue::Text(s) => optional_date(Some(&s)).map(OptDate).map_err(py_err),
            DateValue::Missing => Ok(OptDate(None)),
        }
    }
}

/// The date of an optional date argument (`Option<OptDate>`: None when left out, given as
/// `None` or as another missing value).
pub fn opt_date(date: Option<OptDate>) -> Option<NaiveDate> {
    date.and_then(|d| d.0)
}

/// An argument that may be left out, where pandas and numpy's missing values (`NaN`,
/// `pandas.NaT`, `pandas.NA`: how `DataFrame.to_dict("records")` rows hold an empty cell) count
/// as left out, as `None` does. `Option<Maybe<T>>` in a signature; [`given`] reads it.
#[derive(Debug, Clone)]
pub struct Maybe<T>(pub Option<T>);

impl<'a, 'py, T> FromPyObject<'a, 'py> for Maybe<T>
where
    T: FromPyObject<'a, 'py>,
    T::Error: Into<PyErr>,
{
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if crate::json::is_missing(&ob)? {
            return Ok(Maybe(None));
        }
        let py = ob.py();
        T::extract(ob)
            .map(|v| Maybe(Some(v)))
            .map_err(|e| retyped(py, e.into()))
    }
}

/// The value of an optional argument (`Option<Maybe<T>>`).
pub fn given<T>(value: Option<Maybe<T>>) -> Option<T> {
    value.and_then(|m| m.0)
}

/// The date given, or today by the host layer's clock (the local date), as every upload's
/// default `as_of` is.
pub fn date_or_today(date: Option<NaiveDate>) -> NaiveDate {
    date.unwrap_or_else(learner_destinations_host::clock::today)
}

/// A UKPRN argument: an `int` (numpy's integers too) or a `str` (`numpy.str_` too), read as
/// text by the core (so `123` is refused with the same message as `"123"`). `bool` and other
/// types raise `InvalidTypeError`.
pub fn read_ukprn(value: &Bound<'_, PyAny>) -> PyResult<Result<Ukprn, Refusal>> {
    if value.is_instance_of::<PyString>() {
        Ok(Ukprn::parse(&value.extract::<PyBackedStr>()?))
    } else if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        Ok(Ukprn::parse(&value.str()?.to_cow()?))
    } else if is_integer_like(value)? {
        let index = value
            .py()
            .import("operator")?
            .call_method1("index", (value,))?;
        Ok(Ukprn::parse(&index.str()?.to_cow()?))
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

/// A whole number that is not a Python `int`: numpy's integer scalars (`numpy.int64`...), or
/// anything else with `__index__` that is not a bool, a float or a container.
pub fn is_integer_like(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    let class = type_name(value);
    Ok(value.hasattr("__index__")?
        && !value.hasattr("__len__")?
        && !value.is_instance_of::<PyBool>()
        && !value.is_instance_of::<PyFloat>()
        && class != "bool_"
        && class != "bool")
}

/// An argument of type `T` whose value of a wrong type raises the package's `InvalidTypeError`
/// (a `TypeError`, `option_invalid`) and whose number out of `T`'s range raises
/// `InvalidArgumentError` (`option_invalid`), where pyo3 would raise a bare `TypeError` or
/// `OverflowError`; pyo3 adds a note naming the argument.
#[derive(Debug, Clone)]
pub struct Arg<T>(pub T);

impl<T> std::ops::Deref for Arg<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<'a, 'py, T> FromPyObject<'a, 'py> for Arg<T>
where
    T: FromPyObject<'a, 'py>,
    T::Error: Into<PyErr>,
{
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = ob.py();
        T::extract(ob).map(Arg).map_err(|e| retyped(py, e.into()))
    }
}

/// pyo3's own `TypeError` or `OverflowError` from reading an argument, as the package's
/// exception with a catalogued code; any other exception as it is.
pub fn retyped(py: Python<'_>, error: PyErr) -> PyErr {
    if error.get_type(py).is(py.get_type::<PyTypeError>()) {
        crate::errors::type_invalid(error.value(py).to_string())
    } else if error.is_instance_of::<PyOverflowError>(py) {
        crate::errors::option_invalid(error.value(py).to_string(), None)
    } else {
        error
    }
}

/// The name of an object's type, for `TypeError` messages.
pub fn type_name(ob: &Bound<'_, PyAny>) -> String {
    ob.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "this type".to_string())
}
