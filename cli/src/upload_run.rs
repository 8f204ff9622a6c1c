//! What the upload commands (`validate`, `learners`, `qualifications`) share: the input (CSV or
//! a workbook, `-` for standard input), the output files (written under a temporary name and
//! renamed into place only when the whole file was processed), the progress bar, and the
//! human and JSON reports. The rules are the core's.

use crate::args::CliError;
use crate::output::print_json;
use indicatif::{ProgressBar, ProgressStyle};
use learner_destinations::Finding;
use learner_destinations::template::{
    AcceptedCsvWriter, AcceptedRow, AnySource, ErrorsCsvWriter, Report, RowOutcome, RowSource,
    Template, Upload, UploadOptions, open_source,
};
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

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
    /// numbers it) and Errors (every message of the row). UTF-8 with BOM, for Excel.
    #[arg(long, value_name = "PATH")]
    pub errors_csv: Option<PathBuf>,
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

/// An output file written under a temporary name and renamed into place only on success, so a
/// failed run leaves no half-written file behind.
#[derive(Debug)]
pub struct PendingFile {
    path: PathBuf,
    temp: PathBuf,
}

impl PendingFile {
    /// Creates the temporary file; `private` makes it readable by its owner only (Unix).
    pub fn create(path: &Path, private: bool) -> Result<(PendingFile, BufWriter<File>), CliError> {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".partial-{}", std::process::id()));
        let temp = path.with_file_name(name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        let file = options
            .open(&temp)
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

    /// Removes the temporary file.
    pub fn discard(self) {
        std::fs::remove_file(&self.temp).ok();
    }
}

/// Something more done with each accepted row (the learner command issues credentials).
pub trait AcceptedSink {
    /// One accepted row.
    fn row(&mut self, row: &mut AcceptedRow<'_>) -> Result<(), CliError>;
    /// After the last row, before the output files are put in place.
    fn finish(&mut self) -> Result<(), CliError>;
}

/// The opened input: its rows, the progress bar, and its name for messages.
pub struct Input {
    pub source: AnySource<Box<dyn Read>>,
    pub bar: Option<ProgressBar>,
    pub shown: String,
}

/// Opens the input (CSV streamed, or a workbook sheet).
pub fn open(args: &UploadArgs) -> Result<Input, CliError> {
    let InputBytes { reader, bar, shown } = open_reader(args)?;
    let source = open_source(reader, args.sheet.as_deref()).map_err(|e| in_file(&shown, e))?;
    Ok(Input { source, bar, shown })
}

/// The input's bytes, not yet read as CSV or a workbook: for a command that opens its source
/// itself (the qualification upload reads a workbook's reference sheets too).
pub struct InputBytes {
    pub reader: Box<dyn Read>,
    pub bar: Option<ProgressBar>,
    pub shown: String,
}

/// Opens the input's bytes (with a progress bar for a big file on a terminal).
pub fn open_reader(args: &UploadArgs) -> Result<InputBytes, CliError> {
    let shown = args.file.display().to_string();
    let (reader, bar): (Box<dyn Read>, Option<ProgressBar>) = if args.file.as_os_str() == "-" {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let file =
            File::open(&args.file).map_err(|e| CliError(format!("cannot read {shown}: {e}")))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size >= PROGRESS_FROM_BYTES && std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(size);
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} checking {msg} [{bar:30}] {bytes}/{total_bytes} ({eta} left)",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(shown.clone());
            (Box::new(bar.wrap_read(file)), Some(bar))
        } else {
            (Box::new(file), None)
        }
    };
    Ok(InputBytes { reader, bar, shown })
}

/// A core error about the input, named by file.
pub fn in_file(shown: &str, e: learner_destinations::Error) -> CliError {
    CliError(format!("{shown}: {e} [{}]", e.code()))
}

