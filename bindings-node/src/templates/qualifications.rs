//! The UCAS Progress learner qualifications upload: `validateQualifications` /
//! `validateQualificationsSync`, checked against reference lists and, when given, the file UCAS
//! Progress exported.
//!
//! The reference lists are, first found (as in the CLI): `options.lists` or `options.reference`;
//! the reference sheets of `options.export`; those of the uploaded workbook itself; this
//! library's defaults (which say they are defaults: `report.lists.isDefault`).

use super::{export_columns, job};
use crate::conversion::{self, Source};
use crate::errors::Result;
use crate::qualifications::{BindingExportedLearners, BindingQualificationLists};
use crate::stream::{RunControl, cancelled_or, run_control};
use crate::tasks::{OffThreadJs, ToJs};
use crate::upload::{
    PackedReport, PackedRows, UploadSource, failure, input, outputs, report_file, run_with,
    upload_source,
};
use learner_destinations::template::download::TemplateKind;
use learner_destinations::workflow::{
    KeyStyle, NamedInput, QualificationResources, QualificationsJob,
};
use learner_destinations_host::input::{self as host_input, InputKind};
use learner_destinations_host::output::{FileIdentity, check_outputs};
use napi::Env;
use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi_derive::napi;
use std::path::Path;

/// Options of `validateQualifications` and `validateQualificationsSync`: read as plain data by
/// the core (`QualificationsJob`, and `QualificationResources` for the lists and the export,
/// which decides which lists win), which refuses any other key (`'option_unknown'`).
#[napi(object, js_name = "QualificationsOptions", object_to_js = false)]
pub struct BindingQualificationsOptions {
    /// The file UCAS Progress exported (the workbook, or its Learner Qualifications sheet
    /// saved as CSV), as a source like the upload's: every row's UCAS Account ID must be in
    /// it, and Forename, Surname, Date of Birth, Current Provider and Current Area
    /// unchanged. Its reference sheets give the lists unless `lists` or `reference` does.
    #[napi(ts_type = "UploadSource")]
    pub export: Option<UploadSource>,
    /// The sheet of the exported workbook to read (only with `export`). Default: "Learner
    /// Qualifications" (any case), else the first sheet that is not a reference sheet.
    pub export_sheet: Option<String>,
    /// The exported learners, when you hold them rather than the file (not with `export`).
    pub exported: Option<&'static BindingExportedLearners>,
    /// The reference lists as a file: a workbook with the "Qualification type",
    /// "Qualification Subject" and "Qualification Grading" sheets (the exported workbook),
    /// or JSON in the shape `QualificationLists.fromJson` reads (not with `lists`).
    #[napi(ts_type = "UploadSource")]
    pub reference: Option<UploadSource>,
    /// The reference lists (not with `reference`).
    pub lists: Option<&'static BindingQualificationLists>,
    /// For a workbook: the sheet to read. Default: "Learner Qualifications" (any case),
    /// else the first sheet that is not a reference sheet.
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

declared_options!(BindingQualificationsOptions);

/// An accepted row of a qualifications upload, keyed by export column: the identity columns
/// as given, UPN and ULN canonical, and the 18 qualification groups with types, subjects and
/// grades as the reference lists spell them (every column is present; a column the file did not
/// have, or an empty group, is empty).
///
/// The binding builds these objects in JavaScript from the export's columns (see
/// `upload::PackedReport`); the struct declares their TypeScript type.
#[napi(object, js_name = "QualificationsExportRow", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingQualificationsExportRow {
    /// The row as Excel shows it (header = 1).
    pub row: u32,
    /// The UCAS Progress account, as given (trimmed).
    #[napi(js_name = "UCAS Account ID")]
    pub ucas_account_id: String,
    /// The UPN in upper case, or empty.
    #[napi(js_name = "UPN")]
    pub upn: String,
    /// The ULN, or empty.
    #[napi(js_name = "ULN")]
    pub uln: String,
    /// The forename, as given (trimmed).
    #[napi(js_name = "Forename")]
    pub forename: String,
    /// The surname, as given (trimmed).
    #[napi(js_name = "Surname")]
    pub surname: String,
    /// The date of birth, as given (trimmed).
    #[napi(js_name = "Date of Birth")]
    pub date_of_birth: String,
    /// The current provider, as given (trimmed).
    #[napi(js_name = "Current Provider")]
    pub current_provider: String,
    /// The current area, as given (trimmed).
    #[napi(js_name = "Current Area")]
    pub current_area: String,
    /// Qualification 1's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 1")]
    pub type_1: String,
    /// Qualification 1's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 1")]
    pub subject_1: String,
    /// Qualification 1's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 1")]
    pub completion_date_1: String,
    /// Qualification 1's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 1")]
    pub predicted_grade_1: String,
    /// Qualification 1's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 1")]
    pub actual_grade_1: String,
    /// Qualification 2's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 2")]
    pub type_2: String,
    /// Qualification 2's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 2")]
    pub subject_2: String,
    /// Qualification 2's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 2")]
    pub completion_date_2: String,
    /// Qualification 2's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 2")]
    pub predicted_grade_2: String,
    /// Qualification 2's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 2")]
    pub actual_grade_2: String,
    /// Qualification 3's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 3")]
    pub type_3: String,
    /// Qualification 3's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 3")]
    pub subject_3: String,
    /// Qualification 3's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 3")]
    pub completion_date_3: String,
    /// Qualification 3's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 3")]
    pub predicted_grade_3: String,
    /// Qualification 3's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 3")]
    pub actual_grade_3: String,
    /// Qualification 4's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 4")]
    pub type_4: String,
    /// Qualification 4's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 4")]
    pub subject_4: String,
    /// Qualification 4's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 4")]
    pub completion_date_4: String,
    /// Qualification 4's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 4")]
    pub predicted_grade_4: String,
    /// Qualification 4's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 4")]
    pub actual_grade_4: String,
    /// Qualification 5's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 5")]
    pub type_5: String,
    /// Qualification 5's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 5")]
    pub subject_5: String,
    /// Qualification 5's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 5")]
    pub completion_date_5: String,
    /// Qualification 5's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 5")]
    pub predicted_grade_5: String,
    /// Qualification 5's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 5")]
    pub actual_grade_5: String,
    /// Qualification 6's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 6")]
    pub type_6: String,
    /// Qualification 6's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 6")]
    pub subject_6: String,
    /// Qualification 6's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 6")]
    pub completion_date_6: String,
    /// Qualification 6's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 6")]
    pub predicted_grade_6: String,
    /// Qualification 6's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 6")]
    pub actual_grade_6: String,
    /// Qualification 7's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 7")]
    pub type_7: String,
    /// Qualification 7's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 7")]
    pub subject_7: String,
    /// Qualification 7's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 7")]
    pub completion_date_7: String,
    /// Qualification 7's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 7")]
    pub predicted_grade_7: String,
    /// Qualification 7's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 7")]
    pub actual_grade_7: String,
    /// Qualification 8's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 8")]
    pub type_8: String,
    /// Qualification 8's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 8")]
    pub subject_8: String,
    /// Qualification 8's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 8")]
    pub completion_date_8: String,
    /// Qualification 8's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 8")]
    pub predicted_grade_8: String,
    /// Qualification 8's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 8")]
    pub actual_grade_8: String,
    /// Qualification 9's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 9")]
    pub type_9: String,
    /// Qualification 9's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 9")]
    pub subject_9: String,
    /// Qualification 9's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 9")]
    pub completion_date_9: String,
    /// Qualification 9's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 9")]
    pub predicted_grade_9: String,
    /// Qualification 9's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 9")]
    pub actual_grade_9: String,
    /// Qualification 10's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 10")]
    pub type_10: String,
    /// Qualification 10's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 10")]
    pub subject_10: String,
    /// Qualification 10's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 10")]
    pub completion_date_10: String,
    /// Qualification 10's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 10")]
    pub predicted_grade_10: String,
    /// Qualification 10's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 10")]
    pub actual_grade_10: String,
    /// Qualification 11's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 11")]
    pub type_11: String,
    /// Qualification 11's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 11")]
    pub subject_11: String,
    /// Qualification 11's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 11")]
    pub completion_date_11: String,
    /// Qualification 11's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 11")]
    pub predicted_grade_11: String,
    /// Qualification 11's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 11")]
    pub actual_grade_11: String,
    /// Qualification 12's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 12")]
    pub type_12: String,
    /// Qualification 12's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 12")]
    pub subject_12: String,
    /// Qualification 12's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 12")]
    pub completion_date_12: String,
    /// Qualification 12's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 12")]
    pub predicted_grade_12: String,
    /// Qualification 12's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 12")]
    pub actual_grade_12: String,
    /// Qualification 13's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 13")]
    pub type_13: String,
    /// Qualification 13's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 13")]
    pub subject_13: String,
    /// Qualification 13's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 13")]
    pub completion_date_13: String,
    /// Qualification 13's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 13")]
    pub predicted_grade_13: String,
    /// Qualification 13's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 13")]
    pub actual_grade_13: String,
    /// Qualification 14's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 14")]
    pub type_14: String,
    /// Qualification 14's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 14")]
    pub subject_14: String,
    /// Qualification 14's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 14")]
    pub completion_date_14: String,
    /// Qualification 14's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 14")]
    pub predicted_grade_14: String,
    /// Qualification 14's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 14")]
    pub actual_grade_14: String,
    /// Qualification 15's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 15")]
    pub type_15: String,
    /// Qualification 15's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 15")]
    pub subject_15: String,
    /// Qualification 15's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 15")]
    pub completion_date_15: String,
    /// Qualification 15's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 15")]
    pub predicted_grade_15: String,
    /// Qualification 15's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 15")]
    pub actual_grade_15: String,
    /// Qualification 16's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 16")]
    pub type_16: String,
    /// Qualification 16's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 16")]
    pub subject_16: String,
    /// Qualification 16's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 16")]
    pub completion_date_16: String,
    /// Qualification 16's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 16")]
    pub predicted_grade_16: String,
    /// Qualification 16's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 16")]
    pub actual_grade_16: String,
    /// Qualification 17's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 17")]
    pub type_17: String,
    /// Qualification 17's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 17")]
    pub subject_17: String,
    /// Qualification 17's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 17")]
    pub completion_date_17: String,
    /// Qualification 17's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 17")]
    pub predicted_grade_17: String,
    /// Qualification 17's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 17")]
    pub actual_grade_17: String,
    /// Qualification 18's type, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Type 18")]
    pub type_18: String,
    /// Qualification 18's subject, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Subject 18")]
    pub subject_18: String,
    /// Qualification 18's completion date (`YYYY-MM`); empty when the group is empty.
    #[napi(js_name = "Qualification Completion Date 18")]
    pub completion_date_18: String,
    /// Qualification 18's predicted grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Predicted Grade 18")]
    pub predicted_grade_18: String,
    /// Qualification 18's actual grade, as the lists spell it; empty when the group is empty.
    #[napi(js_name = "Qualification Actual Grade 18")]
    pub actual_grade_18: String,
}

