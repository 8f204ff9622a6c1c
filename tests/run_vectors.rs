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
use learner_destinations::qualifications::QualificationLists;
use learner_destinations::records::{DestinationRecord, check_records};
use learner_destinations::template::destinations::{DestinationsOptions, DestinationsTemplate};
use learner_destinations::template::download::{TemplateKind, template_csv};
use learner_destinations::template::learners::{LearnersOptions, LearnersTemplate};
use learner_destinations::template::qualifications::{
    QualificationsOptions, open_upload, read_export,
};
use learner_destinations::template::{
    AcceptedCsvWriter, ErrorsCsvWriter, RowOutcome, RowSource, Template, Upload, UploadOptions,
    open_source,
};
use learner_destinations::tracking::{Survey, TrackingSettings, track};
use learner_destinations::workflow::{
    self, DestinationsJob, KeyStyle, LearnersJob, NamedInput, QualificationResources,
    QualificationsJob, RunContext, Sinks,
};
use learner_destinations::{Refusal, UkMobile, Ukprn, Uln};
use learner_destinations_vectors::{base64_decode, subset_mismatch, vectors_dir};
use serde::de::DeserializeOwned;
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
    // `answers_text`: the document as text, for what a case cannot hold as an object (a key
    // given twice).
    let text = match case.get("answers_text").and_then(Value::as_str) {
        Some(text) => text.to_string(),
        None => case
            .get("answers")
            .map(Value::to_string)
            .unwrap_or_default(),
    };
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

/// One learner through the per-learner awaiting rules with ILR funding fields: which of R107
/// and R108 fire.
fn ilr_esfa_rules(case: &Value) -> Value {
    use learner_destinations::awaiting::{CompletionStatus, Funding, awaiting_by_learner};
    use learner_destinations::records::DestinationRecord;
    use learner_destinations::{LearnAimRef, LearnRefNumber};
    let input = &case["input"];
    let ukprn = Ukprn::parse("10000001").unwrap();
    let uln = Uln::parse("9999999999").unwrap();
    let learner_ref = LearnRefNumber::parse(input["learner_ref"].as_str().unwrap()).unwrap();
    let enrolments: Vec<Enrolment> = input["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let comp = d["comp_status"].as_u64().unwrap() as u8;
            Enrolment {
                ukprn,
                uln,
                learner_ref: learner_ref.clone(),
                aim_ref: LearnAimRef::parse("ZPROG001").unwrap(),
                learning_end: d["learning_end"].as_str().map(|s| parse_date(s).unwrap()),
                completion_status: CompletionStatus::from_code(comp)
                    .unwrap_or(CompletionStatus::Completed),
                funding: Some(Funding {
                    fund_model: d["fund_model"].as_u64().unwrap() as u8,
                    prog_type: d["prog_type"].as_u64().map(|p| p as u8),
                    comp_status: Some(comp),
                }),
            }
        })
        .collect();
    let mut destinations = Vec::new();
    for record in input["dp"].as_array().unwrap() {
        let Some(r) = record["learner_ref"].as_str() else {
            continue;
        };
        for start in record["outcomes"].as_array().unwrap() {
            let start = parse_date(start.as_str().unwrap()).unwrap();
            destinations.push(LearnerDestination {
                ukprn,
                learner_ref: LearnRefNumber::parse(r).unwrap(),
                uln: None,
                aim_ref: None,
                record: DestinationRecord::new("EMP1", start, None, start),
            });
        }
    }
    let as_of = parse_date(input["file_preparation_date"].as_str().unwrap()).unwrap();
    let learners = awaiting_by_learner(&enrolments, &destinations, as_of);
    let rules: Vec<&str> = learners
        .first()
        .map(|l| l.rules.clone())
        .unwrap_or_default();
    let mut out = json!({ "r107": rules.contains(&"R107"), "r108": rules.contains(&"R108") });
    if let Some(l) = learners.first() {
        out["latest_end"] = json!(l.latest_end.to_string());
    }
    out
}

