//! Field rules of the learner import template (UCAS Progress learner manager manual, sections
//! 5.1 and 7.3), each returning the accepted value or a [`Refusal`] that echoes the input.

use crate::dates::{add_months, parse_date};
use crate::finding::{FindingKind, Refusal, Severity};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// A value not in one of the template's lists (year group, gender, ethnicity).
pub static NOT_IN_LIST: FindingKind = FindingKind {
    code: "value_not_in_list",
    severity: Severity::Error,
    summary: "The value must be one of the template's listed values (year group, gender, ethnicity), matched ignoring case.",
    source: "UCAS Progress learner manager manual 7.3 (Learner year group, Gender, Ethnicity formats)",
    mirrors: None,
};

/// A date of birth that is not a real `YYYY-MM-DD` date, or is in the future.
pub static DOB_INVALID: FindingKind = FindingKind {
    code: "dob_invalid",
    severity: Severity::Error,
    summary: "A date of birth is a real date written YYYY-MM-DD, not in the future.",
    source: "UCAS Progress learner manager manual 7.3 ('Dob ... using the date pattern YYYY-MM-DD')",
    mirrors: None,
};

/// A date of birth in a form Excel produces (`03/02/2008`, a serial number such as `39481`).
pub static DOB_EXCEL_FORMAT: FindingKind = FindingKind {
    code: "dob_excel_format",
    severity: Severity::Error,
    summary: "A date of birth that Excel reformatted (day/month/year, or a date serial number) must be written YYYY-MM-DD.",
    source: "UCAS Progress learner manager manual 7.3; user reports of Excel damage to dates (serial dates, reformatted dates)",
    mirrors: None,
};

/// The youngest age on the as-of date that a learner import expects without a warning: 11, a
/// Year 7 learner (the manual's example learner is in "learner year group Year 7", section 4),
/// below the "young people aged 13 to 19" UCAS Progress serves (manual introduction). The one
/// default every host uses ([`DEFAULT_AGES`]).
pub const DEFAULT_MIN_AGE: i32 = 11;

/// The oldest age on the as-of date that a learner import expects without a warning: 25, above
/// the manual's "13 to 19" by the years a learner with an education, health and care plan may
/// stay in education (to 25: Children and Families Act 2014, section 46).
pub const DEFAULT_MAX_AGE: i32 = 25;

/// [`DEFAULT_MIN_AGE`] to [`DEFAULT_MAX_AGE`], inclusive: ages outside it are warned about
/// ([`AGE_OUT_OF_RANGE`]), never refused.
pub const DEFAULT_AGES: std::ops::RangeInclusive<i32> = DEFAULT_MIN_AGE..=DEFAULT_MAX_AGE;

/// An age on the as-of date outside the expected range.
pub static AGE_OUT_OF_RANGE: FindingKind = FindingKind {
    code: "age_out_of_range",
    severity: Severity::Warning,
    summary: "The learner's age on the as-of date is outside the expected range (default 11 to 25); check the date of birth.",
    source: "UCAS Progress (young people aged 13 to 19, manual introduction); age arithmetic as ESFA DateTimeQueryService.YearsBetween",
    mirrors: None,
};

/// A name or address field that is too long or holds control characters.
pub static TEXT_FIELD_INVALID: FindingKind = FindingKind {
    code: "text_field_invalid",
    severity: Severity::Error,
    summary: "Names and address lines are at most 100 characters, with no control characters.",
    source: "UCAS Progress learner import template (names and address lines)",
    mirrors: None,
};

/// A CCIS young person record ID that is not up to 20 letters and digits.
pub static CCIS_FORMAT: FindingKind = FindingKind {
    code: "ccis_format",
    severity: Severity::Error,
    summary: "A CCIS young person record ID is up to 20 letters and digits.",
    source: "UCAS Progress learner manager manual 7.3 (CCIS - the CCIS young person record ID)",
    mirrors: None,
};

