//! What the upload commands (`validate`, `learners`, `qualifications`) share: their arguments
//! turned into the core's job, the host layer's run (input, output files, clock, random source,
//! Ctrl-C), the progress bar, and the human and JSON reports, whose findings are printed as the
//! rows are checked (a million bad rows are never held in memory). The rules and defaults are
//! the core's; the files are the host layer's.

use crate::args::{self, CliError};
use crate::term::escape;
use indicatif::{ProgressBar, ProgressStyle};
use learner_destinations::workflow::{KeyStyle, RowSink, RunReport, SAMPLE_FINDINGS};
use learner_destinations::{Error, Finding};
use learner_destinations_host::interrupt::Interrupt;
use learner_destinations_host::upload::ScratchFile;
use learner_destinations_host::upload::{Control, HostRunReport, Input, Output, Outputs};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::io::{BufWriter, IsTerminal, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Files at least this big get a progress bar (when stderr is a terminal).
const PROGRESS_FROM_BYTES: u64 = 4 * 1024 * 1024;

/// The option names as the core reads them from the command line (`--errors-csv`).
pub const STYLE: KeyStyle = KeyStyle::Flag;

/// The option `key` (snake_case) as the command line spells it, for the job's plain data.
pub fn key(key: &str) -> String {
    STYLE.key(key)
}

/// True for the output path `-`: standard output.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The arguments every upload command takes.
#[derive(Debug, clap::Args)]
pub struct UploadArgs {
    /// The file to check: CSV (UTF-8 with or without BOM, UTF-16 with BOM or Windows-1252;
    /// comma- or tab-separated) or an Excel workbook (.xlsx, .xls); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// For a workbook: the sheet to read (default: the first). Refused for a CSV file, which
    /// has no sheets.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Write the rejected rows to this CSV file: their original columns, then Row (as Excel
    /// numbers it), Errors (every message of the row) and Extra values. UTF-8 with BOM, for
    /// Excel. Rows rejected only as duplicates are left out (counted in the summary). `-`
    /// writes it to standard output (the report then goes to standard error).
    #[arg(long, value_name = "PATH")]
    pub errors_csv: Option<PathBuf>,
    /// Write the same rows to this workbook (.xlsx): every column formatted as Text, so a
    /// correction in Excel keeps leading zeros; header frozen; the messages in Errors.
    #[arg(long, value_name = "PATH")]
    pub errors_xlsx: Option<PathBuf>,
    /// Write the accepted rows to this CSV file (the export, values in canonical form); `-`
    /// writes it to standard output (the report then goes to standard error).
    #[arg(long, value_name = "PATH")]
    pub accepted_csv: Option<PathBuf>,
    /// List at most N findings (0: none); the counts stay exact and the output says how many
    /// were left out. Default: all of them, or the first 50 when the report goes to a terminal.
    #[arg(long, value_name = "N", value_parser = args::max_findings, allow_negative_numbers = true)]
    pub max_findings: Option<usize>,
    /// Print JSON: {"file", "findings": [{"row", "column", "value", "code", "severity",
    /// "message"}], "summary": {...}, "truncated"}; the findings are printed as they are found.
    #[arg(long)]
    pub json: bool,
    /// Print the summary only, no findings.
    #[arg(long, short = 'q', conflicts_with = "json")]
    pub quiet: bool,
}

impl UploadArgs {
    /// The input as given, for messages.
    pub fn shown(&self) -> String {
        self.file.display().to_string()
    }

    /// The options every upload takes, as the core reads them (keys spelled as the command
    /// line's flags, so that its messages name `--errors-csv`), plus `extra`. The report keeps
    /// no findings: this command prints them as they are found ([`Listing`]).
    pub fn options(&self, extra: Map<String, Value>) -> Value {
        let mut map = Map::new();
        if let Some(sheet) = &self.sheet {
            map.insert(key("sheet"), json!(sheet));
        }
        map.insert(key("max_findings"), json!(0));
        if let Some(p) = &self.errors_csv {
            map.insert(key("errors_csv"), json!(p.to_string_lossy()));
        }
        if let Some(p) = &self.errors_xlsx {
            map.insert(key("errors_xlsx"), json!(p.to_string_lossy()));
        }
        if let Some(p) = &self.accepted_csv {
            map.insert(key("accepted_csv"), json!(p.to_string_lossy()));
        }
        map.extend(extra);
        Value::Object(map)
    }

    /// The output files, at the paths as given; `-` is kept in memory and written to standard
    /// output once the run succeeded.
    pub fn outputs(&self, credentials_csv: Option<&PathBuf>) -> Outputs {
        let file = |p: Option<&PathBuf>| match p {
            None => Output::None,
            Some(p) if is_stdout(p) => Output::Memory,
            Some(p) => Output::File(p.clone()),
        };
        Outputs {
            errors_csv: file(self.errors_csv.as_ref()),
            errors_xlsx: file(self.errors_xlsx.as_ref()),
            accepted_csv: file(self.accepted_csv.as_ref()),
            credentials_csv: file(credentials_csv),
        }
    }

    /// True when an output goes to standard output (the report then goes to standard error).
    fn output_to_stdout(&self, credentials_csv: Option<&PathBuf>) -> bool {
        [&self.errors_csv, &self.errors_xlsx, &self.accepted_csv]
            .into_iter()
            .flatten()
            .chain(credentials_csv)
            .any(|p| is_stdout(p))
    }
}

/// Where the report goes: standard output, or standard error when an output file takes
/// standard output.
struct ReportOut {
    out: BufWriter<Box<dyn Write>>,
    terminal: bool,
}

impl ReportOut {
    fn new(to_stderr: bool) -> Self {
        let (out, terminal): (Box<dyn Write>, bool) = if to_stderr {
            (Box::new(std::io::stderr()), std::io::stderr().is_terminal())
        } else {
            (
                Box::new(crate::term::stdout()),
                std::io::stdout().is_terminal(),
            )
        };
        ReportOut {
            out: BufWriter::new(out),
            terminal,
        }
    }
}

/// The findings as they are found: listed (human lines or a streamed JSON array) up to the
/// limit, counted beyond it. A write error (a closed pipe, `| head`) stops the listing, never
/// the run.
struct Listing<'a> {
    out: ReportOut,
    json: bool,
    file: &'a str,
    limit: Option<u64>,
    listed: u64,
    seen: u64,
    /// The JSON document's opening was written.
    started: bool,
    closed: bool,
    bar: Option<&'a ProgressBar>,
    /// The report is written to a scratch file and copied to the real output once the run has
    /// ended, so a second pass (rows of one enrolment in conflict, checked again from the first
    /// row) takes back the findings of the first; the progress bar shows meanwhile. `None` when
    /// no scratch file could be made: the report is then streamed, and a second pass says so.
    held: Option<(ScratchFile, BufWriter<Box<dyn Write>>)>,
}

