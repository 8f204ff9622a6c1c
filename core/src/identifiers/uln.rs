use super::string_newtype_impls;
use crate::finding::{FindingKind, Refusal, Severity};

/// A ULN that is not 10 digits with a non-zero first digit.
pub static ULN_FORMAT: FindingKind = FindingKind {
    code: "uln_format",
    severity: Severity::Error,
    summary: "A ULN is exactly 10 digits and does not start with 0.",
    source: "ILR XSD: ULN is xs:long 1000000000-9999999999; ESFA DerivedData_01 step 2",
    mirrors: Some("ULN_04"),
};

/// A 10-digit ULN whose check digit is wrong.
pub static ULN_CHECKSUM: FindingKind = FindingKind {
    code: "uln_checksum",
    severity: Severity::Error,
    summary: "A ULN's tenth digit must be its check digit (weights 10..2 on the first nine digits, sum mod 11; remainder 0 is invalid; otherwise 10 - remainder).",
    source: "ESFA DerivedData_01 / DerivedData_15; ULN_04 and OutULN_01 (VS2021)",
    mirrors: Some("ULN_04"),
};

/// The "ULN not known" placeholder `9999999999`: accepted but not matchable to a learner.
pub static ULN_UNKNOWN: FindingKind = FindingKind {
    code: "uln_unknown",
    severity: Severity::Warning,
    summary: "9999999999 means the ULN is not known; it is accepted but cannot be matched to a learner.",
    source: "ESFA DerivedData_01 step 1 (9999999999 passes); ULN_02/ULN_06 warn that it should not be used",
    mirrors: Some("ULN_02"),
};

/// A ULN typed with a leading apostrophe (`'9276308686`): Excel's mark for "keep this cell as
/// text", which belongs to the cell, not the value, and came along in a copy or an export.
pub static ULN_TEXT_PREFIX: FindingKind = FindingKind {
    code: "uln_text_prefix",
    severity: Severity::Error,
    summary: "A ULN that starts with an apostrophe ('9276308686) carries Excel's text-prefix mark: remove it (format the column as Text instead).",
    source: "What upload users ask for: Excel damage reported as such (Excel shows a leading apostrophe as 'keep as text' and does not store it as a character; pasted or exported values keep it); ULN format per ILR XSD and ESFA ULN_04",
    mirrors: None,
};

/// A Unique Learner Number: 10 digits, first digit not 0, ESFA check digit, or the
/// "not known" placeholder `9999999999`.
///
/// Rule (ESFA DerivedData_01, ULN_04, OutULN_01): take the first nine digits d1..d9, compute
/// S = 10·d1 + 9·d2 + … + 2·d9 and r = S mod 11. r = 0 is invalid; otherwise the tenth digit
/// must be 10 − r. `9999999999` fails the arithmetic but is accepted as "not known".
///
/// ```
/// use learner_destinations::Uln;
/// assert!(Uln::parse("1000000043").is_ok());
/// assert_eq!(Uln::parse("1000000063").unwrap_err().code(), "uln_checksum");
/// assert_eq!(Uln::parse("100000004").unwrap_err().code(), "uln_format");
/// assert!(Uln::parse("9999999999").unwrap().is_unknown());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uln([u8; 10]);

/// The check digit for a nine-digit ULN stem, or `None` when the weighted sum's remainder is 0
/// (no check digit makes such a stem valid).
#[inline]
pub fn uln_check_digit(stem: &[u8; 9]) -> Option<u8> {
    let sum: u32 = stem
        .iter()
        .zip((2..=10).rev())
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    match sum % 11 {
        0 => None,
        r => Some((10 - r) as u8),
    }
}

/// The first nine digits of ten ASCII digits as numbers, and the tenth.
#[inline]
fn stem_and_last(bytes: &[u8; 10]) -> ([u8; 9], u8) {
    let mut stem = [0u8; 9];
    for (d, b) in stem.iter_mut().zip(bytes) {
        *d = b.wrapping_sub(b'0');
    }
    (stem, bytes[9].wrapping_sub(b'0'))
}

