//! A sheet's rows assembled from its cells as they come: [`SheetReader`].

use super::archive::damaged;
use super::xlsx::XlsxCells;
use super::{CellSource, Sheet, SheetCells, StreamCell};
use crate::error::Result;
use crate::template::{CellKind, MAX_COLUMNS, MAX_FIELD_CHARS, Record};

#[derive(Debug)]
enum Cells {
    Xlsx(Box<XlsxCells>),
    Sheet(SheetCells),
}

impl Cells {
    fn next_cell(&mut self) -> Result<Option<StreamCell<'_>>> {
        match self {
            Cells::Xlsx(c) => c.next_cell(),
            Cells::Sheet(c) => c.next_cell(),
        }
    }
}

/// The rows of one sheet, read as they are asked for ([`SheetReader::read_record`]), with
/// the row numbers Excel shows, from the first row with a value to the last. Memory holds
/// one row (at most [`MAX_COLUMNS`] cells of at most [`MAX_FIELD_CHARS`] characters are kept
/// of it; the rest is counted).
///
/// Cells of a row may come in any order: they are sorted by column (of two at one place, the
/// later wins). A row that comes after a later row is an error
/// ([`crate::Error::WorkbookUnreadable`]).
#[derive(Debug)]
pub struct SheetReader {
    name: String,
    format: &'static str,
    cells: Cells,
    /// The current row's cells (column, end of text in `text`), then possibly one cell of the
    /// next row read ahead (the last entry, when `ahead`).
    pending: Vec<(u32, u32)>,
    /// The kind of each cell of `pending`, alongside.
    pending_kinds: Vec<CellKind>,
    text: String,
    /// The row of the first `group` entries of `pending`.
    group_row: u32,
    group: usize,
    ahead: Option<u32>,
    /// The zero-based row to hand out next, once the first row with a value is known.
    next: Option<u32>,
    ended: bool,
}

impl SheetReader {
    pub(crate) fn streamed(name: String, format: &'static str, cells: XlsxCells) -> SheetReader {
        SheetReader::new(name, format, Cells::Xlsx(Box::new(cells)))
    }

    /// The rows of a sheet already read whole.
    pub fn from_sheet(sheet: Sheet, format: &'static str) -> SheetReader {
        let name = sheet.name().to_string();
        SheetReader::new(name, format, Cells::Sheet(sheet.into_cells()))
    }

    fn new(name: String, format: &'static str, cells: Cells) -> SheetReader {
        SheetReader {
            name,
            format,
            cells,
            pending: Vec::new(),
            pending_kinds: Vec::new(),
            text: String::new(),
            group_row: 0,
            group: 0,
            ahead: None,
            next: None,
            ended: false,
        }
    }

