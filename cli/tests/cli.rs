//! End-to-end tests of the `destinations` command: output shapes and exit codes.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::process::{Command, Output};

pub fn destinations(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_destinations"))
        .args(args)
        .output()
        .expect("runs destinations")
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn map_json_shape_and_exit_codes() {
    let out = destinations(&["map", "EMP 1", "wmca1.1", "--as-of", "2025-09-01", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v[0]["input"], "EMP 1");
    assert_eq!(v[0]["scheme"], "ilr");
    assert_eq!(v[0]["code"], "EMP1");
    assert_eq!(v[0]["valid"], true);
    assert_eq!(v[0]["equivalents"][1]["code"], "WMCA1.1");
    assert_eq!(v[0]["equivalents"][1]["scheme"], "wmca");
    assert_eq!(v[1]["equivalents"][0]["code"], "EMP1");

    let out = destinations(&["map", "EMP1", "XYZ1", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v[1]["input"], "XYZ1");
    assert_eq!(v[1]["error"]["code"], "destination_type_unknown");
    assert!(
        v[1]["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("XYZ")
    );
}

#[test]
fn map_validity_on_as_of() {
    let v = json_of(&destinations(&[
        "map",
        "EMP3",
        "--as-of",
        "2015-07-31",
        "--json",
    ]));
    assert_eq!(v[0]["valid"], true);
    let v = json_of(&destinations(&[
        "map",
        "EMP3",
        "--as-of",
        "2015-08-01",
        "--json",
    ]));
    assert_eq!(v[0]["valid"], false);
}

#[test]
fn map_with_user_scheme_file() {
    let dir = std::env::temp_dir().join(format!("ld-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("wmca.csv");
    std::fs::write(&file, "code,title,ilr_equivalent,qualifier,valid_from,valid_to\nWMCA1.0,Employed 16+,EMP1,,,\nWMCA3.0,Looking for work,NPE1,,,\n").unwrap();
    let out = destinations(&["map", "NPE1", "--schemes", file.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_of(&out)[0]["equivalents"][0]["code"], "WMCA3.0");
    // The user's wmca list replaced the built-in one, so WMCA1.1 is gone.
    assert_eq!(
        destinations(&["map", "WMCA1.1", "--schemes", file.to_str().unwrap()])
            .status
            .code(),
        Some(1)
    );

    std::fs::write(&file, "code,title\nEMP1,clash\n").unwrap();
    let out = destinations(&["map", "EMP1", "--schemes", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("also in scheme 'ilr'"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn uln_json_and_exit_codes() {
    let out = destinations(&["uln", "1000000043", "9999999999", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v[1]["unknown"], true);
    assert!(v[0].get("error").is_none());
    let out = destinations(&["uln", "1000000063", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_of(&out)[0]["error"]["code"], "uln_checksum");
}

#[test]
fn codes_table() {
    let out = destinations(&[
        "codes",
        "--scheme",
        "ilr",
        "--as-of",
        "2025-09-01",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    let codes = v["schemes"][0]["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 23);
    let emp3 = codes.iter().find(|c| c["code"] == "EMP3").unwrap();
    assert_eq!(emp3["valid_to"], "2015-07-31");
    assert_eq!(emp3["valid"], false);
    assert!(v["schemes"][0]["source"].as_str().unwrap().contains("ESFA"));
    let human = destinations(&["codes"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("WMCA1.1"));
}

#[test]
fn bad_usage_exits_2() {
    let out = destinations(&["map", "EMP1", "--as-of", "2025-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("February 2025 has 28 days"));
    assert_eq!(
        destinations(&["codes", "--scheme", "nope"]).status.code(),
        Some(2)
    );
    assert_eq!(destinations(&["map"]).status.code(), Some(2));
}

#[test]
fn contact_json_shape_and_exit_codes() {
    let out = destinations(&["contact", "--pmc", "2", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["email"], true);
    assert_eq!(v["sms"], false);
    assert_eq!(v["contactable"], true);
    assert!(v["reason"].as_str().unwrap().contains("PMC2"));
    assert_eq!(v["decided_by"], serde_json::json!(["PMC2"]));
    assert_eq!(v["record"], Value::Null);

    // Not contactable: exit 1, and with --learning-end the OTH3 record.
    let out = destinations(&[
        "contact",
        "--rui",
        "2,4",
        "--pmc",
        "3",
        "--learning-end",
        "2025-07-31",
        "--as-of",
        "2025-09-01",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["contactable"], false);
    assert_eq!(
        v["record"],
        serde_json::json!({"code": "OTH3", "start": "2025-08-01", "end": null, "collection": "2025-09-01"})
    );
    // RUI4 with other codes breaks ContPrefType_02.
    assert_eq!(
        v["findings"][0]["code"],
        "contact_preference_not_to_be_contacted"
    );

    // Contact details: an empty mobile, a landline, the ILR policy.
    let v = json_of(&destinations(&[
        "contact", "--mobile", "", "--email", "a@b.uk", "--json",
    ]));
    assert_eq!(
        (v["email"].clone(), v["sms"].clone()),
        (true.into(), false.into())
    );
    let v = json_of(&destinations(&[
        "contact",
        "--mobile",
        "0121 496 0000",
        "--json",
    ]));
    assert_eq!(v["decided_by"], serde_json::json!(["mobile_not_uk"]));
    let v = json_of(&destinations(&[
        "contact", "--rui", "RUI2", "--policy", "ilr", "--json",
    ]));
    assert_eq!(v["contactable"], true);
    assert_eq!(v["policy"], "ilr");
}

#[test]
fn contact_bad_input_exits_2() {
    let out = destinations(&["contact", "--rui", "9"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("RUI9 is not a contact preference code"),
        "{err}"
    );
    for args in [
        &["contact", "--rui", "two"][..],
        &["contact", "--pmc", "RUI2"],
        &["contact", "--policy", "maybe"],
        &["contact", "--rui", "4", "--learning-end", "2025-02-30"],
        &[
            "contact",
            "--rui",
            "4",
            "--learning-end",
            "2025-07-31",
            "--as-of",
            "2025-07-01",
        ],
    ] {
        let out = destinations(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn track_json_shape_and_exit_codes() {
    let out = destinations(&[
        "track",
        "--sent",
        "2025-08-01",
        "--learning-end",
        "2025-07-31",
        "--as-of",
        "2025-09-30",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["state"], "non_response");
    assert_eq!(v["flagged_for_review"], true);
    assert_eq!(
        v["record"],
        serde_json::json!({"code": "OTH3", "start": "2025-08-01", "end": null, "collection": "2025-09-30"})
    );
    let base = [
        "track",
        "--sent",
        "2025-08-01",
        "--learning-end",
        "2025-07-31",
        "--json",
    ];
    let state = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        json_of(&destinations(&args))["state"].clone()
    };
    assert_eq!(state(&["--as-of", "2025-08-10"]), "pending");
    assert_eq!(state(&["--as-of", "2025-08-31"]), "reminder_due");
    assert_eq!(
        state(&["--as-of", "2025-08-31", "--reminders", "1"]),
        "pending"
    );
    assert_eq!(
        state(&["--as-of", "2025-09-30", "--answered", "2025-09-01"]),
        "answered"
    );
    assert_eq!(
        state(&["--as-of", "2025-08-10", "--unsubscribed", "2025-08-05"]),
        "unsubscribed"
    );
    assert_eq!(
        state(&["--as-of", "2025-08-10", "--non-response-after", "5"]),
        "non_response"
    );
}

#[test]
fn track_bad_input_exits_2() {
    for (args, says) in [
        (
            &[
                "track",
                "--sent",
                "2025-02-30",
                "--learning-end",
                "2025-01-31",
                "--as-of",
                "2025-03-01",
            ][..],
            "February 2025 has 28 days",
        ),
        (
            &[
                "track",
                "--sent",
                "2025-07-01",
                "--learning-end",
                "2025-07-31",
                "--as-of",
                "2025-08-01",
            ],
            "before the learning end date",
        ),
        (
            &[
                "track",
                "--sent",
                "2025-08-01",
                "--learning-end",
                "2025-07-31",
                "--as-of",
                "2025-08-10",
                "--answered",
                "2025-07-31",
            ],
            "the answer date 2025-07-31 is before",
        ),
        (
            &[
                "track",
                "--sent",
                "2025-08-01",
                "--learning-end",
                "2025-07-31",
            ],
            "--as-of",
        ),
    ] {
        let out = destinations(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn records_and_awaiting_on_the_examples() {
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/");
    let records = format!("{examples}destination-records.json");
    let out = destinations(&["records", &records, "--file-date", "2025-10-01", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["year"], "2025-26");
    let mirrors: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["mirrors"].as_str().unwrap())
        .collect();
    // In record order: records 1-2, 1-3, 4, 4, 4-5, 5.
    assert_eq!(
        mirrors,
        [
            "OutType_02",
            "OutType_04",
            "OutType_05",
            "OutEndDate_01",
            "OutCollDate_01",
            "OutStartDate_02",
        ]
    );

    let awaiting = format!("{examples}awaiting.json");
    let out = destinations(&["awaiting", &awaiting, "--as-of", "2025-09-22", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["enrolments"].as_array().unwrap().len(), 2);
    assert_eq!(v["learners"][0]["learner_ref"], "L001");
    assert_eq!(v["findings"][0]["code"], "destination_missing");
    let out = destinations(&["awaiting", &awaiting, "--as-of", "2025-09-23"]);
    assert_eq!(out.status.code(), Some(1));

    let out = destinations(&["records", "no-such-file.json"]);
    assert_eq!(out.status.code(), Some(2));
    let dir = std::env::temp_dir().join(format!("ld-cli-records-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"[{"code": "EMP1", "start": "2025-02-30", "collection": "2025-03-01"}]"#,
    )
    .unwrap();
    let out = destinations(&["records", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("February 2025 has 28 days"));
}

const HEADER: &str = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code";

/// A scratch directory for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ld-cli-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn example() -> String {
    format!(
        "{}/../examples/destinations-upload.csv",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn validate_example_json_shape() {
    let file = example();
    let out = destinations(&["validate", &file, "--as-of", "2025-09-01", "--json"]);
    assert_eq!(out.status.code(), Some(1), "some rows are rejected");
    let v = json_of(&out);
    assert_eq!(v["file"], file.as_str());
    let s = &v["summary"];
    assert_eq!(s["file"], "destinations-upload.csv");
    assert!(s["processed_at"].as_str().unwrap().contains('T'));
    assert_eq!(s["rows"], 21);
    // Rows 9 (NPE1) and 10 (EMP2) of one enrolment contradict: both rejected.
    assert_eq!(s["accepted"], 8);
    assert_eq!(s["rejected"], 13);
    assert_eq!(s["warnings"], 2);
    assert_eq!(s["blank_rows_skipped"], 1);
    assert_eq!(v["truncated"], false);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 15);
    let f = &findings[1];
    assert_eq!(f["row"], 8);
    assert_eq!(f["column"], "Unique Learner Number");
    assert_eq!(f["value"], "4603001107");
    assert_eq!(f["code"], "uln_checksum");
    assert_eq!(f["severity"], "error");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("should be 9, not 7")
    );
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for code in [
        "duplicate_destination",
        "contradictory_destination",
        "uln_unknown",
        "uln_excel_number",
        "destination_code_not_valid",
        "ragged_row",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
}

#[test]
fn validate_human_output_and_max_findings() {
    let out = destinations(&[
        "validate",
        &example(),
        "--as-of",
        "2025-09-01",
        "--max-findings",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("row 5: error [duplicate_destination]"),
        "{text}"
    );
    assert!(
        text.contains("(showing the first 2 of 15 findings)"),
        "{text}"
    );
    assert!(
        text.contains("21 rows: 8 accepted, 13 rejected; 13 errors, 2 warnings; 1 blank row skipped (UTF-8, comma-separated)"),
        "{text}"
    );
    let v = json_of(&destinations(&[
        "validate",
        &example(),
        "--as-of",
        "2025-09-01",
        "--max-findings",
        "2",
        "--json",
    ]));
    assert_eq!(v["truncated"], true);
    assert_eq!(v["findings"].as_array().unwrap().len(), 2);
    assert_eq!(v["summary"]["errors"], 13);
}

#[test]
fn validate_writes_errors_and_accepted_files() {
    let dir = scratch("outputs");
    let errors = dir.join("errors.csv");
    let accepted = dir.join("accepted.csv");
    let out = destinations(&[
        "validate",
        &example(),
        "--as-of",
        "2025-09-01",
        "--errors-csv",
        errors.to_str().unwrap(),
        "--accepted-csv",
        accepted.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let errors_text = std::fs::read_to_string(&errors).unwrap();
    assert!(errors_text.starts_with(&format!("\u{FEFF}{HEADER},Row,Errors,Extra values\r\n")));
    assert_eq!(
        errors_text.lines().count(),
        13,
        "header and 12 rejected rows: row 5, only a duplicate of row 4, is left out"
    );
    assert!(
        !errors_text.contains(",5,duplicate of row 4"),
        "{errors_text}"
    );
    assert!(
        errors_text.contains(",4.60E+09,000000998101,ZPROG001,Apprenticeship programme,EDU2,16,")
    );
    assert!(errors_text.contains("GCSE Mathematics,VOL1,22,"));
    assert!(
        errors_text
            .trim_end()
            .ends_with(",volunteering at food bank")
    );
    let accepted_text = std::fs::read_to_string(&accepted).unwrap();
    assert_eq!(
        accepted_text.lines().count(),
        9,
        "header and 8 accepted rows"
    );
    assert!(accepted_text.contains(
        ",EMP1,EMP1,WMCA1.0,In paid employment for 16 hours or more per week (WMCA1.0)\r\n"
    ));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("rejected rows written to"), "{stdout}");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no temporary files left: {leftovers:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn validate_exit_0_when_all_accepted_even_with_warnings() {
    let dir = scratch("ok");
    let file = dir.join("ok.csv");
    std::fs::write(
        &file,
        format!("{HEADER}\n10012345,9999999999,LRN1,LAR1,LAR1 Title,WMCA1.0\n10012345,9276308686,LRN1,LAR2,LAR2 Title,EMP1\n"),
    )
    .unwrap();
    let out = destinations(&[
        "validate",
        file.to_str().unwrap(),
        "--as-of",
        "2025-09-01",
        "--ukprn",
        "10012345",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["summary"]["accepted"], 2);
    assert_eq!(v["summary"]["warnings"], 1);

    let out = destinations(&[
        "validate",
        file.to_str().unwrap(),
        "--as-of",
        "2025-09-01",
        "--ukprn",
        "10099999",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["findings"][0]["code"], "ukprn_not_uploader");
    assert_eq!(v["summary"]["rejected"], 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn validate_reads_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_destinations"))
        .args(["validate", "-", "--as-of", "2025-09-01", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{HEADER}\n10012345,9276308686,LRN1,20000008,,EMP9\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json_of(&out)["findings"][0]["code"],
        "destination_code_unknown"
    );
}

#[test]
fn validate_file_errors_exit_2_and_write_nothing() {
    let dir = scratch("refused");
    let errors = dir.join("errors.csv");
    for (content, words) in [
        (
            "UKPRN,ULN\n10012345,9276308686\n".to_string(),
            "missing required columns 'Unique Learner Number', 'Learner Reference Number', 'Learning Aim Reference', 'Destination Code'",
        ),
        (format!("{HEADER}\n\n"), "no destinations in file"),
        (
            "PK\u{3}\u{4}workbook".to_string(),
            "the workbook cannot be read",
        ),
    ] {
        let file = dir.join("upload.csv");
        std::fs::write(&file, content).unwrap();
        let out = destinations(&[
            "validate",
            file.to_str().unwrap(),
            "--errors-csv",
            errors.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("destinations: "), "{stderr}");
        assert!(stderr.contains(words), "{stderr}");
        assert!(out.stdout.is_empty());
        let files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(files, ["upload.csv"], "nothing half-done");
    }
    let out = destinations(&["validate", dir.join("nope.csv").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    assert_eq!(
        destinations(&["validate", &example(), "--ukprn", "335"])
            .status
            .code(),
        Some(2)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn findings_catalogue() {
    let out = destinations(&["findings", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    let kinds = v.as_array().unwrap();
    let expected: Vec<&str> = learner_destinations::catalogue::finding_kinds()
        .map(|k| k.code)
        .collect();
    let codes: Vec<&str> = kinds.iter().map(|k| k["code"].as_str().unwrap()).collect();
    assert_eq!(codes, expected);
    let checksum = kinds.iter().find(|k| k["code"] == "uln_checksum").unwrap();
    assert_eq!(checksum["severity"], "error");
    assert_eq!(checksum["mirrors"], "ULN_04");
    assert!(checksum["source"].as_str().unwrap().contains("ESFA"));
    let unknown = kinds.iter().find(|k| k["code"] == "uln_unknown").unwrap();
    assert_eq!(unknown["severity"], "warning");
    let human = destinations(&["findings"]);
    assert_eq!(human.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&human.stdout).contains("destination_code_not_valid"));
}

#[test]
fn whole_file_inputs_are_read_up_to_their_limit() {
    // /dev/zero never ends: refused at the scheme limit, quickly, with its catalogued code.
    let started = std::time::Instant::now();
    let out = destinations(&["map", "EMP1", "--schemes", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("scheme file '/dev/zero' is larger than")
            && stderr.contains("[input_too_large]"),
        "{stderr}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let out = destinations(&["records", "/no/such/records.json"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot read destination records '/no/such/records.json'")
            && stderr.contains("[input_unreadable]"),
        "{stderr}"
    );
}

#[test]
fn errors_catalogue() {
    let out = destinations(&["errors", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    let kinds = v.as_array().unwrap();
    let expected: Vec<&str> = learner_destinations::catalogue::error_kinds()
        .map(|k| k.code)
        .collect();
    let codes: Vec<&str> = kinds.iter().map(|k| k["code"].as_str().unwrap()).collect();
    assert_eq!(codes, expected);
    let missing = kinds
        .iter()
        .find(|k| k["code"] == "missing_columns")
        .unwrap();
    assert_eq!(missing["category"], "input");
    assert!(missing["summary"].as_str().unwrap().contains("header"));
    let unknown = kinds
        .iter()
        .find(|k| k["code"] == "option_unknown")
        .unwrap();
    assert_eq!(unknown["category"], "option");
    // A refusal's code (an argument error) is listed too.
    let checksum = kinds.iter().find(|k| k["code"] == "uln_checksum").unwrap();
    assert_eq!(checksum["category"], "argument");
    assert!(!codes.contains(&"argument_invalid"));
    let human = destinations(&["errors"]);
    assert_eq!(human.status.code(), Some(0));
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("output_is_input"), "{text}");
    assert!(text.contains("Category argument"), "{text}");
}

/// Rows of one enrolment in conflict, from a file and from standard input (read twice: the
/// second time from its temporary copy): every row of the conflict is in the errors file, none
/// in the export, and the rows between are untouched.
#[test]
fn validate_rejects_every_row_of_a_conflict_from_a_file_and_from_standard_input() {
    use std::io::Write;
    let dir = scratch("conflicts");
    let mut text = format!("{HEADER}\n10012345,9276308686,LRN1,20000008,,EMP1\n");
    for i in 0..100 {
        text.push_str(&format!("10012345,9276308686,F{i:03},20000008,,EDU4\n"));
    }
    text.push_str(
        "10012345,9276308686,LRN1,20000008,,WMCA1.1\n10012345,9276308686,lrn1,20000008,,WMCA1.0\n",
    );
    let input = dir.join("upload.csv");
    std::fs::write(&input, &text).unwrap();
    let check = |errors: &std::path::Path, accepted: &std::path::Path, v: &Value| {
        assert_eq!(v["summary"]["accepted"], 100, "{v}");
        assert_eq!(v["summary"]["rejected"], 3, "{v}");
        let codes: Vec<(u64, &str)> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["row"].as_u64().unwrap(), f["code"].as_str().unwrap()))
            .collect();
        assert_eq!(
            codes,
            [
                (2, "destination_type_conflict"),
                (103, "destination_type_conflict"),
                (104, "duplicate_destination")
            ]
        );
        assert!(
            v["findings"][0]["message"]
                .as_str()
                .unwrap()
                .starts_with("conflicts with row 103 (WMCA1.1):")
        );
        let errors_text = std::fs::read_to_string(errors).unwrap();
        assert!(
            errors_text.contains("LRN1,20000008,,EMP1,2,"),
            "{errors_text}"
        );
        assert!(errors_text.contains("LRN1,20000008,,WMCA1.1,103,"));
        let accepted_text = std::fs::read_to_string(accepted).unwrap();
        assert_eq!(accepted_text.lines().count(), 101);
        assert!(!accepted_text.contains("LRN1,"), "{accepted_text}");
    };
    let errors = dir.join("errors.csv");
    let accepted = dir.join("accepted.csv");
    let args = |from: &str| {
        vec![
            "validate".to_string(),
            from.to_string(),
            "--as-of".to_string(),
            "2025-09-01".to_string(),
            "--json".to_string(),
            "--errors-csv".to_string(),
            errors.display().to_string(),
            "--accepted-csv".to_string(),
            accepted.display().to_string(),
        ]
    };
    let out = Command::new(env!("CARGO_BIN_EXE_destinations"))
        .args(args(input.to_str().unwrap()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    check(&errors, &accepted, &json_of(&out));
    std::fs::remove_file(&errors).unwrap();
    std::fs::remove_file(&accepted).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_destinations"))
        .args(args("-"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    check(&errors, &accepted, &json_of(&out));
    std::fs::remove_dir_all(&dir).ok();
}

/// `codes --json` output loads back with `--schemes` and lists the same codes; a CSV named
/// `wmca-full.csv` replaces the built-in partial WMCA list (named by its codes, not its file),
/// and then a code the partial list lacks is accepted.
#[test]
fn code_tables_load_back_and_csv_schemes_are_named_by_content() {
    let dir = scratch("schemes");
    let exported = destinations(&["codes", "--json", "--as-of", "2025-09-01"]);
    assert_eq!(exported.status.code(), Some(0));
    let table = dir.join("codes.json");
    std::fs::write(&table, &exported.stdout).unwrap();
    let again = destinations(&[
        "codes",
        "--json",
        "--as-of",
        "2025-09-01",
        "--schemes",
        table.to_str().unwrap(),
    ]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(json_of(&again), json_of(&exported));

    let full = dir.join("wmca-full.csv");
    std::fs::write(
        &full,
        "code,title,ilr_equivalent\nWMCA1.0,In paid employment for 16 hours or more per week,EMP1\nWMCA2.0,Further learning,EDU4\n",
    )
    .unwrap();
    let upload = dir.join("upload.csv");
    std::fs::write(
        &upload,
        format!("{HEADER}\n10012345,9276308686,LRN1,20000008,,WMCA2.0\n"),
    )
    .unwrap();
    let refused = json_of(&destinations(&[
        "validate",
        upload.to_str().unwrap(),
        "--as-of",
        "2025-09-01",
        "--json",
    ]));
    assert!(
        refused["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not in the built-in partial WMCA list")
    );
    let out = destinations(&[
        "validate",
        upload.to_str().unwrap(),
        "--as-of",
        "2025-09-01",
        "--schemes",
        full.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// `--errors-xlsx`: the errors file as a workbook whose cells are text, so a learner reference
/// `000000997732` keeps its zeros; uploaded again, its Row, Errors and Extra values columns are
/// left out and the row is checked as it was.
#[test]
fn validate_writes_an_errors_workbook_that_keeps_leading_zeros() {
    let dir = scratch("errors-xlsx");
    let input = dir.join("upload.csv");
    std::fs::write(
        &input,
        format!("{HEADER}\n10012345,9276308686,000000997732,20000008,,EMP9\n10012345,9276308686,000000997733,20000008,,EMP1\n"),
    )
    .unwrap();
    let book = dir.join("errors.xlsx");
    let out = destinations(&[
        "validate",
        input.to_str().unwrap(),
        "--as-of",
        "2025-09-01",
        "--errors-xlsx",
        book.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("rejected rows written to"), "{stdout}");
    let bytes = std::fs::read(&book).unwrap();
    assert!(bytes.starts_with(b"PK"));
    let mut wb = learner_destinations::workbook::Workbook::from_bytes(bytes).unwrap();
    let sheet = wb.sheet(None).unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|(_, cells)| cells.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0][6..], ["Row", "Errors", "Extra values"]);
    assert_eq!(rows[1][2], "000000997732");
    assert_eq!(rows[1][6], "2");
    assert!(
        rows[1][7].contains("EMP9 is not a destination code"),
        "{rows:?}"
    );

    let again = json_of(&destinations(&[
        "validate",
        book.to_str().unwrap(),
        "--as-of",
        "2025-09-01",
        "--json",
    ]));
    assert_eq!(again["summary"]["rows"], 1);
    assert_eq!(again["findings"].as_array().unwrap().len(), 1, "{again}");
    assert_eq!(again["findings"][0]["code"], "destination_code_unknown");
    std::fs::remove_dir_all(&dir).ok();
}
