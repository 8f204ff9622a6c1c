//! One run per template: the upload read from a `Read`, its outputs written to the caller's
//! sinks, its rows handed to the caller's [`RowSink`], its report returned.

use super::{DestinationsJob, KeyStyle, LearnersJob, QualificationsJob, UploadCommon};
use crate::codes::Schemes;
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::learners::{CredentialsIssuer, LearnerLists, RandomSource, SeededRandom};
use crate::qualifications::{ExportedLearners, QualificationLists};
use crate::template::destinations::{
    DestinationsOptions, DestinationsTemplate, EnrolmentConflicts,
};
use crate::template::learners::{
    FIRST_NAME, LAST_NAME, LearnersOptions, LearnersTemplate, credentials_row,
};
use crate::template::qualifications::{QualificationsOptions, open_upload, read_export};
use crate::template::{
    AcceptedCsvWriter, AcceptedRow, CredentialsCsvWriter, ErrorsCsvWriter, ErrorsXlsxWriter,
    RejectedRow, Report, RowOutcome, RowSource, SourceInfo, Template, Upload, UploadOptions,
    open_source,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};

mod cells;
pub use cells::{
    run_destinations_cells, run_destinations_cells_again, run_learners_cells,
    run_qualifications_cells,
};

/// How often a run asks the caller's cancel callback whether to stop: every this many rows
/// (and once before the first), so that Ctrl-C or an abort signal stops a million-row upload
/// within milliseconds without a call per row.
pub const CANCEL_EVERY_ROWS: u32 = 4096;

/// What the host knows about a run that the pure core may not look up: today's date, the time,
/// the input's name and size, the random source for credentials, and whether to stop.
#[non_exhaustive]
pub struct RunContext<'a> {
    /// Today (the host's clock, local date): the default `as_of`.
    pub today: NaiveDate,
    /// The time the upload is processed (e.g. RFC 3339): the default `processed_at`.
    pub now: Option<String>,
    /// The input's name as the host knows it (a path's file name): the default `file_name`.
    pub input_name: Option<String>,
    /// The input's size in bytes when known: a hint from which a template that remembers every
    /// row reserves its memory once (any value gives the same report).
    pub input_bytes: Option<u64>,
    /// The secure random source credentials are made from (the host's operating system
    /// generator). Needed only by a learner import issuing credentials without a `seed`.
    pub random: Option<&'a mut dyn RandomSource>,
    /// Asked every [`CANCEL_EVERY_ROWS`] rows; true stops the run with [`Error::Cancelled`].
    pub cancel: Option<&'a dyn Fn() -> bool>,
    /// How the caller spells option names, for the run's own refusals (default snake_case).
    pub style: KeyStyle,
}

impl std::fmt::Debug for RunContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunContext")
            .field("today", &self.today)
            .field("now", &self.now)
            .field("input_name", &self.input_name)
            .field("input_bytes", &self.input_bytes)
            .field("random", &self.random.is_some())
            .field("cancel", &self.cancel.is_some())
            .field("style", &self.style)
            .finish()
    }
}

impl<'a> RunContext<'a> {
    /// A context with only today's date.
    pub fn new(today: NaiveDate) -> Self {
        RunContext {
            today,
            now: None,
            input_name: None,
            input_bytes: None,
            random: None,
            cancel: None,
            style: KeyStyle::Snake,
        }
    }

    /// With the caller's spelling of option names.
    #[must_use]
    pub fn with_style(mut self, style: KeyStyle) -> Self {
        self.style = style;
        self
    }

    /// With the processing time (the default `processed_at`).
    #[must_use]
    pub fn with_now(mut self, now: impl Into<String>) -> Self {
        self.now = Some(now.into());
        self
    }

    /// With the input's name (the default `file_name`).
    #[must_use]
    pub fn with_input_name(mut self, name: impl Into<String>) -> Self {
        self.input_name = Some(name.into());
        self
    }

    /// With the input's size in bytes.
    #[must_use]
    pub fn with_input_bytes(mut self, bytes: u64) -> Self {
        self.input_bytes = Some(bytes);
        self
    }

