use super::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as XlsxWriter};

fn fixture() -> Vec<u8> {
    let mut wb = XlsxWriter::new();
    let ws = wb.add_worksheet();
    ws.set_name("Destinations").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let headers = [
        "UKPRN",
        "Unique Learner Number",
        "Learner Reference Number",
        "Start",
        "Hours",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 10012345.0).unwrap();
    ws.write_number(1, 1, 9276308686.0).unwrap();
    ws.write_string(1, 2, "000000997742").unwrap();
    ws.write_datetime_with_format(1, 3, ExcelDateTime::from_ymd(2025, 9, 1).unwrap(), &date)
        .unwrap();
    ws.write_number(1, 4, 15.5).unwrap();
    // Row 3 left blank; row 4 has a boolean and a datetime with a time of day.
    ws.write_boolean(3, 0, true).unwrap();
    let dt = ExcelDateTime::from_ymd(2025, 9, 1)
        .unwrap()
        .and_hms(13, 30, 0)
        .unwrap();
    ws.write_datetime_with_format(
        3,
        3,
        &dt,
        &Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
    )
    .unwrap();
    let second = wb.add_worksheet();
    second.set_name("Qualification type").unwrap();
    second.write_string(2, 1, "GCSE").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn cells_read_as_a_person_sees_them() {
    let mut wb = Workbook::from_bytes(fixture()).unwrap();
    assert_eq!(wb.sheet_names(), ["Destinations", "Qualification type"]);
    let sheet = wb.sheet(None).unwrap();
    let rows: Vec<(u64, Vec<String>)> = sheet
        .rows()
        .map(|(n, cells)| (n, cells.into_iter().map(|c| c.into_owned()).collect()))
        .collect();
    assert_eq!(rows[0].0, 1);
    assert_eq!(
        rows[1],
        (
            2,
            vec![
                "10012345".into(),
                "9276308686".into(),
                "000000997742".into(),
                "2025-09-01".into(),
                "15.5".into()
            ]
        )
    );
    assert_eq!(rows[2], (3, vec![]));
    assert_eq!(
        rows[3],
        (
            4,
            vec![
                "TRUE".into(),
                "".into(),
                "".into(),
                "2025-09-01 13:30:00".into()
            ]
        )
    );
}

#[test]
fn named_sheet_and_offset_start() {
    let mut wb = Workbook::from_bytes(fixture()).unwrap();
    let s = wb.sheet(Some("qualification TYPE")).unwrap();
    // The used range starts at B3: row numbers and column positions are the sheet's.
    assert_eq!(s.excel_row(0), 3);
    assert_eq!(s.row_text(0), ["", "GCSE"]);
    match wb.sheet(Some("Grades")).unwrap_err() {
        Error::SheetNotFound { sheet, found } => {
            assert_eq!(sheet, "Grades");
            assert_eq!(found.len(), 2);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn corrupt_protected_and_foreign_files_are_clear_errors() {
    let mut bytes = fixture();
    bytes.truncate(bytes.len() / 2);
    let e = Workbook::from_bytes(bytes).unwrap_err();
    assert_eq!(e.code(), "workbook_unreadable");
    assert!(e.to_string().contains("save it again"), "{e}");
    assert_eq!(
        Workbook::from_bytes(b"UKPRN,ULN\n1,2\n".to_vec())
            .unwrap_err()
            .code(),
        "workbook_unreadable"
    );
    let mut encrypted = CFB_MAGIC.to_vec();
    encrypted.extend(std::iter::repeat_n(0u8, 512));
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let e = Workbook::from_bytes(encrypted).unwrap_err();
    assert_eq!(e.code(), "workbook_protected");
    assert!(e.to_string().contains("remove the password"));
}

#[test]
fn numbers() {
    assert_eq!(number_text(4603001107.0), "4603001107");
    assert_eq!(number_text(15.5), "15.5");
    assert_eq!(number_text(0.1), "0.1");
    assert_eq!(number_text(-3.0), "-3");
    assert_eq!(number_text(f64::NAN), "NaN");
}

/// CRC-32 (IEEE), for the stored zip below.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive of `entries`, stored (not compressed), so a test controls the XML exactly.
fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let fixed = |sig: u32, out: &mut Vec<u8>| {
            out.extend_from_slice(&sig.to_le_bytes());
        };
        fixed(0x0403_4b50, &mut out);
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        fixed(0x0201_4b50, &mut central);
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let start = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// The smallest .xlsx calamine reads: one sheet with the XML `sheet_data` in `<sheetData>`,
/// and `dimension` as its dimension reference.
fn minimal_xlsx(dimension: &str, sheet_data: &str) -> Vec<u8> {
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let workbook_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    stored_zip(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

#[test]
fn a_hand_made_workbook_is_read() {
    let bytes = minimal_xlsx(
        "A1:B1",
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>UKPRN</t></is></c><c r="B1"><v>9276308686</v></c></row>"#,
    );
    let mut wb = Workbook::from_bytes(bytes).unwrap();
    let sheet = wb.sheet(None).unwrap();
    assert_eq!(sheet.row_text(0), ["UKPRN", "9276308686"]);
}

/// A cell reference beyond Excel's grid (nine column letters, a twelve-digit row) is an
/// error that says so, never a crash; the declared dimension is not trusted at all.
#[test]
fn an_impossible_cell_reference_is_an_error_not_a_crash() {
    for (dimension, cell, code) in [
        ("AAAAAAAAA1", "A1", None),
        ("A1", "AAAAAAAAA1", Some("workbook_too_large")),
        ("A99999999999", "A1", None),
        ("A1", "A99999999999", Some("workbook_too_large")),
        ("A1", "1A", Some("workbook_unreadable")),
    ] {
        let bytes = minimal_xlsx(
            dimension,
            &format!(r#"<row r="1"><c r="{cell}"><v>1</v></c></row>"#),
        );
        match (
            Workbook::from_bytes(bytes).and_then(|mut wb| wb.sheet(None)),
            code,
        ) {
            (Ok(sheet), None) => assert_eq!(sheet.row_text(0), ["1"], "{dimension}"),
            (Err(e), Some(code)) => assert_eq!(e.code(), code, "{e}"),
            (other, _) => panic!("{dimension} {cell}: {other:?}"),
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Sheet XML with arbitrary cell references, types and values never panics: the workbook
    /// opens and its rows read, or it is an error.
    #[test]
    fn arbitrary_sheet_xml_never_panics(
        cells in proptest::collection::vec(
            ("[A-Za-z]{0,10}[0-9]{0,12}", proptest::sample::select(vec!["", "s", "n", "b", "e", "str", "inlineStr", "d", "x"]), "[0-9A-Za-z.:+ -]{0,20}"),
            0..12,
        ),
        dimension in "[A-Za-z]{0,10}[0-9]{0,12}(:[A-Za-z]{0,10}[0-9]{0,12})?",
    ) {
        let data: String = cells
            .iter()
            .map(|(r, t, v)| format!(r#"<row><c r="{r}" t="{t}"><v>{v}</v></c></row>"#))
            .collect();
        let bytes = minimal_xlsx(&dimension, &data);
        if let Ok(mut wb) = Workbook::from_bytes(bytes) {
            if let Ok(sheet) = wb.sheet(None) {
                for (row, cells) in sheet.rows().take(50) {
                    proptest::prop_assert!(row >= 1);
                    let _ = cells;
                }
            }
        }
    }
}

fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    stored_zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".as_slice(),
        ),
        (
            "META-INF/manifest.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.as_slice(),
        ),
        ("content.xml", content.as_bytes()),
    ])
}

/// An .ods is measured before calamine builds its grid: a small one reads, one whose cell is
/// repeated over the whole grid is refused with the limit it reached.
#[test]
fn ods_grids_are_measured_before_they_are_built() {
    let cell = |v: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>"#
        )
    };
    let small = ods(&format!(
        r#"<table:table-row>{}{}</table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell/>{}</table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        cell("UKPRN"),
        cell("ULN"),
        cell("x")
    ));
    let mut wb = Workbook::from_bytes(small).unwrap();
    assert_eq!(wb.format(), "ods");
    let sheet = wb.sheet(None).unwrap();
    assert_eq!(sheet.row_count(), 3);
    assert_eq!(sheet.row_text(0), ["UKPRN", "ULN"]);
    assert_eq!(sheet.row_text(2), ["", "x"]);
    let big = ods(
        r#"<table:table-row table:number-rows-repeated="4096"><table:table-cell office:value-type="string" table:number-columns-repeated="1025"><text:p>x</text:p></table:table-cell></table:table-row>"#,
    );
    match Workbook::from_bytes(big).unwrap_err() {
        Error::WorkbookTooLarge { limit, max, .. } => {
            assert_eq!((limit, max), ("ods_cells", MAX_ODS_CELLS));
        }
        other => panic!("{other:?}"),
    }
}

/// The sheet's cells as read: (row, column, text, kind), or the error's code.
fn read_cells(
    bytes: Vec<u8>,
) -> std::result::Result<Vec<(u32, u32, String, CellKind)>, &'static str> {
    let mut wb = Workbook::from_bytes(bytes).map_err(|e| e.code())?;
    let Inner::Xlsx(book) = &mut wb.inner else {
        return Err("not xlsx");
    };
    let mut cells = book.cells("Sheet1").map_err(|e| e.code())?;
    let mut out = Vec::new();
    while let Some(c) = cells.next_cell().map_err(|e| e.code())? {
        out.push((c.row, c.col, c.text.to_string(), c.kind));
    }
    Ok(out)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// The cells scanned on the fast path are the cells the XML reader reads: the same sheet
    /// read with a space between cells (so each goes through the XML reader) gives the same
    /// cells, or the same error.
    #[test]
    fn the_fast_path_reads_what_the_xml_reader_reads(
        cells in proptest::collection::vec(
            (
                proptest::option::of("[A-D]{1,2}[0-9]{1,3}|XFD1048576|XFE1|A0"),
                proptest::option::of("[0-9]{1,2}"),
                proptest::sample::select(vec!["", " t=\"n\"", " t=\"s\"", " t=\"str\""]),
                proptest::option::of("[0-9]{1,17}|0[0-9]{1,3}| 7|1.5"),
            ),
            0..10,
        ),
    ) {
        let xml = |gap: &str| -> String {
            let row: String = cells
                .iter()
                .map(|(r, s, t, v)| {
                    let r = r.as_ref().map(|r| format!(r#" r="{r}""#)).unwrap_or_default();
                    let s = s.as_ref().map(|s| format!(r#" s="{s}""#)).unwrap_or_default();
                    match v {
                        Some(v) => format!(r#"{gap}<c{r}{s}{t}><v>{v}</v></c>"#),
                        None => format!(r#"{gap}<c{r}{s}{t}/>"#),
                    }
                })
                .collect();
            format!(r#"<row r="1">{row}</row><row r="2"><c><v>5</v></c></row>"#)
        };
        let fast = read_cells(minimal_xlsx("A1", &xml("")));
        let slow = read_cells(minimal_xlsx("A1", &xml(" ")));
        proptest::prop_assert_eq!(fast, slow);
    }
}
