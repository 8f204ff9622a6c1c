//! Argument conversions shared by the commands (they only convert; rules live in the core).

use chrono::NaiveDate;
use learner_destinations::codes::{Scheme, Schemes};
use learner_destinations::dates::parse_date;
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

/// clap value parser for `YYYY-MM-DD` dates, with the core's reasons.
pub fn date(s: &str) -> Result<NaiveDate, String> {
    parse_date(s).map_err(|r| r.message)
}

/// The as-of date: the one given, else today (the CLI is where the clock is read).
pub fn as_of(given: Option<NaiveDate>) -> NaiveDate {
    given.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The built-in schemes plus the user's scheme files (`.json`, or `.csv` named after its scheme).
pub fn schemes(files: &[PathBuf]) -> Result<Schemes, CliError> {
    let mut schemes = Schemes::builtin();
    for path in files {
        schemes.add(load_scheme(path)?)?;
    }
    Ok(schemes)
}

fn load_scheme(path: &Path) -> Result<Scheme, CliError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError(format!("cannot read scheme file {shown}: {e}")))?;
    Ok(Scheme::from_file_text(&text, &shown)?)
}
