//! `destinations`: the rules of English FE learner destinations on the command line.
//!
//! Exit codes: 0 all good; 1 the input was processed and something was refused or rejected;
//! 2 the input could not be processed, or the command was used wrongly.

mod args;
mod cmd_awaiting;
mod cmd_codes;
mod cmd_contact;
mod cmd_credentials;
mod cmd_errors;
mod cmd_findings;
mod cmd_ilr;
mod cmd_learners;
mod cmd_map;
mod cmd_meta;
mod cmd_qualifications;
mod cmd_records;
mod cmd_survey;
mod cmd_template;
mod cmd_track;
mod cmd_uln;
mod cmd_validate;
mod output;
mod term;
mod upload_run;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Learner destinations: check destinations, learner and qualification uploads (and download
/// their empty templates), identifiers and destination codes (ILR and WMCA), contact rules, survey tracking and derivation, destination-record rules and awaiting
/// destinations, and a provider's ILR XML file.
///
/// Every command that reports prints a human summary by default and JSON with --json; with
/// --json a failure also prints {"error": {"code", "message"}} on standard output. `-` as an input reads
/// standard input, and as an output path writes standard output. Exit status: 0 when
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
    Errors(cmd_errors::Args),
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
    Completions(cmd_meta::CompletionsArgs),
    Man(cmd_meta::ManArgs),
}

/// The outcome of a command: exit 0, 1, or 2 with a message.
pub(crate) enum Outcome {
    /// Everything accepted.
    Ok,
    /// Processed; something refused.
    Refused,
}

/// The command's definitions (arguments, help texts), for completions, the man page and tests.
pub(crate) fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// True when `--json` was asked for (before any `--`), so that even a usage error is answered
/// in JSON.
fn json_asked() -> bool {
    std::env::args_os()
        .skip(1)
        .take_while(|a| a != "--")
        .any(|a| a == "--json")
}

/// A usage error (clap's), as the core's catalogued code: an unknown option or command, options
/// that cannot go together, or a value or argument that is wrong or missing.
fn usage_code(e: &clap::Error) -> &'static str {
    use clap::error::ErrorKind;
    let error = match e.kind() {
        ErrorKind::UnknownArgument | ErrorKind::InvalidSubcommand => {
            learner_destinations::Error::OptionUnknown {
                option: String::new(),
                accepted: Vec::new(),
            }
        }
        ErrorKind::ArgumentConflict => learner_destinations::Error::OptionsConflict {
            options: Vec::new(),
            message: String::new(),
        },
        _ => learner_destinations::Error::OptionInvalid {
            option: String::new(),
            message: String::new(),
        },
    };
    error.code()
}

