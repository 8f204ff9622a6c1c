//! [`Upload`]: the engine that checks the rows of a [`RowSource`] against a [`Template`].

use super::csv_source::CsvSource;
use super::fields::{Fields, Record};
use super::report::{Report, Summary};
use super::spec::{RowFindings, RowView, Template, TemplateSpec, template_header_key};
use super::{
    CONTROL_CHARACTERS, DUPLICATE_KINDS, FIELD_TOO_LONG, MAX_COLUMNS, MAX_FIELD_CHARS, RAGGED_ROW,
    REQUIRED_EMPTY, RowSource, SPREADSHEET_ERROR, SourceInfo, TRAILING_EMPTY_FIELDS,
    UNCLOSED_QUOTE, UNKNOWN_COLUMN, VALUE_TOO_LONG,
};
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};
use crate::identifiers::trimmed;
use std::io::Read;

/// What the caller tells the engine about an upload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UploadOptions {
    /// Keep at most this many findings in the report (the counts stay exact and the report
    /// says it was truncated). `None`: keep all.
    pub max_findings: Option<usize>,
    /// The file name, carried into the summary.
    pub file_name: Option<String>,
    /// When the upload was processed (e.g. RFC 3339), carried into the summary; the core reads
    /// no clock.
    pub processed_at: Option<String>,
    /// The size of the input in bytes, when the caller knows it (a file's length): a template
    /// that remembers every row (duplicate keys) reserves its memory once from it instead of
    /// growing as rows come (see [`Template::expect_input_bytes`]). Only a hint: any value
    /// gives the same report.
    pub input_bytes: Option<u64>,
}

/// The role of one column of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileColumn {
    /// A template column (its index in the spec).
    Template(usize),
    /// Not in the template: warned about, carried into the errors file.
    Unknown,
    /// `Row` or `Errors`: the columns this engine adds to an errors file, when a corrected
    /// errors file is uploaded again. Neither checked nor carried.
    ErrorsFileOwn,
}

/// What the engine checks in one file column, worked out once from the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ColumnPlan {
    role: FileColumn,
    required: bool,
    max_chars: Option<usize>,
}

impl ColumnPlan {
    /// True when the cell (its bytes) certainly passes the engine's per-column checks (no cell
    /// too long, no required value missing, no value over the column's maximum); false sends
    /// the row to the full checks, which decide (a required value padded with spaces, or a
    /// value over the maximum in bytes but not in characters, passes them).
    #[inline]
    fn passes(&self, text: &[u8], (start, end): (usize, usize)) -> bool {
        let len = end.saturating_sub(start);
        match self.role {
            FileColumn::ErrorsFileOwn => true,
            FileColumn::Unknown => len <= MAX_FIELD_CHARS,
            FileColumn::Template(_) => {
                len <= MAX_FIELD_CHARS
                    && (!self.required
                        || text
                            .get(start..end)
                            .is_some_and(crate::identifiers::visible_edges))
                    && self.max_chars.is_none_or(|max| len <= max)
            }
        }
    }
}

/// One checked row, as the engine hands it out.
#[derive(Debug)]
pub enum RowOutcome<'a> {
    /// No error: the export cells (and any warnings).
    Accepted(AcceptedRow<'a>),
    /// At least one error: the original cells and every finding of the row.
    Rejected(RejectedRow<'a>),
}

impl RowOutcome<'_> {
    /// The row number as Excel shows it.
    pub fn row(&self) -> u64 {
        match self {
            RowOutcome::Accepted(r) => r.row,
            RowOutcome::Rejected(r) => r.row,
        }
    }

    /// The row's findings (warnings only, for an accepted row).
    pub fn findings(&self) -> &[Finding] {
        match self {
            RowOutcome::Accepted(r) => r.warnings,
            RowOutcome::Rejected(r) => r.findings,
        }
    }

    /// The file-level findings noticed while reading up to this row (an encoding fallback,
    /// say), counted and kept in the report just before the row's own: a caller that streams
    /// findings in the report's order hands out these, then [`RowOutcome::findings`]. Usually
    /// empty.
    pub fn notices(&self) -> &[Finding] {
        match self {
            RowOutcome::Accepted(r) => r.notices,
            RowOutcome::Rejected(r) => r.notices,
        }
    }
}

/// An accepted row: its cells as read, any warnings, and its export cells (named by
/// [`TemplateSpec::export_columns`]), which are built only when asked for: a caller that only
/// counts or only writes the errors file pays nothing for them.
pub struct AcceptedRow<'a> {
    row: u64,
    columns: &'static [&'static str],
    view: RowView<'a>,
    template: &'a dyn Template,
    export: &'a mut Fields,
    built: bool,
    warnings: &'a [Finding],
    notices: &'a [Finding],
}

impl std::fmt::Debug for AcceptedRow<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AcceptedRow")
            .field("row", &self.row)
            .field("cells", self.view.record.cells())
            .field("warnings", &self.warnings)
            .finish_non_exhaustive()
    }
}

