//! What the upload commands (`validate`, `learners`, `qualifications`) share: their arguments
//! turned into the core's job, the host layer's run (input, output files, clock, random source,
//! Ctrl-C), the progress bar, and the human and JSON reports. The rules and defaults are the
//! core's; the files are the host layer's.

use crate::args::CliError;
use crate::output::print_json;
use indicatif::{ProgressBar, ProgressStyle};
use learner_destinations::template::Report;
use learner_destinations::workflow::RunReport;
use learner_destinations::{Error, Finding};
use learner_destinations_host::interrupt::Interrupt;
use learner_destinations_host::upload::{Control, HostRunReport, Input, Output, Outputs};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;

/// Files at least this big get a progress bar (when stderr is a terminal).
const PROGRESS_FROM_BYTES: u64 = 4 * 1024 * 1024;

/// The arguments every upload command takes.
#[derive(Debug, clap::Args)]
pub struct UploadArgs {
    /// The file to check: CSV (UTF-8 with or without BOM, UTF-16 with BOM or Windows-1252;
    /// comma- or tab-separated) or an Excel workbook (.xlsx, .xls); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// For a workbook: the sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Write the rejected rows to this CSV file: their original columns, then Row (as Excel
    /// numbers it), Errors (every message of the row) and Extra values. UTF-8 with BOM, for
    /// Excel. Rows rejected only as duplicates are left out (counted in the summary).
    #[arg(long, value_name = "PATH")]
    pub errors_csv: Option<PathBuf>,
    /// Write the same rows to this workbook (.xlsx): every column formatted as Text, so a
    /// correction in Excel keeps leading zeros; header frozen; the messages in Errors.
    #[arg(long, value_name = "PATH")]
    pub errors_xlsx: Option<PathBuf>,
    /// Write the accepted rows to this CSV file (the export, values in canonical form).
    #[arg(long, value_name = "PATH")]
    pub accepted_csv: Option<PathBuf>,
    /// Keep at most N findings in the output; the counts stay exact and the output says it was
    /// truncated.
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
    /// Print JSON: {"file", "summary": {...}, "findings": [{"row", "column", "value", "code",
    /// "severity", "message"}], "truncated"}.
    #[arg(long)]
    pub json: bool,
}

impl UploadArgs {
    /// The input as given, for messages.
    pub fn shown(&self) -> String {
        self.file.display().to_string()
    }

    /// The options every upload takes, as the core reads them (snake_case keys), plus
    /// `extra`.
    pub fn options(&self, extra: Map<String, Value>) -> Value {
        let mut map = Map::new();
        if let Some(sheet) = &self.sheet {
            map.insert("sheet".into(), json!(sheet));
        }
        if let Some(n) = self.max_findings {
            map.insert("max_findings".into(), json!(n));
        }
        if let Some(p) = &self.errors_csv {
            map.insert("errors_csv".into(), json!(p.to_string_lossy()));
        }
        if let Some(p) = &self.errors_xlsx {
            map.insert("errors_xlsx".into(), json!(p.to_string_lossy()));
        }
        if let Some(p) = &self.accepted_csv {
            map.insert("accepted_csv".into(), json!(p.to_string_lossy()));
        }
        map.extend(extra);
        Value::Object(map)
    }

    /// The output files, at the paths as given (not as the core's names of them).
    pub fn outputs(&self, credentials_csv: Option<&PathBuf>) -> Outputs {
        let file = |p: Option<&PathBuf>| p.map_or(Output::None, |p| Output::File(p.clone()));
        Outputs {
            errors_csv: file(self.errors_csv.as_ref()),
            errors_xlsx: file(self.errors_xlsx.as_ref()),
            accepted_csv: file(self.accepted_csv.as_ref()),
            credentials_csv: file(credentials_csv),
        }
    }
}

