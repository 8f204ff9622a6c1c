//! The glue every upload template shares: an upload run through the host layer
//! (`learner_destinations_host::upload`) with the rows kept for JavaScript ([`PackedRows`], the
//! run's `RowSink`), and the parts of a report that do not depend on the template (the summary,
//! rejected rows, the packed lists built in JavaScript).
//!
//! The binding decides nothing here: the core's workflow reads the options and runs the upload
//! (`learner_destinations::workflow`), and the host layer opens the input, refuses an output
//! that is the input or that two outputs share, writes the output files (atomic, exclusive,
//! never through a symlink; the credentials file 0600) and commits them only when the whole run
//! succeeded. An output not given a path is returned in memory (`report.errorsCsv`,
//! `report.acceptedCsv`) while accepted rows are kept (`keepAccepted`).
//!
//! A template module (`templates.rs` and `templates/`) adds its options (as plain data, see
//! [`crate::conversion`]), its export row type and its report type, and calls the host's run
//! with [`input`], [`outputs`], [`PackedRows`] and [`control`].

use crate::conversion::Source;
use crate::conversion::excerpt;
use crate::errors::BindingError;
use crate::errors::Result;
use crate::findings::BindingFinding;
use crate::packed::Packed;
use crate::stream::{Reporter, RunControl};
use crate::tasks::ToJs;
use learner_destinations::Error as CoreError;
use learner_destinations::template::{AcceptedRow, RejectedRow, Summary};
use learner_destinations::workflow::{KeyStyle, RowSink, UploadCommon};
use learner_destinations::{Finding, Severity};
use learner_destinations_host::upload::{
    Control, HostRunReport, Input, Output, OutputStream, Outputs,
};
use napi::Env;
use napi::bindgen_prelude::{
    Array, Buffer, Either3, Float64Array, FnArgs, Function, Null, ToNapiValue, Uint8Array,
    Uint32Array, Unknown,
};
use napi_derive::napi;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// An upload given as an object: `{ path }` (a file to read: CSV or a workbook) or `{ text }`
/// (the CSV text itself). Exactly one of the two. (The TypeScript type of a source: the
/// binding reads sources with [`crate::conversion::source`].)
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

/// The host's input for a source: a path is opened by the host (and compared with the outputs,
/// however spelled); bytes and text are read from memory.
/// A stream is handed over once, and read by the run off the JavaScript thread.
pub(crate) fn input(source: &mut Source) -> Input<'_> {
    match source {
        Source::Path(path) => Input::path(Path::new(path)),
        Source::Bytes(bytes) => Input::bytes(bytes),
        Source::Text(text) => Input::bytes(text.as_bytes()),
        Source::Stream(stream) => match stream.take() {
            Some(reader) => Input::reader(reader),
            None => Input::bytes(&[]),
        },
    }
}

/// The source of an upload function: a stream ([`crate::stream`]; only for the asynchronous
/// functions, whose run can wait for JavaScript to hand it chunks) or any other source
/// ([`crate::conversion::source`]).
pub(crate) fn upload_source<'env>(
    env: &'env Env,
    value: Unknown<'env>,
    asynchronous: bool,
    control: &RunControl,
) -> Result<Source> {
    if crate::stream::is_stream(env, &value)? {
        if !asynchronous {
            return Err(crate::conversion::invalid_option(
                "source",
                "is a stream, which only the asynchronous functions read (validateDestinations, not validateDestinationsSync); give a path or bytes here",
            ));
        }
        return Ok(Source::Stream(Some(crate::stream::stream(
            env,
            value,
            control.cancel.clone(),
        )?)));
    }
    crate::conversion::source(env, value, "source")
}

