//! Dates: strict parsing with reasons, calendar-month arithmetic and teaching years.
//!
//! The core never reads the clock: every "today" is an argument.

use crate::finding::{FindingKind, Refusal, Severity};
use chrono::{Datelike, Days, Months, NaiveDate};

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

/// Two dates in the wrong order (an answer before the survey was sent, an as-of date before the
/// learning ended).
pub static DATE_ORDER: FindingKind = FindingKind {
    code: "date_order",
    severity: Severity::Error,
    summary: "A date must not be before the date it follows (a survey answered before it was sent, an as-of date before the learning ended).",
    source: "This library: the order of events in destination tracking (Maytas Destination Tracking guide)",
    mirrors: None,
};

/// A teaching year that is not written `2025-26`.
pub static TEACHING_YEAR_FORMAT: FindingKind = FindingKind {
    code: "teaching_year_format",
    severity: Severity::Error,
    summary: "A teaching year is written YYYY-YY with consecutive years, such as 2025-26 (or 2025/26, or the ILR's 2526).",
    source: "ILR specification: teaching (collection) years run 1 August to 31 July and are named 2025-26 or 2526",
    mirrors: None,
};

/// The kinds of finding this module declares.
pub static KINDS: &[&FindingKind] = &[
    &DATE_FORMAT,
    &DATE_IMPOSSIBLE,
    &DATE_ORDER,
    &TEACHING_YEAR_FORMAT,
];

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

/// Adds whole days; saturates at the largest representable date instead of panicking.
pub fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// Refuses `later` when it is before `earlier`, naming both dates in the words given:
/// `check_order(sent, "the survey was sent", answered, "the answer")`.
///
/// ```
/// use learner_destinations::dates::{check_order, parse_date};
/// let sent = parse_date("2025-08-01").unwrap();
/// let answered = parse_date("2025-07-30").unwrap();
/// let e = check_order(sent, "the date the survey was sent", answered, "the answer date").unwrap_err();
/// assert_eq!(e.code(), "date_order");
/// assert!(e.message.contains("2025-07-30") && e.message.contains("2025-08-01"));
/// ```
pub fn check_order(
    earlier: NaiveDate,
    earlier_what: &str,
    later: NaiveDate,
    later_what: &str,
) -> Result<(), Refusal> {
    if later < earlier {
        return Err(Refusal::new(
            &DATE_ORDER,
            later.to_string(),
            format!(
                "{later_what} {later} is before {earlier_what} {earlier}; it must be on or after {earlier}"
            ),
        ));
    }
    Ok(())
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

    /// Reads `2025-26`, `2025/26` or the ILR's four-digit `2526`; the years must follow each
    /// other.
    ///
    /// ```
    /// use learner_destinations::dates::TeachingYear;
    /// assert_eq!(TeachingYear::parse("2025-26").unwrap().start().to_string(), "2025-08-01");
    /// assert_eq!(TeachingYear::parse("2526").unwrap(), TeachingYear::starting(2025));
    /// assert_eq!(TeachingYear::parse("2025-27").unwrap_err().code(), "teaching_year_format");
    /// ```
    pub fn parse(input: &str) -> Result<TeachingYear, Refusal> {
        let s = input.trim();
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<i32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let parsed = match b.len() {
            7 if b[4] == b'-' || b[4] == b'/' => digits(0..4).zip(digits(5..7)),
            4 => digits(0..2).map(|y| 2000 + y).zip(digits(2..4)),
            _ => None,
        };
        match parsed {
            Some((first, second)) if (first + 1).rem_euclid(100) == second => {
                Ok(TeachingYear::starting(first))
            }
            Some((first, _)) => Err(Refusal::new(
                &TEACHING_YEAR_FORMAT,
                input,
                format!(
                    "teaching year '{s}' does not name two consecutive years; the year starting on 1 August {first} is {}",
                    TeachingYear::starting(first)
                ),
            )),
            None => Err(Refusal::new(
                &TEACHING_YEAR_FORMAT,
                input,
                format!(
                    "'{s}' is not a teaching year; write it like 2025-26 (1 August 2025 to 31 July 2026)"
                ),
            )),
        }
    }
}

impl std::str::FromStr for TeachingYear {
    type Err = Refusal;
    fn from_str(s: &str) -> Result<Self, Refusal> {
        TeachingYear::parse(s)
    }
}

