//! "Run this upload": the core's workflow on real inputs and outputs, once for every host.
//!
//! Each run, in order:
//! 1. opens the input (a path, standard input, bytes or a reader) without reading it;
//! 2. refuses, before a byte is read, an output that is the input (however spelled), two
//!    outputs naming one file, a folder at an output path or a missing folder
//!    ([`check_outputs`]);
//! 3. creates every file output as a temporary file in its folder ([`OutputFile`]; the
//!    credentials file owner-only, mode 0600 from its first byte), and in-memory buffers for the
//!    outputs the host wants as bytes;
//! 4. runs the core's workflow with today's date, the time, the input's name and size, the
//!    system's random source and the caller's cancel flag;
//! 5. puts every file output in place together ([`commit_all`]), only when the whole run
//!    succeeded and was not cancelled; otherwise nothing is left behind.
//!
//! ```no_run
//! use learner_destinations::codes::Schemes;
//! use learner_destinations::workflow::{DestinationsJob, KeyStyle};
//! use learner_destinations_host::upload::{Control, Input, Outputs, run_destinations};
//! use serde_json::json;
//! use std::path::Path;
//!
//! let job = DestinationsJob::from_value(
//!     json!({"ukprn": "10012345", "errors_csv": "errors.csv"}),
//!     KeyStyle::Snake,
//! )?;
//! let outputs = Outputs::from_job(&job.common.outputs);
//! let ran = run_destinations(
//!     Input::path(Path::new("upload.csv")),
//!     &job,
//!     &Schemes::builtin(),
//!     &outputs,
//!     None,
//!     &Control::default(),
//! )?;
//! println!("{} rows accepted", ran.run.report.summary.accepted);
//! # Ok::<(), learner_destinations::Error>(())
//! ```

use crate::output::{FileIdentity, OutputFile, Privacy, check_outputs, commit_all};
use crate::random::OsRandom;
use learner_destinations::codes::Schemes;
use learner_destinations::learners::LearnerLists;
use learner_destinations::workflow::{
    self, DestinationsJob, EnrolmentConflicts, KeyStyle, LearnersJob, QualificationResources,
    QualificationsJob, RowSink, RunContext, RunReport, Sinks,
};
use learner_destinations::{Error, Result};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

mod cells;
pub use cells::{run_destinations_cells, run_learners_cells, run_qualifications_cells};

/// Where an upload is read from.
pub struct Input<'a> {
    pub(crate) source: Source<'a>,
    /// Other files the run reads (a reference or exported file), refused as outputs too.
    pub(crate) others: Vec<FileIdentity>,
}

pub(crate) enum Source<'a> {
    Path(&'a Path),
    Stdin,
    Bytes(&'a [u8]),
    Reader(Box<dyn Read + 'a>),
}

impl std::fmt::Debug for Input<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.source {
            Source::Path(p) => f.debug_tuple("Input::Path").field(p).finish(),
            Source::Stdin => f.write_str("Input::Stdin"),
            Source::Bytes(b) => write!(f, "Input::Bytes({} bytes)", b.len()),
            Source::Reader(_) => f.write_str("Input::Reader"),
        }
    }
}

impl<'a> Input<'a> {
    /// A file.
    pub fn path(path: &'a Path) -> Self {
        Input {
            source: Source::Path(path),
            others: Vec::new(),
        }
    }

    /// `-` is standard input, anything else a file.
    pub fn path_or_stdin(path: &'a Path) -> Self {
        if path.as_os_str() == "-" {
            Input::stdin()
        } else {
            Input::path(path)
        }
    }

    /// Standard input (refused as an output's file when it is redirected from one).
    pub fn stdin() -> Self {
        Input {
            source: Source::Stdin,
            others: Vec::new(),
        }
    }

    /// Bytes the host already holds.
    pub fn bytes(bytes: &'a [u8]) -> Self {
        Input {
            source: Source::Bytes(bytes),
            others: Vec::new(),
        }
    }

    /// Also refuse as an output the file at `path` (another input of the run, such as the
    /// qualification upload's reference or exported file, read before the run): an output
    /// over it would replace it. A path with no file is ignored.
    #[must_use]
    pub fn guarding(mut self, path: &Path) -> Self {
        self.others.extend(FileIdentity::of_path(path));
        self
    }

