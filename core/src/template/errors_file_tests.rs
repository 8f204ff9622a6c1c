//! The errors file under hostile rows: wider than the columns read, and cells carrying control
//! characters (NUL, escape, C1 controls, bidirectional overrides). It stays loadable (uploaded
//! again, it is read, not refused as binary data), every cell it says it keeps is in it, and what
//! it cannot keep or shows differently is said by a finding naming the row and the column.

use super::destinations::{DestinationsOptions, upload_csv};
use super::*;
use crate::codes::Schemes;
use crate::dates::parse_date;

const HEADER: &str = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code";

/// Runs a destinations upload of `text`: the report and the errors file as text.
fn run(text: &[u8]) -> (Report, String) {
    let schemes = Schemes::builtin();
    let options = DestinationsOptions::new(parse_date("2025-09-01").unwrap());
    let up = upload_csv(text, &schemes, options, UploadOptions::default()).unwrap();
    let mut errors = ErrorsCsvWriter::new(Vec::new(), &up).unwrap();
    let report = up
        .run(|o| match o {
            RowOutcome::Accepted(_) => Ok(()),
            RowOutcome::Rejected(r) => errors.write(&r),
        })
        .unwrap();
    (report, String::from_utf8(errors.finish().unwrap()).unwrap())
}

/// The errors file's data rows, read back as CSV.
fn rows_of(errors: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(errors.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_row_wider_than_the_columns_read_says_what_the_errors_file_lacks() {
    let extra: Vec<String> = (7..=1_500).map(|i| format!("v{i}")).collect();
    let text = format!(
        "{HEADER}\n10012345,9276308686,LRN1,20000008,Title,EMP1,{}\n",
        extra.join(",")
    );
    let (report, errors) = run(text.as_bytes());
    let ragged = report
        .findings
        .iter()
        .find(|f| f.code == "ragged_row")
        .unwrap();
    assert_eq!(ragged.row, Some(2));
    let m = &ragged.message;
    assert!(
        m.contains("row 2 has 1500 fields but the header has 6"),
        "{m}"
    );
    assert!(
        m.contains(
            "keeps fields 7 to 1000 and fields 1001 to 1500 (from column ALM) are not in it"
        ),
        "{m}"
    );
    // Every field it says it keeps is there, in order; none after.
    let rows = rows_of(&errors);
    let kept: Vec<&str> = rows[0][8].split(',').collect();
    assert_eq!(kept.len(), 994);
    assert_eq!((kept[0], kept[993]), ("v7", "v1000"));
    assert!(!errors.contains("v1001"));
    // Within the columns read, the old promise holds.
    let (report, errors) =
        run(format!("{HEADER}\n10012345,9276308686,LRN1,20000008,Title,EMP1,x,y\n").as_bytes());
    assert!(
        report.findings[0]
            .message
            .contains("the extra values are kept")
    );
    assert_eq!(rows_of(&errors)[0][8], "x,y");
}

#[test]
fn column_letters_are_excels() {
    use super::upload::column_letters;
    assert_eq!(column_letters(0), "A");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(1000), "ALM");
    assert_eq!(column_letters(16_383), "XFD");
}

#[test]
fn control_characters_are_shown_named_and_the_file_loads_again() {
    // Eight rows with NULs and escapes in the title (and a wrong ULN), after 64 KiB of good
    // rows: the reader's binary-data check looks at a file's start, so the upload is read, and
    // its errors file holds only the eight rows. Raw, that file would be refused as binary
    // data when uploaded again.
    let mut hostile = String::new();
    for i in 0..8 {
        hostile.push_str(&format!(
            "10012345,123,BAD{i},20000008,a\u{0}b\u{1b}[2Jc\u{7}\u{85}\u{202e}fdp.exe,EMP1\n"
        ));
    }
    let mut text = format!("{HEADER}\n");
    for i in 0..2_000 {
        text.push_str(&format!("10012345,9276308686,LRN{i},20000008,Title,EMP1\n"));
    }
    text.push_str(&hostile);
    let (report, errors) = run(text.as_bytes());
    let named: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.code == "control_characters")
        .collect();
    assert_eq!(named.len(), 8);
    assert_eq!(named[0].row, Some(2_002));
    assert_eq!(named[0].column.as_deref(), Some("Learning Aim Title"));
    assert!(
        named[0].message.contains("U+0000, U+001B, U+0007, U+0085"),
        "{}",
        named[0].message
    );
    assert_eq!(named[0].severity, Severity::Warning);
    // No control byte left in the file; the values shown, visibly.
    assert!(
        !errors
            .bytes()
            .any(|b| b < 0x20 && !matches!(b, b'\r' | b'\n')),
        "{errors:?}"
    );
    assert!(!errors.contains('\u{85}') && !errors.contains('\u{202e}'));
    let rows: Vec<Vec<String>> = rows_of(&errors)
        .into_iter()
        .filter(|r| r[2].starts_with("BAD"))
        .collect();
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[0][4], "a␀b␛[2Jc␇[U+0085][U+202E]fdp.exe");
    // The row's Errors cell names the column too.
    assert!(
        rows[0][7]
            .contains("Warning: Learning Aim Title: the value holds characters that are not text"),
        "{}",
        rows[0][7]
    );
    // Uploaded again, the errors file is read: the rows come back (the ULN still wrong).
    let (again, _) = run(errors.as_bytes());
    assert!(again.summary.rows >= 8);
    // The rows as they were, in a file of their own, are refused: what the symbols prevent.
    let raw = format!("{HEADER}\n{hostile}");
    let e = upload_csv(
        raw.as_bytes(),
        &Schemes::builtin(),
        DestinationsOptions::new(parse_date("2025-09-01").unwrap()),
        UploadOptions::default(),
    )
    .err()
    .unwrap();
    assert_eq!(e.code(), "not_csv");
}

#[test]
fn accepted_rows_are_not_looked_at() {
    // A tab, carriage return and line feed are text CSV quotes; a right-to-left mark is
    // ordinary in Arabic and Hebrew names.
    let text =
        format!("{HEADER}\n10012345,9276308686,LRN1,20000008,\"a\tb\r\nc \u{200f}d\",EMP1\n");
    let (report, errors) = run(text.as_bytes());
    assert_eq!(report.summary.accepted, 1);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.code != "control_characters")
    );
    assert_eq!(rows_of(&errors).len(), 0);
}
