use crate::finding::{FindingKind, Refusal, Severity};

/// An email address that is not well formed.
pub static EMAIL_FORMAT: FindingKind = FindingKind {
    code: "email_format",
    severity: Severity::Error,
    summary: "An email address has one @, not first, a dot after it with at least one character between, no spaces, and at most 100 characters.",
    source: "ILR specification 2024-25 Email field (an @ and a dot, @ not first, last dot at least one character after the @; 1-100 characters; FD_Email_AP, FD_Email_AL)",
    mirrors: Some("FD_Email_AP"),
};

/// Checks an email address: one `@`, not first; a dot after it, at least one character after
/// the `@`, and not last; no spaces or control characters; at most 100 characters.
///
/// ```
/// use learner_destinations::identifiers::check_email;
/// assert!(check_email("sam.learner@example.ac.uk").is_ok());
/// assert!(check_email("@example.com").is_err());
/// assert!(check_email("sam@localhost").is_err());
/// ```
pub fn check_email(input: &str) -> Result<&str, Refusal> {
    let s = input.trim();
    let refuse = |why: String| Refusal::new(&EMAIL_FORMAT, input, why);
    let chars = s.chars().count();
    if chars == 0 {
        return Err(refuse("the email address is empty".into()));
    }
    if chars > 100 {
        return Err(refuse(format!(
            "email address '{s}' has {chars} characters; at most 100 are allowed"
        )));
    }
    if let Some(c) = s.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(refuse(format!(
            "email address '{s}' contains {}; an address has no spaces",
            super::describe_char(c)
        )));
    }
    let ats = s.matches('@').count();
    if ats != 1 {
        return Err(refuse(format!(
            "email address '{s}' must contain exactly one @ (found {ats})"
        )));
    }
    let (local, domain) = s.split_once('@').unwrap_or_default();
    if local.is_empty() {
        return Err(refuse(format!("email address '{s}' must not start with @")));
    }
    match domain.rfind('.') {
        Some(dot) if dot >= 1 && dot + 1 < domain.len() => Ok(s),
        _ => Err(refuse(format!(
            "email address '{s}' needs a domain with a dot after the @ (e.g. name@example.ac.uk)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert!(check_email("a@b.c").is_ok());
        assert!(check_email("a@.c").is_err());
        assert!(check_email("a@b.").is_err());
        assert!(check_email("a@@b.c").is_err());
        assert!(check_email("a b@c.d").is_err());
        assert!(check_email(&format!("{}@b.uk", "a".repeat(95))).is_ok());
        assert!(
            check_email(&format!("{}@b.uk", "a".repeat(96)))
                .unwrap_err()
                .message
                .contains("101")
        );
    }
}
