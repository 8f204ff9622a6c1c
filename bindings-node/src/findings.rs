//! Findings as plain JavaScript objects, and the catalogue of finding kinds.
//!
//! Findings are data, never thrown: validators return arrays of [`BindingFinding`], and
//! `check*` functions return one or `null`.

use learner_destinations::catalogue::{finding_kind, finding_kinds};
use learner_destinations::{Finding, FindingKind, Severity};
use napi_derive::napi;

/// How serious a finding is: `'error'` rejects the row (or record) it is found in,
/// `'warning'` is reported but does not.
#[napi(string_enum = "lowercase", js_name = "Severity")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingSeverity {
    /// Reported, but the row is still accepted.
    Warning,
    /// The row or record is rejected.
    Error,
}

impl From<Severity> for BindingSeverity {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Warning => BindingSeverity::Warning,
            Severity::Error => BindingSeverity::Error,
        }
    }
}

/// A rule breach found in data.
///
/// `row` counts as Excel shows it: the header is row 1 and the first data row is row 2.
/// `row` and `column` are `null` for a value that was not read from a file; `value` is `null`
/// for a finding about a whole row or record.
#[napi(object, js_name = "Finding", use_nullable = true)]
#[derive(Debug, Clone, PartialEq)]
pub struct BindingFinding {
    /// Row as Excel shows it (header = 1, first data row = 2), or `null`.
    pub row: Option<f64>,
    /// The column's header name as found in the file, or `null` for whole-row findings.
    pub column: Option<String>,
    /// The offending value, as found, or `null`.
    pub value: Option<String>,
    /// Stable code of the finding kind (see `listFindingCodes()`), e.g. `'uln_checksum'`.
    #[napi(ts_type = "FindingCode")]
    pub code: String,
    /// `'error'` (rejects) or `'warning'` (reports only).
    pub severity: BindingSeverity,
    /// A message for people that echoes the value and says what to do.
    pub message: String,
}

impl From<Finding> for BindingFinding {
    fn from(f: Finding) -> Self {
        BindingFinding {
            // Rows beyond 2^53 cannot occur in a file; f64 keeps every smaller row exact.
            row: f.row.map(|r| r as f64),
            column: f.column,
            value: f.value,
            code: f.code.to_string(),
            severity: f.severity.into(),
            message: f.message,
        }
    }
}

/// One kind of finding the library can produce.
#[napi(
    object,
    js_name = "FindingKind",
    use_nullable = true,
    object_from_js = false
)]
#[derive(Debug, Clone, PartialEq)]
pub struct BindingFindingKind {
    /// Stable `snake_case` code, e.g. `'uln_checksum'`.
    #[napi(ts_type = "FindingCode")]
    pub code: String,
    /// The severity findings of this kind carry.
    pub severity: BindingSeverity,
    /// What the rule checks, in one sentence.
    pub summary: String,
    /// Where the rule comes from (ESFA rule, specification page, guide section).
    pub source: String,
    /// The ESFA validation rule this kind mirrors (e.g. `'ULN_04'`), or `null`.
    pub mirrors: Option<String>,
}

impl From<&FindingKind> for BindingFindingKind {
    fn from(k: &FindingKind) -> Self {
        BindingFindingKind {
            code: k.code.to_string(),
            severity: k.severity.into(),
            summary: k.summary.to_string(),
            source: k.source.to_string(),
            mirrors: k.mirrors.map(str::to_string),
        }
    }
}

/// Every kind of finding the library can produce, with its code, severity, summary and source.
///
/// Codes are stable across releases and unique. Never throws.
#[napi]
pub fn list_finding_codes() -> Vec<BindingFindingKind> {
    finding_kinds().map(BindingFindingKind::from).collect()
}

/// The kind of finding with this code, or `null` when the library has none. Never throws.
#[napi(js_name = "findingKind")]
pub fn finding_kind_of(code: String) -> Option<BindingFindingKind> {
    finding_kind(&code).map(BindingFindingKind::from)
}