/// The reference lists an upload was checked against.
#[napi(object, js_name = "ListsUsed", object_from_js = false)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingListsUsed {
    /// Where they come from (a file name, or this library's defaults).
    pub source: String,
    /// True for this library's defaults, which are not UCAS Progress's own lists: give the
    /// exported workbook (`export` or `reference`) to check against the portal's.
    pub is_default: bool,
    /// Their version, when they have one.
    pub version: String,
}

upload_report!(
    #[doc = " The report of a learner qualifications upload: rows accepted or rejected as UCAS"]
    #[doc = " Progress would."]
    BindingQualificationsReport,
    "QualificationsReport",
    BindingQualificationsExportRow,
    "UploadRows<QualificationsExportRow> | null",
    {
        #[doc = " The reference lists used."]
        pub lists: BindingListsUsed,
        #[doc = " How many learners the export (`export` or `exported`) holds; `null` when none"]
        #[doc = " was given, and the identity columns were not compared."]
        pub exported_learners: Option<u32>,
    }
);

/// A qualifications upload, prepared on the JavaScript thread: the resources whose files are
/// read off it are still sources.
#[derive(Debug)]
struct QualificationsWork {
    source: Source,
    control: RunControl,
    /// The outputs given a stream.
    streams: crate::sink::StreamOutputs,
    job: QualificationsJob,
    export: Option<Source>,
    reference: Option<Source>,
    resources: QualificationResources,
}

