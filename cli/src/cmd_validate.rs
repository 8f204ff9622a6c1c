//! `destinations validate`: check a destinations upload, the library's main job.

use crate::Outcome;
use crate::args::{self, CliError};
use crate::output::print_json;
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use learner_destinations::template::destinations::{DestinationsOptions, upload_csv};
use learner_destinations::template::{
    AcceptedCsvWriter, ErrorsCsvWriter, Report, RowOutcome, UploadOptions,
};
use learner_destinations::{Finding, Ukprn};
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Read};
use std::path::{Path, PathBuf};

/// Files at least this big get a progress bar (when stderr is a terminal).
const PROGRESS_FROM_BYTES: u64 = 4 * 1024 * 1024;

/// Check a destinations upload (the WMCA portal's CSV template) row by row, as the portal
/// would, and say which rows would be accepted and why the others would not.
///
/// The file has the columns UKPRN, Unique Learner Number, Learner Reference Number, Learning Aim
/// Reference, Learning Aim Title (optional) and Destination Code (an ILR code such as EMP1 or a
/// WMCA code such as WMCA1.0), in any order, with any capitalisation. It may be UTF-8 (with or
/// without BOM), UTF-16 with BOM or Windows-1252, comma- or tab-separated.
///
/// Every problem is reported in one pass, with its row as Excel shows it (header = row 1), its
/// column, a stable code and a message saying what to do. Errors reject the row; warnings do
/// not.
///
/// Exit status: 0 when every row is accepted (warnings allowed), 1 when some rows are rejected,
/// 2 when the file cannot be processed (not CSV, a required column missing, no data rows) or
/// the command is used wrongly. Output files are written only when the file could be processed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The upload to check (`-` reads standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The uploading provider's UKPRN: rows with any other UKPRN are rejected.
    #[arg(long, value_name = "N", value_parser = ukprn)]
    ukprn: Option<Ukprn>,
    /// Check that destination codes are valid on this date (YYYY-MM-DD; default today).
    /// EMP3 and OTH2 ended on 2015-07-31.
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    as_of: Option<NaiveDate>,
    /// Write the rejected rows to this CSV file: their original columns, then Row (as Excel
    /// numbers it) and Errors (every message of the row). UTF-8 with BOM, for Excel.
    #[arg(long, value_name = "PATH")]
    errors_csv: Option<PathBuf>,
    /// Write the accepted rows to this CSV file (the export): the template columns with the
    /// code normalised, plus ILR Code, WMCA Code and Destination as the portal shows it.
    #[arg(long, value_name = "PATH")]
    accepted_csv: Option<PathBuf>,
    /// Keep at most N findings in the output; the counts stay exact and the output says it was
    /// truncated.
    #[arg(long, value_name = "N")]
    max_findings: Option<usize>,
    /// Load a code scheme from a JSON or CSV file (e.g. the complete WMCA list, replacing the
    /// built-in partial one); may be repeated.
    #[arg(long = "schemes", value_name = "FILE")]
    schemes: Vec<PathBuf>,
    /// Print JSON: {"file", "summary": {...}, "findings": [{"row", "column", "value", "code",
    /// "severity", "message"}], "truncated"}.
    #[arg(long)]
    json: bool,
}

/// clap value parser for a UKPRN, with the core's reasons.
fn ukprn(s: &str) -> Result<Ukprn, String> {
    Ukprn::parse(s).map_err(|r| r.message)
}

#[derive(Debug, Serialize)]
struct ValidateJson<'a> {
    file: String,
    #[serde(flatten)]
    report: &'a Report,
}

/// An output file written under a temporary name and renamed into place only on success, so a
/// failed run leaves no half-written file behind.
struct PendingFile {
    path: PathBuf,
    temp: PathBuf,
}

impl PendingFile {
    fn create(path: &Path) -> Result<(PendingFile, BufWriter<File>), CliError> {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".partial-{}", std::process::id()));
        let temp = path.with_file_name(name);
        let file = File::create(&temp)
            .map_err(|e| CliError(format!("cannot create {}: {e}", path.display())))?;
        Ok((
            PendingFile {
                path: path.to_path_buf(),
                temp,
            },
            BufWriter::new(file),
        ))
    }

    fn commit(self) -> Result<(), CliError> {
        std::fs::rename(&self.temp, &self.path)
            .map_err(|e| CliError(format!("cannot write {}: {e}", self.path.display())))
    }

    fn discard(self) {
        std::fs::remove_file(&self.temp).ok();
    }
}

