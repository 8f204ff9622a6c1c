//! `destinations learners`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{run, scratch};

fn example() -> String {
    common::example("learners-import.csv")
}

use serde_json::Value;
use std::collections::HashSet;

#[test]
fn example_report() {
    let out = run(&[
        "learners",
        &example(),
        "--ukprn",
        "10012345",
        "--as-of",
        "2025-09-01",
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &v["summary"];
    assert_eq!(
        (
            s["rows"].as_u64(),
            s["accepted"].as_u64(),
            s["rejected"].as_u64()
        ),
        (Some(8), Some(2), Some(6))
    );
    let at = |row: u64| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["row"] == row)
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(at(2), Vec::<String>::new());
    assert_eq!(at(3), ["postcode_normalised"]);
    assert_eq!(at(4), ["postcode_format"]);
    assert_eq!(at(5), ["dob_excel_format", "telephone_format"]);
    assert_eq!(at(6), ["uln_checksum", "upn_check_letter"]);
    assert_eq!(at(7), ["duplicate_learner"]);
    assert_eq!(at(8), ["ukprn_not_managed", "email_format"]);
    assert_eq!(at(9), ["postcode_placeholder", "value_not_in_list"]);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "telephone_format")
        .unwrap();
    assert!(f["message"].as_str().unwrap().contains("07700900123"));
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "duplicate_learner")
        .unwrap();
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("duplicate of row 2")
    );
}

#[test]
fn credentials_for_accepted_learners_only_private_and_unique() {
    let dir = scratch("creds");
    let creds = dir.join("credentials.csv");
    let existing = dir.join("existing.txt");
    std::fs::write(&existing, "PMarmoshon\n").unwrap();
    let out = run(&[
        "learners",
        &example(),
        "--as-of",
        "2025-09-01",
        "--existing-usernames",
        existing.to_str().unwrap(),
        "--credentials-csv",
        creds.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("usernames and passwords for 2 learners")
    );
    let text = std::fs::read_to_string(&creds).unwrap();
    // A byte-order mark first, so that Excel reads accented names as UTF-8.
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("Provider,First name,Last name,Postcode,ULN,DOB,Username,Password,Created on")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0][..6],
        [
            "10012345",
            "Paul",
            "Marmoshon",
            "B33 8TH",
            "9276308686",
            "2010-01-02"
        ]
    );
    assert_eq!(
        rows[0][6], "PMarmoshon2",
        "the existing username is avoided"
    );
    assert_eq!(rows[1][6], "ZOSuilleabhain");
    assert_eq!(rows[1][3], "B33 8TH", "canonical postcode");
    let passwords: HashSet<&str> = rows.iter().map(|r| r[7]).collect();
    assert_eq!(passwords.len(), 2);
    for r in &rows {
        assert_eq!(r[7].len(), 8);
        assert_eq!(r[8], "2025-09-01");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&creds).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unprocessable_file_leaves_no_credentials() {
    let dir = scratch("none");
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "UKPRN,First name\n10012345,Ann\n").unwrap();
    let creds = dir.join("c.csv");
    let out = run(&[
        "learners",
        bad.to_str().unwrap(),
        "--credentials-csv",
        creds.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Learner year group"));
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files.len(), 1, "only the input remains: {files:?}");
    std::fs::remove_dir_all(&dir).ok();
}