    /// Any reader (a host's file object or stream).
    pub fn reader(reader: impl Read + 'a) -> Self {
        Input {
            source: Source::Reader(Box::new(reader)),
            others: Vec::new(),
        }
    }
}

/// What to do with one output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Output {
    /// Not written.
    #[default]
    None,
    /// Written to this file (put in place only when the run succeeds).
    File(PathBuf),
    /// Returned as bytes in the [`HostRunReport`].
    Memory,
    /// Written to a caller's stream (a host's writable stream): the run writes to a scratch
    /// file first, so a run that fails or is cancelled writes nothing to the stream, and
    /// copies it to the stream once the whole run succeeded, before the file outputs are put
    /// in place (a stream that fails then fails the run, and no file is put in place).
    Stream(OutputStream),
}

/// A caller's stream for an [`Output::Stream`], shared so that one [`Outputs`] can be cloned.
/// Two outputs given one stream are refused ([`Error::OutputsShareFile`]).
#[derive(Clone)]
pub struct OutputStream {
    writer: std::sync::Arc<std::sync::Mutex<Box<dyn Write + Send>>>,
    /// How the stream is named in messages (e.g. "a Writable").
    shown: String,
}

impl OutputStream {
    /// `writer` (whose `flush` is called once at the end: the stream is finished then),
    /// named `shown` in messages.
    pub fn new(writer: impl Write + Send + 'static, shown: impl Into<String>) -> Self {
        OutputStream {
            writer: std::sync::Arc::new(std::sync::Mutex::new(Box::new(writer))),
            shown: shown.into(),
        }
    }

    /// The whole of `spool` to the stream, then `flush`; a failure is [`Error::OutputUnwritable`]
    /// naming `option`.
    fn copy_from(&self, option: &str, spool: &mut std::fs::File) -> Result<()> {
        let unwritable = |e: std::io::Error| Error::OutputUnwritable {
            option: option.to_string(),
            path: self.shown.clone(),
            message: e.to_string(),
        };
        std::io::Seek::rewind(spool).map_err(unwritable)?;
        let mut writer = self.writer.lock().map_err(|_| Error::OutputUnwritable {
            option: option.to_string(),
            path: self.shown.clone(),
            message: "the stream failed in an earlier write".to_string(),
        })?;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = spool.read(&mut buf).map_err(unwritable)?;
            if n == 0 {
                break;
            }
            writer.write_all(&buf[..n]).map_err(unwritable)?;
        }
        writer.flush().map_err(unwritable)
    }
}

impl PartialEq for OutputStream {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.writer, &other.writer)
    }
}

impl Eq for OutputStream {}

impl std::fmt::Debug for OutputStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutputStream")
            .field("shown", &self.shown)
            .finish_non_exhaustive()
    }
}

impl Output {
    fn from_name(name: Option<&str>) -> Self {
        name.map_or(Output::None, |n| Output::File(PathBuf::from(n)))
    }
}

/// The outputs of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outputs {
    /// The errors file (rejected rows and their errors).
    pub errors_csv: Output,
    /// The errors workbook (the same rows; text columns, frozen header).
    pub errors_xlsx: Output,
    /// The export of accepted rows.
    pub accepted_csv: Output,
    /// The credentials file (learner imports issuing credentials); owner-only when a file.
    pub credentials_csv: Output,
}

impl Outputs {
    /// Every output the job names, as a file at that path.
    pub fn from_job(outputs: &workflow::Outputs) -> Self {
        Outputs {
            errors_csv: Output::from_name(outputs.errors_csv.as_deref()),
            errors_xlsx: Output::from_name(outputs.errors_xlsx.as_deref()),
            accepted_csv: Output::from_name(outputs.accepted_csv.as_deref()),
            credentials_csv: Output::from_name(outputs.credentials_csv.as_deref()),
        }
    }

