//! The command surface for scripts: `--json` on every command and JSON errors, `-` for standard
//! input and output, the findings streamed and listed in full when piped, option names as the
//! command line spells them, completions, and the messages a newcomer stumbled on.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{example, run, scratch};
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

const HEADER: &str = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code";

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `destinations ARGS` with `input` on standard input.
fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_destinations"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// An upload of `n` rows, every one rejected (a ULN with a wrong check digit).
fn all_bad(dir: &std::path::Path, n: usize) -> String {
    let mut text = format!("{HEADER}\n");
    for i in 0..n {
        text.push_str(&format!("10012345,1000000042,LRN{i},20000008,,EMP1\n"));
    }
    let path = dir.join("all-bad.csv");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn piped_output_lists_every_finding_then_the_summary() {
    let dir = scratch("piped-all");
    let file = all_bad(&dir, 120);
    let out = run(&["validate", &file, "--as-of", "2025-09-01"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let findings = text
        .lines()
        .filter(|l| l.contains("[uln_checksum]"))
        .count();
    assert_eq!(findings, 120, "{text}");
    assert!(
        text.lines()
            .last()
            .unwrap()
            .contains("120 rows: 0 accepted, 120 rejected")
    );
    assert!(!text.contains("more findings"));

    let out = run(&[
        "validate",
        &file,
        "--as-of",
        "2025-09-01",
        "--max-findings",
        "7",
    ]);
    let text = stdout(&out);
    assert_eq!(
        text.lines()
            .filter(|l| l.contains("[uln_checksum]"))
            .count(),
        7
    );
    assert!(
        text.contains("(showing the first 7 of 120 findings)"),
        "{text}"
    );

    let out = run(&["validate", &file, "--as-of", "2025-09-01", "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "summary only: {text}");
    assert!(text.contains("120 rejected"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn json_findings_are_streamed_in_full_unless_capped() {
    let dir = scratch("json-stream");
    let file = all_bad(&dir, 1000);
    let out = run(&["validate", &file, "--as-of", "2025-09-01", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["findings"].as_array().unwrap().len(), 1000);
    assert_eq!(v["findings"][999]["row"], 1001);
    assert_eq!(v["summary"]["rejected"], 1000);
    assert_eq!(v["truncated"], false);
    assert!(v["file"].as_str().unwrap().ends_with("all-bad.csv"));

    let v = json_of(&run(&[
        "validate",
        &file,
        "--as-of",
        "2025-09-01",
        "--json",
        "--max-findings",
        "3",
    ]));
    assert_eq!(v["findings"].as_array().unwrap().len(), 3);
    assert_eq!(v["summary"]["errors"], 1000);
    assert_eq!(v["truncated"], true);

    // The same findings, in the same order, as the core's own report of the example.
    let v = json_of(&run(&[
        "validate",
        &example("destinations-upload.csv"),
        "--as-of",
        "2025-09-01",
        "--json",
    ]));
    let rows: Vec<i64> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["row"].as_i64().unwrap_or(0))
        .collect();
    let mut sorted = rows.clone();
    sorted.sort_unstable();
    assert_eq!(rows, sorted, "file-level first, then in row order");
    assert_eq!(
        rows.len() as u64,
        v["summary"]["errors"].as_u64().unwrap() + v["summary"]["warnings"].as_u64().unwrap()
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_failure_with_json_prints_a_json_error_too() {
    // A run's failure.
    let out = run(&["validate", "no-such-upload.csv", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let v = json_of(&out);
    assert_eq!(v["error"]["code"], "input_unreadable");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no-such-upload.csv")
    );
    assert!(stderr(&out).contains("[input_unreadable]"));
    // A file that cannot be processed.
    let dir = scratch("json-error");
    let header_only = dir.join("header.csv");
    std::fs::write(&header_only, format!("{HEADER}\n")).unwrap();
    let v = json_of(&run(&["validate", header_only.to_str().unwrap(), "--json"]));
    assert_eq!(v["error"]["code"], "no_data");
    // A failure once findings were streamed: the document ends with the error instead of the
    // summary, still one JSON document.
    let noted = dir.join("noted.csv");
    std::fs::write(&noted, format!("{HEADER},Notes\n")).unwrap();
    let out = run(&["validate", noted.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let v = json_of(&out);
    assert_eq!(v["findings"][0]["code"], "unknown_column");
    assert_eq!(v["error"]["code"], "no_data");
    assert!(v.get("summary").is_none());
    assert!(stderr(&out).contains("[no_data]"));
    // A usage error, answered in JSON too.
    let out = run(&["validate", "x.csv", "--max-findings", "-1", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let v = json_of(&out);
    assert_eq!(v["error"]["code"], "option_invalid");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(message.contains("--max-findings"), "{message}");
    let v = json_of(&run(&["uln", "--jsn", "--json"]));
    assert_eq!(v["error"]["code"], "option_unknown");
    // Other commands' failures.
    let v = json_of(&run(&["records", "no-such.json", "--json"]));
    assert_eq!(v["error"]["code"], "input_unreadable");
    let v = json_of(&run(&[
        "track",
        "--sent",
        "2025-08-01",
        "--learning-end",
        "2025-07-31",
        "--as-of",
        "2025-09-01",
        "--answered",
        "2025-07-01",
        "--json",
    ]));
    assert!(v["error"]["code"].is_string(), "{v}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn max_findings_minus_one_is_answered_plainly() {
    let out = run(&[
        "validate",
        &example("destinations-upload.csv"),
        "--max-findings",
        "-1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("takes a whole number from 0"), "{err}");
    assert!(
        !err.contains("'-- -1'") && !err.contains("unexpected argument"),
        "{err}"
    );
    let out = run(&[
        "validate",
        &example("destinations-upload.csv"),
        "--max-findings",
        "ten",
    ]);
    assert!(
        stderr(&out).contains("takes a whole number from 0"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_reporting_command_takes_json() {
    let v = json_of(&run(&["check-username", "ann.lee", "--json"]));
    assert_eq!(
        (v["username"].as_str(), v["acceptable"].as_bool()),
        (Some("ann.lee"), Some(true))
    );
    let out = run(&["check-username", "ann", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(json_of(&out)["error"]["code"].is_string());

    let out = run_with_stdin(&["check-password", "--json"], b"sunny-day7\nsecond line\n");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_of(&out), serde_json::json!({"acceptable": true}));
    let out = run_with_stdin(&["check-password", "--json"], b"short\n");
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["acceptable"], false);
    assert!(
        !stdout(&out).contains("short\""),
        "the password is never printed"
    );

    // template --json describes the columns; with a file output it is refused in JSON.
    let v = json_of(&run(&["template", "destinations", "--json"]));
    assert_eq!(v["template"], "destinations");
    let names: Vec<&str> = v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.join(","), HEADER);
    assert_eq!(v["columns"][4]["required"], false);
    let out = run(&["template", "learners", "--json", "--xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json_of(&out)["error"]["code"], "options_conflict");
}

#[test]
fn dash_reads_standard_input_for_survey_and_writes_standard_output() {
    let answers = std::fs::read(example("survey-answers.json")).unwrap();
    let out = run_with_stdin(
        &["survey", "-", "--as-of", "2025-10-31", "--json"],
        &answers,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!json_of(&out)["records"].as_array().unwrap().is_empty());

    // --errors-csv -: the errors file on standard output, the report on standard error.
    let out = run(&[
        "validate",
        &example("destinations-upload.csv"),
        "--as-of",
        "2025-09-01",
        "--errors-csv",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let csv = stdout(&out);
    assert!(csv.starts_with('\u{feff}'), "{csv}");
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",Row,Errors,Extra values")
    );
    assert_eq!(
        csv.lines().count(),
        13,
        "header and the 12 rejected rows: {csv}"
    );
    assert!(stderr(&out).contains("rejected rows written to standard output (12 rows)"));
    assert!(!std::path::Path::new("-").exists());
    // Two outputs cannot both take standard output.
    let out = run(&[
        "validate",
        &example("destinations-upload.csv"),
        "--errors-csv",
        "-",
        "--accepted-csv",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("[outputs_share_file]"));
    // template -o -.
    let out = run(&["template", "destinations", "-o", "-"]);
    assert_eq!(out.stdout, run(&["template", "destinations"]).stdout);
}

#[test]
fn options_are_named_as_the_command_line_spells_them() {
    let out = run(&[
        "validate",
        &example("destinations-upload.csv"),
        "--sheet",
        "Sheet1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("--sheet") && err.contains("[option_invalid]") && err.contains("CSV"),
        "{err}"
    );
    assert!(!err.contains("'sheet'"), "{err}");
    let dir = scratch("option-names");
    let x = dir.join("x.csv");
    let out = run(&[
        "validate",
        &example("destinations-upload.csv"),
        "--errors-csv",
        x.to_str().unwrap(),
        "--accepted-csv",
        x.to_str().unwrap(),
    ]);
    assert!(
        stderr(&out).contains("--errors-csv and --accepted-csv"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef destinations"),
        ("fish", "complete -c destinations"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = stdout(&out);
        assert!(text.contains(marker), "{shell}: {text}");
        assert!(
            text.contains("errors-csv") && text.contains("check-password"),
            "{shell}"
        );
    }
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn the_man_page_is_the_committed_one() {
    let out = run(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let committed = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/destinations.1")).unwrap();
    assert!(
        out.stdout == committed,
        "run `destinations man > cli/destinations.1`"
    );
}

#[test]
fn a_uln_is_explained_the_same_everywhere() {
    let out = run(&["uln", "4.60E+09", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v[0]["error"]["code"], "uln_excel_number");
    let uln_message = v[0]["error"]["message"].as_str().unwrap().to_string();
    assert!(uln_message.contains("scientific notation"), "{uln_message}");
    let dir = scratch("uln-same");
    let file = dir.join("u.csv");
    std::fs::write(
        &file,
        format!("{HEADER}\n10012345,4.60E+09,LRN1,20000008,,EMP1\n"),
    )
    .unwrap();
    let v = json_of(&run(&[
        "validate",
        file.to_str().unwrap(),
        "--as-of",
        "2025-09-01",
        "--json",
    ]));
    assert_eq!(v["findings"][0]["code"], "uln_excel_number");
    assert_eq!(v["findings"][0]["message"].as_str().unwrap(), uln_message);

    // Excel's text-prefix apostrophe, named as such.
    let v = json_of(&run(&["uln", "'9276308686", "--json"]));
    assert_eq!(v[0]["error"]["code"], "uln_text_prefix");
    assert!(
        v[0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("apostrophe")
    );
    std::fs::write(
        &file,
        format!("{HEADER}\n10012345,'9276308686,LRN1,20000008,,EMP1\n"),
    )
    .unwrap();
    let v = json_of(&run(&[
        "validate",
        file.to_str().unwrap(),
        "--as-of",
        "2025-09-01",
        "--json",
    ]));
    assert_eq!(v["findings"][0]["code"], "uln_text_prefix");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn records_say_plainly_what_is_wrong() {
    let dir = scratch("records-plain");
    let not_json = dir.join("not.json");
    std::fs::write(&not_json, "{not json").unwrap();
    let out = run(&["records", not_json.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("found an object ({...}) where a list ([...]) is expected"),
        "{err}"
    );
    assert!(
        !err.contains("invalid type") && !err.contains("sequence"),
        "{err}"
    );
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "\n").unwrap();
    let err = stderr(&run(&["records", empty.to_str().unwrap()]));
    assert!(err.contains("the file is empty"), "{err}");
    assert!(!err.contains("EOF") && !err.contains("column 0"), "{err}");

    let one = dir.join("one.json");
    std::fs::write(
        &one,
        r#"[{"code": "EMP1", "start": "2025-09-01", "end": null, "collection": "2025-09-15"}]"#,
    )
    .unwrap();
    let out = run(&[
        "records",
        one.to_str().unwrap(),
        "--file-date",
        "2025-10-01",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).starts_with("1 record: no rule broken"),
        "{}",
        stdout(&out)
    );

    // Findings in record order, then a summary line.
    let out = run(&[
        "records",
        &example("destination-records.json"),
        "--file-date",
        "2025-10-01",
    ]);
    let text = stdout(&out);
    let firsts: Vec<usize> = text
        .lines()
        .filter_map(|l| l.strip_prefix("record "))
        .map(|l| l.split([',', ':']).next().unwrap().trim().parse().unwrap())
        .collect();
    let mut sorted = firsts.clone();
    sorted.sort_unstable();
    assert_eq!(firsts, sorted, "{text}");
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with("5 records: 6 errors, 0 warnings"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn awaiting_says_why_a_learner_is_not_listed() {
    let out = run(&[
        "awaiting",
        &example("awaiting.json"),
        "--as-of",
        "2025-09-23",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("not listed\t10000001 L002: still in learning: aim 60099999 has no learning actual end date"),
        "{text}"
    );
    let v = json_of(&run(&[
        "awaiting",
        &example("awaiting.json"),
        "--as-of",
        "2025-09-23",
        "--json",
    ]));
    assert_eq!(v["not_awaiting"][0]["learner_ref"], "L002");
    assert!(
        v["not_awaiting"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("still in learning")
    );
}

#[test]
fn an_unknown_code_number_is_said_one_way() {
    let v = json_of(&run(&["map", "EDU7", "EMP9", "--json"]));
    let edu7 = v[0]["error"]["message"].as_str().unwrap();
    let emp9 = v[1]["error"]["message"].as_str().unwrap();
    assert!(
        edu7.contains("EDU7 is not a destination code; EDU codes are"),
        "{edu7}"
    );
    assert!(
        emp9.contains("EMP9 is not a destination code; EMP codes are"),
        "{emp9}"
    );
}

#[test]
fn the_credentials_file_goes_to_a_pipe_when_asked() {
    let out = run(&[
        "learners",
        &example("learners-import.csv"),
        "--ukprn",
        "10012345",
        "--as-of",
        "2025-09-01",
        "--credentials-csv",
        "-",
        "--seed",
        "7",
    ]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(
        csv.starts_with("\u{feff}Provider,First name,Last name"),
        "{csv}"
    );
    assert!(csv.contains("\r\n"));
    let report = stderr(&out);
    assert!(report.contains("written to standard output"), "{report}");
    assert!(!report.contains("Password"), "{report}");
}
