//! What the command prints under attack: standard output closed by its reader (`destinations
//! codes | head`) ends every printing command quietly, with its own exit status and nothing on
//! standard error; cell values with terminal escape sequences, C1 controls or bidirectional
//! overrides are shown escaped in the human report, never sent to the terminal.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{example, scratch};
use std::process::{Command, Output, Stdio};

/// Runs `destinations ARGS` with standard output a pipe whose reading end is already closed,
/// so that its first write fails with a broken pipe.
fn with_stdout_closed(args: &[&str]) -> Output {
    let (read, write) = nix::unistd::pipe().unwrap();
    drop(read);
    Command::new(env!("CARGO_BIN_EXE_destinations"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(write))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
        .wait_with_output()
        .unwrap()
}

fn ilr_file() -> String {
    format!(
        "{}/../tests/ilr/ILR-10000001-2425-20250320-090000-01.xml",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn a_closed_pipe_ends_every_printing_command_quietly() {
    let upload = example("destinations-upload.csv");
    let awaiting = example("awaiting.json");
    let records = example("destination-records.json");
    let survey = example("survey-answers.json");
    let ilr = ilr_file();
    let dir = scratch("closed-pipe");
    let errors = dir.join("errors.csv");
    let errors = errors.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["codes"],
        vec!["codes", "--json"],
        vec!["errors"],
        vec!["errors", "--json"],
        vec!["findings"],
        vec!["man"],
        vec!["completions", "bash"],
        vec!["template", "destinations"],
        vec!["uln", "9276308686", "1234567890"],
        vec!["map", "EMP1"],
        vec!["validate", &upload, "--as-of", "2025-09-01"],
        vec!["validate", &upload, "--as-of", "2025-09-01", "--json"],
        vec![
            "validate",
            &upload,
            "--as-of",
            "2025-09-01",
            "--errors-csv",
            "-",
        ],
        vec![
            "validate",
            &upload,
            "--as-of",
            "2025-09-01",
            "--errors-csv",
            errors,
        ],
        vec!["awaiting", &awaiting, "--as-of", "2025-09-22"],
        vec!["records", &records, "--file-date", "2025-10-01"],
        vec!["survey", &survey],
        vec!["ilr", "awaiting", &ilr, "--as-of", "2025-09-01"],
        vec!["ilr", "awaiting", &ilr, "--as-of", "2025-09-01", "--json"],
        vec!["ilr", "contacts", &ilr],
        vec!["ilr", "records", &ilr],
        vec!["ilr", "template", &ilr, "--as-of", "2025-09-01"],
    ];
    for args in &cases {
        let out = with_stdout_closed(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "destinations {args:?}: {stderr}"
        );
        // With an output on standard output (`--errors-csv -`) the report goes to standard
        // error by design; otherwise nothing may.
        if !args.contains(&"-") {
            assert_eq!(stderr, "", "destinations {args:?} printed on stderr");
        }
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "destinations {args:?} exited {code:?}"
        );
    }
    // The same commands exit as they do with an open standard output.
    let open = common::run(&["validate", &upload, "--as-of", "2025-09-01"]);
    let closed = with_stdout_closed(&["validate", &upload, "--as-of", "2025-09-01"]);
    assert_eq!(open.status.code(), closed.status.code());
    // The errors file is still written whole when the report cannot be.
    let written = std::fs::read_to_string(errors).unwrap();
    assert!(written.lines().count() > 1, "{written}");
}

#[test]
fn cells_cannot_drive_the_terminal() {
    let dir = scratch("escapes");
    let file = dir.join("escapes.csv");
    std::fs::write(
        &file,
        "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code\n\
         10012345,\u{1b}[2J\u{1b}]0;owned\u{7},L1,60012345,Title,EMP1\n\
         10012345,4603001109,L2,60012345,Title,\u{9b}31m\u{202e}1PME\n\
         10012345,4603001109,L3\r,60012345,Title,EMP1\u{8}\u{8}OK\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let out = common::run(&["validate", file, "--as-of", "2025-09-01"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r', '\u{8}'] {
        assert!(
            !stdout.contains(c),
            "U+{:04X} reached the terminal:\n{stdout}",
            c as u32
        );
    }
    assert!(stdout.contains("\\u{1b}[2J"), "{stdout}");
    assert!(
        stdout.contains("\\u{9b}31m\\u{202e}1PME") || stdout.contains("\\u{202e}"),
        "{stdout}"
    );
    // The JSON report keeps the values exactly (JSON escapes C0 itself).
    let out = common::run(&["validate", file, "--as-of", "2025-09-01", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = v.to_string();
    assert!(text.contains("\\u001b[2J"), "{text}");

    // An error message that echoes the file's text on standard error is escaped too.
    let bad = dir.join("bad-header.csv");
    std::fs::write(&bad, "UKPRN,\u{1b}[31mUnique Learner Number\n10012345,1\n").unwrap();
    let out = common::run(&["validate", bad.to_str().unwrap(), "--as-of", "2025-09-01"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert!(stderr.contains("\\u{1b}[31m"), "{stderr}");
}