impl<'a> AcceptedRow<'a> {
    /// The row number as Excel shows it.
    pub fn row(&self) -> u64 {
        self.row
    }

    /// The cells as read, in file order.
    pub fn cells(&self) -> &'a Fields {
        self.view.record.cells()
    }

    /// The row as the template sees it (cells by template column).
    pub fn view(&self) -> &RowView<'a> {
        &self.view
    }

    /// Warnings about the row (it is accepted all the same).
    pub fn warnings(&self) -> &'a [Finding] {
        self.warnings
    }

    /// The export column names.
    pub fn columns(&self) -> &'static [&'static str] {
        self.columns
    }

    /// The export cells, in the order of [`AcceptedRow::columns`] (built on the first call).
    pub fn export(&mut self) -> &Fields {
        if !self.built {
            self.export.clear();
            self.template.export_row(&self.view, self.export);
            self.built = true;
        }
        self.export
    }

    /// The export cell of column `name`.
    pub fn get(&mut self, name: &str) -> Option<&str> {
        let i = self.columns.iter().position(|c| *c == name)?;
        self.export().get(i)
    }

    /// (column name, value) pairs, in export order.
    pub fn iter(&mut self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        let columns = self.columns;
        columns.iter().copied().zip(self.export().iter())
    }
}

/// A rejected row: its cells as read and its findings.
#[derive(Debug, Clone, Copy)]
pub struct RejectedRow<'a> {
    row: u64,
    record: &'a Record,
    header_len: usize,
    carried: &'a [usize],
    findings: &'a [Finding],
    notices: &'a [Finding],
}

impl<'a> RejectedRow<'a> {
    /// The row number as Excel shows it.
    pub fn row(&self) -> u64 {
        self.row
    }

    /// The cells as read, in file order (a cell cut short because it was over
    /// [`super::MAX_FIELD_CHARS`] holds its start only).
    pub fn cells(&self) -> &'a Fields {
        self.record.cells()
    }

    /// Every finding of the row (errors and warnings): the engine's (field count, lengths,
    /// required values) in file column order, then the template's in template column order.
    pub fn findings(&self) -> &'a [Finding] {
        self.findings
    }

    /// The cells the errors file carries under the header's columns: one per carried column
    /// (empty when the row is short).
    pub fn carried_cells(&self) -> impl Iterator<Item = &'a str> + 'a {
        let cells = self.record.cells();
        self.carried
            .iter()
            .map(move |i| cells.get(*i).unwrap_or_default())
    }

    /// The cells beyond the header's width (a row with too many fields); the errors file puts
    /// them in its `Extra values` column.
    pub fn extra_cells(&self) -> impl Iterator<Item = &'a str> + 'a {
        let cells = self.record.cells();
        (self.header_len..cells.len()).map(move |i| cells.get(i).unwrap_or_default())
    }

    /// The cells beyond the header's width in one text, separated by commas (values holding a
    /// comma, a quote or a line break quoted as CSV does): the errors file's `Extra values`
    /// cell, so that every line of the errors file has its header's field count.
    pub fn extra_values(&self) -> String {
        let mut out = String::new();
        if self.extra_cells().all(|c| trimmed(c).is_empty()) {
            return out;
        }
        for (i, cell) in self.extra_cells().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if cell.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&cell.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(cell);
            }
        }
        out
    }

    /// True when every error of the row says it repeats an earlier row ([`DUPLICATE_KINDS`]):
    /// the errors file leaves such a row out.
    pub fn is_duplicate_only(&self) -> bool {
        is_duplicate_only(self.findings)
    }

    /// All of the row's messages in one text, for the errors file's `Errors` column:
    /// `Column: message | Column: message`, warnings marked as such.
    pub fn errors_text(&self) -> String {
        let mut out = String::new();
        for f in self.findings {
            if !out.is_empty() {
                out.push_str(" | ");
            }
            if f.severity == Severity::Warning {
                out.push_str("Warning: ");
            }
            if let Some(column) = &f.column {
                out.push_str(column);
                out.push_str(": ");
            }
            out.push_str(&f.message);
        }
        out
    }
}

/// True when `findings` has errors and every one is a duplicate kind ([`DUPLICATE_KINDS`]).
fn is_duplicate_only(findings: &[Finding]) -> bool {
    let mut errors = findings.iter().filter(|f| f.is_error()).peekable();
    errors.peek().is_some() && errors.all(|f| DUPLICATE_KINDS.contains(&f.code))
}