/// The kinds of finding this module declares.
pub static KINDS: &[&FindingKind] = &[
    &NOT_IN_LIST,
    &DOB_INVALID,
    &DOB_EXCEL_FORMAT,
    &AGE_OUT_OF_RANGE,
    &TEXT_FIELD_INVALID,
    &CCIS_FORMAT,
];

/// The lists the learner import template checks values against: reference data with its source.
///
/// The default ([`LearnerLists::builtin`]) is embedded from `core/data/learner-lists.json`; a
/// caller can load its own in the same JSON format ([`LearnerLists::from_json_str`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct LearnerLists {
    /// Where the lists come from.
    pub source: String,
    /// The lists' version.
    pub version: String,
    /// Accepted learner year groups (default Year 7 to Year 14).
    pub year_groups: Vec<String>,
    /// Accepted genders.
    pub genders: Vec<String>,
    /// Accepted ethnicities (2011 census categories).
    pub ethnicities: Vec<String>,
}

const BUILTIN_LISTS: &str = include_str!("../../data/learner-lists.json");

impl LearnerLists {
    /// The lists from the UCAS Progress manual.
    pub fn builtin() -> LearnerLists {
        // The embedded file is checked by `builtin_lists_load`.
        serde_json::from_str(BUILTIN_LISTS).unwrap_or_else(|_| LearnerLists {
            source: String::new(),
            version: String::new(),
            year_groups: Vec::new(),
            genders: Vec::new(),
            ethnicities: Vec::new(),
        })
    }

    /// Lists from a JSON document of the same shape as the built-in file.
    pub fn from_json_str(text: &str) -> crate::Result<LearnerLists> {
        serde_json::from_str(text).map_err(|e| crate::Error::json("learner lists", &e))
    }

    /// The canonical year group matching `input` (case-insensitive, spaces collapsed).
    pub fn year_group(&self, input: &str) -> Result<&str, Refusal> {
        find_in(&self.year_groups, input, "learner year group", fold_spaces)
    }

    /// The canonical gender matching `input` (case-insensitive).
    pub fn gender(&self, input: &str) -> Result<&str, Refusal> {
        find_in(&self.genders, input, "gender", fold_spaces)
    }

    /// The canonical ethnicity matching `input`, ignoring case and spacing around `/`.
    pub fn ethnicity(&self, input: &str) -> Result<&str, Refusal> {
        find_in(&self.ethnicities, input, "ethnicity", fold_slashes)
    }
}

fn fold_spaces(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn fold_slashes(s: &str) -> String {
    fold_spaces(s)
        .split('/')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("/")
}

fn find_in<'a>(
    list: &'a [String],
    input: &str,
    what: &str,
    fold: fn(&str) -> String,
) -> Result<&'a str, Refusal> {
    let want = fold(input);
    list.iter()
        .find(|v| fold(v) == want)
        .map(String::as_str)
        .ok_or_else(|| {
            let shown: Vec<&str> = list.iter().take(20).map(String::as_str).collect();
            Refusal::new(
                &NOT_IN_LIST,
                input,
                format!(
                    "{what} '{}' is not in the list; use one of: {}",
                    input.trim(),
                    shown.join("; ")
                ),
            )
        })
}

/// Whole years between `dob` and `on`, as ESFA's YearsBetween: the difference in calendar
/// years, minus one if `on` falls before the birthday that year (a 29 February birthday falls on
/// 28 February in common years, as .NET AddYears clamps).
pub fn age_on(dob: NaiveDate, on: NaiveDate) -> i32 {
    let years = on.year() - dob.year();
    let months = u32::try_from(years.max(0)).unwrap_or(0).saturating_mul(12);
    if years > 0 && add_months(dob, months) > on {
        years - 1
    } else {
        years
    }
}

/// The excel epoch used for date serial numbers (serial 1 = 1900-01-01, with Excel's phantom
/// 1900-02-29, so serials from 61 on count from 1899-12-30).
fn excel_serial_date(serial: u32) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    (61..=2_958_465)
        .contains(&serial)
        .then(|| epoch + chrono::Duration::days(i64::from(serial)))
}