fn print_json_error(error: &serde_json::Value) {
    use std::io::Write;
    let mut out = term::stdout();
    let text = serde_json::to_string_pretty(&serde_json::json!({ "error": error }))
        .unwrap_or_else(|_| error.to_string());
    writeln!(out, "{text}").and_then(|()| out.flush()).ok();
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let usage = e.use_stderr();
            if usage && json_asked() {
                let message = e.kind().as_str().map_or_else(
                    || e.to_string().trim().to_string(),
                    |kind| {
                        let detail = e.to_string();
                        let first = detail.lines().next().unwrap_or(kind);
                        first.trim_start_matches("error: ").to_string()
                    },
                );
                print_json_error(&serde_json::json!({"code": usage_code(&e), "message": message}));
            }
            // Help and version go to stdout with exit 0; usage errors to stderr with exit 2.
            e.print().ok();
            return ExitCode::from(if usage { 2 } else { 0 });
        }
    };
    let result = term::guarded(|| match cli.command {
        Command::Validate(a) => cmd_validate::run(a),
        Command::Codes(a) => cmd_codes::run(a),
        Command::Findings(a) => cmd_findings::run(a),
        Command::Errors(a) => cmd_errors::run(a),
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
        Command::Completions(a) => cmd_meta::completions(a),
        Command::Man(a) => cmd_meta::man(a),
    });
    // Standard output that could not be written (other than closed by its reader, which is
    // quiet) fails the command, whatever it found.
    let result = match (result, term::stdout_failure()) {
        (Ok(_), Some(message)) => Err(args::CliError::from(learner_destinations::Error::Host {
            message: format!(
                "cannot write to standard output ({message}); check where it is redirected and the free space, and run again"
            ),
        })),
        (result, _) => result,
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Refused) => ExitCode::from(1),
        Err(e) => {
            if json_asked() && !e.json_printed {
                print_json_error(&e.to_json());
            }
            eprintln!("destinations: {}", term::escape(&e.to_string()));
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use std::collections::{BTreeMap, BTreeSet};

    const README: &str = include_str!("../../README.md");

    /// The README's command synopsis (the first `sh` block of "## Command line"): each
    /// command's long options, as written (`[--ukprn N]`, `--sent DATE`).
    fn readme_synopsis() -> BTreeMap<String, BTreeSet<String>> {
        let section = README
            .split("## Command line\n")
            .nth(1)
            .expect("a Command line section");
        let block = section
            .split("```sh\n")
            .nth(1)
            .and_then(|b| b.split("```").next())
            .expect("a synopsis block");
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut current = None;
        for line in block.lines() {
            let code = line.split("   # ").next().unwrap_or_default();
            if let Some(rest) = code.strip_prefix("destinations ") {
                let mut words = rest.split_whitespace();
                let mut name = words.next().unwrap().to_string();
                // A command with commands of its own (`ilr awaiting`).
                if nested().contains(&name) {
                    name = format!("{name} {}", words.next().unwrap());
                }
                out.entry(name.clone()).or_default();
                current = Some(name);
            }
            let Some(name) = &current else { continue };
            let options = out.get_mut(name).unwrap();
            for word in code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
                if let Some(long) = word.strip_prefix("--").filter(|w| !w.is_empty()) {
                    options.insert(long.to_string());
                }
            }
        }
        out
    }

    /// The commands that have commands of their own.
    fn nested() -> Vec<String> {
        super::command()
            .get_subcommands()
            .filter(|s| s.has_subcommands())
            .map(|s| s.get_name().to_string())
            .collect()
    }

    fn longs(command: &clap::Command) -> BTreeSet<String> {
        command
            .get_arguments()
            .filter(|a| !a.is_hide_set())
            .filter_map(|a| a.get_long())
            .filter(|l| !matches!(*l, "help" | "version"))
            .map(str::to_string)
            .collect()
    }

    /// Each visible command's long options from its definition (help and version aside), the
    /// commands of a nested command (`ilr awaiting`) each on its own.
    fn definitions() -> BTreeMap<String, BTreeSet<String>> {
        let command = super::command();
        let mut out = BTreeMap::new();
        for s in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            if s.has_subcommands() {
                for sub in s
                    .get_subcommands()
                    .filter(|c| !c.is_hide_set() && c.get_name() != "help")
                {
                    out.insert(format!("{} {}", s.get_name(), sub.get_name()), longs(sub));
                }
            } else {
                out.insert(s.get_name().to_string(), longs(s));
            }
        }
        out
    }

    #[test]
    fn the_readme_synopsis_lists_every_command_and_option() {
        let readme = readme_synopsis();
        let defined = definitions();
        let names = |m: &BTreeMap<String, BTreeSet<String>>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&readme),
            names(&defined),
            "commands in the README synopsis"
        );
        for (name, options) in &defined {
            assert_eq!(
                &readme[name], options,
                "README synopsis of `destinations {name}` against its definition"
            );
        }
        // The short options shown in the synopsis exist.
        let command = super::command();
        for (name, short) in [
            ("template", 'o'),
            ("validate", 'q'),
            ("learners", 'q'),
            ("qualifications", 'q'),
        ] {
            let sub = command.find_subcommand(name).unwrap();
            assert!(
                sub.get_arguments().any(|a| a.get_short() == Some(short)),
                "{name} -{short}"
            );
        }
    }

    #[test]
    fn the_committed_man_page_is_the_generated_one() {
        let generated = crate::cmd_meta::man_page().unwrap();
        let committed = include_bytes!("../destinations.1");
        assert!(
            generated.as_slice() == committed.as_slice(),
            "cli/destinations.1 is out of date: run `cargo run -p learner-destinations-cli -- man > cli/destinations.1`"
        );
        let text = String::from_utf8(generated).unwrap();
        for sub in super::command()
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
        {
            assert!(
                text.contains(&format!(".SH \"{}\"", sub.get_name().to_uppercase())),
                "{}",
                sub.get_name()
            );
        }
    }
}
