//! Argument conversions shared by the commands (they only convert; rules live in the core).

use chrono::NaiveDate;
use learner_destinations::codes::{Scheme, Schemes};
use learner_destinations::dates::parse_date;
use learner_destinations_host::input::{self, InputKind};
use std::path::{Path, PathBuf};

/// A command-line failure: printed as `destinations: MESSAGE [CODE]` on standard error, exit 2,
/// and with `--json` also as `{"error": {"code", "message"}}` on standard output. The code is
/// always one of the core's catalogued ones (`Error::code`, `Refusal::code`).
#[derive(Debug)]
pub struct CliError {
    /// The catalogued code.
    pub code: &'static str,
    /// What went wrong and what to do, without the code.
    pub message: String,
    /// True when the JSON error was already printed (inside a streamed report).
    pub json_printed: bool,
}

impl CliError {
    /// A failure with its core code and message.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        CliError {
            code,
            message: message.into(),
            json_printed: false,
        }
    }

    /// The core's error, its message prefixed (by the file it is about, say).
    pub fn prefixed(prefix: &str, e: &learner_destinations::Error) -> Self {
        CliError::new(e.code(), format!("{prefix}: {e}"))
    }

    /// `{"code", "message"}`, for `{"error": ...}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({"code": self.code, "message": self.message})
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl From<learner_destinations::Error> for CliError {
    fn from(e: learner_destinations::Error) -> Self {
        CliError::new(e.code(), e.to_string())
    }
}

impl From<learner_destinations::Refusal> for CliError {
    fn from(r: learner_destinations::Refusal) -> Self {
        CliError::new(r.code(), r.message)
    }
}

/// clap value parser for `--max-findings`: a whole number from 0, read by the core (so that
/// `-1` is answered as a value out of range, not as an unknown flag).
pub fn max_findings(s: &str) -> Result<usize, String> {
    use learner_destinations::workflow::{DestinationsJob, KeyStyle};
    let value = s
        .trim()
        .parse::<i64>()
        .map_or_else(|_| serde_json::json!(s), |n| serde_json::json!(n));
    let key = KeyStyle::Flag.key("max_findings");
    match DestinationsJob::from_value(serde_json::json!({ key: value }), KeyStyle::Flag) {
        Ok(job) => Ok(job.common.max_findings.unwrap_or_default()),
        Err(learner_destinations::Error::OptionInvalid { message, .. }) => Err(message),
        Err(e) => Err(e.to_string()),
    }
}

/// clap value parser for `YYYY-MM-DD` dates, with the core's reasons.
pub fn date(s: &str) -> Result<NaiveDate, String> {
    parse_date(s).map_err(|r| r.message)
}

/// The as-of date: the one given, else today (the host layer's clock).
pub fn as_of(given: Option<NaiveDate>) -> NaiveDate {
    given.unwrap_or_else(learner_destinations_host::clock::today)
}

/// The built-in schemes plus the user's scheme files (`.json`, or `.csv` named after its scheme).
pub fn schemes(files: &[PathBuf]) -> Result<Schemes, CliError> {
    let mut schemes = Schemes::builtin();
    for path in files {
        for scheme in load_schemes(path)? {
            schemes.add(scheme)?;
        }
    }
    Ok(schemes)
}

fn load_schemes(path: &Path) -> Result<Vec<Scheme>, CliError> {
    let text = input::read_text(input::Source::Path(path), &input::SCHEME)?;
    Ok(Scheme::list_from_file_text(
        &text,
        &path.display().to_string(),
    )?)
}

/// clap value parser for a RUI code: `2` or `RUI2`. Whether the code exists is the core's
/// question.
pub fn rui_code(s: &str) -> Result<u8, String> {
    preference_code(s, "RUI")
}

/// clap value parser for a PMC code: `3` or `PMC3`.
pub fn pmc_code(s: &str) -> Result<u8, String> {
    preference_code(s, "PMC")
}

fn preference_code(s: &str, prefix: &str) -> Result<u8, String> {
    let t = s.trim();
    let digits = match t.get(..prefix.len()) {
        Some(p) if p.eq_ignore_ascii_case(prefix) => &t[prefix.len()..],
        _ => t,
    };
    digits.parse().map_err(|_| {
        format!("'{s}' is not a {prefix} code; give numbers separated by commas, such as 2,4")
    })
}

/// Reads a JSON file (`-` for standard input) of `kind` (read up to its size limit) into `T`;
/// errors name the file, line and column.
pub fn read_json<T: serde::de::DeserializeOwned>(
    path: &Path,
    kind: &InputKind,
) -> Result<T, CliError> {
    let text = input::read_text(input::Source::path_or_stdin(path), kind)?;
    let shown = path.display();
    serde_json::from_str(&text).map_err(|e| {
        learner_destinations::Error::json_in(format!("{} ({shown})", kind.what), &text, &e).into()
    })
}

/// clap value parser for a UKPRN, with the core's reasons.
pub fn ukprn(s: &str) -> Result<learner_destinations::Ukprn, String> {
    learner_destinations::Ukprn::parse(s).map_err(|r| r.message)
}