/// An ILR file (inline XML) read for one use through the core's ILR workflow (the case's
/// `as_of`, `sof` and `policy` as the workflow's plain data): the use's JSON, or
/// `{"error", "message"}`.
fn ilr_file(case: &Value) -> Value {
    use learner_destinations::workflow::{
        IlrAwaitingJob, IlrContactsJob, IlrRecordsJob, KeyStyle, run_ilr_awaiting,
        run_ilr_contacts, run_ilr_records,
    };
    let input = &case["input"];
    let xml = str_field(input, "xml").as_bytes();
    let mut options = serde_json::Map::new();
    for key in ["as_of", "sof", "policy"] {
        if let Some(v) = input.get(key) {
            options.insert(key.to_string(), v.clone());
        }
    }
    let options = Value::Object(options);
    let style = KeyStyle::Snake;
    let result = match str_field(input, "use") {
        "awaiting" => IlrAwaitingJob::from_value(options, style)
            .and_then(|job| run_ilr_awaiting(xml, &job, style))
            .map(|r| serde_json::to_value(r).unwrap()),
        "contacts" => IlrContactsJob::from_value(options, style)
            .and_then(|job| run_ilr_contacts(xml, &job, style, None))
            .map(|r| serde_json::to_value(r).unwrap()),
        "records" => IlrRecordsJob::from_value(options, style)
            .and_then(|job| run_ilr_records(xml, &job, &Schemes::builtin()))
            .map(|r| serde_json::to_value(r).unwrap()),
        other => return json!({ "error": format!("unknown use '{other}'") }),
    };
    result.unwrap_or_else(|e| json!({ "error": e.code(), "message": e.to_string() }))
}