/// The upload options: the cap, the file name and the time (the CLI reads the clock).
pub fn upload_options(args: &UploadArgs) -> UploadOptions {
    let shown = args.file.display().to_string();
    UploadOptions {
        max_findings: args.max_findings,
        file_name: args
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .or(Some(shown)),
        processed_at: Some(
            chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        ),
        input_bytes: std::fs::metadata(&args.file).ok().map(|m| m.len()),
    }
}

/// Runs an upload to the end, writing the output files, and returns its report. Nothing is
/// left on disk when the file cannot be processed.
pub fn run<S: RowSource, T: Template>(
    upload: Upload<S, T>,
    args: &UploadArgs,
    shown: &str,
    bar: Option<ProgressBar>,
    mut sink: Option<(&mut dyn AcceptedSink, PendingFile)>,
) -> Result<Report, CliError> {
    let mut pending: Vec<PendingFile> = Vec::new();
    let fail = |pending: Vec<PendingFile>, sink_file: Option<PendingFile>, e: CliError| {
        pending
            .into_iter()
            .chain(sink_file)
            .for_each(PendingFile::discard);
        Err(e)
    };
    let mut errors = None;
    if let Some(path) = &args.errors_csv {
        match PendingFile::create(path, false) {
            Ok((file, out)) => {
                pending.push(file);
                match ErrorsCsvWriter::new(out, &upload) {
                    Ok(w) => errors = Some(w),
                    Err(e) => return fail(pending, sink.map(|s| s.1), in_file(shown, e)),
                }
            }
            Err(e) => return fail(pending, sink.map(|s| s.1), e),
        }
    }
    let mut accepted = None;
    if let Some(path) = &args.accepted_csv {
        match PendingFile::create(path, false) {
            Ok((file, out)) => {
                pending.push(file);
                match AcceptedCsvWriter::new(out, &upload) {
                    Ok(w) => accepted = Some(w),
                    Err(e) => return fail(pending, sink.map(|s| s.1), in_file(shown, e)),
                }
            }
            Err(e) => return fail(pending, sink.map(|s| s.1), e),
        }
    }
    let mut sink_error: Option<CliError> = None;
    let result = upload.run(|outcome| match outcome {
        RowOutcome::Accepted(mut row) => {
            if let Some((s, _)) = sink.as_mut() {
                if sink_error.is_none() {
                    if let Err(e) = s.row(&mut row) {
                        sink_error = Some(e);
                    }
                }
            }
            accepted.as_mut().map_or(Ok(()), |w| w.write(&mut row))
        }
        RowOutcome::Rejected(row) => errors.as_mut().map_or(Ok(()), |w| w.write(&row)),
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let finished = result
        .and_then(|report| {
            if let Some(w) = errors.take() {
                w.finish()?;
            }
            if let Some(w) = accepted.take() {
                w.finish()?;
            }
            Ok(report)
        })
        .map_err(|e| in_file(shown, e));
    let report = match (finished, sink_error) {
        (Ok(report), None) => report,
        (Err(e), _) | (Ok(_), Some(e)) => return fail(pending, sink.map(|s| s.1), e),
    };
    if let Some((s, file)) = sink {
        if let Err(e) = s.finish() {
            return fail(pending, Some(file), e);
        }
        pending.push(file);
    }
    for file in pending {
        file.commit()?;
    }
    Ok(report)
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
pub struct ListsUsed<'a> {
    /// Where they came from (a file's sheets, a JSON file, or this library's defaults).
    pub source: &'a str,
    /// True for this library's defaults, not UCAS Progress's own lists.
    pub is_default: bool,
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Prints the report (JSON with `--json`, with the qualification lists used when given), then
/// `extra` lines.
pub fn print(
    report: &Report,
    args: &UploadArgs,
    shown: &str,
    extra: &[String],
    qualification_lists: Option<ListsUsed<'_>>,
) -> Result<(), CliError> {
    if args.json {
        return print_json(&ReportJson {
            file: shown,
            report,
            qualification_lists,
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
        for line in extra {
            writeln!(out, "{line}")?;
        }
        out.flush()
    };
    // A closed stdout (e.g. piped into `head`) is not an error worth reporting.
    write().ok();
    Ok(())
}
