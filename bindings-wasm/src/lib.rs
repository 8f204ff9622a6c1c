//! The WebAssembly binding of `learner-destinations` (wasm-bindgen): the npm package
//! `learner-destinations-wasm`, for browsers, web workers, Deno and Node.
//!
//! This crate only converts. Values cross the boundary as plain JSON-shaped data: JavaScript
//! objects in (keys in camelCase, converted to the core's snake_case), the core's serialised
//! values out (keys converted to camelCase; data keys such as export column names, which hold
//! no underscore, are unchanged). Upload options go through the core's `XJob::from_value` with
//! [`KeyStyle::Camel`], so an unknown key is refused with `option_unknown`. Every failure is
//! thrown as a JavaScript `Error` whose `code` is the core's [`Error::code`].
//!
//! Uploads are read through a JavaScript function the run calls for each chunk
//! ([`JsReader`]): the package's `index.js` gives one that slices a `File` or `Blob`
//! (`FileReaderSync` in a worker), a `Uint8Array` or a `ReadableStream` already collected to a
//! `Blob`, so a CSV file is never copied whole into wasm memory. Outputs (the errors file, the
//! export, the credentials file) leave in chunks through callbacks ([`JsWriter`]).
//!
//! Panics: on `wasm32-unknown-unknown` a panic cannot be caught (std is built with
//! `panic = "abort"` for this target, so `catch_unwind` does not unwind); the core is written
//! not to panic on any input (its lints refuse `unwrap` and `panic!`), the hook installed by
//! [`start`] prints nothing, and `index.js` turns the resulting trap into an `Error` with code
//! `host_failure` and discards the instance.

use chrono::NaiveDate;
use js_sys::{Function, Reflect, Uint8Array};
use learner_destinations::catalogue::{error_kinds, finding_kind, finding_kinds};
use learner_destinations::codes::Schemes as CoreSchemes;
use learner_destinations::contact::{ContactPolicy, ContactPreferences};
use learner_destinations::dates::{TeachingYear, add_months, parse_date};
use learner_destinations::learners::{CREDENTIALS_COLUMNS, LearnerLists, RandomSource};
use learner_destinations::qualifications::QualificationLists;
use learner_destinations::template::download::{
    DownloadLists, TemplateKind, template_csv as core_template_csv,
    template_xlsx as core_template_xlsx,
};
use learner_destinations::template::{AcceptedRow, RejectedRow};
use learner_destinations::tracking::{Survey, TrackingSettings, track};
use learner_destinations::workflow::{
    DestinationsJob, KeyStyle, LearnersJob, NamedInput, QualificationResources, QualificationsJob,
    RowSink, RunContext, RunReport, Sinks, UNNAMED_EXPORT, UNNAMED_REFERENCE, run_destinations,
    run_destinations_again, run_learners, run_qualifications,
};
use learner_destinations::{Error, Refusal, UkMobile, Ukprn, Uln};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use std::cell::Cell;
use std::io::{Read, Write};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

mod ilr;

type JsResult<T> = std::result::Result<T, JsValue>;

/// Installs a panic hook that prints nothing (no learner's value may reach a console), once,
/// when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|_| {}));
}

// ---------------------------------------------------------------------------------------------
// Boundary: errors and plain data

/// `e` as a JavaScript `Error` with `code` (and, for option errors, `option`, `options` or
/// `accepted`).
fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&learner_destinations::limits::capped_message(e.to_string()));
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&err, &JsValue::from_str(k), &v);
    };
    set("code", JsValue::from_str(e.code()));
    let strings = |v: &[String]| -> JsValue {
        v.iter()
            .map(|s| JsValue::from_str(s))
            .collect::<js_sys::Array>()
            .into()
    };
    match e {
        Error::OptionUnknown { option, accepted } => {
            set(
                "option",
                JsValue::from_str(&learner_destinations::limits::excerpt(option)),
            );
            set("accepted", strings(accepted));
        }
        Error::OptionInvalid { option, .. } => set(
            "option",
            JsValue::from_str(&learner_destinations::limits::excerpt(option)),
        ),
        Error::OptionsConflict { options, .. } => set("options", strings(options)),
        Error::OutputsShareFile { first, second, .. } => {
            set("options", strings(&[first.clone(), second.clone()]))
        }
        _ => {}
    }
    err.into()
}

fn throw(e: Error) -> JsValue {
    js_error(&e)
}

fn refused(r: Refusal) -> JsValue {
    js_error(&Error::from(r))
}

fn invalid(option: &str, message: impl Into<String>) -> JsValue {
    js_error(&Error::OptionInvalid {
        option: option.to_string(),
        message: message.into(),
    })
}

fn host(message: impl Into<String>) -> Error {
    Error::Host {
        message: message.into(),
    }
}

