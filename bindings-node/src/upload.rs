//! The glue every upload template shares: where an upload comes from ([`UploadSource`]), what
//! the caller wants kept or written ([`Outputs`]), running the core's engine over every row
//! ([`run`]) and the parts of a report that do not depend on the template (the summary,
//! rejected rows).
//!
//! A template module (`templates.rs`) adds only its options, its export row type and its
//! report type, and calls [`run`] with the core's `Upload`.

use crate::errors::{BindingError, Result, whole_u32};
use crate::findings::BindingFinding;
use learner_destinations::template::{
    AcceptedCsvWriter, AcceptedRow, ErrorsCsvWriter, Report, RowOutcome, RowSource, Summary,
    Template, Upload, UploadOptions,
};
use napi::Either;
use napi::bindgen_prelude::{Either3, Uint8Array};
use napi_derive::napi;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// An upload given as an object: `{ path }` (a file to read) or `{ text }` (the CSV text
/// itself). Exactly one of the two.
#[napi(object, js_name = "UploadSourceObject", object_to_js = false)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BindingUploadSourceObject {
    /// A file to read, as a plain string source is.
    pub path: Option<String>,
    /// The CSV (or tab-separated) text itself.
    pub text: Option<String>,
}

/// An upload: a path (a plain string is always a path, as in Node's `fs`), the file's bytes
/// (a `Buffer` or `Uint8Array`), `{ path }`, or `{ text }` for CSV text.
#[napi]
pub type UploadSource = Either3<String, Uint8Array, BindingUploadSourceObject>;

/// An upload source as napi reads it.
pub(crate) type SourceArg = UploadSource;

/// Where an upload comes from, read from an [`UploadSource`]. A plain string is a **path**, as in Node's `fs`; CSV text is
/// given as `{ text }` (or as bytes), so a string is never guessed to be one or the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// A file to read (streamed: memory does not grow with the file).
    Path(String),
    /// The file's bytes (any encoding the engine reads).
    Bytes(Vec<u8>),
    /// CSV text.
    Text(String),
}

impl Source {
    /// The source of a JavaScript argument. Bytes are copied, so the work can run off the
    /// JavaScript thread while the caller reuses its buffer.
    pub(crate) fn from_js(arg: SourceArg) -> Result<Source> {
        match arg {
            Either3::A(path) => Ok(Source::Path(path)),
            Either3::B(bytes) => Ok(Source::Bytes(bytes.to_vec())),
            Either3::C(BindingUploadSourceObject {
                path: Some(path),
                text: None,
            }) => Ok(Source::Path(path)),
            Either3::C(BindingUploadSourceObject {
                path: None,
                text: Some(text),
            }) => Ok(Source::Text(text)),
            Either3::C(_) => Err(BindingError::invalid_arg(
                "an upload source object has exactly one of `path` (a file to read) and `text` (the CSV text)",
            )),
        }
    }

    /// The path, for a file source.
    pub(crate) fn path(&self) -> Option<&str> {
        match self {
            Source::Path(p) => Some(p),
            Source::Bytes(_) | Source::Text(_) => None,
        }
    }

    /// Calls `work` with a reader of the upload's bytes.
    pub(crate) fn read_with<T>(&self, work: impl FnOnce(&mut dyn Read) -> Result<T>) -> Result<T> {
        match self {
            Source::Path(path) => {
                let mut file = File::open(path).map_err(|e| {
                    let hint = if path.contains('\n') || path.contains(',') {
                        " (a string is a path: give CSV text as { text })"
                    } else {
                        ""
                    };
                    BindingError::io(path, &e).at_end(hint)
                })?;
                work(&mut file)
            }
            Source::Bytes(bytes) => work(&mut bytes.as_slice()),
            Source::Text(text) => work(&mut text.as_bytes()),
        }
    }
}

/// The parts of the options every template takes, as given from JavaScript.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CommonOptions {
    pub max_findings: Option<f64>,
    pub file_name: Option<String>,
    pub processed_at: Option<String>,
    pub keep_rows: Option<bool>,
    pub errors_csv_path: Option<String>,
    pub accepted_csv_path: Option<String>,
}

/// What the caller wants done with the rows besides counting them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Outputs {
    /// Keep accepted rows, rejected rows and both CSV files in the report.
    pub keep_rows: bool,
    /// Write the errors file here.
    pub errors_csv_path: Option<String>,
    /// Write the export of accepted rows here.
    pub accepted_csv_path: Option<String>,
}

