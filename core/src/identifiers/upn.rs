use super::string_newtype_impls;
use crate::finding::{FindingKind, Refusal, Severity};

/// A UPN that is not 13 characters of the DfE shape.
pub static UPN_FORMAT: FindingKind = FindingKind {
    code: "upn_format",
    severity: Severity::Error,
    summary: "A UPN is 13 characters: a check letter, then 12 digits (permanent) or 11 digits and a letter (temporary); letters never I, O or S.",
    source: "DfE Unique Pupil Number standard v2.0 (UK Gov Data Standards Catalogue, 2004); python-stdnum gb.upn",
    mirrors: None,
};

/// A UPN whose check letter is wrong.
pub static UPN_CHECK_LETTER: FindingKind = FindingKind {
    code: "upn_check_letter",
    severity: Severity::Error,
    summary: "A UPN's first letter must be its check letter: weights 2 to 13 on characters 2 to 13, sum mod 23, mapped to A-Z without I, O and S.",
    source: "DfE Unique Pupil Number standard v2.0, check-letter calculation",
    mirrors: None,
};

/// The 23 letters a UPN uses, in check-value order (A = 0 … Z = 22; I, O and S omitted).
const UPN_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

fn letter_value(b: u8) -> Option<u32> {
    UPN_LETTERS.iter().position(|l| *l == b).map(|p| p as u32)
}

/// A DfE Unique Pupil Number: 13 characters, a check letter then 12 digits (permanent) or 11
/// digits and a letter (temporary).
///
/// Check letter (DfE UPN standard v2.0): weight characters 2–13 by their position (2…13),
/// digits by value and a temporary UPN's final letter by its value in A B C D E F G H J K L M N
/// P Q R T U V W X Y Z (A = 0), sum, take mod 23, and map back to that alphabet.
///
/// ```
/// use learner_destinations::identifiers::Upn;
/// assert!(Upn::parse("B801200005001").is_ok());
/// assert_eq!(Upn::parse("A801200005001").unwrap_err().code(), "upn_check_letter");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Upn([u8; 13]);

impl Upn {
    /// Parses a UPN, ignoring surrounding spaces; letters may be given in lower case.
    pub fn parse(input: &str) -> Result<Upn, Refusal> {
        let s = input.trim();
        let format = |why: String| Refusal::new(&UPN_FORMAT, input, why);
        if s.is_empty() {
            return Err(format("the UPN is empty; a UPN is 13 characters".into()));
        }
        let bytes: [u8; 13] = match s.to_ascii_uppercase().as_bytes().try_into() {
            Ok(b) => b,
            Err(_) => {
                return Err(format(format!(
                    "UPN '{s}' has {} characters; a UPN has 13 (a letter, then 12 digits or 11 digits and a letter)",
                    s.chars().count()
                )));
            }
        };
        if letter_value(bytes[0]).is_none() {
            return Err(format(format!(
                "UPN '{s}' must start with a check letter (A-Z, not I, O or S)"
            )));
        }
        if let Some(pos) = bytes[1..12].iter().position(|b| !b.is_ascii_digit()) {
            return Err(format(format!(
                "UPN '{s}': character {} must be a digit",
                pos + 2
            )));
        }
        let last = bytes[12];
        let last_value = if last.is_ascii_digit() {
            u32::from(last - b'0')
        } else {
            match letter_value(last) {
                Some(v) => v,
                None => {
                    return Err(format(format!(
                        "UPN '{s}' ends in '{}'; the last character is a digit, or for a temporary UPN a letter other than I, O or S",
                        last as char
                    )));
                }
            }
        };
        let sum: u32 = bytes[1..12]
            .iter()
            .zip(2u32..)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum::<u32>()
            + last_value * 13;
        let expected = UPN_LETTERS[(sum % 23) as usize];
        if expected != bytes[0] {
            return Err(Refusal::new(
                &UPN_CHECK_LETTER,
                input,
                format!(
                    "UPN '{s}' fails the DfE check: the first letter should be {}, not {}; check the UPN against the pupil's record",
                    expected as char, bytes[0] as char
                ),
            ));
        }
        Ok(Upn(bytes))
    }

    /// True for a temporary UPN (final character a letter).
    pub fn is_temporary(&self) -> bool {
        self.0[12].is_ascii_alphabetic()
    }

    /// The 13 characters, upper case.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

string_newtype_impls!(Upn);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vectors() {
        assert!(Upn::parse("B801200005001").is_ok());
        assert!(Upn::parse("b801200005001").is_ok());
        let e = Upn::parse("A801200005001").unwrap_err();
        assert!(e.message.contains("should be B, not A"), "{}", e.message);
        assert_eq!(Upn::parse("B80120000500").unwrap_err().code(), "upn_format");
        assert_eq!(
            Upn::parse("I801200005001").unwrap_err().code(),
            "upn_format"
        );
        assert_eq!(
            Upn::parse("B80120000500O").unwrap_err().code(),
            "upn_format"
        );
        // The Juniper worked example sums to 266 -> P (its article says Q, wrongly).
        assert!(Upn::parse("P207000016049").is_ok());
        assert_eq!(
            Upn::parse("Q207000016049").unwrap_err().code(),
            "upn_check_letter"
        );
    }

    proptest! {
        /// For any 12-character body, exactly one check letter is valid.
        #[test]
        fn one_check_letter(body in "[0-9]{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]") {
            let valid = UPN_LETTERS.iter().filter(|l| Upn::parse(&format!("{}{body}", **l as char)).is_ok()).count();
            prop_assert_eq!(valid, 1);
        }

        #[test]
        fn never_panics(s in "\\PC{0,16}") {
            let _ = Upn::parse(&s);
        }
    }
}
