//! Argument conversions shared by the commands (they only convert; rules live in the core).

use chrono::NaiveDate;
use learner_destinations::codes::{Scheme, Schemes};
use learner_destinations::dates::parse_date;
use learner_destinations_host::input::{self, InputKind};
use std::path::{Path, PathBuf};

/// A command-line failure: printed as `destinations: MESSAGE`, exit 2.
#[derive(Debug)]
pub struct CliError(pub String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<learner_destinations::Error> for CliError {
    fn from(e: learner_destinations::Error) -> Self {
        CliError(format!("{e} [{}]", e.code()))
    }
}

impl From<learner_destinations::Refusal> for CliError {
    fn from(r: learner_destinations::Refusal) -> Self {
        CliError(format!("{} [{}]", r.message, r.code()))
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
        learner_destinations::Error::json(format!("{} ({shown})", kind.what), &e).into()
    })
}

/// clap value parser for a UKPRN, with the core's reasons.
pub fn ukprn(s: &str) -> Result<learner_destinations::Ukprn, String> {
    learner_destinations::Ukprn::parse(s).map_err(|r| r.message)
}