fn qualifications_work<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
    asynchronous: bool,
) -> Result<QualificationsWork> {
    const ASIDE: &[&str] = &[
        "export",
        "exported",
        "reference",
        "lists",
        "signal",
        "onProgress",
    ];
    let mut options = conversion::options(env, options, "options", ASIDE)?;
    let control = run_control(
        env,
        options.take("signal"),
        options.take("onProgress"),
        asynchronous,
    )?;
    let source = upload_source(env, source, asynchronous, &control)?;
    let streams = crate::sink::streams(env, &mut options, asynchronous, control.cancel.clone())?;
    let (export, exported, reference, lists) = (
        options.take("export"),
        options.take("exported"),
        options.take("reference"),
        options.take("lists"),
    );
    let job = job(options.plain, ASIDE, QualificationsJob::from_value)?;
    let mut resources = QualificationResources {
        lists: lists
            .map(|v| {
                let read = |l: &BindingQualificationLists| l.lists().clone();
                conversion::instance(env, v, "lists", "QualificationLists", read)
            })
            .transpose()?,
        exported: exported
            .map(|v| {
                let read = |e: &BindingExportedLearners| e.learners().clone();
                conversion::instance(env, v, "exported", "ExportedLearners", read)
            })
            .transpose()?,
        ..QualificationResources::default()
    };
    let export = export
        .map(|v| conversion::source(env, v, "export"))
        .transpose()?;
    let reference = reference
        .map(|v| conversion::source(env, v, "reference"))
        .transpose()?;
    // The core's combination rules, before any file is read: the files stand in empty.
    let unread = |given: bool| {
        given.then(|| NamedInput {
            name: String::new(),
            bytes: Vec::new(),
        })
    };
    resources.export = unread(export.is_some());
    resources.reference = unread(reference.is_some());
    resources.check(&job, KeyStyle::Camel)?;
    (resources.export, resources.reference) = (None, None);
    Ok(QualificationsWork {
        source,
        control,
        streams,
        job,
        export,
        reference,
        resources,
    })
}