fn month_arithmetic(case: &Value) -> Value {
    let date = input_date(case, "date").expect("input.date");
    json!({ "date": add_months(date, field(case, "months")).to_string() })
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

/// The vector's upload options; the input's size is passed as a caller that knows it would.
fn upload_options(case: &Value, input: &[u8]) -> UploadOptions {
    UploadOptions {
        input_bytes: Some(input.len() as u64),
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
    }
}

/// Runs an upload to the end and describes it as the vectors expect: the report, the rejected
/// rows with their error codes, the accepted rows, the errors file and the export.
fn upload_report<S: RowSource, T: Template>(
    upload: learner_destinations::Result<Upload<S, T>>,
) -> Value {
    let result = upload.and_then(|upload| {
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

fn destinations_upload(schemes: &Schemes, case: &Value) -> Value {
    let bytes = upload_bytes(case);
    let mut options =
        DestinationsOptions::new(parse_date(str_field(case, "as_of")).expect("as_of"));
    if let Some(u) = case.get("ukprn").and_then(Value::as_str) {
        options = options.with_ukprn(Ukprn::parse(u).expect("ukprn option"));
    }
    // A first pass finds the rows of enrolments in conflict; when there are any, the report is
    // the second pass's, with them known (as every host runs it).
    let conflicts = open_source(&bytes[..], None)
        .and_then(|s| {
            Upload::new(
                s,
                DestinationsTemplate::new(schemes, options),
                upload_options(case, &bytes),
            )
        })
        .and_then(Upload::finish_with_template)
        .map(|(_, t)| t.conflicts())
        .unwrap_or_default();
    let template = DestinationsTemplate::new(schemes, options).with_conflicts(conflicts);
    upload_report(
        open_source(&bytes[..], None)
            .and_then(|s| Upload::new(s, template, upload_options(case, &bytes))),
    )
}

fn learners_upload(case: &Value) -> Value {
    let bytes = upload_bytes(case);
    let ukprns: Vec<Ukprn> = case
        .get("ukprns")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(|u| Ukprn::parse(u).expect("ukprns option"))
                .collect()
        })
        .unwrap_or_default();
    let options = LearnersOptions::new(parse_date(str_field(case, "as_of")).expect("as_of"))
        .with_ukprns(ukprns);
    let template = LearnersTemplate::new(options);
    upload_report(
        open_source(&bytes[..], None)
            .and_then(|s| Upload::new(s, template, upload_options(case, &bytes))),
    )
}

/// kind `qualifications_upload`: the upload in `input_text`, with the exported file as CSV in
/// `export_text` and inline reference lists in `lists` (both optional).
fn qualifications_upload(case: &Value) -> Value {
    let bytes = upload_bytes(case);
    let mut options = QualificationsOptions::default();
    if let Some(lists) = case.get("lists") {
        let lists = QualificationLists::from_json_str(&lists.to_string())
            .unwrap_or_else(|e| panic!("lists: {e}"));
        options.lists = Some(lists);
    }
    if let Some(text) = case.get("export_text").and_then(Value::as_str) {
        match read_export(text.as_bytes(), None, "the exported file") {
            Ok(export) => options = options.with_export(export),
            Err(e) => return json!({ "error": e.code(), "message": e.to_string() }),
        }
    }
    upload_report(open_upload(
        &bytes[..],
        None,
        options,
        upload_options(case, &bytes),
    ))
}

/// kind `template_csv`: the empty template `template` as CSV text (BOM included).
fn template_csv_text(case: &Value) -> Value {
    let name = str_field(case, "template");
    let Some(kind) = TemplateKind::from_name(name) else {
        return json!({ "error": format!("unknown template '{name}'") });
    };
    let mut out = Vec::new();
    template_csv(kind, &mut out).expect("writing to memory");
    json!({ "csv": String::from_utf8(out).expect("UTF-8") })
}

/// A core error as the workflow vectors describe it: its code, message and structured fields.
fn workflow_error(e: &learner_destinations::Error) -> Value {
    use learner_destinations::Error;
    let mut v = json!({ "error": e.code(), "message": e.to_string() });
    match e {
        Error::OptionUnknown { option, accepted } => {
            v["option"] = json!(option);
            v["accepted"] = json!(accepted);
        }
        Error::OptionInvalid { option, .. } => v["option"] = json!(option),
        Error::OptionsConflict { options, .. } => v["options"] = json!(options),
        Error::OutputsShareFile { first, second, .. } => v["options"] = json!([first, second]),
        _ => {}
    }
    v
}

/// The options of a workflow case in `style`: `options` (snake_case keys) or, for camelCase,
/// `camel_options` when the case gives them, else `options` with its keys converted.
fn workflow_options(case: &Value, style: KeyStyle) -> Value {
    let snake = case.get("options").cloned().unwrap_or(json!({}));
    let given = match style {
        KeyStyle::Snake => None,
        KeyStyle::Camel => case.get("camel_options").cloned(),
        // The command line's flags: the snake_case keys converted.
        KeyStyle::Flag => None,
    };
    given.unwrap_or_else(|| match snake {
        Value::Object(map) if style != KeyStyle::Snake => {
            Value::Object(map.into_iter().map(|(k, v)| (style.key(&k), v)).collect())
        }
        other => other,
    })
}

/// The job of `template` from the options, as its effective options (or the error).
fn workflow_job(template: &str, options: Value, style: KeyStyle) -> Value {
    let job = match template {
        "destinations" => DestinationsJob::from_value(options, style).map(|j| j.to_value(style)),
        "learners" => LearnersJob::from_value(options, style).map(|j| j.to_value(style)),
        "qualifications" => {
            QualificationsJob::from_value(options, style).map(|j| j.to_value(style))
        }
        other => panic!("unknown template '{other}'"),
    };
    match job {
        Ok(view) => json!({ "job": view }),
        Err(e) => workflow_error(&e),
    }
}

/// Keeps the rejected rows' error codes and the credentials a run hands out.
#[derive(Default)]
struct Kept {
    rejected: Vec<Value>,
    credentials: Vec<Value>,
}

impl workflow::RowSink for Kept {
    fn rejected(
        &mut self,
        row: &learner_destinations::template::RejectedRow<'_>,
    ) -> learner_destinations::Result<()> {
        let codes: Vec<&str> = row
            .findings()
            .iter()
            .filter(|f| f.is_error())
            .map(|f| f.code)
            .collect();
        self.rejected
            .push(json!({ "row": row.row(), "codes": codes }));
        Ok(())
    }
    fn credentials(&mut self, row: u64, cells: &[String; 9]) -> learner_destinations::Result<()> {
        self.credentials.push(json!({ "row": row, "cells": cells }));
        Ok(())
    }
}

/// A workflow run: the template's job from `options`, the upload from `input_text` /
/// `input_base64`, `today` as the host's date, the resources of a qualification upload
/// (`lists`, `reference_text`, `export_text`); the report, the three files and the rows.
fn workflow_run(schemes: &Schemes, case: &Value) -> Value {
    let template = str_field(case, "template");
    let input = upload_bytes(case);
    let today = parse_date(str_field(case, "today")).expect("today");
    let options = workflow_options(case, KeyStyle::Snake);
    let (mut errors, mut accepted, mut credentials) = (Vec::new(), Vec::new(), Vec::new());
    let mut kept = Kept::default();
    let sinks = Sinks {
        errors_csv: Some(&mut errors),
        errors_xlsx: None,
        accepted_csv: Some(&mut accepted),
        credentials_csv: (template == "learners" && options.get("credentials_csv").is_some())
            .then_some(&mut credentials as &mut dyn std::io::Write),
        rows: Some(&mut kept),
    };
    let ctx = RunContext::new(today).with_input_bytes(input.len() as u64);
    let ran = match template {
        "destinations" => DestinationsJob::from_value(options, KeyStyle::Snake)
            .and_then(|job| workflow::run_destinations(&input[..], &job, schemes, ctx, sinks)),
        "learners" => LearnersJob::from_value(options, KeyStyle::Snake).and_then(|job| {
            workflow::run_learners(
                &input[..],
                &job,
                &learner_destinations::learners::LearnerLists::builtin(),
                ctx,
                sinks,
            )
        }),
        "qualifications" => {
            let resources = QualificationResources {
                lists: case.get("lists").map(|l| {
                    QualificationLists::from_json_str(&l.to_string())
                        .unwrap_or_else(|e| panic!("lists: {e}"))
                }),
                reference: case
                    .get("reference_text")
                    .and_then(Value::as_str)
                    .map(|t| NamedInput {
                        name: "the reference file".to_string(),
                        bytes: t.as_bytes().to_vec(),
                    }),
                export: case
                    .get("export_text")
                    .and_then(Value::as_str)
                    .map(|t| NamedInput {
                        name: "the exported file".to_string(),
                        bytes: t.as_bytes().to_vec(),
                    }),
                exported: None,
            };
            QualificationsJob::from_value(options, KeyStyle::Snake).and_then(|job| {
                workflow::run_qualifications(
                    &input[..],
                    &job,
                    resources,
                    KeyStyle::Snake,
                    ctx,
                    sinks,
                )
            })
        }
        other => panic!("unknown template '{other}'"),
    };
    match ran {
        Ok(ran) => {
            let mut actual = serde_json::to_value(&ran).expect("report serialises");
            actual["errors_csv"] = json!(String::from_utf8(errors).expect("UTF-8"));
            actual["accepted_csv"] = json!(String::from_utf8(accepted).expect("UTF-8"));
            actual["credentials_csv"] = json!(String::from_utf8(credentials).expect("UTF-8"));
            actual["rejected_rows"] = json!(kept.rejected);
            actual["credentials"] = json!(kept.credentials);
            let codes: Vec<&str> = ran.report.findings.iter().map(|f| f.code).collect();
            actual["finding_codes"] = json!(codes);
            actual
        }
        Err(e) => workflow_error(&e),
    }
}

/// kind `workflow`: the decisions every host shares, by `call`:
/// - `options`: `template` and `options` (snake_case keys) read as a job: its effective
///   options (`job`) or the error (`error`, `option`, `accepted`, `options`); under
///   `camel`, the same for `camel_options` (or `options` with camelCase keys) read in
///   camelCase.
/// - `run`: a whole run ([`workflow_run`]).
/// - `completion_status`, `group_number`, `optional_date`, `existing_usernames`,
///   `teaching_year`: the core's decision on `input` (and `file_date`).
fn workflow_case(schemes: &Schemes, case: &Value) -> Value {
    let input = case.get("input").cloned().unwrap_or(Value::Null);
    let decided = |r: learner_destinations::Result<Value>| r.unwrap_or_else(|e| workflow_error(&e));
    match str_field(case, "call") {
        "options" => {
            let template = str_field(case, "template");
            let mut actual = workflow_job(
                template,
                workflow_options(case, KeyStyle::Snake),
                KeyStyle::Snake,
            );
            actual["camel"] = workflow_job(
                template,
                workflow_options(case, KeyStyle::Camel),
                KeyStyle::Camel,
            );
            actual
        }
        "run" => workflow_run(schemes, case),
        "completion_status" => decided(
            workflow::completion_status(&input, "completion_status")
                .map(|c| json!({ "code": c.code() })),
        ),
        "group_number" => {
            decided(workflow::group_number_value(&input, "n").map(|n| json!({ "n": n })))
        }
        "optional_date" => decided(
            workflow::date_option(&input, "date")
                .map(|d| json!({ "date": d.map(|d| d.to_string()) })),
        ),
        "existing_usernames" => decided(
            workflow::existing_usernames_from_value(&input, "existing_usernames")
                .map(|u| json!({ "usernames": u })),
        ),
        "teaching_year" => {
            let file_date = parse_date(str_field(case, "file_date")).expect("file_date");
            let year = case
                .get("year")
                .and_then(Value::as_str)
                .map(|y| TeachingYear::parse(y).expect("year"));
            json!({ "year": workflow::teaching_year_or_default(year, file_date).to_string() })
        }
        other => panic!("unknown workflow call '{other}'"),
    }
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
                "ilr_esfa_rules" => ilr_esfa_rules(case),
                "ilr_file" => ilr_file(case),
                "destinations_upload" => destinations_upload(&schemes, case),
                "learners_upload" => learners_upload(case),
                "qualifications_upload" => qualifications_upload(case),
                "template_csv" => template_csv_text(case),
                "workflow" => workflow_case(&schemes, case),
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
    // The identifiers a destinations row holds (the learner import checks the others).
    let identifier_kinds = [
        &identifiers::ULN_FORMAT,
        &identifiers::ULN_CHECKSUM,
        &identifiers::ULN_UNKNOWN,
        &identifiers::UKPRN_FORMAT,
        &identifiers::LEARN_REF_FORMAT,
        &identifiers::AIM_REF_FORMAT,
    ];
    let kinds = template::KINDS
        .iter()
        .chain(destinations::KINDS)
        .chain(&identifier_kinds)
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

/// The qualification vectors cover every qualification finding, and the file-level errors
/// proper to the template.
#[test]
fn qualification_vectors_cover_every_rule() {
    use learner_destinations::qualifications;
    use std::collections::BTreeSet;

    let text = std::fs::read_to_string(vectors_dir().join("qualifications_upload.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let mut seen = BTreeSet::new();
    for case in doc["cases"].as_array().unwrap() {
        let expected = &case["expected"];
        for f in expected["findings"].as_array().into_iter().flatten() {
            seen.insert(f["code"].as_str().unwrap().to_string());
        }
        if let Some(e) = expected["error"].as_str() {
            seen.insert(e.to_string());
        }
    }
    let wanted = qualifications::KINDS.iter().map(|k| k.code).chain([
        "too_many_groups",
        "missing_columns",
        "no_data",
        "required_empty",
        "upn_check_letter",
        "uln_checksum",
        "uln_excel_number",
        "uln_unknown",
    ]);
    let missing: Vec<&str> = wanted.filter(|c| !seen.contains(*c)).collect();
    assert!(
        missing.is_empty(),
        "no qualification vector for {missing:?}"
    );
}

/// The workflow vectors pin every decision that moved from the hosts into the core: each call,
/// each option error in both key styles, and each run template.
#[test]
fn workflow_vectors_cover_every_decision() {
    use std::collections::BTreeSet;
    let text = std::fs::read_to_string(vectors_dir().join("workflow.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let mut seen = BTreeSet::new();
    for case in doc["cases"].as_array().unwrap() {
        let call = str_field(case, "call");
        seen.insert(format!("call {call}"));
        if call == "options" || call == "run" {
            seen.insert(format!("{call} {}", str_field(case, "template")));
        }
        if let Some(e) = case["expected"]["error"].as_str() {
            seen.insert(format!("error {e}"));
        }
        if let Some(e) = case["expected"]["camel"]["error"].as_str() {
            seen.insert(format!("camel error {e}"));
        }
        if case["expected"]["credentials_csv"].is_string() {
            seen.insert("credentials bytes".to_string());
        }
    }
    let wanted = [
        "call options",
        "call run",
        "call completion_status",
        "call group_number",
        "call optional_date",
        "call existing_usernames",
        "call teaching_year",
        "options destinations",
        "options learners",
        "options qualifications",
        "run destinations",
        "run learners",
        "run qualifications",
        "error option_unknown",
        "error option_invalid",
        "error options_conflict",
        "error outputs_share_file",
        "camel error option_unknown",
        "camel error option_invalid",
        "camel error options_conflict",
        "credentials bytes",
    ];
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|w| !seen.contains(*w))
        .collect();
    assert!(missing.is_empty(), "no workflow vector for {missing:?}");
}
