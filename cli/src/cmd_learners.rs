//! `destinations learners`: check a learner import (the UCAS Progress template) and issue
//! usernames and passwords to the accepted learners.

use crate::Outcome;
use crate::args::{self, CliError};
use crate::upload_run::{self, AcceptedSink, PendingFile, UploadArgs};
use chrono::NaiveDate;
use learner_destinations::Ukprn;
use learner_destinations::learners::{CREDENTIALS_COLUMNS, CredentialsIssuer};
use learner_destinations::template::learners::{
    FIRST_NAME, LAST_NAME, LearnersOptions, LearnersTemplate, credentials_row,
};
use learner_destinations::template::{AcceptedRow, Upload};
use learner_destinations_host::input;
use learner_destinations_host::random::OsRandom;
use std::fs::File;
use std::io::BufWriter;
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
}

struct Credentials {
    issuer: CredentialsIssuer,
    rng: OsRandom,
    out: csv::Writer<BufWriter<File>>,
    created_on: NaiveDate,
    count: u64,
}

impl AcceptedSink for Credentials {
    fn row(&mut self, row: &mut AcceptedRow<'_>) -> Result<(), CliError> {
        let export = row.export();
        let first = export.get(FIRST_NAME).unwrap_or_default();
        let last = export.get(LAST_NAME).unwrap_or_default();
        let issued = self.issuer.issue(first, last, &mut self.rng);
        self.rng.check()?;
        self.out
            .write_record(credentials_row(row, &issued, self.created_on))
            .map_err(|e| CliError(format!("cannot write the credentials file: {e}")))?;
        self.count += 1;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), CliError> {
        self.out
            .flush()
            .map_err(|e| CliError(format!("cannot write the credentials file: {e}")))
    }
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let as_of = args::as_of(args.as_of);
    let existing: Vec<String> = match &args.existing_usernames {
        Some(p) => input::read_text(input::Source::Path(p), &input::EXISTING_USERNAMES)?
            .lines()
            .map(|l| l.trim().trim_start_matches('\u{feff}').to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        None => Vec::new(),
    };
    let input = upload_run::open(&args.upload)?;
    let template =
        LearnersTemplate::new(LearnersOptions::new(as_of).with_ukprns(args.ukprns.iter().copied()));
    let upload = Upload::new(
        input.source,
        template,
        upload_run::upload_options(&args.upload),
    )
    .map_err(|e| upload_run::in_file(&input.shown, e))?;
    let mut extra = Vec::new();
    let report = match &args.credentials_csv {
        Some(path) => {
            let (file, out) = PendingFile::create(path, true)?;
            let mut out = csv::Writer::from_writer(out);
            if let Err(e) = out.write_record(CREDENTIALS_COLUMNS) {
                file.discard();
                return Err(CliError(format!("cannot write {}: {e}", path.display())));
            }
            let mut creds = Credentials {
                issuer: CredentialsIssuer::new(&existing),
                rng: OsRandom::new(),
                out,
                created_on: as_of,
                count: 0,
            };
            let report = upload_run::run(
                upload,
                &args.upload,
                &input.shown,
                input.bar,
                Some((&mut creds, file)),
            )?;
            extra.push(format!(
                "usernames and passwords for {} learners written to {} (readable by you only)",
                creds.count,
                path.display()
            ));
            report
        }
        None => upload_run::run(upload, &args.upload, &input.shown, input.bar, None)?,
    };
    upload_run::print(&report, &args.upload, &input.shown, &extra, None)?;
    Ok(if report.all_accepted() {
        Outcome::Ok
    } else {
        Outcome::Refused
    })
}
