//! The literal types of the finding and error codes that the bindings ship, generated from the
//! catalogue: `bindings-node/codes.d.ts` (TypeScript unions) and
//! `bindings-python/python/learner_destinations/_codes.py` (`typing.Literal` aliases).
//!
//! The test fails when a committed file differs from what the catalogue gives now, and names
//! the command that rewrites them:
//! `UPDATE_GENERATED=1 cargo test -p learner-destinations-vectors --test generated_codes`.

use learner_destinations::ErrorCategory;
use learner_destinations::catalogue::{error_kinds, finding_kinds};
use std::path::{Path, PathBuf};

const REGENERATE: &str =
    "UPDATE_GENERATED=1 cargo test -p learner-destinations-vectors --test generated_codes";

/// The codes, split as the generated files state them: finding codes, the codes of the error
/// variants, and the category names.
struct Codes {
    findings: Vec<&'static str>,
    variants: Vec<&'static str>,
    categories: Vec<&'static str>,
}

fn codes() -> Codes {
    let findings: Vec<&str> = finding_kinds().map(|k| k.code).collect();
    let (arguments, variants): (Vec<_>, Vec<_>) =
        error_kinds().partition(|k| k.category == ErrorCategory::Argument);
    // The files say "an error code is a variant's code or a finding code": true only while the
    // argument kinds are exactly the finding kinds.
    let arguments: Vec<&str> = arguments.iter().map(|k| k.code).collect();
    assert_eq!(
        arguments, findings,
        "the argument error codes are no longer the finding codes; change how the generated files state ErrorCode"
    );
    Codes {
        findings,
        variants: variants.iter().map(|k| k.code).collect(),
        categories: ErrorCategory::ALL.iter().map(|c| c.as_str()).collect(),
    }
}

fn typescript(c: &Codes) -> String {
    let union = |codes: &[&str]| -> String {
        codes
            .iter()
            .map(|code| format!("\n  | '{code}'"))
            .collect::<String>()
    };
    format!(
        "// Generated from the catalogue of the Rust core by tests/generated_codes.rs: do not edit.\n\
         // Regenerate with: {REGENERATE}\n\
         \n\
         /** Every finding code (`listFindingCodes()`, `destinations findings --json`). */\n\
         export type FindingCode ={}\n\
         \n\
         /**\n \
         * Every code a thrown error's `code` can hold (`listErrorCodes()`, `destinations errors\n \
         * --json`): an error variant's code, or, for a value refused by a rule (category\n \
         * `'argument'`), that rule's finding code.\n \
         */\n\
         export type ErrorCode ={}\n  | FindingCode\n\
         \n\
         /** What an error is about: the `category` of each `listErrorCodes()` entry. */\n\
         export type ErrorCategory ={}\n",
        union(&c.findings),
        union(&c.variants),
        union(&c.categories),
    )
}

fn python(c: &Codes) -> String {
    let items = |codes: &[&str]| -> String {
        codes
            .iter()
            .map(|code| format!("    Literal[\"{code}\"],\n"))
            .collect::<String>()
    };
    format!(
        "\"\"\"Every finding code and error code, as ``typing.Literal`` types.\n\
         \n\
         Generated from the catalogue of the Rust core by ``tests/generated_codes.rs``: do not edit.\n\
         Regenerate with:\n\
         ``{REGENERATE}``\n\
         \n\
         Each alias is a ``Union`` of one-value ``Literal`` types (the same type to a checker as one\n\
         ``Literal`` of every value), the form mypy's stubtest recognises at run time.\n\
         \"\"\"\n\
         \n\
         from typing import Literal, Union\n\
         \n\
         __all__ = [\"FindingCode\", \"ErrorCode\", \"ErrorCategory\"]\n\
         \n\
         #: Every finding code (``list_finding_codes()``, ``destinations findings --json``).\n\
         FindingCode = Union[\n{}]\n\
         \n\
         #: Every code an exception's ``code`` can hold (``list_error_codes()``,\n\
         #: ``destinations errors --json``): an error variant's code, or, for a value refused by a\n\
         #: rule (category ``\"argument\"``), that rule's finding code.\n\
         ErrorCode = Union[\n{}    FindingCode,\n]\n\
         \n\
         #: What an error is about: the ``category`` of each ``list_error_codes()`` entry.\n\
         ErrorCategory = Union[\n{}]\n",
        items(&c.findings),
        items(&c.variants),
        items(&c.categories),
    )
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Compares (or, with `UPDATE_GENERATED=1`, writes) one generated file.
fn check(relative: &str, want: &str) -> Option<String> {
    let path = root().join(relative);
    if std::env::var_os("UPDATE_GENERATED").is_some_and(|v| v == "1") {
        return std::fs::write(&path, want)
            .err()
            .map(|e| format!("{relative} cannot be written: {e}"));
    }
    match std::fs::read_to_string(&path) {
        Ok(have) if have == want => None,
        Ok(have) => {
            let line = have
                .lines()
                .zip(want.lines())
                .position(|(h, w)| h != w)
                .unwrap_or_else(|| have.lines().count().min(want.lines().count()));
            Some(format!(
                "{relative} differs from the catalogue from line {} on",
                line + 1
            ))
        }
        Err(e) => Some(format!("{relative} cannot be read: {e}")),
    }
}

#[test]
fn generated_code_types_match_the_catalogue() {
    let c = codes();
    let drift: Vec<String> = [
        check("bindings-node/codes.d.ts", &typescript(&c)),
        check(
            "bindings-python/python/learner_destinations/_codes.py",
            &python(&c),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(
        drift.is_empty(),
        "{}; regenerate them with: {REGENERATE}",
        drift.join("; ")
    );
}

#[test]
fn generated_files_name_every_code_once() {
    let c = codes();
    let ts = typescript(&c);
    let py = python(&c);
    // The codes, before the category names (`io` is both a code and a category).
    let ts = ts
        .split("export type ErrorCategory")
        .next()
        .unwrap_or_default();
    let py = py.split("ErrorCategory = Union").next().unwrap_or_default();
    for code in c.findings.iter().chain(&c.variants) {
        assert_eq!(ts.matches(&format!("'{code}'\n")).count(), 1, "{code}");
        assert_eq!(
            py.matches(&format!("Literal[\"{code}\"],\n")).count(),
            1,
            "{code}"
        );
    }
    assert!(ts.contains("'missing_columns'") && ts.contains("'uln_checksum'"));
    assert!(!ts.contains("argument_invalid") && !py.contains("argument_invalid"));
}
