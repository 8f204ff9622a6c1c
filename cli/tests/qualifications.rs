//! `destinations qualifications` and `destinations template`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{example, run, scratch};

use rust_xlsxwriter::Workbook as XlsxWriter;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn example_with_its_export() {
    let out = run(&[
        "qualifications",
        &example("learner-qualifications.csv"),
        "--export",
        &example("learner-qualifications-export.csv"),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["template"], "qualifications");
    // A CSV export has no reference sheets: the lists are this library's defaults, and say so.
    assert_eq!(v["qualification_lists"]["is_default"], true);
    assert_eq!(
        (
            v["summary"]["rows"].as_u64(),
            v["summary"]["accepted"].as_u64()
        ),
        (Some(6), Some(1))
    );
    let codes: Vec<(u64, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["row"].as_u64().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            (3, "qualification_completion_date"),
            (3, "qualification_group_incomplete"),
            (4, "qualification_identity_changed"),
            (4, "qualification_subject_unknown"),
            (5, "qualification_account_unknown"),
            (6, "qualification_type_unknown"),
            (7, "qualification_grade_missing"),
            (7, "qualification_grade_unknown"),
        ]
    );
    let changed = &v["findings"][2];
    assert_eq!(changed["column"], "Forename");
    let m = changed["message"].as_str().unwrap();
    assert!(m.contains("'Ravinder'") && m.contains("'Ravi'"), "{m}");
}

#[test]
fn human_report_says_which_lists_were_used_and_writes_the_errors_file() {
    let dir = scratch("human");
    let errors = dir.join("errors.csv");
    let out = run(&[
        "qualifications",
        &example("learner-qualifications.csv"),
        "--errors-csv",
        path(&errors),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("qualification lists: this library's defaults"),
        "{text}"
    );
    let errors = std::fs::read_to_string(&errors).unwrap();
    assert!(errors.starts_with("\u{FEFF}UCAS Account ID,"));
    // Without the export, row 5 (an account the export does not have) is accepted: four
    // rejected rows and the header (the example has no line breaks inside cells).
    assert_eq!(errors.lines().count(), 5);
}

#[test]
fn templates_download_and_read_back_as_no_data() {
    let dir = scratch("templates");
    for (template, command, rows_are) in [
        ("destinations", "validate", "destinations"),
        ("learners", "learners", "learners"),
        ("qualifications", "qualifications", "learner qualifications"),
    ] {
        let csv = run(&["template", template]);
        assert_eq!(csv.status.code(), Some(0));
        assert!(csv.stdout.starts_with(b"\xEF\xBB\xBF"));
        assert!(csv.stdout.ends_with(b"\r\n"));
        let xlsx = run(&["template", template, "--xlsx"]);
        assert_eq!(xlsx.status.code(), Some(0), "{}", stderr(&xlsx));
        assert!(xlsx.stdout.starts_with(b"PK\x03\x04"));
        for (name, bytes) in [("t.csv", &csv.stdout), ("t.xlsx", &xlsx.stdout)] {
            let file = dir.join(format!("{template}-{name}"));
            std::fs::write(&file, bytes).unwrap();
            let out = run(&[command, path(&file)]);
            assert_eq!(out.status.code(), Some(2), "{template} {name}");
            let e = stderr(&out);
            assert!(
                e.contains(&format!("no {rows_are} in file")) && e.contains("[no_data]"),
                "{template} {name}: {e}"
            );
        }
    }
    let out = run(&[
        "template",
        "qualifications",
        "--xlsx",
        "-o",
        path(&dir.join("o.xlsx")),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read(dir.join("o.xlsx"))
            .unwrap()
            .starts_with(b"PK")
    );
    let out = run(&["template", "survey"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_downloaded_template_is_a_reference_workbook_of_the_defaults() {
    let dir = scratch("reference");
    let template = dir.join("template.xlsx");
    let out = run(&[
        "template",
        "qualifications",
        "--xlsx",
        "-o",
        path(&template),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&[
        "qualifications",
        &example("learner-qualifications.csv"),
        "--reference",
        path(&template),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("this library's defaults"));
    // Not a reference workbook.
    let out = run(&[
        "qualifications",
        &example("learner-qualifications.csv"),
        "--reference",
        &example("learner-qualifications-export.csv"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("[json_invalid]"), "{}", stderr(&out));
}

/// The exported workbook of four sheets, filled in: one upload with its own lists.
fn exported_workbook(extra_group: bool) -> Vec<u8> {
    let mut wb = XlsxWriter::new();
    for (name, rows) in [
        (
            "Qualification type",
            vec![vec!["Qualification Type"], vec!["GCSE"]],
        ),
        (
            "Qualification Subject",
            vec![
                vec!["Qualification Type", "Qualification Subject"],
                vec!["GCSE", "Maths"],
            ],
        ),
        (
            "Qualification Grading",
            vec![
                vec!["Qualification Type", "Qualification Grade"],
                vec!["GCSE", "9"],
            ],
        ),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, cells) in rows.iter().enumerate() {
            for (c, v) in cells.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("Learner Qualifications").unwrap();
    let mut header = vec![
        "UCAS Account ID",
        "Forename",
        "Qualification Type 1*",
        "Qualification Subject 1*",
        "Qualification Actual Grade 1*",
    ];
    if extra_group {
        header.push("Qualification Type 19");
    }
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 1001.0).unwrap();
    ws.write_string(1, 1, "Paul").unwrap();
    ws.write_string(1, 2, "GCSE").unwrap();
    ws.write_string(1, 3, "Maths").unwrap();
    ws.write_number(1, 4, 9.0).unwrap();
    ws.write_number(3, 0, 1002.0).unwrap();
    ws.write_string(3, 2, "GCSE (9-1)").unwrap();
    ws.write_string(3, 3, "Maths").unwrap();
    ws.write_number(3, 4, 9.0).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn the_exported_workbook_is_read_with_its_own_lists() {
    let dir = scratch("workbook");
    let file = dir.join("export.xlsx");
    std::fs::write(&file, exported_workbook(false)).unwrap();
    let out = run(&["qualifications", path(&file), "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["format"], "xlsx");
    assert_eq!(v["summary"]["blank_rows_skipped"], 1);
    assert_eq!(v["qualification_lists"]["is_default"], false);
    assert!(
        v["qualification_lists"]["source"]
            .as_str()
            .unwrap()
            .contains("sheets of export.xlsx")
    );
    assert_eq!(v["findings"][0]["row"], 4);
    assert_eq!(v["findings"][0]["code"], "qualification_type_unknown");
    let out = run(&["qualifications", path(&file)]);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("qualification lists: the 'Qualification type', 'Qualification Subject' and 'Qualification Grading' sheets of export.xlsx")
    );
    // More than 18 groups.
    std::fs::write(&file, exported_workbook(true)).unwrap();
    let out = run(&["qualifications", path(&file)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("[too_many_groups]"),
        "{}",
        stderr(&out)
    );
    // Damaged.
    std::fs::write(&file, &exported_workbook(false)[..200]).unwrap();
    let out = run(&["qualifications", path(&file)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("[workbook_unreadable]"),
        "{}",
        stderr(&out)
    );
}
