//! Upload templates and template downloads. Each upload template has a pair of functions: the
//! plain name returns a Promise and works off the JavaScript thread, the `Sync` name blocks.
//!
//! | template | functions | file |
//! |---|---|---|
//! | the WMCA destinations upload | `validateDestinations` / `validateDestinationsSync` | here |
//! | the UCAS Progress learner import | `validateLearners` / `validateLearnersSync` | `templates/learners.rs` |
//! | the UCAS Progress learner qualifications upload | `validateQualifications` / `validateQualificationsSync` | `templates/qualifications.rs` |
//! | empty templates to download | `templateCsv`, `templateXlsx` | `templates/download.rs` |
//!
//! Each upload template is: its options' TypeScript type (a `#[napi(object)]` struct only
//! declaring them: the options are read as plain data by [`crate::conversion::options`] and
//! then by the core's `XJob::from_value`, which refuses an unknown key and holds every
//! default), its export row type (one field per export column, named as the column: the
//! TypeScript type of the rows `upload.rs` builds), its report type ([`upload_report!`], with
//! any fields of its own), one function preparing the work on the JavaScript thread (the
//! source, the job, the class instances it names, copied) and one running it through
//! `learner_destinations_host::upload`, and the two `#[napi]` functions. Both take their
//! arguments as JavaScript values, so a wrong argument rejects the promise of the asynchronous
//! half (and throws from the `Sync` one) with the same catalogued code:
//!
//! ```text
//! fn learners_work(env, source, options) -> Result<LearnersWork>      // JavaScript thread
//! fn run_learners(work) -> Result<PackedReport<BindingLearnersReport>> // host::upload::run_learners
//! #[napi] validate_learners_sync(env, source, options) = run_learners(learners_work(..)?)?.to_js(env)
//! #[napi] validate_learners(env, source, options) = OffThreadJs::task(move || run_learners(work?))
//! ```

use crate::codes::{BindingSchemes, builtin_schemes};
use crate::conversion::{self, Source};
use crate::errors::Result;
use crate::stream::{RunControl, cancelled_or, run_control};
use crate::tasks::{OffThreadJs, ToJs};
use crate::upload::{
    PackedReport, PackedRows, failure, input, outputs, report_file, run_with, upload_source,
};
use learner_destinations::Error as CoreError;
use learner_destinations::codes::Schemes;
use learner_destinations::template::download::TemplateKind;
use learner_destinations::workflow::{DestinationsJob, KeyStyle, LearnersJob, QualificationsJob};
use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi::{Either, Env};
use napi_derive::napi;

/// A job read from the options' plain data by the core (`from_value`, keys in camelCase). An
/// unknown key's message lists the options set aside for the binding to convert (`aside`:
/// class instances and sources) among the accepted ones, as they are.
fn job<J>(
    plain: serde_json::Value,
    aside: &[&str],
    read: impl FnOnce(serde_json::Value, KeyStyle) -> learner_destinations::Result<J>,
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

/// `Debug` for an options struct, which only declares the options' TypeScript type (napi's
/// byte arrays, in a source option, have no `Debug`).
macro_rules! declared_options {
    ($name:ident) => {
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name)).finish_non_exhaustive()
            }
        }
    };
}

/// The export columns of `kind`, the keys of its accepted rows after `row`.
fn export_columns(kind: TemplateKind) -> Vec<String> {
    kind.spec()
        .export_columns
        .iter()
        .map(|c| c.to_string())
        .collect()
}

