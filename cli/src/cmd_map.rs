//! `destinations map`: parse destination codes and show their equivalents.

use crate::Outcome;
use crate::args::{self, CliError};
use crate::output::{ErrorJson, print_json};
use crate::term::say;
use chrono::NaiveDate;
use learner_destinations::codes::CodeEntry;
use serde::Serialize;
use std::path::PathBuf;

/// Read destination codes as the portal's Destination Code field does (EMP1, EMP 1, oth-3,
/// WMCA1.0...) and show each code's scheme, title, validity and equivalents in other schemes.
///
/// Old ILR codes map to every authority code that refines them; authority codes map to their
/// ILR code. Exit 0 when every input was recognised, 1 otherwise.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The codes to read.
    #[arg(required = true, value_name = "CODE")]
    codes: Vec<String>,
    /// Report validity on this date (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    as_of: Option<NaiveDate>,
    /// Load a code scheme from a JSON or CSV file (replaces a built-in scheme of the same
    /// name); may be repeated.
    #[arg(long = "schemes", value_name = "FILE")]
    schemes: Vec<PathBuf>,
    /// Print JSON: one object per input.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Serialize)]
struct Equivalent<'a> {
    scheme: &'a str,
    code: &'a str,
    title: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
enum MapJson<'a> {
    Found {
        input: &'a str,
        scheme: &'a str,
        code: &'a str,
        title: &'a str,
        valid: bool,
        equivalents: Vec<Equivalent<'a>>,
    },
    NotFound {
        input: &'a str,
        error: ErrorJson,
    },
}

fn equivalent(c: &CodeEntry) -> Equivalent<'_> {
    Equivalent {
        scheme: c.scheme(),
        code: c.code(),
        title: c.title(),
    }
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let schemes = args::schemes(&args.schemes)?;
    let as_of = args::as_of(args.as_of);
    let mut all_found = true;
    let mut out = Vec::with_capacity(args.codes.len());
    for input in &args.codes {
        match schemes.parse(input) {
            Ok(c) => out.push(MapJson::Found {
                input,
                scheme: c.scheme(),
                code: c.code(),
                title: c.title(),
                valid: c.is_valid_on(as_of),
                equivalents: schemes.equivalents(c).into_iter().map(equivalent).collect(),
            }),
            Err(r) => {
                all_found = false;
                out.push(MapJson::NotFound {
                    input,
                    error: (&r).into(),
                });
            }
        }
    }
    if args.json {
        print_json(&out)?;
    } else {
        for item in &out {
            match item {
                MapJson::Found {
                    input,
                    scheme,
                    code,
                    title,
                    valid,
                    equivalents,
                } => {
                    let validity = if *valid {
                        format!("valid on {as_of}")
                    } else {
                        let c = schemes.get(code);
                        let to = c
                            .and_then(|c| c.valid_to())
                            .map(|d| format!(", ended {d}"))
                            .unwrap_or_default();
                        format!("NOT valid on {as_of}{to}")
                    };
                    say!("{input} -> {code} [{scheme}] {title} ({validity})");
                    for e in equivalents {
                        let q = schemes
                            .get(e.code)
                            .and_then(|c| c.qualifier())
                            .map(|q| format!(" when: {q}"))
                            .unwrap_or_default();
                        say!("    = {} [{}] {}{q}", e.code, e.scheme, e.title);
                    }
                    if equivalents.is_empty() {
                        say!("    (no equivalent in the other loaded schemes)");
                    }
                }
                MapJson::NotFound { input, error } => {
                    say!(
                        "{input} -> not recognised: {} [{}]",
                        error.message,
                        error.code
                    );
                }
            }
        }
    }
    Ok(if all_found {
        Outcome::Ok
    } else {
        Outcome::Refused
    })
}
