//! Excel workbooks (.xlsx, .xlsm, .xls, .xlsb, .ods): a sheet's rows as the text a person sees in
//! the cells, with the row numbers Excel shows.
//!
//! Cells are read with calamine and turned into text so that the same template rules apply as
//! to CSV:
//! - a whole number is written without a trailing `.0` (a ULN stored as a number, 9276308686,
//!   stays its ten digits);
//! - other numbers in their shortest exact decimal form (`15.5`);
//! - a date as `YYYY-MM-DD` (with ` HH:MM:SS` when it has a time of day);
//! - TRUE/FALSE for booleans, and Excel's error text (`#N/A`) for error cells.
//!
//! The core is handed the workbook's bytes (it opens no file); the bytes are kept whole (the
//! sheet data of an .xlsx is inside a zip archive), but a sheet is not.
//!
//! # Bounded cost
//!
//! An .xlsx (or .xlsm) sheet is streamed cell by cell ([`Workbook::sheet_reader`], what uploads
//! use): memory does not grow with the sheet, and nothing is allocated for the cells a far
//! reference (`XFD1048576`) skips. What is read is bounded, and each limit is an
//! [`Error::WorkbookTooLarge`] naming it, with what to do:
//!
//! | limit | value |
//! |---|---|
//! | decompressed bytes of one part (a sheet's XML, the shared strings) | [`MAX_PART_BYTES`] (512 MiB) |
//! | bytes of one tag or one run of text between tags | [`MAX_MARKUP_RUN`] (1 MiB) |
//! | bytes of one cell's text | [`MAX_CELL_BYTES`] (1 MiB; Excel allows 32,767 characters) |
//! | shared strings | [`MAX_SHARED_STRINGS`] strings, [`MAX_SHARED_STRING_BYTES`] bytes of text |
//! | cells of one sheet (empty ones included) | [`MAX_CELLS`] |
//! | cell references | inside Excel's grid: columns A to XFD, rows 1 to 1,048,576 |
//! | a sheet read whole ([`Workbook::sheet`]) | [`MAX_SHEET_CELLS`] cells with text, [`MAX_SHEET_TEXT_BYTES`] bytes of text |
//! | an .ods file | [`MAX_ODS_CELLS`] cells spanned by its sheets, [`MAX_ODS_CONTENT_BYTES`] bytes of content |
//! | an .xls file | its compound file's sector chains within the file and never looping; its workbook stream within [`MAX_PART_BYTES`]; its shared strings as above; [`MAX_XLS_CELLS`] cells declared, held and spanned by its sheets; [`MAX_SHEET_TEXT_BYTES`] bytes of text in its cells |
//!
//! A cell longer than the template rule's 10,000 characters is cut while its row is read and
//! the row says so (the template's finding); rows are handed out in order, cells within a
//! row sorted by column whatever their order in the file (the last of two cells at one place
//! wins). A row that comes after a later one is damage (Excel never writes one).
//!
//! The other formats are read with calamine and then held as a sheet read whole, with the same
//! whole-sheet limits: an .xlsb sheet through calamine's cell reader (no grid is built); an
//! .ods file only once the grid its sheets span is measured and found within [`MAX_ODS_CELLS`]
//! (calamine builds it when the file is opened); an .xls file once its compound file and its
//! BIFF records are walked and found within the limits above (calamine reads the whole file,
//! every sheet's cells and a dense grid of each, when it is opened).

use crate::error::{Error, Result};
use crate::template::CellKind;
use calamine::{Data, DataRef, Reader, Sheets};
use std::borrow::Cow;
use std::io::Cursor;
use std::sync::Arc;

mod archive;
mod ods;
mod rows;
mod xls;
mod xlsx;

pub use rows::SheetReader;