/// How the binding takes part in a run, with the caller's signal and progress callback: the
/// core's cancel callback reads the signal's flag; the progress callback is told the host's
/// bytes read and the rows handed to the row sink so far (`seen`), then once more at the end.
pub(crate) fn run_with<T>(
    run_control: &RunControl,
    seen: &std::cell::Cell<u64>,
    run: impl FnOnce(&Control<'_>) -> learner_destinations::Result<T>,
) -> learner_destinations::Result<T> {
    let reporter = Reporter::new(run_control);
    let read = std::cell::Cell::new(0u64);
    let cancel = || reporter.cancelled();
    let progress = |bytes: u64| {
        read.set(bytes);
        reporter.tell(bytes, seen.get(), false);
    };
    let mut control = control();
    if run_control.cancel.is_some() {
        control.cancel = Some(&cancel);
    }
    control.progress = Some(&progress);
    let out = run(&control);
    if out.is_ok() {
        reporter.tell(read.get(), seen.get(), true);
    }
    out
}

/// The host's outputs for a job: a stream for every output given one (`streams`), a file for
/// every output the job names; the others in memory, for the report, while accepted rows are
/// kept (`keepAccepted`, the core's default: true). The credentials are kept as rows
/// ([`PackedRows`]), and written only to a file or stream named.
pub(crate) fn outputs(common: &UploadCommon, streams: &crate::sink::StreamOutputs) -> Outputs {
    let kept = if common.keep_accepted {
        Output::Memory
    } else {
        Output::None
    };
    let pick = |stream: &Option<OutputStream>, name: &Option<String>, otherwise: &Output| match (
        stream, name,
    ) {
        (Some(s), _) => Output::Stream(s.clone()),
        (None, Some(n)) => Output::File(PathBuf::from(n)),
        (None, None) => otherwise.clone(),
    };
    let named = &common.outputs;
    Outputs {
        errors_csv: pick(&streams.errors_csv, &named.errors_csv, &kept),
        errors_xlsx: pick(&streams.errors_xlsx, &named.errors_xlsx, &Output::None),
        accepted_csv: pick(&streams.accepted_csv, &named.accepted_csv, &kept),
        credentials_csv: pick(
            &streams.credentials_csv,
            &named.credentials_csv,
            &Output::None,
        ),
    }
}

/// How the binding takes part in a run: options named in camelCase in every message.
pub(crate) fn control() -> Control<'static> {
    Control {
        style: KeyStyle::Camel,
        ..Control::default()
    }
}

/// A run's failure as thrown: paths in it cut to [`learner_destinations::limits::ECHO_LIMIT`] characters,
/// and, when a plain string (always a path) that looks like CSV text cannot be read, how to
/// give CSV text.
pub(crate) fn failure(source: &Source) -> impl Fn(CoreError) -> BindingError + '_ {
    move |e| {
        let e = match e {
            CoreError::InputUnreadable {
                what,
                path,
                message,
                kind,
            } => CoreError::InputUnreadable {
                what,
                path: excerpt(&path),
                message,
                kind,
            },
            CoreError::OutputIsInput { option, path } => CoreError::OutputIsInput {
                option,
                path: excerpt(&path),
            },
            CoreError::OutputsShareFile {
                first,
                second,
                path,
            } => CoreError::OutputsShareFile {
                first,
                second,
                path: excerpt(&path),
            },
            CoreError::OutputUnwritable {
                option,
                path,
                message,
            } => CoreError::OutputUnwritable {
                option,
                path: excerpt(&path),
                message,
            },
            other => other,
        };
        let looks_like_text = source
            .path()
            .is_some_and(|p| p.contains('\n') || p.contains(','));
        let hint = if looks_like_text && e.code() == "input_unreadable" {
            " (a string is a path: give CSV text as { text })"
        } else {
            ""
        };
        BindingError::from(e).at_end(hint)
    }
}

/// The report's `file`: the path of a path source, else the summary's file name.
pub(crate) fn report_file(source: &Source, ran: &HostRunReport) -> Option<String> {
    source
        .path()
        .map(str::to_string)
        .or_else(|| ran.run.report.summary.file.clone())
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
    /// Rejected rows whose only errors say they repeat an earlier row: left out of the errors
    /// file, so a corrected errors file uploaded on its own cannot bring them in.
    pub duplicate_rows: u32,
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
            duplicate_rows: count(s.duplicate_rows),
        }
    }
}

/// A rejected row: its cells as read and every finding of the row.
///
/// The binding builds these objects in JavaScript from packed rows (see [`BUILD_REPORT`]);
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

/// Builds a report's lists in JavaScript (`src/js/report.js`), called with the report, its
/// parts, its in-memory files and whether to build in slices of time: findings and rejected
/// rows become arrays (kind 0 and 2), accepted rows and issued credentials an `UploadRows`
/// (kind 1) whose rows are made only when asked for (by batch, by index or all at once), and
/// the errors file and the export strings decoded from their bytes when first read.
///
/// Creating objects in a JavaScript loop is many times faster than napi's conversion, which
/// costs several calls per object; making a million accepted rows at all, even so, takes
/// seconds and gigabytes, so they are left packed until asked for. The asynchronous functions
/// build the arrays a few milliseconds at a time between turns of the event loop (`sliced`),
/// so no turn is held for long.
///
/// A units section is strings (`texts`: chunks of at most [`CHUNK_UNITS`], as UTF-8 `Buffer`s decoded when first read; `starts`: where
/// each chunk starts; `ends`: where each string ends, in UTF-16 units counted over all chunks,
/// as JavaScript counts), `meta` (per finding: code and column indices into `table`, column
/// 0xffffffff for none, flags 1 = a value, 2 = an error) and `nums` (a finding's row, NaN for
/// none; a rejected row's number, cell count and finding count). A bytes section (made rows)
/// is one `Buffer` of UTF-8 with `ends` in bytes and `nums` each row's number.
const BUILD_REPORT: &str = include_str!("js/report.js");