    /// The outputs as the core placed them ([`workflow::UploadCommon::returned_outputs`], for
    /// a host that returns unnamed outputs in its report): a named one a file at that path, a
    /// returned one in memory.
    pub fn from_places(places: &workflow::OutputPlaces) -> Self {
        let output = |place: &workflow::OutputPlace| match place {
            workflow::OutputPlace::Unwritten => Output::None,
            workflow::OutputPlace::Named(name) => Output::File(PathBuf::from(name)),
            workflow::OutputPlace::Returned => Output::Memory,
        };
        Outputs {
            errors_csv: output(&places.errors_csv),
            errors_xlsx: output(&places.errors_xlsx),
            accepted_csv: output(&places.accepted_csv),
            credentials_csv: output(&places.credentials_csv),
        }
    }
}

/// How the caller takes part in a run besides its inputs and outputs.
#[derive(Default)]
pub struct Control<'a> {
    /// How the caller spells option names in messages (`errors_csv` or `errorsCsv`).
    pub style: KeyStyle,
    /// Asked every few thousand rows and once more before the outputs are put in place: true
    /// stops the run with [`Error::Cancelled`] and discards the outputs.
    pub cancel: Option<&'a dyn Fn() -> bool>,
    /// Told the bytes of the input read so far, as they are read.
    pub progress: Option<&'a dyn Fn(u64)>,
}

impl std::fmt::Debug for Control<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control")
            .field("style", &self.style)
            .field("cancel", &self.cancel.is_some())
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// A run's report, and the outputs asked for as [`Output::Memory`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostRunReport {
    /// The core's report.
    pub run: RunReport,
    /// The errors file's bytes, when asked for in memory.
    pub errors_csv: Option<Vec<u8>>,
    /// The errors workbook's bytes, when asked for in memory.
    pub errors_xlsx: Option<Vec<u8>>,
    /// The export's bytes, when asked for in memory.
    pub accepted_csv: Option<Vec<u8>>,
    /// The credentials file's bytes, when asked for in memory.
    pub credentials_csv: Option<Vec<u8>>,
}

/// Checks a destinations upload against `schemes` (see the module's steps).
pub fn run_destinations(
    input: Input<'_>,
    job: &DestinationsJob,
    schemes: &Schemes,
    outputs: &Outputs,
    rows: Option<&mut dyn RowSink>,
    control: &Control<'_>,
) -> Result<HostRunReport> {
    run(
        input,
        outputs,
        rows,
        control,
        |reader, ctx, sinks, known| match known {
            None => workflow::run_destinations(reader, job, schemes, ctx, sinks),
            Some(known) => {
                workflow::run_destinations_again(reader, job, schemes, known, ctx, sinks)
            }
        },
    )
}

/// Checks a learner import against `lists`, issuing credentials when the job asks (passwords
/// from the system's random source unless the job has a test `seed`).
pub fn run_learners(
    input: Input<'_>,
    job: &LearnersJob,
    lists: &LearnerLists,
    outputs: &Outputs,
    rows: Option<&mut dyn RowSink>,
    control: &Control<'_>,
) -> Result<HostRunReport> {
    run(input, outputs, rows, control, |reader, ctx, sinks, _| {
        workflow::run_learners(reader, job, lists, ctx, sinks)
    })
}

/// Checks a qualifications upload against `resources` (reference lists and exported learners,
/// already read: [`crate::input::read`] with [`crate::input::QUALIFICATION_REFERENCE`] and
/// [`crate::input::QUALIFICATION_EXPORT`]).
pub fn run_qualifications(
    input: Input<'_>,
    job: &QualificationsJob,
    resources: QualificationResources,
    outputs: &Outputs,
    rows: Option<&mut dyn RowSink>,
    control: &Control<'_>,
) -> Result<HostRunReport> {
    // The combinations are refused before anything is opened or read.
    resources.check(job, control.style)?;
    let style = control.style;
    run(input, outputs, rows, control, |reader, ctx, sinks, _| {
        workflow::run_qualifications(reader, job, resources.clone(), style, ctx, sinks)
    })
}

/// The input opened: its reader, its identity (to refuse it as an output), name and size, and
/// how to read it again (a destinations upload with rows in conflict is read twice).
struct Opened<'a> {
    reader: Box<dyn Read + 'a>,
    again: Again<'a>,
    identity: Option<FileIdentity>,
    name: Option<String>,
    size: Option<u64>,
}

