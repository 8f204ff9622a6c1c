//! Upload templates: checking a file of rows against a template, row by row, with every problem
//! found in one pass, streaming.
//!
//! One engine, several templates. The engine knows files (encodings, delimiters, headers
//! matched by name, Excel row numbers, blank and ragged rows, over-long cells, the findings cap,
//! the summary, the errors file and the export); a [`Template`] knows its columns and the rules
//! of one row (and whatever it must remember across rows, such as duplicate keys).
//!
//! | piece | what it is |
//! |---|---|
//! | [`RowSource`] | where rows come from: cells as text, with the Excel row number. [`CsvSource`] reads CSV from any `Read`, [`WorkbookSource`] a workbook sheet; [`open_source`] picks one by the first bytes. |
//! | [`Template`] | a [`TemplateSpec`] (column names, required flags, maximum lengths, export columns) and a per-row check. |
//! | [`Upload`] | the engine: header matching, file-level errors, per-row checks, the counts and findings. Rows come out one at a time as [`RowOutcome`]s. |
//! | [`Report`] | the [`Summary`] (rows, accepted, rejected, warnings, blank rows skipped, file name and processed-at time given by the caller) and the findings (capped, with `truncated`). |
//! | [`KeyTable`] | memory of keys across rows (duplicate detection): 23 to 46 bytes per remembered row (sized once from the input's size when it is known). |
//! | [`ErrorsCsvWriter`], [`AcceptedCsvWriter`] | the errors file (rejected rows, original columns, `Row`, `Errors`) and the export of accepted rows, both UTF-8 with BOM and safe to open in a spreadsheet. |
//! | [`destinations`] | the WMCA destinations upload template. |
//! | [`learners`] | the UCAS Progress learner import template. |
//! | [`qualifications`] | the UCAS Progress learner qualifications upload (18 qualification groups per learner, reference lists, identity columns unchanged since the export). |
//! | [`download`] | empty templates to download: the header as CSV, or a workbook with the reference lists. |
//!
//! A problem with the file as a whole (not text, a required column missing, no data rows) is an
//! [`crate::Error`]: nothing is accepted. A problem in a row is a [`crate::Finding`]: an error
//! rejects the row, a warning does not, and the run goes on.
//!
//! ```
//! use learner_destinations::codes::Schemes;
//! use learner_destinations::dates::parse_date;
//! use learner_destinations::template::destinations::{DestinationsOptions, DestinationsTemplate};
//! use learner_destinations::template::{AcceptedCsvWriter, ErrorsCsvWriter, RowOutcome, Upload, UploadOptions};
//!
//! let file = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code\n\
//!             10012345,9276308686,LRN1,20000008,ICT for Users,EMP 1\n\
//!             10012345,9276308687,LRN2,20000008,ICT for Users,EMP1\n";
//! let schemes = Schemes::builtin();
//! let template = DestinationsTemplate::new(&schemes, DestinationsOptions::new(parse_date("2025-09-01").unwrap()));
//! let upload = Upload::from_csv(file.as_bytes(), template, UploadOptions::default()).unwrap();
//!
//! let mut errors = ErrorsCsvWriter::new(Vec::new(), &upload).unwrap();
//! let mut accepted = AcceptedCsvWriter::new(Vec::new(), &upload).unwrap();
//! let report = upload
//!     .run(|outcome| match outcome {
//!         RowOutcome::Accepted(mut row) => accepted.write(&mut row),
//!         RowOutcome::Rejected(row) => errors.write(&row),
//!     })
//!     .unwrap();
//!
//! assert_eq!((report.summary.rows, report.summary.accepted, report.summary.rejected), (2, 1, 1));
//! assert_eq!(report.findings[0].row, Some(3));
//! assert_eq!(report.findings[0].code, "uln_checksum");
//! let export = String::from_utf8(accepted.finish().unwrap()).unwrap();
//! assert!(export.contains("EMP1,EMP1,WMCA1.0,In paid employment for 16 hours or more per week (WMCA1.0)"));
//! let errors = String::from_utf8(errors.finish().unwrap()).unwrap();
//! assert!(errors.starts_with("\u{FEFF}UKPRN,"));
//! assert!(errors.contains(",3,\"Unique Learner Number: ULN '9276308687' fails the ESFA checksum"));
//! ```

