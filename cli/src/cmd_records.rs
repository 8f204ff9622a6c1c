//! `destinations records`: check one learner's destination records.

use crate::Outcome;
use crate::args::{self, CliError};
use crate::output::print_json;
use crate::term::say;
use chrono::NaiveDate;
use learner_destinations::dates::TeachingYear;
use learner_destinations::records::{DestinationRecord, RecordFinding, check_records};
use serde::Serialize;
use std::path::PathBuf;

/// Check one learner's destination records against ESFA's destination rules (OutType_01-05,
/// OutStartDate_01/02, OutEndDate_01, OutCollDate_01/02, R69).
///
/// FILE is a JSON array of records: [{"code": "EMP1", "start": "2025-09-01", "end": null,
/// "collection": "2025-09-15"}, ...] (`-` reads standard input). Exit 0 when no rule is broken,
/// 1 otherwise, 2 when the file cannot be read.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The records (JSON), or - for standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The file preparation (as-of) date: collection dates must not be after it (default today).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    file_date: Option<NaiveDate>,
    /// The teaching year, e.g. 2025-26 (default: the one containing the file date).
    #[arg(long, value_name = "YEAR", value_parser = teaching_year)]
    year: Option<TeachingYear>,
    /// Load a code scheme from a JSON or CSV file; may be repeated.
    #[arg(long = "schemes", value_name = "FILE")]
    schemes: Vec<PathBuf>,
    /// Print JSON: {"year", "file_preparation_date", "findings": [{..., "mirrors", "records"}]}.
    #[arg(long)]
    json: bool,
}

fn teaching_year(s: &str) -> Result<TeachingYear, String> {
    TeachingYear::parse(s).map_err(|r| r.message)
}

#[derive(Debug, Serialize)]
struct RecordsJson {
    year: TeachingYear,
    file_preparation_date: NaiveDate,
    findings: Vec<RecordFinding>,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let schemes = args::schemes(&args.schemes)?;
    let records: Vec<DestinationRecord> =
        args::read_json(&args.file, &learner_destinations_host::input::RECORDS)?;
    let file_date = args::as_of(args.file_date);
    let year = learner_destinations::workflow::teaching_year_or_default(args.year, file_date);
    let mut findings = check_records(&records, &schemes, year, file_date);
    // In record order (a finding about several records goes with the first of them).
    findings.sort_by_key(|f| f.records.iter().min().copied().unwrap_or(usize::MAX));
    let refused = findings.iter().any(|f| f.finding.is_error());
    let count = crate::upload_run::plural(records.len() as u64, "record", "records");
    if args.json {
        print_json(&RecordsJson {
            year,
            file_preparation_date: file_date,
            findings,
        })?;
    } else if findings.is_empty() {
        say!("{count}: no rule broken (teaching year {year}, file date {file_date})");
    } else {
        for f in &findings {
            let which: Vec<String> = f.records.iter().map(|i| (i + 1).to_string()).collect();
            say!("record {}: {} ({})", which.join(", "), f.finding, f.mirrors);
        }
        let errors = findings.iter().filter(|f| f.finding.is_error()).count() as u64;
        let warnings = findings.len() as u64 - errors;
        say!(
            "{count}: {}, {} (teaching year {year}, file date {file_date})",
            crate::upload_run::plural(errors, "error", "errors"),
            crate::upload_run::plural(warnings, "warning", "warnings"),
        );
    }
    Ok(if refused {
        Outcome::Refused
    } else {
        Outcome::Ok
    })
}