    /// The sheet's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The workbook's format (`xlsx`, `xls`, `xlsb`, `ods`).
    pub fn format(&self) -> &'static str {
        self.format
    }

    fn push(&mut self, col: u32, text: &str, kind: CellKind) {
        self.text.push_str(text);
        self.pending
            .push((col, u32::try_from(self.text.len()).unwrap_or(u32::MAX)));
        self.pending_kinds.push(kind);
    }

    /// Reads the cells of the next row with a value into `pending[..group]`.
    fn fill(&mut self) -> Result<()> {
        self.group = 0;
        match self.ahead.take() {
            Some(row) => {
                self.group_row = row;
                self.group = 1;
            }
            None => {
                if self.ended {
                    return Ok(());
                }
                match self.cells.next_cell()? {
                    Some(cell) => {
                        let (row, col, kind) = (cell.row, cell.col, cell.kind);
                        let text = cell.text.to_string();
                        self.push(col, &text, kind);
                        self.group_row = row;
                        self.group = 1;
                    }
                    None => {
                        self.ended = true;
                        return Ok(());
                    }
                }
            }
        }
        loop {
            let Some(cell) = self.cells.next_cell()? else {
                self.ended = true;
                return Ok(());
            };
            let (row, col, kind) = (cell.row, cell.col, cell.kind);
            if row < self.group_row {
                return Err(damaged(&format!(
                    "in sheet '{}', row {} comes after row {} (Excel writes rows in order)",
                    self.name,
                    u64::from(row) + 1,
                    u64::from(self.group_row) + 1
                )));
            }
            // Copy before pushing: the cell's text is the source's buffer.
            let text: &str = cell.text;
            self.text.push_str(text);
            self.pending
                .push((col, u32::try_from(self.text.len()).unwrap_or(u32::MAX)));
            self.pending_kinds.push(kind);
            if row == self.group_row {
                self.group += 1;
            } else {
                self.ahead = Some(row);
                return Ok(());
            }
        }
    }

    /// Reads the next row into `record` (cleared first): `Ok(false)` after the last row with a
    /// value. A row without a value between two with values comes as a row with no cell.
    pub fn read_record(&mut self, record: &mut Record) -> Result<bool> {
        record.clear();
        if self.group == 0 {
            self.fill()?;
            if self.group == 0 {
                return Ok(false);
            }
        }
        let next = *self.next.get_or_insert(self.group_row);
        if next < self.group_row {
            record.set_row(u64::from(next) + 1);
            self.next = Some(next + 1);
            return Ok(true);
        }
        record.set_row(u64::from(self.group_row) + 1);
        self.next = Some(self.group_row.saturating_add(1));
        self.emit(record);
        // Keep the cell read ahead, at the start.
        let start_of_group_end = self.pending[self.group - 1].1 as usize;
        if self.ahead.is_some() {
            let ahead_col = self.pending[self.group].0;
            let ahead_kind = self
                .pending_kinds
                .get(self.group)
                .copied()
                .unwrap_or_default();
            self.text.drain(..start_of_group_end);
            self.pending.clear();
            self.pending_kinds.clear();
            self.pending.push((
                ahead_col,
                u32::try_from(self.text.len()).unwrap_or(u32::MAX),
            ));
            self.pending_kinds.push(ahead_kind);
        } else {
            self.text.clear();
            self.pending.clear();
            self.pending_kinds.clear();
        }
        self.group = 0;
        Ok(true)
    }

    /// The current row's cells into `record`, sorted by column, empty cells between them.
    fn emit(&mut self, record: &mut Record) {
        let mut order: Vec<(u32, usize)> = self.pending[..self.group]
            .iter()
            .enumerate()
            .map(|(i, &(col, _))| (col, i))
            .collect();
        if !order.windows(2).all(|w| w[0].0 < w[1].0) {
            // Stable, so the later of two cells at one place comes last and wins.
            order.sort_by_key(|&(col, _)| col);
            let mut kept: Vec<(u32, usize)> = Vec::with_capacity(order.len());
            for cell in order {
                match kept.last_mut() {
                    Some(last) if last.0 == cell.0 => *last = cell,
                    _ => kept.push(cell),
                }
            }
            order = kept;
        }
        let mut width = 0usize;
        let mut beyond: Option<u32> = None;
        for (col, i) in order {
            let col_index = col as usize;
            if col_index >= MAX_COLUMNS {
                beyond = Some(col);
                continue;
            }
            while width < col_index {
                record.push_cell("");
                width += 1;
            }
            let start = if i == 0 {
                0
            } else {
                self.pending[i - 1].1 as usize
            };
            let cell = &self.text[start..self.pending[i].1 as usize];
            record.note_kind(
                col_index,
                self.pending_kinds.get(i).copied().unwrap_or_default(),
            );
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
                record.note_cut(col_index, chars as u64);
            } else {
                record.push_cell(cell);
            }
            width += 1;
        }
        if let Some(last) = beyond {
            while width < MAX_COLUMNS {
                record.push_cell("");
                width += 1;
            }
            record.note_dropped_many(u64::from(last) + 1 - MAX_COLUMNS as u64);
        }
    }
}