mod cells_source;
mod controls;
mod csv_source;
mod decode;
pub mod destinations;
pub mod download;
mod fields;
mod fingerprint;
mod keys;
pub mod learners;
pub mod qualifications;
mod report;
mod spec;
mod upload;
mod workbook_source;
mod writer;

pub use cells_source::{CELLS_FORMAT, CellColumns, CellRows, CellsSource};
pub use controls::CONTROL_CHARACTERS;
pub use csv_source::CsvSource;
pub use decode::TextEncoding;
pub use fields::{CellKind, Fields, Record};
pub use keys::KeyTable;
pub use report::{Report, Summary};
pub use spec::{ColumnSpec, RowFindings, RowView, Template, TemplateSpec};
pub use upload::{AcceptedRow, RejectedRow, RowOutcome, Upload, UploadOptions};
pub use workbook_source::{AnySource, WorkbookSource, open_source, open_source_with};
pub use writer::{
    AcceptedCsvWriter, CredentialsCsvWriter, ErrorsCsvWriter, ErrorsXlsxWriter, neutralise,
};

use crate::error::Result;
use crate::finding::{Finding, FindingKind, Severity};

/// The longest cell accepted, in characters, in any column. A longer cell rejects its row, and
/// sources need not hold more than this (see [`CsvSource`]).
pub const MAX_FIELD_CHARS: usize = 10_000;

/// The most columns a header row may have; sources store at most this many cells per row.
pub const MAX_COLUMNS: usize = 1_000;

/// Where rows come from: cells as text with the row number Excel would show.
///
/// [`CsvSource`] reads CSV text from any `Read`. Another source (a workbook sheet) fills the same
/// [`Record`] and the engine does the rest.
pub trait RowSource {
    /// Reads the next row into `record` (clearing it first). `Ok(false)` at the end.
    ///
    /// The first row read is the header. A blank line is returned as a row with no cell, so
    /// row numbers stay those Excel shows; the engine skips and counts it.
    fn read_record(&mut self, record: &mut Record) -> Result<bool>;

    /// Moves the file-level findings noticed so far (an encoding fallback, say) into `out`.
    fn take_notices(&mut self, out: &mut Vec<Finding>);

    /// What the source found out about the file, for the summary.
    fn info(&self) -> SourceInfo;
}

/// What a [`RowSource`] found out about its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceInfo {
    /// `"csv"` (or the workbook format of another source).
    pub format: &'static str,
    /// The text encoding, for text sources.
    pub encoding: Option<TextEncoding>,
    /// `"comma"` or `"tab"`, for delimited text.
    pub delimiter: Option<&'static str>,
}

/// A required cell that is empty.
pub static REQUIRED_EMPTY: FindingKind = FindingKind {
    code: "required_empty",
    severity: Severity::Error,
    summary: "A required column must have a value in every row.",
    source: "WMCA Destinations Portal Submission Guide, Upload Template: every column but the aim title is needed to match an enrolment",
    mirrors: None,
};

/// A value longer than its column allows (the aim title: 254 characters).
pub static VALUE_TOO_LONG: FindingKind = FindingKind {
    code: "value_too_long",
    severity: Severity::Error,
    summary: "A value must not be longer than its column allows (e.g. 254 characters for a learning aim title).",
    source: "Template column specifications (ILR RestrictedString lengths; LARS aim titles are at most 254 characters)",
    mirrors: None,
};

/// A cell longer than any column accepts; read without holding it whole.
pub static FIELD_TOO_LONG: FindingKind = FindingKind {
    code: "field_too_long",
    severity: Severity::Error,
    summary: "No cell may be longer than 10,000 characters; a longer one rejects its row (it is usually a quote that never closes, or the wrong file).",
    source: "Upload template rules (destinations upload issue: file-level handling); what upload users ask for: bad rows go to the invalid set instead of aborting the run",
    mirrors: None,
};

/// The kinds of finding that reject a row only because it repeats an earlier one (a duplicate
/// destination, learner or UCAS account): such a row is left out of the errors file (counted in
/// [`Summary::duplicate_rows`]), so that uploading the corrected errors file on its own cannot
/// let the duplicate in after all.
pub static DUPLICATE_KINDS: &[&str] = &[
    "duplicate_destination",
    "duplicate_learner",
    "duplicate_ucas_account",
];

