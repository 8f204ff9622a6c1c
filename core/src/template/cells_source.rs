//! Rows from columns of cells a host already holds (a data frame's columns, an Arrow table),
//! rather than from the bytes of a file.
//!
//! A host converts its columns to text cells (its own values' text, as it would write them to
//! CSV) and hands them over through [`CellColumns`]; [`CellsSource`] reads them as rows with
//! the row numbers the same cells would have as a CSV file (header = row 1), so the engine's
//! findings, counts and errors file are those of that file. Everything a CSV source decides
//! about cells holds here too: a missing value is an empty cell, a row of empty cells is a
//! blank row, a cell longer than [`MAX_FIELD_CHARS`] is cut (and rejects its row), at most
//! [`MAX_COLUMNS`] cells are kept per row. A table has no ragged rows, no encoding and no
//! quotes.

use super::fields::Record;
use super::{MAX_COLUMNS, MAX_FIELD_CHARS, RowSource, SourceInfo};
use crate::error::Result;
use crate::finding::Finding;

/// The format a [`CellsSource`] reports in the summary.
pub const CELLS_FORMAT: &str = "table";

/// Columns of text cells, all of one length, with their names: what a host hands the engine
/// instead of a file. `Sync`, so a host may check them with its interpreter lock released.
pub trait CellColumns: Sync {
    /// The columns' names, in order: the header row.
    fn names(&self) -> &[String];

    /// The number of data rows (every column has this many cells).
    fn rows(&self) -> usize;

    /// The text of cell `row` (0-based data row) of column `column`; `None` for a missing
    /// value (read as an empty cell, as a CSV file writes one).
    fn cell(&self, row: usize, column: usize) -> Option<&str>;

    /// About how many bytes the cells would take as a CSV file: a hint for the templates that
    /// reserve memory for every row (any value gives the same report). By default, the first
    /// thousand rows' length extrapolated.
    fn csv_bytes_hint(&self) -> u64 {
        let rows = self.rows();
        let sample = rows.min(1000);
        if sample == 0 {
            return 0;
        }
        let width = self.names().len();
        let mut bytes = 0u64;
        for row in 0..sample {
            for column in 0..width {
                bytes += self.cell(row, column).map_or(0, str::len) as u64 + 1;
            }
        }
        bytes / sample as u64 * rows as u64
    }
}

/// Rows from [`CellColumns`]: the names as the header row, then each data row in order.
pub struct CellsSource<'c> {
    cells: &'c dyn CellColumns,
    /// The next row to read: 0 is the header.
    next: usize,
}

impl std::fmt::Debug for CellsSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CellsSource")
            .field("columns", &self.cells.names().len())
            .field("rows", &self.cells.rows())
            .field("next", &self.next)
            .finish()
    }
}

impl<'c> CellsSource<'c> {
    /// The rows of `cells`, from the header.
    pub fn new(cells: &'c dyn CellColumns) -> Self {
        CellsSource { cells, next: 0 }
    }
}

/// Appends `cell` as cell `index` of `record`, cut to [`MAX_FIELD_CHARS`] characters as every
/// source cuts a longer one (noting its full length, so the row is rejected).
fn push(record: &mut Record, index: usize, cell: &str) {
    // A cell has no more characters than bytes: count only a long one.
    let chars = if cell.len() > MAX_FIELD_CHARS {
        cell.chars().count()
    } else {
        cell.len()
    };
    if chars > MAX_FIELD_CHARS {
        let end = cell
            .char_indices()
            .nth(MAX_FIELD_CHARS)
            .map_or(cell.len(), |(b, _)| b);
        record.push_cell(&cell[..end]);
        record.note_cut(index, chars as u64);
    } else {
        record.push_cell(cell);
    }
}

