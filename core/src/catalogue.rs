//! The catalogue of every finding kind and every error kind the library can produce.
//!
//! Findings: each module that owns rules declares its kinds as `static` [`FindingKind`]s and
//! lists them in a `KINDS` slice; [`finding_kinds`] chains those slices. Bindings export it
//! (Python `list_finding_codes()`, Node `listFindingCodes()`), and tests check that every code
//! is unique and `snake_case`.
//!
//! Errors: [`error_kinds`] lists the code, [`ErrorCategory`] and summary of every [`Error`]
//! variant, from the one table in `error.rs` that also builds [`Error::kind`] (so a variant
//! cannot be added without its row), and then one `argument` kind per finding kind: an
//! [`Error::InvalidArgument`] carries a [`crate::Refusal`], whose code is the code of the rule
//! that refused the value, and any finding kind can refuse (`Refusal::new` takes any of them).
//! So every code an [`Error`] can carry is in the list: bindings export it (Python
//! `list_error_codes()`, Node `listErrorCodes()`), and `destinations errors --json` prints it.
//!
//! ```
//! use learner_destinations::catalogue::{error_kind, error_kinds};
//! use learner_destinations::{Error, ErrorCategory, Uln};
//!
//! let missing = error_kind("missing_columns").unwrap();
//! assert_eq!(missing.category, ErrorCategory::Input);
//! // A refusal raised as an error: its code is the rule's, and it is catalogued.
//! let e = Error::from(Uln::parse("9276308687").unwrap_err());
//! assert_eq!((e.code(), e.category()), ("uln_checksum", ErrorCategory::Argument));
//! assert_eq!(error_kind(e.code()), Some(e.kind()));
//! assert!(error_kinds().any(|k| k.code == "option_unknown"));
//! ```

use crate::error::{ErrorKind, VARIANT_KINDS};
use crate::finding::FindingKind;
#[cfg(doc)]
use crate::{Error, ErrorCategory};

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

/// Every error kind: each [`Error`] variant's, in declaration order, then an
/// [`ErrorCategory::Argument`] kind for each finding kind (the codes an
/// [`Error::InvalidArgument`] can carry), in [`finding_kinds`] order.
pub fn error_kinds() -> impl Iterator<Item = ErrorKind> {
    VARIANT_KINDS
        .iter()
        .copied()
        .chain(finding_kinds().map(ErrorKind::refusal))
}

/// The error kind with this code.
pub fn error_kind(code: &str) -> Option<ErrorKind> {
    error_kinds().find(|k| k.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCategory;
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

    #[test]
    fn error_codes_are_unique_and_snake_case_across_variants_and_refusals() {
        let mut seen = HashSet::new();
        for k in error_kinds() {
            assert!(seen.insert(k.code), "error code {} twice", k.code);
            assert!(
                k.code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{} is not snake_case",
                k.code
            );
            assert!(k.summary.ends_with('.') || k.category == ErrorCategory::Argument);
            assert!(!k.summary.is_empty(), "{} has no summary", k.code);
        }
        let variants = error_kinds()
            .filter(|k| k.category != ErrorCategory::Argument)
            .count();
        assert_eq!(variants, VARIANT_KINDS.len());
        assert_eq!(
            error_kinds().count(),
            VARIANT_KINDS.len() + finding_kinds().count()
        );
        // Every category but `argument` has a variant (the argument ones come from refusals).
        for category in ErrorCategory::ALL {
            assert!(error_kinds().any(|k| k.category == category), "{category}");
        }
    }

    #[test]
    fn an_error_kind_is_the_catalogued_one() {
        use crate::Error;
        let errors = [
            Error::Io(std::io::Error::other("disk")),
            Error::NoData {
                what: "destinations".into(),
                detail: "the file is empty".into(),
            },
            Error::OptionUnknown {
                option: "ukrpn".into(),
                accepted: vec!["ukprn".into()],
            },
            Error::OutputIsInput {
                option: "errors_csv".into(),
                path: "in.csv".into(),
            },
            Error::Host {
                message: "callback raised".into(),
            },
            Error::from(crate::dates::parse_date("2025-02-30").unwrap_err()),
        ];
        let want = [
            ("io", ErrorCategory::Io),
            ("no_data", ErrorCategory::Input),
            ("option_unknown", ErrorCategory::Option),
            ("output_is_input", ErrorCategory::Output),
            ("host_failure", ErrorCategory::Host),
            ("date_impossible", ErrorCategory::Argument),
        ];
        for (e, (code, category)) in errors.iter().zip(want) {
            assert_eq!((e.code(), e.category()), (code, category), "{e}");
            assert_eq!(error_kind(code), Some(e.kind()));
        }
        assert!(error_kind("argument_invalid").is_none());
    }
}
