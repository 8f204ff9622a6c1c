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
//! Each upload template is: its options (the template's own fields, then the ones every upload
//! takes, with [`common_options!`]), its export row type (one field per export column, named as
//! the column: the TypeScript type of the rows `upload.rs` builds), its report type
//! ([`upload_report!`], with any fields of its own), one function preparing a job on the
//! JavaScript thread, one running it, and the two `#[napi]` functions:
//!
//! ```text
//! fn learners_job(source, options) -> Result<LearnersJob>     // JavaScript thread
//! fn run_learners(job) -> Result<PackedReport<BindingLearnersReport>>  // upload::run, from_ran
//! #[napi] validate_learners_sync(env, source, options) = run_learners(learners_job(..)?)?.to_js(env)
//! #[napi] validate_learners(source, options) = OffThreadJs::task(move || run_learners(job?))
//! ```

use crate::codes::{BindingSchemes, builtin_schemes};
use crate::dates::as_of_or_today;
use crate::errors::Result;
use crate::tasks::{OffThreadJs, ToJs};
use crate::upload::{Outputs, PackedReport, Source, SourceArg, run, ukprn_option};
use learner_destinations::codes::Schemes;
use learner_destinations::template::destinations::{DestinationsOptions, DestinationsTemplate};
use learner_destinations::template::{Upload, UploadOptions, open_source};
use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi::{Either, Env};
use napi_derive::napi;

/// Implements `common()` for a template's options struct, which declares, after its own
/// fields, those every upload takes: `sheet` (documented per template), `maxFindings`,
/// `fileName`, `processedAt`, `keepRows`, `errorsCsvPath` and `acceptedCsvPath` (copy them from
/// `DestinationsOptions`). The structs are written out rather than generated: napi would show
/// doc comments passed through a macro as raw string literals (`r" ...`) in `index.d.ts`.
macro_rules! common_options {
    ($name:ident) => {
        // napi's byte arrays (a source option) have no `Debug`.
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name)).finish_non_exhaustive()
            }
        }

        impl $name {
            /// The options every upload takes, moved out.
            fn common(&mut self) -> $crate::upload::CommonOptions {
                $crate::upload::CommonOptions {
                    sheet: self.sheet.take(),
                    max_findings: self.max_findings.take(),
                    file_name: self.file_name.take(),
                    processed_at: self.processed_at.take(),
                    keep_rows: self.keep_rows.take(),
                    errors_csv_path: self.errors_csv_path.take(),
                    accepted_csv_path: self.accepted_csv_path.take(),
                }
            }
        }
    };
}

