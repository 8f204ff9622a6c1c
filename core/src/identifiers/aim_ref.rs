use super::string_newtype_impls;
use crate::finding::{FindingKind, Refusal, Severity};

/// A learning aim reference that is not 1–8 letters and digits.
pub static AIM_REF_FORMAT: FindingKind = FindingKind {
    code: "aim_ref_format",
    severity: Severity::Error,
    summary: "A learning aim reference is 1 to 8 letters and digits (a LARS reference such as 20000008 or ZPROG001).",
    source: "ILR XSD: LearnAimRef is RestrictedString of length 1-8; LARS references are letters and digits",
    mirrors: None,
};

/// A learning aim reference (ILR `LearnAimRef`, a LARS reference): 1–8 letters and digits,
/// e.g. `20000008`, `Z0002406`, `ZPROG001`. Compared case-insensitively: it is stored in upper
/// case.
///
/// ```
/// use learner_destinations::LearnAimRef;
/// assert_eq!(LearnAimRef::parse("zprog001").unwrap(), LearnAimRef::parse("ZPROG001").unwrap());
/// assert_eq!(LearnAimRef::parse("000000997957").unwrap_err().code(), "aim_ref_format");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LearnAimRef(Box<str>);

impl LearnAimRef {
    /// Parses an aim reference, ignoring surrounding spaces.
    pub fn parse(input: &str) -> Result<LearnAimRef, Refusal> {
        let s = LearnAimRef::check(input)?;
        Ok(LearnAimRef(s.to_ascii_uppercase().into()))
    }

    /// Checks an aim reference without keeping it: the trimmed input when it is well formed
    /// (as typed, not upper-cased), or why not. Same rule as [`LearnAimRef::parse`]; templates
    /// use it to check every row without allocating.
    #[inline]
    pub fn check(input: &str) -> Result<&str, Refusal> {
        match LearnAimRef::quick(input) {
            Some(s) => Ok(s),
            None => LearnAimRef::refuse(input, super::trimmed(input)),
        }
    }

    /// [`LearnAimRef::check`] without building a refusal: `None` for anything not a learning
    /// aim reference.
    #[inline]
    pub(crate) fn quick(input: &str) -> Option<&str> {
        let s = super::trimmed(input);
        LearnAimRef::is_valid_bytes(s.as_bytes()).then_some(s)
    }

    /// True when `trimmed` (bytes already trimmed) is a learning aim reference.
    #[inline]
    pub(crate) fn is_valid_bytes(trimmed: &[u8]) -> bool {
        (1..=8).contains(&trimmed.len()) && super::all_in(trimmed, &super::ALPHANUMERIC)
    }

    /// Why `s` (the trimmed `input`) is not a learning aim reference.
    #[cold]
    fn refuse<'i>(input: &'i str, s: &'i str) -> Result<&'i str, Refusal> {
        if s.is_empty() {
            return Err(Refusal::new(
                &AIM_REF_FORMAT,
                input,
                "the learning aim reference is empty",
            ));
        }
        if let Some(c) = s
            .bytes()
            .position(|b| !b.is_ascii_alphanumeric())
            .and_then(|i| s[i..].chars().next())
        {
            return Err(Refusal::new(
                &AIM_REF_FORMAT,
                input,
                format!(
                    "learning aim reference '{s}' contains {}; it is 1 to 8 letters and digits (e.g. 20000008)",
                    super::describe_char(c)
                ),
            ));
        }
        if s.len() > 8 {
            return Err(Refusal::new(
                &AIM_REF_FORMAT,
                input,
                format!(
                    "learning aim reference '{s}' has {} characters; at most 8 are allowed (was the learner reference put in this column?)",
                    s.len()
                ),
            ));
        }
        Ok(s)
    }

    /// The reference, upper case.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_newtype_impls!(LearnAimRef);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format() {
        for ok in ["20000008", "Z0002406", "ZPROG001", "a"] {
            assert!(LearnAimRef::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(LearnAimRef::parse("z0002406").unwrap().as_str(), "Z0002406");
        assert!(LearnAimRef::parse("Z000 2406").is_err());
        assert_eq!(LearnAimRef::check(" z0002406 ").unwrap(), "z0002406");
        assert_eq!(
            LearnAimRef::check("Z000 2406").unwrap_err().code(),
            "aim_ref_format"
        );
        assert!(
            LearnAimRef::parse("123456789")
                .unwrap_err()
                .message
                .contains("9 characters")
        );
    }
}