/// A thrown JavaScript value's message.
fn js_message(v: &JsValue) -> String {
    if let Some(e) = v.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    v.as_string().unwrap_or_else(|| format!("{v:?}"))
}

/// `value` with every object key renamed by `rename`, recursively.
fn rename_keys(value: Value, rename: &dyn Fn(&str) -> String) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (rename(&k), rename_keys(v, rename)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(|v| rename_keys(v, rename)).collect()),
        other => other,
    }
}

/// `learningEnd` → `learning_end`.
fn snake_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A JavaScript value as JSON data (`undefined` and `null` as null).
fn plain(v: &JsValue, what: &str) -> JsResult<Value> {
    if v.is_undefined() || v.is_null() {
        return Ok(Value::Null);
    }
    let text = js_sys::JSON::stringify(v).map_err(|e| {
        invalid(
            what,
            format!("cannot be read as plain data: {}", js_message(&e)),
        )
    })?;
    let text = String::from(text);
    serde_json::from_str(&text).map_err(|e| invalid(what, format!("is not plain data: {e}")))
}

/// A JavaScript value (camelCase keys) as the core type `T` (snake_case keys).
fn from_js<T: DeserializeOwned>(v: &JsValue, what: &str) -> JsResult<T> {
    let value = rename_keys(plain(v, what)?, &snake_key);
    serde_json::from_value(value).map_err(|e| invalid(what, e.to_string()))
}

/// JSON data as a JavaScript value, as it is (no key converted).
fn json_to_js(value: &Value) -> JsResult<JsValue> {
    js_sys::JSON::parse(&value.to_string()).map_err(|e| {
        throw(host(format!(
            "a result could not be converted: {}",
            js_message(&e)
        )))
    })
}

/// A core value as a JavaScript value, keys in camelCase.
fn to_js(value: &impl Serialize) -> JsResult<JsValue> {
    let value = serde_json::to_value(value)
        .map_err(|e| throw(host(format!("a result could not be serialised: {e}"))))?;
    json_to_js(&rename_keys(value, &|k| KeyStyle::Camel.key(k)))
}

fn date_arg(s: &str, what: &str) -> JsResult<NaiveDate> {
    parse_date(s).map_err(|r| {
        js_error(&Error::OptionInvalid {
            option: what.to_string(),
            message: r.message,
        })
    })
}

/// A string or a number, as text (a UKPRN may be given either way).
fn text_or_number(v: &JsValue, what: &str) -> JsResult<String> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..1e15).contains(&n) => Ok(format!("{n:.0}")),
        _ => Err(invalid(what, "give a string or a whole number")),
    }
}

// ---------------------------------------------------------------------------------------------
// Catalogues

/// Every finding code the library can produce: `{code, severity, summary, source, mirrors}`.
#[wasm_bindgen(js_name = listFindingCodes)]
pub fn list_finding_codes() -> JsResult<JsValue> {
    to_js(&finding_kinds().collect::<Vec<_>>())
}

/// The finding kind with this code, or `null`.
#[wasm_bindgen(js_name = findingKind)]
pub fn finding_kind_of(code: &str) -> JsResult<JsValue> {
    match finding_kind(code) {
        Some(k) => to_js(k),
        None => Ok(JsValue::NULL),
    }
}

/// Every code a thrown error can carry: `{code, category, summary}`.
#[wasm_bindgen(js_name = listErrorCodes)]
pub fn list_error_codes() -> JsResult<JsValue> {
    to_js(&error_kinds().collect::<Vec<_>>())
}

// ---------------------------------------------------------------------------------------------
// Identifiers and dates

/// A ULN with its ESFA check digit: `{value, unknown}` (9999999999 is "not known"). Throws the
/// refusal (`uln_checksum`, ...).
#[wasm_bindgen(js_name = parseUln)]
pub fn parse_uln(input: &str) -> JsResult<JsValue> {
    let uln = Uln::parse(input).map_err(refused)?;
    json_to_js(&json!({ "value": uln.as_str(), "unknown": uln.is_unknown() }))
}

/// The refusal of `parseUln` as a finding (`{code, message, ...}`), or `null`.
#[wasm_bindgen(js_name = checkUln)]
pub fn check_uln(input: &str) -> JsResult<JsValue> {
    refusal_or_null(Uln::parse(input).map(|_| ()))
}

/// A UKPRN (a string or a number) as a number.
#[wasm_bindgen(js_name = parseUkprn)]
pub fn parse_ukprn(input: JsValue) -> JsResult<u32> {
    let text = text_or_number(&input, "ukprn")?;
    Ok(Ukprn::parse(&text).map_err(refused)?.get())
}

