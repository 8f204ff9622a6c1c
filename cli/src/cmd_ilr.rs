//! `destinations ilr`: awaiting destinations, survey contacts, D&P checks and the pre-filled
//! upload, straight from a provider's ILR XML file.

use crate::Outcome;
use crate::args::{self, CliError};
use crate::output::print_json;
use crate::term::say;
use crate::upload_run::{STYLE, key};
use learner_destinations::ilr::{IlrAwaiting, IlrFinding};
use learner_destinations::workflow::{
    IlrAwaitingJob, IlrContactsJob, IlrRecordsJob, IlrTemplateJob,
};
use learner_destinations_host::ilr::{self, CsvOutput};
use learner_destinations_host::upload::Input;
use serde::Serialize;
use serde_json::{Map, Value};
use std::io::Write;
use std::path::PathBuf;

/// Read a provider's ILR XML file (2019-20 to 2025-26): enrolments and learners awaiting a
/// destination (R107/R108 with the file's funding models, programme types and completion
/// statuses), who may be surveyed by which channel, the D&P record checks, and the WMCA
/// destinations upload pre-filled with the enrolments awaiting one.
///
/// The file is read one learner at a time, so its size does not matter. Exit 0 when nothing
/// is refused, 1 when something is (an overdue destination, a broken D&P rule, an error in the
/// file's elements), 2 when the file cannot be read as an ILR file.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: IlrCommand,
}

#[derive(Debug, clap::Subcommand)]
enum IlrCommand {
    Awaiting(AwaitingArgs),
    Contacts(ContactsArgs),
    Records(RecordsArgs),
    Template(TemplateArgs),
}

/// The enrolments awaiting a destination (the portal's view) and the learners per R107 and
/// R108, with the funding conditions taken from the file; as `destinations awaiting --json`.
#[derive(Debug, clap::Args)]
struct AwaitingArgs {
    /// The ILR XML file (`-`: standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The as-of date (YYYY-MM-DD; default: the file preparation date, as R108).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Keep the enrolments funded by this source (LearnDelFAMType SOF, e.g. 112 for the West
    /// Midlands Combined Authority); may be repeated.
    #[arg(long = "sof", value_name = "CODE")]
    sof: Vec<String>,
    /// Print JSON: {"header", "as_of", "enrolments", "learners", "findings", ...}.
    #[arg(long)]
    json: bool,
}

/// For each learner who has finished: may a survey go by email and by SMS, with the addresses
/// to use, or the automatic OTH3 record; as `destinations contact --json`, with the learner.
#[derive(Debug, clap::Args)]
struct ContactsArgs {
    /// The ILR XML file (`-`: standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// seed (the Maytas table) or ilr (the ILR guidance); default: seed.
    #[arg(long, value_name = "POLICY")]
    policy: Option<String>,
    /// The OTH3 records' collection date (default: the file preparation date).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Print JSON: {"header", "as_of", "policy", "contacts", "findings", ...}.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Write the survey's mailing list (contactable learners: email address and mobile number
    /// where each may be used) to this CSV file, readable by its owner only.
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,
}

/// The D&P record checks (OutType_01–05, OutStartDate_01/02, OutEndDate_01, OutCollDate_01/02,
/// OutULN_01, R69, R71, R85) with the header's teaching year and file preparation date.
#[derive(Debug, clap::Args)]
struct RecordsArgs {
    /// The ILR XML file (`-`: standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Load a code scheme from a JSON or CSV file; may be repeated.
    #[arg(long = "schemes", value_name = "FILE")]
    schemes: Vec<PathBuf>,
    /// Print JSON: {"header", "year", "file_preparation_date", "destinations", "findings", ...}.
    #[arg(long)]
    json: bool,
}

/// The WMCA destinations upload template pre-filled with one row per enrolment awaiting a
/// destination (UKPRN, ULN, learner reference, aim reference, an empty Destination Code).
#[derive(Debug, clap::Args)]
struct TemplateArgs {
    /// The ILR XML file (`-`: standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Keep the enrolments funded by this source (e.g. 112); may be repeated.
    #[arg(long = "sof", value_name = "CODE")]
    sof: Vec<String>,
    /// The as-of date (default: the file preparation date).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Write the template to this CSV file instead of standard output (`-`: standard output).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    match args.command {
        IlrCommand::Awaiting(a) => run_awaiting(a),
        IlrCommand::Contacts(a) => run_contacts(a),
        IlrCommand::Records(a) => run_records(a),
        IlrCommand::Template(a) => run_template(a),
    }
}

/// The flags given, as the core reads them (keys spelled as the flags: `--as-of`).
fn options(given: &[(&str, Option<Value>)]) -> Value {
    let map: Map<String, Value> = given
        .iter()
        .filter_map(|(k, v)| v.clone().map(|v| (key(k), v)))
        .collect();
    Value::Object(map)
}

fn sof(codes: &[String]) -> Option<Value> {
    (!codes.is_empty()).then(|| Value::from(codes.to_vec()))
}

fn print_findings(findings: &[IlrFinding]) {
    for f in findings {
        say!(
            "  {} [{}] {}",
            f.finding.severity,
            f.finding.code,
            f.finding.message
        );
    }
}

