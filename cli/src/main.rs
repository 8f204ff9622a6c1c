//! `destinations`: the rules of English FE learner destinations on the command line.
//!
//! Exit codes: 0 all good; 1 the input was processed and something was refused or rejected;
//! 2 the input could not be processed, or the command was used wrongly.

mod args;
mod cmd_codes;
mod cmd_findings;
mod cmd_map;
mod cmd_uln;
mod output;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Learner destinations: identifiers, destination codes (ILR and WMCA), and their rules.
///
/// Every command prints a human summary by default and JSON with --json. Exit status: 0 when
/// everything was accepted, 1 when something was refused, 2 when the input could not be read
/// or the command was used wrongly.
#[derive(Debug, Parser)]
#[command(
    name = "destinations",
    version,
    about,
    long_about,
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Codes(cmd_codes::Args),
    Findings(cmd_findings::Args),
    Map(cmd_map::Args),
    Uln(cmd_uln::Args),
}

/// The outcome of a command: exit 0, 1, or 2 with a message.
pub(crate) enum Outcome {
    /// Everything accepted.
    Ok,
    /// Processed; something refused.
    Refused,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codes(a) => cmd_codes::run(a),
        Command::Findings(a) => cmd_findings::run(a),
        Command::Map(a) => cmd_map::run(a),
        Command::Uln(a) => cmd_uln::run(a),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Refused) => ExitCode::from(1),
        Err(e) => {
            eprintln!("destinations: {e}");
            ExitCode::from(2)
        }
    }
}
