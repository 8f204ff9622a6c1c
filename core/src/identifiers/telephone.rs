use crate::finding::{FindingKind, Refusal, Severity};

/// A telephone number not in the UCAS Progress form (digits only, starting 0, 10 or 11 digits).
pub static TELEPHONE_FORMAT: FindingKind = FindingKind {
    code: "telephone_format",
    severity: Severity::Error,
    summary: "A telephone number is a UK number written as digits only, with no spaces, starting with 0, 10 or 11 digits long (e.g. 0123456789).",
    source: "UCAS Progress learner manager manual 5.1 ('Enter a valid UK telephone number with no spaces, eg 0123456789'); ILR TelNo is digits only with no spaces or brackets",
    mirrors: None,
};

/// Checks a UK telephone number in the form the UCAS Progress import demands: digits only, no
/// spaces, starting with 0, 10 or 11 digits. Returns the number.
///
/// A number in another common form (`+44 7700 900123`, `(0121) 496 0000`) is refused with the
/// accepted form of that very number in the message.
///
/// ```
/// use learner_destinations::identifiers::check_uk_telephone;
/// assert!(check_uk_telephone("07700900123").is_ok());
/// let e = check_uk_telephone("+44 7700 900123").unwrap_err();
/// assert!(e.message.contains("07700900123"));
/// ```
pub fn check_uk_telephone(input: &str) -> Result<&str, Refusal> {
    let s = input.trim();
    let refuse = |why: String| Refusal::new(&TELEPHONE_FORMAT, input, why);
    if s.bytes().all(|b| b.is_ascii_digit()) && s.starts_with('0') && (10..=11).contains(&s.len()) {
        return Ok(s);
    }
    if let Some(fixed) = suggest(s) {
        return Err(refuse(format!(
            "telephone '{s}' must be digits only with no spaces or +44; write it as {fixed}"
        )));
    }
    Err(refuse(format!(
        "telephone '{s}' is not a UK number written as 10 or 11 digits starting with 0 (e.g. 0123456789)"
    )))
}

/// The accepted form of a UK number written with spaces, brackets, dashes, dots or +44.
fn suggest(s: &str) -> Option<String> {
    let kept: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{a0}'))
        .collect();
    if !kept
        .trim_start_matches('+')
        .bytes()
        .all(|b| b.is_ascii_digit())
        || kept.matches('+').count() > 1
    {
        return None;
    }
    let national = if let Some(rest) = kept
        .strip_prefix("+44")
        .or_else(|| kept.strip_prefix("0044"))
    {
        // "+44 (0)121 ..." keeps a redundant 0.
        let rest = rest.strip_prefix('0').unwrap_or(rest);
        format!("0{rest}")
    } else if kept.starts_with('+') {
        return None;
    } else {
        kept
    };
    (national.starts_with('0') && (10..=11).contains(&national.len())).then_some(national)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert!(check_uk_telephone("0123456789").is_ok());
        assert!(check_uk_telephone("01214960000").is_ok());
        for (bad, fixed) in [
            ("+44 7700 900123", "07700900123"),
            ("+44 (0)121 496 0000", "01214960000"),
            ("0121 496 0000", "01214960000"),
            ("07700-900-123", "07700900123"),
        ] {
            let e = check_uk_telephone(bad).unwrap_err();
            assert!(e.message.contains(fixed), "{bad}: {}", e.message);
        }
        assert!(
            check_uk_telephone("12345")
                .unwrap_err()
                .message
                .contains("10 or 11 digits")
        );
        assert!(check_uk_telephone("+1 555 0100").is_err());
    }
}