/// A resource given as a source, read whole by the host (within `kind`'s stated limit) and
/// named by its file name (`fallback` for bytes or text), as the report's lists name it.
fn named_input(source: Source, kind: &InputKind, fallback: &str) -> Result<NamedInput> {
    Ok(match source {
        Source::Path(path) => NamedInput {
            name: Path::new(&path)
                .file_name()
                .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned()),
            bytes: host_input::read(host_input::Source::Path(Path::new(&path)), kind)?,
        },
        Source::Bytes(bytes) => NamedInput {
            name: fallback.to_string(),
            bytes,
        },
        Source::Text(text) => NamedInput {
            name: fallback.to_string(),
            bytes: text.into_bytes(),
        },
        // `conversion::source` gives no stream: only the upload itself may be one.
        Source::Stream(_) => {
            return Err(crate::conversion::invalid_option(
                fallback,
                "takes a path, bytes, { path } or { text }, not a stream",
            ));
        }
    })
}

fn run_qualifications(
    work: QualificationsWork,
) -> Result<PackedReport<BindingQualificationsReport>> {
    let QualificationsWork {
        mut source,
        control: run_control,
        streams,
        job,
        export,
        reference,
        mut resources,
    } = work;
    // The exported file and the reference file are inputs too: an output over one of them is
    // refused before anything is read, as an output over the upload is (by the host's run).
    let read_files: Vec<FileIdentity> = [&export, &reference]
        .into_iter()
        .filter_map(|s| s.as_ref().and_then(Source::path))
        .filter_map(|p| FileIdentity::of_path(Path::new(p)))
        .collect();
    if !read_files.is_empty() {
        let named = job.common.outputs.named(KeyStyle::Camel);
        let files: Vec<(&str, &Path)> = named
            .iter()
            .map(|(option, path)| (option.as_str(), Path::new(*path)))
            .collect();
        check_outputs(&read_files, &files).map_err(failure(&source))?;
    }
    if let Some(export) = export {
        let export = named_input(
            export,
            &host_input::QUALIFICATION_EXPORT,
            "the exported file",
        )
        .map_err(|e| e.at("export"))?;
        resources.export = Some(export);
    }
    if let Some(reference) = reference {
        let reference = named_input(
            reference,
            &host_input::QUALIFICATION_REFERENCE,
            "the reference file",
        )
        .map_err(|e| e.at("reference"))?;
        resources.reference = Some(reference);
    }
    let mut rows = PackedRows::new(job.common.keep_accepted, false);
    let seen = rows.seen.clone();
    let ran = run_with(&run_control, &seen, |control| {
        learner_destinations_host::upload::run_qualifications(
            input(&mut source),
            &job,
            resources,
            &outputs(&job.common, &streams),
            Some(&mut rows),
            control,
        )
    })
    .map_err(|e| cancelled_or(&run_control, failure(&source)(e)))?;
    let file = report_file(&source, &ran);
    let lists = match &ran.run.qualification_lists {
        Some(l) => BindingListsUsed {
            source: l.source.clone(),
            is_default: l.is_default,
            version: l.version.clone(),
        },
        None => {
            return Err(learner_destinations::Error::Host {
                message: "the qualification run reported no reference lists".to_string(),
            }
            .into());
        }
    };
    // An upload has fewer than 2^32 learners (see `upload::count`).
    let exported_learners = ran
        .run
        .exported_learners
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX));
    Ok(BindingQualificationsReport::from_ran(
        file,
        ran,
        TemplateKind::Qualifications,
        rows,
        &[],
        lists,
        exported_learners,
    ))
}

