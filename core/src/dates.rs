//! Dates: strict parsing with reasons, calendar-month arithmetic and teaching years.
//!
//! The core never reads the clock: every "today" is an argument.

use crate::finding::{FindingKind, Refusal, Severity};
use chrono::{Datelike, Months, NaiveDate};

/// A date that is not `YYYY-MM-DD`.
pub static DATE_FORMAT: FindingKind = FindingKind {
    code: "date_format",
    severity: Severity::Error,
    summary: "A date must be written YYYY-MM-DD.",
    source: "ILR specification: dates are xs:date (YYYY-MM-DD, length 10)",
    mirrors: None,
};

/// A date written `YYYY-MM-DD` that does not exist (2025-02-30).
pub static DATE_IMPOSSIBLE: FindingKind = FindingKind {
    code: "date_impossible",
    severity: Severity::Error,
    summary: "A date must exist in the calendar.",
    source: "ILR specification: dates are xs:date",
    mirrors: None,
};

/// The kinds of finding this module declares.
pub static KINDS: &[&FindingKind] = &[&DATE_FORMAT, &DATE_IMPOSSIBLE];

/// Parses a strict `YYYY-MM-DD` date, saying exactly why a value is refused.
///
/// Surrounding spaces are ignored. `2025-02-30` is refused with "February 2025 has 28 days".
///
/// ```
/// use learner_destinations::dates::parse_date;
/// assert_eq!(parse_date("2025-08-01").unwrap().to_string(), "2025-08-01");
/// assert_eq!(parse_date("2025-02-30").unwrap_err().code(), "date_impossible");
/// assert_eq!(parse_date("01/08/2025").unwrap_err().code(), "date_format");
/// ```
pub fn parse_date(input: &str) -> Result<NaiveDate, Refusal> {
    let s = input.trim();
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(Refusal::new(
            &DATE_FORMAT,
            input,
            format!("'{input}' is not a date in the form YYYY-MM-DD (for example 2025-08-01)"),
        ));
    }
    let num = |r: std::ops::Range<usize>| -> u32 {
        b[r].iter()
            .fold(0u32, |acc, c| acc * 10 + u32::from(c - b'0'))
    };
    let (y, m, d) = (num(0..4) as i32, num(5..7), num(8..10));
    if !(1..=12).contains(&m) {
        return Err(Refusal::new(
            &DATE_IMPOSSIBLE,
            input,
            format!("'{input}' has month {m:02}; months run from 01 to 12 (YYYY-MM-DD)"),
        ));
    }
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => Ok(date),
        None => {
            let days = days_in_month(y, m);
            Err(Refusal::new(
                &DATE_IMPOSSIBLE,
                input,
                format!(
                    "'{input}' does not exist: {} {y} has {days} days",
                    MONTH_NAMES[(m - 1) as usize]
                ),
            ))
        }
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Number of days in a month of a year (proleptic Gregorian).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Adds calendar months, clamping to the end of the month: 31 January + 1 month = 28 (or 29)
/// February. This is the arithmetic ESFA's R108 uses (.NET `AddMonths`).
///
/// Saturates at the largest representable date instead of panicking.
///
/// ```
/// use learner_destinations::dates::{add_months, parse_date};
/// let d = parse_date("2025-01-31").unwrap();
/// assert_eq!(add_months(d, 1).to_string(), "2025-02-28");
/// assert_eq!(add_months(parse_date("2024-01-31").unwrap(), 1).to_string(), "2024-02-29");
/// ```
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Subtracts calendar months, clamping to the end of the month; saturates at the smallest date.
pub fn sub_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// The day after `date` (saturating).
pub fn next_day(date: NaiveDate) -> NaiveDate {
    date.succ_opt().unwrap_or(date)
}

/// An English further-education teaching (academic) year: 1 August to 31 July.
///
/// Source: ILR specification; ESFA validation service reference dates (teaching-year start =
/// 1 August of the collection year's first calendar year, end = 31 July of the next).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TeachingYear {
    start_year: i32,
}

impl TeachingYear {
    /// The teaching year that starts on 1 August of `start_year`.
    pub fn starting(start_year: i32) -> Self {
        TeachingYear { start_year }
    }

    /// The teaching year containing `date`.
    pub fn containing(date: NaiveDate) -> Self {
        let y = date.year();
        TeachingYear {
            start_year: if date.month() >= 8 { y } else { y - 1 },
        }
    }

    /// 1 August of the first calendar year.
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start_year, 8, 1).unwrap_or(NaiveDate::MIN)
    }

    /// 31 July of the second calendar year.
    pub fn end(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start_year + 1, 7, 31).unwrap_or(NaiveDate::MAX)
    }

    /// The calendar year the teaching year starts in.
    pub fn start_year(self) -> i32 {
        self.start_year
    }
}

impl std::fmt::Display for TeachingYear {
    /// `2025-26`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}-{:02}",
            self.start_year,
            (self.start_year + 1).rem_euclid(100)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_reasons() {
        assert!(parse_date(" 2024-02-29 ").is_ok());
        let e = parse_date("2025-02-29").unwrap_err();
        assert_eq!(e.code(), "date_impossible");
        assert!(
            e.message.contains("February 2025 has 28 days"),
            "{}",
            e.message
        );
        assert_eq!(
            parse_date("2025-13-01").unwrap_err().code(),
            "date_impossible"
        );
        assert_eq!(parse_date("2025-1-01").unwrap_err().code(), "date_format");
        assert_eq!(parse_date("").unwrap_err().code(), "date_format");
        assert_eq!(
            parse_date("２０２５-01-01").unwrap_err().code(),
            "date_format"
        );
    }

    #[test]
    fn teaching_year() {
        let d = parse_date("2025-07-31").unwrap();
        assert_eq!(TeachingYear::containing(d).to_string(), "2024-25");
        let d = parse_date("2025-08-01").unwrap();
        let ty = TeachingYear::containing(d);
        assert_eq!(ty.to_string(), "2025-26");
        assert_eq!(ty.end().to_string(), "2026-07-31");
        assert_eq!(TeachingYear::starting(1999).to_string(), "1999-00");
    }

    proptest! {
        #[test]
        fn add_months_never_goes_backwards(days in 0i64..80_000, months in 0u32..2_000) {
            let d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            let later = add_months(d, months);
            prop_assert!(later >= d);
            // Clamped to the month end, never rolled into the next month.
            prop_assert_eq!(later.day(), d.day().min(days_in_month(later.year(), later.month())));
            let month_index = |x: NaiveDate| x.year() * 12 + x.month() as i32;
            prop_assert_eq!(month_index(later) - month_index(d), months as i32);
        }

        #[test]
        fn parse_never_panics(s in ".{0,12}") {
            let _ = parse_date(&s);
        }

        #[test]
        fn display_roundtrip(days in 0i64..80_000) {
            let d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            prop_assert_eq!(parse_date(&d.to_string()).unwrap(), d);
        }
    }
}