/// Checks the rows of a [`RowSource`] against a [`Template`], streaming.
///
/// [`Upload::new`] reads the header and fails with an [`Error`] when the file cannot be
/// processed (missing required columns, a column named twice, no header). Then
/// [`Upload::next_row`] checks one data row at a time and hands it out accepted or rejected,
/// [`Upload::run`] does so for every row with a callback, and [`Upload::finish`] returns the
/// [`Report`]. When there is no data row, `finish` (and `run`) fail with [`Error::NoData`];
/// as no row was handed out, nothing was accepted.
///
/// Rows are read ahead in batches of 64 and shown to the template
/// ([`Template::look_ahead`]) before the first of them is checked, so that a template looking
/// every row up in a big table (duplicate keys) has the lookups of a batch wait for memory
/// together rather than one after another; they are still checked and handed out one at a
/// time, in order, and a source's error comes after the rows read before it.
///
/// Memory does not grow with the file: a batch of rows, the findings kept (see
/// [`UploadOptions::max_findings`]) and whatever the template remembers (duplicate keys).
#[derive(Debug)]
pub struct Upload<S, T> {
    source: S,
    template: T,
    spec: &'static TemplateSpec,
    options: UploadOptions,
    /// The header cells as found.
    header: Vec<String>,
    /// The role of each file column.
    file_columns: Vec<FileColumn>,
    /// What is checked in each file column.
    plan: Vec<ColumnPlan>,
    /// Some template column of the last fully checked row was refused (`refused` is not all
    /// false).
    refused_any: bool,
    /// Trimmed header names (for findings), per file column.
    file_names: Vec<String>,
    /// For each template column, its file column.
    template_columns: Vec<Option<usize>>,
    /// For each template column, the name findings use: the header as found, or the
    /// template's name when the (optional) column is not in the file.
    template_names: Vec<String>,
    /// File columns carried into the errors file.
    carried: Vec<usize>,
    /// The rows read ahead: `batch[..filled]`, handed out from `next` on (see
    /// [`Template::look_ahead`]).
    batch: Vec<Record>,
    /// The source's notices that came with each row of the batch (kept before its findings).
    batch_notices: Vec<Vec<Finding>>,
    filled: usize,
    next: usize,
    /// The row of the batch being handed out.
    current: usize,
    /// An error of the source met while reading ahead: returned once the rows read before it
    /// have been handed out.
    pending: Option<Error>,
    /// Notices that came after the last row (kept when the rows run out).
    late_notices: Vec<Finding>,
    /// No column refused: the views [`Template::look_ahead`] gets.
    no_refusals: Vec<bool>,
    refused: Vec<bool>,
    row_findings: Vec<Finding>,
    /// The notices kept since the last row was handed out (cleared by each
    /// [`Upload::next_row`]), for callers that stream findings.
    recent_notices: Vec<Finding>,
    export: Fields,
    findings: Vec<Finding>,
    truncated: bool,
    rows: u64,
    accepted: u64,
    rejected: u64,
    warnings: u64,
    errors: u64,
    blank: u64,
    duplicate_rows: u64,
    ended: bool,
}

impl<R: Read, T: Template> Upload<CsvSource<R>, T> {
    /// An upload of CSV (or tab-separated) text read from `reader`; see [`CsvSource`] for the
    /// encodings and delimiters read.
    pub fn from_csv(reader: R, template: T, options: UploadOptions) -> Result<Self> {
        Upload::new(CsvSource::new(reader)?, template, options)
    }
}

/// How many rows the engine reads ahead of the one it checks (see [`Template::look_ahead`]).
const LOOK_AHEAD: usize = 64;

/// Echo of a long value for messages: its first 40 characters.
/// The spreadsheet letters of the column at 0-based `index` (0 is A, 1000 is ALM).
pub(super) fn column_letters(index: u64) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

fn echo_start(value: &str) -> String {
    let mut out: String = value.chars().take(40).collect();
    if out.len() < value.len() {
        out.push('…');
    }
    out
}

impl<S: RowSource, T: Template> Upload<S, T> {
    /// Reads the header row of `source` and matches it to the template.
    ///
    /// Headers are matched by name, ignoring case, surrounding spaces and order (and a trailing
    /// `*` when [`Template::ignores_mandatory_marks`]). A column not in
    /// the template is a warning ([`super::UNKNOWN_COLUMN`]) and its values go to the errors
    /// file; `Row` and `Errors` (the columns of an errors file uploaded again after
    /// corrections) are left out silently.
    ///
    /// Errors: [`Error::NoData`] when the source has no row at all; the template's refusal of
    /// the header ([`Template::check_header`]); [`Error::MissingColumns`]
    /// listing the missing and the found headers; [`Error::DuplicateColumn`];
    /// [`Error::TooManyColumns`]; the source's own errors.
    pub fn new(mut source: S, mut template: T, options: UploadOptions) -> Result<Self> {
        let spec = template.spec();
        let (record, blank) = read_header_row(&mut source, spec)?;
        let header: Vec<String> = record.cells().iter().map(str::to_string).collect();
        template.check_header(&header)?;
        let mut notices = Vec::new();
        source.take_notices(&mut notices);
        let columns = HeaderColumns::match_header(
            &header,
            record.row(),
            spec,
            template.ignores_mandatory_marks(),
            &mut notices,
        )?;
        columns.check_required(spec, &header)?;
        let template_names = columns.template_names(spec);
        if let Some(bytes) = options.input_bytes {
            template.expect_input_bytes(bytes);
        }
        let plan = columns.plan(spec);
        let carried = columns.carried();
        let mut upload = Upload {
            source,
            template,
            spec,
            options,
            header,
            plan,
            refused_any: false,
            file_columns: columns.file_columns,
            file_names: columns.file_names,
            template_columns: columns.template_columns,
            template_names,
            carried,
            batch: std::iter::repeat_with(Record::new)
                .take(LOOK_AHEAD)
                .collect(),
            batch_notices: vec![Vec::new(); LOOK_AHEAD],
            filled: 0,
            next: 0,
            current: 0,
            pending: None,
            late_notices: Vec::new(),
            no_refusals: vec![false; spec.columns.len()],
            refused: vec![false; spec.columns.len()],
            row_findings: Vec::new(),
            recent_notices: Vec::new(),
            export: Fields::new(),
            findings: Vec::new(),
            truncated: false,
            rows: 0,
            accepted: 0,
            rejected: 0,
            warnings: 0,
            errors: 0,
            blank,
            duplicate_rows: 0,
            ended: false,
        };
        for notice in notices {
            upload.keep(notice);
        }
        Ok(upload)
    }

