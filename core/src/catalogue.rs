//! The catalogue of every finding kind the library can produce.
//!
//! Each module that owns rules declares its kinds as `static` [`FindingKind`]s and lists them
//! in a `KINDS` slice; [`finding_kinds`] chains those slices. Bindings export it (Python
//! `list_finding_codes()`, Node `listFindingCodes()`), and tests check that every code is unique
//! and `snake_case`.

use crate::finding::FindingKind;

/// Every finding kind, grouped by the module that owns it.
pub fn finding_kinds() -> impl Iterator<Item = &'static FindingKind> {
    let groups: [&'static [&'static FindingKind]; 5] = [
        crate::dates::KINDS,
        crate::identifiers::KINDS,
        crate::codes::KINDS,
        crate::template::KINDS,
        crate::template::destinations::KINDS,
    ];
    groups.into_iter().flatten().copied()
}

/// The kind with this code.
pub fn finding_kind(code: &str) -> Option<&'static FindingKind> {
    finding_kinds().find(|k| k.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_snake_case() {
        let mut seen = HashSet::new();
        for k in finding_kinds() {
            assert!(seen.insert(k.code), "duplicate finding code {}", k.code);
            assert!(
                k.code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{} is not snake_case",
                k.code
            );
            assert!(
                !k.summary.is_empty() && !k.source.is_empty(),
                "{} lacks summary or source",
                k.code
            );
        }
        assert!(finding_kind("uln_checksum").is_some());
        assert!(finding_kind("nope").is_none());
    }
}
