//! The UCAS Progress learner import: `validateLearners` / `validateLearnersSync`, with
//! usernames and passwords issued to the accepted learners on request.

use super::{export_columns, job};
use crate::conversion::{self, Source};
use crate::errors::Result;
use crate::learners::BindingLearnerLists;
use crate::stream::{RunControl, cancelled_or, run_control};
use crate::tasks::{OffThreadJs, ToJs};
use crate::upload::{
    PackedReport, PackedRows, failure, input, outputs, report_file, run_with, upload_source,
};
use learner_destinations::learners::LearnerLists;
use learner_destinations::template::download::TemplateKind;
use learner_destinations::workflow::LearnersJob;
use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi::{Either, Env};
use napi_derive::napi;

/// Options of `validateLearners` and `validateLearnersSync`: read as plain data by the core
/// (`LearnersJob`), which refuses any other key (`'option_unknown'`).
#[napi(object, js_name = "LearnersOptions", object_to_js = false)]
pub struct BindingLearnersOptions {
    /// The providers the uploader manages (numbers or strings): rows for any other UKPRN
    /// are rejected (`'ukprn_not_managed'`). Default: any provider.
    pub ukprns: Option<Vec<Either<f64, String>>>,
    /// "Today" (`YYYY-MM-DD`): dates of birth may not be after it, ages are counted on it, and
    /// credentials are created on it. Default: today.
    pub as_of: Option<String>,
    /// The youngest age expected on `asOf`; a younger learner gets an `'age_out_of_range'`
    /// warning. Default: 11.
    pub min_age: Option<f64>,
    /// The oldest age expected on `asOf`; an older learner gets an `'age_out_of_range'`
    /// warning. Default: 25.
    pub max_age: Option<f64>,
    /// The year groups, genders and ethnicities accepted. Default: the built-in lists
    /// (`new LearnerLists()`).
    pub lists: Option<&'static BindingLearnerLists>,
    /// For a workbook: the sheet to read. Default: the first.
    pub sheet: Option<String>,
    /// Issue a username and a password (from the operating system's secure generator) to
    /// every accepted learner, returned in `report.credentials` (default `false`; `true` when
    /// `credentialsCsv` is given). They are returned even when `keepAccepted` is false.
    pub credentials: Option<bool>,
    /// Usernames already taken (compared ignoring case; trimmed, blanks dropped), as a list or
    /// as the text of a file of them, one a line: issued usernames avoid them. Only with
    /// credentials.
    #[napi(ts_type = "string[] | string")]
    pub existing_usernames: Option<Vec<String>>,
    /// Passwords from a seeded generator instead of the secure one, the same for every run:
    /// **for tests and examples only** (anyone who knows the seed can work the passwords out).
    /// A whole number up to 2^53, or a decimal string. Only with credentials.
    #[napi(ts_type = "number | string")]
    pub seed: Option<f64>,
    /// Write the credentials issued to this path: UTF-8 with a byte-order mark, CRLF, cells a
    /// spreadsheet would run neutralised, readable by its owner only (mode 0600 from its first
    /// byte). Written only when the whole upload was checked.
    /// A path, or a stream (a Node `Writable` or a web `WritableStream`; asynchronous
    /// functions only), written once the whole upload was checked and then ended.
    #[napi(ts_type = "string | OutputStream")]
    pub credentials_csv: Option<String>,
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

declared_options!(BindingLearnersOptions);

/// An accepted row of a learner import, keyed by export column: every column of the template,
/// values in canonical form (postcode `'B33 8TH'`, year group `'Year 12'`, UPN in upper case),
/// empty for an optional column left empty or absent.
///
/// The binding builds these objects in JavaScript from the export's columns (see
/// `upload::PackedReport`); the struct declares their TypeScript type.
#[napi(object, js_name = "LearnersExportRow", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingLearnersExportRow {
    /// The row as Excel shows it (header = 1).
    pub row: u32,
    /// The provider's UKPRN.
    #[napi(js_name = "UKPRN")]
    pub ukprn: String,
    /// The year group, as the list spells it (`'Year 12'`).
    #[napi(js_name = "Learner year group")]
    pub year_group: String,
    /// The first name.
    #[napi(js_name = "First name")]
    pub first_name: String,
    /// The last name.
    #[napi(js_name = "Last name")]
    pub last_name: String,
    /// The postcode, normalised (`'B33 8TH'`).
    #[napi(js_name = "Postcode")]
    pub postcode: String,
    /// The date of birth, `YYYY-MM-DD`.
    #[napi(js_name = "Dob")]
    pub dob: String,
    /// The email address.
    #[napi(js_name = "Email address")]
    pub email: String,
    /// The first line of the address.
    #[napi(js_name = "House name or number")]
    pub house: String,
    /// The second line of the address.
    #[napi(js_name = "Street")]
    pub street: String,
    /// The third line of the address.
    #[napi(js_name = "Locality")]
    pub locality: String,
    /// The fourth line of the address.
    #[napi(js_name = "Town")]
    pub town: String,
    /// The telephone number, digits only.
    #[napi(js_name = "Telephone")]
    pub telephone: String,
    /// The ULN.
    #[napi(js_name = "ULN")]
    pub uln: String,
    /// The UPN, upper case.
    #[napi(js_name = "UPN")]
    pub upn: String,
    /// The CCIS young person record ID.
    #[napi(js_name = "CCIS")]
    pub ccis: String,
    /// The gender, as the list spells it.
    #[napi(js_name = "Gender")]
    pub gender: String,
    /// The ethnicity, as the list spells it.
    #[napi(js_name = "Ethnicity")]
    pub ethnicity: String,
}