/// The most decompressed bytes read from one part of a workbook (a sheet's XML, the shared
/// strings).
pub const MAX_PART_BYTES: u64 = 512 << 20;
/// The most bytes of one XML tag, or of one run of text between two tags.
pub const MAX_MARKUP_RUN: usize = 1 << 20;
/// The most bytes of one cell's text (Excel allows 32,767 characters).
pub const MAX_CELL_BYTES: usize = 1 << 20;
/// The most strings in a workbook's shared-string table.
pub const MAX_SHARED_STRINGS: usize = 1 << 23;
/// The most bytes of text in a workbook's shared-string table.
pub const MAX_SHARED_STRING_BYTES: usize = 128 << 20;
/// The most cells (`<c>` elements, empty ones included) read from one sheet.
pub const MAX_CELLS: u64 = 1 << 24;
/// The most cells with text held by a sheet read whole ([`Workbook::sheet`]).
pub const MAX_SHEET_CELLS: usize = 1 << 23;
/// The most bytes of text held by a sheet read whole ([`Workbook::sheet`]).
pub const MAX_SHEET_TEXT_BYTES: usize = 256 << 20;
/// The most cells the sheets of an .ods file may span, from each sheet's first used cell to
/// its last (calamine holds them all when the file is opened).
pub const MAX_ODS_CELLS: u64 = 1 << 22;
/// The most bytes of an .ods file's content (`content.xml`, decompressed).
pub const MAX_ODS_CONTENT_BYTES: u64 = 64 << 20;
/// The most cells the sheets of an .xls file may declare (DIMENSIONS), hold (cell records) and
/// span (from each sheet's first used cell to its last), counted together over all its sheets
/// (calamine holds them all when the file is opened: a cell reserved or held costs it about 40
/// bytes, a cell of the grid it spans 32 and then a copy for the sheet read whole). 2,097,152:
/// the whole of a sheet of 65,536 rows (the most an .xls has) by 32 columns; a fuzzed 5 KB file
/// spanning 4,194,304 cells, the limit before, took 270 MB.
pub const MAX_XLS_CELLS: u64 = 1 << 21;
/// Excel's rows: 1 to 1,048,576.
pub const SHEET_ROWS: u32 = 1 << 20;
/// Excel's columns: A to XFD.
pub const SHEET_COLUMNS: u32 = 1 << 14;

/// An [`Error::WorkbookTooLarge`].
pub(crate) fn too_large(limit: &'static str, max: u64, message: String) -> Error {
    Error::WorkbookTooLarge {
        limit,
        max,
        message,
    }
}

/// One cell with text, as a [`CellSource`] hands it out: zero-based row and column.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StreamCell<'a> {
    pub(crate) row: u32,
    pub(crate) col: u32,
    pub(crate) text: &'a str,
    /// What the cell held (a number, a spreadsheet error, or text): the checks word their
    /// findings by it (a number that lost its leading zeros, an `#N/A` taken for data).
    pub(crate) kind: CellKind,
}

/// Cells with text, in the order of the file.
pub(crate) trait CellSource {
    fn next_cell(&mut self) -> Result<Option<StreamCell<'_>>>;
}

enum Inner {
    Xlsx(xlsx::XlsxBook),
    Calamine(Box<Sheets<Cursor<Shared>>>),
}

/// An open workbook.
pub struct Workbook {
    inner: Inner,
    names: Vec<String>,
}

impl Workbook {
    /// The workbook's format: `xlsx`, `xls`, `xlsb` or `ods`.
    pub fn format(&self) -> &'static str {
        match &self.inner {
            Inner::Xlsx(_) => "xlsx",
            Inner::Calamine(s) => match **s {
                Sheets::Xls(_) => "xls",
                Sheets::Xlsx(_) => "xlsx",
                Sheets::Xlsb(_) => "xlsb",
                Sheets::Ods(_) => "ods",
            },
        }
    }
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook")
            .field("sheets", &self.names)
            .finish()
    }
}

