//! Dates: strict `YYYY-MM-DD` strings, the only date form the JavaScript API takes or returns.

use crate::errors::Result;
use crate::findings::BindingFinding;
use learner_destinations::dates as core_dates;
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
