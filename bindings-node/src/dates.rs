//! Dates: strict `YYYY-MM-DD` strings, the only date form the JavaScript API takes or returns;
//! calendar-month arithmetic and teaching years.

use crate::errors::{Result, whole_u32};
use crate::findings::BindingFinding;
use learner_destinations::dates::{self as core_dates, TeachingYear};
use napi_derive::napi;

/// Checks a `YYYY-MM-DD` date (surrounding spaces ignored) and returns it as `YYYY-MM-DD`.
///
/// @throws {Error} `code` `'date_format'` when the text is not `YYYY-MM-DD`, `'date_impossible'`
/// when the date does not exist (`2025-02-30`); the message says why.
#[napi]
pub fn parse_date(input: String) -> Result<String> {
    Ok(core_dates::parse_date(&input)?.to_string())
}

/// Checks a `YYYY-MM-DD` date: `null` when it is one, otherwise the finding saying why
/// (`'date_format'` or `'date_impossible'`). Never throws.
#[napi]
pub fn check_date(input: String) -> Option<BindingFinding> {
    core_dates::parse_date(&input)
        .err()
        .map(|r| r.into_finding().into())
}

/// Reads a `YYYY-MM-DD` argument for the core.
pub(crate) fn date_argument(input: &str) -> Result<chrono::NaiveDate> {
    Ok(core_dates::parse_date(input)?)
}

/// Reads an optional `YYYY-MM-DD` argument; `None` (JavaScript `undefined` or `null`) stays
/// `None`.
pub(crate) fn optional_date(input: Option<&str>) -> Result<Option<chrono::NaiveDate>> {
    input.map(date_argument).transpose()
}

/// An as-of argument: the date given, or today (the host layer's clock, the local date) when
/// it is left out, as every host defaults it.
pub(crate) fn as_of_or_today(input: Option<&str>) -> Result<chrono::NaiveDate> {
    Ok(optional_date(input)?.unwrap_or_else(learner_destinations_host::clock::today))
}

/// Adds calendar months to a `YYYY-MM-DD` date as ESFA's R108 does (.NET `AddMonths`): the day
/// is clamped to the end of a shorter month (`2025-01-31` + 1 month = `2025-02-28`).
///
/// @throws {Error} `code` `'date_format'` or `'date_impossible'` when `date` is not a
/// `YYYY-MM-DD` date; `'option_invalid'` when `months` is not a whole number from 0 to 2^32 - 1.
#[napi]
pub fn add_months(date: String, months: f64) -> Result<String> {
    let date = date_argument(&date)?;
    Ok(core_dates::add_months(date, whole_u32("months", months)?).to_string())
}

/// Subtracts calendar months from a `YYYY-MM-DD` date, clamping the day as `addMonths` does
/// (`2025-03-31` - 1 month = `2025-02-28`).
///
/// @throws {Error} as `addMonths`.
#[napi]
pub fn sub_months(date: String, months: f64) -> Result<String> {
    let date = date_argument(&date)?;
    Ok(core_dates::sub_months(date, whole_u32("months", months)?).to_string())
}

/// A teaching (academic) year: 1 August to 31 July. Dates are `YYYY-MM-DD` strings.
#[napi(object, js_name = "TeachingYear", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingTeachingYear {
    /// The year as people write it, e.g. `'2025-26'`.
    pub name: String,
    /// The calendar year it starts in, e.g. `2025`.
    pub start_year: i32,
    /// Its first day, 1 August (`'2025-08-01'`).
    pub start: String,
    /// Its last day, 31 July of the next year (`'2026-07-31'`).
    pub end: String,
}

impl From<TeachingYear> for BindingTeachingYear {
    fn from(y: TeachingYear) -> Self {
        BindingTeachingYear {
            name: y.to_string(),
            start_year: y.start_year(),
            start: y.start().to_string(),
            end: y.end().to_string(),
        }
    }
}

/// Reads a teaching year written `2025-26`, `2025/26` or as the ILR's four digits `2526`.
///
/// @throws {Error} `code` `'teaching_year_format'` when it is not one, or the years do not
/// follow each other (`2025-27`); the message says how to write it.
#[napi]
pub fn parse_teaching_year(input: String) -> Result<BindingTeachingYear> {
    Ok(TeachingYear::parse(&input)?.into())
}

/// The teaching year containing a `YYYY-MM-DD` date (`'2025-07-31'` is in 2024-25).
///
/// @throws {Error} `code` `'date_format'` or `'date_impossible'`.
#[napi]
pub fn teaching_year_containing(date: String) -> Result<BindingTeachingYear> {
    Ok(TeachingYear::containing(date_argument(&date)?).into())
}
