use super::string_newtype_impls;
use crate::finding::{FindingKind, Refusal, Severity};

/// A telephone number that is not a UK mobile number, so a survey cannot go to it by SMS.
pub static MOBILE_NOT_UK: FindingKind = FindingKind {
    code: "mobile_not_uk",
    severity: Severity::Error,
    summary: "An SMS needs a UK mobile number: 07 and nine more digits in the mobile ranges 071-075, 077-079 or 07624 (also written +44 7..., 0044 7...).",
    source: "Ofcom National Telephone Numbering Plan: 071-075 and 077-079 are mobile, 07624 is the Isle of Man's mobile range, 070 is personal numbering and 076 radiopaging; Maytas Destination Tracking sends surveys by SMS",
    mirrors: None,
};

/// A UK mobile number, held in its national form `07xxxxxxxxx` (11 digits).
///
/// Accepted spellings: spaces, hyphens, dots and brackets anywhere (`07700 900123`,
/// `(07700) 900-123`), and the international forms `+44 7700 900123`, `+44 (0)7700 900123`,
/// `0044 7700 900123` and `447700900123`. The number must be in a mobile range of the Ofcom
/// numbering plan: 071–075, 077–079, or 07624 (Isle of Man). 070 numbers are personal
/// numbers that forward anywhere, and the rest of 076 is radiopaging, so neither is a mobile.
///
/// ```
/// use learner_destinations::identifiers::UkMobile;
/// assert_eq!(UkMobile::parse("+44 (0)7700 900123").unwrap().as_str(), "07700900123");
/// assert_eq!(UkMobile::parse("0121 496 0000").unwrap_err().code(), "mobile_not_uk");
/// assert!(UkMobile::parse("07624 123456").is_ok());
/// assert!(UkMobile::parse("07000 123456").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UkMobile(String);

impl UkMobile {
    /// Parses a UK mobile number, saying why a value is refused.
    pub fn parse(input: &str) -> Result<UkMobile, Refusal> {
        let shown = input.trim();
        let refuse = |why: String| Err(Refusal::new(&MOBILE_NOT_UK, input, why));
        if shown.is_empty() {
            return refuse(
                "the mobile number is empty; an SMS needs a UK mobile number such as 07700 900123"
                    .into(),
            );
        }
        let mut compact = String::with_capacity(shown.len());
        for c in shown.chars() {
            match c {
                ' ' | '-' | '.' | '(' | ')' => {}
                '+' if compact.is_empty() => compact.push(c),
                c if c.is_ascii_digit() => compact.push(c),
                c => {
                    return refuse(format!(
                        "mobile number '{shown}' contains {}; write digits, spaces and an optional leading +44",
                        super::describe_char(c)
                    ));
                }
            }
        }
        // "+44 (0)7..." loses its brackets above and becomes "+4407..."; drop that 0 too.
        let national = if let Some(rest) = compact
            .strip_prefix("+44")
            .or_else(|| compact.strip_prefix("0044"))
            .or_else(|| compact.strip_prefix("44").filter(|r| r.len() == 10))
        {
            format!("0{}", rest.strip_prefix('0').unwrap_or(rest))
        } else if compact.starts_with('+') || compact.starts_with("00") {
            return refuse(format!(
                "mobile number '{shown}' is not a UK number (+44); surveys go by SMS to UK mobiles only"
            ));
        } else {
            compact
        };
        if national.len() != 11 || !national.starts_with("07") {
            return refuse(format!(
                "'{shown}' is not a UK mobile number: a UK mobile is 07 and nine more digits (11 digits), such as 07700 900123"
            ));
        }
        let b = national.as_bytes();
        let mobile_range =
            matches!(b[2], b'1'..=b'5' | b'7'..=b'9') || national.starts_with("07624");
        if !mobile_range {
            let what = if b[2] == b'0' {
                "070 numbers are personal numbers, not mobiles"
            } else {
                "076 numbers other than 07624 are pagers, not mobiles"
            };
            return refuse(format!(
                "'{shown}' is not a UK mobile number: {what} (mobile ranges are 071-075, 077-079 and 07624)"
            ));
        }
        Ok(UkMobile(national))
    }

    /// The national form, `07700900123`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The international (E.164) form, `+447700900123`.
    pub fn international(&self) -> String {
        format!("+44{}", &self.0[1..])
    }
}

string_newtype_impls!(UkMobile);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spellings() {
        for ok in [
            "07700900123",
            "07700 900123",
            "07700-900-123",
            "(07700) 900 123",
            "+447700900123",
            "+44 7700 900123",
            "+44 (0)7700 900123",
            "0044 7700 900123",
            "447700900123",
            "07123 456789",
            "07512 345678",
            "07987 654321",
            "07624 123456",
        ] {
            let m = UkMobile::parse(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
            assert_eq!(m.as_str().len(), 11);
        }
        assert_eq!(
            UkMobile::parse("+44 7700 900123").unwrap().international(),
            "+447700900123"
        );
    }

    #[test]
    fn refusals_say_why() {
        for (bad, says) in [
            ("", "empty"),
            ("0121 496 0000", "07 and nine more digits"),
            ("0770090012", "07 and nine more digits"),
            ("077009001234", "07 and nine more digits"),
            ("07000 123456", "personal numbers"),
            ("07600 123456", "pagers"),
            ("+33 6 12 34 56 78", "not a UK number"),
            ("07700 9OO123", "'O'"),
            ("07700+900123", "'+'"),
        ] {
            let e = UkMobile::parse(bad).unwrap_err();
            assert_eq!(e.code(), "mobile_not_uk");
            assert!(e.message.contains(says), "{bad}: {}", e.message);
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in ".{0,20}") {
            let _ = UkMobile::parse(&s);
        }

        #[test]
        fn national_form_roundtrips(n in 100_000_000u32..999_999_999) {
            let input = format!("07{n}");
            if let Ok(m) = UkMobile::parse(&input) {
                prop_assert_eq!(m.as_str(), input.as_str());
                prop_assert_eq!(UkMobile::parse(&m.international()).unwrap(), m);
            }
        }
    }
}
