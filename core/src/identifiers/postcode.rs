use crate::finding::{FindingKind, Refusal, Severity};

/// A postcode that is not a full UK postcode.
pub static POSTCODE_FORMAT: FindingKind = FindingKind {
    code: "postcode_format",
    severity: Severity::Error,
    summary: "A postcode is a full UK postcode: outward code, one space, a digit and two letters (not C, I, K, M, O or V).",
    source: "ESFA Postcode_15 (pattern ^[A-Z]{1,2}[0-9][0-9A-Z]?\\s[0-9][ABD-HJLNP-UWXYZ]{2}$); UCAS Progress manual 5.1 ('Postcodes must be full UK postcodes')",
    mirrors: Some("Postcode_15"),
};

/// A postcode accepted after normalising case or spacing.
pub static POSTCODE_NORMALISED: FindingKind = FindingKind {
    code: "postcode_normalised",
    severity: Severity::Warning,
    summary: "A postcode in lower case or without its single space is accepted and written in the canonical form.",
    source: "ESFA Postcode_15 format (upper case, exactly one space)",
    mirrors: None,
};

/// The "postcode not known" placeholder ZZ99 9ZZ.
pub static POSTCODE_PLACEHOLDER: FindingKind = FindingKind {
    code: "postcode_placeholder",
    severity: Severity::Warning,
    summary: "ZZ99 9ZZ is the 'postcode not known' placeholder: accepted, but it is not the learner's postcode.",
    source: "ESFA Postcode_14 (ZZ99 9ZZ, ValidationConstants)",
    mirrors: Some("Postcode_14"),
};

/// A full UK postcode in canonical form (upper case, one space), e.g. `EC1A 1BB`.
///
/// ```
/// use learner_destinations::identifiers::Postcode;
/// let p = Postcode::parse("ec1a1bb").unwrap();
/// assert_eq!(p.postcode.as_str(), "EC1A 1BB");
/// assert!(p.normalised);
/// assert_eq!(Postcode::parse("B1").unwrap_err().code(), "postcode_format");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode(Box<str>);

/// The result of parsing a postcode: the canonical postcode and whether the input had to be
/// normalised (which callers report as a [`POSTCODE_NORMALISED`] warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedPostcode {
    /// The canonical postcode.
    pub postcode: Postcode,
    /// True when the input differed from the canonical form (case or spacing).
    pub normalised: bool,
}

impl ParsedPostcode {
    /// The warnings this parse carries: normalised, and the ZZ99 9ZZ placeholder.
    pub fn warnings(&self, input: &str) -> Vec<Refusal> {
        let mut w = Vec::new();
        if self.normalised {
            w.push(Refusal::new(
                &POSTCODE_NORMALISED,
                input,
                format!(
                    "postcode '{}' was written as '{}'",
                    input.trim(),
                    self.postcode.as_str()
                ),
            ));
        }
        if self.postcode.is_placeholder() {
            w.push(Refusal::new(
                &POSTCODE_PLACEHOLDER,
                input,
                "ZZ99 9ZZ means 'postcode not known'; give the learner's real postcode if you have it",
            ));
        }
        w
    }
}

/// Letters the inward code may not use (ESFA Postcode_15).
const INWARD_EXCLUDED: &[u8] = b"CIKMOV";

fn valid_outward(o: &[u8]) -> bool {
    let letters = o.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if !(1..=2).contains(&letters) {
        return false;
    }
    let rest = &o[letters..];
    match rest {
        [d] => d.is_ascii_digit(),
        [d, x] => d.is_ascii_digit() && (x.is_ascii_digit() || x.is_ascii_uppercase()),
        _ => false,
    }
}

impl Postcode {
    /// Parses a full UK postcode. Lower case and a missing or doubled space are normalised (see
    /// [`ParsedPostcode::normalised`]); a partial postcode such as `B1` is refused.
    pub fn parse(input: &str) -> Result<ParsedPostcode, Refusal> {
        let shown = input.trim();
        let compact: String = shown
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let refuse = |why: String| Refusal::new(&POSTCODE_FORMAT, input, why);
        if compact.is_empty() {
            return Err(refuse(
                "the postcode is empty; give a full UK postcode such as B1 1AA".into(),
            ));
        }
        if !compact.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(refuse(format!(
                "postcode '{shown}' has characters other than letters, digits and one space"
            )));
        }
        if compact.len() < 5 {
            if valid_outward(compact.as_bytes()) {
                return Err(refuse(format!(
                    "'{shown}' is only the first half (outward code) of a postcode; give the full postcode, e.g. {compact} 1AA"
                )));
            }
            return Err(refuse(format!(
                "postcode '{shown}' is too short to be a full UK postcode"
            )));
        }
        if compact.len() > 7 {
            return Err(refuse(format!(
                "postcode '{shown}' is too long to be a UK postcode"
            )));
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let ib = inward.as_bytes();
        if !valid_outward(outward.as_bytes()) {
            return Err(refuse(format!(
                "postcode '{shown}': '{outward}' is not an outward code (1 or 2 letters, a digit, then optionally a digit or letter)"
            )));
        }
        if !ib[0].is_ascii_digit() || !ib[1..].iter().all(|b| b.is_ascii_uppercase()) {
            return Err(refuse(format!(
                "postcode '{shown}': '{inward}' is not an inward code (a digit and two letters)"
            )));
        }
        if let Some(b) = ib[1..].iter().find(|b| INWARD_EXCLUDED.contains(b)) {
            return Err(refuse(format!(
                "postcode '{shown}': the last part '{inward}' cannot contain '{}' (C, I, K, M, O and V are never used there)",
                *b as char
            )));
        }
        let canonical = format!("{outward} {inward}");
        Ok(ParsedPostcode {
            normalised: canonical != shown,
            postcode: Postcode(canonical.into()),
        })
    }

    /// The canonical postcode.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for `ZZ99 9ZZ`, the "postcode not known" placeholder.
    pub fn is_placeholder(&self) -> bool {
        &*self.0 == "ZZ99 9ZZ"
    }
}

impl std::fmt::Display for Postcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for Postcode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        for ok in [
            "EC1A 1BB", "W1A 0AX", "B1 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "ZZ99 9ZZ",
        ] {
            let p = Postcode::parse(ok).unwrap();
            assert_eq!(p.postcode.as_str(), ok);
            assert!(!p.normalised, "{ok}");
        }
        let p = Postcode::parse(" b33  8th").unwrap();
        assert_eq!(p.postcode.as_str(), "B33 8TH");
        assert!(p.normalised);
        assert_eq!(p.warnings(" b33  8th")[0].code(), "postcode_normalised");
        assert_eq!(
            Postcode::parse("ZZ99 9ZZ").unwrap().warnings("ZZ99 9ZZ")[0].code(),
            "postcode_placeholder"
        );
        let e = Postcode::parse("B1 1CI").unwrap_err();
        assert!(e.message.contains("'C'"), "{}", e.message);
        let e = Postcode::parse("B1").unwrap_err();
        assert!(e.message.contains("first half"), "{}", e.message);
        assert!(Postcode::parse("1B1 1AA").is_err());
        assert!(Postcode::parse("B1-1AA").is_err());
        assert!(Postcode::parse("ABC1 1AA").is_err());
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,12}") {
            let _ = Postcode::parse(&s);
        }

        #[test]
        fn canonical_is_fixed_point(s in "[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UWXYZ]{2}") {
            let p = Postcode::parse(&s).unwrap();
            prop_assert_eq!(p.postcode.as_str(), s.as_str());
            prop_assert!(!p.normalised);
        }
    }
}