/// A date of birth that was read, with the warning it may carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedDob {
    /// The date of birth.
    pub date: NaiveDate,
    /// The learner's age on the as-of date.
    pub age: i32,
    /// An [`AGE_OUT_OF_RANGE`] warning, if the age is outside the range.
    pub warning: Option<Refusal>,
}

/// Checks a date of birth: `YYYY-MM-DD`, a real date, not after `as_of`; an age outside
/// `ages` (inclusive) on `as_of` is a warning. Excel-style dates get a finding that explains
/// the expected form.
///
/// ```
/// use learner_destinations::learners::check_dob;
/// use learner_destinations::dates::parse_date;
/// let as_of = parse_date("2025-09-01").unwrap();
/// assert_eq!(check_dob("2008-02-03", as_of, 11..=25).unwrap().age, 17);
/// assert_eq!(check_dob("03/02/2008", as_of, 11..=25).unwrap_err().code(), "dob_excel_format");
/// ```
pub fn check_dob(
    input: &str,
    as_of: NaiveDate,
    ages: std::ops::RangeInclusive<i32>,
) -> Result<CheckedDob, Refusal> {
    let s = input.trim();
    let date = match parse_date(s) {
        Ok(d) => d,
        Err(r) => return Err(explain_dob(s, input, r)),
    };
    if date > as_of {
        return Err(Refusal::new(
            &DOB_INVALID,
            input,
            format!("date of birth {date} is after {as_of}; check the date"),
        ));
    }
    let age = age_on(date, as_of);
    let warning = (!ages.contains(&age)).then(|| {
        Refusal::new(
            &AGE_OUT_OF_RANGE,
            input,
            format!(
                "date of birth {date} makes the learner {age} on {as_of}, outside {} to {}; check the date",
                ages.start(),
                ages.end()
            ),
        )
    });
    Ok(CheckedDob { date, age, warning })
}

fn explain_dob(s: &str, input: &str, parse_refusal: Refusal) -> Refusal {
    if parse_refusal.kind.code == crate::dates::DATE_IMPOSSIBLE.code {
        // Written YYYY-MM-DD but no such day: not an Excel form.
        return Refusal::new(
            &DOB_INVALID,
            input,
            format!("date of birth: {}", parse_refusal.message),
        );
    }
    if let Ok(serial) = s.trim_end_matches(".0").parse::<u32>() {
        if let Some(d) = excel_serial_date(serial) {
            return Refusal::new(
                &DOB_EXCEL_FORMAT,
                input,
                format!(
                    "date of birth '{s}' looks like an Excel date serial number ({d}); format the column as text and write dates as YYYY-MM-DD"
                ),
            );
        }
    }
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[2].len() == 4
    {
        let (d, m, y) = (parts[0], parts[1], parts[2]);
        let guess = format!("{y}-{m:0>2}-{d:0>2}");
        let hint = if parse_date(&guess).is_ok() {
            format!(" (if it means day {d}, month {m}: {guess})")
        } else {
            String::new()
        };
        return Refusal::new(
            &DOB_EXCEL_FORMAT,
            input,
            format!(
                "date of birth '{s}' is in day/month/year form, as Excel shows dates; write it as YYYY-MM-DD{hint}"
            ),
        );
    }
    if parts.len() == 3
        && parts[2].len() == 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Refusal::new(
            &DOB_EXCEL_FORMAT,
            input,
            format!("date of birth '{s}' has a two-digit year; write the full date as YYYY-MM-DD"),
        );
    }
    Refusal::new(
        &DOB_INVALID,
        input,
        format!("date of birth: {}", parse_refusal.message),
    )
}

/// The name [`check_text_field`]'s messages give a field when the caller names none.
pub const DEFAULT_TEXT_FIELD: &str = "Text";

/// Checks a name or address field: at most 100 characters, no control characters.
pub fn check_text_field<'a>(field: &str, input: &'a str) -> Result<&'a str, Refusal> {
    let s = input.trim();
    let n = s.chars().count();
    if n > 100 {
        let head: String = s.chars().take(30).collect();
        return Err(Refusal::new(
            &TEXT_FIELD_INVALID,
            input,
            format!("{field} '{head}...' has {n} characters; at most 100 are allowed"),
        ));
    }
    if let Some(c) = s.chars().find(|c| c.is_control()) {
        return Err(Refusal::new(
            &TEXT_FIELD_INVALID,
            input,
            format!(
                "{field} '{s}' contains the control character U+{:04X}; remove it",
                c as u32
            ),
        ));
    }
    Ok(s)
}