fn open<'a>(input: Input<'a>) -> Result<(Opened<'a>, Vec<FileIdentity>)> {
    let opened = match input.source {
        Source::Path(path) => {
            let shown = path.display().to_string();
            let unreadable = |e: std::io::Error| Error::InputUnreadable {
                what: "upload".to_string(),
                path: shown.clone(),
                message: if e.kind() == std::io::ErrorKind::IsADirectory {
                    "it is a folder; give a file".to_string()
                } else {
                    e.to_string()
                },
                kind: e.kind(),
            };
            let file = std::fs::File::open(path).map_err(unreadable)?;
            let meta = file.metadata().map_err(unreadable)?;
            if meta.is_dir() {
                return Err(unreadable(std::io::ErrorKind::IsADirectory.into()));
            }
            Opened {
                again: Again::Path(path),
                identity: FileIdentity::of_file(&file),
                name: Some(
                    path.file_name()
                        .map_or(shown.clone(), |n| n.to_string_lossy().into_owned()),
                ),
                size: meta.is_file().then_some(meta.len()),
                reader: Box::new(file),
            }
        }
        Source::Stdin => Opened {
            reader: Box::new(std::io::stdin().lock()),
            again: Again::Spool,
            identity: FileIdentity::of_stdin(),
            name: None,
            size: None,
        },
        Source::Bytes(bytes) => Opened {
            reader: Box::new(bytes),
            again: Again::Bytes(bytes),
            identity: None,
            name: None,
            size: Some(bytes.len() as u64),
        },
        Source::Reader(reader) => Opened {
            reader,
            again: Again::Spool,
            identity: None,
            name: None,
            size: None,
        },
    };
    Ok((opened, input.others))
}

/// Refuses one stream given for two outputs (their bytes would interleave).
fn check_streams(outputs: &[(&str, &Output)]) -> Result<()> {
    for (i, (first, a)) in outputs.iter().enumerate() {
        let Output::Stream(a) = a else { continue };
        for (second, b) in &outputs[i + 1..] {
            if matches!(b, Output::Stream(b) if b == a) {
                return Err(Error::OutputsShareFile {
                    first: first.to_string(),
                    second: second.to_string(),
                    path: a.shown.clone(),
                });
            }
        }
    }
    Ok(())
}

/// How an input is read a second time.
enum Again<'a> {
    /// Opened again.
    Path(&'a Path),
    /// Read again.
    Bytes(&'a [u8]),
    /// Standard input or a caller's reader: copied, as it is read, to a temporary file (removed
    /// at once where the system allows, else when the run ends) that is read the second time.
    Spool,
}

/// A scratch file in the system's temporary folder, read and written, removed from the folder
/// at once on Unix (so nothing is left behind, whatever stops the process): for a host that
/// must hold output it may have to take back (the command line's streamed JSON report, when a
/// destinations upload is checked a second time).
#[derive(Debug)]
pub struct ScratchFile(Spool);

impl ScratchFile {
    /// A new, empty scratch file.
    pub fn create() -> Result<ScratchFile> {
        Spool::create().map(ScratchFile)
    }

    /// The open file, to write, truncate, rewind and read.
    pub fn file(&mut self) -> &mut std::fs::File {
        &mut self.0.file
    }
}

/// A temporary copy of a stream being read.
#[derive(Debug)]
struct Spool {
    file: std::fs::File,
    #[cfg_attr(unix, allow(dead_code))]
    path: PathBuf,
}

impl Spool {
    fn create() -> Result<Spool> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let host = |e: std::io::Error| Error::Host {
            message: format!(
                "could not make a temporary copy of the input in the system's temporary folder (needed to read it twice when rows conflict): {e}"
            ),
        };
        let dir = std::env::temp_dir();
        let mut tries = 0;
        loop {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let name = format!(
                ".destinations-input-{}-{}-{nanos:08x}.tmp",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            );
            let path = dir.join(name);
            let mut options = std::fs::OpenOptions::new();
            options.read(true).write(true).create_new(true);
            // Owner-only from the first byte: a spool may hold an output with passwords in it.
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&path) {
                Ok(file) => {
                    #[cfg(unix)]
                    let _ = std::fs::remove_file(&path);
                    return Ok(Spool { file, path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 16 => {
                    tries += 1;
                }
                Err(e) => return Err(host(e)),
            }
        }
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        #[cfg(not(unix))]
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A reader that copies what it reads to a [`Spool`].
struct Tee<'s, R> {
    inner: R,
    spool: &'s mut std::fs::File,
}

impl<R: Read> Read for Tee<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.spool.write_all(&buf[..n])?;
        Ok(n)
    }
}

/// A reader that tells the caller how far it got.
struct Progress<'a, R> {
    inner: R,
    read: u64,
    tell: &'a dyn Fn(u64),
}