fn open_input(path: &Path) -> Result<(Box<dyn Read>, Option<ProgressBar>), CliError> {
    if path.as_os_str() == "-" {
        return Ok((Box::new(std::io::stdin().lock()), None));
    }
    let file =
        File::open(path).map_err(|e| CliError(format!("cannot read {}: {e}", path.display())))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size >= PROGRESS_FROM_BYTES && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(size);
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} checking {msg} [{bar:30}] {bytes}/{total_bytes} ({eta} left)",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(path.display().to_string());
        return Ok((Box::new(bar.wrap_read(file)), Some(bar)));
    }
    Ok((Box::new(file), None))
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let schemes = args::schemes(&args.schemes)?;
    let mut options = DestinationsOptions::new(args::as_of(args.as_of));
    if let Some(u) = args.ukprn {
        options = options.with_ukprn(u);
    }
    let shown = args.file.display().to_string();
    let upload_options = UploadOptions {
        max_findings: args.max_findings,
        file_name: args
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .or_else(|| Some(shown.clone())),
        processed_at: Some(
            chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        ),
    };
    let (input, bar) = open_input(&args.file)?;
    let in_file = |e: learner_destinations::Error| CliError(format!("{shown}: {e} [{}]", e.code()));
    let upload = upload_csv(input, &schemes, options, upload_options).map_err(in_file)?;

    let mut pending = Vec::new();
    let mut errors = match &args.errors_csv {
        Some(path) => {
            let (file, out) = PendingFile::create(path)?;
            pending.push(file);
            Some(ErrorsCsvWriter::new(out, &upload).map_err(in_file)?)
        }
        None => None,
    };
    let mut accepted = match &args.accepted_csv {
        Some(path) => match PendingFile::create(path) {
            Ok((file, out)) => {
                pending.push(file);
                Some(AcceptedCsvWriter::new(out, &upload).map_err(in_file)?)
            }
            Err(e) => {
                pending.into_iter().for_each(PendingFile::discard);
                return Err(e);
            }
        },
        None => None,
    };

    let result = upload
        .run(|outcome| match outcome {
            RowOutcome::Accepted(mut row) => {
                accepted.as_mut().map_or(Ok(()), |w| w.write(&mut row))
            }
            RowOutcome::Rejected(row) => errors.as_mut().map_or(Ok(()), |w| w.write(&row)),
        })
        .and_then(|report| {
            if let Some(w) = errors.take() {
                w.finish()?;
            }
            if let Some(w) = accepted.take() {
                w.finish()?;
            }
            Ok(report)
        });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            pending.into_iter().for_each(PendingFile::discard);
            return Err(in_file(e));
        }
    };
    for file in pending {
        file.commit()?;
    }

    if args.json {
        print_json(&ValidateJson {
            file: shown,
            report: &report,
        })?;
    } else {
        print_human(&shown, &report, &args);
    }
    Ok(if report.all_accepted() {
        Outcome::Ok
    } else {
        Outcome::Refused
    })
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn print_human(shown: &str, report: &Report, args: &Args) {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let lines = report.findings.iter().map(Finding::to_string);
    let write = || -> std::io::Result<()> {
        for line in lines {
            writeln!(out, "{line}")?;
        }
        let s = &report.summary;
        if report.truncated {
            writeln!(
                out,
                "(showing the first {} of {} findings)",
                report.findings.len(),
                s.errors + s.warnings
            )?;
        }
        let read_as = [
            s.encoding,
            s.delimiter.map(|d| {
                if d == "tab" {
                    "tab-separated"
                } else {
                    "comma-separated"
                }
            }),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        writeln!(
            out,
            "{shown}: {}: {} accepted, {} rejected; {}, {}; {} skipped ({read_as})",
            plural(s.rows, "row", "rows"),
            s.accepted,
            s.rejected,
            plural(s.errors, "error", "errors"),
            plural(s.warnings, "warning", "warnings"),
            plural(s.blank_rows_skipped, "blank row", "blank rows"),
        )?;
        if let Some(path) = &args.errors_csv {
            writeln!(
                out,
                "rejected rows written to {} ({})",
                path.display(),
                plural(s.rejected, "row", "rows")
            )?;
        }
        if let Some(path) = &args.accepted_csv {
            writeln!(
                out,
                "accepted rows written to {} ({})",
                path.display(),
                plural(s.accepted, "row", "rows")
            )?;
        }
        out.flush()
    };
    // A closed stdout (e.g. piped into `head`) is not an error worth reporting.
    write().ok();
}