impl RowSource for CellsSource<'_> {
    fn read_record(&mut self, record: &mut Record) -> Result<bool> {
        record.clear();
        let width = self.cells.names().len();
        let kept = width.min(MAX_COLUMNS);
        if self.next == 0 {
            for (index, name) in self.cells.names().iter().take(kept).enumerate() {
                push(record, index, name);
            }
        } else {
            let row = self.next - 1;
            if row >= self.cells.rows() {
                return Ok(false);
            }
            for column in 0..kept {
                push(record, column, self.cells.cell(row, column).unwrap_or(""));
            }
        }
        if width > kept {
            record.note_dropped_many((width - kept) as u64);
        }
        // Header = row 1, as Excel numbers the same cells written as a file.
        record.set_row(self.next as u64 + 1);
        self.next += 1;
        Ok(true)
    }

    fn take_notices(&mut self, _out: &mut Vec<Finding>) {}

    fn info(&self) -> SourceInfo {
        SourceInfo {
            format: CELLS_FORMAT,
            encoding: None,
            delimiter: None,
        }
    }
}

/// Cells held as rows of `String`s: for tests and small hosts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellRows {
    /// The header.
    pub names: Vec<String>,
    /// The data rows; a row shorter than the header reads as missing values.
    pub rows: Vec<Vec<Option<String>>>,
}

impl CellColumns for CellRows {
    fn names(&self) -> &[String] {
        &self.names
    }

    fn rows(&self) -> usize {
        self.rows.len()
    }

    fn cell(&self, row: usize, column: usize) -> Option<&str> {
        self.rows.get(row)?.get(column)?.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(names: &[&str], rows: &[&[Option<&str>]]) -> CellRows {
        CellRows {
            names: names.iter().map(|n| n.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.map(str::to_string)).collect())
                .collect(),
        }
    }

    fn read_all(cells: &dyn CellColumns) -> Vec<(u64, Vec<String>)> {
        let mut source = CellsSource::new(cells);
        let mut record = Record::new();
        let mut out = Vec::new();
        while source.read_record(&mut record).unwrap() {
            out.push((
                record.row(),
                record.cells().iter().map(str::to_string).collect(),
            ));
        }
        out
    }

    #[test]
    fn header_then_rows_numbered_as_excel() {
        let t = table(&["A", "B"], &[&[Some("1"), None], &[None, None]]);
        let rows = read_all(&t);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0], (1, vec!["A".to_string(), "B".to_string()]));
        assert_eq!(rows[1], (2, vec!["1".to_string(), String::new()]));
        assert_eq!(rows[2].0, 3);
        let mut source = CellsSource::new(&t);
        let mut record = Record::new();
        for _ in 0..3 {
            assert!(source.read_record(&mut record).unwrap());
        }
        assert!(record.is_blank(), "a row of missing values is blank");
        assert!(!source.read_record(&mut record).unwrap());
        assert_eq!(source.info().format, CELLS_FORMAT);
    }

    #[test]
    fn long_cells_are_cut_and_noted() {
        let long = "é".repeat(MAX_FIELD_CHARS + 5);
        let t = table(&["A"], &[&[Some(long.as_str())]]);
        let mut source = CellsSource::new(&t);
        let mut record = Record::new();
        source.read_record(&mut record).unwrap();
        source.read_record(&mut record).unwrap();
        assert_eq!(
            record.cells().get(0).unwrap().chars().count(),
            MAX_FIELD_CHARS
        );
        assert_eq!(record.cut_length(0), Some((MAX_FIELD_CHARS + 5) as u64));
    }

    #[test]
    fn columns_beyond_the_most_kept_are_counted() {
        let names: Vec<String> = (0..MAX_COLUMNS + 3).map(|i| format!("c{i}")).collect();
        let t = CellRows {
            names,
            rows: vec![],
        };
        let mut source = CellsSource::new(&t);
        let mut record = Record::new();
        source.read_record(&mut record).unwrap();
        assert_eq!(record.cells().len(), MAX_COLUMNS);
        assert_eq!(record.field_count(), (MAX_COLUMNS + 3) as u64);
    }

    #[test]
    fn size_hint_extrapolates() {
        let row: &[Option<&str>] = &[Some("123"), Some("4")];
        let t = table(&["A", "B"], &[row; 10]);
        assert_eq!(t.csv_bytes_hint(), 60);
        assert_eq!(table(&["A"], &[]).csv_bytes_hint(), 0);
    }
}