impl serde::Serialize for TeachingYear {
    /// As `2025-26`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for TeachingYear {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        TeachingYear::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Serde helpers reading dates with [`parse_date`], so a JSON `"2025-02-30"` is refused with
/// "February 2025 has 28 days" rather than a parser's generic message. Use with
/// `#[serde(with = "learner_destinations::dates::serde_date")]`; dates are written `YYYY-MM-DD`.
pub mod serde_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    /// Reads a strict `YYYY-MM-DD` date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::parse_date(&s).map_err(|r| serde::de::Error::custom(r.message))
    }

    /// The same for optional dates: `null`, a missing key (with `#[serde(default)]`) or an
    /// empty string is `None`.
    pub mod option {
        use chrono::NaiveDate;
        use serde::{Deserialize, Deserializer, Serializer};

        /// Writes `YYYY-MM-DD` or `null`.
        pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            match date {
                Some(d) => s.collect_str(d),
                None => s.serialize_none(),
            }
        }

        /// Reads `null`, `""` or a strict `YYYY-MM-DD` date.
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
            match <Option<std::borrow::Cow<'de, str>>>::deserialize(d)? {
                None => Ok(None),
                Some(s) if s.trim().is_empty() => Ok(None),
                Some(s) => super::super::parse_date(&s)
                    .map(Some)
                    .map_err(|r| serde::de::Error::custom(r.message)),
            }
        }
    }
}

impl std::fmt::Display for TeachingYear {
    /// `2025-26`; a start year of fewer than four digits zero-padded (`0225-26`), as
    /// [`TeachingYear::parse`] reads it back.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}",
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

    #[test]
    fn teaching_year_parse() {
        for ok in ["2025-26", "2025/26", " 2526 ", "1999-00"] {
            assert!(TeachingYear::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            TeachingYear::parse("2526").unwrap(),
            TeachingYear::starting(2025)
        );
        let e = TeachingYear::parse("2025-27").unwrap_err();
        assert!(e.message.contains("2025-26"), "{}", e.message);
        for bad in ["2025", "25-26", "2025-2026", "", "2a25-26", "２０２５-26"] {
            assert_eq!(
                TeachingYear::parse(bad).unwrap_err().code(),
                "teaching_year_format",
                "{bad}"
            );
        }
        let y: TeachingYear = serde_json::from_str("\"2024-25\"").unwrap();
        assert_eq!(serde_json::to_string(&y).unwrap(), "\"2024-25\"");
        // Found by the identifiers fuzz target: a start year under 1000 read back as written.
        for early in ["0225-26", "0009-10", "0999-00"] {
            let y = TeachingYear::parse(early).unwrap();
            assert_eq!(y.to_string(), early);
            assert_eq!(TeachingYear::parse(&y.to_string()), Ok(y));
        }
    }

    #[test]
    fn day_arithmetic_and_order() {
        let d = parse_date("2025-07-31").unwrap();
        assert_eq!(add_days(d, 30).to_string(), "2025-08-30");
        assert_eq!(add_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(add_days(d, u64::MAX), NaiveDate::MAX);
        assert!(check_order(d, "a", d, "b").is_ok());
        assert_eq!(
            check_order(d, "a", parse_date("2025-07-30").unwrap(), "b")
                .unwrap_err()
                .code(),
            "date_order"
        );
    }

    #[test]
    fn serde_dates_give_reasons() {
        #[derive(serde::Deserialize)]
        struct T {
            #[serde(with = "serde_date")]
            d: NaiveDate,
            #[serde(default, with = "serde_date::option")]
            o: Option<NaiveDate>,
        }
        let t: T = serde_json::from_str(r#"{"d": "2024-02-29", "o": ""}"#).unwrap();
        assert_eq!(t.d.to_string(), "2024-02-29");
        assert!(t.o.is_none());
        let e = serde_json::from_str::<T>(r#"{"d": "2025-02-30"}"#)
            .err()
            .unwrap();
        assert!(e.to_string().contains("February 2025 has 28 days"), "{e}");
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
        fn month_arithmetic_never_panics_and_is_monotonic(
            days in -1_000_000i64..1_000_000,
            months in any::<u32>(),
            extreme in any::<bool>(),
        ) {
            // Anywhere in chrono's range, including next to its ends, with any month count.
            let base = if extreme { NaiveDate::MAX } else { NaiveDate::from_ymd_opt(2000, 1, 31).unwrap() };
            let d = base.checked_add_signed(chrono::Duration::days(days)).unwrap_or(base);
            prop_assert!(add_months(d, months) >= d);
            prop_assert!(sub_months(d, months) <= d);
            prop_assert!(add_months(d, months) <= add_months(d, months.saturating_add(1)));
            prop_assert!(next_day(d) >= d);
            prop_assert!(add_days(d, u64::from(months)) >= d);
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
