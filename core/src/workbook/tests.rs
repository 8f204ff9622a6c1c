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