/// Declares a template's report type: the summary, the findings and, when kept, the rows and
/// the two CSV files, with `$row` as the type of an accepted row, then the template's own
/// fields (given to `from_ran` in order). Docs given to the macro are written
/// `#[doc = " ..."]`, one attribute per line: napi would show doc comments passed through a
/// macro as raw string literals (`r" ...`) in `index.d.ts`.
macro_rules! upload_report {
    ($(#[$($doc:tt)*])* $name:ident, $js_name:tt, $row:ty, $rows_ts:tt $(, {
        $($(#[$($fdoc:tt)*])* pub $field:ident: $fty:ty,)*
    })?) => {
        $(#[$($doc)*])*
        #[napi(object, js_name = $js_name, use_nullable = true, object_from_js = false)]
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            /// The path validated, for a path source; else `options.fileName`, or `null`.
            pub file: Option<String>,
            /// The counts (exact even when `findings` is truncated).
            pub summary: $crate::upload::BindingUploadSummary,
            /// The findings: file-level ones first, then in row order; at most
            /// `options.maxFindings` of them.
            pub findings: Vec<$crate::findings::BindingFinding>,
            /// True when findings were left out because of `options.maxFindings`.
            pub truncated: bool,
            /// The export's columns, in order: the keys of each accepted row after `row`.
            pub columns: Vec<String>,
            /// The accepted rows, each keyed by export column, in file order, made only when
            /// asked for: `for await (const row of report.accepted)` (a turn of the event loop
            /// between batches), `report.accepted.batches(size)`, `.at(i)`, `.slice(from, to)`
            /// or `.toArray()` for all of them; `null` when `options.keepAccepted` is false.
            #[napi(ts_type = $rows_ts)]
            pub accepted: Option<Vec<$row>>,
            /// The rejected rows with their findings, in file order.
            pub rejected: Vec<$crate::upload::BindingRejectedRow>,
            /// The errors file: the rejected rows' original columns, then `Row` and `Errors`
            /// (every message of the row). UTF-8 starting with a byte-order mark (U+FEFF), CRLF
            /// line ends, cells that a spreadsheet would run as formulas neutralised; `null`
            /// when written to `options.errorsCsv` instead, or when `options.keepAccepted` is
            /// false.
            pub errors_csv: Option<String>,
            /// The export of the accepted rows (the `columns`), in the same form as
            /// `errorsCsv`; `null` when written to `options.acceptedCsv` instead, or when
            /// `options.keepAccepted` is false.
            pub accepted_csv: Option<String>,
            $($($(#[$($fdoc)*])* pub $field: $fty,)*)?
        }

        impl $name {
            /// The report: napi converts the summary and the rest, while the findings and the
            /// kept rows are packed to be built in JavaScript (see `upload::PackedReport`).
            #[allow(clippy::too_many_arguments)]
            fn from_ran(
                file: Option<String>,
                ran: learner_destinations_host::upload::HostRunReport,
                kind: learner_destinations::template::download::TemplateKind,
                rows: $crate::upload::PackedRows,
                credential_keys: &[&str],
                $($($field: $fty,)*)?
            ) -> $crate::upload::PackedReport<Self> {
                let columns = export_columns(kind);
                let learner_destinations_host::upload::HostRunReport {
                    run, errors_csv, accepted_csv, ..
                } = ran;
                let report = $name {
                    file,
                    summary: run.report.summary.into(),
                    findings: Vec::new(),
                    truncated: run.report.truncated,
                    columns: columns.clone(),
                    accepted: None,
                    rejected: Vec::new(),
                    errors_csv: None,
                    accepted_csv: None,
                    $($($field,)*)?
                };
                $crate::upload::PackedReport::new(
                    report,
                    columns,
                    &run.report.findings,
                    rows,
                    credential_keys,
                    vec![("errorsCsv", errors_csv), ("acceptedCsv", accepted_csv)],
                )
            }
        }
    };
}

pub mod download;
pub mod learners;
pub mod qualifications;

// --- The destinations upload (the WMCA destinations template) -------------------------------

/// Options of `validateDestinations` and `validateDestinationsSync`: read as plain data by the
/// core (`DestinationsJob`), which refuses any other key (`'option_unknown'`).
#[napi(object, js_name = "DestinationsOptions", object_to_js = false)]
pub struct BindingDestinationsOptions {
    /// The uploading provider's UKPRN (a number or a string): rows with any other UKPRN are
    /// rejected (`'ukprn_not_uploader'`). Default: any provider.
    pub ukprn: Option<Either<f64, String>>,
    /// Destination codes must be valid on this date (`YYYY-MM-DD`; EMP3 and OTH2 ended on
    /// 2015-07-31). Default: today.
    pub as_of: Option<String>,
    /// The code schemes (e.g. with the complete WMCA list added). Default: the built-in ILR
    /// and WMCA schemes.
    pub schemes: Option<&'static BindingSchemes>,
    /// For a workbook: the sheet to read. Default: the first.
    pub sheet: Option<String>,
    /// Keep at most this many findings in the report; the counts stay exact and `truncated`
    /// says so. Default: all.
    pub max_findings: Option<f64>,
    /// The file name for the summary. Default: the file name of a path source.
    pub file_name: Option<String>,
    /// When the upload was processed, carried into the summary as given. Default: now (an
    /// RFC 3339 time).
    pub processed_at: Option<String>,
    /// Keep the accepted rows, the errors file and the export in the report (default `true`).
    /// For large files set `false` and give `errorsCsv` / `acceptedCsv`: memory then grows only
    /// with the rejected rows.
    pub keep_accepted: Option<bool>,
    /// Write the errors file (see `report.errorsCsv`) to this path. It appears only when the
    /// whole upload was checked; a path that is the upload, or that another output names, is
    /// refused before anything is read.
    /// A path, or a stream (a Node `Writable` or a web `WritableStream`; asynchronous
    /// functions only), written once the whole upload was checked and then ended.
    #[napi(ts_type = "string | OutputStream")]
    pub errors_csv: Option<String>,
    /// Write the rejected rows as a workbook to this path: every column formatted as Text,
    /// so a correction in Excel keeps leading zeros; header frozen; the messages in Errors.
    /// A path, or a stream (a Node `Writable` or a web `WritableStream`; asynchronous
    /// functions only), written once the whole upload was checked and then ended.
    #[napi(ts_type = "string | OutputStream")]
    pub errors_xlsx: Option<String>,
    /// Write the export of accepted rows (see `report.acceptedCsv`) to this path, as
    /// `errorsCsv` is written.
    /// A path, or a stream (a Node `Writable` or a web `WritableStream`; asynchronous
    /// functions only), written once the whole upload was checked and then ended.
    #[napi(ts_type = "string | OutputStream")]
    pub accepted_csv: Option<String>,
    /// Stops the run when aborted: the promise rejects with `'cancelled'` and no output file
    /// is written (a stream source is destroyed). The `Sync` function only checks it before
    /// starting.
    #[napi(ts_type = "AbortSignal")]
    pub signal: Option<String>,
    /// Called during an asynchronous run (at most every 50 ms, and once at the end) with the
    /// bytes read and the rows checked so far.
    #[napi(ts_type = "(progress: UploadProgress) => void")]
    pub on_progress: Option<String>,
}

declared_options!(BindingDestinationsOptions);

/// An accepted row of a destinations upload, keyed by export column: the template's columns
/// with the code normalised, then the code in both schemes and the destination as the portal
/// shows it.
///
/// The binding builds these objects in JavaScript from the export's columns (see
/// `upload::PackedReport`); the struct declares their TypeScript type, and the tests check
/// its keys against `report.columns`.
#[napi(object, js_name = "DestinationsExportRow", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingDestinationsExportRow {
    /// The row as Excel shows it (header = 1).
    pub row: u32,
    /// The UKPRN, as given.
    #[napi(js_name = "UKPRN")]
    pub ukprn: String,
    /// The ULN, as given.
    #[napi(js_name = "Unique Learner Number")]
    pub uln: String,
    /// The learner reference, as given.
    #[napi(js_name = "Learner Reference Number")]
    pub learner_ref: String,
    /// The learning aim reference, upper case.
    #[napi(js_name = "Learning Aim Reference")]
    pub aim_ref: String,
    /// The learning aim title, as given (may be empty).
    #[napi(js_name = "Learning Aim Title")]
    pub aim_title: String,
    /// The destination code in its canonical spelling (`'EMP1'` for `'emp 1'`).
    #[napi(js_name = "Destination Code")]
    pub code: String,
    /// The ILR code (`'EMP1'` for `'WMCA1.0'`), or empty for a code without one.
    #[napi(js_name = "ILR Code")]
    pub ilr_code: String,
    /// The WMCA code (`'WMCA1.0'` for `'EMP1'`), or empty for a code without one.
    #[napi(js_name = "WMCA Code")]
    pub wmca_code: String,
    /// The destination as the portal shows it: `'Title (CODE)'`.
    #[napi(js_name = "Destination")]
    pub destination: String,
}

upload_report!(
    #[doc = " The report of a destinations upload. Findings are plain objects; rows are accepted"]
    #[doc = " or rejected as the WMCA portal would."]
    BindingDestinationsReport,
    "DestinationsReport",
    BindingDestinationsExportRow,
    "UploadRows<DestinationsExportRow> | null"
);

/// A destinations upload, prepared on the JavaScript thread.
#[derive(Debug)]
struct DestinationsWork {
    source: Source,
    control: RunControl,
    /// The outputs given a stream.
    streams: crate::sink::StreamOutputs,
    job: DestinationsJob,
    /// The caller's schemes (copied, so the work can leave the thread), or `None`: built-in.
    schemes: Option<Schemes>,
}

fn destinations_work<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
    asynchronous: bool,
) -> Result<DestinationsWork> {
    const ASIDE: &[&str] = &["schemes", "signal", "onProgress"];
    let mut options = conversion::options(env, options, "options", ASIDE)?;
    let control = run_control(
        env,
        options.take("signal"),
        options.take("onProgress"),
        asynchronous,
    )?;
    let source = upload_source(env, source, asynchronous, &control)?;
    let streams = crate::sink::streams(env, &mut options, asynchronous, control.cancel.clone())?;
    let schemes = options.take("schemes");
    let job = job(options.plain, ASIDE, DestinationsJob::from_value)?;
    let schemes = schemes
        .map(|v| {
            conversion::instance(env, v, "schemes", "Schemes", |s: &BindingSchemes| {
                s.schemes().clone()
            })
        })
        .transpose()?;
    Ok(DestinationsWork {
        source,
        control,
        streams,
        job,
        schemes,
    })
}

fn run_destinations(mut work: DestinationsWork) -> Result<PackedReport<BindingDestinationsReport>> {
    let schemes = work.schemes.as_ref().unwrap_or_else(|| builtin_schemes());
    let mut rows = PackedRows::new(work.job.common.keep_accepted, false);
    let seen = rows.seen.clone();
    let ran = run_with(&work.control, &seen, |control| {
        learner_destinations_host::upload::run_destinations(
            input(&mut work.source),
            &work.job,
            schemes,
            &outputs(&work.job.common, &work.streams),
            Some(&mut rows),
            control,
        )
    })
    .map_err(|e| cancelled_or(&work.control, failure(&work.source)(e)))?;
    let file = report_file(&work.source, &ran);
    Ok(BindingDestinationsReport::from_ran(
        file,
        ran,
        TemplateKind::Destinations,
        rows,
        &[],
    ))
}

/// Checks a destinations upload (the WMCA portal's template) row by row, as the portal would,
/// blocking until done. Prefer `validateDestinations` in a server: it does not block the event
/// loop.
///
/// `source` is a path (a plain string is always a path, as in Node's `fs`), the file's bytes (a
/// `Buffer` or `Uint8Array`), `{ path }`, or `{ text }` for CSV text. A file may be CSV (UTF-8
/// with or without BOM, UTF-16 with BOM or Windows-1252, comma- or tab-separated) or an Excel
/// workbook (.xlsx, .xls, .xlsb, .ods; `options.sheet`, else the first sheet), told apart by
/// its first bytes; columns are matched by name in any order and case.
///
/// Problems in rows are findings in the report, never thrown.
///
/// @throws {Error} when the file cannot be processed at all; `code` `'input_unreadable'`,
/// `'not_csv'`, `'encoding_unsupported'`, `'workbook_unreadable'`, `'workbook_protected'`,
/// `'sheet_not_found'`, `'missing_columns'`, `'duplicate_column'`, `'too_many_columns'`,
/// `'no_data'`; for the outputs, `'output_is_input'`, `'outputs_share_file'` or
/// `'output_unwritable'` (nothing is written then); for the options, `'option_unknown'`,
/// `'option_invalid'` (the message names the option) or `'input_too_deep'`.
#[napi(
    ts_args_type = "source: UploadSource, options?: DestinationsOptions",
    ts_return_type = "DestinationsReport"
)]
pub fn validate_destinations_sync<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    let report = destinations_work(env, source, options, false)
        .and_then(run_destinations)
        .map_err(|e| e.into_rejection(*env))?;
    report.to_js(env, false)
}

