//! Engine tests through the destinations template: outcomes handed out, the errors file, the
//! export, and properties over generated files. Per-rule expectations (every finding, every
//! encoding, file-level errors) are pinned by the language-neutral vectors under
//! `tests/vectors/`.

use super::destinations::{DestinationsOptions, DestinationsTemplate, upload_csv};
use super::*;
use crate::codes::Schemes;
use crate::dates::parse_date;
use crate::identifiers::Ukprn;
use proptest::prelude::*;

const HEADER: &str = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code";

fn options() -> DestinationsOptions {
    DestinationsOptions::new(parse_date("2025-09-01").unwrap())
}

/// Runs an upload, returning the report, the errors file and the export as text.
fn run_all(
    text: &[u8],
    destinations: DestinationsOptions,
    upload: UploadOptions,
) -> Result<(Report, String, String)> {
    let schemes = Schemes::builtin();
    let up = upload_csv(text, &schemes, destinations, upload)?;
    let mut errors = ErrorsCsvWriter::new(Vec::new(), &up)?;
    let mut accepted = AcceptedCsvWriter::new(Vec::new(), &up)?;
    let report = up.run(|o| match o {
        RowOutcome::Accepted(mut r) => accepted.write(&mut r),
        RowOutcome::Rejected(r) => errors.write(&r),
    })?;
    let errors = String::from_utf8(errors.finish()?).unwrap();
    let accepted = String::from_utf8(accepted.finish()?).unwrap();
    Ok((report, errors, accepted))
}

fn run(text: &str) -> (Report, String, String) {
    run_all(text.as_bytes(), options(), UploadOptions::default()).unwrap()
}

fn codes_at(report: &Report, row: u64) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| f.row == Some(row))
        .map(|f| f.code)
        .collect()
}

#[test]
fn export_of_kept_cells_is_the_export_of_rows() {
    let text = format!(
        "{HEADER}\n10012345,9276308686,LRN1,20000008,=Title,EMP 1\n10012345,9276308686,LRN1,Z1,\"a, b\",WMCA1.1\n"
    );
    let schemes = Schemes::builtin();
    let up = upload_csv(
        text.as_bytes(),
        &schemes,
        options(),
        UploadOptions::default(),
    )
    .unwrap();
    let mut direct = AcceptedCsvWriter::new(Vec::new(), &up).unwrap();
    let mut kept = Vec::new();
    let columns = up.spec().export_columns;
    up.run(|o| {
        if let RowOutcome::Accepted(mut r) = o {
            kept.push(r.export().iter().map(str::to_string).collect::<Vec<_>>());
            direct.write(&mut r)?;
        }
        Ok(())
    })
    .unwrap();
    let mut later = AcceptedCsvWriter::with_columns(Vec::new(), columns).unwrap();
    for row in &kept {
        later.write_cells(row.iter().map(String::as_str)).unwrap();
    }
    assert_eq!(kept.len(), 2);
    assert_eq!(direct.finish().unwrap(), later.finish().unwrap());
}

#[test]
fn rows_stream_out_as_they_are_checked() {
    let schemes = Schemes::builtin();
    let text = format!(
        "{HEADER}\n10012345,9276308686,LRN1,20000008,,EMP 1\n\n10012345,1000000063,LRN2,20000008,,EMP1\n"
    );
    let mut up = upload_csv(
        text.as_bytes(),
        &schemes,
        options(),
        UploadOptions::default(),
    )
    .unwrap();
    match up.next_row().unwrap() {
        Some(RowOutcome::Accepted(mut r)) => {
            assert_eq!(r.row(), 2);
            assert_eq!(r.get("Destination Code"), Some("EMP1"));
            assert_eq!(r.get("Learning Aim Title"), Some(""));
            assert_eq!(r.iter().count(), 9);
        }
        other => panic!("expected row 2 accepted, got {other:?}"),
    }
    match up.next_row().unwrap() {
        Some(RowOutcome::Rejected(r)) => {
            assert_eq!(r.row(), 4, "the blank line is row 3");
            assert_eq!(r.findings()[0].code, "uln_checksum");
            assert_eq!(
                r.findings()[0].column.as_deref(),
                Some("Unique Learner Number")
            );
            assert_eq!(r.cells().get(1), Some("1000000063"));
        }
        other => panic!("expected row 4 rejected, got {other:?}"),
    }
    assert!(up.next_row().unwrap().is_none());
    assert!(up.next_row().unwrap().is_none());
    assert_eq!(up.template().remembered(), 1);
    let report = up.finish().unwrap();
    assert_eq!(
        (
            report.summary.rows,
            report.summary.accepted,
            report.summary.rejected,
            report.summary.blank_rows_skipped
        ),
        (2, 1, 1, 1)
    );
}

