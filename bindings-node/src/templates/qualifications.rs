//! The UCAS Progress learner qualifications upload: `validateQualifications` /
//! `validateQualificationsSync`, checked against reference lists and, when given, the file UCAS
//! Progress exported.
//!
//! The reference lists are, first found (as in the CLI): `options.lists` or `options.reference`;
//! the reference sheets of `options.export`; those of the uploaded workbook itself; this
//! library's defaults (which say they are defaults: `report.lists.isDefault`).

use super::report_file;
use crate::errors::{BindingError, Result};
use crate::qualifications::{BindingExportedLearners, BindingQualificationLists};
use crate::tasks::{OffThreadJs, ToJs};
use crate::upload::{Outputs, PackedReport, Source, SourceArg, run};
use learner_destinations::Error as CoreError;
use learner_destinations::qualifications::{ExportedLearners, QualificationLists};
use learner_destinations::template::UploadOptions;
use learner_destinations::template::qualifications::{
    QualificationsOptions, open_upload, read_export,
};
use napi::Env;
use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi_derive::napi;

/// Options of `validateQualifications` and `validateQualificationsSync`.
#[napi(object, js_name = "QualificationsOptions", object_to_js = false)]
#[derive(Default)]
pub struct BindingQualificationsOptions {
    /// The file UCAS Progress exported (the workbook, or its Learner Qualifications sheet
    /// saved as CSV), as a source like the upload's: every row's UCAS Account ID must be in
    /// it, and Forename, Surname, Date of Birth, Current Provider and Current Area
    /// unchanged. Its reference sheets give the lists unless `lists` or `reference` does.
    #[napi(ts_type = "UploadSource")]
    pub export: Option<SourceArg>,
    /// The sheet of the exported workbook to read. Default: "Learner Qualifications" (any
    /// case), else the first sheet that is not a reference sheet.
    pub export_sheet: Option<String>,
    /// The exported learners, when you hold them rather than the file (not with `export`).
    pub exported: Option<&'static BindingExportedLearners>,
    /// The reference lists as a file: a workbook with the "Qualification type",
    /// "Qualification Subject" and "Qualification Grading" sheets (the exported workbook),
    /// or JSON in the shape `QualificationLists.fromJson` reads (not with `lists`).
    #[napi(ts_type = "UploadSource")]
    pub reference: Option<SourceArg>,
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

common_options!(BindingQualificationsOptions);

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
    {
        #[doc = " The reference lists used."]
        pub lists: BindingListsUsed,
        #[doc = " How many learners the export (`export` or `exported`) holds; `null` when none"]
        #[doc = " was given, and the identity columns were not compared."]
        pub exported_learners: Option<u32>,
    }
);

/// A qualifications upload, prepared on the JavaScript thread.
#[derive(Debug)]
struct QualificationsJob {
    source: Source,
    /// The exported file and the sheet to read from it.
    export: Option<(Source, Option<String>)>,
    exported: Option<ExportedLearners>,
    reference: Option<Source>,
    lists: Option<QualificationLists>,
    upload: UploadOptions,
    outputs: Outputs,
}

fn qualifications_job(
    source: SourceArg,
    options: Option<BindingQualificationsOptions>,
) -> Result<QualificationsJob> {
    let mut options = options.unwrap_or_default();
    let source = Source::from_js(source)?;
    if options.export.is_some() && options.exported.is_some() {
        return Err(BindingError::invalid_arg(
            "give the exported learners as `export` (the file) or as `exported`, not both",
        ));
    }
    if options.reference.is_some() && options.lists.is_some() {
        return Err(BindingError::invalid_arg(
            "give the reference lists as `reference` (a file) or as `lists`, not both",
        ));
    }
    let export = options
        .export
        .take()
        .map(|s| Source::from_js(s).map_err(|e| e.at("export")))
        .transpose()?
        .map(|s| (s, options.export_sheet.take()));
    let reference = options
        .reference
        .take()
        .map(|s| Source::from_js(s).map_err(|e| e.at("reference")))
        .transpose()?;
    let (upload, outputs) = options.common().split(&source)?;
    Ok(QualificationsJob {
        source,
        export,
        exported: options.exported.map(|e| e.learners().clone()),
        reference,
        lists: options.lists.map(|l| l.lists().clone()),
        upload,
        outputs,
    })
}

