use super::*;
use crate::qualifications::IDENTITY_COLUMNS;

#[test]
fn column_table() {
    assert_eq!(COLUMNS.len(), 98);
    assert_eq!(EXPORT_COLUMNS[8], "Qualification Type 1");
    assert_eq!(COLUMNS[97].name, "Qualification Actual Grade 18");
    for (i, c) in IDENTITY.iter().enumerate() {
        assert_eq!(COLUMNS[*c].name, IDENTITY_COLUMNS[i]);
    }
    for n in 1..=MAX_GROUPS {
        for f in GROUP_FIELDS {
            assert_eq!(
                COLUMNS[group_column(f, n)].name,
                crate::qualifications::group_column_name(f, n)
            );
            assert_eq!(f.index(), group_column(f, 1) - FIRST_GROUP_COLUMN);
        }
    }
    assert_eq!(
        SPEC.column("qualification type 3"),
        Some(group_column(GroupField::Type, 3))
    );
}
// ---- CSV uploads ----

use crate::finding::Finding;
use crate::qualifications::{GRADING_SHEET, LEARNER_SHEET, SUBJECT_SHEET, TYPE_SHEET};
use crate::template::download::{DownloadLists, TemplateKind, template_xlsx};
use crate::template::{AcceptedCsvWriter, Report, RowOutcome};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as XlsxWriter, Worksheet};

const IDENTITY_HEADER: &str =
    "UCAS Account ID,UPN,ULN,Forename,Surname,Date of Birth,Current Provider,Current Area";
const GROUP1: &str = "Qualification Type 1*,Qualification Subject 1*,Qualification Completion Date 1,Qualification Predicted Grade 1*,Qualification Actual Grade 1*";
const GROUP2: &str = "Qualification Type 2,Qualification Subject 2,Qualification Completion Date 2,Qualification Predicted Grade 2,Qualification Actual Grade 2";
const PAUL: &str =
    "1001,,9276308686,Paul,Marmoshon,2008-01-02,English Beautiful Community School,Birmingham";
/// Another learner (an account of its own: one row per learner).
const ANN: &str =
    "1002,,9276308686,Ann,Marmoshon,2008-01-02,English Beautiful Community School,Birmingham";

fn header() -> String {
    format!("{IDENTITY_HEADER},{GROUP1},{GROUP2}")
}

fn upload(text: &str, options: QualificationsOptions) -> Result<Report> {
    open_upload(text.as_bytes(), None, options, UploadOptions::default())?.finish()
}

fn codes(report: &Report) -> Vec<(Option<u64>, &str, &str)> {
    report
        .findings
        .iter()
        .map(|f| (f.row, f.column.as_deref().unwrap_or(""), f.code))
        .collect()
}

fn exported() -> ExportedLearners {
    let mut e = ExportedLearners::new();
    e.insert(
        "1001",
        [
            "Paul",
            "Marmoshon",
            "2008-01-02",
            "English Beautiful Community School",
            "Birmingham",
        ],
    );
    e
}

#[test]
fn valid_rows_are_exported_in_canonical_form() {
    let text = format!(
        "{}\n{PAUL},gcse  (9-1),MATHEMATICS,2026-06,7,,a level,physics,,a*,b\n1002,b801200005001,,Ann,Lee,2008-03-04,X,Y,,,,,,,,,,\n",
        header()
    );
    let up = open_upload(
        text.as_bytes(),
        None,
        QualificationsOptions::default(),
        UploadOptions::default(),
    )
    .unwrap();
    let mut accepted = AcceptedCsvWriter::new(Vec::new(), &up).unwrap();
    let mut rows = Vec::new();
    let report = up
        .run(|mut o| {
            if let RowOutcome::Accepted(r) = &mut o {
                rows.push((
                    r.get("Qualification Type 1").unwrap().to_string(),
                    r.get("Qualification Subject 1").unwrap().to_string(),
                    r.get("Qualification Predicted Grade 2")
                        .unwrap()
                        .to_string(),
                    r.get("UPN").unwrap().to_string(),
                ));
            }
            match o {
                RowOutcome::Accepted(mut r) => accepted.write(&mut r),
                RowOutcome::Rejected(_) => Ok(()),
            }
        })
        .unwrap();
    assert_eq!((report.summary.accepted, report.summary.rejected), (2, 0));
    assert_eq!(report.summary.template, "qualifications");
    assert_eq!(
        rows[0],
        (
            "GCSE (9-1)".into(),
            "Mathematics".into(),
            "A*".into(),
            "".into()
        )
    );
    assert_eq!(rows[1].3, "B801200005001");
    let csv = String::from_utf8(accepted.finish().unwrap()).unwrap();
    let first = csv.lines().next().unwrap();
    assert_eq!(first.split(',').count(), 98);
}