#[test]
fn finish_checks_the_rows_not_handed_out() {
    let schemes = Schemes::builtin();
    let text = format!(
        "{HEADER}\n10012345,9276308686,LRN1,20000008,,EMP1\n10012345,9276308686,LRN1,20000008,,EMP1\n"
    );
    let up = upload_csv(
        text.as_bytes(),
        &schemes,
        options(),
        UploadOptions::default(),
    )
    .unwrap();
    let report = up.finish().unwrap();
    assert_eq!((report.summary.accepted, report.summary.rejected), (1, 1));
    assert_eq!(codes_at(&report, 3), ["duplicate_destination"]);
}

#[test]
fn errors_file_keeps_original_columns_and_neutralises_formulas() {
    let text = "Destination Code,Notes,ukprn ,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title\r\n\
        EMP1,=HYPERLINK(\"http://x\"),10012345,9276308686,LRN1,20000008,-ok\r\n\
        EMP9,@SUM(A1),10012345,9276308686,LRN2,20000008,+title\r\n\
        XYZ1,\tnote,10012345,4.60E+09,LRN3,20000008,é title\r\n";
    let (report, errors, accepted) = run(text);
    assert_eq!(report.summary.rows, 3);
    assert_eq!(report.summary.rejected, 2);
    assert_eq!(report.findings[0].code, "unknown_column");
    assert_eq!(report.findings[0].row, Some(1));
    assert_eq!(report.findings[0].column.as_deref(), Some("Notes"));

    assert!(errors.starts_with('\u{FEFF}'), "UTF-8 with BOM");
    let mut lines = errors.trim_start_matches('\u{FEFF}').split("\r\n");
    assert_eq!(
        lines.next(),
        Some(
            "Destination Code,Notes,ukprn ,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Row,Errors,Extra values"
        )
    );
    let row3 = lines.next().unwrap();
    assert!(
        row3.starts_with("EMP9,'@SUM(A1),10012345,9276308686,LRN2,20000008,'+title,3,"),
        "{row3}"
    );
    assert!(
        row3.contains("Destination Code: destination code 'EMP9': EMP9 is not a destination code"),
        "{row3}"
    );
    let row4 = lines.next().unwrap();
    assert!(
        row4.starts_with("XYZ1,'\tnote,10012345,4.60E+09,LRN3,20000008,é title,4,"),
        "{row4}"
    );
    assert!(
        row4.contains("\"Unique Learner Number: ULN '4.60E+09' is in scientific notation"),
        "{row4}"
    );
    assert!(
        row4.contains(" | Destination Code: destination code 'XYZ1'"),
        "{row4}"
    );
    assert_eq!(lines.next(), Some(""));

    // The export: template columns only, formulas neutralised there too.
    let mut lines = accepted.trim_start_matches('\u{FEFF}').split("\r\n");
    assert_eq!(
        lines.next(),
        Some(
            "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code,ILR Code,WMCA Code,Destination"
        )
    );
    assert_eq!(
        lines.next(),
        Some(
            "10012345,9276308686,LRN1,20000008,'-ok,EMP1,EMP1,WMCA1.0,In paid employment for 16 hours or more per week (WMCA1.0)"
        )
    );
}