fn run_awaiting(args: AwaitingArgs) -> Result<Outcome, CliError> {
    let job = IlrAwaitingJob::from_value(
        options(&[
            ("as_of", args.as_of.map(Value::from)),
            ("sof", sof(&args.sof)),
        ]),
        STYLE,
    )?;
    let report = ilr::ilr_awaiting(Input::path_or_stdin(&args.file), &job, STYLE)?;
    let outcome = if report.is_refused() {
        Outcome::Refused
    } else {
        Outcome::Ok
    };
    if args.json {
        print_json(&report)?;
        return Ok(outcome);
    }
    summary(&report);
    for e in &report.report.enrolments {
        let state = if e.overdue { "OVERDUE" } else { "awaiting" };
        say!(
            "  {state}\t{} {} {} aim {}: ended {}, due by {}",
            e.ukprn,
            e.uln,
            e.learner_ref,
            e.aim_ref,
            e.learning_end,
            e.due
        );
    }
    say!("learners (R107/R108): {}", report.report.learners.len());
    print_findings(&report.findings);
    Ok(outcome)
}

fn summary(report: &IlrAwaiting) {
    say!(
        "ILR {} (UKPRN {}), as of {}: {} learners read ({} left out for errors), {} enrolments await a destination",
        report.header.year,
        report
            .header
            .provider()
            .map(|u| u.to_string())
            .unwrap_or_else(|| "unknown".into()),
        report.as_of,
        report.learners_read,
        report.learners_left_out,
        report.report.enrolments.len()
    );
}

fn run_contacts(args: ContactsArgs) -> Result<Outcome, CliError> {
    let job = IlrContactsJob::from_value(
        options(&[
            ("policy", args.policy.map(Value::from)),
            ("as_of", args.as_of.map(Value::from)),
        ]),
        STYLE,
    )?;
    let csv = args.csv.as_deref().map_or(CsvOutput::None, CsvOutput::File);
    let contacts = ilr::ilr_contacts(Input::path_or_stdin(&args.file), &job, csv, STYLE)?.report;
    let outcome = if contacts.is_refused() {
        Outcome::Refused
    } else {
        Outcome::Ok
    };
    if args.json {
        print_json(&contacts)?;
        return Ok(outcome);
    }
    let reachable = contacts.contacts.iter().filter(|c| c.contactable).count();
    say!(
        "{} finished learners: {reachable} may be surveyed, {} get the automatic OTH3 record (policy {})",
        contacts.contacts.len(),
        contacts.contacts.len() - reachable,
        contacts.policy
    );
    for c in &contacts.contacts {
        let channels = match (c.email, c.sms) {
            (true, true) => "email, SMS",
            (true, false) => "email",
            (false, true) => "SMS",
            (false, false) => "OTH3",
        };
        say!("  {} {}: {channels} ({})", c.learner_ref, c.uln, c.reason);
    }
    print_findings(&contacts.findings);
    Ok(outcome)
}

#[derive(Debug, Serialize)]
struct RecordsSummary<'a> {
    #[serde(flatten)]
    records: &'a learner_destinations::ilr::IlrRecords,
}

fn run_records(args: RecordsArgs) -> Result<Outcome, CliError> {
    let schemes = args::schemes(&args.schemes)?;
    let job = IlrRecordsJob::from_value(Value::Null, STYLE)?;
    let records = ilr::ilr_records(Input::path_or_stdin(&args.file), &job, &schemes)?;
    let outcome = if records.is_refused() {
        Outcome::Refused
    } else {
        Outcome::Ok
    };
    if args.json {
        print_json(&RecordsSummary { records: &records })?;
        return Ok(outcome);
    }
    say!(
        "{} D&P records (teaching year {}, file date {}): {} with a broken rule",
        records.records_read,
        records.year,
        records.file_preparation_date,
        records.destinations.len()
    );
    for d in &records.destinations {
        for f in &d.findings {
            let which: Vec<String> = f.records.iter().map(|i| (i + 1).to_string()).collect();
            say!(
                "  {} at {}, outcome {}: {} ({})",
                d.learner_ref.as_deref().unwrap_or("?"),
                d.at,
                which.join(", "),
                f.finding,
                f.mirrors
            );
        }
    }
    print_findings(&records.findings);
    Ok(outcome)
}

fn run_template(args: TemplateArgs) -> Result<Outcome, CliError> {
    let job = IlrTemplateJob::from_value(
        options(&[
            ("sof", sof(&args.sof)),
            ("as_of", args.as_of.map(Value::from)),
        ]),
        STYLE,
    )?;
    let input = Input::path_or_stdin(&args.file);
    let output = args
        .output
        .as_ref()
        .filter(|p| !crate::upload_run::is_stdout(p));
    if let Some(path) = output {
        let ran = ilr::ilr_template(input, &job, CsvOutput::File(path), STYLE)?;
        eprintln!(
            "{} rows written to {}",
            ran.report.rows,
            crate::term::escape(&path.display().to_string())
        );
        return Ok(Outcome::Ok);
    }
    // A closed stdout (piped into `head`) ends the listing quietly; another write error fails.
    let mut out = std::io::BufWriter::new(crate::term::stdout());
    ilr::ilr_template(input, &job, CsvOutput::Writer(&mut out), STYLE)?;
    out.flush().map_err(learner_destinations::Error::Io)?;
    Ok(Outcome::Ok)
}