impl CommonOptions {
    /// The core's upload options and the outputs. The file name defaults to the file name of a
    /// path source, as in the CLI.
    pub(crate) fn split(self, source: &Source) -> Result<(UploadOptions, Outputs)> {
        let max_findings = self
            .max_findings
            .map(|n| whole_u32("maxFindings", n).map(|n| n as usize))
            .transpose()?;
        let file_name = self.file_name.or_else(|| {
            source.path().map(|p| {
                Path::new(p)
                    .file_name()
                    .map_or_else(|| p.to_string(), |n| n.to_string_lossy().into_owned())
            })
        });
        Ok((
            UploadOptions {
                max_findings,
                file_name,
                processed_at: self.processed_at,
            },
            Outputs {
                keep_rows: self.keep_rows.unwrap_or(true),
                errors_csv_path: self.errors_csv_path,
                accepted_csv_path: self.accepted_csv_path,
            },
        ))
    }
}

/// The counts of an upload, with what the caller said about it.
#[napi(
    object,
    js_name = "UploadSummary",
    use_nullable = true,
    object_from_js = false
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingUploadSummary {
    /// The template's name, e.g. `'destinations'`.
    pub template: String,
    /// The file name: `options.fileName`, else the file name of a path source, else `null`.
    pub file: Option<String>,
    /// `options.processedAt` as given, or `null` (the library reads no clock for it).
    pub processed_at: Option<String>,
    /// `'csv'`.
    pub format: String,
    /// The text encoding read: `'UTF-8'`, `'UTF-8 with BOM'`, `'UTF-16LE'`, `'UTF-16BE'` or
    /// `'Windows-1252'`.
    pub encoding: Option<String>,
    /// `'comma'` or `'tab'`.
    pub delimiter: Option<String>,
    /// Data rows: every row after the header that is not blank.
    pub rows: u32,
    /// Rows with no error finding (warnings allowed).
    pub accepted: u32,
    /// Rows with at least one error finding; `accepted + rejected === rows`.
    pub rejected: u32,
    /// Warning findings, file-level ones included (exact even when findings are truncated).
    pub warnings: u32,
    /// Error findings (exact even when findings are truncated).
    pub errors: u32,
    /// Blank rows skipped (the header excluded).
    pub blank_rows_skipped: u32,
}

/// A count for JavaScript: an upload has fewer than 2^32 rows (a file of that many rows is
/// beyond any spreadsheet and any portal); a larger count is shown as 2^32 - 1.
fn count(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<Summary> for BindingUploadSummary {
    fn from(s: Summary) -> Self {
        BindingUploadSummary {
            template: s.template.to_string(),
            file: s.file,
            processed_at: s.processed_at,
            format: s.format.to_string(),
            encoding: s.encoding.map(str::to_string),
            delimiter: s.delimiter.map(str::to_string),
            rows: count(s.rows),
            accepted: count(s.accepted),
            rejected: count(s.rejected),
            warnings: count(s.warnings),
            errors: count(s.errors),
            blank_rows_skipped: count(s.blank_rows_skipped),
        }
    }
}

/// A rejected row: its cells as read and every finding of the row.
#[napi(object, js_name = "RejectedRow", object_from_js = false)]
#[derive(Debug, Clone, PartialEq)]
pub struct BindingRejectedRow {
    /// The row as Excel shows it (header = 1).
    pub row: u32,
    /// The cells as read, in file order (a cell over 10,000 characters holds its start only).
    pub cells: Vec<String>,
    /// Every finding of the row, errors and warnings.
    pub findings: Vec<BindingFinding>,
}

/// The template-independent part of a report; a template's report adds its typed rows.
#[derive(Debug)]
pub(crate) struct Ran<Row> {
    pub report: Report,
    pub header: Vec<String>,
    pub columns: Vec<String>,
    pub accepted: Option<Vec<Row>>,
    pub rejected: Option<Vec<BindingRejectedRow>>,
    pub errors_csv: Option<String>,
    pub accepted_csv: Option<String>,
}

/// An output file written under a temporary name and renamed into place only when the whole
/// upload was checked, so a failed run leaves no half-written file behind (as the CLI does).
struct PendingFile {
    path: PathBuf,
    temp: PathBuf,
}

impl PendingFile {
    fn create(path: &str) -> Result<(PendingFile, BufWriter<File>)> {
        let path = PathBuf::from(path);
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".partial-{}", std::process::id()));
        let temp = path.with_file_name(name);
        let file =
            File::create(&temp).map_err(|e| BindingError::io(&path.to_string_lossy(), &e))?;
        Ok((PendingFile { path, temp }, BufWriter::new(file)))
    }

    fn commit(self) -> Result<()> {
        std::fs::rename(&self.temp, &self.path)
            .map_err(|e| BindingError::io(&self.path.to_string_lossy(), &e))
    }

    fn discard(self) {
        std::fs::remove_file(&self.temp).ok();
    }
}