#[test]
fn a_corrected_errors_file_can_be_uploaded_again() {
    let text = format!(
        "{HEADER}\n10012345,9276308686,LRN1,20000008,Title,EMP9\n10012345,9276308686,LRN2,20000008,Title,EMP1\n"
    );
    let (_, errors, _) = run(&text);
    let corrected = errors.replace("EMP9,", "EMP2,");
    let (report, errors_again, accepted) = run(&corrected);
    assert_eq!(
        (report.summary.rows, report.summary.accepted),
        (1, 1),
        "{:?}",
        report.findings
    );
    assert!(
        report.findings.is_empty(),
        "Row and Errors are not unknown columns"
    );
    assert!(
        accepted.contains("LRN1,20000008,Title,EMP2,EMP2,,"),
        "{accepted}"
    );
    assert_eq!(
        errors_again.trim_start_matches('\u{FEFF}').lines().next(),
        Some(HEADER.to_string() + ",Row,Errors,Extra values").as_deref()
    );
}

#[test]
fn ragged_rows_keep_every_value() {
    let text = format!(
        "{HEADER}\n10012345,9276308686,LRN1,20000008,Title,EMP1,extra,more\n10012345,9276308686\n"
    );
    let (report, errors, _) = run(&text);
    assert_eq!(codes_at(&report, 2), ["ragged_row"]);
    assert_eq!(codes_at(&report, 3), ["ragged_row"]);
    assert!(
        report.findings[0]
            .message
            .contains("has 8 fields but the header has 6")
    );
    assert!(
        report.findings[1]
            .message
            .contains("has 2 fields but the header has 6")
    );
    let lines: Vec<&str> = errors.split("\r\n").collect();
    assert!(
        lines[1].starts_with("10012345,9276308686,LRN1,20000008,Title,EMP1,2,")
            && lines[1].ends_with(",\"extra,more\""),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("10012345,9276308686,,,,,3,"),
        "{}",
        lines[2]
    );
}

#[test]
fn over_long_cell_rejects_its_row_and_the_rest_goes_on() {
    let long = "x".repeat(MAX_FIELD_CHARS * 5);
    let text = format!(
        "{HEADER}\n10012345,9276308686,LRN1,20000008,\"{long}\",EMP1\n10012345,9276308686,LRN2,20000008,,EMP1\n"
    );
    let (report, errors, _) = run(&text);
    assert_eq!(codes_at(&report, 2), ["field_too_long"]);
    assert!(
        report.findings[0].message.contains("50000 characters long"),
        "{}",
        report.findings[0].message
    );
    assert_eq!(report.summary.accepted, 1);
    // The errors file keeps the start of the cell only.
    assert!(errors.len() < MAX_FIELD_CHARS * 5);
}

#[test]
fn findings_cap_keeps_counts_exact() {
    let mut text = format!("{HEADER}\n");
    for i in 0..50 {
        text.push_str(&format!("1001234,9276308687,LRN{i},20000008,,EMP9\n"));
    }
    let (report, _, _) = run_all(
        text.as_bytes(),
        options(),
        UploadOptions {
            max_findings: Some(7),
            file_name: Some("335_ASF_DestinationsTemplate_v1.csv".into()),
            processed_at: Some("2025-04-16T14:11:20+01:00".into()),
            input_bytes: None,
        },
    )
    .unwrap();
    assert_eq!(report.findings.len(), 7);
    assert!(report.truncated);
    assert_eq!(report.summary.errors, 150);
    assert_eq!(report.summary.rejected, 50);
    assert_eq!(
        report.summary.file.as_deref(),
        Some("335_ASF_DestinationsTemplate_v1.csv")
    );
    assert_eq!(
        report.summary.processed_at.as_deref(),
        Some("2025-04-16T14:11:20+01:00")
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["truncated"], true);
    assert_eq!(json["summary"]["rows"], 50);
    assert_eq!(json["findings"][0]["row"], 2);
    assert_eq!(json["findings"][0]["severity"], "error");
}

