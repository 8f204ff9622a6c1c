//! Output files of the upload commands: never over the input, never shared, never through a
//! symlink, nothing left behind by a failed or interrupted run, the credentials file private.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{run, scratch};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const HEADER: &str = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_destinations"))
}

fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// A small upload with one accepted and one rejected row.
fn upload(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("upload.csv");
    std::fs::write(
        &path,
        format!(
            "{HEADER}\n10012345,9276308686,LRN1,20000008,ICT,EMP1\n10012345,9276308687,LRN2,20000008,ICT,EMP1\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn an_output_over_the_input_is_refused_however_spelled() {
    let dir = scratch("over-input");
    let input = upload(&dir);
    let before = std::fs::read(&input).unwrap();
    let hard = dir.join("hard.csv");
    std::fs::hard_link(&input, &hard).unwrap();
    for option in ["--errors-csv", "--accepted-csv"] {
        for spelling in ["upload.csv", "./upload.csv", "hard.csv"] {
            let out = bin()
                .current_dir(&dir)
                .args(["validate", "upload.csv", option, spelling])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{option} {spelling}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("[output_is_input]"), "{stderr}");
            assert!(stderr.contains(spelling), "{stderr}");
            assert!(out.stdout.is_empty());
            assert_eq!(
                std::fs::read(&input).unwrap(),
                before,
                "{option} {spelling}"
            );
        }
    }
    // Standard input redirected from the file is the file.
    let out = bin()
        .current_dir(&dir)
        .args(["validate", "-", "--errors-csv", "upload.csv"])
        .stdin(std::fs::File::open(&input).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[output_is_input]"));
    assert_eq!(std::fs::read(&input).unwrap(), before);
    assert_eq!(listing(&dir), names(&["upload.csv", "hard.csv"]));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn two_outputs_on_one_path_are_refused_before_reading() {
    let dir = scratch("shared");
    let x = dir.join("x.csv");
    // Standard input is a pipe that is never written to: a run that read it would wait forever.
    let mut child = bin()
        .args([
            "validate",
            "-",
            "--errors-csv",
            x.to_str().unwrap(),
            "--accepted-csv",
            x.to_str().unwrap(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            child.kill().ok();
            panic!("the run read its input instead of refusing the outputs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().unwrap();
    assert_eq!(status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("[outputs_share_file]")
            && stderr.contains("--errors-csv and --accepted-csv"),
        "{stderr}"
    );
    assert!(!x.exists(), "nothing at X");
    assert!(listing(&dir).is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_symlink_at_the_output_path_is_replaced_and_its_target_untouched() {
    let dir = scratch("symlink");
    let input = upload(&dir);
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, b"keep me").unwrap();
    let errors = dir.join("errors.csv");
    std::os::unix::fs::symlink(&victim, &errors).unwrap();
    let out = run(&[
        "validate",
        input.to_str().unwrap(),
        "--errors-csv",
        errors.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
    assert!(std::fs::symlink_metadata(&errors).unwrap().is_file());
    assert!(std::fs::read_to_string(&errors).unwrap().contains("LRN2"));
    assert_eq!(
        listing(&dir),
        names(&["upload.csv", "victim.txt", "errors.csv"])
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_failed_run_leaves_the_folder_as_it_was() {
    let dir = scratch("failed");
    let input = dir.join("upload.csv");
    // Required columns missing: the file cannot be processed (an interrupted run mid-file is
    // below).
    std::fs::write(&input, "UKPRN,ULN\n10012345,9276308686\n").unwrap();
    std::fs::write(dir.join("errors.csv"), b"previous").unwrap();
    let out = run(&[
        "validate",
        input.to_str().unwrap(),
        "--errors-csv",
        dir.join("errors.csv").to_str().unwrap(),
        "--accepted-csv",
        dir.join("accepted.csv").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(listing(&dir), names(&["upload.csv", "errors.csv"]));
    assert_eq!(std::fs::read(dir.join("errors.csv")).unwrap(), b"previous");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_interrupted_run_leaves_nothing_new() {
    let dir = scratch("sigint");
    let input = dir.join("big.csv");
    let mut text = String::with_capacity(40_000_000);
    text.push_str(HEADER);
    text.push('\n');
    for i in 0..600_000u32 {
        // Every other row rejected (a bad ULN), so both outputs grow.
        let uln = if i % 2 == 0 {
            "9276308686"
        } else {
            "9276308687"
        };
        text.push_str(&format!("10012345,{uln},L{i},20000008,ICT,EMP1\n"));
    }
    std::fs::write(&input, text).unwrap();
    let mut child = bin()
        .args([
            "validate",
            input.to_str().unwrap(),
            "--errors-csv",
            dir.join("errors.csv").to_str().unwrap(),
            "--accepted-csv",
            dir.join("accepted.csv").to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Mid-run: the command has read part of the upload, not all of it.
    let size = std::fs::metadata(&input).unwrap().len();
    let started = Instant::now();
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be interrupted; make the upload bigger"
        );
        let read = read_position(child.id(), &input);
        if read.is_some_and(|n| n > 0 && n < size) || started.elapsed() > Duration::from_secs(20) {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("[cancelled]"), "{stderr}");
    assert_eq!(
        listing(&dir),
        names(&["big.csv"]),
        "nothing new in the folder"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// How far process `pid` has read `file` (its descriptor's offset, from `/proc`), if it has the
/// file open; on systems without `/proc`, `None` (the caller then waits its time out).
fn read_position(pid: u32, file: &Path) -> Option<u64> {
    let file = std::fs::canonicalize(file).ok()?;
    for entry in std::fs::read_dir(format!("/proc/{pid}/fd")).ok()? {
        let entry = entry.ok()?;
        if std::fs::read_link(entry.path()).ok()? == file {
            let info = std::fs::read_to_string(format!(
                "/proc/{pid}/fdinfo/{}",
                entry.file_name().to_string_lossy()
            ))
            .ok()?;
            return info
                .lines()
                .find_map(|l| l.strip_prefix("pos:"))
                .and_then(|n| n.trim().parse().ok());
        }
    }
    None
}

const LEARNERS_HEADER: &str = "UKPRN,Learner year group,First name,Last name,Postcode,Dob";

fn credentials(
    dir: &Path,
    input: &Path,
    name: &str,
    seed: &str,
) -> (std::process::Output, Vec<u8>) {
    let creds = dir.join(name);
    let out = run(&[
        "learners",
        input.to_str().unwrap(),
        "--as-of",
        "2025-09-01",
        "--credentials-csv",
        creds.to_str().unwrap(),
        "--seed",
        seed,
    ]);
    let bytes = std::fs::read(&creds).unwrap_or_default();
    (out, bytes)
}

#[test]
fn the_credentials_file_is_private_excel_ready_neutralised_and_reproducible_with_a_seed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("credentials");
    let input = dir.join("learners.csv");
    std::fs::write(
        &input,
        format!(
            "{LEARNERS_HEADER}\n10012345,Year 11,=cmd|' /C calc'!A0,Marmoshon,B33 8TH,2010-01-02\n10012345,Year 12,Zoë,Ó Súilleabháin,B33 8TH,2009-05-17\n"
        ),
    )
    .unwrap();
    let (out, bytes) = credentials(&dir, &input, "a.csv", "42");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mode = std::fs::metadata(dir.join("a.csv"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a UTF-8 byte-order mark for Excel"
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.ends_with("\r\n"));
    assert_eq!(
        text.matches("\r\n").count(),
        3,
        "CRLF ends every line: {text:?}"
    );
    assert_eq!(text.matches('\n').count(), 3);
    assert!(text.starts_with("Provider,First name,Last name,"), "{text}");
    assert!(
        text.contains("'=cmd|' /C calc'!A0"),
        "the formula is neutralised: {text}"
    );
    assert!(
        text.contains("Zoë,Ó Súilleabháin"),
        "accented names intact: {text}"
    );
    // The same input and seed give the same bytes.
    let (_, again) = credentials(&dir, &input, "b.csv", "42");
    assert_eq!(bytes, again);
    let (_, other) = credentials(&dir, &input, "c.csv", "43");
    assert_ne!(bytes, other, "another seed, other passwords");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_output_over_the_exported_or_reference_file_is_refused() {
    let dir = scratch("over-export");
    let export = dir.join("export.csv");
    std::fs::copy(
        common::example("learner-qualifications-export.csv"),
        &export,
    )
    .unwrap();
    let before = std::fs::read(&export).unwrap();
    for option in ["--export", "--reference"] {
        let out = run(&[
            "qualifications",
            &common::example("learner-qualifications.csv"),
            option,
            export.to_str().unwrap(),
            "--errors-csv",
            export.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{option}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("[output_is_input]"), "{option}: {stderr}");
        assert_eq!(std::fs::read(&export).unwrap(), before);
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// The shared vector's credentials file, byte for byte, from the command line (the same bytes
/// the core, Python and Node give for that input and seed).
#[test]
fn the_credentials_vector_gives_the_same_bytes_from_the_cli() {
    let path = format!(
        "{}/../tests/vectors/workflow.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let vectors: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let case = vectors["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["call"] == "run" && c["expected"]["credentials_csv"].is_string())
        .expect("a run vector with the credentials file's bytes");
    let options = &case["options"];
    let dir = scratch("credentials-vector");
    let input = dir.join("learners.csv");
    std::fs::write(&input, case["input_text"].as_str().unwrap()).unwrap();
    let existing = dir.join("existing.txt");
    let names: Vec<&str> = options["existing_usernames"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    std::fs::write(&existing, names.join("\n")).unwrap();
    let creds = dir.join("credentials.csv");
    let seed = options["seed"].as_u64().unwrap().to_string();
    let out = run(&[
        "learners",
        input.to_str().unwrap(),
        "--as-of",
        options["as_of"].as_str().unwrap(),
        "--existing-usernames",
        existing.to_str().unwrap(),
        "--credentials-csv",
        creds.to_str().unwrap(),
        "--seed",
        &seed,
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = case["expected"]["credentials_csv"].as_str().unwrap();
    assert_eq!(
        std::fs::read_to_string(&creds).unwrap(),
        expected,
        "{}",
        case["name"]
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_folder_at_the_output_path_or_a_missing_folder_is_refused_before_reading() {
    let dir = scratch("unwritable");
    let input = upload(&dir);
    std::fs::create_dir(dir.join("sub")).unwrap();
    for (option, path) in [
        ("--errors-csv", dir.join("sub")),
        ("--accepted-csv", dir.join("missing").join("x.csv")),
    ] {
        let out = run(&[
            "validate",
            input.to_str().unwrap(),
            option,
            path.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{option}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("[output_unwritable]"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    assert_eq!(listing(&dir), names(&["upload.csv", "sub"]));
    assert!(listing(&dir.join("sub")).is_empty());
    std::fs::remove_dir_all(&dir).ok();
}
