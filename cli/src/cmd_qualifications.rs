//! `destinations qualifications`: check a learner qualifications upload (the UCAS Progress bulk
//! qualification upload).

use crate::Outcome;
use crate::args::CliError;
use crate::upload_run::{self, UploadArgs};
use learner_destinations::qualifications::QualificationLists;
use learner_destinations::template::qualifications::{
    QualificationsOptions, open_upload, read_export,
};
use learner_destinations_host::input;
use std::path::{Path, PathBuf};

/// Check a learner qualifications upload (the UCAS Progress bulk qualification upload) row by
/// row: up to 18 qualification groups per learner against the reference lists, and the
/// identity columns against the exported file.
///
/// Columns: UCAS Account ID (required), UPN, ULN, Forename, Surname, Date of Birth, Current
/// Provider, Current Area, then groups of Qualification Type N, Qualification Subject N,
/// Qualification Completion Date N (YYYY-MM), Qualification Predicted Grade N and Qualification
/// Actual Grade N, for N from 1 to 18 (a trailing * on a header is ignored). CSV, or the
/// exported workbook: its "Learner Qualifications" sheet is read (or --sheet), and its three
/// reference sheets give the lists.
///
/// Reference lists, first found: --reference; the reference sheets of --export; those of the
/// uploaded workbook; this library's defaults (which say they are defaults).
///
/// Same report and exit status as `destinations validate` (with `--json`, also
/// `qualification_lists`: their `source` and whether they are this library's defaults): 0 when
/// every row is accepted, 1 when some are rejected, 2 when the file cannot be processed.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    upload: UploadArgs,
    /// The file UCAS Progress exported (the workbook, or its Learner Qualifications sheet saved
    /// as CSV): every row's UCAS Account ID must be in it, and Forename, Surname, Date of Birth,
    /// Current Provider and Current Area unchanged.
    #[arg(long, value_name = "EXPORTED_FILE")]
    export: Option<PathBuf>,
    /// The reference lists: a workbook with the "Qualification type", "Qualification Subject"
    /// and "Qualification Grading" sheets (the exported workbook), or a JSON file of lists in
    /// the shape of the library's defaults.
    #[arg(long, value_name = "WORKBOOK")]
    reference: Option<PathBuf>,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Lists from a workbook's reference sheets or a JSON file.
fn reference_lists(path: &Path) -> Result<QualificationLists, CliError> {
    let shown = path.display().to_string();
    let bytes = input::read(input::Source::Path(path), &input::QUALIFICATION_REFERENCE)?;
    let lists = QualificationLists::from_reference_bytes(bytes, &file_name(path));
    lists.map_err(|e| upload_run::in_file(&shown, e))
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let mut options = QualificationsOptions::default();
    if let Some(path) = &args.reference {
        options.lists = Some(reference_lists(path)?);
    }
    let mut extra = Vec::new();
    if let Some(path) = &args.export {
        let shown = path.display().to_string();
        let bytes = input::read(input::Source::Path(path), &input::QUALIFICATION_EXPORT)?;
        let export = read_export(&bytes[..], None, &file_name(path))
            .map_err(|e| upload_run::in_file(&shown, e))?;
        extra.push(format!(
            "identity columns compared with the {} learners exported in {shown}",
            export.learners.len()
        ));
        options = options.with_export(export);
    }
    let upload_run::InputBytes { reader, bar, shown } = upload_run::open_reader(&args.upload)?;
    let upload = open_upload(
        reader,
        args.upload.sheet.as_deref(),
        options,
        upload_run::upload_options(&args.upload),
    )
    .map_err(|e| upload_run::in_file(&shown, e))?;
    let lists = upload.template().lists();
    let (lists_source, lists_default) = (lists.source.clone(), lists.is_default);
    extra.insert(
        0,
        if lists.is_default {
            "qualification lists: this library's defaults, not UCAS Progress's own; give the exported workbook (--reference or --export) to check against the portal's".to_string()
        } else {
            format!("qualification lists: {}", lists.source)
        },
    );
    let report = upload_run::run(upload, &args.upload, &shown, bar, None)?;
    let used = upload_run::ListsUsed {
        source: &lists_source,
        is_default: lists_default,
    };
    upload_run::print(&report, &args.upload, &shown, &extra, Some(used))?;
    Ok(if report.all_accepted() {
        Outcome::Ok
    } else {
        Outcome::Refused
    })
}