#[test]
fn every_group_rule_names_its_group_and_column() {
    let text = format!(
        "{}\n{PAUL},,,,5,,GCSE (9-1),Latin,2026-13,,\n{ANN},Diploma,Maths,2026-06-01,,9,,,,,\n",
        header()
    );
    let report = upload(&text, QualificationsOptions::default()).unwrap();
    assert_eq!(
        codes(&report),
        [
            (
                Some(2),
                "Qualification Type 1*",
                "qualification_group_incomplete"
            ),
            (
                Some(2),
                "Qualification Completion Date 2",
                "qualification_completion_date"
            ),
            (
                Some(2),
                "Qualification Subject 2",
                "qualification_subject_unknown"
            ),
            (
                Some(2),
                "Qualification Predicted Grade 2",
                "qualification_grade_missing"
            ),
            (
                Some(3),
                "Qualification Completion Date 1",
                "qualification_completion_date"
            ),
            (
                Some(3),
                "Qualification Type 1*",
                "qualification_type_unknown"
            ),
        ]
    );
    assert!(report.findings[0].message.contains("group 1"));
    assert!(
        report.findings[4]
            .message
            .contains("write the month only, 2026-06")
    );
    assert!(report.findings[5].message.contains("default list"));
}

#[test]
fn upn_and_uln_are_checked_when_present() {
    let text = format!(
        "{IDENTITY_HEADER},{GROUP1}\n1,B801200005002,9276308687,A,B,2008-01-01,P,Q,,,,,\n2,,4.60E+09,A,B,2008-01-01,P,Q,,,,,\n3,,9999999999,A,B,2008-01-01,P,Q,,,,,\n"
    );
    let report = upload(&text, QualificationsOptions::default()).unwrap();
    let c: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(
        c,
        [
            "upn_check_letter",
            "uln_checksum",
            "uln_excel_number",
            "uln_unknown"
        ]
    );
    assert_eq!((report.summary.accepted, report.summary.rejected), (1, 2));
}

#[test]
fn identity_columns_are_compared_with_the_export() {
    let text = format!(
        "{IDENTITY_HEADER},{GROUP1}\n{PAUL},,,,,\n1001,,,Paul,Marmoshon-Smith,2008-01-02,English Beautiful Community School,Solihull,,,,,\n9999,,,Paul,Marmoshon,2008-01-02,x,y,,,,,\n"
    );
    let report = upload(
        &text,
        QualificationsOptions::default().with_exported(exported()),
    )
    .unwrap();
    assert_eq!(
        codes(&report),
        [
            (Some(3), "", "duplicate_ucas_account"),
            (Some(3), "Surname", "qualification_identity_changed"),
            (Some(3), "Current Area", "qualification_identity_changed"),
            (Some(4), "UCAS Account ID", "qualification_account_unknown"),
        ]
    );
    let m = &report.findings[1].message;
    assert!(
        m.contains("'Marmoshon'") && m.contains("'Marmoshon-Smith'"),
        "{m}"
    );
    assert_eq!(report.findings[1].value.as_deref(), Some("Marmoshon-Smith"));
    // Without the export, identity columns are not compared (the account is still a
    // duplicate of row 2's).
    let report = upload(&text, QualificationsOptions::default()).unwrap();
    assert_eq!(codes(&report), [(Some(3), "", "duplicate_ucas_account")]);
}

