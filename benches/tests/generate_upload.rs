//! `generate-upload`'s own usage: help on request, a plain message for a flag without its value.
#![allow(clippy::unwrap_used)]

use std::process::Command;

fn generate_upload(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_generate-upload"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn help_prints_the_usage_and_exits_0() {
    for flag in ["--help", "-h"] {
        let out = generate_upload(&[flag]);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.starts_with("usage: generate-upload [--rows N]"),
            "{text}"
        );
        assert!(
            text.contains("--bad PER_10000") && text.contains("10000: all bad"),
            "{text}"
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !text.contains("bad argument") && !text.contains("None"),
            "{text}"
        );
    }
}

#[test]
fn a_flag_without_its_value_is_said_plainly() {
    let out = generate_upload(&["--rows"]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(
        text.starts_with("generate-upload: --rows needs a value"),
        "{text}"
    );
    assert!(!text.contains("None"), "{text}");
    let out = generate_upload(&["--rows", "many"]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(
        text.starts_with("generate-upload: bad argument --rows many"),
        "{text}"
    );
}
