//! Runs the hostile corpus (`hostile/manifest.json`): every case ends with the catalogued error
//! or the findings its manifest entry names, and nothing is lost (the summary's counts add up).
//! Cost is bounded by the reader's limits, not by timing: an error case must name the limit
//! that stopped it, and the process's peak memory stays within the corpus's stated bound.

use learner_destinations::Error;
use learner_destinations::codes::Schemes;
use learner_destinations::dates::parse_date;
use learner_destinations::template::destinations::{DestinationsOptions, DestinationsTemplate};
use learner_destinations::template::{Upload, UploadOptions, open_source};
use learner_destinations_vectors::hostile::{generate, hostile_dir};
use learner_destinations_vectors::subset_mismatch;
use serde_json::{Value, json};
use std::path::PathBuf;

fn outcome(bytes: &[u8], as_of: &str) -> Value {
    let schemes = Schemes::builtin();
    let template = DestinationsTemplate::new(
        &schemes,
        DestinationsOptions::new(parse_date(as_of).expect("date")),
    );
    let run = open_source(bytes, None)
        .and_then(|source| Upload::new(source, template, UploadOptions::default()))
        .and_then(|upload| upload.finish());
    match run {
        Ok(report) => {
            let s = &report.summary;
            assert_eq!(
                s.rows,
                s.accepted + s.rejected,
                "every row accepted or rejected"
            );
            json!({
                "summary": {
                    "rows": s.rows,
                    "accepted": s.accepted,
                    "rejected": s.rejected,
                    "blank_rows_skipped": s.blank_rows_skipped,
                },
                "findings": report.findings.iter().map(|f| json!({"code": f.code, "row": f.row})).collect::<Vec<_>>(),
            })
        }
        Err(e) => {
            let limit = match &e {
                Error::WorkbookTooLarge { limit, .. } => json!(limit),
                _ => Value::Null,
            };
            json!({"error": e.code(), "limit": limit, "message": e.to_string()})
        }
    }
}

/// The process's peak resident memory in KiB, and a reset of it (Linux).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

#[test]
fn hostile_corpus() {
    let dir = hostile_dir();
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("manifest.json")).expect("manifest"),
    )
    .expect("manifest JSON");
    let limit_mib = manifest["peak_memory_mib"]
        .as_u64()
        .expect("peak_memory_mib");
    let generated = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&generated).expect("folder");
    let mut failures = Vec::new();
    for case in manifest["cases"].as_array().expect("cases") {
        let name = case["name"].as_str().expect("name");
        let file = case["file"].as_str().expect("file");
        let path = if case["generated"] == true {
            let path = generated.join(file);
            if !path.exists() {
                generate(name, &path).expect("generate");
            }
            path
        } else {
            dir.join("files").join(file)
        };
        let bytes = std::fs::read(&path).expect("read case");
        let max_bytes = case["max_file_bytes"].as_u64().expect("max_file_bytes");
        assert!(
            bytes.len() as u64 <= max_bytes,
            "{name}: {} bytes, more than the {max_bytes} stated",
            bytes.len()
        );
        let measured = reset_peak();
        let started = std::time::Instant::now();
        let actual = outcome(&bytes, case["as_of"].as_str().unwrap_or("2025-09-01"));
        drop(bytes);
        eprintln!("{name}: {:?}, peak {:?} KiB", started.elapsed(), peak_kib());
        if measured && let Some(kib) = peak_kib() {
            assert!(
                kib / 1024 <= limit_mib,
                "{name}: peak memory {} MiB, more than {limit_mib} MiB",
                kib / 1024
            );
        }
        if let Some(m) = subset_mismatch(&case["expect"], &actual, name) {
            failures.push(format!("{m}\n  actual: {actual}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
