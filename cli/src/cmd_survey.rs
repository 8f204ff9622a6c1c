//! `destinations survey`: survey answers → destination records.

use crate::Outcome;
use crate::args::{self, CliError};
use crate::output::print_json;
use crate::term::say;
use chrono::NaiveDate;
use learner_destinations::codes::Schemes;
use learner_destinations::survey::{
    DerivationContext, SurveyAnswers, SurveyDefinition, derive, template_rows,
};
use learner_destinations::template::download::{TemplateKind, template_csv_with_rows};
use learner_destinations_host::input::{self, InputKind};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Turn a leaver's survey answers into destination records (ILR code, WMCA code where there is
/// one, start, end and collection dates), each with the answers that produced it.
///
/// ANSWERS.json is {"learner"?: {...}, "learning_end"?: "YYYY-MM-DD", "answers": {question id:
/// answer}}; `destinations survey --print-definition` shows the default survey's questions and
/// option ids. Exit 0 when the answers gave no error findings, 1 when they did, 2 when a file
/// cannot be read.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The answers file (JSON), or - for standard input.
    #[arg(
        value_name = "ANSWERS.json",
        required_unless_present = "print_definition"
    )]
    answers: Option<PathBuf>,
    /// Use this survey definition (JSON) instead of the default leaver survey.
    #[arg(long, value_name = "DEFINITION.json")]
    survey: Option<PathBuf>,
    /// The learning actual end date (start dates default to the day after it).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    learning_end: Option<NaiveDate>,
    /// The as-of (file preparation) date; the survey must be completed by then (default today).
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    as_of: Option<NaiveDate>,
    /// Load a code scheme from a JSON or CSV file; may be repeated.
    #[arg(long = "schemes", value_name = "FILE")]
    schemes: Vec<PathBuf>,
    /// Print the survey definition (questions, options, outcome mappings) as JSON, with
    /// `answer_keys`: every key an answers document takes and what it takes; then exit.
    #[arg(long)]
    print_definition: bool,
    /// Print JSON: {"records": [...], "findings": [...]}.
    #[arg(long, conflicts_with = "template_csv")]
    json: bool,
    /// Print the records as rows of the destinations upload template (CSV), for the portal;
    /// findings go to standard error. The answers file must carry "learner": {"ukprn", "uln",
    /// "learn_ref", "aim_ref", "aim_title"?}.
    #[arg(long)]
    template_csv: bool,
}

fn read(path: &Path, kind: &InputKind) -> Result<String, CliError> {
    Ok(input::read_text(input::Source::path_or_stdin(path), kind)?)
}

fn definition(args: &Args, schemes: &Schemes) -> Result<SurveyDefinition, CliError> {
    match &args.survey {
        Some(p) => Ok(SurveyDefinition::from_json_str(
            &read(p, &input::SURVEY_DEFINITION)?,
            schemes,
        )?),
        None => Ok(SurveyDefinition::builtin(schemes)),
    }
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let schemes = args::schemes(&args.schemes)?;
    let def = definition(&args, &schemes)?;
    if args.print_definition {
        // The definition, and every key an answers document takes.
        let mut shown =
            serde_json::to_value(&def).map_err(|e| CliError::new("host_failure", e.to_string()))?;
        if let Some(object) = shown.as_object_mut() {
            object.insert(
                "answer_keys".to_string(),
                learner_destinations::survey::answer_keys(&def),
            );
        }
        print_json(&shown)?;
        return Ok(Outcome::Ok);
    }
    let Some(path) = &args.answers else {
        return Err(learner_destinations::Error::OptionInvalid {
            option: "ANSWERS.json".to_string(),
            message: "give the answers file (or --print-definition)".to_string(),
        }
        .into());
    };
    let answers = SurveyAnswers::from_json_str(&read(path, &input::SURVEY_ANSWERS)?)
        .map_err(|e| CliError::prefixed(&path.display().to_string(), &e))?;
    let as_of = args::as_of(args.as_of);
    let out = derive(
        &def,
        &answers,
        &DerivationContext {
            schemes: &schemes,
            learning_end: args.learning_end,
            as_of,
        },
    );
    if args.template_csv {
        let template = template_rows(answers.learner.as_ref(), &out.records)
            .map_err(|r| CliError::new(r.code(), format!("{}: {}", path.display(), r.message)))?;
        // BOM and CRLF as `destinations template destinations` writes them. A closed stdout
        // (piped into `head`) is not an error worth reporting.
        let mut bytes = Vec::new();
        template_csv_with_rows(TemplateKind::Destinations, &template.rows, &mut bytes)?;
        let mut w = crate::term::stdout();
        w.write_all(&bytes)
            .and_then(|()| w.flush())
            .map_err(learner_destinations::Error::Io)?;
        for f in out.findings.iter().chain(&template.findings) {
            eprintln!("{}", crate::term::escape(&f.to_string()));
        }
    } else if args.json {
        print_json(&out)?;
    } else {
        if out.records.is_empty() {
            say!("No destination records derived.");
        }
        for r in &out.records {
            let end = r.end.map(|e| e.to_string()).unwrap_or_else(|| "-".into());
            let wmca = r
                .wmca_code
                .as_deref()
                .map(|w| format!(" / {w}"))
                .unwrap_or_default();
            let main = if r.main { " (main activity)" } else { "" };
            say!("{}{wmca}  {}{main}", r.code, r.title);
            say!(
                "    start {}  end {end}  collected {}",
                r.start,
                r.collection
            );
            for b in &r.because {
                say!("    because {} = {}: {}", b.question, b.answer, b.note);
            }
        }
        for f in &out.findings {
            say!("{f}");
        }
    }
    Ok(if out.has_errors() {
        Outcome::Refused
    } else {
        Outcome::Ok
    })
}
