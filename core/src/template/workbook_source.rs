//! Rows from a workbook sheet, and a source that is CSV or a workbook as the bytes say.

use super::csv_source::CsvSource;
use super::fields::Record;
use super::{RowSource, SourceInfo};
use crate::error::Result;
use crate::finding::Finding;
use crate::workbook::{Sheet, SheetReader, Workbook, looks_like_workbook};
use std::io::{Cursor, Read};

/// Rows of one workbook sheet, as the text a person sees in the cells, with the row numbers
/// Excel shows (see [`crate::workbook`]), read as they are asked for: an .xlsx sheet is
/// streamed, so memory holds one row whatever the sheet's size. The first used row is the
/// header.
///
/// A sheet has no ragged rows: a row whose last cells are empty is as wide as the header (its
/// trailing empty cells are given back), so only a value to the right of the header's last
/// column makes a row longer than the header.
#[derive(Debug)]
pub struct WorkbookSource {
    rows: SheetReader,
    /// The header's width, once the header (the first non-blank row) has been read.
    width: Option<usize>,
}

impl WorkbookSource {
    /// The rows of `sheet` (the first sheet when `None`) of the workbook in `bytes`.
    pub fn from_bytes(bytes: Vec<u8>, sheet: Option<&str>) -> Result<WorkbookSource> {
        let mut workbook = Workbook::from_bytes(bytes)?;
        Ok(WorkbookSource::from_reader(workbook.sheet_reader(sheet)?))
    }

    /// The rows of a sheet already read whole.
    pub fn from_sheet(sheet: Sheet, format: &'static str) -> WorkbookSource {
        WorkbookSource::from_reader(SheetReader::from_sheet(sheet, format))
    }

    /// The rows of a sheet being read ([`Workbook::sheet_reader`]).
    pub fn from_reader(rows: SheetReader) -> WorkbookSource {
        WorkbookSource { rows, width: None }
    }

    /// The sheet's name.
    pub fn sheet_name(&self) -> &str {
        self.rows.name()
    }
}

impl RowSource for WorkbookSource {
    fn read_record(&mut self, record: &mut Record) -> Result<bool> {
        if !self.rows.read_record(record)? {
            return Ok(false);
        }
        if !record.is_blank() {
            match self.width {
                None => self.width = Some(record.cells().len()),
                Some(width) => {
                    while record.cells().len() < width {
                        record.push_cell("");
                    }
                }
            }
        }
        Ok(true)
    }

    fn take_notices(&mut self, _out: &mut Vec<Finding>) {}

    fn info(&self) -> SourceInfo {
        SourceInfo {
            format: self.rows.format(),
            encoding: None,
            delimiter: None,
        }
    }
}

/// A source that is CSV text or a workbook, as its first bytes say.
// One value per upload: its size does not matter, and boxing the CSV variant would add an
// indirection to every row read on the hot path.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum AnySource<R: Read> {
    /// CSV text, streamed.
    Csv(CsvSource<std::io::Chain<Cursor<Vec<u8>>, R>>),
    /// A workbook sheet (the workbook's bytes are held whole: it is a zip or compound file; an
    /// .xlsx sheet's rows are streamed from them).
    Workbook(WorkbookSource),
}

/// Opens `reader` as a workbook (.xlsx, .xls, .xlsb, .ods; `sheet` names the sheet, else the
/// first) when its first bytes are a workbook's, and as streamed CSV text otherwise.
pub fn open_source<R: Read>(reader: R, sheet: Option<&str>) -> Result<AnySource<R>> {
    open_source_with(reader, |workbook| workbook.sheet_reader(sheet))
}

/// Like [`open_source`], with the sheet of a workbook chosen by `choose`, which may read other
/// sheets first (the qualification upload reads its reference sheets this way). `choose` is
/// called only for a workbook.
pub fn open_source_with<R: Read, F>(mut reader: R, choose: F) -> Result<AnySource<R>>
where
    F: FnOnce(&mut Workbook) -> Result<SheetReader>,
{
    let mut head = Vec::with_capacity(8);
    (&mut reader).take(8).read_to_end(&mut head)?;
    if looks_like_workbook(&head) {
        let mut bytes = head;
        reader.read_to_end(&mut bytes)?;
        let mut workbook = Workbook::from_bytes(bytes)?;
        let rows = choose(&mut workbook)?;
        return Ok(AnySource::Workbook(WorkbookSource::from_reader(rows)));
    }
    Ok(AnySource::Csv(CsvSource::new(
        Cursor::new(head).chain(reader),
    )?))
}

impl<R: Read> RowSource for AnySource<R> {
    fn read_record(&mut self, record: &mut Record) -> Result<bool> {
        match self {
            AnySource::Csv(s) => s.read_record(record),
            AnySource::Workbook(s) => s.read_record(record),
        }
    }

    fn take_notices(&mut self, out: &mut Vec<Finding>) {
        match self {
            AnySource::Csv(s) => s.take_notices(out),
            AnySource::Workbook(s) => s.take_notices(out),
        }
    }

