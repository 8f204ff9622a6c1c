//! `destinations ilr` on the ILR fixtures of every year.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{run, scratch};
use serde_json::Value;

fn fixture(code: &str) -> String {
    let dir = format!("{}/../tests/ilr", env!("CARGO_MANIFEST_DIR"));
    let name = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(&format!("ILR-10000001-{code}-")))
        .unwrap_or_else(|| panic!("no fixture for {code}"));
    format!("{dir}/{name}")
}

fn json(args: &[&str]) -> (Value, i32) {
    let out = run(args);
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (v, out.status.code().unwrap())
}

#[test]
fn awaiting_json_has_the_awaiting_shape_in_every_year() {
    for code in ["1920", "2021", "2122", "2223", "2324", "2425", "2526"] {
        let (v, rc) = json(&["ilr", "awaiting", &fixture(code), "--json"]);
        assert_eq!(rc, 1, "{code}: something is overdue");
        for key in ["as_of", "enrolments", "learners", "findings"] {
            assert!(v.get(key).is_some(), "{code}: no {key}");
        }
        let learners: Vec<&str> = v["learners"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["learner_ref"].as_str().unwrap())
            .collect();
        // L003 has a D&P record where the year has them; without, it awaits (not yet overdue).
        let expected: &[&str] = if code <= "2324" {
            &["L001"]
        } else {
            &["L001", "L003"]
        };
        assert_eq!(learners, expected, "{code}");
        assert_eq!(
            v["learners"][0]["rules"],
            serde_json::json!(["R107", "R108"])
        );
        assert_eq!(v["header"]["ukprn"], 10000001);
    }
}