/// `value` as pretty JSON, its lines after the first indented by `indent`.
fn indented<T: Serialize>(value: &T, indent: &str) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| json!({"unprintable": e.to_string()}).to_string())
        .replace('\n', &format!("\n{indent}"))
}

impl Listing<'_> {
    fn start_json(&mut self) -> std::io::Result<()> {
        if self.json && !self.started {
            self.started = true;
            write!(
                self.out.out,
                "{{\n  \"file\": {},\n  \"findings\": [",
                indented(&self.file, "  ")
            )?;
        }
        Ok(())
    }

    fn list(&mut self, findings: &[Finding]) -> std::io::Result<()> {
        self.start_json()?;
        for f in findings {
            if self.json {
                let sep = if self.listed == 0 { "" } else { "," };
                write!(self.out.out, "{sep}\n    {}", indented(f, "    "))?;
            } else {
                // Values from the file are shown with their control characters escaped.
                writeln!(self.out.out, "{}", escape(&f.to_string()))?;
            }
            self.listed += 1;
        }
        if self.out.terminal {
            self.out.out.flush()?;
        }
        Ok(())
    }

    /// Writes the JSON document's end: the rest of `tail`'s members after the findings.
    fn end_json(&mut self, tail: &Value) -> std::io::Result<()> {
        self.start_json()?;
        let close = if self.listed == 0 { "]" } else { "\n  ]" };
        write!(self.out.out, "{close}")?;
        if let Value::Object(members) = tail {
            for (k, v) in members {
                write!(self.out.out, ",\n  {}: {}", json!(k), indented(v, "  "))?;
            }
        }
        writeln!(self.out.out, "\n}}")?;
        self.release()
    }

    /// Copies the report held in the scratch file to the real output (see [`Listing::held`]),
    /// which later writes then go to.
    fn release(&mut self) -> std::io::Result<()> {
        self.out.out.flush()?;
        if let Some((mut scratch, real)) = self.held.take() {
            self.out.out = real;
            let file = scratch.file();
            file.seek(SeekFrom::Start(0))?;
            std::io::copy(file, &mut self.out.out)?;
            self.out.out.flush()?;
        }
        Ok(())
    }
}

