//! Helpers for running the language-neutral vectors under `vectors/`.
//!
//! Every vector file is `{"kind", "description", "cases": [{"name"?, "input", ..., "expected"}]}`.
//! A runner (this crate's `run_vectors.rs`, and the Python and Node test suites) computes, for
//! each case, an "actual" JSON object through its own API and checks that every key of
//! `expected` is present in it with the same value ([`subset_mismatch`]). A file whose `kind` a
//! runner does not know fails that runner, so no vector goes unrun.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The `vectors/` directory.
pub fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

/// Where `expected` is not contained in `actual`, the path of the first difference and the two
/// values; `None` when every key of `expected` matches (objects compare key by key, recursively;
/// everything else, arrays included, compares exactly).
pub fn subset_mismatch(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().find_map(|(k, ev)| match a.get(k) {
            None => Some(format!("{path}.{k}: expected {ev}, missing")),
            Some(av) => subset_mismatch(ev, av, &format!("{path}.{k}")),
        }),
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
            .iter()
            .zip(a)
            .enumerate()
            .find_map(|(i, (ev, av))| subset_mismatch(ev, av, &format!("{path}[{i}]"))),
        (e, a) if e == a => None,
        (e, a) => Some(format!("{path}: expected {e}, got {a}")),
    }
}
