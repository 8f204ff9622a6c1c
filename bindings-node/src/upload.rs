//! The glue every upload template shares: where an upload comes from ([`UploadSource`]), what
//! the caller wants kept or written ([`Outputs`]), running the core's engine over every row
//! ([`run`]) and the parts of a report that do not depend on the template (the summary,
//! rejected rows).
//!
//! Every source is opened as the CLI and the vector runner open theirs: CSV text is streamed,
//! and bytes that start as a workbook's (.xlsx, .xls, .xlsb, .ods) are read as a workbook
//! (`template::open_source`).
//!
//! A template module (`templates.rs` and `templates/`) adds only its options, its export row
//! type and its report type, and calls [`run`] (or [`run_with`]) with the core's `Upload`.

use crate::errors::{BindingError, Result, whole_u32};
use crate::findings::BindingFinding;
use crate::tasks::ToJs;
use learner_destinations::template::{
    AcceptedCsvWriter, AcceptedRow, ErrorsCsvWriter, Report, RowOutcome, RowSource, Summary,
    Template, Upload, UploadOptions,
};
use learner_destinations::{Finding, Severity};
use napi::bindgen_prelude::{
    Either3, Float64Array, FnArgs, Function, ToNapiValue, Uint8Array, Uint32Array, Unknown,
};
use napi::{Either, Env};
use napi_derive::napi;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// An upload given as an object: `{ path }` (a file to read: CSV or a workbook) or `{ text }`
/// (the CSV text itself). Exactly one of the two.
#[napi(object, js_name = "UploadSourceObject", object_to_js = false)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BindingUploadSourceObject {
    /// A file to read, as a plain string source is.
    pub path: Option<String>,
    /// The CSV (or tab-separated) text itself.
    pub text: Option<String>,
}