    /// The file-level findings kept since the last row was handed out, in the report's
    /// order: before the first [`Upload::next_row`], those found reading the header (unknown
    /// columns, the encoding); after it returned `None`, those noticed at the end. With
    /// [`RowOutcome::notices`] and [`RowOutcome::findings`], every finding of the upload,
    /// whatever the cap on those kept ([`UploadOptions::max_findings`]).
    pub fn notices(&self) -> &[Finding] {
        &self.recent_notices
    }

    /// What the source found out about the file so far (its format: `csv` for text, else
    /// the workbook's).
    pub fn source_info(&self) -> SourceInfo {
        self.source.info()
    }

    /// The template's spec.
    pub fn spec(&self) -> &'static TemplateSpec {
        self.spec
    }

    /// The template (e.g. to read what it remembered).
    pub fn template(&self) -> &T {
        &self.template
    }

    /// The header row as found in the file.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The header of the errors file: the file's columns in their order (without the `Row`,
    /// `Errors` and `Extra values` of an earlier errors file), then `Row`, `Errors` and `Extra
    /// values` (a ragged row's fields beyond the header, in one cell: every line has the
    /// header's field count, so `pandas.read_csv` and a spreadsheet read it as a table).
    pub fn errors_file_header(&self) -> Vec<&str> {
        self.carried
            .iter()
            .map(|i| self.header[*i].as_str())
            .chain(["Row", "Errors", "Extra values"])
            .collect()
    }

    /// Counts a finding and keeps it unless the cap is reached.
    fn keep(&mut self, finding: Finding) {
        match finding.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        self.recent_notices.push(finding.clone());
        if self
            .options
            .max_findings
            .is_some_and(|cap| self.findings.len() >= cap)
        {
            self.truncated = true;
        } else {
            self.findings.push(finding);
        }
    }

    /// Reads up to [`LOOK_AHEAD`] rows (skipping and counting blank ones) and shows them to
    /// the template. Returns `false` when there is no row left.
    fn fill_batch(&mut self) -> Result<bool> {
        self.filled = 0;
        self.next = 0;
        while !self.ended && self.filled < self.batch.len() {
            let slot = self.filled;
            let read = self.source.read_record(&mut self.batch[slot]);
            self.source.take_notices(&mut self.batch_notices[slot]);
            match read {
                Ok(true) if self.batch[slot].is_blank() => self.blank += 1,
                Ok(true) => self.filled += 1,
                Ok(false) => self.ended = true,
                Err(e) => {
                    self.ended = true;
                    self.pending = Some(e);
                }
            }
        }
        // Notices after the last row (or with trailing blank lines) wait for the end.
        if self.ended && self.filled < self.batch.len() {
            let mut late = std::mem::take(&mut self.batch_notices[self.filled]);
            self.late_notices.append(&mut late);
        }
        if self.filled == 0 {
            return Ok(false);
        }
        let views: Vec<RowView<'_>> = self.batch[..self.filled]
            .iter()
            .map(|record| RowView {
                record,
                columns: &self.template_columns,
                refused: &self.no_refusals,
            })
            .collect();
        self.template.look_ahead(&views);
        Ok(true)
    }

    /// Checks the next data row and hands it out; `None` after the last one. Blank rows are
    /// skipped and counted.
    pub fn next_row(&mut self) -> Result<Option<RowOutcome<'_>>> {
        self.next_outcome()
    }

    /// Checks every remaining row, handing each to `on_row` in order, and keeps the upload for
    /// [`Upload::notices`] and [`Upload::finish_with_template`]: what a run that writes outputs
    /// as rows come calls. An error from `on_row` (a full disk, say) stops it and is returned.
    ///
    /// The same rows as calls of [`Upload::next_row`], with the row's check built into the loop
    /// of the caller: a row's outcome is handed to `on_row` where it was made, not returned
    /// through memory and read back (for a million rows, that was a few percent of a run).
    #[inline]
    pub fn for_each_row<F>(&mut self, mut on_row: F) -> Result<()>
    where
        F: FnMut(RowOutcome<'_>) -> Result<()>,
    {
        while let Some(outcome) = self.next_outcome()? {
            on_row(outcome)?;
        }
        Ok(())
    }

    /// [`Upload::next_row`], built into each loop that calls it.
    #[inline(always)]
    fn next_outcome(&mut self) -> Result<Option<RowOutcome<'_>>> {
        self.recent_notices.clear();
        if self.next == self.filled && !self.fill_batch()? {
            for n in std::mem::take(&mut self.late_notices) {
                self.keep(n);
            }
            return match self.pending.take() {
                Some(e) => Err(e),
                None => Ok(None),
            };
        }
        self.current = self.next;
        self.next += 1;
        // Almost every row comes with no notice: nothing to take (or free) then.
        if !self.batch_notices[self.current].is_empty() {
            for n in std::mem::take(&mut self.batch_notices[self.current]) {
                self.keep(n);
            }
        }
        self.rows += 1;
        self.row_findings.clear();
        self.check_record();
        if self
            .row_findings
            .iter()
            .any(|f| f.severity == Severity::Error)
        {
            self.check_controls();
        }
        let mut rejected = false;
        for f in &self.row_findings {
            match f.severity {
                Severity::Error => {
                    self.errors += 1;
                    rejected = true;
                }
                Severity::Warning => self.warnings += 1,
            }
        }
        // The row's findings move into the report when there is room for all of them (the
        // outcome then points into the report); otherwise the report keeps what fits and the
        // outcome uses the row's own list.
        let room = self
            .options
            .max_findings
            .map_or(usize::MAX, |cap| cap.saturating_sub(self.findings.len()));
        let start = self.findings.len();
        let in_report = self.row_findings.len() <= room;
        if in_report {
            self.findings.append(&mut self.row_findings);
        } else {
            self.findings
                .extend(self.row_findings.iter().take(room).cloned());
            self.truncated = true;
        }
        let findings: &[Finding] = if in_report {
            &self.findings[start..]
        } else {
            &self.row_findings
        };
        let record = &self.batch[self.current];
        let row = record.row();
        if rejected {
            self.rejected += 1;
            if is_duplicate_only(findings) {
                self.duplicate_rows += 1;
            }
            Ok(Some(RowOutcome::Rejected(RejectedRow {
                row,
                record,
                header_len: self.header.len(),
                carried: &self.carried,
                findings,
                notices: &self.recent_notices,
            })))
        } else {
            self.accepted += 1;
            Ok(Some(RowOutcome::Accepted(AcceptedRow {
                row,
                columns: self.spec.export_columns,
                view: RowView {
                    record,
                    columns: &self.template_columns,
                    refused: &self.refused,
                },
                template: &self.template,
                export: &mut self.export,
                built: false,
                warnings: findings,
                notices: &self.recent_notices,
            })))
        }
    }

    /// The engine's checks of the current record, then the template's.
    #[inline]
    fn check_record(&mut self) {
        let record = &self.batch[self.current];
        let row = record.row();
        let fields = record.field_count();
        let expected = self.header.len() as u64;
        let mut whole_row = false;
        if let Some(cell) = record.unclosed_quote() {
            let value = record.cells().get(cell).unwrap_or_default();
            let name = self.file_names.get(cell).map_or("", String::as_str);
            self.row_findings.push(
                UNCLOSED_QUOTE
                    .finding(
                        echo_start(value),
                        format!(
                            "a quoted value opens in column '{name}' on row {row} and its closing quote is missing, so everything after it to the end of the file was read as one value; add the closing quote (or remove the opening one) and upload again"
                        ),
                    )
                    .at_row(row),
            );
            whole_row = true;
        }
        let trailing_empty = fields > expected
            && !record.has_cuts()
            && fields == record.cells().len() as u64
            && (self.header.len()..record.cells().len())
                .all(|i| record.cells().get(i).is_some_and(str::is_empty));
        if trailing_empty {
            let extra = fields - expected;
            self.row_findings.push(
                TRAILING_EMPTY_FIELDS
                    .finding_without_value(format!(
                        "row {row} has {fields} fields but the header has {expected}; the {} after the last column {} empty (a trailing comma, as spreadsheets write), so the row is read without {}",
                        if extra == 1 { "field" } else { "fields" },
                        if extra == 1 { "is" } else { "are" },
                        if extra == 1 { "it" } else { "them" },
                    ))
                    .at_row(row),
            );
        }
        if fields != expected && !trailing_empty {
            let kept = record.cells().len() as u64;
            let advice = if fields > kept {
                // The sources keep the first MAX_COLUMNS cells of a row: say plainly what the
                // errors file does not hold.
                let extra_kept = if kept > expected {
                    format!("keeps fields {} to {kept}", expected + 1)
                } else {
                    "is empty".to_string()
                };
                format!(
                    "check for commas inside a value that is not in quotes, or stray commas at the end of the row; only the first {MAX_COLUMNS} fields of a row are read, so the Extra values column of the errors file {extra_kept} and fields {} to {fields} (from column {}) are not in it: correct this row in the original file",
                    kept + 1,
                    column_letters(kept),
                )
            } else if fields > expected {
                "check for commas inside a value that is not in quotes, or stray commas at the end of the row; the extra values are kept in the Extra values column of the errors file".to_string()
            } else {
                "check for a missing value or a line break inside a value that is not in quotes"
                    .to_string()
            };
            self.row_findings.push(
                RAGGED_ROW
                    .finding_without_value(format!(
                        "row {row} has {fields} fields but the header has {expected}; {advice}"
                    ))
                    .at_row(row),
            );
            whole_row = true;
        }
        if whole_row {
            return;
        }
        // Most rows pass every per-column check: one quick pass says so; any doubt, and the
        // full checks below word the findings.
        let (text, spans) = record.cells().raw_parts();
        let passes = !record.has_cuts()
            && !record.has_error_cells()
            && spans.len() == self.plan.len()
            && self
                .plan
                .iter()
                .zip(spans)
                .all(|(plan, span)| plan.passes(text, *span));
        if !passes || self.refused_any {
            self.refused.iter_mut().for_each(|r| *r = false);
            self.refused_any = false;
        }
        if !passes {
            self.check_columns();
        }
        let record = &self.batch[self.current];
        let view = RowView {
            record,
            columns: &self.template_columns,
            refused: &self.refused,
        };
        let mut findings = RowFindings {
            findings: &mut self.row_findings,
            row,
            names: &self.template_names,
        };
        self.template.check_row(&view, &mut findings);
    }

    /// The engine's per-column checks of the current record, in full: a cell over the
    /// 10,000-character limit, a required value missing, a value over its column's maximum.
    /// A rejected row (it goes to the errors file): a [`CONTROL_CHARACTERS`] warning for each
    /// cell holding control characters or bidirectional overrides, which the errors file shows
    /// as symbols. Only rejected rows are looked at, so accepted rows cost nothing more.
    #[cold]
    fn check_controls(&mut self) {
        let record = &self.batch[self.current];
        let row = record.row();
        for (i, value) in record.cells().iter().enumerate() {
            if !super::controls::has_controls(value) {
                continue;
            }
            let name = self
                .file_names
                .get(i)
                .map_or_else(|| format!("Extra values (field {})", i + 1), String::clone);
            let found = super::controls::named(value, 4).join(", ");
            self.row_findings.push(
                CONTROL_CHARACTERS
                    .finding(
                        super::controls::shown(&echo_start(value)).into_owned(),
                        format!(
                            "the value holds characters that are not text ({found}); the errors file shows each as a symbol (␀ for NUL, ␛ for escape, [U+202E] for the others) so that it can be uploaded again: delete them from the cell"
                        ),
                    )
                    .at_row(row)
                    .in_column(name),
            );
        }
    }

    /// Marks the template columns refused.
    fn check_columns(&mut self) {
        let record = &self.batch[self.current];
        let row = record.row();
        for (i, role) in self.file_columns.iter().enumerate() {
            if *role == FileColumn::ErrorsFileOwn {
                continue;
            }
            let value = record.cells().get(i).unwrap_or_default();
            let name = &self.file_names[i];
            if record.cell_kind(i) == super::CellKind::Error {
                self.row_findings.push(
                    SPREADSHEET_ERROR
                        .finding(
                            value,
                            format!(
                                "the cell holds the spreadsheet error {value}, the result of a formula that failed, not a value; fix the formula (or type the value) in the workbook and upload again"
                            ),
                        )
                        .at_row(row)
                        .in_column(name.clone()),
                );
                if let FileColumn::Template(t) = role {
                    self.refused[*t] = true;
                }
                continue;
            }
            let chars = match record.cut_length(i) {
                Some(full) => full,
                None if value.len() > MAX_FIELD_CHARS => value.chars().count() as u64,
                None => value.len() as u64,
            };
            if chars > MAX_FIELD_CHARS as u64 {
                self.row_findings.push(
                    FIELD_TOO_LONG
                        .finding(
                            echo_start(value),
                            format!(
                                "the value is {chars} characters long, more than the {MAX_FIELD_CHARS} any column accepts (it starts '{}'); this is usually a quote that never closes or the wrong file",
                                echo_start(value)
                            ),
                        )
                        .at_row(row)
                        .in_column(name.clone()),
                );
                if let FileColumn::Template(t) = role {
                    self.refused[*t] = true;
                }
                continue;
            }
            let FileColumn::Template(t) = *role else {
                continue;
            };
            let column = &self.spec.columns[t];
            if column.required && trimmed(value).is_empty() {
                self.row_findings.push(
                    REQUIRED_EMPTY
                        .finding(
                            value,
                            format!("{} is required; fill it in for this row", column.name),
                        )
                        .at_row(row)
                        .in_column(name.clone()),
                );
                self.refused[t] = true;
            } else if let Some(max) = column.max_chars {
                let text = trimmed(value);
                if text.len() > max {
                    let n = text.chars().count();
                    if n > max {
                        self.row_findings.push(
                            VALUE_TOO_LONG
                                .finding(
                                    value,
                                    format!(
                                        "'{}' is {n} characters long; {} takes at most {max}, so shorten it",
                                        echo_start(text),
                                        column.name
                                    ),
                                )
                                .at_row(row)
                                .in_column(name.clone()),
                        );
                        self.refused[t] = true;
                    }
                }
            }
        }
        self.refused_any = self.refused.iter().any(|r| *r);
    }

    /// Checks every remaining row, handing each to `on_row`, and returns the report. An error
    /// from `on_row` (a full disk, say) stops the run and is returned.
    pub fn run<F>(mut self, mut on_row: F) -> Result<Report>
    where
        F: FnMut(RowOutcome<'_>) -> Result<()>,
    {
        self.for_each_row(&mut on_row)?;
        self.finish()
    }

    /// Checks the rows not handed out yet (without handing them out) and returns the report.
    ///
    /// Errors: [`Error::NoData`] when the file had no data row.
    pub fn finish(self) -> Result<Report> {
        self.finish_with_template().map(|(report, _)| report)
    }

    /// As [`Upload::finish`], also giving back the template (what it found across rows, such
    /// as the destinations template's [`super::destinations::DestinationsTemplate::conflicts`]).
    pub fn finish_with_template(mut self) -> Result<(Report, T)> {
        while self.next_outcome()?.is_some() {}
        if self.rows == 0 {
            return Err(Error::NoData {
                what: self.spec.rows_are.to_string(),
                detail: if self.blank == 0 {
                    "the file has a header row and nothing under it".to_string()
                } else {
                    format!(
                        "the file has a header row and only {} blank rows under it",
                        self.blank
                    )
                },
            });
        }
        let info = self.source.info();
        let report = Report {
            summary: Summary {
                template: self.spec.name,
                file: self.options.file_name.take(),
                processed_at: self.options.processed_at.take(),
                format: info.format,
                encoding: info.encoding.map(|e| e.label()),
                delimiter: info.delimiter,
                rows: self.rows,
                accepted: self.accepted,
                rejected: self.rejected,
                warnings: self.warnings,
                errors: self.errors,
                blank_rows_skipped: self.blank,
                duplicate_rows: self.duplicate_rows,
            },
            findings: self.findings,
            truncated: self.truncated,
        };
        Ok((report, self.template))
    }
}