#[test]
fn uploader_ukprn_is_enforced_when_given() {
    let text = format!(
        "{HEADER}\n10012345,9276308686,LRN1,20000008,,EMP1\n10099999,9276308686,LRN1,20000008,,EMP1\n"
    );
    let (report, _, _) = run_all(
        text.as_bytes(),
        options().with_ukprn(Ukprn::parse("10012345").unwrap()),
        UploadOptions::default(),
    )
    .unwrap();
    assert_eq!(codes_at(&report, 3), ["ukprn_not_uploader"]);
    assert!(report.findings[0].message.contains("(10012345)"));
}

#[test]
fn a_first_pass_rejects_later_rows_and_names_every_row_in_conflict() {
    let text = format!(
        "{HEADER}\n10012345,9276308686,LRN1,20000008,,EMP1,x\n10012345,9276308686,LRN1,20000008,,EMP1\n10012345,9276308686,lrn1,20000008,,emp 1\n10012345,9276308686,LRN1,20000008,,NPE1\n10012345,9276308686,LRN1,20000008,,EDU4\n10012345,9276308686,LRN1,20000008,,WMCA1.1\n"
    );
    let schemes = Schemes::builtin();
    let up = upload_csv(
        text.as_bytes(),
        &schemes,
        options(),
        UploadOptions::default(),
    )
    .unwrap();
    let (report, template) = up.finish_with_template().unwrap();
    // A ragged row takes no part; the first EMP1 is accepted in this pass (nothing after it
    // is known yet); the repeat is a duplicate; NPE1 contradicts it; WMCA1.1 (EMP1 refined)
    // is a second EMP destination and contradicts NPE1.
    assert_eq!(codes_at(&report, 2), ["ragged_row"]);
    assert_eq!(codes_at(&report, 3), Vec::<&str>::new());
    assert_eq!(codes_at(&report, 4), ["duplicate_destination"]);
    assert_eq!(codes_at(&report, 5), ["contradictory_destination"]);
    assert_eq!(codes_at(&report, 6), Vec::<&str>::new());
    assert_eq!(
        codes_at(&report, 7),
        ["destination_type_conflict", "contradictory_destination"]
    );
    let conflicts = template.conflicts();
    assert_eq!(conflicts.rows().collect::<Vec<_>>(), [3, 5, 7]);

    // The second pass, with the conflicts known: the first EMP1 is rejected too, naming the
    // later rows, and only EDU4 is accepted.
    let up = Upload::from_csv(
        text.as_bytes(),
        DestinationsTemplate::new(&schemes, options()).with_conflicts(conflicts.clone()),
        UploadOptions::default(),
    )
    .unwrap();
    let mut accepted = AcceptedCsvWriter::new(Vec::new(), &up).unwrap();
    let report = up
        .run(|o| match o {
            RowOutcome::Accepted(mut r) => accepted.write(&mut r),
            RowOutcome::Rejected(_) => Ok(()),
        })
        .unwrap();
    let accepted = String::from_utf8(accepted.finish().unwrap()).unwrap();
    assert_eq!(
        codes_at(&report, 3),
        ["destination_type_conflict", "contradictory_destination"]
    );
    let at3: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.row == Some(3))
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        at3[0].starts_with("conflicts with row 7 (WMCA1.1):"),
        "{}",
        at3[0]
    );
    assert!(
        at3[1].starts_with("contradicts row 5 (NPE1), row 7 (WMCA1.1):"),
        "{}",
        at3[1]
    );
    assert_eq!(codes_at(&report, 4), ["duplicate_destination"]);
    assert_eq!(report.summary.accepted, 1);
    assert!(accepted.contains("EDU4,EDU4,,"), "{accepted}");
    assert!(!accepted.contains("EMP1,EMP1"));
}