/// An upload: a path (a plain string is always a path, as in Node's `fs`), the file's bytes
/// (a `Buffer` or `Uint8Array`), `{ path }`, or `{ text }` for CSV text. A file or bytes may be
/// CSV or an Excel workbook (.xlsx, .xls, .xlsb, .ods), told apart by the first bytes.
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

    /// The file name to show for this source: a path's file name, else `fallback`.
    pub(crate) fn name_or(&self, fallback: &str) -> String {
        self.path().map_or_else(|| fallback.to_string(), file_name)
    }

    /// The path, for a file source.
    pub(crate) fn path(&self) -> Option<&str> {
        match self {
            Source::Path(p) => Some(p),
            Source::Bytes(_) | Source::Text(_) => None,
        }
    }

    /// The size of the upload in bytes, when known without reading it: the memory hint.
    pub(crate) fn size_hint(&self) -> Option<u64> {
        match self {
            Source::Path(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            Source::Bytes(bytes) => Some(bytes.len() as u64),
            Source::Text(text) => Some(text.len() as u64),
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

/// The file name of `path` (the path itself when it has none).
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// The parts of the options every template takes, as given from JavaScript.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CommonOptions {
    pub sheet: Option<String>,
    pub max_findings: Option<f64>,
    pub file_name: Option<String>,
    pub processed_at: Option<String>,
    pub keep_rows: Option<bool>,
    pub errors_csv_path: Option<String>,
    pub accepted_csv_path: Option<String>,
}

/// What the caller wants done with the rows besides counting them, and the sheet to read
/// from a workbook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Outputs {
    /// For a workbook: the sheet to read (`None`: the template's choice, else the first).
    pub sheet: Option<String>,
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
        let file_name = self.file_name.or_else(|| source.path().map(file_name));
        Ok((
            UploadOptions {
                max_findings,
                file_name,
                processed_at: self.processed_at,
                input_bytes: source.size_hint(),
            },
            Outputs {
                sheet: self.sheet,
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
    /// `'csv'`, or the workbook's format: `'xlsx'`, `'xls'`, `'xlsb'` or `'ods'`.
    pub format: String,
    /// The text encoding read: `'UTF-8'`, `'UTF-8 with BOM'`, `'UTF-16LE'`, `'UTF-16BE'` or
    /// `'Windows-1252'`; `null` for a workbook.
    pub encoding: Option<String>,
    /// `'comma'` or `'tab'`; `null` for a workbook.
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
///
/// The binding builds these objects in JavaScript from packed rows (see [`BUILD_SECTION`]);
/// the struct declares their TypeScript type.
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

/// What a run gives a template's report: the core's report, the header, the export columns,
/// the kept rows (packed) and the CSV files kept in memory.
#[derive(Debug)]
pub(crate) struct Ran {
    pub report: Report,
    pub header: Vec<String>,
    pub columns: Vec<String>,
    pub rows: PackedRows,
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
    fn write(&mut self, outcome: &mut RowOutcome<'_>) -> learner_destinations::Result<()> {
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

/// Checks every row of `upload`, keeping (packed, see [`PackedRows`]) and writing what `outputs`
/// asks for.
pub(crate) fn run<S, T>(upload: Upload<S, T>, outputs: &Outputs) -> Result<Ran>
where
    S: RowSource,
    T: Template,
{
    run_with(upload, outputs, |_| Ok(()))
}

/// As [`run`], also handing every accepted row to `on_accepted` (the learner import issues
/// credentials there). An error from it stops the run, and no output file is left behind.
pub(crate) fn run_with<S, T, F>(
    upload: Upload<S, T>,
    outputs: &Outputs,
    on_accepted: F,
) -> Result<Ran>
where
    S: RowSource,
    T: Template,
    F: FnMut(&mut AcceptedRow<'_>) -> learner_destinations::Result<()>,
{
    let mut on_accepted = on_accepted;
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

    let mut rows = PackedRows::new(outputs.keep_rows);
    let result = upload
        .run(|mut outcome| {
            if let RowOutcome::Accepted(row) = &mut outcome {
                on_accepted(row)?;
            }
            memory.write(&mut outcome)?;
            files.write(&mut outcome)?;
            rows.push(&mut outcome);
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
        rows,
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

/// Builds one list of a report in JavaScript from a [`Section`] and sets it as `report[name]`:
/// `kind` 0, findings; 1, rows made by `makeRow(row, str)` (accepted rows keyed by export
/// column, issued credentials); 2, rejected rows. Creating objects in a JavaScript loop is many
/// times faster than napi's conversion, which costs several calls per object: for the 80,000
/// findings of a million-row upload, a tenth of the run against a few per cent; for its 900,000
/// accepted rows, seconds against a fraction of one.
///
/// A section is strings (`texts`: chunks of at most [`CHUNK_UNITS`]; `starts`: where each chunk
/// starts; `ends`: where each string ends, in UTF-16 units counted over all chunks, as
/// JavaScript counts), `meta` (per finding: code and column indices into `table`, column
/// 0xffffffff for none, flags 1 = a value, 2 = an error) and `nums` (a finding's row, NaN for
/// none; a made row's number; a rejected row's number, cell count and finding count).
const BUILD_SECTION: &str = r#"(function (report, kind, name, table, makeRow, texts, starts, ends, meta, nums, count) {
  let c = 0
  let base = 0
  let text = texts.length > 0 ? texts[0] : ''
  let limit = starts.length > 1 ? starts[1] : Infinity
  let s = 0
  let pos = 0
  let m = 0
  let n = 0
  function str() {
    const end = ends[s++]
    if (end > limit) {
      c++
      base = starts[c]
      text = texts[c]
      limit = c + 1 < starts.length ? starts[c + 1] : Infinity
      pos = base
    }
    const out = text.slice(pos - base, end - base)
    pos = end
    return out
  }
  function finding() {
    const code = meta[m++]
    const column = meta[m++]
    const flags = meta[m++]
    const row = nums[n++]
    return {
      row: row === row ? row : null,
      column: column === 0xffffffff ? null : table[column],
      value: (flags & 1) === 1 ? str() : null,
      code: table[code],
      severity: (flags & 2) === 2 ? 'error' : 'warning',
      message: str(),
    }
  }
  const out = new Array(count)
  if (kind === 0) {
    for (let i = 0; i < count; i++) out[i] = finding()
  } else if (kind === 1) {
    for (let i = 0; i < count; i++) out[i] = makeRow(nums[n++], str)
  } else {
    for (let i = 0; i < count; i++) {
      const row = nums[n++]
      const cells = new Array(nums[n++])
      const findings = new Array(nums[n++])
      for (let j = 0; j < cells.length; j++) cells[j] = str()
      for (let j = 0; j < findings.length; j++) findings[j] = finding()
      out[i] = { row, cells, findings }
    }
  }
  report[name] = out
  return report
})"#;

/// The most UTF-16 units in one JavaScript string of a section (V8 refuses strings of 2^29
/// units or more).
const CHUNK_UNITS: usize = 1 << 28;

fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.encode_utf16().count()
    }
}

/// Codes and column names, once each.
#[derive(Debug, Default)]
pub(crate) struct Table {
    strings: Vec<String>,
    index: HashMap<String, u32>,
}

impl Table {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        // A report has a few dozen distinct codes and columns.
        let i = u32::try_from(self.strings.len()).unwrap_or(u32::MAX - 1);
        self.strings.push(s.to_string());
        self.index.insert(s.to_string(), i);
        i
    }
}

/// One list of a report, packed for [`BUILD_SECTION`].
#[derive(Debug, Default)]
pub(crate) struct Section {
    texts: Vec<String>,
    starts: Vec<f64>,
    ends: Vec<f64>,
    total: usize,
    meta: Vec<u32>,
    nums: Vec<f64>,
    count: u32,
}

impl Section {
    fn str(&mut self, s: &str) {
        let units = utf16_len(s);
        let in_chunk = self.total - self.starts.last().map_or(0, |&start| start as usize);
        if self.texts.is_empty() || (in_chunk > 0 && in_chunk + units > CHUNK_UNITS) {
            self.texts.push(String::new());
            self.starts.push(self.total as f64);
        }
        if let Some(text) = self.texts.last_mut() {
            text.push_str(s);
        }
        self.total += units;
        self.ends.push(self.total as f64);
    }

    fn finding(&mut self, f: &Finding, table: &mut Table) {
        let mut flags = 0;
        if f.value.is_some() {
            flags |= 1;
        }
        if f.severity == Severity::Error {
            flags |= 2;
        }
        let code = table.intern(f.code);
        let column = f.column.as_deref().map_or(u32::MAX, |c| table.intern(c));
        self.meta.extend([code, column, flags]);
        self.nums.push(f.row.map_or(f64::NAN, |r| r as f64));
        if let Some(value) = &f.value {
            self.str(value);
        }
        self.str(&f.message);
    }

    /// Adds a row made in JavaScript by `makeRow` (kind 1): its number and its values, in the
    /// order of the keys the list is made with.
    pub(crate) fn made_row<'a>(&mut self, row: u64, values: impl IntoIterator<Item = &'a str>) {
        self.nums.push(row as f64);
        for value in values {
            self.str(value);
        }
        self.count = self.count.saturating_add(1);
    }

    /// Sets `report[name]` (see [`BUILD_SECTION`]) and returns the report.
    fn attach<'env>(
        self,
        build: &Function<'env, BuildArgs<'env>, Unknown<'env>>,
        report: Unknown<'env>,
        kind: u32,
        name: &str,
        table: &[String],
        make_row: Unknown<'env>,
    ) -> napi::Result<Unknown<'env>> {
        build.call(FnArgs::from((
            report,
            kind,
            name.to_string(),
            table.to_vec(),
            make_row,
            self.texts,
            Float64Array::new(self.starts),
            Float64Array::new(self.ends),
            Uint32Array::new(self.meta),
            Float64Array::new(self.nums),
            self.count,
        )))
    }
}

/// The arguments of [`BUILD_SECTION`].
type BuildArgs<'a> = FnArgs<(
    Unknown<'a>,
    u32,
    String,
    Vec<String>,
    Unknown<'a>,
    Vec<String>,
    Float64Array,
    Float64Array,
    Uint32Array,
    Float64Array,
    u32,
)>;

/// The rows a run keeps (`keepRows`), packed as they are checked: accepted rows' export cells,
/// rejected rows' cells and findings.
#[derive(Debug, Default)]
pub(crate) struct PackedRows {
    table: Table,
    accepted: Option<Section>,
    rejected: Option<Section>,
}

impl PackedRows {
    fn new(keep: bool) -> Self {
        PackedRows {
            table: Table::default(),
            accepted: keep.then(Section::default),
            rejected: keep.then(Section::default),
        }
    }

    fn push(&mut self, outcome: &mut RowOutcome<'_>) {
        match outcome {
            RowOutcome::Accepted(row) => {
                if let Some(section) = self.accepted.as_mut() {
                    let number = row.row();
                    section.made_row(number, row.export().iter());
                }
            }
            RowOutcome::Rejected(row) => {
                if let Some(section) = self.rejected.as_mut() {
                    let cells = row.cells();
                    let findings = row.findings();
                    section.nums.extend([
                        row.row() as f64,
                        cells.len() as f64,
                        findings.len() as f64,
                    ]);
                    for cell in cells.iter() {
                        section.str(cell);
                    }
                    for f in findings {
                        section.finding(f, &mut self.table);
                    }
                    section.count += 1;
                }
            }
        }
    }
}

/// A list of a report built in JavaScript: its property name, its kind (see
/// [`BUILD_SECTION`]), the keys of its made rows and the packed section.
#[derive(Debug)]
struct Part {
    name: &'static str,
    kind: u32,
    keys: Vec<String>,
    section: Section,
}

/// A template's report, its findings and kept rows packed to be built in JavaScript
/// ([`BUILD_SECTION`]); the rest is converted by napi.
#[derive(Debug)]
pub struct PackedReport<R> {
    /// The report, with `findings` empty and the lists built in JavaScript `null`.
    report: R,
    table: Vec<String>,
    parts: Vec<Part>,
}

impl<R> PackedReport<R> {
    /// Packs `findings` (the report's) with the kept `rows`: `findings`, `accepted` (keyed by
    /// `columns`) and `rejected`.
    pub(crate) fn new(
        report: R,
        columns: Vec<String>,
        findings: &[Finding],
        rows: PackedRows,
    ) -> Self {
        let PackedRows {
            mut table,
            accepted,
            rejected,
        } = rows;
        let mut section = Section::default();
        for f in findings {
            section.finding(f, &mut table);
        }
        section.count = u32::try_from(findings.len()).unwrap_or(u32::MAX);
        let mut parts = vec![Part {
            name: "findings",
            kind: 0,
            keys: Vec::new(),
            section,
        }];
        if let Some(section) = accepted {
            parts.push(Part {
                name: "accepted",
                kind: 1,
                keys: columns,
                section,
            });
        }
        if let Some(section) = rejected {
            parts.push(Part {
                name: "rejected",
                kind: 2,
                keys: Vec::new(),
                section,
            });
        }
        PackedReport {
            report,
            table: table.strings,
            parts,
        }
    }

    /// Adds the list `report[name]` of rows made from `section` ([`Section::made_row`]), each
    /// `{ row, [key]: value, ... }` with `keys` in order.
    #[must_use]
    pub(crate) fn with_rows(mut self, name: &'static str, keys: &[&str], section: Section) -> Self {
        self.parts.push(Part {
            name,
            kind: 1,
            keys: keys.iter().map(|k| k.to_string()).collect(),
            section,
        });
        self
    }
}

/// `(function (row, str) { return { row, "UKPRN": str(), ... } })` for `keys`: an object
/// literal, so every row has the same shape (keys as JSON strings, which are JavaScript string
/// literals).
fn make_row_source(keys: &[String]) -> String {
    let keys: Vec<String> = keys
        .iter()
        .map(|c| format!("{}: str()", serde_json::Value::String(c.clone())))
        .collect();
    format!(
        "(function (row, str) {{ return {{ row: row, {} }} }})",
        keys.join(", ")
    )
}

impl<R: ToNapiValue + Send + 'static> ToJs for PackedReport<R> {
    fn to_js(self, env: &Env) -> napi::Result<Unknown<'_>> {
        let PackedReport {
            report,
            table,
            parts,
        } = self;
        let build: Function<'_, BuildArgs<'_>, Unknown<'_>> = env.run_script(BUILD_SECTION)?;
        let mut report = report.into_unknown(env)?;
        for part in parts {
            let make_row: Unknown<'_> = env.run_script(make_row_source(&part.keys))?;
            report = part
                .section
                .attach(&build, report, part.kind, part.name, &table, make_row)?;
        }
        Ok(report)
    }
}