impl<R: Read> Read for Progress<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        (self.tell)(self.read);
        Ok(n)
    }
}

/// One output being written.
enum Sink {
    None,
    File(OutputFile),
    Memory(Vec<u8>),
    /// A scratch file, copied to the stream when the run succeeded.
    Stream(Spool, OutputStream),
}

impl Sink {
    fn create(option: &str, output: &Output, privacy: Privacy) -> Result<Self> {
        Ok(match output {
            Output::None => Sink::None,
            Output::File(path) => Sink::File(OutputFile::create(option, path, privacy)?),
            Output::Memory => Sink::Memory(Vec::new()),
            Output::Stream(stream) => Sink::Stream(Spool::create()?, stream.clone()),
        })
    }

    fn writer(&mut self) -> Option<&mut dyn Write> {
        match self {
            Sink::None => None,
            Sink::File(f) => Some(f),
            Sink::Memory(v) => Some(v),
            Sink::Stream(spool, _) => Some(&mut spool.file),
        }
    }

    fn failure(&self) -> Option<Error> {
        match self {
            Sink::File(f) => f.failure(),
            _ => None,
        }
    }

    /// The file to commit, the stream to copy to, or the bytes to return.
    fn finish<'s>(
        self,
        option: &'s str,
        files: &mut Vec<OutputFile>,
        streams: &mut Vec<(&'s str, Spool, OutputStream)>,
    ) -> Option<Vec<u8>> {
        match self {
            Sink::None => None,
            Sink::File(f) => {
                files.push(f);
                None
            }
            Sink::Memory(v) => Some(v),
            Sink::Stream(spool, stream) => {
                streams.push((option, spool, stream));
                None
            }
        }
    }
}