/// Checks a CCIS young person record ID: 1 to 20 letters and digits.
pub fn check_ccis(input: &str) -> Result<&str, Refusal> {
    let s = input.trim();
    if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Refusal::new(
            &CCIS_FORMAT,
            input,
            format!("CCIS ID '{s}' must be 1 to 20 letters and digits"),
        ));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_load() {
        let l = LearnerLists::builtin();
        assert_eq!(l.ethnicities.len(), 19);
        assert_eq!(l.year_groups.len(), 8);
        assert_eq!(l.genders.len(), 4);
        assert!(l.source.contains("UCAS"));
    }

    #[test]
    fn list_matching() {
        let l = LearnerLists::builtin();
        assert_eq!(l.year_group("year  12"), Ok("Year 12"));
        assert_eq!(
            l.year_group("Year 6").unwrap_err().code(),
            "value_not_in_list"
        );
        assert_eq!(l.gender("not KNOWN"), Ok("Not known"));
        assert_eq!(
            l.ethnicity("english/welsh/scottish/northern irish/british"),
            Ok("English / Welsh / Scottish / Northern Irish / British")
        );
        assert_eq!(
            l.ethnicity("Any other Black African/ Caribbean background"),
            Ok("Any other Black African / Caribbean background")
        );
        assert!(
            l.ethnicity("Martian")
                .unwrap_err()
                .message
                .contains("'Martian'")
        );
    }

    #[test]
    fn dob_rules() {
        let as_of = parse_date("2025-09-01").unwrap();
        assert!(
            check_dob("2025-09-02", as_of, 11..=25)
                .unwrap_err()
                .message
                .contains("after")
        );
        assert_eq!(
            check_dob("2008-02-30", as_of, 11..=25).unwrap_err().code(),
            "dob_invalid"
        );
        let e = check_dob("39481", as_of, 11..=25).unwrap_err();
        assert_eq!(e.code(), "dob_excel_format");
        assert!(e.message.contains("2008-02-03"), "{}", e.message);
        let e = check_dob("3/2/2008", as_of, 11..=25).unwrap_err();
        assert!(e.message.contains("2008-02-03"), "{}", e.message);
        assert_eq!(
            check_dob("03/02/08", as_of, 11..=25).unwrap_err().code(),
            "dob_excel_format"
        );
        let old = check_dob("1990-01-01", as_of, 11..=25).unwrap();
        assert_eq!(old.warning.unwrap().code(), "age_out_of_range");
        assert!(
            check_dob("2010-09-01", as_of, 11..=25)
                .unwrap()
                .warning
                .is_none()
        );
    }

    #[test]
    fn age_like_esfa() {
        let d = |s| parse_date(s).unwrap();
        assert_eq!(age_on(d("2008-09-01"), d("2025-08-31")), 16);
        assert_eq!(age_on(d("2008-09-01"), d("2025-09-01")), 17);
        // 29 February birthdays fall on 28 February in common years (.NET AddYears clamps).
        assert_eq!(age_on(d("2008-02-29"), d("2025-02-28")), 17);
        assert_eq!(age_on(d("2008-02-29"), d("2025-02-27")), 16);
    }

    #[test]
    fn text_and_ccis() {
        assert!(check_text_field("Street", &"x".repeat(100)).is_ok());
        assert!(
            check_text_field("Street", &"x".repeat(101))
                .unwrap_err()
                .message
                .contains("101")
        );
        assert!(check_text_field("First name", "Ann\u{7}").is_err());
        assert!(check_ccis("AB12345").is_ok());
        assert!(check_ccis("AB-12345").is_err());
        assert!(check_ccis(&"1".repeat(21)).is_err());
    }
}
