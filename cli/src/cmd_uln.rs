//! `destinations uln`: check ULNs.

use crate::Outcome;
use crate::args::CliError;
use crate::output::{ErrorJson, print_json};
use crate::term::say;
use learner_destinations::Uln;
use serde::Serialize;

/// Check Unique Learner Numbers: 10 digits, first not 0, and the ESFA check digit.
///
/// 9999999999 is accepted as "ULN not known" (shown as unknown). Exit 0 when all are valid,
/// 1 otherwise.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ULNs to check.
    #[arg(required = true, value_name = "ULN")]
    ulns: Vec<String>,
    /// Print JSON: one {"input", "valid", "unknown", "error"?} object per ULN.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Serialize)]
struct UlnJson<'a> {
    input: &'a str,
    valid: bool,
    unknown: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorJson>,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let results: Vec<UlnJson<'_>> = args
        .ulns
        .iter()
        .map(|input| match Uln::parse(input) {
            Ok(u) => UlnJson {
                input,
                valid: true,
                unknown: u.is_unknown(),
                error: None,
            },
            Err(r) => UlnJson {
                input,
                valid: false,
                unknown: false,
                error: Some((&r).into()),
            },
        })
        .collect();
    if args.json {
        print_json(&results)?;
    } else {
        for r in &results {
            match (&r.error, r.unknown) {
                (Some(e), _) => say!("{}\tinvalid\t{} [{}]", r.input, e.message, e.code),
                (None, true) => say!(
                    "{}\tvalid\tULN not known: accepted, but cannot be matched to a learner",
                    r.input
                ),
                (None, false) => say!("{}\tvalid", r.input),
            }
        }
    }
    Ok(if results.iter().all(|r| r.valid) {
        Outcome::Ok
    } else {
        Outcome::Refused
    })
}