impl RowSink for Listing<'_> {
    fn findings(&mut self, findings: &[Finding]) -> learner_destinations::Result<()> {
        self.seen += findings.len() as u64;
        let room = self
            .limit
            .map_or(usize::MAX, |l| l.saturating_sub(self.listed) as usize);
        if self.closed || room == 0 {
            return Ok(());
        }
        let shown = &findings[..findings.len().min(room)];
        let written = match self.bar.filter(|_| self.out.terminal) {
            Some(bar) => bar.suspend(|| self.list(shown)),
            None => self.list(shown),
        };
        if written.is_err() {
            self.closed = true;
        }
        Ok(())
    }

    /// The upload is checked again from its first row (rows of one enrolment conflict): the
    /// JSON document held so far is taken back; a human listing says so and lists again.
    fn restart(&mut self) -> learner_destinations::Result<()> {
        self.seen = 0;
        self.listed = 0;
        if let Some((scratch, _)) = self.held.as_mut() {
            let file = scratch.file();
            self.started = false;
            self.closed = false;
            let taken_back = self
                .out
                .out
                .flush()
                .and_then(|()| file.set_len(0))
                .and_then(|()| file.seek(SeekFrom::Start(0)).map(|_| ()));
            if taken_back.is_err() {
                self.closed = true;
            }
        } else if !self.json && !self.closed {
            let note = "rows of one enrolment conflict with rows listed above, so the upload was checked again from its first row; its findings follow";
            if writeln!(self.out.out, "{note}").is_err() {
                self.closed = true;
            }
        }
        Ok(())
    }
}

/// Runs `work` (one of the host layer's upload runs) on the input with the findings listed as
/// they are found, a progress bar for a big file on a terminal, and Ctrl-C stopping the run
/// (nothing is left behind). `credentials_csv` is the learner import's credentials output.
pub fn run<F>(
    args: &UploadArgs,
    credentials_csv: Option<&PathBuf>,
    extra: impl FnOnce(&RunReport) -> Vec<String>,
    work: F,
) -> Result<crate::Outcome, CliError>
where
    F: FnOnce(
        Input<'_>,
        &mut dyn RowSink,
        &Control<'_>,
    ) -> learner_destinations::Result<HostRunReport>,
{
    let shown = args.shown();
    if let Some(path) = credentials_csv.filter(|p| is_stdout(p)) {
        if std::io::stdout().is_terminal() {
            return Err(Error::OutputUnwritable {
                option: key("credentials_csv"),
                path: path.display().to_string(),
                message: "standard output is a terminal, where the passwords would stay on screen and in its scrollback; redirect it (> credentials.csv | your-command) or give a file".to_string(),
            }
            .into());
        }
    }
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
            bar.set_message(escape(&shown).into_owned());
            bar
        });
    let progress = |n: u64| {
        if let Some(bar) = &bar {
            bar.set_position(n);
        }
    };
    let control = Control {
        style: STYLE,
        cancel: Some(&cancel),
        progress: bar.as_ref().map(|_| &progress as &dyn Fn(u64)),
    };
    let mut out = ReportOut::new(args.output_to_stdout(credentials_csv));
    let held = {
        ScratchFile::create()
            .and_then(|mut scratch| {
                let writer = scratch
                    .file()
                    .try_clone()
                    .map_err(learner_destinations::Error::Io)?;
                Ok((scratch, writer))
            })
            .ok()
            .map(|(file, writer)| {
                let real = std::mem::replace(
                    &mut out.out,
                    BufWriter::new(Box::new(writer) as Box<dyn Write>),
                );
                (file, real)
            })
    };
    let limit = if args.quiet {
        Some(0)
    } else {
        match args.max_findings {
            Some(n) => Some(n as u64),
            // A person at a terminal reads a sample; a script or a file gets everything.
            None if out.terminal && !args.json => Some(SAMPLE_FINDINGS as u64),
            None => None,
        }
    };
    let mut listing = Listing {
        out,
        json: args.json,
        file: &shown,
        limit,
        listed: 0,
        seen: 0,
        started: false,
        closed: false,
        bar: bar.as_ref(),
        held,
    };
    let result = work(Input::path_or_stdin(&args.file), &mut listing, &control);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let host = match result {
        Ok(host) => host,
        Err(e) => {
            let mut e = failure(&shown, e);
            if listing.json && listing.started {
                // The findings listed so far, then the error: still one JSON document.
                listing.end_json(&json!({"error": e.to_json()})).ok();
                e.json_printed = true;
            } else {
                listing.release().ok();
            }
            return Err(e);
        }
    };
    let extra = extra(&host.run);
    print(&host.run, args, &mut listing, &extra);
    write_stdout_outputs(&host);
    Ok(if host.run.report.all_accepted() {
        crate::Outcome::Ok
    } else {
        crate::Outcome::Refused
    })
}