#[test]
fn header_errors() {
    let e = |h: &str, o: QualificationsOptions| upload(&format!("{h}\n1,x\n"), o).unwrap_err();
    // A 19th group.
    let err = e(
        &format!("UCAS Account ID,{GROUP1},Qualification Type 19,Qualification Subject 20"),
        QualificationsOptions::default(),
    );
    assert_eq!(err.code(), "too_many_groups");
    let m = err.to_string();
    assert!(
        m.contains("'Qualification Type 19'") && m.contains("group 20"),
        "{m}"
    );
    // No group at all.
    let err = e("UCAS Account ID,Forename", QualificationsOptions::default());
    assert_eq!(err.code(), "missing_columns");
    assert!(
        err.to_string()
            .contains("'Qualification Type 1', 'Qualification Subject 1'")
    );
    // A group without its subject column, and no account column.
    let err = e(
        "Forename,Qualification Type 3,Qualification Actual Grade 3",
        QualificationsOptions::default(),
    );
    let Error::MissingColumns { missing, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(missing, &["UCAS Account ID", "Qualification Subject 3"]);
    // Given the export, identity columns must be there.
    let err = e(
        &format!("UCAS Account ID,Forename,{GROUP1}"),
        QualificationsOptions::default().with_exported(exported()),
    );
    let Error::MissingColumns { missing, hint, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(
        missing,
        &[
            "Surname",
            "Date of Birth",
            "Current Provider",
            "Current Area"
        ]
    );
    assert!(
        hint.as_deref()
            .unwrap_or_default()
            .contains("exported file")
    );
    // Header only.
    let err = upload(&format!("{}\n", header()), QualificationsOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no learner qualifications in file: the file has a header row and nothing under it"
    );
}

#[test]
fn unknown_column_message_lists_a_few_columns() {
    let report = upload(
        &format!("{IDENTITY_HEADER},{GROUP1},Notes\n{PAUL},,,,,,x\n"),
        QualificationsOptions::default(),
    )
    .unwrap();
    let m = &report.findings[0].message;
    assert_eq!(report.findings[0].code, "unknown_column");
    assert!(m.contains("and 78 more"), "{m}");
}

#[test]
fn given_lists_replace_the_defaults() {
    let lists = QualificationLists::from_rows(
        ["Cambridge National"],
        [("Cambridge National", "IT")],
        [("Cambridge National", "Distinction*")],
        "a test",
    );
    let text = format!(
        "{IDENTITY_HEADER},{GROUP1}\n{PAUL},cambridge national,it,,,distinction*\n{ANN},GCSE (9-1),Mathematics,,,9\n"
    );
    let report = upload(&text, QualificationsOptions::default().with_lists(lists)).unwrap();
    assert_eq!(
        codes(&report),
        [(
            Some(3),
            "Qualification Type 1*",
            "qualification_type_unknown"
        )]
    );
    assert!(!report.findings[0].message.contains("default list"));
}

// ---- Workbooks, generated here so they are reproducible ----

fn write_row(ws: &mut Worksheet, row: u32, cells: &[&str]) {
    for (c, v) in cells.iter().enumerate() {
        if !v.is_empty() {
            ws.write_string(row, c as u16, *v).unwrap();
        }
    }
}

fn learner_header() -> Vec<String> {
    COLUMNS
        .iter()
        .map(|c| {
            let mandatory = c.name.starts_with("Qualification Type")
                || c.name.starts_with("Qualification Subject")
                || c.name.contains("Grade");
            if mandatory {
                format!("{}*", c.name)
            } else {
                c.name.to_string()
            }
        })
        .collect()
}

/// The exported workbook of four sheets, as UCAS Progress would give it, with our own lists:
/// types with a heading; subjects in the long layout with merged type cells; grades in the
/// wide layout. The learner sheet has numbers (account ID, ULN, a grade 9), a date of birth
/// stored as a date, a completion date Excel turned into a date, and a blank row.
fn exported_workbook(extra_header: &[&str]) -> Vec<u8> {
    let mut wb = XlsxWriter::new();
    let ws = wb.add_worksheet();
    ws.set_name("Qualification Type").unwrap();
    write_row(ws, 0, &["Qualification Type"]);
    write_row(ws, 1, &["GCSE"]);
    write_row(ws, 2, &["Cambridge National"]);
    let ws = wb.add_worksheet();
    ws.set_name(SUBJECT_SHEET).unwrap();
    write_row(ws, 0, &["Qualification Type", "Qualification Subject"]);
    write_row(ws, 1, &["GCSE", "Maths"]);
    write_row(ws, 2, &["", "English"]);
    write_row(ws, 4, &["Cambridge National", "IT"]);
    let ws = wb.add_worksheet();
    ws.set_name(GRADING_SHEET.to_uppercase()).unwrap();
    write_row(ws, 0, &["GCSE", "Cambridge National"]);
    ws.write_number(1, 0, 9.0).unwrap();
    write_row(ws, 1, &["", "Distinction*"]);
    ws.write_number(2, 0, 8.0).unwrap();
    write_row(ws, 2, &["", "Merit"]);
    let ws = wb.add_worksheet();
    ws.set_name(LEARNER_SHEET).unwrap();
    let mut header = learner_header();
    header.extend(extra_header.iter().map(|s| s.to_string()));
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let g = |f: GroupField, n: usize| group_column(f, n) as u16;
    // Row 2: numbers and dates, all fine.
    ws.write_number(1, 0, 1001.0).unwrap();
    ws.write_number(1, 2, 9276308686.0).unwrap();
    write_row(ws, 1, &["", "", "", "Paul", "Marmoshon"]);
    ws.write_datetime_with_format(1, 5, ExcelDateTime::from_ymd(2008, 1, 2).unwrap(), &date)
        .unwrap();
    ws.write_string(1, 6, "English Beautiful Community School")
        .unwrap();
    ws.write_string(1, 7, "Birmingham").unwrap();
    ws.write_string(1, g(GroupField::Type, 1), "gcse").unwrap();
    ws.write_string(1, g(GroupField::Subject, 1), "maths")
        .unwrap();
    ws.write_string(1, g(GroupField::CompletionDate, 1), "2026-06")
        .unwrap();
    ws.write_number(1, g(GroupField::ActualGrade, 1), 9.0)
        .unwrap();
    ws.write_string(1, g(GroupField::Type, 18), "Cambridge National")
        .unwrap();
    ws.write_string(1, g(GroupField::Subject, 18), "IT")
        .unwrap();
    ws.write_string(1, g(GroupField::PredictedGrade, 18), "merit")
        .unwrap();
    // Row 3 blank. Row 4: Excel made the month a date; a grade from another type's list.
    ws.write_number(3, 0, 1002.0).unwrap();
    write_row(ws, 3, &["", "", "", "Ann", "Lee", "2008-03-04", "X", "Y"]);
    ws.write_string(3, g(GroupField::Type, 2), "GCSE").unwrap();
    ws.write_string(3, g(GroupField::Subject, 2), "English")
        .unwrap();
    ws.write_datetime_with_format(
        3,
        g(GroupField::CompletionDate, 2),
        ExcelDateTime::from_ymd(2026, 6, 1).unwrap(),
        &date,
    )
    .unwrap();
    ws.write_string(3, g(GroupField::PredictedGrade, 2), "Merit")
        .unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn the_workbook_of_four_sheets_is_one_upload_with_its_own_lists() {
    let bytes = exported_workbook(&[]);
    let up = open_upload(
        &bytes[..],
        None,
        QualificationsOptions::default(),
        UploadOptions {
            file_name: Some("export.xlsx".into()),
            ..UploadOptions::default()
        },
    )
    .unwrap();
    let lists = up.template().lists().clone();
    assert!(!lists.is_default);
    assert!(lists.source.contains("export.xlsx"), "{}", lists.source);
    assert_eq!(lists.types.len(), 2);
    assert_eq!(lists.types[0].subjects, ["Maths", "English"]);
    assert_eq!(lists.types[0].grades, ["9", "8"]);
    let mut accepted = Vec::new();
    let report = up
        .run(|o| {
            if let RowOutcome::Accepted(mut r) = o {
                accepted.push(
                    r.iter()
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>(),
                );
            }
            Ok(())
        })
        .unwrap();
    let s = &report.summary;
    assert_eq!(s.format, "xlsx");
    assert_eq!(
        (s.rows, s.accepted, s.rejected, s.blank_rows_skipped),
        (2, 1, 1, 1)
    );
    assert!(accepted[0].contains(&"UCAS Account ID=1001".to_string()));
    assert!(accepted[0].contains(&"ULN=9276308686".to_string()));
    assert!(accepted[0].contains(&"Date of Birth=2008-01-02".to_string()));
    assert!(accepted[0].contains(&"Qualification Type 1=GCSE".to_string()));
    assert!(accepted[0].contains(&"Qualification Actual Grade 1=9".to_string()));
    assert!(accepted[0].contains(&"Qualification Predicted Grade 18=Merit".to_string()));
    let found: Vec<(Option<u64>, &str, &str)> = codes(&report);
    assert_eq!(
        found,
        [
            (
                Some(4),
                "Qualification Completion Date 2",
                "qualification_completion_date"
            ),
            (
                Some(4),
                "Qualification Predicted Grade 2*",
                "qualification_grade_unknown"
            ),
        ]
    );
    assert!(report.findings[0].message.contains("2026-06"));
    assert!(report.findings[1].message.contains("grades are 9, 8"));
}

#[test]
fn named_sheet_and_given_lists_win() {
    let bytes = exported_workbook(&[]);
    let up = open_upload(
        &bytes[..],
        Some("learner qualifications"),
        QualificationsOptions::default().with_lists(QualificationLists::builtin()),
        UploadOptions::default(),
    )
    .unwrap();
    assert!(up.template().lists().is_default);
    let report = up.finish().unwrap();
    // "gcse" is not a default type ("GCSE (9-1)" is).
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == "qualification_type_unknown")
    );
    let err = open_upload(
        &bytes[..],
        Some("Sheet9"),
        QualificationsOptions::default(),
        UploadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "sheet_not_found");
}

#[test]
fn a_workbook_with_more_than_18_groups_is_refused() {
    let bytes = exported_workbook(&[
        "Qualification Type 19",
        "Qualification Subject 19",
        "Qualification Completion Date 19",
        "Qualification Predicted Grade 19",
        "Qualification Actual Grade 19",
    ]);
    let err = open_upload(
        &bytes[..],
        None,
        QualificationsOptions::default(),
        UploadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "too_many_groups");
}

#[test]
fn reference_sheet_errors() {
    // A workbook with a reference sheet but not the others.
    let mut wb = XlsxWriter::new();
    let ws = wb.add_worksheet();
    ws.set_name(TYPE_SHEET).unwrap();
    write_row(ws, 0, &["GCSE"]);
    let ws = wb.add_worksheet();
    ws.set_name(LEARNER_SHEET).unwrap();
    write_row(
        ws,
        0,
        &[
            "UCAS Account ID",
            "Qualification Type 1",
            "Qualification Subject 1",
        ],
    );
    let bytes = wb.save_to_buffer().unwrap();
    let err = open_upload(
        &bytes[..],
        None,
        QualificationsOptions::default(),
        UploadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "sheet_not_found");
    assert!(err.to_string().contains("'Qualification Subject'"), "{err}");
    // Reference sheets that list nothing.
    let mut wb = XlsxWriter::new();
    for name in [TYPE_SHEET, SUBJECT_SHEET, GRADING_SHEET] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        write_row(ws, 0, &["Qualification Type"]);
    }
    let mut workbook = crate::workbook::Workbook::from_bytes(wb.save_to_buffer().unwrap()).unwrap();
    let err = QualificationLists::from_workbook(&mut workbook, "x.xlsx").unwrap_err();
    assert_eq!(err.code(), "reference_lists_invalid");
    assert!(
        err.to_string().contains("lists no qualification types"),
        "{err}"
    );
}