    fn info(&self) -> SourceInfo {
        match self {
            AnySource::Csv(s) => s.info(),
            AnySource::Workbook(s) => s.info(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Schemes;
    use crate::dates::parse_date;
    use crate::template::MAX_FIELD_CHARS;
    use crate::template::destinations::{DestinationsOptions, DestinationsTemplate};
    use crate::template::{RowOutcome, Upload, UploadOptions};
    use rust_xlsxwriter::Workbook as XlsxWriter;

    fn upload_xlsx() -> Vec<u8> {
        let mut wb = XlsxWriter::new();
        let ws = wb.add_worksheet();
        let header = [
            "UKPRN",
            "Unique Learner Number",
            "Learner Reference Number",
            "Learning Aim Reference",
            "Learning Aim Title",
            "Destination Code",
        ];
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        // Row 2: numbers where Excel keeps them as numbers (UKPRN, ULN, aim reference).
        ws.write_number(1, 0, 10012345.0).unwrap();
        ws.write_number(1, 1, 9276308686.0).unwrap();
        ws.write_string(1, 2, "LRN1").unwrap();
        ws.write_number(1, 3, 20000008.0).unwrap();
        ws.write_string(1, 5, "EMP 1").unwrap();
        // Row 3 blank. Row 4: a bad ULN. Row 5: an over-long title.
        ws.write_number(3, 0, 10012345.0).unwrap();
        ws.write_number(3, 1, 9276308687.0).unwrap();
        ws.write_string(3, 2, "LRN2").unwrap();
        ws.write_string(3, 3, "20000008").unwrap();
        ws.write_string(3, 5, "WMCA1.1").unwrap();
        ws.write_number(4, 0, 10012345.0).unwrap();
        ws.write_string(4, 1, "9999999999").unwrap();
        ws.write_string(4, 2, "LRN3").unwrap();
        ws.write_string(4, 3, "20000008").unwrap();
        ws.write_string(4, 4, "x".repeat(MAX_FIELD_CHARS + 5))
            .unwrap();
        ws.write_string(4, 5, "OTH3").unwrap();
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn xlsx_upload_gives_the_same_findings_as_csv_with_excel_rows() {
        let schemes = Schemes::builtin();
        let template = DestinationsTemplate::new(
            &schemes,
            DestinationsOptions::new(parse_date("2025-09-01").unwrap()),
        );
        let bytes = upload_xlsx();
        let source = open_source(&bytes[..], None).unwrap();
        assert!(matches!(source, AnySource::Workbook(_)));
        let upload = Upload::new(source, template, UploadOptions::default()).unwrap();
        let mut accepted = Vec::new();
        let report = upload
            .run(|o| {
                if let RowOutcome::Accepted(mut row) = o {
                    accepted.push((
                        row.row(),
                        row.get("Unique Learner Number")
                            .unwrap_or_default()
                            .to_string(),
                    ));
                }
                Ok(())
            })
            .unwrap();
        let s = &report.summary;
        assert_eq!(
            (s.rows, s.accepted, s.rejected, s.blank_rows_skipped),
            (3, 1, 2, 1)
        );
        assert_eq!(accepted, [(2, "9276308686".to_string())]);
        let codes: Vec<(Option<u64>, &str)> =
            report.findings.iter().map(|f| (f.row, f.code)).collect();
        assert!(codes.contains(&(Some(4), "uln_checksum")), "{codes:?}");
        assert!(
            codes
                .iter()
                .any(|(r, c)| *r == Some(5) && c.contains("long")),
            "{codes:?}"
        );
        assert_eq!(s.format, "xlsx");
    }

    #[test]
    fn rows_with_empty_trailing_cells_are_as_wide_as_the_header() {
        let mut wb = XlsxWriter::new();
        let ws = wb.add_worksheet();
        for (c, h) in ["A", "B", "C"].iter().enumerate() {
            ws.write_string(1, c as u16 + 1, *h).unwrap();
        }
        ws.write_string(2, 1, "a").unwrap();
        ws.write_string(4, 1, "a").unwrap();
        ws.write_string(4, 4, "beyond").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut source = WorkbookSource::from_bytes(bytes, None).unwrap();
        let mut record = Record::new();
        let mut rows = Vec::new();
        while source.read_record(&mut record).unwrap() {
            rows.push((
                record.row(),
                record
                    .cells()
                    .iter()
                    .map(str::to_string)
                    .collect::<Vec<_>>(),
            ));
        }
        let cells = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            rows,
            [
                (2, cells(&["", "A", "B", "C"])),
                (3, cells(&["", "a", "", ""])),
                (4, cells(&[])),
                (5, cells(&["", "a", "", "", "beyond"])),
            ]
        );
    }

    #[test]
    fn csv_bytes_are_streamed_as_csv() {
        let text = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Destination Code\n10012345,9276308686,L1,20000008,EMP1\n";
        let source = open_source(text.as_bytes(), Some("ignored")).unwrap();
        assert!(matches!(source, AnySource::Csv(_)));
        let schemes = Schemes::builtin();
        let template = DestinationsTemplate::new(
            &schemes,
            DestinationsOptions::new(parse_date("2025-09-01").unwrap()),
        );
        let report = Upload::new(source, template, UploadOptions::default())
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(report.summary.accepted, 1);
        // Fewer than 8 bytes is still text, not an error.
        assert!(matches!(
            open_source(&b"a,b\n"[..], None).unwrap(),
            AnySource::Csv(_)
        ));
    }

    #[test]
    fn damaged_workbook_is_an_error_not_csv() {
        let mut bytes = upload_xlsx();
        bytes.truncate(100);
        let e = open_source(&bytes[..], None).unwrap_err();
        assert_eq!(e.code(), "workbook_unreadable");
    }
}