    /// With the random source for credentials.
    #[must_use]
    pub fn with_random(mut self, random: &'a mut dyn RandomSource) -> Self {
        self.random = Some(random);
        self
    }

    /// With a cancel callback.
    #[must_use]
    pub fn with_cancel(mut self, cancel: &'a dyn Fn() -> bool) -> Self {
        self.cancel = Some(cancel);
        self
    }

    fn check_cancel(&self) -> Result<()> {
        match self.cancel {
            Some(cancel) if cancel() => Err(Error::Cancelled {
                reason: "the caller asked the run to stop".to_string(),
            }),
            _ => Ok(()),
        }
    }

    fn upload_options(&self, common: &UploadCommon) -> UploadOptions {
        UploadOptions {
            max_findings: common.max_findings,
            file_name: common.file_name.clone().or_else(|| self.input_name.clone()),
            processed_at: common.processed_at.clone().or_else(|| self.now.clone()),
            input_bytes: self.input_bytes,
        }
    }
}

/// What the caller does with rows as they are checked (keep them, convert them to its host's
/// values). Every method has a default that does nothing; an error stops the run and is
/// returned.
pub trait RowSink {
    /// An accepted row (its export cells through [`AcceptedRow::export`]). Not called when the
    /// job's `keep_accepted` is false.
    fn accepted(&mut self, row: &mut AcceptedRow<'_>) -> Result<()> {
        let _ = row;
        Ok(())
    }

    /// A rejected row, with its findings.
    fn rejected(&mut self, row: &RejectedRow<'_>) -> Result<()> {
        let _ = row;
        Ok(())
    }

    /// The run starts again from its first row (a destinations upload whose first pass found
    /// rows of one enrolment in conflict: see [`run_destinations_again`]): forget the rows
    /// handed out so far. The default does nothing; a sink that keeps rows must clear them.
    fn restart(&mut self) -> Result<()> {
        Ok(())
    }

    /// The credentials issued to the learner of data row `row` (as Excel numbers it), in the
    /// order of [`crate::learners::CREDENTIALS_COLUMNS`].
    fn credentials(&mut self, row: u64, cells: &[String; 9]) -> Result<()> {
        let _ = (row, cells);
        Ok(())
    }

    /// Findings as they are made: every finding of the run, file-level and each row's, in the
    /// report's order, whatever the job's `max_findings` and `keep_accepted`. A host that
    /// prints findings as they come (a command line at a terminal, a JSON array streamed out)
    /// sets `max_findings` to a small sample and keeps none itself, so that a million bad rows
    /// do not all wait in memory. Called with one row's findings at a time.
    fn findings(&mut self, findings: &[Finding]) -> Result<()> {
        let _ = findings;
        Ok(())
    }
}

/// Where a run's outputs go; each is optional and decided once, before the first row. The
/// CSV files are written as rows are checked (UTF-8 with BOM, CRLF, cells neutralised); the
/// host commits them only when the run returns `Ok`.
#[derive(Default)]
pub struct Sinks<'a> {
    /// The errors file: rejected rows, their original columns, `Row`, `Errors` and `Extra
    /// values`.
    pub errors_csv: Option<&'a mut dyn Write>,
    /// The same rows as a workbook ([`crate::template::ErrorsXlsxWriter`]: text columns, frozen
    /// header), written when the run ends.
    pub errors_xlsx: Option<&'a mut dyn Write>,
    /// The export of accepted rows.
    pub accepted_csv: Option<&'a mut dyn Write>,
    /// The credentials file (learner imports issuing credentials only).
    pub credentials_csv: Option<&'a mut dyn Write>,
    /// The rows and credentials, for the caller to keep.
    pub rows: Option<&'a mut dyn RowSink>,
}

impl std::fmt::Debug for Sinks<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sinks")
            .field("errors_csv", &self.errors_csv.is_some())
            .field("errors_xlsx", &self.errors_xlsx.is_some())
            .field("accepted_csv", &self.accepted_csv.is_some())
            .field("credentials_csv", &self.credentials_csv.is_some())
            .field("rows", &self.rows.is_some())
            .finish()
    }
}