/// The rows of one enrolment whose codes contradict by meaning, beyond ESFA's same-date rules:
/// an apprenticeship (EDU2) with NPE, and OTH3 or OTH4 beside a destination of another type.
#[test]
fn apprenticeship_with_npe_and_unknown_beside_a_destination_are_conflicts() {
    let rows = [
        ("LRN1", "EDU2"),
        ("LRN1", "NPE2"),
        ("LRN2", "OTH3"),
        ("LRN2", "EDU4"),
        ("LRN3", "WMCA1.0"),
        ("LRN3", "OTH4"),
        // Allowed: OTH1 (another outcome) is a destination given; an apprenticeship with
        // employment; OTH3 alone.
        ("LRN4", "OTH1"),
        ("LRN4", "EDU4"),
        ("LRN5", "EDU2"),
        ("LRN5", "EMP1"),
        ("LRN6", "OTH3"),
    ];
    let mut text = format!("{HEADER}\n");
    for (lrn, code) in rows {
        text.push_str(&format!("10012345,9276308686,{lrn},20000008,,{code}\n"));
    }
    let schemes = Schemes::builtin();
    let conflicts = upload_csv(
        text.as_bytes(),
        &schemes,
        options(),
        UploadOptions::default(),
    )
    .unwrap()
    .finish_with_template()
    .unwrap()
    .1
    .conflicts();
    assert_eq!(conflicts.rows().collect::<Vec<_>>(), [2, 3, 4, 5, 6, 7]);
    let report = Upload::from_csv(
        text.as_bytes(),
        DestinationsTemplate::new(&schemes, options()).with_conflicts(conflicts),
        UploadOptions::default(),
    )
    .unwrap()
    .finish()
    .unwrap();
    for row in [2, 3] {
        assert_eq!(
            codes_at(&report, row),
            ["apprenticeship_and_npe"],
            "row {row}"
        );
    }
    for row in [4, 5, 6, 7] {
        assert_eq!(
            codes_at(&report, row),
            ["unknown_beside_destination"],
            "row {row}"
        );
    }
    for row in 8..=12 {
        assert_eq!(codes_at(&report, row), Vec::<&str>::new(), "row {row}");
    }
    assert_eq!((report.summary.accepted, report.summary.rejected), (5, 6));
    let message = |row| {
        report
            .findings
            .iter()
            .find(|f| f.row == Some(row))
            .map(|f| f.message.clone())
            .unwrap_or_default()
    };
    assert!(
        message(2).starts_with("contradicts row 3 (NPE2):"),
        "{}",
        message(2)
    );
    assert!(
        message(7).starts_with("contradicts row 6 (WMCA1.0):"),
        "{}",
        message(7)
    );
}

#[test]
fn unique_enrolments_need_no_second_pass() {
    let text = format!(
        "{HEADER}\n10012345,9276308686,LRN1,20000008,,EMP1\n10012345,9276308686,LRN1,20000009,,NPE1\n10012345,9276308686,LRN1,20000008,,EDU2\n"
    );
    let schemes = Schemes::builtin();
    let up = upload_csv(
        text.as_bytes(),
        &schemes,
        options(),
        UploadOptions::default(),
    )
    .unwrap();
    let (report, template) = up.finish_with_template().unwrap();
    assert_eq!(report.summary.accepted, 3);
    assert!(template.conflicts().is_empty());
}