/// The header: the first row of `source` that is not blank, and how many blank rows came
/// before it.
///
/// Errors: [`Error::NoData`] when there is no such row; [`Error::TooManyColumns`] when it is
/// wider than [`MAX_COLUMNS`]; the source's own errors.
fn read_header_row<S: RowSource>(source: &mut S, spec: &TemplateSpec) -> Result<(Record, u64)> {
    let mut record = Record::new();
    let mut blank = 0;
    loop {
        if !source.read_record(&mut record)? {
            return Err(Error::NoData {
                what: spec.rows_are.to_string(),
                detail: if blank == 0 {
                    "the file is empty".to_string()
                } else {
                    format!("the file has only {blank} blank lines")
                },
            });
        }
        if !record.is_blank() {
            break;
        }
        blank += 1;
    }
    if record.field_count() > MAX_COLUMNS as u64 {
        return Err(Error::TooManyColumns {
            found: record.field_count(),
            max: MAX_COLUMNS,
        });
    }
    Ok((record, blank))
}

/// How the header's columns match the template's (see [`Upload::new`]).
#[derive(Debug)]
struct HeaderColumns {
    /// The role of each file column.
    file_columns: Vec<FileColumn>,
    /// Trimmed header names (for findings), per file column.
    file_names: Vec<String>,
    /// For each template column, its file column.
    template_columns: Vec<Option<usize>>,
}

