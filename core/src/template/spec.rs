//! What a template is: its columns ([`TemplateSpec`], [`ColumnSpec`]) and its per-row check
//! ([`Template`]), with the views the engine hands it ([`RowView`], [`RowFindings`]).

use super::fields::{Fields, Record};
use crate::error::Result;
use crate::finding::{Finding, FindingKind, Refusal};

/// One column of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// The header name, as the template shows it (matched ignoring case, surrounding spaces and
    /// runs of spaces).
    pub name: &'static str,
    /// Required: the column must be in the header and have a value in every row. An optional
    /// column may be left out of the file entirely.
    pub required: bool,
    /// The longest value accepted, in characters (every cell is also limited to
    /// [`super::MAX_FIELD_CHARS`]).
    pub max_chars: Option<usize>,
    /// What goes in the column, for people (help texts, generated documentation).
    pub description: &'static str,
}

/// A template: its name, its columns and the columns of its export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateSpec {
    /// Stable name, e.g. `destinations`.
    pub name: &'static str,
    /// A title for people, e.g. "WMCA destinations upload".
    pub title: &'static str,
    /// What a data row is, plural, for messages: "no destinations in file".
    pub rows_are: &'static str,
    /// The columns, in the template's order.
    pub columns: &'static [ColumnSpec],
    /// The columns of an accepted row (the export), in order.
    pub export_columns: &'static [&'static str],
}

impl TemplateSpec {
    /// The index of the column called `name` (matched as headers are).
    pub fn column(&self, name: &str) -> Option<usize> {
        let key = header_key(name);
        self.columns.iter().position(|c| header_key(c.name) == key)
    }
}