/// Which reference lists a qualification upload was checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListsUsed {
    /// Where they came from (a file's reference sheets, a lists file, or this library's
    /// defaults).
    pub source: String,
    /// True for this library's defaults, not UCAS Progress's own lists.
    pub is_default: bool,
    /// The lists' version.
    pub version: String,
}

/// The outcome of a run: the report, and what else was produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunReport {
    /// The counts and findings.
    #[serde(flatten)]
    pub report: Report,
    /// Credentials issued (learner imports with credentials; `None` when none were asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials_issued: Option<u64>,
    /// The reference lists checked against (qualification uploads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualification_lists: Option<ListsUsed>,
    /// The learners of the exported file compared with (qualification uploads given one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exported_learners: Option<u64>,
    /// Destinations uploads: the rows found in conflict (OutType_02, 03, 04 by enrolment) by a
    /// first pass ([`run_destinations`]). When `Some`, rows handed out as accepted are among
    /// them, so this pass's outputs are not final: discard them and run
    /// [`run_destinations_again`] over the same input with these conflicts (the host does).
    #[serde(skip)]
    pub conflicts: Option<EnrolmentConflicts>,
}

/// A whole-file input the host has read, with the name errors and the report give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedInput {
    /// The file's name (e.g. its file name), for messages and the lists' source.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What a qualification upload is checked against besides its own rows, as the host has it.
///
/// Which reference lists win, first found: `lists` or `reference` (never both: which one was
/// meant cannot be known, so the two together are [`Error::OptionsConflict`], the Node binding's
/// rule, where the Python one let `lists` quietly win); the reference sheets of `export`; those
/// of the uploaded workbook; this library's defaults (which say they are defaults). The
/// exported learners come from `export` (a file) or `exported` (already read), never both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QualificationResources {
    /// `lists`: reference lists the caller already holds.
    pub lists: Option<QualificationLists>,
    /// `reference`: a workbook with the three reference sheets, or a JSON file of lists.
    pub reference: Option<NamedInput>,
    /// `export`: the file UCAS Progress exported (the workbook, or its Learner Qualifications
    /// sheet saved as CSV).
    pub export: Option<NamedInput>,
    /// `exported`: the exported learners, already read.
    pub exported: Option<ExportedLearners>,
}

impl QualificationResources {
    /// Refuses the combinations that cannot go together ([`Error::OptionsConflict`], option
    /// names in `style`): `lists` with `reference`; `export` with `exported`; the job's
    /// `export_sheet` without `export`. A host calls it before reading the upload; the run
    /// calls it too.
    pub fn check(&self, job: &QualificationsJob, style: KeyStyle) -> Result<()> {
        super::ResourcesGiven {
            lists: self.lists.is_some(),
            reference: self.reference.is_some(),
            export: self.export.is_some(),
            exported: self.exported.is_some(),
        }
        .check(job, style)
    }

    /// The template options these resources give, by the precedence above (the uploaded
    /// workbook's own sheets are looked at by the run, when no list was found before).
    pub fn resolve(self, job: &QualificationsJob) -> Result<QualificationsOptions> {
        let mut options = QualificationsOptions {
            lists: self.lists,
            exported: self.exported,
        };
        if let Some(reference) = self.reference {
            options.lists = Some(QualificationLists::from_reference_bytes(
                reference.bytes,
                &reference.name,
            )?);
        }
        if let Some(export) = self.export {
            let read = read_export(&export.bytes[..], job.export_sheet.as_deref(), &export.name)?;
            options = options.with_export(read);
        }
        Ok(options)
    }
}

/// Credentials being issued during a learner import.
struct Issuing<'r> {
    issuer: CredentialsIssuer,
    random: &'r mut dyn RandomSource,
    created_on: NaiveDate,
    count: u64,
}

impl Issuing<'_> {
    fn issue(&mut self, row: &mut AcceptedRow<'_>) -> Result<[String; 9]> {
        let issued = {
            let export = row.export();
            let first = export.get(FIRST_NAME).unwrap_or_default();
            let last = export.get(LAST_NAME).unwrap_or_default();
            self.issuer.issue(first, last, self.random)
        };
        if let Some(message) = self.random.take_failure() {
            return Err(Error::RandomUnavailable { message });
        }
        self.count += 1;
        Ok(credentials_row(row, &issued, self.created_on))
    }
}