/// Checks a destinations upload off the JavaScript thread (libuv's thread pool), so a server's
/// event loop keeps running; the promise resolves to the report `validateDestinationsSync`
/// returns. A CSV source is streamed: memory does not grow with the file unless rows are kept
/// (a workbook is read whole).
///
/// The promise rejects with the `Error` (and `code`) `validateDestinationsSync` throws, a
/// wrong argument included.
#[napi(
    ts_args_type = "source: UploadSource, options?: DestinationsOptions",
    ts_return_type = "Promise<DestinationsReport>"
)]
pub fn validate_destinations<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> AsyncTask<OffThreadJs<PackedReport<BindingDestinationsReport>>> {
    let work = destinations_work(env, source, options, true);
    OffThreadJs::task(move || run_destinations(work?))
}

// --- The options of any upload ----------------------------------------------------------------

/// A job read from plain data, as its effective options.
type ReadView = fn(serde_json::Value) -> learner_destinations::Result<serde_json::Value>;

/// The options an upload of `kind` runs with, as the core reads them from `options` (the
/// options object of `validateDestinations`, `validateLearners` or `validateQualifications`):
/// every key the upload takes, in camelCase, each with its value or its default (`null` where
/// unset: no `ukprn` checks any provider, no `asOf` is today). Class instances and sources
/// (`schemes`, `lists`, `export`, `exported`, `reference`) are not options of the core and
/// are left out. Nothing is read or written.
///
/// @throws {Error} as the upload functions do for their options: `code` `'option_unknown'`,
/// `'option_invalid'`, `'options_conflict'` or `'input_too_deep'`, with `error.option`,
/// `error.accepted` or `error.options`; `'option_invalid'` when `kind` is not a template.
#[napi(
    ts_args_type = "kind: TemplateKind, options?: DestinationsOptions | LearnersOptions | QualificationsOptions",
    ts_return_type = "Record<string, string | number | boolean | string[] | null>"
)]
pub fn upload_options<'env>(
    env: &'env Env,
    kind: String,
    options: Option<Unknown<'env>>,
) -> napi::Result<serde_json::Value> {
    let read = || -> Result<serde_json::Value> {
        let kind = download::template_kind(&kind)?;
        let (aside, read): (&[&str], ReadView) = match kind {
            TemplateKind::Destinations => (&["schemes"], |v| {
                DestinationsJob::from_value(v, KeyStyle::Camel).map(|j| j.to_value(KeyStyle::Camel))
            }),
            TemplateKind::Learners => (&["lists"], |v| {
                LearnersJob::from_value(v, KeyStyle::Camel).map(|j| j.to_value(KeyStyle::Camel))
            }),
            TemplateKind::Qualifications => (&["export", "exported", "reference", "lists"], |v| {
                QualificationsJob::from_value(v, KeyStyle::Camel)
                    .map(|j| j.to_value(KeyStyle::Camel))
            }),
        };
        let options = conversion::options(env, options, "options", aside)?;
        job(options.plain, aside, |v, _| read(v))
    };
    read().map_err(|e| e.into_rejection(*env))
}