#[test]
fn template_with_user_wmca_list() {
    let mut schemes = Schemes::builtin();
    schemes
        .add(
            crate::codes::Scheme::from_csv_reader(
                "code,title,ilr_equivalent\nWMCA3.0,Looking for work,NPE1\n".as_bytes(),
                "wmca",
                "test list",
            )
            .unwrap(),
        )
        .unwrap();
    let text = format!("{HEADER}\n10012345,9276308686,LRN1,20000008,,NPE1\n");
    let up = Upload::from_csv(
        text.as_bytes(),
        DestinationsTemplate::new(&schemes, options()),
        UploadOptions::default(),
    )
    .unwrap();
    let mut seen = Vec::new();
    up.run(|o| {
        if let RowOutcome::Accepted(mut r) = o {
            seen.push((
                r.get("WMCA Code").unwrap().to_string(),
                r.get("Destination").unwrap().to_string(),
            ));
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(
        seen,
        [(
            "WMCA3.0".to_string(),
            "Looking for work (WMCA3.0)".to_string()
        )]
    );
}

#[test]
fn run_stops_on_the_callbacks_error() {
    let schemes = Schemes::builtin();
    let text = format!(
        "{HEADER}\n10012345,9276308686,LRN1,20000008,,EMP1\n10012345,9276308686,LRN2,20000008,,EMP1\n"
    );
    let up = upload_csv(
        text.as_bytes(),
        &schemes,
        options(),
        UploadOptions::default(),
    )
    .unwrap();
    let mut calls = 0;
    let e = up
        .run(|_| {
            calls += 1;
            Err(crate::Error::Io(std::io::Error::other("disk full")))
        })
        .unwrap_err();
    assert_eq!(e.code(), "io");
    assert_eq!(calls, 1);
}

/// A reader that fails after some bytes, as a network stream might.
struct FailingReader<'a>(&'a [u8]);

impl std::io::Read for FailingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.0.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "connection reset",
            ));
        }
        let n = buf.len().min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn read_errors_are_errors_not_findings() {
    let schemes = Schemes::builtin();
    let text = format!("{HEADER}\n10012345,9276308686,LRN1,20000008,,EMP1\n");
    let e = upload_csv(
        FailingReader(text.as_bytes()),
        &schemes,
        options(),
        UploadOptions::default(),
    )
    .and_then(|up| up.finish())
    .unwrap_err();
    assert_eq!(e.code(), "io");
}

/// Cell values, good and bad, for generated uploads.
fn cell(column: usize) -> impl Strategy<Value = String> {
    let pool: Vec<&'static str> = match column {
        0 => vec!["10012345", "10099999", "335", "", " 10012345 ", "1001234X"],
        1 => vec![
            "9276308686",
            "1000000043",
            "9999999999",
            "9276308687",
            "4.60E+09",
            "9276308686.0",
            "",
        ],
        2 => vec!["LRN1", "LRN2", "lrn1", "000000997742", "LRN-1", "", "A B"],
        3 => vec!["20000008", "Z0002406", "zprog001", "123456789", "", "20 08"],
        4 => vec!["", "Title", "=cmd", "é, with comma", "\"quoted\""],
        _ => vec![
            "EMP1", "EMP 1", "NPE1", "EMP3", "OTH2", "WMCA1.0", "wmca1.1", "XYZ1", "EMP", "",
            "EDU7",
        ],
    };
    proptest::sample::select(pool).prop_map(str::to_string)
}

