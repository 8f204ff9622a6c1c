//! `destinations validate`: check a destinations upload, the library's main job.

use crate::Outcome;
use crate::args::{self, CliError};
use crate::upload_run::{self, UploadArgs};
use chrono::NaiveDate;
use learner_destinations::Ukprn;
use learner_destinations::workflow::DestinationsJob;
use learner_destinations_host::upload;
use serde_json::{Map, json};
use std::path::PathBuf;

/// Check a destinations upload (the WMCA portal's template) row by row, as the portal would,
/// and say which rows would be accepted and why the others would not.
///
/// The file has the columns UKPRN, Unique Learner Number, Learner Reference Number, Learning Aim
/// Reference, Learning Aim Title (optional) and Destination Code (an ILR code such as EMP1 or a
/// WMCA code such as WMCA1.0), in any order, with any capitalisation. It may be CSV (UTF-8 with
/// or without BOM, UTF-16 with BOM or Windows-1252, comma- or tab-separated) or an Excel
/// workbook.
///
/// Every problem is reported in one pass, with its row as Excel shows it (header = row 1), its
/// column, a stable code and a message saying what to do. Errors reject the row; warnings do
/// not.
///
/// Exit status: 0 when every row is accepted (warnings allowed), 1 when some rows are rejected,
/// 2 when the file cannot be processed (not CSV, a required column missing, no data rows) or
/// the command is used wrongly. Output files are written only when the file could be processed.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    upload: UploadArgs,
    /// The uploading provider's UKPRN: rows with any other UKPRN are rejected.
    #[arg(long, value_name = "N", value_parser = args::ukprn)]
    ukprn: Option<Ukprn>,
    /// Check that destination codes are valid on this date (YYYY-MM-DD; default today).
    /// EMP3 and OTH2 ended on 2015-07-31.
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    as_of: Option<NaiveDate>,
    /// Load a code scheme from a JSON or CSV file (e.g. the complete WMCA list, replacing the
    /// built-in partial one); may be repeated.
    #[arg(long = "schemes", value_name = "FILE")]
    schemes: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let schemes = args::schemes(&args.schemes)?;
    let mut options = Map::new();
    if let Some(u) = args.ukprn {
        options.insert(upload_run::key("ukprn"), json!(u.to_string()));
    }
    if let Some(d) = args.as_of {
        options.insert(upload_run::key("as_of"), json!(d.to_string()));
    }
    let job = DestinationsJob::from_value(args.upload.options(options), upload_run::STYLE)?;
    let outputs = args.upload.outputs(None);
    upload_run::run(
        &args.upload,
        None,
        |_| Vec::new(),
        |input, rows, control| {
            upload::run_destinations(input, &job, &schemes, &outputs, Some(rows), control)
        },
    )
}
