//! Runs every vector file under `tests/vectors/` through the Rust API.
//!
//! Each `kind` has one function turning a case into the "actual" JSON object; the expected
//! object must be contained in it. Python and Node run the same files through their APIs.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use learner_destinations::awaiting::{Enrolment, LearnerDestination, awaiting};
use learner_destinations::catalogue::finding_kind;
use learner_destinations::codes::Schemes;
use learner_destinations::contact::{ContactPolicy, ContactPreferences};
use learner_destinations::dates::{TeachingYear, add_months, parse_date};
use learner_destinations::records::{DestinationRecord, check_records};
use learner_destinations::tracking::{Survey, TrackingSettings, track};
use learner_destinations::{Refusal, UkMobile, Uln};
use learner_destinations_vectors::{subset_mismatch, vectors_dir};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

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

fn learner_field(case: &Value) -> Value {
    use learner_destinations::identifiers::{Postcode, Upn, check_email, check_uk_telephone};
    use learner_destinations::learners::{
        AccountKind, LearnerLists, check_ccis, check_dob, check_password, check_text_field,
        check_username,
    };
    let input = str_field(case, "input");
    let lists = LearnerLists::builtin();
    let accepted = |value: Option<String>, warnings: Vec<&str>| json!({ "valid": true, "value": value, "warnings": warnings });
    let result: Result<Value, Refusal> = match str_field(case, "field") {
        "upn" => Upn::parse(input).map(|u| accepted(Some(u.to_string()), vec![])),
        "postcode" => Postcode::parse(input).map(|p| {
            let w = p.warnings(input);
            accepted(
                Some(p.postcode.to_string()),
                w.iter().map(|r| r.code()).collect(),
            )
        }),
        "telephone" => check_uk_telephone(input).map(|t| accepted(Some(t.to_string()), vec![])),
        "email" => check_email(input).map(|e| accepted(Some(e.to_string()), vec![])),
        "dob" => match parse_date(str_field(case, "as_of")) {
            Err(r) => Err(r),
            Ok(as_of) => check_dob(input, as_of, 11..=25).map(|d| {
                accepted(
                    Some(d.date.to_string()),
                    d.warning.iter().map(|r| r.code()).collect(),
                )
            }),
        },
        "year_group" => lists
            .year_group(input)
            .map(|v| accepted(Some(v.to_string()), vec![])),
        "gender" => lists
            .gender(input)
            .map(|v| accepted(Some(v.to_string()), vec![])),
        "ethnicity" => lists
            .ethnicity(input)
            .map(|v| accepted(Some(v.to_string()), vec![])),
        "ccis" => check_ccis(input).map(|v| accepted(Some(v.to_string()), vec![])),
        "text" => check_text_field("Street", input).map(|v| accepted(Some(v.to_string()), vec![])),
        "username" => check_username(input, AccountKind::Learner).map(|()| accepted(None, vec![])),
        "staff_username" => {
            check_username(input, AccountKind::Staff).map(|()| accepted(None, vec![]))
        }
        "password" => check_password(input).map(|()| accepted(None, vec![])),
        other => return json!({ "error": format!("unknown field '{other}'") }),
    };
    result.unwrap_or_else(|r| {
        let mut v = error_json(&r);
        v["valid"] = json!(false);
        v
    })
}

fn survey(schemes: &Schemes, case: &Value) -> Value {
    use learner_destinations::survey::{
        DerivationContext, SurveyAnswers, SurveyDefinition, derive,
    };
    let definition = SurveyDefinition::builtin(schemes);
    let text = case
        .get("answers")
        .map(Value::to_string)
        .unwrap_or_default();
    let answers = match SurveyAnswers::from_json_str(&text) {
        Ok(a) => a,
        Err(e) => return json!({ "error": e.code(), "message": e.to_string() }),
    };
    let learning_end = match case
        .get("learning_end")
        .and_then(Value::as_str)
        .map(parse_date)
    {
        Some(Err(r)) => return error_json(&r),
        Some(Ok(d)) => Some(d),
        None => None,
    };
    let as_of = match parse_date(str_field(case, "as_of")) {
        Ok(d) => d,
        Err(r) => return error_json(&r),
    };
    let out = derive(
        &definition,
        &answers,
        &DerivationContext {
            schemes,
            learning_end,
            as_of,
        },
    );
    let codes: Vec<&str> = out.findings.iter().map(|f| f.code).collect();
    json!({
        "records": serde_json::to_value(&out.records).unwrap_or(Value::Null),
        "findings": serde_json::to_value(&out.findings).unwrap_or(Value::Null),
        "finding_codes": codes,
    })
}

