//! `destinations awaiting`: enrolments and learners still awaiting a destination.

use crate::Outcome;
use crate::args::{self, CliError};
use crate::output::print_json;
use crate::term::say;
use chrono::NaiveDate;
use learner_destinations::Finding;
use learner_destinations::awaiting::{
    Enrolment, LearnerDestination, NotAwaitingLearner, awaiting, learners_not_awaiting,
};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// List the enrolments (the portal's view) and learners (the ILR's view) that have finished
/// learning and have no destination starting on or after the (latest) learning end date, and
/// which are overdue: two calendar months after that date (ESFA R107/R108).
///
/// FILE is JSON: {"enrolments": [{"ukprn", "uln", "learner_ref", "aim_ref", "learning_end",
/// "completion_status"}], "destinations": [{"ukprn", "learner_ref", "uln"?, "aim_ref"?, "code",
/// "start", "end", "collection"}]} (`-` reads standard input). Exit 0 when nothing is overdue,
/// 1 otherwise, 2 when the file cannot be read. Learners the ILR view leaves out are listed
/// with the reason (still in learning, on a break, a destination already recorded).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The enrolments and destinations (JSON), or - for standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The as-of (file preparation) date (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    as_of: Option<NaiveDate>,
    /// Print JSON: {"as_of", "enrolments": [...], "learners": [...], "findings": [...]}.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    enrolments: Vec<Enrolment>,
    #[serde(default)]
    destinations: Vec<LearnerDestination>,
}

#[derive(Debug, Serialize)]
struct AwaitingJson {
    as_of: NaiveDate,
    #[serde(flatten)]
    report: learner_destinations::awaiting::Awaiting,
    /// The learners the ILR view leaves out, and why.
    not_awaiting: Vec<NotAwaitingLearner>,
    findings: Vec<Finding>,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let input: Input = args::read_json(&args.file, &learner_destinations_host::input::AWAITING)?;
    let as_of = args::as_of(args.as_of);
    let report = awaiting(&input.enrolments, &input.destinations, as_of);
    let findings: Vec<Finding> = report.learners.iter().map(|l| l.finding()).collect();
    let not_awaiting = learners_not_awaiting(&input.enrolments, &input.destinations, as_of);
    let overdue = report.any_overdue();
    if args.json {
        print_json(&AwaitingJson {
            as_of,
            report,
            not_awaiting,
            findings,
        })?;
    } else {
        say!(
            "as of {as_of}: {} of {} enrolments await a destination",
            report.enrolments.len(),
            input.enrolments.len()
        );
        for e in &report.enrolments {
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
        say!("learners (ILR view): {}", report.learners.len());
        for f in &findings {
            say!("  {f}");
        }
        for n in &not_awaiting {
            say!("  not listed\t{} {}: {}", n.ukprn, n.learner_ref, n.reason);
        }
    }
    Ok(if overdue {
        Outcome::Refused
    } else {
        Outcome::Ok
    })
}