fn run<'i, F>(
    input: Input<'i>,
    outputs: &Outputs,
    mut rows: Option<&mut dyn RowSink>,
    control: &Control<'_>,
    mut work: F,
) -> Result<HostRunReport>
where
    F: FnMut(
        &mut dyn Read,
        RunContext<'_>,
        Sinks<'_>,
        Option<&EnrolmentConflicts>,
    ) -> Result<RunReport>,
{
    // A panic the core catches in a damaged workbook's reader prints nothing.
    crate::panics::quiet_caught();
    let style = control.style;
    let errors_key = style.key("errors_csv");
    let errors_xlsx_key = style.key("errors_xlsx");
    let accepted_key = style.key("accepted_csv");
    let credentials_key = style.key("credentials_csv");
    let (opened, mut inputs) = open(input)?;
    let files: Vec<(&str, &Path)> = [
        (errors_key.as_str(), &outputs.errors_csv),
        (errors_xlsx_key.as_str(), &outputs.errors_xlsx),
        (accepted_key.as_str(), &outputs.accepted_csv),
        (credentials_key.as_str(), &outputs.credentials_csv),
    ]
    .into_iter()
    .filter_map(|(option, output)| match output {
        Output::File(path) => Some((option, path.as_path())),
        _ => None,
    })
    .collect();
    inputs.extend(opened.identity.iter().cloned());
    check_outputs(&inputs, &files)?;
    check_streams(&[
        (errors_key.as_str(), &outputs.errors_csv),
        (errors_xlsx_key.as_str(), &outputs.errors_xlsx),
        (accepted_key.as_str(), &outputs.accepted_csv),
        (credentials_key.as_str(), &outputs.credentials_csv),
    ])?;
    let Opened {
        reader,
        again,
        name,
        size,
        ..
    } = opened;
    let mut spool = match again {
        Again::Spool => Some(Spool::create()?),
        _ => None,
    };
    let mut random = OsRandom::new();
    let mut known: Option<EnrolmentConflicts> = None;
    let mut first_reader = Some(reader);
    // At most two passes: the second only when the first found rows of one enrolment in
    // conflict after handing the earlier ones out (destinations uploads).
    loop {
        let mut errors = Sink::create(&errors_key, &outputs.errors_csv, Privacy::Ordinary)?;
        let mut errors_book =
            Sink::create(&errors_xlsx_key, &outputs.errors_xlsx, Privacy::Ordinary)?;
        let mut accepted = Sink::create(&accepted_key, &outputs.accepted_csv, Privacy::Ordinary)?;
        let mut credentials = Sink::create(
            &credentials_key,
            &outputs.credentials_csv,
            Privacy::OwnerOnly,
        )?;
        let mut ctx = RunContext::new(crate::clock::today())
            .with_now(crate::clock::now_rfc3339())
            .with_random(&mut random)
            .with_style(style);
        if let Some(name) = name.clone() {
            ctx = ctx.with_input_name(name);
        }
        if let Some(size) = size {
            ctx = ctx.with_input_bytes(size);
        }
        if let Some(cancel) = control.cancel {
            ctx = ctx.with_cancel(cancel);
        }
        let base: Box<dyn Read + '_> = match first_reader.take() {
            Some(reader) => match spool.as_mut() {
                Some(spool) => Box::new(Tee {
                    inner: reader,
                    spool: &mut spool.file,
                }),
                None => reader,
            },
            None => match &again {
                Again::Path(path) => {
                    Box::new(
                        std::fs::File::open(path).map_err(|e| Error::InputUnreadable {
                            what: "upload".to_string(),
                            path: path.display().to_string(),
                            message: format!(
                                "it could not be opened again for the second pass: {e}"
                            ),
                            kind: e.kind(),
                        })?,
                    )
                }
                Again::Bytes(bytes) => Box::new(*bytes),
                Again::Spool => {
                    let file = &mut spool
                        .as_mut()
                        .ok_or_else(|| Error::Host {
                            message: "the input's temporary copy is missing".to_string(),
                        })?
                        .file;
                    std::io::Seek::rewind(file).map_err(|e| Error::Host {
                        message: format!("could not read the input's temporary copy again: {e}"),
                    })?;
                    Box::new(file)
                }
            },
        };
        let mut reader: Box<dyn Read + '_> = match control.progress {
            Some(tell) => Box::new(Progress {
                inner: base,
                read: 0,
                tell,
            }),
            None => base,
        };
        if known.is_some() {
            if let Some(sink) = rows.as_mut() {
                sink.restart()?;
            }
        }
        let sinks = Sinks {
            errors_csv: errors.writer(),
            errors_xlsx: errors_book.writer(),
            accepted_csv: accepted.writer(),
            credentials_csv: credentials.writer(),
            rows: rows.as_mut().map(|r| &mut **r as &mut dyn RowSink),
        };
        let result = work(&mut reader, ctx, sinks, known.as_ref());
        drop(reader);
        let mut run = match result {
            Ok(run) => run,
            // A write that failed is named by its output, not as a bare I/O error.
            Err(e) => {
                return Err([&errors, &errors_book, &accepted, &credentials]
                    .into_iter()
                    .find_map(Sink::failure)
                    .unwrap_or(e));
            }
        };
        if control.cancel.is_some_and(|cancel| cancel()) {
            return Err(Error::Cancelled {
                reason: "the caller asked the run to stop".to_string(),
            });
        }
        if let Some(conflicts) = run.conflicts.take() {
            if known.is_none() {
                // This pass's outputs are dropped (their temporary files removed).
                known = Some(conflicts);
                continue;
            }
        }
        let mut files = Vec::new();
        let mut streams = Vec::new();
        let errors_csv = errors.finish(&errors_key, &mut files, &mut streams);
        let errors_xlsx = errors_book.finish(&errors_xlsx_key, &mut files, &mut streams);
        let accepted_csv = accepted.finish(&accepted_key, &mut files, &mut streams);
        let credentials_csv = credentials.finish(&credentials_key, &mut files, &mut streams);
        // Streams first: one that fails fails the run before any file is put in place.
        for (option, mut spool, stream) in streams {
            stream.copy_from(option, &mut spool.file)?;
        }
        commit_all(files)?;
        return Ok(HostRunReport {
            run,
            errors_csv,
            errors_xlsx,
            accepted_csv,
            credentials_csv,
        });
    }
}