impl HeaderColumns {
    /// Matches each header cell to a template column by name (ignoring case, surrounding
    /// spaces, a byte-order mark, and a trailing `*` when `marks`), and adds an
    /// [`UNKNOWN_COLUMN`] warning at `header_row` to `notices` for each cell that matches none
    /// (except `Row` and `Errors`, an errors file's own columns).
    ///
    /// Errors: [`Error::DuplicateColumn`] when two cells match one template column.
    fn match_header(
        header: &[String],
        header_row: u64,
        spec: &'static TemplateSpec,
        marks: bool,
        notices: &mut Vec<Finding>,
    ) -> Result<HeaderColumns> {
        let keys: Vec<String> = spec
            .columns
            .iter()
            .map(|c| template_header_key(c.name, marks))
            .collect();
        let mut template_columns: Vec<Option<usize>> = vec![None; spec.columns.len()];
        let mut file_columns = Vec::with_capacity(header.len());
        let mut file_names = Vec::with_capacity(header.len());
        for (i, name) in header.iter().enumerate() {
            let key = template_header_key(name, marks);
            let shown = name.trim().trim_start_matches('\u{FEFF}').to_string();
            let role = match keys.iter().position(|k| *k == key) {
                Some(t) => {
                    if let Some(first) = template_columns[t] {
                        return Err(Error::DuplicateColumn {
                            name: spec.columns[t].name.to_string(),
                            first: first + 1,
                            second: i + 1,
                        });
                    }
                    template_columns[t] = Some(i);
                    FileColumn::Template(t)
                }
                None if key == "row" || key == "errors" || key == "extra values" => {
                    FileColumn::ErrorsFileOwn
                }
                None => {
                    let message = if key.is_empty() {
                        format!(
                            "column {} has no name in the header row, so it is not uploaded; its values are kept in the errors file (delete the column if it is not needed)",
                            i + 1
                        )
                    } else {
                        format!(
                            "column '{shown}' is not a column of the {} template, so it is not uploaded; its values are kept in the errors file. The template's columns are {}",
                            spec.title,
                            column_list(spec)
                        )
                    };
                    notices.push(
                        UNKNOWN_COLUMN
                            .finding(name.as_str(), message)
                            .at_row(header_row)
                            .in_column(shown.clone()),
                    );
                    FileColumn::Unknown
                }
            };
            file_columns.push(role);
            file_names.push(shown);
        }
        Ok(HeaderColumns {
            file_columns,
            file_names,
            template_columns,
        })
    }

