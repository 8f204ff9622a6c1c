//! The outcome of checking a whole upload: a [`Summary`] and the findings.

use crate::finding::Finding;
use serde::Serialize;

/// The counts of an upload, with what the caller said about it (file name, processed-at time),
/// so a portal can keep an upload history ("Date, File, Success, Failures, Download Errors" in
/// the WMCA portal guide).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The template's name, e.g. `destinations`.
    pub template: &'static str,
    /// The file name, as given by the caller.
    pub file: Option<String>,
    /// When the upload was processed, as given by the caller (the core reads no clock).
    pub processed_at: Option<String>,
    /// `csv` (or the workbook format of another source).
    pub format: &'static str,
    /// The text encoding read (`UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `UTF-16BE`,
    /// `Windows-1252`), for text files.
    pub encoding: Option<&'static str>,
    /// `comma` or `tab`, for delimited text.
    pub delimiter: Option<&'static str>,
    /// Data rows: every row after the header that is not blank.
    pub rows: u64,
    /// Rows with no error finding (warnings allowed).
    pub accepted: u64,
    /// Rows with at least one error finding. `accepted + rejected == rows`.
    pub rejected: u64,
    /// Warning findings, file-level ones included.
    pub warnings: u64,
    /// Error findings.
    pub errors: u64,
    /// Blank lines and rows whose cells are all empty, skipped (the header's row excluded).
    pub blank_rows_skipped: u64,
    /// Rejected rows whose only errors say they repeat an earlier row (a duplicate
    /// destination, learner or UCAS account: [`super::DUPLICATE_KINDS`]). They are counted
    /// among `rejected` and left out of the errors file, so the corrected errors file uploaded
    /// on its own cannot let them in.
    pub duplicate_rows: u64,
}

/// The report of an upload: the summary and the findings, file-level ones first and then in row
/// order.
///
/// When a cap on stored findings was set and reached, `findings` holds the first ones,
/// `truncated` is true, and the counts in the summary stay exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The counts.
    pub summary: Summary,
    /// The findings kept (all of them unless `truncated`).
    pub findings: Vec<Finding>,
    /// True when findings were left out because of the cap.
    pub truncated: bool,
}

impl Report {
    /// True when every data row was accepted (warnings allowed).
    pub fn all_accepted(&self) -> bool {
        self.summary.rejected == 0
    }
}