/// The workbook's bytes, shared by the readers of its parts without being copied.
#[derive(Debug, Clone)]
pub(crate) struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl std::ops::Deref for Shared {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

/// The signature of an OLE2 compound file (.xls, and encrypted .xlsx).
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// True for an Office file encrypted with a password (an OLE2 container holding an
/// `EncryptedPackage` stream).
pub fn looks_encrypted(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&CFB_MAGIC) {
        return false;
    }
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// True when the bytes start like a workbook (zip container or OLE2 compound file).
pub fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&CFB_MAGIC)
}

fn protected() -> Error {
    Error::WorkbookProtected {
        message: "the workbook is protected with a password; open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it) and save it again, or save the sheet as CSV UTF-8".into(),
    }
}

impl Workbook {
    /// Opens a workbook from its bytes. A corrupt, password-protected or non-workbook file is
    /// an error that says what to do.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Workbook> {
        if looks_encrypted(&bytes) {
            return Err(protected());
        }
        if !looks_like_workbook(&bytes) {
            return Err(Error::WorkbookUnreadable {
                message: "this is not an Excel workbook (.xlsx or .xls); save it from Excel as a workbook or as CSV UTF-8".into(),
            });
        }
        // Shared without a copy (an `Arc<[u8]>` made from the vector would copy it whole).
        let bytes = Shared(Arc::new(bytes));
        if bytes.starts_with(b"PK\x03\x04") {
            let archive = archive::Archive::open(bytes.clone())?;
            if archive.has("content.xml") && !archive.has("xl/workbook.xml") {
                ods::check(&archive)?;
                let ods = guarded(|| {
                    calamine::Ods::new(Cursor::new(bytes.clone()))
                        .map_err(|e| map_error(&calamine::Error::Ods(e)))
                })?;
                let sheets = Sheets::Ods(ods);
                let names = sheets.sheet_names();
                return Ok(Workbook {
                    inner: Inner::Calamine(Box::new(sheets)),
                    names,
                });
            } else if archive.has("xl/workbook.xml") || !archive.has("xl/workbook.bin") {
                let book = xlsx::XlsxBook::open(archive)?;
                let names = book.sheet_names();
                return Ok(Workbook {
                    inner: Inner::Xlsx(book),
                    names,
                });
            }
        }
        if bytes.starts_with(&CFB_MAGIC) {
            guarded(|| xls::check(&bytes))?;
        }
        let sheets = guarded(|| {
            calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| map_error(&e))
        })?;
        let names = sheets.sheet_names();
        Ok(Workbook {
            inner: Inner::Calamine(Box::new(sheets)),
            names,
        })
    }

    /// The sheet names, in workbook order.
    pub fn sheet_names(&self) -> &[String] {
        &self.names
    }

    /// The name of the sheet called `name` (case-insensitive), or of the first sheet.
    fn chosen(&self, name: Option<&str>) -> Result<String> {
        Ok(match name {
            None => self
                .names
                .first()
                .cloned()
                .ok_or_else(|| Error::WorkbookUnreadable {
                    message: "the workbook has no sheets".into(),
                })?,
            Some(n) => self
                .names
                .iter()
                .find(|s| s.trim().eq_ignore_ascii_case(n.trim()))
                .cloned()
                .ok_or_else(|| Error::SheetNotFound {
                    sheet: n.to_string(),
                    found: self.names.clone(),
                })?,
        })
    }

    /// The rows of the sheet called `name` (case-insensitive), or of the first sheet when
    /// `name` is `None`, read as they are asked for (see the module documentation): what an
    /// upload reads.
    pub fn sheet_reader(&mut self, name: Option<&str>) -> Result<SheetReader> {
        let chosen = self.chosen(name)?;
        let format = self.format();
        match &mut self.inner {
            Inner::Xlsx(book) => {
                let cells = guarded(|| book.cells(&chosen))?;
                Ok(SheetReader::streamed(chosen, format, cells))
            }
            Inner::Calamine(_) => {
                let sheet = self.sheet(Some(&chosen))?;
                Ok(SheetReader::from_sheet(sheet, format))
            }
        }
    }

    /// The sheet called `name` (case-insensitive), or the first sheet when `name` is `None`,
    /// read whole (within [`MAX_SHEET_CELLS`] and [`MAX_SHEET_TEXT_BYTES`]).
    pub fn sheet(&mut self, name: Option<&str>) -> Result<Sheet> {
        let chosen = self.chosen(name)?;
        match &mut self.inner {
            Inner::Xlsx(book) => {
                let mut cells = guarded(|| book.cells(&chosen))?;
                guarded(|| Sheet::collect(chosen.clone(), &mut cells))
            }
            Inner::Calamine(sheets) => {
                let sheets = &mut **sheets;
                guarded(|| {
                    if let Sheets::Xlsb(xlsb) = sheets {
                        let mut reader = xlsb
                            .worksheet_cells_reader(&chosen)
                            .map_err(|e| map_error(&calamine::Error::Xlsb(e)))?;
                        let mut sheet = SheetBuilder::new(chosen.clone());
                        while let Some(cell) = reader
                            .next_cell()
                            .map_err(|e| map_error(&calamine::Error::Xlsb(e)))?
                        {
                            let (row, col) = cell.get_position();
                            let value = cell.get_value();
                            sheet.push_kind(row, col, &ref_text(value), ref_kind(value))?;
                        }
                        return Ok(sheet.finish());
                    }
                    let range = sheets.worksheet_range(&chosen).map_err(|e| map_error(&e))?;
                    let mut sheet = SheetBuilder::new(chosen.clone());
                    for (row, col, cell) in range.used_cells() {
                        let (r, c) = range.start().unwrap_or((0, 0));
                        sheet.push_kind(
                            r + row as u32,
                            c + col as u32,
                            &cell_text(cell),
                            data_kind(cell),
                        )?;
                    }
                    Ok(sheet.finish())
                })
            }
        }
    }
}