#[test]
fn the_export_is_read_from_the_workbook_or_csv() {
    let bytes = exported_workbook(&[]);
    let export = read_export(&bytes[..], None, "export.xlsx").unwrap();
    assert_eq!(export.learners.len(), 2);
    assert_eq!(export.lists.as_ref().map(|l| l.types.len()), Some(2));
    // The workbook checked against its own export: identity unchanged.
    let report = open_upload(
        &bytes[..],
        None,
        QualificationsOptions::default().with_exported(export.learners),
        UploadOptions::default(),
    )
    .unwrap()
    .finish()
    .unwrap();
    assert!(
        report
            .findings
            .iter()
            .all(|f| !f.code.starts_with("qualification_identity")
                && f.code != "qualification_account_unknown"),
        "{:?}",
        report
            .findings
            .iter()
            .map(Finding::to_string)
            .collect::<Vec<_>>()
    );
    let csv = format!("{IDENTITY_HEADER}\n{PAUL}\n,,,,,,,\n");
    let export = read_export(csv.as_bytes(), None, "export.csv").unwrap();
    assert_eq!((export.learners.len(), export.lists.is_none()), (1, true));
    let err = read_export("UCAS Account ID,Forename\n1,A\n".as_bytes(), None, "x").unwrap_err();
    assert_eq!(err.code(), "missing_columns");
    let err = read_export(format!("{IDENTITY_HEADER}\n").as_bytes(), None, "x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "no exported learners in file: the file has a header row and no learner with a UCAS Account ID under it"
    );
}

