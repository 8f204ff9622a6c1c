//! The uses of a provider's ILR XML file: `ilrAwaiting`, `ilrContacts`, `ilrRecords` and
//! `ilrTemplate`, each a Promise (run off the JavaScript thread, the file streamed one learner
//! at a time) with a `Sync` twin, as the upload templates are.
//!
//! The options are read as plain data (camelCase) by the core's ILR jobs, which refuse an
//! unknown key and hold every default; the output paths (`csv`, `output`) and `schemes` are set
//! aside and handed to `learner_destinations_host::ilr`. The reports are the core's, with their
//! keys in camelCase (`asOf`, `learnerRef`); their TypeScript types are in `ilr.d.ts`.

use crate::codes::{BindingSchemes, builtin_schemes};
use crate::conversion::{self, Source};
use crate::errors::{BindingError, Result};
use crate::tasks::{OffThreadJs, ToJs};
use learner_destinations::Error as CoreError;
use learner_destinations::codes::Schemes;
use learner_destinations::workflow::{
    IlrAwaitingJob, IlrContactsJob, IlrRecordsJob, IlrTemplateJob, KeyStyle,
};
use learner_destinations_host::ilr::{self, CsvOutput};
use learner_destinations_host::upload::Input;
use napi::bindgen_prelude::{AsyncTask, FromNapiValue, Unknown};
use napi::{Env, ValueType};
use napi_derive::napi;
use serde_json::{Map, Value};
use std::path::Path;

/// The report's keys in camelCase, as the package's other reports are.
fn camel(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (KeyStyle::Camel.key(&k), camel(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camel).collect()),
        other => other,
    }
}

/// A use's report, made into a JavaScript object on the JavaScript thread.
#[derive(Debug)]
pub struct Report(Value);

impl ToJs for Report {
    fn to_js(self, env: &Env, _sliced: bool) -> napi::Result<Unknown<'_>> {
        env.to_js_value(&self.0)
    }
}

fn report(value: serde_json::Result<Value>) -> Result<Report> {
    value
        .map(|v| Report(camel(v)))
        .map_err(|e| BindingError::host(format!("the report could not be converted: {e}")))
}

/// The job from the options; an unknown key's list names the set-aside options too.
fn job<J>(
    plain: Value,
    aside: &[&str],
    read: impl FnOnce(Value, KeyStyle) -> learner_destinations::Result<J>,
) -> Result<J> {
    read(plain, KeyStyle::Camel).map_err(|e| match e {
        CoreError::OptionUnknown {
            option,
            mut accepted,
        } => {
            accepted.extend(aside.iter().map(|k| k.to_string()));
            CoreError::OptionUnknown { option, accepted }.into()
        }
        other => other.into(),
    })
}

/// A set-aside path option (`csv`, `output`): a string, or `null` for none.
fn path_option(value: Option<Unknown<'_>>, option: &str) -> Result<Option<String>> {
    let Some(value) = value else {
        return Ok(None);
    };
    match value.get_type()? {
        ValueType::Null | ValueType::Undefined => Ok(None),
        ValueType::String => Ok(Some(String::from_unknown(value)?)),
        _ => Err(CoreError::OptionInvalid {
            option: option.to_string(),
            message: "takes a path (a string)".to_string(),
        }
        .into()),
    }
}

/// The ILR file's source: a path (a string or `{ path }`), its bytes (a `Buffer` or
/// `Uint8Array`) or its text (`{ text }`).
fn ilr_source<'env>(env: &'env Env, value: Unknown<'env>) -> Result<Source> {
    conversion::source(env, value, "source")
}

/// Runs `work` on the source.
fn with_input<T>(
    source: &Source,
    work: impl for<'i> FnOnce(Input<'i>) -> learner_destinations::Result<T>,
) -> Result<T> {
    let ran = match source {
        Source::Path(path) => work(Input::path(Path::new(path))),
        Source::Bytes(bytes) => work(Input::bytes(bytes)),
        Source::Text(text) => work(Input::bytes(text.as_bytes())),
        Source::Stream(_) => {
            return Err(BindingError::invalid_arg(
                "an ILR file is read from a path or its bytes, not a stream",
            ));
        }
    };
    ran.map_err(|e| match (e, source.path()) {
        (CoreError::Io(io), Some(path)) => BindingError::io(path, &io),
        (other, _) => other.into(),
    })
}

/// The options of `ilrAwaiting`.
#[napi(object, js_name = "IlrAwaitingOptions", object_to_js = false)]
#[derive(Debug)]
pub struct BindingIlrAwaitingOptions {
    /// The date the due dates are compared with (`YYYY-MM-DD`). Default: the file preparation
    /// date (what R108 compares).
    pub as_of: Option<String>,
    /// Keep the enrolments funded by these sources (LearnDelFAMType SOF: `['112']` is the West
    /// Midlands Combined Authority), and the learners with such an enrolment. Default: all.
    #[napi(ts_type = "Array<string | number> | string | number")]
    pub sof: Option<Vec<String>>,
}

