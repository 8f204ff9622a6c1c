//! The files an upload produces for spreadsheet users: the errors file and the export of
//! accepted rows. Both are UTF-8 with a byte-order mark (so Excel reads accented letters
//! correctly), comma-separated with CRLF line ends, and every cell that a spreadsheet would run
//! as a formula is neutralised.

use super::RowSource;
use super::spec::Template;
use super::upload::{AcceptedRow, RejectedRow, Upload};
use crate::error::Result;
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
    if runs_as_formula(cell.as_bytes()) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// True when a spreadsheet would run the cell as a formula: it starts with `=`, `+`, `-`, `@`,
/// tab or carriage return (OWASP "CSV injection").
#[inline]
fn runs_as_formula(cell: &[u8]) -> bool {
    matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Bytes that make a cell need quotes: the delimiter, the quote and line ends (as the csv
/// crate's `QuoteStyle::Necessary` decides).
static NEEDS_QUOTES: [bool; 256] = {
    let mut table = [false; 256];
    table[b',' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\r' as usize] = true;
    table[b'\n' as usize] = true;
    table
};

/// True when `bytes` holds a comma, a quote or a line end: eight bytes at a time (a word has a
/// byte equal to `c` exactly when `w ^ c…c` has a zero byte, which `(x - 0x01…01) & !x &
/// 0x80…80` detects without false alarms), the tail through [`NEEDS_QUOTES`].
#[inline]
fn needs_quotes(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in chunks.by_ref() {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        if has_zero(w ^ (ONES * u64::from(b','))) as u8
            | has_zero(w ^ (ONES * u64::from(b'"'))) as u8
            | has_zero(w ^ (ONES * u64::from(b'\r'))) as u8
            | has_zero(w ^ (ONES * u64::from(b'\n'))) as u8
            != 0
        {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|b| NEEDS_QUOTES[usize::from(*b)])
}

/// How much a [`SheetWriter`] gathers before writing it out.
const SHEET_BUFFER: usize = 64 * 1024;

/// A CSV writer for spreadsheet users: BOM, CRLF, neutralised cells, a cell quoted only when it
/// holds a comma, a quote or a line end (quotes doubled inside), and a record of one empty cell
/// written as `""` so that it is not read as a blank line: the bytes the csv crate writes with
/// its defaults (tested against it), gathered in one buffer and checked a byte at a time against
/// a table rather than through a general CSV state machine.
#[derive(Debug)]
struct SheetWriter<W: Write> {
    out: W,
    buf: Vec<u8>,
    /// Control characters are shown as symbols ([`super::controls::shown`]): the errors file.
    show_controls: bool,
}

impl<W: Write> SheetWriter<W> {
    fn new<'h>(out: W, header: impl IntoIterator<Item = &'h str>) -> Result<Self> {
        Self::with_controls(out, header, false)
    }

    fn with_controls<'h>(
        mut out: W,
        header: impl IntoIterator<Item = &'h str>,
        show_controls: bool,
    ) -> Result<Self> {
        out.write_all(BOM)?;
        let mut w = SheetWriter {
            out,
            buf: Vec::with_capacity(SHEET_BUFFER + 4096),
            show_controls,
        };
        w.write(header)?;
        Ok(w)
    }

    /// Appends one cell: the `'` that [`neutralise`] would add, then the text, quoted if need be.
    fn cell(&mut self, cell: &str) {
        let cell = if self.show_controls {
            super::controls::shown(cell)
        } else {
            Cow::Borrowed(cell)
        };
        let bytes = cell.as_bytes();
        let formula = runs_as_formula(bytes);
        let quoted = needs_quotes(bytes);
        if quoted {
            self.buf.push(b'"');
        }
        if formula {
            self.buf.push(b'\'');
        }
        if quoted {
            for part in bytes.split_inclusive(|b| *b == b'"') {
                self.buf.extend_from_slice(part);
                if part.last() == Some(&b'"') {
                    self.buf.push(b'"');
                }
            }
            self.buf.push(b'"');
        } else {
            self.buf.extend_from_slice(bytes);
        }
    }

    fn write<'c>(&mut self, cells: impl IntoIterator<Item = &'c str>) -> Result<()> {
        let start = self.buf.len();
        let mut count = 0usize;
        for cell in cells {
            if count > 0 {
                self.buf.push(b',');
            }
            self.cell(cell);
            count += 1;
        }
        if count == 1 && self.buf.len() == start {
            self.buf.extend_from_slice(b"\"\"");
        }
        self.buf.extend_from_slice(b"\r\n");
        if self.buf.len() >= SHEET_BUFFER {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn finish(mut self) -> Result<W> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()?;
        Ok(self.out)
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
    ///
    /// Cells holding control characters or bidirectional overrides are written with each shown
    /// as a symbol (␀ for NUL, ␛ for escape, `[U+202E]`), so that the file is never refused as
    /// binary data when uploaded again; the row's [`super::CONTROL_CHARACTERS`] finding, in its
    /// `Errors` cell, names the column.
    pub fn with_header<'h>(out: W, header: impl IntoIterator<Item = &'h str>) -> Result<Self> {
        Ok(ErrorsCsvWriter {
            sheet: SheetWriter::with_controls(out, header, true)?,
        })
    }

    /// Writes one rejected row: its carried cells, `Row`, `Errors` and `Extra values` (a
    /// ragged row's fields beyond the header, in one cell). A row rejected only as a duplicate of
    /// an earlier row ([`RejectedRow::is_duplicate_only`]) is left out (counted in the
    /// summary's `duplicate_rows`): uploading the corrected errors file on its own must not let
    /// it in.
    pub fn write(&mut self, row: &RejectedRow<'_>) -> Result<()> {
        if row.is_duplicate_only() {
            return Ok(());
        }
        let number = row.row().to_string();
        let errors = row.errors_text();
        let extra = row.extra_values();
        self.sheet.write(row.carried_cells().chain([
            number.as_str(),
            errors.as_str(),
            extra.as_str(),
        ]))
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

    /// Writes one accepted row given as its export cells, in export-column order: a row kept
    /// from an earlier run (the Python binding keeps accepted rows and writes the export when
    /// asked). The same bytes as [`AcceptedCsvWriter::write`] of that row.
    pub fn write_cells<'c>(&mut self, cells: impl IntoIterator<Item = &'c str>) -> Result<()> {
        self.sheet.write(cells)
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> Result<W> {
        self.sheet.finish()
    }
}

/// Writes the credentials file of a learner import: the header
/// [`crate::learners::CREDENTIALS_COLUMNS`] (Provider, First name, Last name, Postcode, ULN, DOB,
/// Username, Password, Created on), then one row per learner issued credentials. The same bytes
/// as the errors file and the export: UTF-8 with a byte-order mark (Excel shows accented names
/// correctly), CRLF line ends, and every cell a spreadsheet would run as a formula neutralised
/// with a leading `'` ([`neutralise`]: a first name `=cmd|' /C calc'!A0` is shown, not run).
///
/// This is the list the manual's learner manager downloads to hand learners their first
/// usernames and passwords (UCAS Progress learner manager manual 5.3, "downloading learners
/// usernames and passwords"); every host writes it through this one writer. The file holds
/// passwords: the host creates it readable by its owner only.
///
/// ```
/// use learner_destinations::template::CredentialsCsvWriter;
/// let mut w = CredentialsCsvWriter::new(Vec::new()).unwrap();
/// let row = ["10012345", "=cmd|' /C calc'!A0", "Zoë", "B33 8TH", "", "2010-01-01", "zoe.a", "76L6K6B9", "2025-09-01"];
/// w.write_cells(row).unwrap();
/// let text = String::from_utf8(w.finish().unwrap()).unwrap();
/// assert!(text.starts_with("\u{FEFF}Provider,First name,Last name,"));
/// assert!(text.ends_with("10012345,'=cmd|' /C calc'!A0,Zoë,B33 8TH,,2010-01-01,zoe.a,76L6K6B9,2025-09-01\r\n"));
/// ```
#[derive(Debug)]
pub struct CredentialsCsvWriter<W: Write> {
    sheet: SheetWriter<W>,
}

impl<W: Write> CredentialsCsvWriter<W> {
    /// Starts the credentials file (writes the BOM and the header row).
    pub fn new(out: W) -> Result<Self> {
        Ok(CredentialsCsvWriter {
            sheet: SheetWriter::new(out, crate::learners::CREDENTIALS_COLUMNS)?,
        })
    }

    /// Writes one learner's row, in the order of [`crate::learners::CREDENTIALS_COLUMNS`] (as
    /// [`super::learners::credentials_row`] makes it).
    pub fn write(&mut self, row: &[String; 9]) -> Result<()> {
        self.sheet.write(row.iter().map(String::as_str))
    }

    /// Writes one row given as nine cells (a row kept from an earlier run): the same bytes as
    /// [`CredentialsCsvWriter::write`].
    pub fn write_cells(&mut self, cells: [&str; 9]) -> Result<()> {
        self.sheet.write(cells)
    }

    /// Flushes and returns the writer.
    pub fn finish(self) -> Result<W> {
        self.sheet.finish()
    }
}

/// The errors file as a workbook (`errors_xlsx`), for correcting in a spreadsheet without
/// losing leading zeros: the same rows and columns as [`ErrorsCsvWriter`] (the file's columns,
/// `Row`, `Errors`, `Extra values`; rows rejected only as duplicates left out), every column
/// formatted as Text and every cell written as text (so `000000997732` stays as typed when the
/// file is edited and saved), the header bold and frozen, the `Errors` column wide enough to
/// read the messages. Cells are text, never formulas, so nothing needs neutralising.
///
/// The workbook is built in memory (rejected rows only) and written to the sink by
/// [`ErrorsXlsxWriter::finish`].
pub struct ErrorsXlsxWriter<W: Write> {
    out: W,
    workbook: rust_xlsxwriter::Workbook,
    text: rust_xlsxwriter::Format,
    columns: u16,
    next_row: u32,
}

impl<W: Write> std::fmt::Debug for ErrorsXlsxWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ErrorsXlsxWriter")
            .field("columns", &self.columns)
            .field("next_row", &self.next_row)
            .finish_non_exhaustive()
    }
}

/// Excel's last row (1,048,576 rows, zero-based).
const XLSX_LAST_ROW: u32 = 1_048_575;

fn xlsx_failure(e: rust_xlsxwriter::XlsxError) -> crate::Error {
    crate::Error::Io(std::io::Error::other(format!(
        "the errors workbook could not be written: {e}"
    )))
}

impl<W: Write> ErrorsXlsxWriter<W> {
    /// Starts the errors workbook of `upload` (the header row).
    pub fn new<S: RowSource, T: Template>(out: W, upload: &Upload<S, T>) -> Result<Self> {
        Self::with_header(out, upload.errors_file_header())
    }

    /// Starts an errors workbook with this header.
    pub fn with_header<'h>(out: W, header: impl IntoIterator<Item = &'h str>) -> Result<Self> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut workbook = Workbook::new();
        let text = Format::new().set_num_format("@");
        let bold = Format::new().set_num_format("@").set_bold();
        let header: Vec<&str> = header.into_iter().collect();
        let columns = u16::try_from(header.len()).unwrap_or(u16::MAX);
        let ws = workbook.add_worksheet();
        ws.set_name("Errors").map_err(xlsx_failure)?;
        for (c, name) in header.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            ws.set_column_format(c, &text).map_err(xlsx_failure)?;
            ws.write_string_with_format(0, c, *name, &bold)
                .map_err(xlsx_failure)?;
            let width = if *name == "Errors" { 80.0 } else { 18.0 };
            ws.set_column_width(c, width).map_err(xlsx_failure)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx_failure)?;
        Ok(ErrorsXlsxWriter {
            out,
            workbook,
            text,
            columns,
            next_row: 1,
        })
    }

    /// Writes one rejected row (a row rejected only as a duplicate is left out, as in
    /// [`ErrorsCsvWriter::write`]).
    pub fn write(&mut self, row: &RejectedRow<'_>) -> Result<()> {
        if row.is_duplicate_only() {
            return Ok(());
        }
        if self.next_row > XLSX_LAST_ROW {
            return Err(crate::Error::Io(std::io::Error::other(
                "the errors workbook has more rows than a sheet holds (1,048,576); use the errors CSV",
            )));
        }
        let number = row.row().to_string();
        let errors = row.errors_text();
        let extra = row.extra_values();
        let r = self.next_row;
        let ws = self
            .workbook
            .worksheet_from_index(0)
            .map_err(xlsx_failure)?;
        let cells = row
            .carried_cells()
            .chain([number.as_str(), errors.as_str(), extra.as_str()]);
        for (c, cell) in cells.enumerate().take(usize::from(self.columns)) {
            if cell.is_empty() {
                continue;
            }
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            ws.write_string_with_format(r, c, cell, &self.text)
                .map_err(xlsx_failure)?;
        }
        self.next_row += 1;
        Ok(())
    }

    /// Writes the workbook to the sink and returns it.
    pub fn finish(mut self) -> Result<W> {
        let bytes = self.workbook.save_to_buffer().map_err(xlsx_failure)?;
        self.out.write_all(&bytes)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the csv crate writes for these records with the settings the writers used to pass
    /// it (CRLF, flexible, cells neutralised).
    fn csv_crate(records: &[Vec<String>]) -> Vec<u8> {
        let mut out = BOM.to_vec();
        let mut csv = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        for record in records {
            csv.write_record(record.iter().map(|c| neutralise(c).into_owned()))
                .unwrap();
        }
        out.extend(csv.into_inner().unwrap());
        out
    }

    fn ours(records: &[Vec<String>]) -> Vec<u8> {
        let mut rows = records.iter();
        let header = rows.next().cloned().unwrap_or_default();
        let mut w = SheetWriter::new(Vec::new(), header.iter().map(String::as_str)).unwrap();
        for record in rows {
            w.write(record.iter().map(String::as_str)).unwrap();
        }
        w.finish().unwrap()
    }

    #[test]
    fn the_bytes_the_csv_crate_writes() {
        let records: Vec<Vec<String>> = [
            vec!["UKPRN", "Row", "Errors"],
            vec!["", "", ""],
            vec![""],
            vec![
                "a,b",
                "say \"hi\"",
                "two\r\nlines",
                "\"",
                "=SUM(A1)",
                "-5",
                "\tx",
                "\rx",
                "@x",
            ],
            vec!["=a,b", "+\"q\"", " spaced ", "é", "'quoted'"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        assert_eq!(
            String::from_utf8(ours(&records)).unwrap(),
            String::from_utf8(csv_crate(&records)).unwrap()
        );
    }

    #[test]
    fn needs_quotes_finds_every_special_byte() {
        for len in 0..20 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    assert_eq!(
                        needs_quotes(&bytes),
                        matches!(b, b',' | b'"' | b'\r' | b'\n'),
                        "{b:#x} at {at} of {len}"
                    );
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Any records, any cells: the same bytes as the csv crate.
        #[test]
        fn writes_what_the_csv_crate_writes(
            records in proptest::collection::vec(
                proptest::collection::vec("[a,\"\r\n\t =+@'é-]{0,6}", 1..5),
                1..8,
            )
        ) {
            prop_assert_eq!(ours(&records), csv_crate(&records));
        }
    }

    /// The credentials file is written exactly as the export and the errors file are: the same
    /// BOM, quoting, neutralisation and line ends for the same cells.
    #[test]
    fn credentials_file_bytes_are_the_sheet_writers() {
        let rows: [[&str; 9]; 3] = [
            [
                "10012345",
                "=cmd|' /C calc'!A0",
                "Smith",
                "B33 8TH",
                "",
                "2010-01-01",
                "csmith",
                "CFKR5NZ8",
                "2025-09-01",
            ],
            [
                "10012345",
                "Zoë",
                "O\"Brien, Jr",
                "B33\n8TH",
                "+44",
                "-1",
                "@x",
                "\tpw",
                "2025-09-01",
            ],
            ["", "", "", "", "", "", "", "", ""],
        ];
        let mut credentials = CredentialsCsvWriter::new(Vec::new()).unwrap();
        let mut sheet =
            AcceptedCsvWriter::with_columns(Vec::new(), &crate::learners::CREDENTIALS_COLUMNS)
                .unwrap();
        for row in rows {
            credentials.write_cells(row).unwrap();
            sheet.write_cells(row).unwrap();
        }
        let owned: [String; 9] = rows[1].map(String::from);
        credentials.write(&owned).unwrap();
        sheet.write_cells(rows[1]).unwrap();
        let bytes = credentials.finish().unwrap();
        assert_eq!(bytes, sheet.finish().unwrap());
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("\u{FEFF}Provider,First name,Last name,Postcode,ULN,DOB,Username,Password,Created on\r\n"));
        assert!(text.contains(",'=cmd|' /C calc'!A0,"));
        assert!(text.contains(",Zoë,\"O\"\"Brien, Jr\",\"B33\n8TH\",'+44,'-1,'@x,'\tpw,"));
    }
}
