//! `destinations template`: write an empty upload template, as the portals' "download the
//! template" buttons do.

use crate::Outcome;
use crate::args::CliError;
use learner_destinations::template::download::{
    DownloadLists, TemplateKind, template_csv, template_xlsx,
};
use learner_destinations_host::output;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Write an empty upload template to standard output (or --output): the header row as CSV
/// (UTF-8 with BOM, so Excel opens it correctly), or with --xlsx an Excel workbook with the
/// header, a note on each column, columns formatted as text, and the reference lists on their
/// own sheets with drop-downs (learners: year groups, genders, ethnicities; qualifications: the
/// "Qualification type", "Qualification Subject" and "Qualification Grading" sheets).
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
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "PATH")]
    output: Option<PathBuf>,
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

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let kind = TemplateKind::from(args.template);
    let bytes = if args.xlsx {
        template_xlsx(kind, &DownloadLists::builtin())?
    } else {
        let mut out = Vec::new();
        template_csv(kind, &mut out)?;
        out
    };
    match &args.output {
        Some(path) => {
            output::check_outputs(&[], &[("--output", path)])?;
            let mut file = output::OutputFile::create("--output", path, output::Privacy::Ordinary)?;
            if file.write_all(&bytes).is_err() {
                return Err(file.failure().map_or_else(
                    || CliError(format!("cannot write {}", path.display())),
                    CliError::from,
                ));
            }
            file.commit()?;
        }
        None => {
            let stdout = std::io::stdout();
            if args.xlsx && stdout.is_terminal() {
                return Err(CliError(
                    "a workbook is not for the terminal: redirect it to a file (> template.xlsx) or give --output".to_string(),
                ));
            }
            let mut out = stdout.lock();
            // A closed stdout (piped into `head`) is not an error worth reporting.
            out.write_all(&bytes).and_then(|()| out.flush()).ok();
        }
    }
    Ok(Outcome::Ok)
}