fn quote(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// A generated line: a data row (sometimes ragged) or a blank line.
fn line() -> impl Strategy<Value = (String, bool)> {
    prop_oneof![
        8 => (cell(0), cell(1), cell(2), cell(3), cell(4), cell(5)).prop_map(|(a, b, c, d, e, f)| {
            let cells = [a, b, c, d, e, f];
            let blank = cells.iter().all(|c| c.trim().is_empty());
            (cells.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","), blank)
        }),
        1 => Just((String::new(), true)),
        1 => Just(("10012345,9276308686".to_string(), false)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// For any generated file: accepted + rejected = rows, every data line is a row, every
    /// blank line is skipped and counted, and the errors file has one line per rejected row.
    #[test]
    fn counts_add_up(lines in proptest::collection::vec(line(), 1..40), crlf in any::<bool>()) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("{HEADER}{eol}");
        for (l, _) in &lines {
            text.push_str(l);
            text.push_str(eol);
        }
        let data = lines.iter().filter(|(_, blank)| !blank).count() as u64;
        let blank = lines.len() as u64 - data;
        match run_all(text.as_bytes(), options(), UploadOptions::default()) {
            Ok((report, errors, accepted)) => {
                let s = &report.summary;
                prop_assert_eq!(s.accepted + s.rejected, s.rows);
                prop_assert_eq!(s.rows, data);
                prop_assert_eq!(s.blank_rows_skipped, blank);
                let error_rows = report.findings.iter().filter(|f| f.is_error()).filter_map(|f| f.row).collect::<std::collections::BTreeSet<_>>();
                prop_assert_eq!(error_rows.len() as u64, s.rejected);
                // Every line has the header's field count (not flexible); duplicates are left out.
                let mut reader = csv::ReaderBuilder::new().from_reader(errors.trim_start_matches('\u{FEFF}').as_bytes());
                prop_assert_eq!(reader.records().map(|r| r.map(|_| ())).collect::<Result<Vec<()>, _>>().map(|v| v.len() as u64).ok(), Some(s.rejected - s.duplicate_rows));
                let mut reader = csv::ReaderBuilder::new().from_reader(accepted.trim_start_matches('\u{FEFF}').as_bytes());
                prop_assert_eq!(reader.records().count() as u64, s.accepted);
            }
            Err(e) => {
                prop_assert_eq!(data, 0);
                prop_assert_eq!(e.code(), "no_data");
            }
        }
    }

    /// No input panics: arbitrary bytes give a report or an error.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = run_all(&bytes, options(), UploadOptions { max_findings: Some(5), ..UploadOptions::default() });
    }

    /// Arbitrary bytes after a valid header: every row is accounted for.
    #[test]
    fn arbitrary_rows_after_a_header(bytes in proptest::collection::vec(any::<u8>(), 0..600), bom in any::<bool>()) {
        let mut text = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        text.extend_from_slice(HEADER.as_bytes());
        text.push(b'\n');
        text.extend_from_slice(&bytes);
        if let Ok((report, _, _)) = run_all(&text, options(), UploadOptions::default()) {
            let s = &report.summary;
            prop_assert_eq!(s.accepted + s.rejected, s.rows);
        }
    }

    /// Arbitrary text in UTF-16 never panics either.
    #[test]
    fn arbitrary_utf16_never_panics(text in "\\PC{0,200}", le in any::<bool>()) {
        let mut bytes = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for unit in format!("{HEADER}\n{text}").encode_utf16() {
            bytes.extend_from_slice(&if le { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        if let Ok((report, _, _)) = run_all(&bytes, options(), UploadOptions::default()) {
            prop_assert_eq!(report.summary.encoding, Some(if le { "UTF-16LE" } else { "UTF-16BE" }));
        }
    }
}

/// The destinations template without its look-ahead: every row goes through the full check,
/// as it would if the engine read no row ahead. What the look-ahead's shortcut must agree with.
struct NoLookAhead<'s>(DestinationsTemplate<'s>);

impl Template for NoLookAhead<'_> {
    fn spec(&self) -> &'static TemplateSpec {
        self.0.spec()
    }
    fn check_row(&mut self, row: &RowView<'_>, findings: &mut RowFindings<'_>) {
        self.0.check_row(row, findings);
    }
    fn export_row(&self, row: &RowView<'_>, export: &mut Fields) {
        self.0.export_row(row, export);
    }
}

/// Every outcome of an upload as text (row, accepted or not, findings, export cells), then the
/// report; or the code of the error that ended it (a file of blank rows has no data).
fn outcomes<S: RowSource, T: Template>(
    upload: Upload<S, T>,
) -> std::result::Result<(Vec<String>, Report), &'static str> {
    let mut out = Vec::new();
    let report = upload
        .run(|o| {
            out.push(match o {
                RowOutcome::Accepted(mut r) => format!(
                    "{} accepted {:?} {:?}",
                    r.row(),
                    r.warnings(),
                    r.export().iter().collect::<Vec<_>>()
                ),
                RowOutcome::Rejected(r) => format!("{} rejected {:?}", r.row(), r.findings()),
            });
            Ok(())
        })
        .map_err(|e| e.code())?;
    Ok((out, report))
}

