//! `destinations check-username` and `destinations check-password`.

use crate::Outcome;
use crate::args::CliError;
use crate::output::{ErrorJson, print_json};
use crate::term::say;
use learner_destinations::Refusal;
use learner_destinations::learners::{AccountKind, check_password, check_username};
use serde::Serialize;
use std::io::{BufRead, IsTerminal, Read};

/// The most bytes of standard input read for a password: a line, never a whole file.
const PASSWORD_INPUT_BYTES: u64 = 4096;

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
    /// Print JSON: {"username", "acceptable", "error"?: {"code", "message"}}.
    #[arg(long)]
    json: bool,
}

/// Check a proposed password against the UCAS Progress policy: 6 to 20 characters, at least
/// one letter and at least one number or symbol.
///
/// The password is never an argument (it would end up in shell history and process lists). At
/// a terminal it is asked for with hidden input; otherwise the first line of standard input is
/// read (echo secret | destinations check-password). Exit 0 when acceptable, 1 with the
/// reason.
#[derive(Debug, clap::Args)]
pub struct PasswordArgs {
    /// Print JSON: {"acceptable", "error"?: {"code", "message"}} (the password is never
    /// printed).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Serialize)]
struct UsernameJson<'a> {
    username: &'a str,
    acceptable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorJson>,
}

#[derive(Debug, Serialize)]
struct PasswordJson {
    acceptable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorJson>,
}

fn outcome(refused: Option<&Refusal>) -> Outcome {
    if refused.is_some() {
        Outcome::Refused
    } else {
        Outcome::Ok
    }
}

pub fn run_username(args: UsernameArgs) -> Result<Outcome, CliError> {
    let kind = if args.staff {
        AccountKind::Staff
    } else {
        AccountKind::Learner
    };
    let refused = check_username(&args.name, kind).err();
    if args.json {
        print_json(&UsernameJson {
            username: &args.name,
            acceptable: refused.is_none(),
            error: refused.as_ref().map(ErrorJson::from),
        })?;
    } else {
        match &refused {
            None => say!("username '{}' is acceptable", args.name),
            Some(r) => say!("{} [{}]", r.message, r.code()),
        }
    }
    Ok(outcome(refused.as_ref()))
}

fn unreadable(e: &std::io::Error) -> CliError {
    learner_destinations::Error::InputUnreadable {
        what: "password".to_string(),
        path: "standard input".to_string(),
        message: e.to_string(),
        kind: e.kind(),
    }
    .into()
}

/// The password: asked for with hidden input at a terminal, else the first line of standard
/// input (without its line end).
fn read_password() -> Result<String, CliError> {
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password("password (hidden): ").map_err(|e| unreadable(&e));
    }
    let mut line = Vec::new();
    std::io::stdin()
        .lock()
        .take(PASSWORD_INPUT_BYTES)
        .read_until(b'\n', &mut line)
        .map_err(|e| unreadable(&e))?;
    let text = String::from_utf8_lossy(&line);
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

pub fn run_password(args: PasswordArgs) -> Result<Outcome, CliError> {
    let password = read_password()?;
    let refused = check_password(&password).err();
    if args.json {
        print_json(&PasswordJson {
            acceptable: refused.is_none(),
            error: refused.as_ref().map(ErrorJson::from),
        })?;
    } else {
        match &refused {
            None => say!("the password is acceptable"),
            Some(r) => say!("{} [{}]", r.message, r.code()),
        }
    }
    Ok(outcome(refused.as_ref()))
}