#[test]
fn downloaded_templates_read_back_as_no_data() {
    for kind in TemplateKind::ALL {
        let bytes = template_xlsx(kind, &DownloadLists::builtin()).unwrap();
        let err = match kind {
            TemplateKind::Qualifications => open_upload(
                &bytes[..],
                None,
                QualificationsOptions::default(),
                UploadOptions::default(),
            )
            .and_then(|u| {
                assert!(u.template().lists().is_default);
                u.finish()
            })
            .unwrap_err(),
            TemplateKind::Learners => {
                let t = crate::template::learners::LearnersTemplate::new(
                    crate::template::learners::LearnersOptions::new(
                        crate::dates::parse_date("2025-09-01").unwrap(),
                    ),
                );
                crate::template::open_source(&bytes[..], None)
                    .and_then(|s| crate::template::Upload::new(s, t, UploadOptions::default()))
                    .and_then(|u| u.finish())
                    .unwrap_err()
            }
            TemplateKind::Destinations => {
                let schemes = crate::codes::Schemes::builtin();
                let t = crate::template::destinations::DestinationsTemplate::new(
                    &schemes,
                    crate::template::destinations::DestinationsOptions::new(
                        crate::dates::parse_date("2025-09-01").unwrap(),
                    ),
                );
                crate::template::open_source(&bytes[..], None)
                    .and_then(|s| crate::template::Upload::new(s, t, UploadOptions::default()))
                    .and_then(|u| u.finish())
                    .unwrap_err()
            }
        };
        assert_eq!(err.code(), "no_data", "{kind:?}: {err}");
        assert!(
            err.to_string()
                .starts_with(&format!("no {} in file", kind.spec().rows_are)),
            "{err}"
        );
    }
}