/// Lists from a workbook's reference sheets or a JSON file, as the CLI's `--reference` reads
/// them.
fn reference_lists(source: &Source) -> Result<QualificationLists> {
    let name = source.name_or("the reference file");
    let bytes = source.read_with(|reader| {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| BindingError::from(CoreError::Io(e)))?;
        Ok(bytes)
    })?;
    let lists = QualificationLists::from_reference_bytes(bytes, &name);
    Ok(lists?)
}

fn run_qualifications(job: QualificationsJob) -> Result<PackedReport<BindingQualificationsReport>> {
    let file = report_file(&job.source, &job.upload);
    let mut options = QualificationsOptions {
        lists: job.lists,
        exported: job.exported,
    };
    if let Some(reference) = &job.reference {
        options.lists = Some(reference_lists(reference).map_err(|e| e.at("reference"))?);
    }
    if let Some((export, sheet)) = &job.export {
        let name = export.name_or("the exported file");
        let read = export
            .read_with(|reader| Ok(read_export(reader, sheet.as_deref(), &name)?))
            .map_err(|e| e.at("export"))?;
        options = options.with_export(read);
    }
    // An upload has fewer than 2^32 learners (see `upload::count`).
    let exported_learners = options
        .exported
        .as_ref()
        .map(|e| u32::try_from(e.len()).unwrap_or(u32::MAX));
    let (ran, lists) = job.source.read_with(|reader| {
        let upload = open_upload(reader, job.outputs.sheet.as_deref(), options, job.upload)?;
        let lists = upload.template().lists();
        let used = BindingListsUsed {
            source: lists.source.clone(),
            is_default: lists.is_default,
            version: lists.version.clone(),
        };
        Ok((run(upload, &job.outputs)?, used))
    })?;
    Ok(BindingQualificationsReport::from_ran(
        file,
        ran,
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
/// @throws {Error} when a file cannot be processed at all; `code` `'io'`, `'not_csv'`,
/// `'encoding_unsupported'`, `'workbook_unreadable'`, `'workbook_protected'`,
/// `'sheet_not_found'`, `'missing_columns'`, `'duplicate_column'`, `'too_many_columns'`,
/// `'too_many_groups'` (a group beyond the 18th), `'no_data'`; for the reference lists,
/// `'reference_lists_invalid'` or `'json_invalid'`; a problem with `export` or `reference` has
/// the option's name at the start of its message. `'option_invalid'` for options that cannot go
/// together.
#[napi(
    ts_args_type = "source: UploadSource, options?: QualificationsOptions",
    ts_return_type = "QualificationsReport"
)]
pub fn validate_qualifications_sync(
    env: &Env,
    source: SourceArg,
    options: Option<BindingQualificationsOptions>,
) -> Result<Unknown<'_>> {
    let report = run_qualifications(qualifications_job(source, options)?)?;
    Ok(report.to_js(env)?)
}

/// Checks a learner qualifications upload off the JavaScript thread (libuv's thread pool), so a
/// server's event loop keeps running; the promise resolves to the report
/// `validateQualificationsSync` returns.
///
/// The promise rejects with the `Error` (and `code`) `validateQualificationsSync` throws.
#[napi(
    ts_args_type = "source: UploadSource, options?: QualificationsOptions",
    ts_return_type = "Promise<QualificationsReport>"
)]
pub fn validate_qualifications(
    source: SourceArg,
    options: Option<BindingQualificationsOptions>,
) -> AsyncTask<OffThreadJs<PackedReport<BindingQualificationsReport>>> {
    let job = qualifications_job(source, options);
    OffThreadJs::task(move || run_qualifications(job?))
}