/// A UK mobile number: `{national, international}`.
#[wasm_bindgen(js_name = parseUkMobile)]
pub fn parse_uk_mobile(input: &str) -> JsResult<JsValue> {
    let m = UkMobile::parse(input).map_err(refused)?;
    json_to_js(&json!({ "national": m.as_str(), "international": m.international() }))
}

fn refusal_or_null(r: std::result::Result<(), Refusal>) -> JsResult<JsValue> {
    match r {
        Ok(()) => Ok(JsValue::NULL),
        Err(r) => {
            let severity = r.kind.severity;
            let mut v = serde_json::to_value(&r)
                .map_err(|e| throw(host(format!("a refusal could not be serialised: {e}"))))?;
            v["severity"] = serde_json::to_value(severity).unwrap_or(Value::Null);
            json_to_js(&v)
        }
    }
}

/// `date` (`YYYY-MM-DD`) moved on by `months`, the day clamped (R108).
#[wasm_bindgen(js_name = addMonths)]
pub fn add_months_js(date: &str, months: u32) -> JsResult<String> {
    Ok(add_months(date_arg(date, "date")?, months).to_string())
}

// ---------------------------------------------------------------------------------------------
// Destination codes

/// The destination code schemes (built in: ILR and the partial WMCA list).
#[wasm_bindgen]
#[derive(Debug)]
pub struct Schemes {
    inner: CoreSchemes,
}

impl Default for Schemes {
    fn default() -> Self {
        Schemes::new()
    }
}

fn code_json(c: &learner_destinations::codes::CodeEntry) -> JsResult<JsValue> {
    to_js(c)
}

#[wasm_bindgen]
impl Schemes {
    /// The built-in schemes.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Schemes {
        Schemes {
            inner: CoreSchemes::builtin(),
        }
    }

    /// The portal's merged Destination Code field (`'emp 1'`) as a code object; throws
    /// `destination_code_unknown` and the like.
    pub fn parse(&self, input: &str) -> JsResult<JsValue> {
        code_json(self.inner.parse(input).map_err(refused)?)
    }

    /// `code` in `scheme` (`'ilr'`, `'wmca'`), choosing by `qualifiers` among refinements.
    #[wasm_bindgen(js_name = toScheme)]
    pub fn to_scheme(
        &self,
        code: &str,
        scheme: &str,
        qualifiers: Option<Vec<String>>,
    ) -> JsResult<JsValue> {
        let entry = self.inner.parse(code).map_err(refused)?;
        let qualifiers = qualifiers.unwrap_or_default();
        let q: Vec<&str> = qualifiers.iter().map(String::as_str).collect();
        code_json(self.inner.to_scheme(entry, scheme, &q).map_err(refused)?)
    }

    /// Whether `code` is valid on `date`.
    #[wasm_bindgen(js_name = isValidOn)]
    pub fn is_valid_on(&self, code: &str, date: &str) -> JsResult<bool> {
        let entry = self.inner.parse(code).map_err(refused)?;
        Ok(entry.is_valid_on(date_arg(date, "date")?))
    }

    /// The codes of other schemes equivalent to `code`.
    pub fn equivalents(&self, code: &str) -> JsResult<JsValue> {
        let entry = self.inner.parse(code).map_err(refused)?;
        to_js(&self.inner.equivalents(entry))
    }
}

// ---------------------------------------------------------------------------------------------
// Contact, tracking, records, awaiting

/// May a survey go by email, by SMS? `preferences` is `{rui, pmc, email?, mobile?}`; options
/// `{policy?: 'seed' | 'maytas' | 'ilr', learningEnd?, asOf?}` (with both dates, `record` is
/// the automatic OTH3 record or null).
#[wasm_bindgen(js_name = decideContact)]
pub fn decide_contact(preferences: JsValue, options: JsValue) -> JsResult<JsValue> {
    let mut p = plain(&preferences, "preferences")?;
    if !p.is_object() {
        return Err(invalid(
            "preferences",
            "give an object {rui, pmc, email?, mobile?}",
        ));
    }
    for key in ["rui", "pmc"] {
        if p.get(key).is_none() {
            p[key] = json!([]);
        }
    }
    for key in ["email", "mobile"] {
        if p.get(key).is_none() {
            p[key] = json!(true);
        }
    }
    let prefs: ContactPreferences =
        serde_json::from_value(p).map_err(|e| invalid("preferences", e.to_string()))?;
    let o = rename_keys(plain(&options, "options")?, &snake_key);
    let policy: ContactPolicy = match o.get("policy") {
        Some(p) if !p.is_null() => {
            serde_json::from_value(p.clone()).map_err(|e| invalid("policy", e.to_string()))?
        }
        _ => ContactPolicy::default(),
    };
    let decision = prefs.decide(policy).map_err(refused)?;
    let mut out = serde_json::to_value(&decision)
        .map_err(|e| throw(host(format!("a result could not be serialised: {e}"))))?;
    let date = |k: &str| -> JsResult<Option<NaiveDate>> {
        match o.get(k).and_then(Value::as_str) {
            Some(s) => date_arg(s, &KeyStyle::Camel.key(k)).map(Some),
            None => Ok(None),
        }
    };
    if let (Some(end), Some(as_of)) = (date("learning_end")?, date("as_of")?) {
        let record = decision.automatic_record(end, as_of).map_err(refused)?;
        out["record"] = serde_json::to_value(record).unwrap_or(Value::Null);
    }
    json_to_js(&rename_keys(out, &|k| KeyStyle::Camel.key(k)))
}

