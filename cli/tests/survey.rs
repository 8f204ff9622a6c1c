//! `destinations survey`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::run;

fn example() -> String {
    common::example("survey-answers.json")
}

use serde_json::Value;

#[test]
fn example_answers_give_records_with_reasons() {
    let out = run(&["survey", &example(), "--as-of", "2025-10-31", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let records = v["records"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["code"], "EMP1");
    assert_eq!(records[0]["wmca_code"], "WMCA1.1");
    assert_eq!(records[0]["start"], "2025-07-19");
    assert_eq!(records[0]["end"], Value::Null);
    assert_eq!(records[0]["collection"], "2025-10-01");
    assert!(!records[0]["because"].as_array().unwrap().is_empty());
    assert_eq!(records[1]["code"], "EDU5");
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
    let human = run(&["survey", &example(), "--as-of", "2025-10-31"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("EMP1 / WMCA1.1"));
}

#[test]
fn error_findings_exit_1_and_unreadable_input_exit_2() {
    let dir = std::env::temp_dir().join(format!("ld-survey-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"answers": {"activities": ["astronaut"], "completed_on": "2025-10-01"}}"#,
    )
    .unwrap();
    let out = run(&[
        "survey",
        bad.to_str().unwrap(),
        "--learning-end",
        "2025-07-18",
        "--as-of",
        "2025-10-31",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["code"], "survey_unknown_option");
    assert_eq!(v["findings"][0]["column"], "activities");
    assert_eq!(v["findings"][0]["value"], "astronaut");

    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\n \"answers\": [\n").unwrap();
    let out = run(&["survey", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line"));
    assert_eq!(run(&["survey", "/nonexistent.json"]).status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn print_definition_lists_options() {
    let out = run(&["survey", "--print-definition"]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["questions"][0]["options"].as_array().unwrap().len(), 16);
}

#[test]
fn template_csv_rows_validate_as_an_upload() {
    let out = run(&[
        "survey",
        &example(),
        "--as-of",
        "2025-10-31",
        "--template-csv",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // A BOM and CRLF line ends, like `destinations template destinations`.
    let template = run(&["template", "destinations"]);
    let template = String::from_utf8(template.stdout).unwrap();
    assert!(text.starts_with(&template), "{text:?}");
    assert!(text.starts_with('\u{feff}') && text.contains("\r\n10012345,"));
    let body = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines[0],
        "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code"
    );
    assert!(
        lines[1].starts_with("10012345,9276308686,000000997742,20000406,")
            && lines[1].ends_with(",WMCA1.1"),
        "{}",
        lines[1]
    );
    assert!(lines[2].ends_with(",EDU5"));
    let dir = std::env::temp_dir().join(format!("ld-survey-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    assert_valid_upload(&dir, &text);
    std::fs::remove_dir_all(&dir).ok();
}

/// `text`, written to `dir`, validates as a destinations upload with no finding to stop it.
fn assert_valid_upload(dir: &std::path::Path, text: &str) {
    let file = dir.join("upload.csv");
    std::fs::write(&file, text).unwrap();
    let v = run(&["validate", file.to_str().unwrap(), "--as-of", "2025-10-31"]);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&v.stdout)
    );
}

/// A job that ended, then looking for work: the template has the outcome at the survey date
/// (the upload would take EMP1 and NPE1 together as a contradiction), the ended job is named on
/// stderr with `survey_not_in_template`, and the rows validate.
#[test]
fn template_csv_rows_are_the_outcomes_on_one_date() {
    let dir = std::env::temp_dir().join(format!("ld-survey-one-date-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let answers = dir.join("answers.json");
    std::fs::write(
        &answers,
        r#"{"learner": {"ukprn": "10012345", "uln": "9276308686", "learn_ref": "L1", "aim_ref": "20000406"},
            "answers": {"activities": ["paid_employment", "looking_for_work"],
                        "hours": {"paid_employment": "37.5"}, "employed_before": false,
                        "main_activity": "looking_for_work", "completed_on": "2025-10-01",
                        "activity_dates": {"paid_employment": {"start": "2025-07-21", "end": "2025-08-29"},
                                           "looking_for_work": {"start": "2025-09-01"}}}}"#,
    )
    .unwrap();
    let out = run(&[
        "survey",
        answers.to_str().unwrap(),
        "--as-of",
        "2025-10-31",
        "--template-csv",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[1].ends_with(",NPE1"), "{}", lines[1]);
    assert!(
        stderr.contains("survey_not_in_template") && stderr.contains("ended on 2025-08-29"),
        "{stderr}"
    );
    assert_valid_upload(&dir, &text);
    std::fs::remove_dir_all(&dir).ok();
}

/// `--print-definition` documents every answer key, activity dates' fields included; an end
/// date without `"ended": true` gives a record that ended on it.
#[test]
fn answer_keys_are_documented_and_an_end_date_means_ended() {
    let out = run(&["survey", "--print-definition"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = v["answer_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["key"].as_str().unwrap())
        .collect();
    let questions = v["questions"].as_array().unwrap();
    for q in questions {
        let key = format!("answers.{}", q["id"].as_str().unwrap());
        assert!(keys.contains(&key.as_str()), "{key} in {keys:?}");
    }
    let dates = v["answer_keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == "answers.activity_dates")
        .unwrap();
    assert!(
        dates["answer"]
            .as_str()
            .unwrap()
            .contains("an end date means the activity ended")
    );

    let dir = std::env::temp_dir().join(format!("ld-survey-end-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let answers = dir.join("answers.json");
    std::fs::write(
        &answers,
        r#"{"answers": {"activities": ["paid_employment"], "hours": "37.5", "activity_dates": {"paid_employment": {"start": "2025-07-21", "end": "2025-09-01"}}, "completed_on": "2025-10-01"}}"#,
    )
    .unwrap();
    let out = run(&[
        "survey",
        answers.to_str().unwrap(),
        "--learning-end",
        "2025-07-18",
        "--as-of",
        "2025-10-31",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["records"][0]["end"], "2025-09-01", "{v}");
    std::fs::remove_dir_all(&dir).ok();
}