/// A sheet named for a file that has none (CSV or tab-separated text) is refused
/// ([`Error::OptionInvalid`]), not ignored: the caller meant a workbook, so this is likely not
/// the file meant (a sheet saved as CSV from another workbook, say), and a check asked for must
/// never be quietly skipped. Run before any row is checked.
fn refuse_sheet_of_text(info: SourceInfo, common: &UploadCommon, style: KeyStyle) -> Result<()> {
    match &common.sheet {
        Some(sheet) if !is_workbook_format(info.format) => Err(Error::OptionInvalid {
            option: style.key("sheet"),
            message: format!(
                "names a sheet ('{}'), but the file is {} text, which has no sheets; leave {} out for a text file, or give the workbook",
                sheet
                    .chars()
                    .take(super::SHOWN_VALUE_CHARS)
                    .collect::<String>(),
                info.format.to_uppercase(),
                style.key("sheet"),
            ),
        }),
        _ => Ok(()),
    }
}

/// True for a workbook's format (`xlsx`, `xls`...), false for delimited text (`csv`).
fn is_workbook_format(format: &str) -> bool {
    format != "csv"
}

/// Checks every row of `upload`, writing to the sinks; the report, the credentials issued and
/// the template (what it found across rows).
fn drive<S: RowSource, T: Template>(
    mut upload: Upload<S, T>,
    common: &UploadCommon,
    ctx: &RunContext<'_>,
    sinks: Sinks<'_>,
    mut issuing: Option<Issuing<'_>>,
) -> Result<(Report, Option<u64>, T)> {
    refuse_sheet_of_text(upload.source_info(), common, ctx.style)?;
    let Sinks {
        errors_csv,
        errors_xlsx,
        accepted_csv,
        credentials_csv,
        rows,
    } = sinks;
    let mut errors = errors_csv
        .map(|w| ErrorsCsvWriter::new(w, &upload))
        .transpose()?;
    let mut errors_book = errors_xlsx
        .map(|w| ErrorsXlsxWriter::new(w, &upload))
        .transpose()?;
    let mut accepted = accepted_csv
        .map(|w| AcceptedCsvWriter::new(w, &upload))
        .transpose()?;
    let mut credentials = match (credentials_csv, issuing.is_some()) {
        (Some(w), true) => Some(CredentialsCsvWriter::new(w)?),
        (None, _) => None,
        (Some(_), false) => {
            return Err(Error::OptionsConflict {
                options: vec!["credentials_csv".to_string()],
                message: "a credentials file was given for a run that issues no credentials; ask for credentials, or give no credentials file".to_string(),
            });
        }
    };
    let mut rows = rows;
    if let Some(sink) = rows.as_mut() {
        sink.findings(upload.notices())?;
    }
    let keep_accepted = common.keep_accepted;
    let mut until_poll = CANCEL_EVERY_ROWS;
    upload.for_each_row(|mut outcome| {
        if let Some(sink) = rows.as_mut() {
            if !outcome.notices().is_empty() {
                sink.findings(outcome.notices())?;
            }
            if !outcome.findings().is_empty() {
                sink.findings(outcome.findings())?;
            }
        }
        // By reference: a row no output wants is not moved.
        match &mut outcome {
            RowOutcome::Accepted(row) => {
                if let Some(w) = accepted.as_mut() {
                    w.write(row)?;
                }
                if let Some(issuing) = issuing.as_mut() {
                    let cells = issuing.issue(row)?;
                    if let Some(w) = credentials.as_mut() {
                        w.write(&cells)?;
                    }
                    if let Some(sink) = rows.as_mut() {
                        sink.credentials(row.row(), &cells)?;
                    }
                }
                if keep_accepted {
                    if let Some(sink) = rows.as_mut() {
                        sink.accepted(row)?;
                    }
                }
            }
            RowOutcome::Rejected(row) => {
                if let Some(w) = errors.as_mut() {
                    w.write(row)?;
                }
                if let Some(w) = errors_book.as_mut() {
                    w.write(row)?;
                }
                if let Some(sink) = rows.as_mut() {
                    sink.rejected(row)?;
                }
            }
        }
        until_poll -= 1;
        if until_poll == 0 {
            until_poll = CANCEL_EVERY_ROWS;
            ctx.check_cancel()?;
        }
        Ok(())
    })?;
    if let Some(sink) = rows.as_mut() {
        sink.findings(upload.notices())?;
    }
    let (report, template) = upload.finish_with_template()?;
    if let Some(w) = errors {
        w.finish()?;
    }
    if let Some(w) = errors_book {
        w.finish()?;
    }
    if let Some(w) = accepted {
        w.finish()?;
    }
    if let Some(w) = credentials {
        w.finish()?;
    }
    Ok((report, issuing.map(|i| i.count), template))
}

