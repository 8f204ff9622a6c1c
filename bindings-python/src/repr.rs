//! `__repr__` helpers: strings quoted exactly as Python quotes them.

use pyo3::prelude::*;
use pyo3::types::PyString;

/// `'text'` as Python's `repr` writes it.
pub fn quoted(py: Python<'_>, s: &str) -> String {
    PyString::new(py, s)
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| format!("{s:?}"))
}

/// `'text'` or `None`.
pub fn quoted_opt(py: Python<'_>, s: Option<&str>) -> String {
    s.map_or_else(|| "None".to_string(), |s| quoted(py, s))
}

/// `['a', 'b']` as Python's `repr` writes a list of strings.
pub fn quoted_list<S: AsRef<str>>(py: Python<'_>, items: &[S]) -> String {
    let inner: Vec<String> = items.iter().map(|s| quoted(py, s.as_ref())).collect();
    format!("[{}]", inner.join(", "))
}