/// The options of `ilrContacts`.
#[napi(object, js_name = "IlrContactsOptions", object_to_js = false)]
#[derive(Debug)]
pub struct BindingIlrContactsOptions {
    /// `'seed'` (the Maytas table) or `'ilr'` (the ILR guidance). Default: `'seed'`.
    #[napi(ts_type = "'seed' | 'ilr'")]
    pub policy: Option<String>,
    /// The automatic OTH3 records' collection date. Default: the file preparation date.
    pub as_of: Option<String>,
    /// Write the survey's mailing list (contactable learners, with the address and number each
    /// channel may use) to this CSV file, readable by its owner only (mode 0600), never over
    /// the ILR file.
    pub csv: Option<String>,
}

/// The options of `ilrRecords`.
#[napi(object, js_name = "IlrRecordsOptions", object_to_js = false)]
#[derive(Debug)]
pub struct BindingIlrRecordsOptions {
    /// Code schemes besides the built-in ones.
    #[napi(ts_type = "Schemes")]
    pub schemes: Option<String>,
}

/// The options of `ilrTemplate`.
#[napi(object, js_name = "IlrTemplateOptions", object_to_js = false)]
#[derive(Debug)]
pub struct BindingIlrTemplateOptions {
    /// As `ilrAwaiting`'s.
    #[napi(ts_type = "Array<string | number> | string | number")]
    pub sof: Option<Vec<String>>,
    /// As `ilrAwaiting`'s.
    pub as_of: Option<String>,
    /// Write the template to this CSV file (put in place only when complete) instead of
    /// returning its text in `csv`.
    pub output: Option<String>,
}

/// What a use's work holds once it leaves the JavaScript thread.
struct Work<J> {
    source: Source,
    job: J,
    path: Option<String>,
    schemes: Option<Schemes>,
}

fn prepare<'env, J>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
    aside: &'static [&'static str],
    read: fn(Value, KeyStyle) -> learner_destinations::Result<J>,
) -> Result<Work<J>> {
    let source = ilr_source(env, source)?;
    let mut options = conversion::options(env, options, "options", aside)?;
    let path = match aside.iter().find(|k| **k == "csv" || **k == "output") {
        Some(key) => path_option(options.take(key), key)?,
        None => None,
    };
    let schemes = match options.take("schemes") {
        Some(v) if !matches!(v.get_type()?, ValueType::Null | ValueType::Undefined) => Some(
            conversion::instance(env, v, "schemes", "Schemes", |s: &BindingSchemes| {
                s.schemes().clone()
            })?,
        ),
        _ => None,
    };
    let job = job(options.plain, aside, read)?;
    Ok(Work {
        source,
        job,
        path,
        schemes,
    })
}

fn awaiting(work: Work<IlrAwaitingJob>) -> Result<Report> {
    let ran = with_input(&work.source, |input| {
        ilr::ilr_awaiting(input, &work.job, KeyStyle::Camel)
    })?;
    report(serde_json::to_value(&ran))
}

fn contacts(work: Work<IlrContactsJob>) -> Result<Report> {
    let ran = with_input(&work.source, |input| {
        let csv = work
            .path
            .as_deref()
            .map_or(CsvOutput::None, |p| CsvOutput::File(Path::new(p)));
        ilr::ilr_contacts(input, &work.job, csv, KeyStyle::Camel)
    })?;
    report(serde_json::to_value(&ran.report))
}

fn records(work: Work<IlrRecordsJob>) -> Result<Report> {
    let schemes = work.schemes.as_ref().unwrap_or_else(|| builtin_schemes());
    let ran = with_input(&work.source, |input| {
        ilr::ilr_records(input, &work.job, schemes)
    })?;
    report(serde_json::to_value(&ran))
}

fn template(work: Work<IlrTemplateJob>) -> Result<Report> {
    let ran = with_input(&work.source, |input| {
        let out = work
            .path
            .as_deref()
            .map_or(CsvOutput::Memory, |p| CsvOutput::File(Path::new(p)));
        ilr::ilr_template(input, &work.job, out, KeyStyle::Camel)
    })?;
    let csv = ran
        .csv
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    report(serde_json::to_value(&ran.report.awaiting).map(|awaiting| {
        serde_json::json!({
            "rows": ran.report.rows,
            "awaiting": awaiting,
            "csv": csv,
        })
    }))
}

const AWAITING_ASIDE: &[&str] = &[];
const CONTACTS_ASIDE: &[&str] = &["csv"];
const RECORDS_ASIDE: &[&str] = &["schemes"];
const TEMPLATE_ASIDE: &[&str] = &["output"];

