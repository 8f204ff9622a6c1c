//! The catalogue of every finding kind the library can produce.
//!
//! Each module that owns rules declares its kinds as `static` [`FindingKind`]s and lists them
//! in a `KINDS` slice; [`finding_kinds`] chains those slices. Bindings export it (Python
//! `list_finding_codes()`, Node `listFindingCodes()`), and tests check that every code is unique
//! and `snake_case`.

use crate::finding::FindingKind;

/// Every finding kind, grouped by the module that owns it.
pub fn finding_kinds() -> impl Iterator<Item = &'static FindingKind> {
    let groups: [&'static [&'static FindingKind]; 13] = [
        crate::dates::KINDS,
        crate::identifiers::KINDS,
        crate::codes::KINDS,
        crate::contact::KINDS,
        crate::tracking::KINDS,
        crate::records::KINDS,
        crate::awaiting::KINDS,
        crate::ilr::KINDS,
        crate::survey::KINDS,
        crate::qualifications::KINDS,
        crate::template::KINDS,
        crate::template::destinations::KINDS,
        crate::template::learners::KINDS,
    ];
    groups
        .into_iter()
        .flatten()
        .copied()
        .chain(crate::learners::kinds())
}

/// The kind with this code.
pub fn finding_kind(code: &str) -> Option<&'static FindingKind> {
    finding_kinds().find(|k| k.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::path::Path;

    /// Every `code: "..."` of a `FindingKind` declared anywhere in the crate's source (and the
    /// codes given to the `survey_kind!` macro).
    fn declared_codes(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                declared_codes(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let mut in_kind = false;
                for line in text.lines() {
                    let t = line.trim();
                    if t.contains(": FindingKind = FindingKind {") {
                        in_kind = true;
                    }
                    if in_kind {
                        if let Some(rest) = t.strip_prefix("code: \"") {
                            out.push(rest.split('"').next().unwrap_or_default().to_string());
                            in_kind = false;
                        }
                    }
                }
                for (at, _) in text.match_indices("survey_kind!(") {
                    let code = text[at..].split('"').nth(1).unwrap_or_default();
                    let looks_like_code = !code.is_empty()
                        && code.chars().all(|c| c.is_ascii_lowercase() || c == '_');
                    if looks_like_code {
                        out.push(code.to_string());
                    }
                }
            }
        }
    }

    /// No declared kind is missing from the catalogue (a module whose `KINDS` is not chained
    /// in [`finding_kinds`] fails here).
    #[test]
    fn every_declared_kind_is_catalogued() {
        let mut declared = Vec::new();
        declared_codes(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut declared,
        );
        assert!(
            declared.len() >= 30,
            "found only {} declarations",
            declared.len()
        );
        let listed: HashSet<&str> = finding_kinds().map(|k| k.code).collect();
        let missing: Vec<&String> = declared
            .iter()
            .filter(|c| !listed.contains(c.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "declared but not in the catalogue: {missing:?}"
        );
    }

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
        assert!(finding_kind("postcode_format").is_some());
        assert!(finding_kind("nope").is_none());
    }
}
