//! The outcome of checking a whole upload: a [`Summary`] and the findings.

use crate::finding::Finding;
use crate::finding::read_back;
use serde::{Deserialize, Serialize};

/// The counts of an upload, with what the caller said about it (file name, processed-at time),
/// so a portal can keep an upload history ("Date, File, Success, Failures, Download Errors" in
/// the WMCA portal guide).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The template's name, e.g. `destinations`.
    #[serde(deserialize_with = "read_back::template")]
    pub template: read_back::Label,
    /// The file name, as given by the caller.
    pub file: Option<String>,
    /// When the upload was processed, as given by the caller (the core reads no clock).
    pub processed_at: Option<String>,
    /// `csv` (or the workbook format of another source).
    #[serde(deserialize_with = "read_back::format")]
    pub format: read_back::Label,
    /// The text encoding read (`UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `UTF-16BE`,
    /// `Windows-1252`), for text files.
    #[serde(deserialize_with = "read_back::encoding")]
    pub encoding: Option<read_back::Label>,
    /// `comma` or `tab`, for delimited text.
    #[serde(deserialize_with = "read_back::delimiter")]
    pub delimiter: Option<read_back::Label>,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identifiers::Uln;

    fn report() -> Report {
        Report {
            summary: Summary {
                template: "destinations",
                file: Some("march.csv".into()),
                processed_at: None,
                format: "csv",
                encoding: Some("UTF-8 with BOM"),
                delimiter: Some("tab"),
                rows: 3,
                accepted: 2,
                rejected: 1,
                warnings: 0,
                errors: 1,
                blank_rows_skipped: 0,
                duplicate_rows: 0,
            },
            findings: vec![
                Uln::parse("9276308687")
                    .unwrap_err()
                    .into_finding()
                    .at_row(3),
            ],
            truncated: false,
        }
    }

    #[test]
    fn a_report_reads_back_equal() {
        let report = report();
        let text = serde_json::to_string(&report).unwrap();
        let back: Report = serde_json::from_str(&text).unwrap();
        assert_eq!(back, report);
        assert_eq!(back.findings[0].code, "uln_checksum");
    }

    #[test]
    fn what_the_library_does_not_write_is_refused() {
        let text = serde_json::to_string(&report()).unwrap();
        for (from, to) in [
            ("uln_checksum", "uln_chucksum"),
            ("\"destinations\"", "\"destinies\""),
            ("UTF-8 with BOM", "EBCDIC"),
            ("\"tab\"", "\"semicolon\""),
            ("\"csv\"", "\"pdf\""),
        ] {
            let changed = text.replace(from, to);
            assert!(
                serde_json::from_str::<Report>(&changed).is_err(),
                "{to} taken"
            );
        }
    }
}
