//! `destinations check-username` and `check-password`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_destinations"))
}

#[test]
fn username_exit_codes_and_reasons() {
    let ok = bin()
        .args(["check-username", "PMarmoshon"])
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    let bad = bin().args(["check-username", "pm"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("username_length"));
    let long = "a".repeat(200);
    assert_eq!(
        bin()
            .args(["check-username", &long])
            .output()
            .unwrap()
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        bin()
            .args(["check-username", &long, "--staff"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
}

fn password(pw: &str) -> std::process::Output {
    let mut child = bin()
        .arg("check-password")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(pw.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn password_from_stdin_never_echoed() {
    assert_eq!(password("76L6K6B9\n").status.code(), Some(0));
    let out = password("abcdefgh\n");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("number or symbol") && !text.contains("abcdefgh"),
        "{text}"
    );
    // A password is not taken as an argument.
    assert_eq!(
        bin()
            .args(["check-password", "secret1"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}