#[test]
fn awaiting_by_source_of_funding_and_as_of() {
    let (v, _) = json(&[
        "ilr",
        "awaiting",
        &fixture("2324"),
        "--sof",
        "112",
        "--as-of",
        "2024-03-01",
        "--json",
    ]);
    let aims: Vec<&str> = v["enrolments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["aim_ref"].as_str().unwrap())
        .collect();
    assert_eq!(aims, ["60012345", "Z0002117"]);
    assert_eq!(v["as_of"], "2024-03-01");
    // Before the two months, R107 only.
    assert_eq!(v["learners"][0]["rules"], serde_json::json!(["R107"]));
    assert_eq!(v["learners"][0]["overdue"], false);
}

#[test]
fn contacts_json_and_policies() {
    let (v, rc) = json(&["ilr", "contacts", &fixture("2324"), "--json"]);
    assert_eq!(rc, 0);
    let c = &v["contacts"][0];
    assert_eq!(c["learner_ref"], "L001");
    assert_eq!(c["uln"], "9276308686");
    assert_eq!(
        (c["email"].as_bool(), c["sms"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(c["mobile"], "07700900123");
    assert_eq!(c["decided_by"], serde_json::json!(["PMC3"]));
    let oth3 = &v["contacts"][1];
    assert_eq!(oth3["record"]["code"], "OTH3");
    assert_eq!(oth3["record"]["start"], "2024-02-01");
    assert_eq!(oth3["record"]["collection"], "2024-03-20");
    // Under the ILR guidance PMC3 does not stop email.
    let (v, _) = json(&[
        "ilr",
        "contacts",
        &fixture("2324"),
        "--policy",
        "ilr",
        "--json",
    ]);
    assert_eq!(v["contacts"][0]["email"], true);
    assert_eq!(v["contacts"][0]["email_address"], "sam@example.org");
}

#[test]
fn records_json_names_the_rules() {
    let (v, rc) = json(&["ilr", "records", &fixture("2223"), "--json"]);
    assert_eq!(rc, 1);
    assert_eq!(v["year"], "2022-23");
    assert_eq!(v["file_preparation_date"], "2023-03-20");
    let mirrors: Vec<&str> = v["destinations"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["mirrors"].as_str().unwrap())
        .collect();
    assert_eq!(mirrors, ["OutCollDate_01", "OutType_04"]);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["ilr_dp_uln_mismatch", "ilr_dp_duplicate"]);
    assert_eq!(v["findings"][1]["at"]["line"], 256);
    // No D&P from 2024-25: nothing to break.
    let (v, rc) = json(&["ilr", "records", &fixture("2425"), "--json"]);
    assert_eq!((rc, v["records_read"].as_u64()), (0, Some(0)));
}

#[test]
fn template_is_the_upload_prefilled() {
    let out = run(&["ilr", "template", &fixture("2526"), "--sof", "112"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "\u{feff}UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code\r\n\
         10000001,9276308686,L001,60012345,,\r\n\
         10000001,1000000043,L002,Z0002117,,\r\n"
    );
}

#[test]
fn bad_files_exit_2_with_the_reason() {
    let dir = scratch("ilr-bad");
    let xxe = dir.join("xxe.xml");
    std::fs::write(
        &xxe,
        "<?xml version=\"1.0\"?>\n<!DOCTYPE Message SYSTEM \"http://example.invalid/x.dtd\">\n<Message xmlns=\"ESFA/ILR/2023-24\"/>\n",
    )
    .unwrap();
    let out = run(&["ilr", "awaiting", xxe.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 2, column 1") && err.contains("[ilr_entity_refused]"),
        "{err}"
    );
    let old = dir.join("old.xml");
    std::fs::write(&old, "<Message xmlns=\"SFA/ILR/2017-18\"/>").unwrap();
    let out = run(&["ilr", "records", old.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2017-18") && err.contains("[ilr_namespace_unsupported]"),
        "{err}"
    );
    let out = run(&["ilr", "contacts", dir.join("none.xml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[input_unreadable]"));
}

#[test]
fn contacts_csv_is_owner_only_and_neutralised() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("ilr-csv");
    let xml = std::fs::read_to_string(fixture("2324"))
        .unwrap()
        .replace("sam@example.org", "=HYPERLINK(1)@example.org");
    let input = dir.join("ilr.xml");
    std::fs::write(&input, xml).unwrap();
    let csv = dir.join("mailing.csv");
    let out = run(&[
        "ilr",
        "contacts",
        input.to_str().unwrap(),
        "--policy",
        "ilr",
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mode = std::fs::metadata(&csv).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{feff}UKPRN,Learner Reference Number,Unique Learner Number,Learning Actual End Date,Email,Mobile,Channels"
    );
    assert_eq!(
        lines[1],
        "10000001,L001,9276308686,2024-01-15,'=HYPERLINK(1)@example.org,07700900123,email sms"
    );
    // L003 (RUI4) is not on the mailing list.
    assert!(!text.contains("L003"));
    // The output may not be the input.
    let out = run(&[
        "ilr",
        "contacts",
        input.to_str().unwrap(),
        "--csv",
        input.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[output_is_input]"));
}

#[test]
fn template_to_a_file() {
    let dir = scratch("ilr-template");
    let path = dir.join("upload.csv");
    let out = run(&[
        "ilr",
        "template",
        &fixture("2425"),
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    // L001, L002's ended aim, L003 (no D&P from 2024-25), L004, L005's first aim.
    assert_eq!(text.lines().count(), 6, "{text}");
    assert!(text.contains("10000001,9999999999,L003,60099999,,\r\n"));
    let out = run(&[
        "ilr",
        "template",
        &fixture("2425"),
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn options_reach_the_core_and_are_named_as_flags() {
    let out = run(&["ilr", "contacts", &fixture("2324"), "--policy", "maytas"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--policy") && err.contains("[option_invalid]"),
        "{err}"
    );
    let out = run(&["ilr", "awaiting", &fixture("2324"), "--as-of", "31/07/2024"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--as-of") && err.contains("[option_invalid]"),
        "{err}"
    );
    let out = run(&["ilr", "template", &fixture("2324"), "--sof", "1234567"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--sof[0]"));
    // The default policy is the core's (seed), as the JSON says.
    let (v, _) = json(&["ilr", "contacts", &fixture("2324"), "--json"]);
    assert_eq!(v["policy"], "seed");
}

#[test]
fn the_file_may_come_on_standard_input() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let xml = std::fs::read(fixture("2324")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_destinations"))
        .args(["ilr", "awaiting", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&xml).unwrap();
    let out = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (from_file, _) = json(&["ilr", "awaiting", &fixture("2324"), "--json"]);
    assert_eq!(v, from_file);
}