    /// Errors: [`Error::MissingColumns`] listing the required template columns not found and
    /// the headers that were, with a guess at why ([`missing_columns_hint`]).
    fn check_required(&self, spec: &TemplateSpec, header: &[String]) -> Result<()> {
        let missing: Vec<String> = spec
            .columns
            .iter()
            .zip(&self.template_columns)
            .filter(|(c, found)| c.required && found.is_none())
            .map(|(c, _)| c.name.to_string())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(Error::MissingColumns {
            missing,
            found: header.to_vec(),
            hint: missing_columns_hint(header),
        })
    }

    /// For each template column, the name findings use: the header as found, or the
    /// template's name when the (optional) column is not in the file.
    fn template_names(&self, spec: &TemplateSpec) -> Vec<String> {
        spec.columns
            .iter()
            .zip(&self.template_columns)
            .map(|(c, found)| match found {
                Some(i) => self.file_names[*i].clone(),
                None => c.name.to_string(),
            })
            .collect()
    }

    /// What the engine checks in each file column: its role, and for a template column
    /// whether it is required and its maximum length.
    fn plan(&self, spec: &TemplateSpec) -> Vec<ColumnPlan> {
        self.file_columns
            .iter()
            .map(|role| {
                let column = match role {
                    FileColumn::Template(t) => spec.columns.get(*t),
                    _ => None,
                };
                ColumnPlan {
                    role: *role,
                    required: column.is_some_and(|c| c.required),
                    max_chars: column.and_then(|c| c.max_chars),
                }
            })
            .collect()
    }