/// The ContPrefType checks on `{rui, pmc}`, given the learner's first start date if known:
/// findings.
#[wasm_bindgen(js_name = checkContactPreferences)]
pub fn check_contact_preferences(
    preferences: JsValue,
    first_start: Option<String>,
) -> JsResult<JsValue> {
    let p = plain(&preferences, "preferences")?;
    let list = |k: &str| -> JsResult<Vec<u8>> {
        match p.get(k) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(v) => serde_json::from_value(v.clone()).map_err(|e| invalid(k, e.to_string())),
        }
    };
    let prefs = ContactPreferences::new(list("rui")?, list("pmc")?);
    let first = first_start
        .as_deref()
        .map(|s| date_arg(s, "firstStart"))
        .transpose()?;
    to_js(&prefs.check(first))
}

/// Where a survey stands on `asOf`: `survey` `{learningEnd, sent?, reminders?, ...}`, the
/// settings optional.
#[wasm_bindgen(js_name = trackSurvey)]
pub fn track_survey(survey: JsValue, as_of: &str, settings: JsValue) -> JsResult<JsValue> {
    let survey: Survey = from_js(&survey, "survey")?;
    let settings: TrackingSettings = if settings.is_undefined() || settings.is_null() {
        TrackingSettings::default()
    } else {
        from_js(&settings, "settings")?
    };
    let t = track(&survey, &settings, date_arg(as_of, "asOf")?).map_err(refused)?;
    to_js(&t)
}

/// The ESFA destination-record rules: `records` (`{code, start, end?, collection}`), options
/// `{year, filePreparationDate}` (`year` as `'2025/26'` or its JSON form).
#[wasm_bindgen(js_name = checkDestinationRecords)]
pub fn check_destination_records(records: JsValue, options: JsValue) -> JsResult<JsValue> {
    use learner_destinations::records::{DestinationRecord, check_records};
    let records: Vec<DestinationRecord> = from_js(&records, "records")?;
    let o = rename_keys(plain(&options, "options")?, &snake_key);
    let year: TeachingYear = serde_json::from_value(o.get("year").cloned().unwrap_or(Value::Null))
        .map_err(|e| invalid("year", e.to_string()))?;
    let file_date = date_arg(
        o.get("file_preparation_date")
            .and_then(Value::as_str)
            .unwrap_or_default(),
        "filePreparationDate",
    )?;
    to_js(&check_records(
        &records,
        &CoreSchemes::builtin(),
        year,
        file_date,
    ))
}

/// Learners awaiting a destination (R107/R108) on `asOf`.
#[wasm_bindgen(js_name = awaitingDestinations)]
pub fn awaiting_destinations(
    enrolments: JsValue,
    destinations: JsValue,
    as_of: &str,
) -> JsResult<JsValue> {
    use learner_destinations::awaiting::{Enrolment, LearnerDestination, awaiting};
    let enrolments: Vec<Enrolment> = from_js(&enrolments, "enrolments")?;
    let destinations: Vec<LearnerDestination> =
        if destinations.is_undefined() || destinations.is_null() {
            Vec::new()
        } else {
            from_js(&destinations, "destinations")?
        };
    to_js(&awaiting(
        &enrolments,
        &destinations,
        date_arg(as_of, "asOf")?,
    ))
}

// ---------------------------------------------------------------------------------------------
// Templates to download

fn template_kind(kind: &str) -> JsResult<TemplateKind> {
    TemplateKind::from_name(kind).ok_or_else(|| {
        invalid(
            "kind",
            format!("'{kind}' is no template; give 'destinations', 'learners' or 'qualifications'"),
        )
    })
}

/// The empty template `kind` as CSV text (with a byte-order mark, for Excel).
#[wasm_bindgen(js_name = templateCsv)]
pub fn template_csv(kind: &str) -> JsResult<String> {
    let mut out = Vec::new();
    core_template_csv(template_kind(kind)?, &mut out).map_err(throw)?;
    String::from_utf8(out).map_err(|e| throw(host(e.to_string())))
}

