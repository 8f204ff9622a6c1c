//! `destinations findings`: the catalogue of finding codes.

use crate::Outcome;
use crate::args::CliError;
use crate::output::print_json;
use crate::term::say;
use learner_destinations::FindingKind;
use learner_destinations::catalogue::finding_kinds;

/// List every finding code the library can produce, with its severity, what it checks, where
/// the rule comes from and the ESFA rule it mirrors.
///
/// Codes are stable across releases: scripts can rely on them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON: an array of {"code", "severity", "summary", "source", "mirrors"}.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let kinds: Vec<&FindingKind> = finding_kinds().collect();
    if args.json {
        print_json(&kinds)?;
        return Ok(Outcome::Ok);
    }
    let width = kinds.iter().map(|k| k.code.len()).max().unwrap_or(4);
    say!(
        "{:<width$}  {:<8} {:<12} SUMMARY",
        "CODE",
        "SEVERITY",
        "MIRRORS"
    );
    for k in &kinds {
        say!(
            "{:<width$}  {:<8} {:<12} {}",
            k.code,
            k.severity.as_str(),
            k.mirrors.unwrap_or("-"),
            k.summary
        );
    }
    say!(
        "\n{} codes. Sources: destinations findings --json.",
        kinds.len()
    );
    Ok(Outcome::Ok)
}
