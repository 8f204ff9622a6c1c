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
//! The core is handed the workbook's bytes (it opens no file). A workbook is read into memory
//! whole (a format constraint: the sheet data of an .xlsx is inside a zip archive).

use crate::error::{Error, Result};
use calamine::{Data, Range, Reader, Sheets};
use std::borrow::Cow;
use std::io::Cursor;

/// An open workbook.
pub struct Workbook {
    sheets: Sheets<Cursor<Vec<u8>>>,
    names: Vec<String>,
}

impl Workbook {
    /// The workbook's format: `xlsx`, `xls`, `xlsb` or `ods`.
    pub fn format(&self) -> &'static str {
        match &self.sheets {
            Sheets::Xls(_) => "xls",
            Sheets::Xlsx(_) => "xlsx",
            Sheets::Xlsb(_) => "xlsb",
            Sheets::Ods(_) => "ods",
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
        let sheets = guarded(|| {
            calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| map_error(&e))
        })?;
        let names = sheets.sheet_names();
        Ok(Workbook { sheets, names })
    }

    /// The sheet names, in workbook order.
    pub fn sheet_names(&self) -> &[String] {
        &self.names
    }

    /// The sheet called `name` (case-insensitive), or the first sheet when `name` is `None`.
    pub fn sheet(&mut self, name: Option<&str>) -> Result<Sheet> {
        let chosen = match name {
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
        };
        let sheets = &mut self.sheets;
        let range = guarded(|| sheets.worksheet_range(&chosen).map_err(|e| map_error(&e)))?;
        Ok(Sheet {
            name: chosen,
            range,
        })
    }
}

/// Runs a call into the workbook reader, turning a panic inside it into
/// [`Error::WorkbookUnreadable`]. A damaged workbook's XML is parsed as it is decompressed,
/// before the zip checksum can refuse it, and can reach arithmetic in the reader that
/// overflows on a nonsensical cell reference (calamine 0.38, tafia/calamine#709): a bad file
/// must be an error, never a crash of the program that was handed it.
fn guarded<T>(read: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
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

/// One sheet's cells.
#[derive(Debug, Clone)]
pub struct Sheet {
    name: String,
    range: Range<Data>,
}

impl Sheet {
    /// The sheet's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The number of rows from the first used row to the last.
    pub fn row_count(&self) -> usize {
        self.range.height()
    }

    /// The Excel row number (1-based) of the sheet's `index`-th used row.
    pub fn excel_row(&self, index: usize) -> u64 {
        let first = self.range.start().map(|(r, _)| u64::from(r)).unwrap_or(0);
        first + index as u64 + 1
    }

    /// The cells of the `index`-th used row as text (see the module documentation), with empty
    /// cells before the first used column included so column positions match the sheet.
    pub fn row_text(&self, index: usize) -> Vec<Cow<'_, str>> {
        let first_col = self.range.start().map(|(_, c)| c as usize).unwrap_or(0);
        let mut out: Vec<Cow<'_, str>> = vec![Cow::Borrowed(""); first_col];
        // Cell by cell from the range (calamine's row iterator has no quick way to row `index`:
        // `rows().nth(index)` would step through every row before it, for every row read).
        out.extend(
            (0..self.range.width())
                .map_while(|c| self.range.get((index, c)))
                .map(cell_text),
        );
        while out.last().is_some_and(|c| c.is_empty()) {
            out.pop();
        }
        out
    }

    /// Every used row: (Excel row number, cells as text).
    pub fn rows(&self) -> impl Iterator<Item = (u64, Vec<Cow<'_, str>>)> + '_ {
        (0..self.row_count()).map(|i| (self.excel_row(i), self.row_text(i)))
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