/// Runs a call into the workbook reader, turning a panic inside it into
/// [`Error::WorkbookUnreadable`]. A damaged workbook's XML is parsed as it is decompressed,
/// before the zip checksum can refuse it, and can reach arithmetic in the reader that
/// overflows on a nonsensical cell reference (calamine 0.38, tafia/calamine#709): a bad file
/// must be an error, never a crash of the program that was handed it.
fn guarded<T>(read: impl FnOnce() -> Result<T>) -> Result<T> {
    // Through `panic_guard`, so that a host's panic hook can stay quiet for it.
    crate::panic_guard::catch(read).unwrap_or_else(|_| {
        Err(Error::WorkbookUnreadable {
            message: "the workbook cannot be read: its contents are damaged; open it in Excel and save it again, or save the sheet as CSV UTF-8".into(),
        })
    })
}

fn map_error(e: &calamine::Error) -> Error {
    let text = e.to_string();
    if text.to_lowercase().contains("password") {
        return protected();
    }
    Error::WorkbookUnreadable {
        message: format!(
            "the workbook cannot be read ({text}); it may be damaged: open it in Excel and save it again, or save the sheet as CSV UTF-8"
        ),
    }
}

/// One sheet's cells with text, read whole (see [`Workbook::sheet`]): kept packed, so empty
/// cells and the rows and columns between cost nothing.
#[derive(Debug, Clone)]
pub struct Sheet {
    name: String,
    text: String,
    /// (row, column, end of its text in `text`), sorted by position.
    cells: Vec<(u32, u32, u32)>,
    /// The cells that held a number or a spreadsheet error, by (row, column) (text cells are
    /// not listed; of two cells at one place, the later's kind wins).
    kinds: std::collections::HashMap<(u32, u32), CellKind>,
}

/// Builds a [`Sheet`] from cells in any order, within the whole-sheet limits.
struct SheetBuilder {
    sheet: Sheet,
    sorted: bool,
}

