//! No input panics, in any template: arbitrary bytes, damaged workbooks, workbooks and CSV
//! files with arbitrary cells. Each gives a report (whose counts add up) or an error.

use super::destinations::{DestinationsOptions, DestinationsTemplate};
use super::download::{DownloadLists, TemplateKind, template_csv, template_xlsx};
use super::learners::{LearnersOptions, LearnersTemplate};
use super::qualifications::{QualificationsOptions, open_upload, read_export};
use super::*;
use crate::codes::Schemes;
use crate::dates::parse_date;
use proptest::prelude::*;
use rust_xlsxwriter::Workbook as XlsxWriter;

/// Runs `bytes` through template `kind` to the end, as the CLI does.
fn run(kind: TemplateKind, bytes: &[u8], schemes: &Schemes) -> Result<Report> {
    let options = UploadOptions {
        max_findings: Some(50),
        ..UploadOptions::default()
    };
    let as_of = parse_date("2025-09-01").unwrap_or_default();
    let report = match kind {
        TemplateKind::Destinations => {
            let t = DestinationsTemplate::new(schemes, DestinationsOptions::new(as_of));
            Upload::new(open_source(bytes, None)?, t, options)?.finish()?
        }
        TemplateKind::Learners => {
            let t = LearnersTemplate::new(LearnersOptions::new(as_of));
            Upload::new(open_source(bytes, None)?, t, options)?.finish()?
        }
        TemplateKind::Qualifications => {
            open_upload(bytes, None, QualificationsOptions::default(), options)?.finish()?
        }
    };
    let s = &report.summary;
    assert_eq!(s.accepted + s.rejected, s.rows);
    Ok(report)
}

fn run_everything(bytes: &[u8]) {
    let schemes = Schemes::builtin();
    for kind in TemplateKind::ALL {
        let _ = run(kind, bytes, &schemes);
    }
    let _ = read_export(bytes, None, "export");
}

/// A valid workbook to damage: the qualifications template (four sheets, notes, drop-downs)
/// with a data row.
fn valid_workbook() -> Vec<u8> {
    template_xlsx(TemplateKind::Qualifications, &DownloadLists::builtin()).unwrap_or_default()
}

/// Cell contents that upset parsers: numbers as text, dates, damage, formulas, unicode.
fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        3 => proptest::sample::select(vec![
            "", " ", "9276308686", "4.60E+09", "10012345", "GCSE (9-1)", "Mathematics", "2026-06",
            "2026-13", "7", "A*", "EMP1", "WMCA1.0", "Year 11", "B33 8TH", "2008-01-02", "=1+1",
            "\u{FEFF}x", "é", "\"", ",", "\n", "Male",
        ]).prop_map(|s| Cell::Text(s.to_string())),
        2 => "\\PC{0,30}".prop_map(Cell::Text),
        2 => any::<f64>().prop_map(Cell::Number),
        1 => (1900u16..2100, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Cell::Date(y, m, d)),
        1 => any::<bool>().prop_map(Cell::Bool),
    ]
}

#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Number(f64),
    Date(u16, u8, u8),
    Bool(bool),
}

/// A workbook with the template's header and arbitrary cells under it (some rows blank).
fn workbook_with(kind: TemplateKind, rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut wb = XlsxWriter::new();
    let ws = wb.add_worksheet();
    for (c, column) in kind.spec().columns.iter().enumerate() {
        let _ = ws.write_string(0, c as u16, column.name);
    }
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (r, cells) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16 * 3 % kind.spec().columns.len().max(1) as u16;
            let _ = match cell {
                Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()),
                Cell::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                Cell::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                Cell::Date(y, m, d) => match rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d) {
                    Ok(dt) => ws.write_datetime_with_format(r, c, &dt, &date).map(|_| ()),
                    Err(e) => Err(e),
                },
            };
        }
    }
    wb.save_to_buffer().unwrap_or_default()
}

fn kind() -> impl Strategy<Value = TemplateKind> {
    proptest::sample::select(TemplateKind::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Arbitrary bytes, some starting like a workbook (zip or OLE2), never panic.
    #[test]
    fn arbitrary_bytes_never_panic(
        prefix in proptest::sample::select(vec![&b""[..], b"PK\x03\x04", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"]),
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let mut all = prefix.to_vec();
        all.extend_from_slice(&bytes);
        run_everything(&all);
    }

    /// A valid workbook with bytes overwritten, cut short or spliced never panics.
    #[test]
    fn damaged_workbooks_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = valid_workbook();
        prop_assume!(!bytes.is_empty());
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()).max(8));
        }
        run_everything(&bytes);
    }

    /// Workbooks with each template's header and arbitrary cells give a report whose counts add
    /// up, or an error.
    #[test]
    fn workbooks_with_arbitrary_cells_never_panic(
        kind in kind(),
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..12), 0..8),
    ) {
        let bytes = workbook_with(kind, &rows);
        let schemes = Schemes::builtin();
        if let Err(e) = run(kind, &bytes, &schemes) {
            prop_assert_eq!(e.code(), "no_data", "{}", e);
        }
    }

    /// CSV rows of arbitrary printable text under each template's header never panic, and
    /// every non-blank line is a row (arbitrary bytes are the first property's).
    #[test]
    fn csv_under_every_header_never_panics(
        kind in kind(),
        lines in proptest::collection::vec(proptest::collection::vec("[^\",\\p{C}]{0,12}", 0..12), 0..10),
    ) {
        let mut text = Vec::new();
        template_csv(kind, &mut text).unwrap_or_default();
        for cells in &lines {
            text.extend_from_slice(cells.join(",").as_bytes());
            text.extend_from_slice(b"\r\n");
        }
        let schemes = Schemes::builtin();
        let data = lines.iter().filter(|c| !c.join("").trim().is_empty()).count() as u64;
        match run(kind, &text, &schemes) {
            Ok(report) => prop_assert_eq!(report.summary.rows, data),
            Err(e) => {
                prop_assert_eq!(data, 0);
                prop_assert_eq!(e.code(), "no_data");
            }
        }
    }
}
