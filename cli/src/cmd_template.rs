//! `destinations template`: write an empty upload template, as the portals' "download the
//! template" buttons do.

use crate::Outcome;
use crate::args::CliError;
use crate::output::print_json;
use crate::upload_run::is_stdout;
use learner_destinations::template::download::{
    DownloadLists, TemplateKind, template_csv, template_xlsx,
};
use learner_destinations_host::output;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Write an empty upload template to standard output (or --output): the header row as CSV
/// (UTF-8 with BOM, so Excel opens it correctly), or with --xlsx an Excel workbook with the
/// header, a note on each column, columns formatted as text, and the reference lists on their
/// own sheets with drop-downs (learners: year groups, genders, ethnicities; qualifications: the
/// "Qualification type", "Qualification Subject" and "Qualification Grading" sheets).
///
/// With --json, the template's columns as JSON instead of the file: {"template", "title",
/// "columns": [{"name", "required", "max_chars", "description"}], "export_columns"}.
///
/// Example: destinations template qualifications --xlsx > qualifications.xlsx
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The template.
    #[arg(value_enum)]
    template: Which,
    /// Write an Excel workbook (.xlsx) instead of CSV.
    #[arg(long)]
    xlsx: bool,
    /// Write to this file instead of standard output (`-`: standard output).
    #[arg(long, short = 'o', value_name = "PATH")]
    output: Option<PathBuf>,
    /// Print the template's columns as JSON instead of writing the template.
    #[arg(long, conflicts_with_all = ["xlsx", "output"])]
    json: bool,
}

/// The templates.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Which {
    /// The WMCA destinations upload.
    Destinations,
    /// The UCAS Progress learner import.
    Learners,
    /// The UCAS Progress learner qualifications upload.
    Qualifications,
}

impl From<Which> for TemplateKind {
    fn from(w: Which) -> Self {
        match w {
            Which::Destinations => TemplateKind::Destinations,
            Which::Learners => TemplateKind::Learners,
            Which::Qualifications => TemplateKind::Qualifications,
        }
    }
}

#[derive(Debug, Serialize)]
struct ColumnJson {
    name: &'static str,
    required: bool,
    max_chars: Option<usize>,
    description: &'static str,
}

#[derive(Debug, Serialize)]
struct TemplateJson {
    template: &'static str,
    title: &'static str,
    columns: Vec<ColumnJson>,
    export_columns: &'static [&'static str],
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let kind = TemplateKind::from(args.template);
    if args.json {
        let spec = kind.spec();
        print_json(&TemplateJson {
            template: spec.name,
            title: spec.title,
            columns: spec
                .columns
                .iter()
                .map(|c| ColumnJson {
                    name: c.name,
                    required: c.required,
                    max_chars: c.max_chars,
                    description: c.description,
                })
                .collect(),
            export_columns: spec.export_columns,
        })?;
        return Ok(Outcome::Ok);
    }
    let bytes = if args.xlsx {
        template_xlsx(kind, &DownloadLists::builtin())?
    } else {
        let mut out = Vec::new();
        template_csv(kind, &mut out)?;
        out
    };
    match args.output.as_ref().filter(|p| !is_stdout(p)) {
        Some(path) => {
            output::check_outputs(&[], &[("--output", path)])?;
            let mut file = output::OutputFile::create("--output", path, output::Privacy::Ordinary)?;
            if let Err(e) = file.write_all(&bytes) {
                return Err(file.failure().map_or_else(
                    || {
                        learner_destinations::Error::OutputUnwritable {
                            option: "--output".to_string(),
                            path: path.display().to_string(),
                            message: e.to_string(),
                        }
                        .into()
                    },
                    CliError::from,
                ));
            }
            file.commit()?;
        }
        None => {
            let stdout = std::io::stdout();
            if args.xlsx && stdout.is_terminal() {
                return Err(learner_destinations::Error::OutputUnwritable {
                    option: "--output".to_string(),
                    path: "-".to_string(),
                    message: "a workbook is not for the terminal: redirect it to a file (> template.xlsx) or give --output PATH".to_string(),
                }
                .into());
            }
            // A closed stdout (piped into `head`) is quiet; another write error fails.
            let mut out = crate::term::stdout();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(learner_destinations::Error::Io)?;
        }
    }
    Ok(Outcome::Ok)
}
