//! Conversions of Python arguments into core values: they only convert, and leave every refusal
//! to the core (a date string is read by the core's strict `parse_date`, so a bad one is refused
//! with the same code and message as everywhere else).

use crate::errors::py_err;
use chrono::NaiveDate;
use learner_destinations::dates::parse_date;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;

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
            Err(_) => Err(PyTypeError::new_err(format!(
                "expected a datetime.date or a 'YYYY-MM-DD' string, not {}",
                type_name(&ob)
            ))),
        }
    }
}

/// The name of an object's type, for `TypeError` messages.
pub fn type_name(ob: &Bound<'_, PyAny>) -> String {
    ob.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "this type".to_string())
}
