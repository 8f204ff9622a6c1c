//! Runs every vector file under `tests/vectors/` through the Rust API.
//!
//! Each `kind` has one function turning a case into the "actual" JSON object; the expected
//! object must be contained in it. Python and Node run the same files through their APIs.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use learner_destinations::codes::Schemes;
use learner_destinations::dates::parse_date;
use learner_destinations::template::destinations::{DestinationsOptions, upload_csv};
use learner_destinations::template::{
    AcceptedCsvWriter, ErrorsCsvWriter, RowOutcome, UploadOptions,
};
use learner_destinations::{Refusal, Ukprn, Uln};
use learner_destinations_vectors::{base64_decode, subset_mismatch, vectors_dir};
use serde_json::{Map, Value, json};

fn error_json(r: &Refusal) -> Value {
    json!({ "error": r.code(), "message": r.message })
}

fn str_field<'a>(case: &'a Value, key: &str) -> &'a str {
    case.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn uln(case: &Value) -> Value {
    match Uln::parse(str_field(case, "input")) {
        Ok(u) => json!({ "valid": true, "unknown": u.is_unknown() }),
        Err(r) => {
            let mut v = error_json(&r);
            v["valid"] = json!(false);
            v["unknown"] = json!(false);
            v
        }
    }
}

fn destination_code(schemes: &Schemes, case: &Value) -> Value {
    match schemes.parse(str_field(case, "input")) {
        Ok(c) => json!({ "scheme": c.scheme(), "code": c.code(), "title": c.title() }),
        Err(r) => error_json(&r),
    }
}

fn code_mapping(schemes: &Schemes, case: &Value) -> Value {
    let entry = match schemes.parse(str_field(case, "input")) {
        Ok(c) => c,
        Err(r) => return error_json(&r),
    };
    if let Some(target) = case.get("target").and_then(Value::as_str) {
        let qualifiers: Vec<&str> = case
            .get("qualifiers")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        return match schemes.to_scheme(entry, target, &qualifiers) {
            Ok(c) => json!({ "mapped": c.code(), "scheme": c.scheme() }),
            Err(r) => error_json(&r),
        };
    }
    let as_of = match parse_date(str_field(case, "as_of")) {
        Ok(d) => d,
        Err(r) => return error_json(&r),
    };
    let equivalents: Vec<&str> = schemes
        .equivalents(entry)
        .iter()
        .map(|c| c.code())
        .collect();
    json!({
        "code": entry.code(),
        "scheme": entry.scheme(),
        "valid": entry.is_valid_on(as_of),
        "equivalents": equivalents,
    })
}

/// The bytes of an upload case: `input_text`, `input_base64` or `input_file`.
fn upload_bytes(case: &Value) -> Vec<u8> {
    if let Some(text) = case.get("input_text").and_then(Value::as_str) {
        return text.as_bytes().to_vec();
    }
    if let Some(b64) = case.get("input_base64").and_then(Value::as_str) {
        return base64_decode(b64).expect("input_base64 is valid base64");
    }
    let path = str_field(case, "input_file");
    std::fs::read(vectors_dir().join(path)).unwrap_or_else(|e| panic!("input_file {path}: {e}"))
}

fn destinations_upload(schemes: &Schemes, case: &Value) -> Value {
    let bytes = upload_bytes(case);
    let mut options =
        DestinationsOptions::new(parse_date(str_field(case, "as_of")).expect("as_of"));
    if let Some(u) = case.get("ukprn").and_then(Value::as_str) {
        options = options.with_ukprn(Ukprn::parse(u).expect("ukprn option"));
    }
    let upload_options = UploadOptions {
        max_findings: case
            .get("max_findings")
            .and_then(Value::as_u64)
            .map(|n| n as usize),
        file_name: case
            .get("file_name")
            .and_then(Value::as_str)
            .map(String::from),
        processed_at: case
            .get("processed_at")
            .and_then(Value::as_str)
            .map(String::from),
    };
    let result = upload_csv(&bytes[..], schemes, options, upload_options).and_then(|upload| {
        let mut errors = ErrorsCsvWriter::new(Vec::new(), &upload)?;
        let mut accepted = AcceptedCsvWriter::new(Vec::new(), &upload)?;
        let mut rejected_rows = Vec::new();
        let mut accepted_rows = Vec::new();
        let report = upload.run(|outcome| match outcome {
            RowOutcome::Accepted(mut row) => {
                let mut fields = Map::new();
                fields.insert("row".into(), json!(row.row()));
                for (name, value) in row.iter() {
                    fields.insert(name.into(), json!(value));
                }
                accepted_rows.push(Value::Object(fields));
                accepted.write(&mut row)
            }
            RowOutcome::Rejected(row) => {
                let codes: Vec<&str> = row
                    .findings()
                    .iter()
                    .filter(|f| f.is_error())
                    .map(|f| f.code)
                    .collect();
                rejected_rows.push(json!({ "row": row.row(), "codes": codes }));
                errors.write(&row)
            }
        })?;
        let errors_csv = String::from_utf8(errors.finish()?).expect("UTF-8 errors file");
        let accepted_csv = String::from_utf8(accepted.finish()?).expect("UTF-8 export");
        let mut actual = serde_json::to_value(&report).expect("report serialises");
        actual["rejected_rows"] = json!(rejected_rows);
        actual["accepted_rows"] = json!(accepted_rows);
        actual["errors_csv"] = json!(errors_csv);
        actual["accepted_csv"] = json!(accepted_csv);
        Ok(actual)
    });
    result.unwrap_or_else(|e| json!({ "error": e.code(), "message": e.to_string() }))
}