impl SheetBuilder {
    fn new(name: String) -> SheetBuilder {
        SheetBuilder {
            sheet: Sheet {
                name,
                text: String::new(),
                cells: Vec::new(),
                kinds: std::collections::HashMap::new(),
            },
            sorted: true,
        }
    }

    fn push_kind(&mut self, row: u32, col: u32, text: &str, kind: CellKind) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        if kind == CellKind::Text {
            self.sheet.kinds.remove(&(row, col));
        } else {
            self.sheet.kinds.insert((row, col), kind);
        }
        let s = &mut self.sheet;
        if s.cells.len() >= MAX_SHEET_CELLS || s.text.len() + text.len() > MAX_SHEET_TEXT_BYTES {
            return Err(too_large(
                "sheet_cells",
                MAX_SHEET_CELLS as u64,
                format!(
                    "sheet '{}' has more than {MAX_SHEET_CELLS} cells or {} MiB of text, more than is held when a sheet is read whole; read it as an upload (which streams its rows), or save it as CSV UTF-8",
                    s.name,
                    MAX_SHEET_TEXT_BYTES >> 20
                ),
            ));
        }
        if let Some(&(r, c, _)) = s.cells.last()
            && (r, c) >= (row, col)
        {
            self.sorted = false;
        }
        s.text.push_str(text);
        s.cells
            .push((row, col, u32::try_from(s.text.len()).unwrap_or(u32::MAX)));
        Ok(())
    }

    fn finish(mut self) -> Sheet {
        if !self.sorted {
            let s = &mut self.sheet;
            let mut starts: Vec<(u32, u32, u32, u32)> = Vec::with_capacity(s.cells.len());
            let mut start = 0;
            for &(r, c, end) in &s.cells {
                starts.push((r, c, start, end));
                start = end;
            }
            // Stable: of two cells at one place, the later in the file wins.
            starts.sort_by_key(|&(r, c, _, _)| (r, c));
            let mut kept: Vec<(u32, u32, u32, u32)> = Vec::with_capacity(starts.len());
            for cell in starts {
                match kept.last_mut() {
                    Some(last) if (last.0, last.1) == (cell.0, cell.1) => *last = cell,
                    _ => kept.push(cell),
                }
            }
            let mut text = String::with_capacity(s.text.len());
            s.cells.clear();
            for (r, c, a, b) in kept {
                text.push_str(&s.text[a as usize..b as usize]);
                s.cells
                    .push((r, c, u32::try_from(text.len()).unwrap_or(u32::MAX)));
            }
            s.text = text;
        }
        self.sheet
    }
}

impl Sheet {
    fn collect(name: String, cells: &mut dyn CellSource) -> Result<Sheet> {
        let mut sheet = SheetBuilder::new(name);
        while let Some(cell) = cells.next_cell()? {
            sheet.push_kind(cell.row, cell.col, cell.text, cell.kind)?;
        }
        Ok(sheet.finish())
    }