/// The empty template `kind` as a workbook (.xlsx bytes), with its reference lists.
#[wasm_bindgen(js_name = templateXlsx)]
pub fn template_xlsx(kind: &str) -> JsResult<Uint8Array> {
    let bytes =
        core_template_xlsx(template_kind(kind)?, &DownloadLists::builtin()).map_err(throw)?;
    Ok(Uint8Array::from(&bytes[..]))
}

// ---------------------------------------------------------------------------------------------
// Uploads

/// How many bytes the reader asks JavaScript for at a time.
const READ_CHUNK: u32 = 1 << 20;
/// How many bytes an output gathers before handing them to JavaScript.
const WRITE_CHUNK: usize = 1 << 18;
/// How often (in rows) progress is reported.
const PROGRESS_EVERY_ROWS: u64 = 8192;

/// A `Read` fed by a JavaScript function `read(maxBytes) → Uint8Array | null` (null or an
/// empty array at the end): at most one chunk is in wasm memory at a time.
struct JsReader {
    read: Function,
    buf: Vec<u8>,
    pos: usize,
    done: bool,
    bytes: Rc<Cell<u64>>,
}

impl Read for JsReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.buf.len() {
            if self.done {
                return Ok(0);
            }
            let chunk = self
                .read
                .call1(&JsValue::NULL, &JsValue::from(READ_CHUNK))
                .map_err(|e| std::io::Error::other(js_message(&e)))?;
            if chunk.is_null() || chunk.is_undefined() {
                self.done = true;
                return Ok(0);
            }
            let chunk: Uint8Array = chunk.dyn_into().map_err(|_| {
                std::io::Error::other("the upload's reader gave something other than a Uint8Array")
            })?;
            let n = chunk.length() as usize;
            if n == 0 {
                self.done = true;
                return Ok(0);
            }
            self.buf.resize(n, 0);
            chunk.copy_to(&mut self.buf[..]);
            self.pos = 0;
            self.bytes.set(self.bytes.get() + n as u64);
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// A `Write` that hands its bytes to a JavaScript function `(chunk: Uint8Array) → void` in
/// chunks of [`WRITE_CHUNK`] bytes (and the rest on flush).
struct JsWriter {
    write: Function,
    buf: Vec<u8>,
}

impl JsWriter {
    fn emit(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Uint8Array::from(&self.buf[..]);
        self.buf.clear();
        self.write
            .call1(&JsValue::NULL, &chunk)
            .map(|_| ())
            .map_err(|e| std::io::Error::other(js_message(&e)))
    }
}

impl Write for JsWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= WRITE_CHUNK {
            self.emit()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.emit()
    }
}

/// The rows a run hands over: kept as JSON when asked, counted for progress.
struct Rows {
    keep: bool,
    accepted: Vec<Value>,
    rejected: Vec<Value>,
    credentials: Vec<Value>,
    rows: u64,
    bytes: Rc<Cell<u64>>,
    progress: Option<Function>,
}

impl Rows {
    fn counted(&mut self) -> learner_destinations::Result<()> {
        self.rows += 1;
        if self.rows % PROGRESS_EVERY_ROWS == 0 {
            if let Some(f) = &self.progress {
                f.call2(
                    &JsValue::NULL,
                    &JsValue::from(self.bytes.get() as f64),
                    &JsValue::from(self.rows as f64),
                )
                .map_err(|e| host(format!("onProgress threw: {}", js_message(&e))))?;
            }
        }
        Ok(())
    }
}

impl RowSink for Rows {
    fn accepted(&mut self, row: &mut AcceptedRow<'_>) -> learner_destinations::Result<()> {
        if self.keep {
            let mut fields = Map::new();
            fields.insert("row".into(), json!(row.row()));
            for (name, value) in row.iter() {
                fields.insert(name.into(), json!(value));
            }
            self.accepted.push(Value::Object(fields));
        }
        self.counted()
    }

    fn rejected(&mut self, row: &RejectedRow<'_>) -> learner_destinations::Result<()> {
        if self.keep {
            let findings = serde_json::to_value(row.findings())
                .map_err(|e| host(format!("a finding could not be serialised: {e}")))?;
            self.rejected.push(json!({
                "row": row.row(),
                "cells": row.cells().iter().collect::<Vec<_>>(),
                "findings": findings,
            }));
        }
        self.counted()
    }

    fn credentials(&mut self, row: u64, cells: &[String; 9]) -> learner_destinations::Result<()> {
        let mut fields = Map::new();
        fields.insert("row".into(), json!(row));
        for (name, value) in CREDENTIALS_COLUMNS.iter().zip(cells) {
            fields.insert(camel_words(name), json!(value));
        }
        self.credentials.push(Value::Object(fields));
        Ok(())
    }
}