/// Checks a destinations upload (the WMCA portal's template; CSV or a workbook) read from
/// `input` against `schemes`, writing the outputs to `sinks`.
///
/// `as_of` defaults to [`RunContext::today`]. When rows of one enrolment conflict (ESFA
/// OutType_02, 03, 04 by enrolment: see [`crate::template::destinations`]), the earlier rows
/// were handed out as accepted before the later ones showed the conflict: the report's
/// [`RunReport::conflicts`] is then `Some`, and the caller discards this pass's outputs and
/// calls [`run_destinations_again`] on the same input. With no conflict there is one pass.
///
/// Errors: those of [`open_source`] and [`Upload::new`] (the file cannot be processed), a
/// sink's write error, a [`RowSink`]'s error, [`Error::Cancelled`]. Nothing is half-decided: on
/// `Err` the host discards every output.
pub fn run_destinations<R: Read>(
    input: R,
    job: &DestinationsJob,
    schemes: &Schemes,
    ctx: RunContext<'_>,
    sinks: Sinks<'_>,
) -> Result<RunReport> {
    destinations_pass(input, job, schemes, None, ctx, sinks)
}

/// The second pass of a destinations upload whose first pass ([`run_destinations`]) found
/// `conflicts`: the same checks, with every row of a conflict rejected from the start, each
/// finding naming the other rows. Its report is final (`conflicts` is `None`).
pub fn run_destinations_again<R: Read>(
    input: R,
    job: &DestinationsJob,
    schemes: &Schemes,
    conflicts: &EnrolmentConflicts,
    ctx: RunContext<'_>,
    sinks: Sinks<'_>,
) -> Result<RunReport> {
    destinations_pass(input, job, schemes, Some(conflicts), ctx, sinks)
}

fn destinations_pass<R: Read>(
    input: R,
    job: &DestinationsJob,
    schemes: &Schemes,
    known: Option<&EnrolmentConflicts>,
    ctx: RunContext<'_>,
    sinks: Sinks<'_>,
) -> Result<RunReport> {
    destinations_pass_from(
        |sheet| open_source(input, sheet),
        job,
        schemes,
        known,
        ctx,
        sinks,
    )
}

/// One pass of a destinations upload over the rows `open` gives (told the job's `sheet`).
fn destinations_pass_from<S: RowSource>(
    open: impl FnOnce(Option<&str>) -> Result<S>,
    job: &DestinationsJob,
    schemes: &Schemes,
    known: Option<&EnrolmentConflicts>,
    ctx: RunContext<'_>,
    sinks: Sinks<'_>,
) -> Result<RunReport> {
    ctx.check_cancel()?;
    let mut options = DestinationsOptions::new(job.as_of.unwrap_or(ctx.today));
    if let Some(u) = job.ukprn {
        options = options.with_ukprn(u);
    }
    let source = open(job.common.sheet.as_deref())?;
    let mut template = DestinationsTemplate::new(schemes, options);
    if let Some(known) = known {
        template = template.with_conflicts(known.clone());
    }
    let upload = Upload::new(source, template, ctx.upload_options(&job.common))?;
    let (report, _, template) = drive(upload, &job.common, &ctx, sinks, None)?;
    let found = template.conflicts();
    let again = known.is_none_or(|k| *k != found);
    Ok(RunReport {
        report,
        credentials_issued: None,
        qualification_lists: None,
        exported_learners: None,
        conflicts: (!found.is_empty() && again).then_some(found),
    })
}