/// Checks a learner qualifications upload (the UCAS Progress bulk qualification upload) row by
/// row, as UCAS Progress would, blocking until done: up to 18 qualification groups per learner
/// against the reference lists and, given the export, the identity columns against it. Prefer
/// `validateQualifications` in a server: it does not block the event loop.
///
/// Columns: UCAS Account ID (required), UPN, ULN, Forename, Surname, Date of Birth, Current
/// Provider, Current Area, then groups of Qualification Type N, Qualification Subject N,
/// Qualification Completion Date N (`YYYY-MM`), Qualification Predicted Grade N and
/// Qualification Actual Grade N, for N from 1 to 18 (a trailing `*` on a header is ignored).
/// `source` as for `validateDestinationsSync`: a path, bytes, `{ path }` or `{ text }`; CSV or
/// the exported workbook (its reference sheets then give the lists).
///
/// Problems in rows are findings in the report, never thrown.
///
/// @throws {Error} when a file cannot be processed at all; `code` `'input_unreadable'`, `'not_csv'`,
/// `'encoding_unsupported'`, `'workbook_unreadable'`, `'workbook_protected'`,
/// `'sheet_not_found'`, `'missing_columns'`, `'duplicate_column'`, `'too_many_columns'`,
/// `'too_many_groups'` (a group beyond the 18th), `'no_data'`; for the reference lists,
/// `'reference_lists_invalid'` or `'json_invalid'`; a problem with `export` or `reference` has
/// the option's name at the start of its message (`'input_unreadable'`, `'input_too_large'`
/// for such a file); for the outputs, `'output_is_input'`, `'outputs_share_file'` or
/// `'output_unwritable'`; for the options, `'option_unknown'`, `'option_invalid'`,
/// `'options_conflict'` (`lists` with `reference`, `export` with `exported`) or
/// `'input_too_deep'`.
#[napi(
    ts_args_type = "source: UploadSource, options?: QualificationsOptions",
    ts_return_type = "QualificationsReport"
)]
pub fn validate_qualifications_sync<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> napi::Result<Unknown<'env>> {
    let report = qualifications_work(env, source, options, false)
        .and_then(run_qualifications)
        .map_err(|e| e.into_rejection(*env))?;
    report.to_js(env, false)
}

/// Checks a learner qualifications upload off the JavaScript thread (libuv's thread pool), so a
/// server's event loop keeps running; the promise resolves to the report
/// `validateQualificationsSync` returns.
///
/// The promise rejects with the `Error` (and `code`) `validateQualificationsSync` throws, a
/// wrong argument included.
#[napi(
    ts_args_type = "source: UploadSource, options?: QualificationsOptions",
    ts_return_type = "Promise<QualificationsReport>"
)]
pub fn validate_qualifications<'env>(
    env: &'env Env,
    source: Unknown<'env>,
    options: Option<Unknown<'env>>,
) -> AsyncTask<OffThreadJs<PackedReport<BindingQualificationsReport>>> {
    let work = qualifications_work(env, source, options, true);
    OffThreadJs::task(move || run_qualifications(work?))
}