/// The form of a header name used for matching: no surrounding spaces (nor a stray
/// byte-order mark), runs of spaces as one, lower case.
pub(crate) fn header_key(name: &str) -> String {
    name.trim_start_matches('\u{FEFF}')
        .split(|c: char| c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A template's rules for one row.
///
/// The engine has already checked, per column: required values present, maximum lengths, the
/// 10,000-character cell limit; and per row: the field count and quoting. [`RowView::get`]
/// returns `None` for a column that failed those checks, is empty or is not in the file, so a
/// template checks only values that are there.
pub trait Template {
    /// The template's columns and export columns.
    fn spec(&self) -> &'static TemplateSpec;

    /// Checks one data row: adds a finding to `findings` for each problem (an error rejects the
    /// row; the run goes on).
    ///
    /// State across rows (duplicate keys) is the template's own; it should remember a row only
    /// when the row is accepted (`!findings.has_errors()` at the end).
    fn check_row(&mut self, row: &RowView<'_>, findings: &mut RowFindings<'_>);

    /// Writes the export cells of the row just accepted by [`Template::check_row`] (one per
    /// [`TemplateSpec::export_columns`]) to `export`, which the engine has cleared. Called only
    /// when a caller asks for them, and only before the next row is checked.
    fn export_row(&self, row: &RowView<'_>, export: &mut Fields);

    /// Shown the next rows (a few dozen, in file order) before the first of them is checked,
    /// with no column refused yet: a template that looks every row up in a table bigger than
    /// the processor's caches can start those memory reads now, so that they overlap instead of
    /// each row waiting for its own. Only a hint: the values are unchecked and the rows are
    /// checked by [`Template::check_row`] all the same. The default does nothing.
    fn look_ahead(&mut self, rows: &[RowView<'_>]) {
        let _ = rows;
    }

    /// Told the input's size in bytes when the caller knows it
    /// ([`super::UploadOptions::input_bytes`]), once the header is read and before the first
    /// row: a template that remembers every row can reserve that memory once. Only a hint (the
    /// bytes may be a workbook's, or the caller's guess). The default does nothing.
    fn expect_input_bytes(&mut self, bytes: u64) {
        let _ = bytes;
    }

    /// Checks the header row as a whole, once, before its columns are matched (cells as found
    /// in the file). A template whose columns follow a pattern refuses here a header the
    /// pattern does not allow (the qualification upload: more than 18 groups). The default
    /// accepts any header.
    fn check_header(&self, header: &[String]) -> Result<()> {
        let _ = header;
        Ok(())
    }

    /// True when a trailing `*` on a header name (how some templates mark mandatory fields,
    /// e.g. "Qualification Type 1*") is ignored when headers are matched. The default is
    /// false: the name must match as it is.
    fn ignores_mandatory_marks(&self) -> bool {
        false
    }
}

/// The key of a header name for a template: [`header_key`], without a trailing `*` when the
/// template ignores mandatory-field marks.
pub(crate) fn template_header_key(name: &str, ignore_marks: bool) -> String {
    let key = header_key(name);
    if ignore_marks {
        let stripped = key.trim_end_matches('*').trim_end();
        if stripped.len() != key.len() {
            return stripped.to_string();
        }
    }
    key
}

/// One data row as a [`Template`] sees it: cells by template column index.
#[derive(Debug, Clone, Copy)]
pub struct RowView<'a> {
    pub(crate) record: &'a Record,
    pub(crate) columns: &'a [Option<usize>],
    pub(crate) refused: &'a [bool],
}

impl<'a> RowView<'a> {
    /// The row number as Excel shows it.
    pub fn row(&self) -> u64 {
        self.record.row()
    }

    /// The value of template column `column`, without surrounding spaces, when there is one to
    /// check: `None` when the column is not in the file, the cell is empty or blank, or the
    /// engine already refused it.
    #[inline]
    pub fn get(&self, column: usize) -> Option<&'a str> {
        if self.refused.get(column).copied().unwrap_or(true) {
            return None;
        }
        self.raw(column)
            .map(crate::identifiers::trimmed)
            .filter(|v| !v.is_empty())
    }

    /// The bytes of template column `column` when they start and end with a visible ASCII
    /// character (so need no trimming) and the engine refused nothing there; `None` otherwise
    /// (the column is missing, the cell empty or padded, or it begins or ends with anything
    /// else). For quick checks that leave every other case to [`RowView::get`].
    #[inline]
    pub(crate) fn visible_ascii(&self, column: usize) -> Option<&'a [u8]> {
        if self.refused.get(column).copied().unwrap_or(true) {
            return None;
        }
        let index = (*self.columns.get(column)?)?;
        let bytes = self.record.cells().get_bytes(index)?;
        crate::identifiers::visible_edges(bytes).then_some(bytes)
    }

    /// The cell of template column `column` exactly as read, if the column is in the file.
    #[inline]
    pub fn raw(&self, column: usize) -> Option<&'a str> {
        let index = (*self.columns.get(column)?)?;
        self.record.cells().get(index)
    }

    /// True when template column `column` came from a workbook cell holding a number (a
    /// spreadsheet drops a number's leading zeros: `0121 496 0000` typed as a number shows
    /// `1214960000`). Always false for CSV.
    #[inline]
    pub fn is_number(&self, column: usize) -> bool {
        self.columns
            .get(column)
            .copied()
            .flatten()
            .is_some_and(|i| self.record.cell_kind(i) == super::CellKind::Number)
    }
}

/// Where a [`Template`] puts the findings of one row: each gets the row number and the column's
/// header name as found in the file.
#[derive(Debug)]
pub struct RowFindings<'a> {
    pub(crate) findings: &'a mut Vec<Finding>,
    pub(crate) row: u64,
    pub(crate) names: &'a [String],
}

impl RowFindings<'_> {
    /// The row number as Excel shows it.
    pub fn row(&self) -> u64 {
        self.row
    }

    fn name(&self, column: usize) -> String {
        self.names.get(column).cloned().unwrap_or_default()
    }

    /// A parser's refusal of `value` (as found in the file) in template column `column`.
    pub fn refuse(&mut self, column: usize, value: &str, refusal: Refusal) {
        let mut finding = refusal.into_finding().at_row(self.row);
        finding.column = Some(self.name(column));
        if finding.value.as_deref() != Some(value) {
            finding.value = Some(value.to_string());
        }
        self.findings.push(finding);
    }

    /// A finding of `kind` about `value` in template column `column`.
    pub fn add(
        &mut self,
        column: usize,
        kind: &'static FindingKind,
        value: &str,
        message: impl Into<String>,
    ) {
        let finding = kind
            .finding(value, message)
            .at_row(self.row)
            .in_column(self.name(column));
        self.findings.push(finding);
    }

    /// A finding of `kind` about the whole row (no column).
    pub fn add_to_row(&mut self, kind: &'static FindingKind, message: impl Into<String>) {
        self.findings
            .push(kind.finding_without_value(message).at_row(self.row));
    }

    /// True when an error (rejecting the row) has been found in it so far.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }
}
