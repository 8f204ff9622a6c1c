//! The core's small decisions on plain values (`learner_destinations::workflow`), for apps that
//! hold a value as JSON (a setting, a form field, a cell read elsewhere) rather than typed:
//! an ILR completion status, a qualification group number, the default teaching year. The
//! core takes or refuses the value and words the message; `name` is what the caller calls the
//! value, and the message names it so.

use crate::error::{Result, json_error};
use learner_destinations::dates::{TeachingYear, parse_date};
use learner_destinations::workflow;
use serde_json::Value;

fn plain(value_json: &str, name: &str) -> Result<Value> {
    serde_json::from_str(value_json).map_err(|e| json_error(name, &e))
}

/// An ILR completion status (CompStatus 1, 2, 3 or 6) from its JSON value: a whole number or
/// its digit as a string (`2`, `"2"`, `3.0`); anything else is refused as
/// [`LdError::Option`](crate::LdError::Option) (`option_invalid`) naming `name`.
#[uniffi::export]
pub fn completion_status_json(value_json: String, name: String) -> Result<u8> {
    Ok(workflow::completion_status(&plain(&value_json, &name)?, &name)?.code())
}

/// A qualification group number (1 to 18, the groups a learner row of the bulk qualification
/// upload has) from its JSON value: a whole number (`18`, `18.0`); anything else, a string
/// included, is refused as [`LdError::Option`](crate::LdError::Option) naming `name`.
#[uniffi::export]
pub fn qualification_group_json(value_json: String, name: String) -> Result<u32> {
    let n = workflow::group_number_value(&plain(&value_json, &name)?, &name)?;
    // 1 to 18: the core refuses any other number.
    Ok(n as u32)
}

/// The teaching year (`2024-25`) a destination records check is for: `year` when given, else
/// the core's default from the file preparation date (ISO).
#[uniffi::export]
pub fn teaching_year(year: Option<String>, file_preparation_date: String) -> Result<String> {
    let year = year.as_deref().map(TeachingYear::parse).transpose()?;
    let file_date = parse_date(&file_preparation_date)?;
    Ok(workflow::teaching_year_or_default(year, file_date).to_string())
}