/// Rows of a few enrolments, so that duplicates and contradictions are common and fall on
/// either side of the engine's read-ahead batches; now and then a bad or blank row.
fn enrolment_row() -> impl Strategy<Value = String> {
    // Padded and non-ASCII-edged values take the full check; the others the quick one.
    let ukprn = prop_oneof![8 => Just("10012345"), 1 => Just("10012346"), 1 => Just("1001234"), 1 => Just(" 10012345")];
    let uln = prop_oneof![
        4 => Just("9276308686"),
        4 => Just("1000000043"),
        1 => Just("9999999999"),
        1 => Just("9276308687")
    ];
    let learn_ref = prop_oneof![
        Just("LRN1"),
        Just("lrn1"),
        Just("LRN2"),
        Just("LRN 3"),
        Just("LRN1\u{a0}"),
        Just(" LRN2")
    ];
    let aim = prop_oneof![Just("20000008"), Just("Z0002406"), Just("z0002406")];
    let code = prop_oneof![
        Just("EMP1"),
        Just("EMP 1"),
        Just("WMCA1.0"),
        Just("NPE1"),
        Just("EDU5"),
        Just("EMP3"),
        Just("emp9"),
        Just(""),
        Just(" EMP1"),
        Just("EMP1\t")
    ];
    let title = prop_oneof![8 => Just(String::new()), 1 => Just("x".repeat(300)), 1 => Just("é".repeat(200))];
    prop_oneof![
        20 => (ukprn, uln, learn_ref, aim, title, code).prop_map(|(u, l, r, a, t, c)| format!("{u},{l},{r},{a},{t},{c}")),
        1 => Just(String::new()),
        1 => Just("10012345,9276308686,LRN1".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Reading rows ahead changes nothing: with the look-ahead (and with any size hint) every
    /// row's outcome, findings and export, and the report, are those of checking each row in
    /// full, in files long enough to span several read-ahead batches.
    #[test]
    fn look_ahead_changes_nothing(
        rows in proptest::collection::vec(enrolment_row(), 1..300),
        hint in prop_oneof![Just(None), Just(Some(0u64)), Just(Some(1u64 << 40)), (0u64..100_000).prop_map(Some)],
        own in any::<bool>(),
    ) {
        let text = format!("{HEADER}\n{}\n", rows.join("\n"));
        let schemes = Schemes::builtin();
        let mut destinations = options();
        if own {
            destinations = destinations.with_ukprn(Ukprn::parse("10012345").unwrap());
        }
        let full = Upload::from_csv(
            text.as_bytes(),
            NoLookAhead(DestinationsTemplate::new(&schemes, destinations)),
            UploadOptions::default(),
        );
        let ahead = Upload::from_csv(
            text.as_bytes(),
            DestinationsTemplate::new(&schemes, destinations),
            UploadOptions { input_bytes: hint, ..UploadOptions::default() },
        );
        match (full, ahead) {
            (Ok(full), Ok(ahead)) => match (outcomes(full), outcomes(ahead)) {
                (Ok((full_rows, full_report)), Ok((ahead_rows, ahead_report))) => {
                    prop_assert_eq!(full_rows, ahead_rows);
                    prop_assert_eq!(full_report.findings, ahead_report.findings);
                    prop_assert_eq!(full_report.summary.accepted, ahead_report.summary.accepted);
                }
                (full, ahead) => prop_assert_eq!(full.err(), ahead.err()),
            },
            (full, ahead) => prop_assert_eq!(full.err().map(|e| e.code()), ahead.err().map(|e| e.code())),
        }
    }
}
