//! `destinations ilr`: awaiting destinations, survey contacts, D&P checks and the pre-filled
//! upload, straight from a provider's ILR XML file.

use crate::Outcome;
use crate::args::{self, CliError};
use crate::output::print_json;
use crate::term::say;
use chrono::NaiveDate;
use learner_destinations::contact::ContactPolicy;
use learner_destinations::ilr::{
    IlrAwaiting, IlrFinding, ilr_awaiting, ilr_contacts, ilr_records, write_contacts_csv,
    write_template_csv,
};
use learner_destinations_host::input;
use learner_destinations_host::output::{self, FileIdentity, OutputFile, Privacy};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    /// The ILR XML file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The as-of date (YYYY-MM-DD; default: the file preparation date, as R108).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    as_of: Option<NaiveDate>,
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
    /// The ILR XML file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// seed (the Maytas table) or ilr (the ILR guidance).
    #[arg(long, value_name = "POLICY", default_value = "seed")]
    policy: ContactPolicy,
    /// The OTH3 records' collection date (default: the file preparation date).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    as_of: Option<NaiveDate>,
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
    /// The ILR XML file.
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
    /// The ILR XML file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Keep the enrolments funded by this source (e.g. 112); may be repeated.
    #[arg(long = "sof", value_name = "CODE")]
    sof: Vec<String>,
    /// The as-of date (default: the file preparation date).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    as_of: Option<NaiveDate>,
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

/// The ILR file, streamed through the host layer (at most its stated size).
fn open(path: &Path) -> Result<impl std::io::BufRead, CliError> {
    Ok(input::open(path, &input::ILR)?)
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
    let report = ilr_awaiting(open(&args.file)?, &args.sof, args.as_of)?;
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
    if let Some(path) = &args.csv {
        check_output(&args.file, "--csv", path)?;
    }
    let contacts = ilr_contacts(open(&args.file)?, args.policy, args.as_of)?;
    if let Some(path) = &args.csv {
        write_output("--csv", path, Privacy::OwnerOnly, |out| {
            write_contacts_csv(&contacts, out).map(|_| ())
        })?;
    }
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
    let records = ilr_records(open(&args.file)?, &schemes)?;
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
    let output = args
        .output
        .as_ref()
        .filter(|p| !crate::upload_run::is_stdout(p));
    if let Some(path) = output {
        check_output(&args.file, "--output", path)?;
    }
    let report = ilr_awaiting(open(&args.file)?, &args.sof, args.as_of)?;
    if let Some(path) = output {
        write_output("--output", path, Privacy::Ordinary, |out| {
            write_template_csv(&report, out).map(|_| ())
        })?;
        eprintln!(
            "{} rows written to {}",
            report.report.enrolments.len(),
            crate::term::escape(&path.display().to_string())
        );
        return Ok(Outcome::Ok);
    }
    // A closed stdout (piped into `head`) ends the listing quietly; another write error fails.
    let mut out = std::io::BufWriter::new(crate::term::stdout());
    write_template_csv(&report, &mut out)?;
    out.flush().map_err(learner_destinations::Error::Io)?;
    Ok(Outcome::Ok)
}

/// Refuses, before the input is read, an output that is the input, a directory or in a
/// missing folder (the host layer decides).
fn check_output(input: &Path, option: &str, path: &Path) -> Result<(), CliError> {
    let inputs: Vec<FileIdentity> = FileIdentity::of_path(input).into_iter().collect();
    output::check_outputs(&inputs, &[(option, path)])?;
    Ok(())
}

/// Writes an output file through the host layer: created exclusively (owner-only for the
/// mailing list), put in place only when complete.
fn write_output(
    option: &str,
    path: &Path,
    privacy: Privacy,
    write: impl FnOnce(&mut OutputFile) -> learner_destinations::Result<()>,
) -> Result<(), CliError> {
    let mut file = OutputFile::create(option, path, privacy)?;
    if let Err(e) = write(&mut file) {
        return Err(file
            .failure()
            .map_or_else(|| CliError::from(e), CliError::from));
    }
    file.commit()?;
    Ok(())
}