/// `case.input[key]` read as `T`; a vector that does not parse is a broken vector file.
fn field<T: DeserializeOwned>(case: &Value, key: &str) -> T {
    let v = case["input"].get(key).cloned().unwrap_or(Value::Null);
    serde_json::from_value(v).unwrap_or_else(|e| panic!("input.{key}: {e}"))
}

/// `case.input[key]` read as `T`, or `T::default()` when the key is absent.
fn field_or_default<T: DeserializeOwned + Default>(case: &Value, key: &str) -> T {
    if case["input"].get(key).is_some() {
        field(case, key)
    } else {
        T::default()
    }
}

fn input_date(case: &Value, key: &str) -> Option<chrono::NaiveDate> {
    case["input"]
        .get(key)
        .and_then(Value::as_str)
        .map(|s| parse_date(s).unwrap_or_else(|e| panic!("input.{key}: {e}")))
}

/// kind `contact`: input = ContactPreferences fields + `policy`, `learning_end`, `as_of`.
fn contact(case: &Value) -> Value {
    let input = &case["input"];
    let prefs: ContactPreferences = serde_json::from_value(json!({
        "rui": input.get("rui").cloned().unwrap_or(json!([])),
        "pmc": input.get("pmc").cloned().unwrap_or(json!([])),
        "email": input.get("email").cloned().unwrap_or(json!(true)),
        "mobile": input.get("mobile").cloned().unwrap_or(json!(true)),
    }))
    .unwrap_or_else(|e| panic!("contact input: {e}"));
    let policy: ContactPolicy = input
        .get("policy")
        .map(|p| serde_json::from_value(p.clone()).unwrap_or_else(|e| panic!("policy: {e}")))
        .unwrap_or_default();
    let decision = match prefs.decide(policy) {
        Ok(d) => d,
        Err(r) => return error_json(&r),
    };
    let mut out = serde_json::to_value(&decision).unwrap();
    if let (Some(end), Some(as_of)) = (input_date(case, "learning_end"), input_date(case, "as_of"))
    {
        match decision.automatic_record(end, as_of) {
            Ok(record) => out["record"] = serde_json::to_value(record).unwrap(),
            Err(r) => return error_json(&r),
        }
    }
    out
}

/// kind `contact_preferences`: the ContPrefType checks.
fn contact_preferences(case: &Value) -> Value {
    let prefs =
        ContactPreferences::new(field_or_default(case, "rui"), field_or_default(case, "pmc"));
    let findings: Vec<Value> = prefs
        .check(input_date(case, "first_start"))
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f).unwrap();
            v["mirrors"] = json!(finding_kind(f.code).and_then(|k| k.mirrors));
            v
        })
        .collect();
    json!({ "findings": findings })
}

fn uk_mobile(case: &Value) -> Value {
    match UkMobile::parse(str_field(case, "input")) {
        Ok(m) => {
            json!({ "valid": true, "national": m.as_str(), "international": m.international() })
        }
        Err(r) => {
            let mut v = error_json(&r);
            v["valid"] = json!(false);
            v
        }
    }
}

fn tracking(case: &Value) -> Value {
    let survey: Survey = field(case, "survey");
    let settings: TrackingSettings = field_or_default(case, "settings");
    let as_of = input_date(case, "as_of").expect("input.as_of");
    match track(&survey, &settings, as_of) {
        Ok(t) => serde_json::to_value(t).unwrap(),
        Err(r) => error_json(&r),
    }
}

fn destination_records(schemes: &Schemes, case: &Value) -> Value {
    let records: Vec<DestinationRecord> = field(case, "records");
    let year: TeachingYear = field(case, "year");
    let file_date = input_date(case, "file_preparation_date").expect("input.file_preparation_date");
    let findings = check_records(&records, schemes, year, file_date);
    json!({ "findings": findings })
}

fn awaiting_destinations(case: &Value) -> Value {
    let enrolments: Vec<Enrolment> = field(case, "enrolments");
    let destinations: Vec<LearnerDestination> = field(case, "destinations");
    let as_of = input_date(case, "as_of").expect("input.as_of");
    serde_json::to_value(awaiting(&enrolments, &destinations, as_of)).unwrap()
}

fn month_arithmetic(case: &Value) -> Value {
    let date = input_date(case, "date").expect("input.date");
    json!({ "date": add_months(date, field(case, "months")).to_string() })
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
                "learner_field" => learner_field(case),
                "survey" => survey(&schemes, case),
                "contact" => contact(case),
                "contact_preferences" => contact_preferences(case),
                "uk_mobile" => uk_mobile(case),
                "tracking" => tracking(case),
                "destination_records" => destination_records(&schemes, case),
                "awaiting" => awaiting_destinations(case),
                "add_months" => month_arithmetic(case),
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