impl Uln {
    /// The "ULN not known" placeholder.
    pub const UNKNOWN: Uln = Uln(*b"9999999999");

    /// Parses a ULN, ignoring surrounding spaces.
    #[inline]
    pub fn parse(input: &str) -> Result<Uln, Refusal> {
        if let Some(uln) = Uln::quick(input) {
            return Ok(uln);
        }
        let s = super::trimmed(input);
        if let Ok(bytes) = <[u8; 10]>::try_from(s.as_bytes()) {
            if bytes[0] != b'0' && bytes.iter().all(u8::is_ascii_digit) {
                return Uln::check(bytes, input, s);
            }
        }
        Uln::refuse_format(input, s)
    }

    /// The common case of [`Uln::parse`] alone: ten digits whose check digit matches (so not
    /// `9999999999`), without building a refusal for anything else.
    #[inline]
    pub(crate) fn quick(input: &str) -> Option<Uln> {
        Uln::quick_bytes(super::trimmed(input).as_bytes())
    }

    /// [`Uln::quick`] on bytes already trimmed.
    #[inline]
    pub(crate) fn quick_bytes(trimmed: &[u8]) -> Option<Uln> {
        let bytes = <[u8; 10]>::try_from(trimmed).ok()?;
        if bytes[0] == b'0' || !super::all_in(&bytes, &super::DIGIT) {
            return None;
        }
        let (stem, last) = stem_and_last(&bytes);
        (uln_check_digit(&stem) == Some(last)).then_some(Uln(bytes))
    }

    /// Why `s` (the trimmed `input`) is not ten digits, the first not 0. A spreadsheet's damage
    /// (`4.60E+09`, `4603001107.0`, `4,603,001,107`: the `uln_excel_number` finding) and
    /// Excel's text-prefix apostrophe ([`ULN_TEXT_PREFIX`]) are named as such, the same
    /// explanation wherever a ULN is read.
    #[cold]
    fn refuse_format(input: &str, s: &str) -> Result<Uln, Refusal> {
        if let Some(message) = crate::template::destinations::excel_damage(s) {
            return Err(Refusal::new(
                &crate::template::destinations::ULN_EXCEL_NUMBER,
                input,
                message,
            ));
        }
        if let Some(rest) = s.strip_prefix('\'') {
            let rest = super::trimmed(rest);
            if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) {
                let after = match Uln::parse(rest) {
                    Ok(_) => format!("without it the ULN is {rest}, which is valid"),
                    Err(r) => format!("without it: {}", r.message),
                };
                return Err(Refusal::new(
                    &ULN_TEXT_PREFIX,
                    input,
                    format!(
                        "ULN '{s}' starts with an apostrophe, Excel's mark for \"keep this cell as text\", which came along with the value; remove the apostrophe (and format the column as Text instead); {after}"
                    ),
                ));
            }
        }
        if s.is_empty() {
            return Err(Refusal::new(
                &ULN_FORMAT,
                input,
                "the ULN is empty; a ULN is 10 digits",
            ));
        }
        if let Some(c) = s.chars().find(|c| !c.is_ascii_digit()) {
            return Err(Refusal::new(
                &ULN_FORMAT,
                input,
                format!(
                    "ULN '{s}' contains {}; a ULN is 10 digits only",
                    super::describe_char(c)
                ),
            ));
        }
        if s.len() != 10 {
            return Err(Refusal::new(
                &ULN_FORMAT,
                input,
                format!("ULN '{s}' has {} digits; a ULN has exactly 10", s.len()),
            ));
        }
        let bytes: [u8; 10] = match s.as_bytes().try_into() {
            Ok(b) => b,
            Err(_) => {
                return Err(Refusal::new(
                    &ULN_FORMAT,
                    input,
                    "a ULN has exactly 10 digits",
                ));
            }
        };
        if bytes[0] == b'0' {
            return Err(Refusal::new(
                &ULN_FORMAT,
                input,
                format!("ULN '{s}' starts with 0; ULNs run from 1000000000 to 9999999999"),
            ));
        }
        Uln::check(bytes, input, s)
    }

    /// The checksum step on ten ASCII digits, the first not 0 (`s` is the trimmed input).
    #[cold]
    fn check(bytes: [u8; 10], input: &str, s: &str) -> Result<Uln, Refusal> {
        let uln = Uln(bytes);
        if uln == Uln::UNKNOWN {
            return Ok(uln);
        }
        let (stem, last) = stem_and_last(&bytes);
        match uln_check_digit(&stem) {
            None => Err(Refusal::new(
                &ULN_CHECKSUM,
                input,
                format!(
                    "ULN '{s}' cannot be valid: its first nine digits give remainder 0 in the ESFA checksum; check the number against the learner's record"
                ),
            )),
            Some(d) if d != last => Err(Refusal::new(
                &ULN_CHECKSUM,
                input,
                format!(
                    "ULN '{s}' fails the ESFA checksum: the last digit should be {d}, not {last}; check the number against the learner's record"
                ),
            )),
            Some(_) => Ok(uln),
        }
    }

    /// True for the "not known" placeholder `9999999999`.
    pub fn is_unknown(&self) -> bool {
        *self == Uln::UNKNOWN
    }

    /// The ten digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("")
    }

    /// The ten digits, as ASCII bytes.
    pub(crate) fn digits(&self) -> &[u8; 10] {
        &self.0
    }

    /// The ULN as a number.
    pub fn as_u64(&self) -> u64 {
        self.0
            .iter()
            .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'))
    }
}