    /// The file columns carried into the errors file: all but `Row` and `Errors`.
    fn carried(&self) -> Vec<usize> {
        self.file_columns
            .iter()
            .enumerate()
            .filter(|(_, role)| **role != FileColumn::ErrorsFileOwn)
            .map(|(i, _)| i)
            .collect()
    }
}

/// The template's column names for a message: all of them, or for a template with many
/// numbered columns (the qualification upload's 98) the first [`LISTED_COLUMNS`] and how many
/// more.
fn column_list(spec: &TemplateSpec) -> String {
    let names: Vec<&str> = spec
        .columns
        .iter()
        .take(LISTED_COLUMNS)
        .map(|c| c.name)
        .collect();
    match spec.columns.len().saturating_sub(LISTED_COLUMNS) {
        0 => names.join(", "),
        more => format!("{} and {more} more", names.join(", ")),
    }
}

/// How many template columns an unknown-column message lists.
const LISTED_COLUMNS: usize = 20;

/// A guess at why required columns were not found.
fn missing_columns_hint(header: &[String]) -> Option<String> {
    if header.len() == 1 {
        let only = &header[0];
        if only.contains(';') {
            return Some("the header seems to be separated by semicolons; save the file as CSV UTF-8 (comma delimited)".to_string());
        }
        if only.contains('|') {
            return Some("the header seems to be separated by '|'; save the file as CSV UTF-8 (comma delimited)".to_string());
        }
    }
    let looks_like_data = header
        .iter()
        .any(|h| h.trim().len() >= 8 && h.trim().bytes().all(|b| b.is_ascii_digit()));
    if looks_like_data {
        return Some(
            "the first row looks like data, not column names: put the template's header row first"
                .to_string(),
        );
    }
    None
}