/// `First name` → `firstName`, `ULN` → `uln`, `Created on` → `createdOn`.
fn camel_words(name: &str) -> String {
    let mut out = String::new();
    for (i, word) in name.split(' ').enumerate() {
        let lower = word.to_lowercase();
        if i == 0 {
            out.push_str(&lower);
        } else {
            let mut c = lower.chars();
            if let Some(first) = c.next() {
                out.extend(first.to_uppercase());
                out.push_str(c.as_str());
            }
        }
    }
    out
}

/// The operating system's secure generator through `crypto.getRandomValues` (Web Crypto: in
/// browsers, workers, Deno and Node 19+). A failure is reported through `take_failure`.
struct WebCrypto {
    failure: Option<String>,
}

impl RandomSource for WebCrypto {
    fn fill_bytes(&mut self, buf: &mut [u8]) {
        let filled = (|| -> JsResult<()> {
            let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))?;
            let get: Function = Reflect::get(&crypto, &JsValue::from_str("getRandomValues"))?
                .dyn_into()
                .map_err(|_| JsValue::from_str("crypto.getRandomValues is not a function"))?;
            for part in buf.chunks_mut(65536) {
                let array = Uint8Array::new_with_length(part.len() as u32);
                get.call1(&crypto, &array)?;
                array.copy_to(part);
            }
            Ok(())
        })();
        if let Err(e) = filled {
            buf.fill(0);
            self.failure = Some(format!(
                "the Web Crypto random source failed: {}",
                js_message(&e)
            ));
        }
    }

    fn take_failure(&mut self) -> Option<String> {
        self.failure.take()
    }
}

/// A function of the hooks object, if given.
fn hook_fn(hooks: &JsValue, name: &str) -> JsResult<Option<Function>> {
    if hooks.is_undefined() || hooks.is_null() {
        return Ok(None);
    }
    let v = Reflect::get(hooks, &JsValue::from_str(name))?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.dyn_into::<Function>()
        .map(Some)
        .map_err(|_| invalid(name, "give a function"))
}

/// A value of the hooks object, if given.
fn hook_value(hooks: &JsValue, name: &str) -> JsResult<Option<JsValue>> {
    if hooks.is_undefined() || hooks.is_null() {
        return Ok(None);
    }
    let v = Reflect::get(hooks, &JsValue::from_str(name))?;
    Ok(if v.is_undefined() || v.is_null() {
        None
    } else {
        Some(v)
    })
}

fn hook_string(hooks: &JsValue, name: &str) -> JsResult<Option<String>> {
    match hook_value(hooks, name)? {
        None => Ok(None),
        Some(v) => v
            .as_string()
            .map(Some)
            .ok_or_else(|| invalid(name, "give a string")),
    }
}

fn hook_bytes(hooks: &JsValue, name: &str) -> JsResult<Option<Vec<u8>>> {
    match hook_value(hooks, name)? {
        None => Ok(None),
        Some(v) => v
            .dyn_into::<Uint8Array>()
            .map(|a| Some(a.to_vec()))
            .map_err(|_| invalid(name, "give the file's bytes as a Uint8Array")),
    }
}

fn writer(hooks: &JsValue, name: &str, named: bool, option: &str) -> JsResult<Option<JsWriter>> {
    let f = hook_fn(hooks, name)?;
    match (f, named) {
        (Some(write), true) => Ok(Some(JsWriter {
            write,
            buf: Vec::with_capacity(WRITE_CHUNK + 4096),
        })),
        (None, false) => Ok(None),
        (Some(_), false) => Err(js_error(&Error::OptionsConflict {
            options: vec![option.to_string(), name.to_string()],
            message: format!(
                "{name} was given without {option}: name the output, or leave {name} out"
            ),
        })),
        (None, true) => Err(invalid(
            name,
            format!("{option} was asked for: give {name}(chunk) to receive its bytes"),
        )),
    }
}

