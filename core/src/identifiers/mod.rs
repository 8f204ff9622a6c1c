//! Identifiers: newtypes that can only hold well-formed values, with parsers that say exactly why
//! a value is refused.
//!
//! | type | rule | source |
//! |---|---|---|
//! | [`Uln`] | 10 digits, first not 0, ESFA check digit; `9999999999` = "not known" | ESFA DD01/DD15, ULN_04, OutULN_01 |
//! | [`Ukprn`] | 8 digits, 10000000–99999999 | ILR XSD (xs:int range) |
//! | [`LearnRefNumber`] | 1–12 of A–Z, a–z, 0–9, space | ILR XSD `[A-Za-z0-9 ]{1,12}` |
//! | [`LearnAimRef`] | 1–8 letters and digits, case-insensitive | ILR XSD (RestrictedString 1–8), LARS references |
//! | [`Upn`] | 13 characters, DfE check letter (mod 23) | DfE UPN standard v2.0 |
//! | [`Postcode`] | full UK postcode, canonical form | ESFA Postcode_15 |
//! | [`check_uk_telephone`] | digits only, starts 0, 10–11 digits | UCAS Progress manual 5.1 |
//! | [`check_email`] | one @, dot after it, ≤ 100 characters | ILR Email field 2024-25 |
//! | [`UkMobile`] | `07` + 9 digits in a mobile range (071–075, 077–079, 07624); `+44` forms accepted | Ofcom National Telephone Numbering Plan |

mod aim_ref;
mod email;
mod learn_ref;
mod mobile;
mod postcode;
mod telephone;
mod ukprn;
mod uln;
mod upn;

pub use aim_ref::{AIM_REF_FORMAT, LearnAimRef};
pub use email::{EMAIL_FORMAT, check_email};
pub use learn_ref::{LEARN_REF_FORMAT, LearnRefNumber};
pub use mobile::{MOBILE_NOT_UK, UkMobile};
pub use postcode::{
    POSTCODE_FORMAT, POSTCODE_NORMALISED, POSTCODE_PLACEHOLDER, ParsedPostcode, Postcode,
};
pub use telephone::{TELEPHONE_FORMAT, check_uk_telephone};
pub use ukprn::{UKPRN_FORMAT, Ukprn};
pub use uln::{ULN_CHECKSUM, ULN_FORMAT, ULN_TEXT_PREFIX, ULN_UNKNOWN, Uln, uln_check_digit};
pub use upn::{UPN_CHECK_LETTER, UPN_FORMAT, Upn};

use crate::finding::FindingKind;

/// The kinds of finding this module declares.
pub static KINDS: &[&FindingKind] = &[
    &ULN_FORMAT,
    &ULN_CHECKSUM,
    &ULN_UNKNOWN,
    &ULN_TEXT_PREFIX,
    &UKPRN_FORMAT,
    &LEARN_REF_FORMAT,
    &AIM_REF_FORMAT,
    &UPN_FORMAT,
    &UPN_CHECK_LETTER,
    &POSTCODE_FORMAT,
    &POSTCODE_NORMALISED,
    &POSTCODE_PLACEHOLDER,
    &TELEPHONE_FORMAT,
    &EMAIL_FORMAT,
    &MOBILE_NOT_UK,
];

/// Implements `Display`, `FromStr`, `Serialize` and `Deserialize` through `parse` and `as_str`.
macro_rules! string_newtype_impls {
    ($t:ty) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for $t {
            type Err = crate::finding::Refusal;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$t>::parse(s)
            }
        }
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <$t>::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use string_newtype_impls;

/// `s` without surrounding whitespace, as `str::trim`, with a fast path for the common case of
/// a value that starts and ends with a visible ASCII character (checked once per cell of an
/// upload, so it matters).
#[inline]
pub(crate) fn trimmed(s: &str) -> &str {
    if visible_edges(s.as_bytes()) {
        s
    } else {
        s.trim()
    }
}

/// True for a visible ASCII character (`!` to `~`): one that trimming never removes.
#[inline]
pub(crate) fn is_visible_ascii(b: u8) -> bool {
    (0x21..0x7F).contains(&b)
}

/// True when `bytes` starts and ends with a visible ASCII character: a value that [`trimmed`]
/// leaves as it is, and not empty.
#[inline]
pub(crate) fn visible_edges(bytes: &[u8]) -> bool {
    matches!((bytes.first(), bytes.last()), (Some(f), Some(l)) if is_visible_ascii(*f) && is_visible_ascii(*l))
}

/// Which bytes are ASCII digits, letters or digits, or letters, digits and space: tables for
/// the quick checks of identifiers, which look every byte up (no branch per byte) instead of
/// stopping at the first that fails.
const fn byte_table(class: ByteClass) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = match class {
            ByteClass::Digit => b.is_ascii_digit(),
            ByteClass::Alphanumeric => b.is_ascii_alphanumeric(),
            ByteClass::AlphanumericOrSpace => b.is_ascii_alphanumeric() || b == b' ',
        };
        i += 1;
    }
    table
}

/// The classes of [`byte_table`].
#[derive(Clone, Copy)]
enum ByteClass {
    Digit,
    Alphanumeric,
    AlphanumericOrSpace,
}

pub(crate) static DIGIT: [bool; 256] = byte_table(ByteClass::Digit);
pub(crate) static ALPHANUMERIC: [bool; 256] = byte_table(ByteClass::Alphanumeric);
pub(crate) static ALPHANUMERIC_OR_SPACE: [bool; 256] = byte_table(ByteClass::AlphanumericOrSpace);

/// True when every byte of `bytes` is in `class` (a table above).
#[inline]
pub(crate) fn all_in(bytes: &[u8], class: &[bool; 256]) -> bool {
    bytes.iter().fold(true, |ok, b| ok & class[usize::from(*b)])
}

/// Describes a character for messages: printable characters quoted, others by code point.
pub(crate) fn describe_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() && c != ' ' {
        format!("U+{:04X}", c as u32)
    } else {
        format!("'{c}'")
    }
}

#[cfg(test)]
mod tests {
    use super::trimmed;

    #[test]
    fn byte_tables_are_the_ascii_classes() {
        use super::{ALPHANUMERIC, ALPHANUMERIC_OR_SPACE, DIGIT, all_in};
        for b in 0..=255u8 {
            let i = usize::from(b);
            assert_eq!(DIGIT[i], b.is_ascii_digit(), "{b}");
            assert_eq!(ALPHANUMERIC[i], b.is_ascii_alphanumeric(), "{b}");
            assert_eq!(
                ALPHANUMERIC_OR_SPACE[i],
                b.is_ascii_alphanumeric() || b == b' ',
                "{b}"
            );
        }
        assert!(all_in(b"0123456789", &DIGIT) && all_in(b"", &DIGIT));
        assert!(!all_in(b"01234x6789", &DIGIT) && !all_in("1é".as_bytes(), &ALPHANUMERIC));
        assert!(all_in(b"LRN 1", &ALPHANUMERIC_OR_SPACE) && !all_in(b"LRN 1", &ALPHANUMERIC));
    }

    #[test]
    fn trimmed_is_trim() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "\u{a0}x\u{a0}",
            "x\t",
            "\r\nx",
            "é ",
            "ab",
        ] {
            assert_eq!(trimmed(s), s.trim(), "{s:?}");
        }
    }
}
