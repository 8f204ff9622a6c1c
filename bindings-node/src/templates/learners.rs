//! The UCAS Progress learner import: `validateLearners` / `validateLearnersSync`, with
//! usernames and passwords issued to the accepted learners on request.

use super::report_file;
use crate::dates::as_of_or_today;
use crate::errors::{BindingError, Result};
use crate::identifiers::ukprn_text;
use crate::learners::{AgeRange, BindingLearnerLists, OsRandom, age_range};
use crate::tasks::{OffThreadJs, ToJs};
use crate::upload::{Outputs, PackedReport, Section, Source, SourceArg, run_with};
use learner_destinations::Ukprn;
use learner_destinations::learners::CredentialsIssuer;
use learner_destinations::template::learners::{
    FIRST_NAME, LAST_NAME, LearnersOptions, LearnersTemplate, credentials_row,
};
use learner_destinations::template::{Upload, UploadOptions, open_source};
use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi::{Either, Env};
use napi_derive::napi;

/// Options of `validateLearners` and `validateLearnersSync`.
#[napi(object, js_name = "LearnersOptions", object_to_js = false)]
#[derive(Default)]
pub struct BindingLearnersOptions {
    /// The providers the uploader manages (numbers or strings): rows for any other UKPRN
    /// are rejected (`'ukprn_not_managed'`). Default: any provider.
    pub ukprns: Option<Vec<Either<f64, String>>>,
    /// "Today" (`YYYY-MM-DD`): dates of birth may not be after it, and ages are counted on
    /// it. Default: today.
    pub as_of: Option<String>,
    /// The ages expected on `asOf`; a learner outside them gets an `'age_out_of_range'`
    /// warning. Default: 11 to 25.
    pub ages: Option<AgeRange>,
    /// The year groups, genders and ethnicities accepted. Default: the built-in lists
    /// (`new LearnerLists()`).
    pub lists: Option<&'static BindingLearnerLists>,
    /// For a workbook: the sheet to read. Default: the first.
    pub sheet: Option<String>,
    /// Issue a username and a password (from the operating system's secure generator) to
    /// every accepted learner, returned in `report.credentials` (default `false`). They are
    /// returned even when `keepRows` is false.
    pub credentials: Option<bool>,
    /// Usernames already taken (compared ignoring case): issued usernames avoid them.
    pub existing_usernames: Option<Vec<String>>,
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

common_options!(BindingLearnersOptions);

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
    {
        #[doc = " A username and password for every accepted learner, in file order, when"]
        #[doc = " `options.credentials` is true; else `null`."]
        pub credentials: Option<Vec<BindingIssuedCredentials>>,
    }
);

/// A learner import, prepared on the JavaScript thread.
#[derive(Debug)]
struct LearnersJob {
    source: Source,
    options: LearnersOptions,
    upload: UploadOptions,
    outputs: Outputs,
    /// The usernames to avoid, when credentials are to be issued.
    credentials: Option<Vec<String>>,
}

fn learners_job(source: SourceArg, options: Option<BindingLearnersOptions>) -> Result<LearnersJob> {
    let mut options = options.unwrap_or_default();
    let source = Source::from_js(source)?;
    let as_of = as_of_or_today(options.as_of.as_deref()).map_err(|e| e.at("asOf"))?;
    let ukprns = options
        .ukprns
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, u)| {
            Ukprn::parse(&ukprn_text(u))
                .map_err(|r| BindingError::from(r).at(format!("ukprns[{i}]")))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut core_options = LearnersOptions::new(as_of).with_ukprns(ukprns);
    if options.ages.is_some() {
        core_options.ages = age_range(options.ages);
    }
    if let Some(lists) = options.lists {
        core_options.lists = lists.lists().clone();
    }
    if options.credentials != Some(true) && options.existing_usernames.is_some() {
        return Err(BindingError::invalid_arg(
            "existingUsernames is for issuing credentials: give credentials: true too",
        ));
    }
    let credentials = (options.credentials == Some(true))
        .then(|| options.existing_usernames.take().unwrap_or_default());
    let (upload, outputs) = options.common().split(&source)?;
    Ok(LearnersJob {
        source,
        options: core_options,
        upload,
        outputs,
        credentials,
    })
}

fn run_learners(job: LearnersJob) -> Result<PackedReport<BindingLearnersReport>> {
    let file = report_file(&job.source, &job.upload);
    let created_on = job.options.as_of;
    let mut issuing = job
        .credentials
        .map(|existing| (CredentialsIssuer::new(existing), Section::default()));
    let mut rng = OsRandom::default();
    let ran = job.source.read_with(|reader| {
        let source = open_source(reader, job.outputs.sheet.as_deref())?;
        let upload = Upload::new(source, LearnersTemplate::new(job.options), job.upload)?;
        run_with(upload, &job.outputs, |row| {
            let Some((issuer, section)) = issuing.as_mut() else {
                return Ok(());
            };
            let issued = {
                let export = row.export();
                let first = export.get(FIRST_NAME).unwrap_or_default();
                let last = export.get(LAST_NAME).unwrap_or_default();
                issuer.issue(first, last, &mut rng)
            };
            rng.take_failure()?;
            let cells = credentials_row(row, &issued, created_on);
            section.made_row(row.row(), cells.iter().map(String::as_str));
            Ok(())
        })
    })?;
    let report = BindingLearnersReport::from_ran(file, ran, None);
    Ok(match issuing {
        Some((_, section)) => report.with_rows("credentials", &CREDENTIAL_KEYS, section),
        None => report,
    })
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
/// @throws {Error} when the file cannot be processed at all; `code` `'io'` (it cannot be read,
/// an output file cannot be written, or the operating system's random generator failed),
/// `'not_csv'`, `'encoding_unsupported'`, `'workbook_unreadable'`, `'workbook_protected'`,
/// `'sheet_not_found'`, `'missing_columns'`, `'duplicate_column'`, `'too_many_columns'`,
/// `'no_data'`; for an option, `'ukprn_format'`, `'date_format'`, `'date_impossible'` or
/// `'option_invalid'`.
#[napi(
    ts_args_type = "source: UploadSource, options?: LearnersOptions",
    ts_return_type = "LearnersReport"
)]
pub fn validate_learners_sync(
    env: &Env,
    source: SourceArg,
    options: Option<BindingLearnersOptions>,
) -> Result<Unknown<'_>> {
    let report = run_learners(learners_job(source, options)?)?;
    Ok(report.to_js(env)?)
}

/// Checks a learner import off the JavaScript thread (libuv's thread pool), so a server's event
/// loop keeps running; the promise resolves to the report `validateLearnersSync` returns.
///
/// The promise rejects with the `Error` (and `code`) `validateLearnersSync` throws.
#[napi(
    ts_args_type = "source: UploadSource, options?: LearnersOptions",
    ts_return_type = "Promise<LearnersReport>"
)]
pub fn validate_learners(
    source: SourceArg,
    options: Option<BindingLearnersOptions>,
) -> AsyncTask<OffThreadJs<PackedReport<BindingLearnersReport>>> {
    let job = learners_job(source, options);
    OffThreadJs::task(move || run_learners(job?))
}