/// The most UTF-16 units in one chunk of a section's text. Each chunk crosses to JavaScript as
/// UTF-8 bytes (a `Buffer` over the binding's own memory, no copy) and is decoded into a string
/// only when the builder first reads from it, a slice of time at a time: decoding the text of
/// 80,000 findings and rejected rows at once (tens of megabytes, not all ASCII) held the event
/// loop for tens of milliseconds when the promise settled. A chunk of 2^20 units decodes in a
/// millisecond or two.
const CHUNK_UNITS: usize = 1 << 20;

/// Files of at least this many bytes (an errors file or export of a large upload) are handed
/// to JavaScript as a [`Packed`] and decoded when first read; smaller ones as a `Buffer`,
/// decoded at once (`js/report.js`).
const LAZY_FILE_BYTES: usize = 1 << 20;

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

/// One list of a report, packed for [`BUILD_REPORT`]: in UTF-16 units (findings, rejected
/// rows) or in bytes (made rows, left packed in an `UploadRows`).
#[derive(Debug, Default)]
pub(crate) struct Section {
    bytes_mode: bool,
    texts: Vec<String>,
    bytes: Vec<u8>,
    starts: Vec<f64>,
    ends: Vec<f64>,
    total: usize,
    meta: Vec<u32>,
    nums: Vec<f64>,
    count: u32,
}

impl Section {
    /// A section of made rows (kind 1), kept as UTF-8 bytes.
    fn of_bytes() -> Self {
        Section {
            bytes_mode: true,
            ..Section::default()
        }
    }

    fn str(&mut self, s: &str) {
        if self.bytes_mode {
            self.bytes.extend_from_slice(s.as_bytes());
            self.ends.push(self.bytes.len() as f64);
            return;
        }
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

    /// The part's array for [`BUILD_REPORT`]: `[name, kind, table or keys, makeRow, texts or
    /// bytes, starts, ends, meta, nums, count]`. The typed arrays and the bytes are handed over
    /// without a copy.
    fn into_js<'env>(
        self,
        env: &'env Env,
        name: &str,
        kind: u32,
        names: Vec<String>,
        make_row: Unknown<'env>,
    ) -> napi::Result<Array<'env>> {
        let mut part = env.create_array(10)?;
        part.set(0, name)?;
        part.set(1, kind)?;
        part.set(2, names)?;
        part.set(3, make_row)?;
        if self.bytes_mode {
            // Read a batch at a time, and freed off the JavaScript thread (see `packed`).
            part.set(4, Packed::new(self.bytes, self.ends, self.nums))?;
            part.set(9, self.count)?;
            return Ok(part);
        } else {
            let mut texts = env.create_array(0)?;
            for text in self.texts {
                texts.insert(Buffer::from(text.into_bytes()))?;
            }
            part.set(4, texts)?;
        }
        part.set(5, Float64Array::new(self.starts))?;
        part.set(6, Float64Array::new(self.ends))?;
        part.set(7, Uint32Array::new(self.meta))?;
        part.set(8, Float64Array::new(self.nums))?;
        part.set(9, self.count)?;
        Ok(part)
    }
}

/// The rows a run keeps, packed as the core hands them over (this is the run's `RowSink`):
/// accepted rows' export cells (the core hands them only while `keepAccepted`), rejected rows'
/// cells and findings, and the credentials issued.
#[derive(Debug, Default)]
pub(crate) struct PackedRows {
    /// Rows handed over so far (for the progress callback).
    pub(crate) seen: std::rc::Rc<std::cell::Cell<u64>>,
    table: Table,
    accepted: Option<Section>,
    rejected: Section,
    credentials: Option<Section>,
}

impl PackedRows {
    /// Room for accepted rows when `keep_accepted`, for credentials when `credentials`.
    pub(crate) fn new(keep_accepted: bool, credentials: bool) -> Self {
        PackedRows {
            seen: std::rc::Rc::default(),
            table: Table::default(),
            accepted: keep_accepted.then(Section::of_bytes),
            rejected: Section::default(),
            credentials: credentials.then(Section::of_bytes),
        }
    }
}

impl RowSink for PackedRows {
    fn accepted(&mut self, row: &mut AcceptedRow<'_>) -> learner_destinations::Result<()> {
        self.seen.set(self.seen.get() + 1);
        if let Some(section) = self.accepted.as_mut() {
            let number = row.row();
            section.made_row(number, row.export().iter());
        }
        Ok(())
    }

