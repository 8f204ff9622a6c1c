use super::string_newtype_impls;
use crate::finding::{FindingKind, Refusal, Severity};

/// A learner reference that is not 1–12 of A–Z, a–z, 0–9 and space.
pub static LEARN_REF_FORMAT: FindingKind = FindingKind {
    code: "learn_ref_format",
    severity: Severity::Error,
    summary: "A learner reference number is 1 to 12 characters of A-Z, a-z, 0-9 and space.",
    source: "ILR XSD: LearnRefNumber pattern [A-Za-z0-9 ]{1,12}",
    mirrors: None,
};

/// A provider's learner reference number (ILR `LearnRefNumber`): 1–12 characters of A–Z, a–z,
/// 0–9 and space. Compared exactly (case-sensitive), as the ILR does for R85.
///
/// Surrounding spaces are trimmed before checking; spaces inside are kept.
///
/// ```
/// use learner_destinations::LearnRefNumber;
/// assert_eq!(LearnRefNumber::parse("000000997742").unwrap().as_str(), "000000997742");
/// assert_eq!(LearnRefNumber::parse("LRN-1").unwrap_err().code(), "learn_ref_format");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LearnRefNumber(Box<str>);

impl LearnRefNumber {
    /// Parses a learner reference.
    pub fn parse(input: &str) -> Result<LearnRefNumber, Refusal> {
        let s = LearnRefNumber::check(input)?;
        Ok(LearnRefNumber(s.into()))
    }

    /// Checks a learner reference without keeping it: the trimmed input when it is well formed,
    /// or why not. Same rule as [`LearnRefNumber::parse`]; templates use it to check every row
    /// without allocating.
    #[inline]
    pub fn check(input: &str) -> Result<&str, Refusal> {
        match LearnRefNumber::quick(input) {
            Some(s) => Ok(s),
            None => LearnRefNumber::refuse(input, super::trimmed(input)),
        }
    }

    /// [`LearnRefNumber::check`] without building a refusal: `None` for anything not a
    /// learner reference.
    #[inline]
    pub(crate) fn quick(input: &str) -> Option<&str> {
        let s = super::trimmed(input);
        LearnRefNumber::is_valid_bytes(s.as_bytes()).then_some(s)
    }

    /// True when `trimmed` (bytes already trimmed) is a learner reference.
    #[inline]
    pub(crate) fn is_valid_bytes(trimmed: &[u8]) -> bool {
        (1..=12).contains(&trimmed.len()) && super::all_in(trimmed, &super::ALPHANUMERIC_OR_SPACE)
    }

    /// Why `s` (the trimmed `input`) is not a learner reference.
    #[cold]
    fn refuse<'i>(input: &'i str, s: &'i str) -> Result<&'i str, Refusal> {
        if s.is_empty() {
            return Err(Refusal::new(
                &LEARN_REF_FORMAT,
                input,
                "the learner reference number is empty",
            ));
        }
        if let Some(c) = s
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b' '))
            .and_then(|i| s[i..].chars().next())
        {
            return Err(Refusal::new(
                &LEARN_REF_FORMAT,
                input,
                format!(
                    "learner reference '{s}' contains {}; only letters A-Z, digits and spaces are allowed",
                    super::describe_char(c)
                ),
            ));
        }
        if s.len() > 12 {
            return Err(Refusal::new(
                &LEARN_REF_FORMAT,
                input,
                format!(
                    "learner reference '{s}' has {} characters; at most 12 are allowed",
                    s.len()
                ),
            ));
        }
        Ok(s)
    }

    /// The reference.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_newtype_impls!(LearnRefNumber);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format() {
        assert!(LearnRefNumber::parse("LRN1").is_ok());
        assert!(LearnRefNumber::parse("AB 12").is_ok());
        assert!(LearnRefNumber::parse("123456789012").is_ok());
        assert!(
            LearnRefNumber::parse("1234567890123")
                .unwrap_err()
                .message
                .contains("13 characters")
        );
        assert!(LearnRefNumber::parse("é").is_err());
        assert_eq!(LearnRefNumber::check(" AB 12 ").unwrap(), "AB 12");
        assert!(LearnRefNumber::check("AB-12").is_err());
        assert!(LearnRefNumber::parse("  ").is_err());
    }
}
