//! The files an upload produces for spreadsheet users: the errors file and the export of
//! accepted rows. Both are UTF-8 with a byte-order mark (so Excel reads accented letters
//! correctly), comma-separated with CRLF line ends, and every cell that a spreadsheet would run
//! as a formula is neutralised.

use super::RowSource;
use super::spec::Template;
use super::upload::{AcceptedRow, RejectedRow, Upload};
use crate::error::{Error, Result};
use std::borrow::Cow;
use std::io::Write;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A cell made safe to open in a spreadsheet: a value starting with `=`, `+`, `-`, `@`, tab or
/// carriage return gets a leading `'`, so Excel, LibreOffice or Sheets show it as text instead of
/// running it as a formula (OWASP "CSV injection").
///
/// ```
/// use learner_destinations::template::neutralise;
/// assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(neutralise("-5"), "'-5");
/// assert_eq!(neutralise("EMP1"), "EMP1");
/// ```
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

fn csv_error(e: csv::Error) -> Error {
    Error::Io(e.into())
}

/// A CSV writer for spreadsheet users: BOM, CRLF, neutralised cells.
#[derive(Debug)]
struct SheetWriter<W: Write> {
    csv: csv::Writer<W>,
}

impl<W: Write> SheetWriter<W> {
    fn new<'h>(mut out: W, header: impl IntoIterator<Item = &'h str>) -> Result<Self> {
        out.write_all(BOM)?;
        let csv = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        let mut w = SheetWriter { csv };
        w.write(header)?;
        Ok(w)
    }

    fn write<'c>(&mut self, cells: impl IntoIterator<Item = &'c str>) -> Result<()> {
        for cell in cells {
            self.csv
                .write_field(neutralise(cell).as_bytes())
                .map_err(csv_error)?;
        }
        self.csv
            .write_record(std::iter::empty::<&[u8]>())
            .map_err(csv_error)
    }

    fn finish(self) -> Result<W> {
        self.csv
            .into_inner()
            .map_err(|e| Error::Io(std::io::Error::new(e.error().kind(), e.to_string())))
    }
}

/// Writes the errors file: each rejected row with its original columns in their original order
/// (unknown columns included), then `Row` (as Excel numbers it) and `Errors` (all of the row's
/// messages). Cells beyond the header's width (a row with too many fields) follow `Errors`.
///
/// This is the "Download Errors" file of the WMCA portal's upload history: a user corrects the
/// rows in it and uploads it again (its `Row` and `Errors` columns are then ignored).
#[derive(Debug)]
pub struct ErrorsCsvWriter<W: Write> {
    sheet: SheetWriter<W>,
}

impl<W: Write> ErrorsCsvWriter<W> {
    /// Starts the errors file of `upload` (writes the BOM and the header row).
    pub fn new<S: RowSource, T: Template>(out: W, upload: &Upload<S, T>) -> Result<Self> {
        Self::with_header(out, upload.errors_file_header())
    }

    /// Starts an errors file with this header (the file's columns, then `Row` and `Errors`).
    pub fn with_header<'h>(out: W, header: impl IntoIterator<Item = &'h str>) -> Result<Self> {
        Ok(ErrorsCsvWriter {
            sheet: SheetWriter::new(out, header)?,
        })
    }

    /// Writes one rejected row.
    pub fn write(&mut self, row: &RejectedRow<'_>) -> Result<()> {
        let number = row.row().to_string();
        let errors = row.errors_text();
        self.sheet.write(
            row.carried_cells()
                .chain([number.as_str(), errors.as_str()])
                .chain(row.extra_cells()),
        )
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> Result<W> {
        self.sheet.finish()
    }
}

/// Writes the export of accepted rows: the template's export columns (for destinations: the
/// template columns with the code normalised, the ILR code, the WMCA code and the destination as
/// the portal shows it).
#[derive(Debug)]
pub struct AcceptedCsvWriter<W: Write> {
    sheet: SheetWriter<W>,
}

impl<W: Write> AcceptedCsvWriter<W> {
    /// Starts the export of `upload` (writes the BOM and the header row).
    pub fn new<S: RowSource, T: Template>(out: W, upload: &Upload<S, T>) -> Result<Self> {
        Self::with_columns(out, upload.spec().export_columns)
    }

    /// Starts an export with these column names.
    pub fn with_columns(out: W, columns: &[&str]) -> Result<Self> {
        Ok(AcceptedCsvWriter {
            sheet: SheetWriter::new(out, columns.iter().copied())?,
        })
    }

    /// Writes one accepted row (building its export cells).
    pub fn write(&mut self, row: &mut AcceptedRow<'_>) -> Result<()> {
        self.sheet.write(row.export().iter())
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> Result<W> {
        self.sheet.finish()
    }
}
