//! `destinations qualifications`: check a learner qualifications upload (the UCAS Progress bulk
//! qualification upload).

use crate::Outcome;
use crate::args::CliError;
use crate::upload_run::{self, UploadArgs};
use learner_destinations::workflow::{
    NamedInput, QualificationResources, QualificationsJob, RunReport,
};
use learner_destinations_host::{input, upload};
use serde_json::Map;
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

/// A whole-file resource (the reference lists, the exported file), read up to its limit.
fn resource(path: &Path, kind: &input::InputKind) -> Result<NamedInput, CliError> {
    Ok(NamedInput {
        name: file_name(path),
        bytes: input::read(input::Source::Path(path), kind)?,
    })
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let mut resources = QualificationResources::default();
    if let Some(path) = &args.reference {
        resources.reference = Some(resource(path, &input::QUALIFICATION_REFERENCE)?);
    }
    if let Some(path) = &args.export {
        resources.export = Some(resource(path, &input::QUALIFICATION_EXPORT)?);
    }
    let job = QualificationsJob::from_value(args.upload.options(Map::new()), upload_run::STYLE)?;
    let outputs = args.upload.outputs(None);
    let export = args.export.as_ref();
    let extra = |run: &RunReport| {
        let mut extra = Vec::new();
        if let Some(lists) = &run.qualification_lists {
            extra.push(if lists.is_default {
                "qualification lists: this library's defaults, not UCAS Progress's own; give the exported workbook (--reference or --export) to check against the portal's".to_string()
            } else {
                format!("qualification lists: {}", lists.source)
            });
        }
        if let (Some(path), Some(n)) = (export, run.exported_learners) {
            extra.push(format!(
                "identity columns compared with the {n} learners exported in {}",
                path.display()
            ));
        }
        extra
    };
    upload_run::run(&args.upload, None, extra, |input, rows, control| {
        // An output over the reference or exported file would replace it: refused too.
        let input = [&args.reference, &args.export]
            .into_iter()
            .flatten()
            .fold(input, |input, path| input.guarding(path));
        upload::run_qualifications(input, &job, resources, &outputs, Some(rows), control)
    })
}