string_newtype_impls!(Uln);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_vectors() {
        assert!(Uln::parse("1000000043").is_ok());
        assert!(Uln::parse("9276308686").is_ok());
        let e = Uln::parse("1000000063").unwrap_err();
        assert_eq!(e.code(), "uln_checksum");
        assert!(e.message.contains("remainder 0"));
        assert_eq!(Uln::parse("100000004").unwrap_err().code(), "uln_format");
        let e = Uln::parse("1000000042").unwrap_err();
        assert!(e.message.contains("should be 3, not 2"), "{}", e.message);
        assert_eq!(Uln::parse("0123456789").unwrap_err().code(), "uln_format");
        // A spreadsheet's damage and Excel's text prefix, named as such.
        let e = Uln::parse("4.60E+09").unwrap_err();
        assert_eq!(e.code(), "uln_excel_number");
        assert!(e.message.contains("scientific notation"), "{}", e.message);
        let e = Uln::parse("'9276308686").unwrap_err();
        assert_eq!(e.code(), "uln_text_prefix");
        assert!(
            e.message.contains("apostrophe") && e.message.contains("9276308686, which is valid"),
            "{}",
            e.message
        );
        assert_eq!(Uln::parse("'").unwrap_err().code(), "uln_format");
        let u = Uln::parse(" 9999999999 ").unwrap();
        assert!(u.is_unknown());
        assert!(!Uln::parse("1000000043").unwrap().is_unknown());
        assert_eq!(u.to_string(), "9999999999");
        assert_eq!(Uln::parse("9276308686").unwrap().as_u64(), 9_276_308_686);
    }

    proptest! {
        /// Every nine-digit stem with a non-zero remainder has exactly one valid check digit.
        #[test]
        fn exactly_one_check_digit(stem in 100_000_000u32..=999_999_999) {
            let s = stem.to_string();
            let valid: Vec<u8> = (0..=9u8)
                .filter(|d| Uln::parse(&format!("{s}{d}")).is_ok_and(|u| !u.is_unknown()))
                .collect();
            let digits: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
            let weighted: u32 = digits.iter().zip((2..=10u32).rev()).map(|(d, w)| u32::from(*d) * w).sum();
            if weighted % 11 == 0 {
                prop_assert!(valid.is_empty() || s == "999999999");
            } else {
                prop_assert_eq!(valid.len(), 1);
            }
        }

        #[test]
        fn never_panics(s in "\\PC{0,14}") {
            let _ = Uln::parse(&s);
        }
    }
}