/// The enrolments awaiting a destination (the portal's view) and the learners per R107 and
/// R108, with the funding models, programme types and completion statuses taken from the ILR
/// file (a path, `{ path }`, a `Buffer` or `{ text }`). Throws `ilr_invalid`,
/// `ilr_entity_refused` or `ilr_namespace_unsupported` for a file that is not an ILR file.
#[napi(
    js_name = "ilrAwaitingSync",
    ts_args_type = "source: string | Uint8Array | { path: string } | { text: string }, options?: IlrAwaitingOptions",
    ts_return_type = "IlrAwaiting"
)]
pub fn ilr_awaiting_sync<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    prepare(
        env,
        source,
        options,
        AWAITING_ASIDE,
        IlrAwaitingJob::from_value,
    )
    .and_then(awaiting)
    .map_err(|e| e.into_rejection(*env))?
    .to_js(env, false)
}

/// `ilrAwaitingSync` off the JavaScript thread.
#[napi(
    js_name = "ilrAwaiting",
    ts_args_type = "source: string | Uint8Array | { path: string } | { text: string }, options?: IlrAwaitingOptions",
    ts_return_type = "Promise<IlrAwaiting>"
)]
pub fn ilr_awaiting<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> AsyncTask<OffThreadJs<Report>> {
    let work = prepare(
        env,
        source,
        options,
        AWAITING_ASIDE,
        IlrAwaitingJob::from_value,
    );
    OffThreadJs::task(move || awaiting(work?))
}

/// For each learner who has finished: may a survey go by email and by SMS, with the addresses
/// to use, or the automatic OTH3 record; `options.csv` writes the survey's mailing list.
#[napi(
    js_name = "ilrContactsSync",
    ts_args_type = "source: string | Uint8Array | { path: string } | { text: string }, options?: IlrContactsOptions",
    ts_return_type = "IlrContacts"
)]
pub fn ilr_contacts_sync<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    prepare(
        env,
        source,
        options,
        CONTACTS_ASIDE,
        IlrContactsJob::from_value,
    )
    .and_then(contacts)
    .map_err(|e| e.into_rejection(*env))?
    .to_js(env, false)
}

/// `ilrContactsSync` off the JavaScript thread.
#[napi(
    js_name = "ilrContacts",
    ts_args_type = "source: string | Uint8Array | { path: string } | { text: string }, options?: IlrContactsOptions",
    ts_return_type = "Promise<IlrContacts>"
)]
pub fn ilr_contacts<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> AsyncTask<OffThreadJs<Report>> {
    let work = prepare(
        env,
        source,
        options,
        CONTACTS_ASIDE,
        IlrContactsJob::from_value,
    );
    OffThreadJs::task(move || contacts(work?))
}

/// The D&P record checks (OutType_01–05, OutStartDate_01/02, OutEndDate_01, OutCollDate_01/02,
/// OutULN_01, R69, R71, R85) with the header's teaching year and file preparation date.
#[napi(
    js_name = "ilrRecordsSync",
    ts_args_type = "source: string | Uint8Array | { path: string } | { text: string }, options?: IlrRecordsOptions",
    ts_return_type = "IlrRecords"
)]
pub fn ilr_records_sync<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    prepare(
        env,
        source,
        options,
        RECORDS_ASIDE,
        IlrRecordsJob::from_value,
    )
    .and_then(records)
    .map_err(|e| e.into_rejection(*env))?
    .to_js(env, false)
}

/// `ilrRecordsSync` off the JavaScript thread.
#[napi(
    js_name = "ilrRecords",
    ts_args_type = "source: string | Uint8Array | { path: string } | { text: string }, options?: IlrRecordsOptions",
    ts_return_type = "Promise<IlrRecords>"
)]
pub fn ilr_records<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> AsyncTask<OffThreadJs<Report>> {
    let work = prepare(
        env,
        source,
        options,
        RECORDS_ASIDE,
        IlrRecordsJob::from_value,
    );
    OffThreadJs::task(move || records(work?))
}

/// The WMCA destinations upload template pre-filled with one row per enrolment awaiting a
/// destination; its text in `csv`, or written to `options.output`.
#[napi(
    js_name = "ilrTemplateSync",
    ts_args_type = "source: string | Uint8Array | { path: string } | { text: string }, options?: IlrTemplateOptions",
    ts_return_type = "IlrTemplate"
)]
pub fn ilr_template_sync<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    prepare(
        env,
        source,
        options,
        TEMPLATE_ASIDE,
        IlrTemplateJob::from_value,
    )
    .and_then(template)
    .map_err(|e| e.into_rejection(*env))?
    .to_js(env, false)
}

/// `ilrTemplateSync` off the JavaScript thread.
#[napi(
    js_name = "ilrTemplate",
    ts_args_type = "source: string | Uint8Array | { path: string } | { text: string }, options?: IlrTemplateOptions",
    ts_return_type = "Promise<IlrTemplate>"
)]
pub fn ilr_template<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> AsyncTask<OffThreadJs<Report>> {
    let work = prepare(
        env,
        source,
        options,
        TEMPLATE_ASIDE,
        IlrTemplateJob::from_value,
    );
    OffThreadJs::task(move || template(work?))
}