    fn rejected(&mut self, row: &RejectedRow<'_>) -> learner_destinations::Result<()> {
        self.seen.set(self.seen.get() + 1);
        let section = &mut self.rejected;
        let cells = row.cells();
        let findings = row.findings();
        section
            .nums
            .extend([row.row() as f64, cells.len() as f64, findings.len() as f64]);
        for cell in cells.iter() {
            section.str(cell);
        }
        for f in findings {
            section.finding(f, &mut self.table);
        }
        section.count = section.count.saturating_add(1);
        Ok(())
    }

    fn credentials(&mut self, row: u64, cells: &[String; 9]) -> learner_destinations::Result<()> {
        if let Some(section) = self.credentials.as_mut() {
            section.made_row(row, cells.iter().map(String::as_str));
        }
        Ok(())
    }

    fn restart(&mut self) -> learner_destinations::Result<()> {
        *self = PackedRows::new(self.accepted.is_some(), self.credentials.is_some());
        Ok(())
    }
}

/// A list of a report built in JavaScript: its property name, its kind (see
/// [`BUILD_REPORT`]), the keys of its made rows and the packed section.
#[derive(Debug)]
struct Part {
    name: &'static str,
    kind: u32,
    keys: Vec<String>,
    section: Section,
}

/// A template's report, its findings and kept rows packed to be built in JavaScript
/// ([`BUILD_REPORT`]); the rest is converted by napi.
#[derive(Debug)]
pub struct PackedReport<R> {
    /// The report, with `findings` empty and the lists built in JavaScript `null`.
    report: R,
    table: Vec<String>,
    parts: Vec<Part>,
    /// The in-memory files (`errorsCsv`, `acceptedCsv`), as bytes: `None` is `null`.
    files: Vec<(&'static str, Option<Vec<u8>>)>,
}

impl<R> PackedReport<R> {
    /// Packs `findings` (the report's) with the kept `rows`: `findings`, `accepted` (keyed by
    /// `columns`; `null` when accepted rows were not kept), `rejected` and, when credentials
    /// were issued, `credentials` (keyed by `credential_keys`).
    pub(crate) fn new(
        report: R,
        columns: Vec<String>,
        findings: &[Finding],
        rows: PackedRows,
        credential_keys: &[&str],
        files: Vec<(&'static str, Option<Vec<u8>>)>,
    ) -> Self {
        let PackedRows {
            seen: _,
            mut table,
            accepted,
            rejected,
            credentials,
        } = rows;
        let mut section = Section::default();
        for f in findings {
            section.finding(f, &mut table);
        }
        section.count = u32::try_from(findings.len()).unwrap_or(u32::MAX);
        let mut parts = vec![
            Part {
                name: "findings",
                kind: 0,
                keys: Vec::new(),
                section,
            },
            Part {
                name: "rejected",
                kind: 2,
                keys: Vec::new(),
                section: rejected,
            },
        ];
        if let Some(section) = accepted {
            parts.push(Part {
                name: "accepted",
                kind: 1,
                keys: columns,
                section,
            });
        }
        if let Some(section) = credentials {
            parts.push(Part {
                name: "credentials",
                kind: 1,
                keys: credential_keys.iter().map(|k| k.to_string()).collect(),
                section,
            });
        }
        PackedReport {
            report,
            table: table.strings,
            parts,
            files,
        }
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
    fn to_js(self, env: &Env, sliced: bool) -> napi::Result<Unknown<'_>> {
        let PackedReport {
            report,
            table,
            parts,
            files,
        } = self;
        let build: Function<'_, BuildArgs<'_>, Unknown<'_>> = env.run_script(BUILD_REPORT)?;
        let report = report.into_unknown(env)?;
        let mut js_parts = env.create_array(0)?;
        for part in parts {
            let make_row: Unknown<'_> = env.run_script(make_row_source(&part.keys))?;
            let names = if part.kind == 1 {
                part.keys
            } else {
                table.clone()
            };
            js_parts.insert(
                part.section
                    .into_js(env, part.name, part.kind, names, make_row)?,
            )?;
        }
        let mut js_files = env.create_array(0)?;
        for (name, bytes) in files {
            let mut pair = env.create_array(2)?;
            pair.set(0, name)?;
            match bytes {
                // A large file is read when first asked for, from memory freed off the
                // JavaScript thread (see `packed`).
                Some(b) if b.len() >= LAZY_FILE_BYTES => {
                    pair.set(1, Packed::new(b, Vec::new(), Vec::new()))?
                }
                Some(b) => pair.set(1, Buffer::from(b))?,
                None => pair.set(1, Null)?,
            }
            js_files.insert(pair)?;
        }
        let error_class = crate::entry::error_class(env)?;
        build.call(FnArgs::from((
            report,
            js_parts,
            js_files,
            sliced,
            error_class,
        )))
    }
}

/// The arguments of [`BUILD_REPORT`].
type BuildArgs<'a> = FnArgs<(Unknown<'a>, Array<'a>, Array<'a>, bool, Unknown<'a>)>;