#[test]
fn all_vectors() {
    let schemes = Schemes::builtin();
    let mut files: Vec<_> = std::fs::read_dir(vectors_dir())
        .expect("tests/vectors exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vector files found");
    let mut failures = Vec::new();
    let mut count = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable vector file");
        let doc: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let kind = str_field(&doc, "kind").to_string();
        let cases = doc
            .get("cases")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        assert!(!cases.is_empty(), "{}: no cases", path.display());
        for (i, case) in cases.iter().enumerate() {
            let actual = match kind.as_str() {
                "uln" => uln(case),
                "destination_code" => destination_code(&schemes, case),
                "code_mapping" => code_mapping(&schemes, case),
                "destinations_upload" => destinations_upload(&schemes, case),
                other => panic!("{}: unknown vector kind '{other}'", path.display()),
            };
            count += 1;
            let expected = case.get("expected").unwrap_or(&Value::Null);
            if let Some(m) = subset_mismatch(expected, &actual, "") {
                let name = case
                    .get("name")
                    .or(case.get("input"))
                    .cloned()
                    .unwrap_or(Value::Null);
                failures.push(format!(
                    "{} case {i} ({name}): {m}",
                    path.file_name().unwrap_or_default().to_string_lossy()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} vector cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{count} vector cases passed");
}

/// The upload vectors cover every finding the destinations template can produce, every error a
/// file can be refused with, and every encoding read.
#[test]
fn upload_vectors_cover_every_finding_error_and_encoding() {
    use learner_destinations::template::{self, destinations};
    use learner_destinations::{codes, identifiers};
    use std::collections::BTreeSet;

    let text = std::fs::read_to_string(vectors_dir().join("destinations_upload.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let mut codes_seen = BTreeSet::new();
    let mut errors_seen = BTreeSet::new();
    let mut encodings_seen = BTreeSet::new();
    for case in doc["cases"].as_array().unwrap() {
        let expected = &case["expected"];
        for f in expected["findings"].as_array().into_iter().flatten() {
            codes_seen.insert(f["code"].as_str().unwrap().to_string());
        }
        for r in expected["rejected_rows"].as_array().into_iter().flatten() {
            for c in r["codes"].as_array().unwrap() {
                codes_seen.insert(c.as_str().unwrap().to_string());
            }
        }
        if let Some(e) = expected["error"].as_str() {
            errors_seen.insert(e.to_string());
        }
        if let Some(e) = expected["summary"]["encoding"].as_str() {
            encodings_seen.insert(e.to_string());
        }
    }
    let code_kinds = [
        &codes::CODE_FORMAT,
        &codes::TYPE_UNKNOWN,
        &codes::CODE_UNKNOWN,
        &codes::CODE_NOT_VALID,
    ];
    let kinds = template::KINDS
        .iter()
        .chain(destinations::KINDS)
        .chain(identifiers::KINDS)
        .chain(&code_kinds);
    let missing: Vec<&str> = kinds
        .map(|k| k.code)
        .filter(|c| !codes_seen.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "no upload vector for findings {missing:?}"
    );
    for error in [
        "not_csv",
        "encoding_unsupported",
        "missing_columns",
        "duplicate_column",
        "too_many_columns",
        "no_data",
    ] {
        assert!(
            errors_seen.contains(error),
            "no upload vector for error {error}"
        );
    }
    for encoding in [
        "UTF-8",
        "UTF-8 with BOM",
        "UTF-16LE",
        "UTF-16BE",
        "Windows-1252",
    ] {
        assert!(
            encodings_seen.contains(encoding),
            "no upload vector for encoding {encoding}"
        );
    }
}