/// A row with more or fewer fields than the header.
pub static RAGGED_ROW: FindingKind = FindingKind {
    code: "ragged_row",
    severity: Severity::Error,
    summary: "Every row must have as many fields as the header row.",
    source: "RFC 4180 (each line should contain the same number of fields); what upload users ask for: ragged rows go to the invalid set instead of aborting the run",
    mirrors: None,
};

/// A row whose only fields beyond the header's are empty (a trailing comma, as spreadsheets
/// write): taken, with a warning.
pub static TRAILING_EMPTY_FIELDS: FindingKind = FindingKind {
    code: "trailing_empty_fields",
    severity: Severity::Warning,
    summary: "A row with more fields than the header whose extra fields are all empty (a trailing comma) is read as if they were not there.",
    source: "What upload users ask for: spreadsheets write trailing commas after the last column; RFC 4180 asks for the same field count, so the row is flagged, not rejected",
    mirrors: None,
};

/// A workbook cell holding a spreadsheet error (`#N/A`, `#DIV/0!`...), not data.
pub static SPREADSHEET_ERROR: FindingKind = FindingKind {
    code: "spreadsheet_error",
    severity: Severity::Error,
    summary: "A workbook cell holds a spreadsheet error (#N/A, #DIV/0!, #NAME?, #REF!, #VALUE!, #NUM!, #NULL!), the result of a formula that failed: it is not data, so the row is rejected; fix the formula or type the value.",
    source: "ECMA-376 Part 1, 18.18.11 ST_CellType 'e' (a cell holding an error); what upload users ask for: spreadsheet damage reported as such, not taken as text",
    mirrors: None,
};

/// A quoted cell whose closing quote is missing.
pub static UNCLOSED_QUOTE: FindingKind = FindingKind {
    code: "unclosed_quote",
    severity: Severity::Error,
    summary: "A cell that opens with a double quote must close it; otherwise the rest of the file is read into that cell.",
    source: "RFC 4180 quoting",
    mirrors: None,
};

/// A header column that is not in the template (a warning; its values go to the errors file).
pub static UNKNOWN_COLUMN: FindingKind = FindingKind {
    code: "unknown_column",
    severity: Severity::Warning,
    summary: "A column that is not in the template is not uploaded; its values are kept in the errors file.",
    source: "What upload users ask for: unknown columns reported, not silently ignored (frictionless-py, csvlint issues)",
    mirrors: None,
};

/// Bytes that are not UTF-8, read as Windows-1252.
pub static ENCODING_WINDOWS_1252: FindingKind = FindingKind {
    code: "encoding_windows_1252",
    severity: Severity::Warning,
    summary: "A file that is not UTF-8 is read as Windows-1252 (Excel's plain CSV); accented letters should be checked.",
    source: "Upload template rules (destinations upload issue: encodings); what upload users ask for: Windows-1252 read, and the user told",
    mirrors: None,
};

/// Bytes that are not valid UTF-16, replaced.
pub static ENCODING_REPLACED: FindingKind = FindingKind {
    code: "encoding_replaced",
    severity: Severity::Warning,
    summary: "Bytes that are not valid in the file's encoding (UTF-16 with a broken surrogate pair) are replaced with U+FFFD.",
    source: "Upload template rules (destinations upload issue: encodings)",
    mirrors: None,
};

/// The kinds of finding the engine declares (the destinations template's own are in
/// [`destinations::KINDS`]).
pub static KINDS: &[&FindingKind] = &[
    &REQUIRED_EMPTY,
    &VALUE_TOO_LONG,
    &FIELD_TOO_LONG,
    &RAGGED_ROW,
    &TRAILING_EMPTY_FIELDS,
    &CONTROL_CHARACTERS,
    &SPREADSHEET_ERROR,
    &UNCLOSED_QUOTE,
    &UNKNOWN_COLUMN,
    &ENCODING_WINDOWS_1252,
    &ENCODING_REPLACED,
];

#[cfg(test)]
mod any_input_tests;
#[cfg(test)]
mod errors_file_tests;
#[cfg(test)]
mod tests;
