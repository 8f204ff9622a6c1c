//! The small decisions every host used to make for itself, made once: what a blank date means,
//! how an existing-usernames file is read, what a completion status or a qualification group
//! number may be, which teaching year a records check defaults to.

use super::options::{SHOWN_VALUE_CHARS, shown, type_name};
use crate::awaiting::CompletionStatus;
use crate::dates::{TeachingYear, parse_date};
use crate::error::{Error, Result};
use crate::finding::Refusal;
use crate::qualifications::MAX_GROUPS;
use chrono::NaiveDate;
use serde_json::Value;

/// A date given as text where a date may be left out: a blank string (as a spreadsheet cell or
/// an empty form field gives it) or `None` is no date; anything else must be a real
/// `YYYY-MM-DD` date ([`parse_date`]). The one rule for every host (the Python binding treated
/// a blank record end as none, the Node binding only the empty string).
///
/// ```
/// use learner_destinations::workflow::optional_date;
/// assert_eq!(optional_date(Some("  ")).unwrap(), None);
/// assert_eq!(optional_date(None).unwrap(), None);
/// assert_eq!(optional_date(Some("2025-07-31")).unwrap().unwrap().to_string(), "2025-07-31");
/// assert_eq!(optional_date(Some("31/07/2025")).unwrap_err().code(), "date_format");
/// ```
pub fn optional_date(text: Option<&str>) -> std::result::Result<Option<NaiveDate>, Refusal> {
    match text {
        None => Ok(None),
        Some(t) if t.trim().is_empty() => Ok(None),
        Some(t) => parse_date(t).map(Some),
    }
}

/// A date option from plain data: null or a blank string is no date ([`optional_date`]); a
/// string is a `YYYY-MM-DD` date; anything else is [`Error::OptionInvalid`] naming `option`.
pub fn date_option(value: &Value, option: &str) -> Result<Option<NaiveDate>> {
    let invalid = |message: String| Error::OptionInvalid {
        option: option.to_string(),
        message,
    };
    match value {
        Value::Null => Ok(None),
        Value::String(s) if s.chars().count() > SHOWN_VALUE_CHARS => Err(invalid(format!(
            "takes a date as YYYY-MM-DD, not a string of {} characters",
            s.chars().count()
        ))),
        Value::String(s) => optional_date(Some(s)).map_err(|r| {
            invalid(format!(
                "takes a date as YYYY-MM-DD (blank or null for none): {}",
                r.message
            ))
        }),
        other => Err(invalid(format!(
            "takes a date as a YYYY-MM-DD string, not {} {}",
            type_name(other),
            shown(other)
        ))),
    }
}

/// The usernames in a list of usernames already taken, one per line as a file holds them: each
/// line trimmed of surrounding white space, a byte-order mark at the start dropped, blank lines
/// skipped. The CLI's `--existing-usernames FILE` rule, for every host (a username never has
/// spaces: UCAS Progress learner manager manual 3.3 and 4.1 allow letters, digits and `@._-`).
///
/// ```
/// use learner_destinations::workflow::existing_usernames_from_text;
/// let file = "\u{FEFF}ann.smith\r\n\r\n  bob.jones  \n\n";
/// assert_eq!(existing_usernames_from_text(file), ["ann.smith", "bob.jones"]);
/// ```
pub fn existing_usernames_from_text(text: &str) -> Vec<String> {
    trim_usernames(text.lines())
}

/// [`existing_usernames_from_text`]'s rule for a list already split: each item trimmed (and a
/// byte-order mark dropped), blank items skipped.
pub fn trim_usernames<I, S>(items: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    items
        .into_iter()
        .map(|s| {
            s.as_ref()
                .trim_start_matches('\u{feff}')
                .trim()
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// The `existing_usernames` option from plain data: a list of strings, or one string holding
/// the lines of a file; trimmed by [`trim_usernames`].
pub fn existing_usernames_from_value(value: &Value, option: &str) -> Result<Vec<String>> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::String(s) => Ok(existing_usernames_from_text(s)),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => out.push(s.as_str()),
                    other => {
                        return Err(Error::OptionInvalid {
                            option: format!("{option}[{i}]"),
                            message: format!(
                                "takes a username (a string), not {} {}",
                                type_name(other),
                                shown(other)
                            ),
                        });
                    }
                }
            }
            Ok(trim_usernames(out))
        }
        other => Err(Error::OptionInvalid {
            option: option.to_string(),
            message: format!(
                "takes a list of usernames (strings) or the text of a file of them, one per line, not {} {}",
                type_name(other),
                shown(other)
            ),
        }),
    }
}