    /// The sheet's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn first_row(&self) -> u32 {
        self.cells.first().map_or(0, |c| c.0)
    }

    /// The number of rows from the first used row to the last.
    pub fn row_count(&self) -> usize {
        match (self.cells.first(), self.cells.last()) {
            (Some(first), Some(last)) => (last.0 - first.0) as usize + 1,
            _ => 0,
        }
    }

    /// The Excel row number (1-based) of the sheet's `index`-th used row.
    pub fn excel_row(&self, index: usize) -> u64 {
        u64::from(self.first_row()) + index as u64 + 1
    }

    fn cell_text_at(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.cells[i - 1].2 as usize
        };
        &self.text[start..self.cells[i].2 as usize]
    }

    /// The cells of row `row` (zero-based): their indexes in `cells`.
    fn row_range(&self, row: u32) -> std::ops::Range<usize> {
        let start = self.cells.partition_point(|c| c.0 < row);
        let end = self.cells.partition_point(|c| c.0 <= row);
        start..end
    }

    /// The cells of the `index`-th used row as text (see the module documentation), with empty
    /// cells before the first used column included so column positions match the sheet.
    pub fn row_text(&self, index: usize) -> Vec<Cow<'_, str>> {
        let Ok(offset) = u32::try_from(index) else {
            return Vec::new();
        };
        let Some(row) = self.first_row().checked_add(offset) else {
            return Vec::new();
        };
        let mut out: Vec<Cow<'_, str>> = Vec::new();
        for i in self.row_range(row) {
            let col = self.cells[i].1 as usize;
            while out.len() < col {
                out.push(Cow::Borrowed(""));
            }
            out.push(Cow::Borrowed(self.cell_text_at(i)));
        }
        out
    }

    /// Every used row: (Excel row number, cells as text).
    pub fn rows(&self) -> impl Iterator<Item = (u64, Vec<Cow<'_, str>>)> + '_ {
        (0..self.row_count()).map(|i| (self.excel_row(i), self.row_text(i)))
    }

    /// The cells in order, as a [`CellSource`].
    fn into_cells(self) -> SheetCells {
        SheetCells {
            sheet: self,
            next: 0,
        }
    }
}

/// A [`Sheet`]'s cells handed out in order.
#[derive(Debug)]
pub(crate) struct SheetCells {
    sheet: Sheet,
    next: usize,
}

impl CellSource for SheetCells {
    fn next_cell(&mut self) -> Result<Option<StreamCell<'_>>> {
        let i = self.next;
        if i >= self.sheet.cells.len() {
            return Ok(None);
        }
        self.next += 1;
        let (row, col, _) = self.sheet.cells[i];
        let kind = if self.sheet.kinds.is_empty() {
            CellKind::Text
        } else {
            self.sheet
                .kinds
                .get(&(row, col))
                .copied()
                .unwrap_or(CellKind::Text)
        };
        Ok(Some(StreamCell {
            row,
            col,
            text: self.sheet.cell_text_at(i),
            kind,
        }))
    }
}

/// What a cell read by calamine's cell readers held.
fn ref_kind(cell: &DataRef<'_>) -> CellKind {
    match cell {
        DataRef::Float(_) | DataRef::Int(_) => CellKind::Number,
        DataRef::Error(_) => CellKind::Error,
        _ => CellKind::Text,
    }
}

/// What a cell held.
fn data_kind(cell: &Data) -> CellKind {
    match cell {
        Data::Float(_) | Data::Int(_) => CellKind::Number,
        Data::Error(_) => CellKind::Error,
        _ => CellKind::Text,
    }
}

/// The text a person sees in a cell read by calamine's cell readers.
fn ref_text(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(dt) => cell_text(&Data::DateTime(*dt)).into_owned(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}

/// The text a person sees in a cell.
pub fn cell_text(cell: &Data) -> Cow<'_, str> {
    match cell {
        Data::Empty => Cow::Borrowed(""),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cow::Borrowed(s.as_str()),
        Data::Int(i) => Cow::Owned(i.to_string()),
        Data::Float(f) => Cow::Owned(number_text(*f)),
        Data::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        Data::Error(e) => Cow::Owned(e.to_string()),
        Data::DateTime(dt) => {
            if dt.is_duration() {
                return Cow::Owned(number_text(dt.as_f64()));
            }
            match dt.as_datetime() {
                Some(t) if t.time() == chrono::NaiveTime::MIN => Cow::Owned(t.date().to_string()),
                Some(t) => Cow::Owned(t.format("%Y-%m-%d %H:%M:%S").to_string()),
                None => Cow::Owned(number_text(dt.as_f64())),
            }
        }
    }
}

/// A number as a person sees it: whole numbers without `.0`, others in their shortest form.
pub fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests;
