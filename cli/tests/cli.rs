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