/// Checks a learner import (the UCAS Progress learner template; CSV or a workbook) read from
/// `input` against `lists` (year groups, genders, ethnicities: [`LearnerLists::builtin`] unless
/// the caller has its own), writing the outputs to `sinks`; with `job.credentials`, issues
/// every accepted learner a username (unique in the file and against the existing usernames)
/// and a password (UCAS Progress learner manager manual 7.5: "their passwords and usernames will
/// be automatically generated"), created on `as_of`.
///
/// Passwords come from `job.seed` when given ([`SeededRandom`]: tests and examples only), else
/// from [`RunContext::random`]. Errors: as [`run_destinations`]; [`Error::RandomUnavailable`]
/// when credentials are asked for with neither a seed nor a random source, or when the random
/// source reports a failure ([`RandomSource::take_failure`]).
pub fn run_learners<R: Read>(
    input: R,
    job: &LearnersJob,
    lists: &LearnerLists,
    ctx: RunContext<'_>,
    sinks: Sinks<'_>,
) -> Result<RunReport> {
    learners_from(|sheet| open_source(input, sheet), job, lists, ctx, sinks)
}

/// A learner import over the rows `open` gives (told the job's `sheet`).
fn learners_from<S: RowSource>(
    open: impl FnOnce(Option<&str>) -> Result<S>,
    job: &LearnersJob,
    lists: &LearnerLists,
    mut ctx: RunContext<'_>,
    sinks: Sinks<'_>,
) -> Result<RunReport> {
    ctx.check_cancel()?;
    let as_of = job.as_of.unwrap_or(ctx.today);
    let mut seeded = job.seed.map(SeededRandom::new);
    let random = ctx.random.take();
    let issuing = if job.credentials {
        let random: &mut dyn RandomSource = match (seeded.as_mut(), random) {
            (Some(seeded), _) => seeded,
            (None, Some(random)) => random,
            (None, None) => {
                return Err(Error::RandomUnavailable {
                    message: "no random source was given to make passwords with".to_string(),
                });
            }
        };
        Some(Issuing {
            issuer: CredentialsIssuer::new(&job.existing_usernames),
            random,
            created_on: as_of,
            count: 0,
        })
    } else {
        None
    };
    let mut options = LearnersOptions::new(as_of).with_ukprns(job.ukprns.iter().copied());
    options.ages = job.ages();
    options.lists = lists.clone();
    let source = open(job.common.sheet.as_deref())?;
    let upload = Upload::new(
        source,
        LearnersTemplate::new(options),
        ctx.upload_options(&job.common),
    )?;
    let (report, issued, _) = drive(upload, &job.common, &ctx, sinks, issuing)?;
    Ok(RunReport {
        report,
        credentials_issued: issued,
        qualification_lists: None,
        exported_learners: None,
        conflicts: None,
    })
}

/// Checks a learner qualifications upload (the UCAS Progress bulk qualification upload; CSV or
/// the exported workbook) read from `input`, against the lists and exported learners
/// `resources` give ([`QualificationResources`] says which win), writing the outputs to
/// `sinks`.
///
/// Errors: [`QualificationResources::check`]'s conflicts (named in `style`); a reference file
/// or exported file that cannot be read; as [`run_destinations`].
pub fn run_qualifications<R: Read>(
    input: R,
    job: &QualificationsJob,
    resources: QualificationResources,
    style: KeyStyle,
    ctx: RunContext<'_>,
    sinks: Sinks<'_>,
) -> Result<RunReport> {
    ctx.check_cancel()?;
    resources.check(job, style)?;
    let options = resources.resolve(job)?;
    let exported = options.exported.as_ref().map(|e| e.len() as u64);
    let upload = open_upload(
        input,
        job.common.sheet.as_deref(),
        options,
        ctx.upload_options(&job.common),
    )?;
    let lists = upload.template().lists();
    let used = ListsUsed {
        source: lists.source.clone(),
        is_default: lists.is_default,
        version: lists.version.clone(),
    };
    let (report, _, _) = drive(upload, &job.common, &ctx, sinks, None)?;
    Ok(RunReport {
        report,
        credentials_issued: None,
        qualification_lists: Some(used),
        exported_learners: exported,
        conflicts: None,
    })
}