/// Declares a template's report type: the summary, the findings and, when kept, the rows and
/// the two CSV files, with `$row` as the type of an accepted row, then the template's own
/// fields (given to `from_ran` in order). Docs given to the macro are written
/// `#[doc = " ..."]`, one attribute per line: napi would show doc comments passed through a
/// macro as raw string literals (`r" ...`) in `index.d.ts`.
macro_rules! upload_report {
    ($(#[$($doc:tt)*])* $name:ident, $js_name:tt, $row:ty $(, {
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
            /// The header row as found in the file.
            pub header: Vec<String>,
            /// The export's columns, in order: the keys of each accepted row after `row`.
            pub columns: Vec<String>,
            /// The accepted rows, each keyed by export column, in file order; `null` when
            /// `options.keepRows` is false.
            pub accepted: Option<Vec<$row>>,
            /// The rejected rows with their findings, in file order; `null` when
            /// `options.keepRows` is false.
            pub rejected: Option<Vec<$crate::upload::BindingRejectedRow>>,
            /// The errors file: the rejected rows' original columns, then `Row` and `Errors`
            /// (every message of the row). UTF-8 starting with a byte-order mark (U+FEFF), CRLF
            /// line ends, cells that a spreadsheet would run as formulas neutralised; `null`
            /// when `options.keepRows` is false.
            pub errors_csv: Option<String>,
            /// The export of the accepted rows (the `columns`), in the same form as
            /// `errorsCsv`; `null` when `options.keepRows` is false.
            pub accepted_csv: Option<String>,
            $($($(#[$($fdoc)*])* pub $field: $fty,)*)?
        }

        impl $name {
            /// The report: napi converts the summary and the rest, while the findings and the
            /// kept rows are packed to be built in JavaScript (see `upload::PackedReport`).
            fn from_ran(
                file: Option<String>,
                ran: $crate::upload::Ran,
                $($($field: $fty,)*)?
            ) -> $crate::upload::PackedReport<Self> {
                let report = $name {
                    file,
                    summary: ran.report.summary.into(),
                    findings: Vec::new(),
                    truncated: ran.report.truncated,
                    header: ran.header,
                    columns: ran.columns.clone(),
                    accepted: None,
                    rejected: None,
                    errors_csv: ran.errors_csv,
                    accepted_csv: ran.accepted_csv,
                    $($($field,)*)?
                };
                $crate::upload::PackedReport::new(report, ran.columns, &ran.report.findings, ran.rows)
            }
        }
    };
}

pub mod download;
pub mod learners;
pub mod qualifications;

/// The report's `file`: the path of a path source, else the file name given.
fn report_file(source: &Source, upload: &UploadOptions) -> Option<String> {
    source
        .path()
        .map(str::to_string)
        .or_else(|| upload.file_name.clone())
}

// --- The destinations upload (the WMCA destinations template) -------------------------------

/// Options of `validateDestinations` and `validateDestinationsSync`.
#[napi(object, js_name = "DestinationsOptions", object_to_js = false)]
#[derive(Default)]
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
    /// When the upload was processed (e.g. an ISO 8601 time), carried into the summary as
    /// given. Default: `null`.
    pub processed_at: Option<String>,
    /// Keep the accepted and rejected rows and both CSV files in the report (default `true`).
    /// For large files set `false` and give `errorsCsvPath` / `acceptedCsvPath`: memory then
    /// does not grow with the file.
    pub keep_rows: Option<bool>,
    /// Write the errors file (see `errorsCsv`) to this path while checking. It appears only
    /// when the whole upload was checked.
    pub errors_csv_path: Option<String>,
    /// Write the export of accepted rows (see `acceptedCsv`) to this path while checking. It
    /// appears only when the whole upload was checked.
    pub accepted_csv_path: Option<String>,
}

common_options!(BindingDestinationsOptions);

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
    BindingDestinationsExportRow
);

/// A destinations upload, prepared on the JavaScript thread.
#[derive(Debug)]
struct DestinationsJob {
    source: Source,
    /// The caller's schemes (copied, so the job can leave the thread), or `None`: built-in.
    schemes: Option<Schemes>,
    options: DestinationsOptions,
    upload: UploadOptions,
    outputs: Outputs,
}

fn destinations_job(
    source: SourceArg,
    options: Option<BindingDestinationsOptions>,
) -> Result<DestinationsJob> {
    let mut options = options.unwrap_or_default();
    let source = Source::from_js(source)?;
    let as_of = as_of_or_today(options.as_of.as_deref()).map_err(|e| e.at("asOf"))?;
    let mut core_options = DestinationsOptions::new(as_of);
    if let Some(ukprn) = ukprn_option(options.ukprn.as_ref())? {
        core_options = core_options.with_ukprn(ukprn);
    }
    let (upload, outputs) = options.common().split(&source)?;
    Ok(DestinationsJob {
        schemes: options.schemes.map(|s| s.schemes().clone()),
        source,
        options: core_options,
        upload,
        outputs,
    })
}

fn run_destinations(job: DestinationsJob) -> Result<PackedReport<BindingDestinationsReport>> {
    let schemes = job.schemes.as_ref().unwrap_or_else(|| builtin_schemes());
    let file = report_file(&job.source, &job.upload);
    let ran = job.source.read_with(|reader| {
        let source = open_source(reader, job.outputs.sheet.as_deref())?;
        let template = DestinationsTemplate::new(schemes, job.options);
        run(Upload::new(source, template, job.upload)?, &job.outputs)
    })?;
    Ok(BindingDestinationsReport::from_ran(file, ran))
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
/// @throws {Error} when the file cannot be processed at all; `code` `'io'` (it cannot be read,
/// or an output file cannot be written), `'not_csv'`, `'encoding_unsupported'`,
/// `'workbook_unreadable'`, `'workbook_protected'`, `'sheet_not_found'`, `'missing_columns'`,
/// `'duplicate_column'`, `'too_many_columns'`, `'no_data'`; for an option, `'ukprn_format'`,
/// `'date_format'`, `'date_impossible'` or `'option_invalid'`.
#[napi(
    ts_args_type = "source: UploadSource, options?: DestinationsOptions",
    ts_return_type = "DestinationsReport"
)]
pub fn validate_destinations_sync(
    env: &Env,
    source: SourceArg,
    options: Option<BindingDestinationsOptions>,
) -> Result<Unknown<'_>> {
    let report = run_destinations(destinations_job(source, options)?)?;
    Ok(report.to_js(env)?)
}

/// Checks a destinations upload off the JavaScript thread (libuv's thread pool), so a server's
/// event loop keeps running; the promise resolves to the report `validateDestinationsSync`
/// returns. A CSV source is streamed: memory does not grow with the file unless rows are kept
/// (a workbook is read whole).
///
/// The promise rejects with the `Error` (and `code`) `validateDestinationsSync` throws.
#[napi(
    ts_args_type = "source: UploadSource, options?: DestinationsOptions",
    ts_return_type = "Promise<DestinationsReport>"
)]
pub fn validate_destinations(
    source: SourceArg,
    options: Option<BindingDestinationsOptions>,
) -> AsyncTask<OffThreadJs<PackedReport<BindingDestinationsReport>>> {
    let job = destinations_job(source, options);
    OffThreadJs::task(move || run_destinations(job?))
}
