//! `destinations`: the rules of English FE learner destinations on the command line.
//!
//! Exit codes: 0 all good; 1 the input was processed and something was refused or rejected;
//! 2 the input could not be processed, or the command was used wrongly.

mod args;
mod cmd_awaiting;
mod cmd_codes;
mod cmd_contact;
mod cmd_credentials;
mod cmd_findings;
mod cmd_ilr;
mod cmd_learners;
mod cmd_map;
mod cmd_qualifications;
mod cmd_records;
mod cmd_survey;
mod cmd_template;
mod cmd_track;
mod cmd_uln;
mod cmd_validate;
mod output;
mod upload_run;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Learner destinations: check destinations, learner and qualification uploads (and download
/// their empty templates), identifiers and destination codes (ILR and WMCA), contact rules, survey tracking and derivation, destination-record rules and awaiting
/// destinations, and a provider's ILR XML file.
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
    Validate(cmd_validate::Args),
    Codes(cmd_codes::Args),
    Findings(cmd_findings::Args),
    Map(cmd_map::Args),
    Uln(cmd_uln::Args),
    CheckUsername(cmd_credentials::UsernameArgs),
    CheckPassword(cmd_credentials::PasswordArgs),
    Survey(cmd_survey::Args),
    Learners(cmd_learners::Args),
    Qualifications(cmd_qualifications::Args),
    Template(cmd_template::Args),
    Contact(cmd_contact::Args),
    Track(cmd_track::Args),
    Records(cmd_records::Args),
    Awaiting(cmd_awaiting::Args),
    Ilr(cmd_ilr::Args),
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
        Command::Validate(a) => cmd_validate::run(a),
        Command::Codes(a) => cmd_codes::run(a),
        Command::Findings(a) => cmd_findings::run(a),
        Command::Map(a) => cmd_map::run(a),
        Command::Uln(a) => cmd_uln::run(a),
        Command::CheckUsername(a) => cmd_credentials::run_username(a),
        Command::CheckPassword(a) => cmd_credentials::run_password(a),
        Command::Survey(a) => cmd_survey::run(a),
        Command::Learners(a) => cmd_learners::run(a),
        Command::Qualifications(a) => cmd_qualifications::run(a),
        Command::Template(a) => cmd_template::run(a),
        Command::Contact(a) => cmd_contact::run(a),
        Command::Track(a) => cmd_track::run(a),
        Command::Records(a) => cmd_records::run(a),
        Command::Awaiting(a) => cmd_awaiting::run(a),
        Command::Ilr(a) => cmd_ilr::run(a),
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