#[test]
fn downloaded_reference_sheets_read_back_as_the_lists_written() {
    let mut lists = DownloadLists::builtin();
    lists.qualifications = QualificationLists::from_rows(
        ["T-Level", "GCSE"],
        [("T-Level", "Digital"), ("GCSE", "Maths"), ("GCSE", "Art")],
        [("T-Level", "Distinction*"), ("GCSE", "9"), ("GCSE", "U")],
        "ours",
    );
    let bytes = template_xlsx(TemplateKind::Qualifications, &lists).unwrap();
    let mut wb = crate::workbook::Workbook::from_bytes(bytes).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [TYPE_SHEET, SUBJECT_SHEET, GRADING_SHEET, LEARNER_SHEET]
    );
    let read = QualificationLists::from_workbook(&mut wb, "template.xlsx").unwrap();
    assert_eq!(read.types, lists.qualifications.types);
    let header = wb.sheet(Some(LEARNER_SHEET)).unwrap();
    let names: Vec<String> = header.row_text(0).iter().map(|c| c.to_string()).collect();
    assert_eq!(names, EXPORT_COLUMNS);
}

#[test]
fn an_export_gives_its_lists_only_when_none_were_given() {
    let mut from_export = QualificationLists::builtin();
    from_export.source = "the reference sheets of export.xlsx".into();
    from_export.is_default = false;
    let export = || QualificationExport {
        learners: exported(),
        lists: Some(from_export.clone()),
    };
    let plain = QualificationsOptions::default().with_export(export());
    assert_eq!(plain.lists.as_ref(), Some(&from_export));
    assert_eq!(plain.exported, Some(exported()));
    let mut given = QualificationLists::builtin();
    given.source = "lists.json".into();
    let first = QualificationsOptions::default()
        .with_lists(given.clone())
        .with_export(export());
    assert_eq!(first.lists, Some(given));
    assert_eq!(first.exported, Some(exported()));
    let csv_export = QualificationsOptions::default().with_export(QualificationExport {
        learners: exported(),
        lists: None,
    });
    assert_eq!(
        csv_export.lists, None,
        "the upload's own sheets or the defaults decide later"
    );
}
