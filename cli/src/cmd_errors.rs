//! `destinations errors`: the catalogue of error codes.

use crate::Outcome;
use crate::args::CliError;
use crate::output::print_json;
use crate::term::say;
use learner_destinations::catalogue::error_kinds;
use learner_destinations::{ErrorCategory, ErrorKind};

/// List every error code the library can raise, with its category and what to do.
///
/// An error means the work could not be done (exit status 2), as opposed to a finding, a rule
/// breach in the data (`destinations findings`). Categories: input (fix the file), argument (a
/// value refused by a rule: its code is that rule's finding code), option, output, io, host.
/// Codes are stable across releases: scripts can rely on them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON: an array of {"code", "category", "summary"}, every code any host can raise.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let kinds: Vec<ErrorKind> = error_kinds().collect();
    if args.json {
        print_json(&kinds)?;
        return Ok(Outcome::Ok);
    }
    let (argument, fixed): (Vec<&ErrorKind>, Vec<&ErrorKind>) = kinds
        .iter()
        .partition(|k| k.category == ErrorCategory::Argument);
    let width = fixed.iter().map(|k| k.code.len()).max().unwrap_or(4);
    say!("{:<width$}  {:<8} SUMMARY", "CODE", "CATEGORY");
    for k in &fixed {
        say!(
            "{:<width$}  {:<8} {}",
            k.code,
            k.category.as_str(),
            k.summary
        );
    }
    say!(
        "\nCategory argument: a value given was refused by a rule, and the error's code is that rule's finding code ({} codes, listed by destinations findings).",
        argument.len()
    );
    say!(
        "\n{} codes. All of them: destinations errors --json.",
        kinds.len()
    );
    Ok(Outcome::Ok)
}
