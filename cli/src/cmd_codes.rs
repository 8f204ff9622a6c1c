//! `destinations codes`: the code tables.

use crate::Outcome;
use crate::args::{self, CliError};
use crate::output::print_json;
use crate::term::say;
use chrono::NaiveDate;
use learner_destinations::codes::Scheme;
use serde::Serialize;
use std::path::PathBuf;

/// List destination codes with their titles, equivalents and validity windows.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which scheme to list: ilr, wmca (or a loaded scheme's name), or all.
    #[arg(long, default_value = "all", value_name = "NAME")]
    scheme: String,
    /// Mark validity on this date (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    as_of: Option<NaiveDate>,
    /// Load a code scheme from a JSON or CSV file; may be repeated.
    #[arg(long = "schemes", value_name = "FILE")]
    schemes: Vec<PathBuf>,
    /// Print JSON: {"as_of", "schemes": [{"name", "title", "version", "source", "partial",
    /// "types", "unassigned", "codes": [...]}]}; the file loads back with --schemes.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Serialize)]
struct CodeJson<'a> {
    code: &'a str,
    #[serde(rename = "type")]
    code_type: &'a str,
    title: &'a str,
    ilr_equivalent: Option<&'a str>,
    qualifier: Option<&'a str>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    valid: bool,
}

/// One scheme as `--json` prints it: loadable again as a scheme file (`--schemes`), with
/// everything the scheme holds.
#[derive(Debug, Serialize)]
struct SchemeJson<'a> {
    name: &'a str,
    title: &'a str,
    version: &'a str,
    source: &'a str,
    partial: bool,
    types: &'a [learner_destinations::codes::CodeType],
    unassigned: &'a [String],
    codes: Vec<CodeJson<'a>>,
}

#[derive(Debug, Serialize)]
struct CodesJson<'a> {
    as_of: NaiveDate,
    schemes: Vec<SchemeJson<'a>>,
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let schemes = args::schemes(&args.schemes)?;
    let as_of = args::as_of(args.as_of);
    let selected: Vec<&Scheme> = if args.scheme.eq_ignore_ascii_case("all") {
        schemes.schemes().iter().collect()
    } else {
        vec![schemes.scheme(&args.scheme).map_err(CliError::from)?]
    };
    let out = CodesJson {
        as_of,
        schemes: selected
            .iter()
            .map(|s| SchemeJson {
                name: s.name(),
                title: s.title(),
                version: s.version(),
                source: s.source(),
                partial: s.is_partial(),
                types: s.types(),
                unassigned: s.unassigned(),
                codes: s
                    .codes()
                    .iter()
                    .map(|c| CodeJson {
                        code: c.code(),
                        code_type: c.code_type(),
                        title: c.title(),
                        ilr_equivalent: c.ilr_equivalent(),
                        qualifier: c.qualifier(),
                        valid_from: c.valid_from(),
                        valid_to: c.valid_to(),
                        valid: c.is_valid_on(as_of),
                    })
                    .collect(),
            })
            .collect(),
    };
    if args.json {
        print_json(&out)?;
        return Ok(Outcome::Ok);
    }
    for s in &out.schemes {
        say!(
            "{} ({}, version {})",
            s.title,
            s.name,
            if s.version.is_empty() { "-" } else { s.version }
        );
        say!("  source: {}", s.source);
        say!(
            "  {:<9} {:<10} {:<10} {:<9} TITLE",
            "CODE",
            "FROM",
            "TO",
            "ON AS-OF"
        );
        for c in &s.codes {
            let d = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
            let mut title = c.title.to_string();
            if let Some(eq) = c.ilr_equivalent {
                title.push_str(&format!(
                    "  [= {eq}{}]",
                    c.qualifier.map(|q| format!(", {q}")).unwrap_or_default()
                ));
            }
            say!(
                "  {:<9} {:<10} {:<10} {:<9} {title}",
                c.code,
                d(c.valid_from),
                d(c.valid_to),
                if c.valid { "valid" } else { "ENDED" }
            );
        }
        say!();
    }
    say!("Validity shown on {as_of}.");
    Ok(Outcome::Ok)
}
