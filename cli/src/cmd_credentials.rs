//! `destinations check-username` and `destinations check-password`.

use crate::Outcome;
use crate::args::CliError;
use learner_destinations::learners::{AccountKind, check_password, check_username};
use std::io::Read;

/// Check a proposed username against the UCAS Progress policy: 6 to 127 characters for a
/// learner (6 to 256 with --staff), letters, digits and @ . _ - only.
///
/// Exit 0 when acceptable, 1 with the reason.
#[derive(Debug, clap::Args)]
pub struct UsernameArgs {
    /// The username to check.
    name: String,
    /// Check against the staff-account policy (6 to 256 characters).
    #[arg(long)]
    staff: bool,
}

/// Check a proposed password read from standard input (never from an argument, so it does not
/// end up in shell history or process lists): 6 to 20 characters, at least one letter and at
/// least one number or symbol.
///
/// Reads the first line of standard input. Exit 0 when acceptable, 1 with the reason.
#[derive(Debug, clap::Args)]
pub struct PasswordArgs {}

pub fn run_username(args: UsernameArgs) -> Result<Outcome, CliError> {
    let kind = if args.staff {
        AccountKind::Staff
    } else {
        AccountKind::Learner
    };
    match check_username(&args.name, kind) {
        Ok(()) => {
            println!("username '{}' is acceptable", args.name);
            Ok(Outcome::Ok)
        }
        Err(r) => {
            println!("{} [{}]", r.message, r.code());
            Ok(Outcome::Refused)
        }
    }
}

pub fn run_password(_args: PasswordArgs) -> Result<Outcome, CliError> {
    let mut input = String::new();
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut input)
        .map_err(|e| CliError(format!("cannot read the password from standard input: {e}")))?;
    let password = input.lines().next().unwrap_or_default();
    match check_password(password) {
        Ok(()) => {
            println!("the password is acceptable");
            Ok(Outcome::Ok)
        }
        Err(r) => {
            println!("{} [{}]", r.message, r.code());
            Ok(Outcome::Refused)
        }
    }
}
