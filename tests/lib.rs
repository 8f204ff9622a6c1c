//! Helpers for running the language-neutral vectors under `vectors/`.
//!
//! Every vector file is `{"kind", "description", "cases": [{"name"?, "input", ..., "expected"}]}`.
//! A runner (this crate's `run_vectors.rs`, and the Python and Node test suites) computes, for
//! each case, an "actual" JSON object through its own API and checks that every key of
//! `expected` is present in it with the same value ([`subset_mismatch`]). A file whose `kind` a
//! runner does not know fails that runner, so no vector goes unrun.

pub mod hostile;

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

/// Decodes standard base64 (RFC 4648, with `=` padding; whitespace ignored), as vector files
/// carry raw bytes of uploads in other encodings. `None` for invalid input.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if clean.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for chunk in clean.chunks(4) {
        let pad = chunk.iter().rev().take_while(|b| **b == b'=').count();
        if pad > 2 {
            return None;
        }
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let v = if i >= 4 - pad { 0 } else { value(*c)? };
            n = n << 6 | v;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64() {
        assert_eq!(base64_decode("TWFu").as_deref(), Some(&b"Man"[..]));
        assert_eq!(base64_decode("TWE=").as_deref(), Some(&b"Ma"[..]));
        assert_eq!(base64_decode("TQ==").as_deref(), Some(&b"M"[..]));
        assert_eq!(base64_decode("").as_deref(), Some(&b""[..]));
        assert_eq!(base64_decode("//79").as_deref(), Some(&b"\xff\xfe\xfd"[..]));
        assert_eq!(base64_decode("TWF"), None);
        assert_eq!(base64_decode("TW!u"), None);
    }
}