/// A username and password issued to an accepted learner, with what identifies the learner:
/// a row of the manual's credentials list ("Learners who have not logged on").
///
/// The binding builds these objects in JavaScript (see `upload::PackedReport`); the struct
/// declares their TypeScript type.
#[napi(object, js_name = "IssuedCredentials", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingIssuedCredentials {
    /// The learner's row as Excel shows it (header = 1).
    pub row: u32,
    /// The provider's UKPRN.
    pub provider: String,
    /// The first name.
    pub first_name: String,
    /// The last name.
    pub last_name: String,
    /// The postcode, normalised.
    pub postcode: String,
    /// The ULN (empty when not given).
    pub uln: String,
    /// The date of birth, `YYYY-MM-DD`.
    pub dob: String,
    /// The username: unique in the upload and against `existingUsernames`; it passes
    /// `checkUsername`.
    pub username: String,
    /// The first password (the learner changes it at first log-in); it passes
    /// `checkPassword`.
    pub password: String,
    /// The date the credentials were created: `options.asOf`.
    pub created_on: String,
}

/// The keys of [`BindingIssuedCredentials`] after `row`, in the order of the core's
/// credentials row (`CREDENTIALS_COLUMNS`).
const CREDENTIAL_KEYS: [&str; 9] = [
    "provider",
    "firstName",
    "lastName",
    "postcode",
    "uln",
    "dob",
    "username",
    "password",
    "createdOn",
];

upload_report!(
    #[doc = " The report of a learner import: rows accepted or rejected as UCAS Progress would,"]
    #[doc = " and the credentials issued when asked for."]
    BindingLearnersReport,
    "LearnersReport",
    BindingLearnersExportRow,
    "UploadRows<LearnersExportRow> | null",
    {
        #[doc = " A username and password for every accepted learner, in file order, when"]
        #[doc = " `options.credentials` is true; else `null`. Made only when asked for, as"]
        #[doc = " `accepted` is (`.toArray()` for all of them)."]
        #[napi(ts_type = "UploadRows<IssuedCredentials> | null")]
        pub credentials: Option<Vec<BindingIssuedCredentials>>,
    }
);

/// A learner import, prepared on the JavaScript thread.
#[derive(Debug)]
struct LearnersWork {
    source: Source,
    control: RunControl,
    /// The outputs given a stream.
    streams: crate::sink::StreamOutputs,
    job: LearnersJob,
    /// The caller's lists (copied, so the work can leave the thread), or `None`: built-in.
    lists: Option<LearnerLists>,
}