/// Runs `work` (one of the host layer's upload runs) on the input, with a progress bar for a
/// big file on a terminal and Ctrl-C stopping the run (nothing is left behind).
pub fn run<F>(args: &UploadArgs, work: F) -> Result<HostRunReport, CliError>
where
    F: FnOnce(Input<'_>, &Control<'_>) -> learner_destinations::Result<HostRunReport>,
{
    let shown = args.shown();
    let interrupt = Interrupt::install()?;
    let cancel = || interrupt.is_set();
    let bar = (args.file.as_os_str() != "-")
        .then(|| learner_destinations_host::input::file_size(&args.file))
        .flatten()
        .filter(|size| *size >= PROGRESS_FROM_BYTES && std::io::stderr().is_terminal())
        .map(|size| {
            let bar = ProgressBar::new(size);
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} checking {msg} [{bar:30}] {bytes}/{total_bytes} ({eta} left)",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(shown.clone());
            bar
        });
    let progress = |n: u64| {
        if let Some(bar) = &bar {
            bar.set_position(n);
        }
    };
    let control = Control {
        cancel: Some(&cancel),
        progress: bar.as_ref().map(|_| &progress as &dyn Fn(u64)),
        ..Control::default()
    };
    let result = work(Input::path_or_stdin(&args.file), &control);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    result.map_err(|e| failure(&shown, e))
}

/// A run's error: about the input's content, named by the file; about options, outputs or the
/// run itself, as it is.
pub fn failure(shown: &str, e: Error) -> CliError {
    match e {
        Error::OptionUnknown { .. }
        | Error::OptionInvalid { .. }
        | Error::OptionsConflict { .. }
        | Error::OutputIsInput { .. }
        | Error::OutputsShareFile { .. }
        | Error::OutputUnwritable { .. }
        | Error::InputUnreadable { .. }
        | Error::InputTooLarge { .. }
        | Error::RandomUnavailable { .. }
        | Error::Cancelled { .. }
        | Error::Host { .. } => CliError::from(e),
        other => CliError(format!("{shown}: {other} [{}]", other.code())),
    }
}

#[derive(Debug, Serialize)]
struct ReportJson<'a> {
    file: &'a str,
    #[serde(flatten)]
    report: &'a Report,
    /// The qualification upload's reference lists (`destinations qualifications` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    qualification_lists: Option<ListsUsed<'a>>,
}

/// Which reference lists a qualification upload was checked against, for `--json`.
#[derive(Debug, Clone, Copy, Serialize)]
struct ListsUsed<'a> {
    /// Where they came from (a file's sheets, a JSON file, or this library's defaults).
    source: &'a str,
    /// True for this library's defaults, not UCAS Progress's own lists.
    is_default: bool,
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Prints the report (JSON with `--json`, with the qualification lists used when there are),
/// then `extra` lines.
pub fn print(run: &RunReport, args: &UploadArgs, extra: &[String]) -> Result<(), CliError> {
    let shown = args.shown();
    let report = &run.report;
    if args.json {
        return print_json(&ReportJson {
            file: &shown,
            report,
            qualification_lists: run.qualification_lists.as_ref().map(|l| ListsUsed {
                source: &l.source,
                is_default: l.is_default,
            }),
        });
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut write = || -> std::io::Result<()> {
        for f in &report.findings {
            writeln!(out, "{}", Finding::to_string(f))?;
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
            Some(s.format).filter(|f| *f != "csv"),
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
        for path in [&args.errors_csv, &args.errors_xlsx].into_iter().flatten() {
            writeln!(
                out,
                "rejected rows written to {} ({})",
                path.display(),
                plural(s.rejected - s.duplicate_rows, "row", "rows")
            )?;
        }
        if s.duplicate_rows > 0 {
            writeln!(
                out,
                "{} rejected only as duplicates of earlier rows, left out of the errors file",
                plural(s.duplicate_rows, "row", "rows")
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
        for line in extra {
            writeln!(out, "{line}")?;
        }
        out.flush()
    };
    // A closed stdout (e.g. piped into `head`) is not an error worth reporting.
    write().ok();
    Ok(())
}

/// Exit 0 when every row was accepted, 1 otherwise.
pub fn outcome(run: &RunReport) -> crate::Outcome {
    if run.report.all_accepted() {
        crate::Outcome::Ok
    } else {
        crate::Outcome::Refused
    }
}
