//! `destinations learners`: check a learner import (the UCAS Progress template) and issue
//! usernames and passwords to the accepted learners.

use crate::Outcome;
use crate::args::{self, CliError};
use crate::upload_run::{self, UploadArgs};
use chrono::NaiveDate;
use learner_destinations::Ukprn;
use learner_destinations::learners::LearnerLists;
use learner_destinations::workflow::{self, LearnersJob};
use learner_destinations_host::{input, upload};
use serde_json::{Map, json};
use std::path::PathBuf;

/// Check a learner import (the UCAS Progress learner template) row by row, and optionally issue
/// usernames and passwords to the accepted learners.
///
/// Columns: UKPRN, Learner year group, First name, Last name, Postcode and Dob (required), then
/// Email address, House name or number, Street, Locality, Town, Telephone, ULN, UPN, CCIS, Gender
/// and Ethnicity (optional), in any order. CSV or an Excel workbook.
///
/// Same report and exit status as `destinations validate`: 0 when every row is accepted, 1 when
/// some are rejected, 2 when the file cannot be processed.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    upload: UploadArgs,
    /// A provider you manage (repeatable): rows for any other UKPRN are rejected.
    #[arg(long = "ukprn", value_name = "N", value_parser = args::ukprn)]
    ukprns: Vec<Ukprn>,
    /// "Today" for dates of birth (not after it) and ages (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    as_of: Option<NaiveDate>,
    /// Usernames already taken (one per line): generated usernames avoid them.
    #[arg(long, value_name = "FILE")]
    existing_usernames: Option<PathBuf>,
    /// Write usernames and passwords for the accepted learners to this CSV file (Provider, First
    /// name, Last name, Postcode, ULN, DOB, Username, Password, Created on), readable by you only.
    #[arg(long, value_name = "PATH")]
    credentials_csv: Option<PathBuf>,
    /// For tests only: make the passwords from a seeded generator, so that a run's credentials
    /// file is the same every time. Seeded passwords can be guessed by anyone who knows the
    /// seed; never use it for real learners.
    #[arg(long, value_name = "N", hide = true)]
    seed: Option<u64>,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let mut options = Map::new();
    if !args.ukprns.is_empty() {
        let ukprns: Vec<String> = args.ukprns.iter().map(|u| u.to_string()).collect();
        options.insert(upload_run::key("ukprns"), json!(ukprns));
    }
    if let Some(d) = args.as_of {
        options.insert(upload_run::key("as_of"), json!(d.to_string()));
    }
    if let Some(path) = &args.existing_usernames {
        let text = input::read_text(input::Source::Path(path), &input::EXISTING_USERNAMES)?;
        options.insert(
            upload_run::key("existing_usernames"),
            json!(workflow::existing_usernames_from_text(&text)),
        );
    }
    if let Some(path) = &args.credentials_csv {
        options.insert(
            upload_run::key("credentials_csv"),
            json!(path.to_string_lossy()),
        );
    }
    if let Some(seed) = args.seed {
        options.insert(upload_run::key("seed"), json!(seed.to_string()));
    }
    let job = LearnersJob::from_value(args.upload.options(options), upload_run::STYLE)?;
    let outputs = args.upload.outputs(args.credentials_csv.as_ref());
    let lists = LearnerLists::builtin();
    let credentials = args.credentials_csv.as_ref();
    let extra = |run: &workflow::RunReport| {
        credentials
            .map(|path| {
                let n =
                    upload_run::plural(run.credentials_issued.unwrap_or(0), "learner", "learners");
                if upload_run::is_stdout(path) {
                    format!("usernames and passwords for {n} written to standard output")
                } else {
                    format!(
                        "usernames and passwords for {n} written to {} (readable by you only)",
                        path.display()
                    )
                }
            })
            .into_iter()
            .collect()
    };
    upload_run::run(&args.upload, credentials, extra, |input, rows, control| {
        upload::run_learners(input, &job, &lists, &outputs, Some(rows), control)
    })
}
