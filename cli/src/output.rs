//! Output helpers.

use serde::Serialize;
use std::io::Write;

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), crate::args::CliError> {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| learner_destinations::Error::Host {
            message: format!("cannot write JSON: {e}"),
        })?;
    // A closed stdout (piped into `head`) is quiet; another write error fails.
    let mut out = crate::term::stdout();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(learner_destinations::Error::Io)?;
    Ok(())
}

/// `{"code", "message"}` for a refusal.
#[derive(Debug, Serialize)]
pub struct ErrorJson {
    pub code: &'static str,
    pub message: String,
}

impl From<&learner_destinations::Refusal> for ErrorJson {
    fn from(r: &learner_destinations::Refusal) -> Self {
        ErrorJson {
            code: r.code(),
            message: r.message.clone(),
        }
    }
}