/// An ILR completion status (CompStatus: 1 continuing, 2 completed, 3 withdrawn, 6 break in
/// learning; ESFA ILR specification, CompStatus) from plain data: a whole number, or its digit
/// as a string (surrounding spaces ignored). Anything else is [`Error::OptionInvalid`] naming
/// `option` and quoting the value given (the Python binding's message did not).
///
/// ```
/// use learner_destinations::workflow::completion_status;
/// use serde_json::json;
/// assert_eq!(completion_status(&json!(2), "completion_status").unwrap().code(), 2);
/// assert_eq!(completion_status(&json!(" 6 "), "completion_status").unwrap().code(), 6);
/// let e = completion_status(&json!(4), "completion_status").unwrap_err();
/// assert!(e.to_string().contains("4 is not an ILR CompStatus"));
/// ```
pub fn completion_status(value: &Value, option: &str) -> Result<CompletionStatus> {
    let code = match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        other => {
            return Err(Error::OptionInvalid {
                option: option.to_string(),
                message: format!(
                    "takes an ILR CompStatus: 1 (continuing), 2 (completed), 3 (withdrawn) or 6 (break in learning), not {} {}",
                    type_name(other),
                    shown(other)
                ),
            });
        }
    };
    code.and_then(|c| u8::try_from(c).ok())
        .and_then(CompletionStatus::from_code)
        .ok_or_else(|| Error::OptionInvalid {
            option: option.to_string(),
            message: format!(
                "{} is not an ILR CompStatus; use 1 (continuing), 2 (completed), 3 (withdrawn) or 6 (break in learning)",
                match value {
                    Value::String(s) => shown(&Value::String(s.trim().to_string())),
                    other => shown(other),
                }
            ),
        })
}

/// A qualification group number: 1 to [`MAX_GROUPS`] (18), the groups a learner row of the
/// bulk qualification upload may have (UCAS Progress learner manager manual 9.2: "Can input up
/// to 18 for each student"). Group 19 does not exist: [`Error::OptionInvalid`] naming
/// `option` (the Node binding took any number from 1).
///
/// ```
/// use learner_destinations::workflow::group_number;
/// assert_eq!(group_number(18, "n").unwrap(), 18);
/// assert_eq!(group_number(19, "n").unwrap_err().code(), "option_invalid");
/// assert_eq!(group_number(0, "n").unwrap_err().code(), "option_invalid");
/// ```
pub fn group_number(n: i64, option: &str) -> Result<usize> {
    usize::try_from(n)
        .ok()
        .filter(|n| (1..=MAX_GROUPS).contains(n))
        .ok_or_else(|| Error::OptionInvalid {
            option: option.to_string(),
            message: format!(
                "qualification group {n} does not exist; groups are numbered 1 to {MAX_GROUPS} (a learner has at most {MAX_GROUPS} qualifications in one upload)"
            ),
        })
}

/// [`group_number`] from plain data: a whole number (a float with no fraction, as JavaScript
/// numbers arrive, included).
pub fn group_number_value(value: &Value, option: &str) -> Result<usize> {
    let n = match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| f as i64)
        }),
        _ => None,
    };
    match n {
        Some(n) => group_number(n, option),
        None => Err(Error::OptionInvalid {
            option: option.to_string(),
            message: format!(
                "takes a qualification group number, a whole number from 1 to {MAX_GROUPS}, not {} {}",
                type_name(value),
                shown(value)
            ),
        }),
    }
}

/// The teaching year a destination records check is for: the one given, else the teaching
/// year (1 August to 31 July) containing the file preparation date, as ESFA's rules read a
/// file in the year it is prepared for (ILR specification: the collection year of the file;
/// the CLI's `destinations records` and the Node binding both defaulted so).
///
/// ```
/// use learner_destinations::dates::{TeachingYear, parse_date};
/// use learner_destinations::workflow::teaching_year_or_default;
/// let file_date = parse_date("2025-09-15").unwrap();
/// assert_eq!(teaching_year_or_default(None, file_date).to_string(), "2025-26");
/// let given = TeachingYear::parse("2024-25").unwrap();
/// assert_eq!(teaching_year_or_default(Some(given), file_date), given);
/// ```
pub fn teaching_year_or_default(year: Option<TeachingYear>, file_date: NaiveDate) -> TeachingYear {
    year.unwrap_or_else(|| TeachingYear::containing(file_date))
}