/// Runs one upload: `template` `'destinations'`, `'learners'` or `'qualifications'`; `options`
/// the template's options in camelCase (the core's job: unknown keys refused); `read` the
/// chunk reader; `hooks` `{today, now?, inputName?, inputBytes?, onProgress?(bytes, rows),
/// cancel?() → boolean, onErrorsCsv?(chunk), onErrorsXlsx?(chunk), onAcceptedCsv?(chunk),
/// onCredentialsCsv?(chunk)}`
/// plus, for qualifications, `lists` (JSON text), `reference` and `export` (bytes),
/// `referenceName`, `exportName`. The report: `{summary, findings, truncated, accepted,
/// rejected, credentials?, credentialsIssued?, qualificationLists?, exportedLearners?}`.
///
/// `index.js` wraps this as `validateDestinations(source, options, hooks)` and its twins.
#[wasm_bindgen(js_name = runUpload)]
pub fn run_upload(
    template: &str,
    options: JsValue,
    read: Function,
    hooks: JsValue,
) -> JsResult<JsValue> {
    let options = plain(&options, "options")?;
    let options = if options.is_null() {
        json!({})
    } else {
        options
    };
    let today = match hook_string(&hooks, "today")? {
        Some(t) => date_arg(&t, "today")?,
        None => return Err(invalid("today", "give today's date (YYYY-MM-DD)")),
    };
    let bytes = Rc::new(Cell::new(0u64));
    let reread = read.clone();
    let input = JsReader {
        read,
        buf: Vec::new(),
        pos: 0,
        done: false,
        bytes: Rc::clone(&bytes),
    };
    let cancel_fn = hook_fn(&hooks, "cancel")?;
    let cancel = move || -> bool {
        cancel_fn
            .as_ref()
            .and_then(|f| f.call0(&JsValue::NULL).ok())
            .is_some_and(|v| v.is_truthy())
    };
    let mut crypto = WebCrypto { failure: None };
    let context = || -> JsResult<RunContext<'_>> {
        let mut ctx = RunContext::new(today).with_cancel(&cancel);
        if let Some(now) = hook_string(&hooks, "now")? {
            ctx = ctx.with_now(now);
        }
        if let Some(name) = hook_string(&hooks, "inputName")? {
            ctx = ctx.with_input_name(name);
        }
        if let Some(n) = hook_value(&hooks, "inputBytes")?.and_then(|v| v.as_f64()) {
            if n >= 0.0 {
                ctx = ctx.with_input_bytes(n as u64);
            }
        }
        Ok(ctx)
    };
    let mut ctx = context()?;
    let run = |keep: bool,
               common: &learner_destinations::workflow::UploadCommon,
               ctx: RunContext<'_>,
               go: &mut dyn FnMut(
        RunContext<'_>,
        Sinks<'_>,
    ) -> learner_destinations::Result<RunReport>|
     -> JsResult<(RunReport, Rows)> {
        let outputs = &common.outputs;
        let mut errors = writer(
            &hooks,
            "onErrorsCsv",
            outputs.errors_csv.is_some(),
            "errorsCsv",
        )?;
        let mut errors_xlsx = writer(
            &hooks,
            "onErrorsXlsx",
            outputs.errors_xlsx.is_some(),
            "errorsXlsx",
        )?;
        let mut accepted = writer(
            &hooks,
            "onAcceptedCsv",
            outputs.accepted_csv.is_some(),
            "acceptedCsv",
        )?;
        let mut credentials = writer(
            &hooks,
            "onCredentialsCsv",
            outputs.credentials_csv.is_some(),
            "credentialsCsv",
        )?;
        let mut rows = Rows {
            keep,
            accepted: Vec::new(),
            rejected: Vec::new(),
            credentials: Vec::new(),
            rows: 0,
            bytes: Rc::clone(&bytes),
            progress: hook_fn(&hooks, "onProgress")?,
        };
        let sinks = Sinks {
            errors_csv: errors.as_mut().map(|w| w as &mut dyn Write),
            errors_xlsx: errors_xlsx.as_mut().map(|w| w as &mut dyn Write),
            accepted_csv: accepted.as_mut().map(|w| w as &mut dyn Write),
            credentials_csv: credentials.as_mut().map(|w| w as &mut dyn Write),
            rows: Some(&mut rows),
        };
        let report = go(ctx, sinks).map_err(throw)?;
        for w in [
            &mut errors,
            &mut errors_xlsx,
            &mut accepted,
            &mut credentials,
        ]
        .into_iter()
        .flatten()
        {
            w.flush().map_err(|e| throw(host(e.to_string())))?;
        }
        if let Some(f) = &rows.progress {
            let _ = f.call2(
                &JsValue::NULL,
                &JsValue::from(bytes.get() as f64),
                &JsValue::from(rows.rows as f64),
            );
        }
        Ok((report, rows))
    };
    let mut input = Some(input);
    let mut take_input = || {
        input
            .take()
            .ok_or_else(|| host("the upload was read twice"))
    };
    let (report, rows, credentials_asked) = match template {
        "destinations" => {
            let mut job = DestinationsJob::from_value(options, KeyStyle::Camel).map_err(throw)?;
            // The sink sees every accepted row (progress counts them); it keeps them only when
            // the caller asked.
            let keep = std::mem::replace(&mut job.common.keep_accepted, true);
            let schemes = CoreSchemes::builtin();
            let (r, rows) = run(keep, &job.common, ctx, &mut |ctx, sinks| {
                run_destinations(take_input()?, &job, &schemes, ctx, sinks)
            })?;
            match r.conflicts.clone() {
                None => (r, rows, false),
                Some(known) => {
                    // The first pass found rows of one enrolment in conflict: its outputs and
                    // rows are not final. The hooks forget what they were given (`restart`:
                    // the source rewound, `onRestart` told), and the core checks the upload
                    // again from its first row knowing the conflicts.
                    let restart = hook_fn(&hooks, "restart")?.ok_or_else(|| {
                        throw(host("the upload must be read twice: give restart()"))
                    })?;
                    restart.call0(&JsValue::NULL)?;
                    bytes.set(0);
                    let mut again = Some(JsReader {
                        read: reread.clone(),
                        buf: Vec::new(),
                        pos: 0,
                        done: false,
                        bytes: Rc::clone(&bytes),
                    });
                    let (r, rows) = run(keep, &job.common, context()?, &mut |ctx, sinks| {
                        let input = again
                            .take()
                            .ok_or_else(|| host("the upload was read three times"))?;
                        run_destinations_again(input, &job, &schemes, &known, ctx, sinks)
                    })?;
                    (r, rows, false)
                }
            }
        }
        "learners" => {
            let mut job = LearnersJob::from_value(options, KeyStyle::Camel).map_err(throw)?;
            // The sink sees every accepted row (progress counts them); it keeps them only when
            // the caller asked.
            let keep = std::mem::replace(&mut job.common.keep_accepted, true);
            if job.credentials && job.seed.is_none() {
                ctx = ctx.with_random(&mut crypto);
            }
            let lists = LearnerLists::builtin();
            let (r, rows) = run(keep, &job.common, ctx, &mut |ctx, sinks| {
                run_learners(take_input()?, &job, &lists, ctx, sinks)
            })?;
            (r, rows, job.credentials)
        }
        "qualifications" => {
            let mut job = QualificationsJob::from_value(options, KeyStyle::Camel).map_err(throw)?;
            // The sink sees every accepted row (progress counts them); it keeps them only when
            // the caller asked.
            let keep = std::mem::replace(&mut job.common.keep_accepted, true);
            let lists = match hook_string(&hooks, "lists")? {
                Some(text) => Some(QualificationLists::from_json_str(&text).map_err(throw)?),
                None => None,
            };
            let named = |bytes: Option<Vec<u8>>, name: Option<String>, default: &str| {
                bytes.map(|bytes| NamedInput {
                    name: name.unwrap_or_else(|| default.to_string()),
                    bytes,
                })
            };
            let resources = QualificationResources {
                lists,
                reference: named(
                    hook_bytes(&hooks, "reference")?,
                    hook_string(&hooks, "referenceName")?,
                    UNNAMED_REFERENCE,
                ),
                export: named(
                    hook_bytes(&hooks, "export")?,
                    hook_string(&hooks, "exportName")?,
                    UNNAMED_EXPORT,
                ),
                exported: None,
            };
            let mut resources = Some(resources);
            let (r, rows) = run(keep, &job.common, ctx, &mut |ctx, sinks| {
                let resources = resources
                    .take()
                    .ok_or_else(|| host("the resources were used twice"))?;
                run_qualifications(take_input()?, &job, resources, KeyStyle::Camel, ctx, sinks)
            })?;
            (r, rows, false)
        }
        other => {
            return Err(invalid(
                "template",
                format!(
                    "'{other}' is no upload template; give 'destinations', 'learners' or 'qualifications'"
                ),
            ));
        }
    };
    let mut out = serde_json::to_value(&report)
        .map_err(|e| throw(host(format!("the report could not be serialised: {e}"))))?;
    out = rename_keys(out, &|k| KeyStyle::Camel.key(k));
    let keep = rows.keep;
    let kept = |v: Vec<Value>| if keep { Value::Array(v) } else { Value::Null };
    out["accepted"] = kept(rows.accepted);
    out["rejected"] = kept(rows.rejected);
    if credentials_asked {
        out["credentials"] = Value::Array(rows.credentials);
    }
    json_to_js(&out)
}

/// The effective options of an upload job (`template` and its options in camelCase): every
/// key the job takes, with its default where not given (`null` where unset). Throws as an
/// upload would: `option_unknown`, `option_invalid`, `options_conflict`.
#[wasm_bindgen(js_name = jobOptions)]
pub fn job_options(template: &str, options: JsValue) -> JsResult<JsValue> {
    let options = plain(&options, "options")?;
    let options = if options.is_null() {
        json!({})
    } else {
        options
    };
    let style = KeyStyle::Camel;
    let value = match template {
        "destinations" => DestinationsJob::from_value(options, style).map(|j| j.to_value(style)),
        "learners" => LearnersJob::from_value(options, style).map(|j| j.to_value(style)),
        "qualifications" => {
            QualificationsJob::from_value(options, style).map(|j| j.to_value(style))
        }
        other => {
            return Err(invalid(
                "template",
                format!("'{other}' is no upload template; give 'destinations', 'learners' or 'qualifications'"),
            ));
        }
    }
    .map_err(throw)?;
    json_to_js(&value)
}