fn learners_work<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
    asynchronous: bool,
) -> Result<LearnersWork> {
    const ASIDE: &[&str] = &["lists", "signal", "onProgress"];
    let mut options = conversion::options(env, options, "options", ASIDE)?;
    let control = run_control(
        env,
        options.take("signal"),
        options.take("onProgress"),
        asynchronous,
    )?;
    let source = upload_source(env, source, asynchronous, &control)?;
    let streams = crate::sink::streams(env, &mut options, asynchronous, control.cancel.clone())?;
    let lists = options.take("lists");
    let job = job(options.plain, ASIDE, LearnersJob::from_value)?;
    let lists = lists
        .map(|v| {
            conversion::instance(
                env,
                v,
                "lists",
                "LearnerLists",
                |l: &BindingLearnerLists| l.lists().clone(),
            )
        })
        .transpose()?;
    Ok(LearnersWork {
        source,
        control,
        streams,
        job,
        lists,
    })
}

fn run_learners(mut work: LearnersWork) -> Result<PackedReport<BindingLearnersReport>> {
    let builtin;
    let lists = match &work.lists {
        Some(lists) => lists,
        None => {
            builtin = LearnerLists::builtin();
            &builtin
        }
    };
    let mut rows = PackedRows::new(work.job.common.keep_accepted, work.job.credentials);
    let seen = rows.seen.clone();
    let ran = run_with(&work.control, &seen, |control| {
        learner_destinations_host::upload::run_learners(
            input(&mut work.source),
            &work.job,
            lists,
            &outputs(&work.job.common, &work.streams),
            Some(&mut rows),
            control,
        )
    })
    .map_err(|e| cancelled_or(&work.control, failure(&work.source)(e)))?;
    let file = report_file(&work.source, &ran);
    Ok(BindingLearnersReport::from_ran(
        file,
        ran,
        TemplateKind::Learners,
        rows,
        &CREDENTIAL_KEYS,
        None,
    ))
}

/// Checks a learner import (the UCAS Progress learner template) row by row, as UCAS Progress
/// would, blocking until done; with `options.credentials`, issues a username and password to
/// every accepted learner. Prefer `validateLearners` in a server: it does not block the event
/// loop.
///
/// Columns: UKPRN, Learner year group, First name, Last name, Postcode and Dob (required), then
/// Email address, House name or number, Street, Locality, Town, Telephone, ULN, UPN, CCIS,
/// Gender and Ethnicity (optional), in any order and case. `source` as for
/// `validateDestinationsSync`: a path, bytes, `{ path }` or `{ text }`; CSV or a workbook.
///
/// Problems in rows are findings in the report, never thrown.
///
/// @throws {Error} when the file cannot be processed at all; `code` `'input_unreadable'`,
/// `'not_csv'`, `'encoding_unsupported'`, `'workbook_unreadable'`, `'workbook_protected'`,
/// `'sheet_not_found'`, `'missing_columns'`, `'duplicate_column'`, `'too_many_columns'`,
/// `'no_data'`; `'random_unavailable'` when the operating system's random generator failed
/// (no credentials are returned or written then); for the outputs, `'output_is_input'`,
/// `'outputs_share_file'` or `'output_unwritable'`; for the options, `'option_unknown'`,
/// `'option_invalid'`, `'options_conflict'` (e.g. `existingUsernames` without credentials) or
/// `'input_too_deep'`.
#[napi(
    ts_args_type = "source: UploadSource, options?: LearnersOptions",
    ts_return_type = "LearnersReport"
)]
pub fn validate_learners_sync<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    let report = learners_work(env, source, options, false)
        .and_then(run_learners)
        .map_err(|e| e.into_rejection(*env))?;
    report.to_js(env, false)
}

/// Checks a learner import off the JavaScript thread (libuv's thread pool), so a server's event
/// loop keeps running; the promise resolves to the report `validateLearnersSync` returns.
///
/// The promise rejects with the `Error` (and `code`) `validateLearnersSync` throws, a wrong
/// argument included.
#[napi(
    ts_args_type = "source: UploadSource, options?: LearnersOptions",
    ts_return_type = "Promise<LearnersReport>"
)]
pub fn validate_learners<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> AsyncTask<OffThreadJs<PackedReport<BindingLearnersReport>>> {
    let work = learners_work(env, source, options, true);
    OffThreadJs::task(move || run_learners(work?))
}