/// The outputs asked for as `-`, written to standard output after the report.
fn write_stdout_outputs(host: &HostRunReport) {
    let mut out = crate::term::stdout();
    for bytes in [
        &host.errors_csv,
        &host.errors_xlsx,
        &host.accepted_csv,
        &host.credentials_csv,
    ]
    .into_iter()
    .flatten()
    {
        // A closed stdout (piped into `head`) is quiet; another write error fails the command
        // at its end.
        if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
            crate::term::remember_failure(e);
            break;
        }
    }
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
        other => CliError::prefixed(shown, &other),
    }
}

/// Which reference lists a qualification upload was checked against, for `--json`.
#[derive(Debug, Clone, Copy, Serialize)]
struct ListsUsed<'a> {
    /// Where they came from (a file's sheets, a JSON file, or this library's defaults).
    source: &'a str,
    /// True for this library's defaults, not UCAS Progress's own lists.
    is_default: bool,
}

pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Ends the report: the JSON document's summary, or the human summary and `extra` lines. A
/// closed stdout (e.g. piped into `head`) is not an error worth reporting.
fn print(run: &RunReport, args: &UploadArgs, listing: &mut Listing<'_>, extra: &[String]) {
    let shown = args.shown();
    let shown = escape(&shown);
    let s = &run.report.summary;
    let (listed, seen) = (listing.listed, listing.seen);
    let left_out = seen.saturating_sub(listed);
    if args.json {
        let mut tail = Map::new();
        tail.insert("summary".into(), json!(s));
        tail.insert("truncated".into(), json!(left_out > 0));
        if let Some(l) = &run.qualification_lists {
            tail.insert(
                "qualification_lists".into(),
                json!(ListsUsed {
                    source: &l.source,
                    is_default: l.is_default,
                }),
            );
        }
        listing.end_json(&Value::Object(tail)).ok();
        return;
    }
    let out = &mut listing.out.out;
    let mut write = || -> std::io::Result<()> {
        if left_out > 0 && !args.quiet {
            if args.max_findings.is_some() {
                writeln!(out, "(showing the first {listed} of {seen} findings)")?;
            } else {
                writeln!(
                    out,
                    "... and {} not listed here (the first {} are): every finding is in --json, or list more with --max-findings N; --errors-csv PATH writes the rejected rows with their errors",
                    plural(left_out, "more finding", "more findings"),
                    listed,
                )?;
            }
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
        for (path, what, n) in [
            (&args.errors_csv, "rejected", s.rejected - s.duplicate_rows),
            (&args.errors_xlsx, "rejected", s.rejected - s.duplicate_rows),
            (&args.accepted_csv, "accepted", s.accepted),
        ] {
            match path {
                Some(p) if is_stdout(p) => writeln!(
                    out,
                    "{what} rows written to standard output ({})",
                    plural(n, "row", "rows")
                )?,
                Some(p) => writeln!(
                    out,
                    "{what} rows written to {} ({})",
                    escape(&p.display().to_string()),
                    plural(n, "row", "rows")
                )?,
                None => {}
            }
        }
        if s.duplicate_rows > 0 && (args.errors_csv.is_some() || args.errors_xlsx.is_some()) {
            writeln!(
                out,
                "{} rejected only as duplicates of earlier rows, left out of the errors file",
                plural(s.duplicate_rows, "row", "rows")
            )?;
        }
        for line in extra {
            writeln!(out, "{}", escape(line))?;
        }
        out.flush()
    };
    write().ok();
    listing.release().ok();
}