fn utf8(bytes: Vec<u8>) -> String {
    // The writers write UTF-8 only; a lossy conversion never changes their output.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The writers of one run: in memory (kept rows) and to files (paths given).
struct Writers<W: Write> {
    errors: Option<ErrorsCsvWriter<W>>,
    accepted: Option<AcceptedCsvWriter<W>>,
}

impl<W: Write> Writers<W> {
    fn write(&mut self, outcome: &RowOutcome<'_>) -> learner_destinations::Result<()> {
        match outcome {
            RowOutcome::Accepted(row) => self.accepted.as_mut().map_or(Ok(()), |w| w.write(row)),
            RowOutcome::Rejected(row) => self.errors.as_mut().map_or(Ok(()), |w| w.write(row)),
        }
    }

    fn finish(self) -> learner_destinations::Result<(Option<W>, Option<W>)> {
        let errors = self.errors.map(ErrorsCsvWriter::finish).transpose()?;
        let accepted = self.accepted.map(AcceptedCsvWriter::finish).transpose()?;
        Ok((errors, accepted))
    }
}

/// Checks every row of `upload`, keeping and writing what `outputs` asks for; `to_row` turns an
/// accepted row into the template's export row type.
pub(crate) fn run<S, T, Row>(
    upload: Upload<S, T>,
    outputs: &Outputs,
    to_row: impl Fn(&AcceptedRow<'_>) -> Row,
) -> Result<Ran<Row>>
where
    S: RowSource,
    T: Template,
{
    let header = upload.header().to_vec();
    let columns = upload
        .spec()
        .export_columns
        .iter()
        .map(|c| c.to_string())
        .collect();

    let mut memory = Writers::<Vec<u8>> {
        errors: None,
        accepted: None,
    };
    if outputs.keep_rows {
        memory.errors = Some(ErrorsCsvWriter::new(Vec::new(), &upload)?);
        memory.accepted = Some(AcceptedCsvWriter::new(Vec::new(), &upload)?);
    }

    let mut pending = Vec::new();
    let mut files = Writers::<BufWriter<File>> {
        errors: None,
        accepted: None,
    };
    let opened = (|| -> Result<()> {
        if let Some(path) = &outputs.errors_csv_path {
            let (file, out) = PendingFile::create(path)?;
            pending.push(file);
            files.errors = Some(ErrorsCsvWriter::new(out, &upload)?);
        }
        if let Some(path) = &outputs.accepted_csv_path {
            let (file, out) = PendingFile::create(path)?;
            pending.push(file);
            files.accepted = Some(AcceptedCsvWriter::new(out, &upload)?);
        }
        Ok(())
    })();
    if let Err(e) = opened {
        pending.into_iter().for_each(PendingFile::discard);
        return Err(e);
    }

    let mut accepted = outputs.keep_rows.then(Vec::new);
    let mut rejected = outputs.keep_rows.then(Vec::new);
    let result = upload
        .run(|outcome| {
            memory.write(&outcome)?;
            files.write(&outcome)?;
            match &outcome {
                RowOutcome::Accepted(row) => {
                    if let Some(rows) = accepted.as_mut() {
                        rows.push(to_row(row));
                    }
                }
                RowOutcome::Rejected(row) => {
                    if let Some(rows) = rejected.as_mut() {
                        rows.push(BindingRejectedRow {
                            row: count(row.row()),
                            cells: row.cells().iter().map(str::to_string).collect(),
                            findings: row.findings().iter().cloned().map(Into::into).collect(),
                        });
                    }
                }
            }
            Ok(())
        })
        .and_then(|report| {
            let (errors_csv, accepted_csv) = memory.finish()?;
            let (errors_file, accepted_file) = files.finish()?;
            for file in [errors_file, accepted_file].into_iter().flatten() {
                file.into_inner()
                    .map_err(|e| learner_destinations::Error::Io(e.into_error()))?;
            }
            Ok((report, errors_csv, accepted_csv))
        });
    let (report, errors_csv, accepted_csv) = match result {
        Ok(done) => done,
        Err(e) => {
            pending.into_iter().for_each(PendingFile::discard);
            return Err(e.into());
        }
    };
    for file in pending {
        file.commit()?;
    }
    Ok(Ran {
        report,
        header,
        columns,
        accepted,
        rejected,
        errors_csv: errors_csv.map(utf8),
        accepted_csv: accepted_csv.map(utf8),
    })
}

/// A UKPRN option (a number or a string) for the core.
pub(crate) fn ukprn_option(
    given: Option<&Either<f64, String>>,
) -> Result<Option<learner_destinations::Ukprn>> {
    given
        .map(|u| {
            learner_destinations::Ukprn::parse(&crate::identifiers::ukprn_text(u))
                .map_err(|r| BindingError::from(r).at("ukprn"))
        })
        .transpose()
}
