use crate::finding::{FindingKind, Refusal, Severity};

/// A UKPRN that is not 8 digits in 10000000–99999999.
pub static UKPRN_FORMAT: FindingKind = FindingKind {
    code: "ukprn_format",
    severity: Severity::Error,
    summary: "A UKPRN is 8 digits, from 10000000 to 99999999.",
    source: "ILR XSD: UKPRN is xs:int 10000000-99999999",
    mirrors: None,
};

/// A UK Provider Reference Number: 8 digits, 10000000–99999999.
///
/// ```
/// use learner_destinations::Ukprn;
/// assert_eq!(Ukprn::parse("10000001").unwrap().get(), 10_000_001);
/// assert_eq!(Ukprn::parse("335").unwrap_err().code(), "ukprn_format");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ukprn(u32);

impl Ukprn {
    /// Parses a UKPRN, ignoring surrounding spaces.
    #[inline]
    pub fn parse(input: &str) -> Result<Ukprn, Refusal> {
        match Ukprn::quick(input) {
            Some(u) => Ok(u),
            None => Ukprn::refuse(input, super::trimmed(input)),
        }
    }

    /// [`Ukprn::parse`] without building a refusal: `None` for anything not a UKPRN.
    #[inline]
    pub(crate) fn quick(input: &str) -> Option<Ukprn> {
        Ukprn::quick_bytes(super::trimmed(input).as_bytes())
    }

    /// [`Ukprn::quick`] on bytes already trimmed.
    #[inline]
    pub(crate) fn quick_bytes(b: &[u8]) -> Option<Ukprn> {
        (b.len() == 8 && b[0] != b'0' && super::all_in(b, &super::DIGIT))
            .then(|| Ukprn(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))))
    }

    /// Why `s` (the trimmed `input`) is not a UKPRN.
    #[cold]
    fn refuse(input: &str, s: &str) -> Result<Ukprn, Refusal> {
        if s.is_empty() {
            return Err(Refusal::new(
                &UKPRN_FORMAT,
                input,
                "the UKPRN is empty; a UKPRN is 8 digits",
            ));
        }
        if let Some(c) = s.chars().find(|c| !c.is_ascii_digit()) {
            return Err(Refusal::new(
                &UKPRN_FORMAT,
                input,
                format!(
                    "UKPRN '{s}' contains {}; a UKPRN is 8 digits only",
                    super::describe_char(c)
                ),
            ));
        }
        if s.len() != 8 || s.starts_with('0') {
            // The WMCA portal guide's own template example uses UKPRN 335: a placeholder.
            let placeholder = if s.len() < 8 {
                " (the WMCA portal guide's template examples use a placeholder UKPRN such as 335, not a real one: put your own 8-digit UKPRN in every row)"
            } else {
                ""
            };
            return Err(Refusal::new(
                &UKPRN_FORMAT,
                input,
                format!(
                    "UKPRN '{s}' is not 8 digits from 10000000 to 99999999; use the provider's UKPRN from the UK Register of Learning Providers{placeholder}"
                ),
            ));
        }
        Ok(Ukprn(s.parse().unwrap_or_default()))
    }

    /// Checks a number.
    pub fn new(n: u32) -> Result<Ukprn, Refusal> {
        Ukprn::parse(&n.to_string())
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl std::fmt::Display for Ukprn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::str::FromStr for Ukprn {
    type Err = Refusal;
    fn from_str(s: &str) -> Result<Self, Refusal> {
        Ukprn::parse(s)
    }
}

impl serde::Serialize for Ukprn {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Ukprn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Raw<'a> {
            N(u64),
            S(std::borrow::Cow<'a, str>),
        }
        let s = match Raw::deserialize(d)? {
            Raw::N(n) => n.to_string(),
            Raw::S(s) => s.into_owned(),
        };
        Ukprn::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range() {
        assert!(Ukprn::parse("10000000").is_ok());
        assert!(Ukprn::parse("99999999").is_ok());
        assert!(Ukprn::parse("09999999").is_err());
        assert!(Ukprn::parse("100000000").is_err());
        assert!(
            Ukprn::parse("1000000A")
                .unwrap_err()
                .message
                .contains("'A'")
        );
        assert!(Ukprn::new(12345678).is_ok());
        assert!(Ukprn::new(1234567).is_err());
    }
}
