//! Upload templates: `validate_destinations`, `validate_learners` and `validate_qualifications`
//! check an upload (CSV or a workbook) row by row (every problem found in one pass) and return
//! an [`UploadResult`] holding the summary, the findings, the accepted rows, the errors file and,
//! for learners, the credentials issued; `template_csv` and `template_xlsx` give the empty
//! templates.
//!
//! Every template runs the same way ([`run`]): arguments are converted while attached, then the
//! file is read and checked inside `py.detach` (CSV streamed from the [`Source`], a workbook read
//! whole by `open_source`), keeping what the result needs ([`keep`]): the report, the accepted
//! rows' export cells (in one buffer), the rejected rows' findings and the errors file (written
//! by the core as rows are rejected). The export file is written from the kept rows when asked
//! (`write_accepted_csv`), by the core's writer (`AcceptedCsvWriter::write_cells`).
//!
//! With `accepted_csv=PATH`, the export is also written to that file as rows are accepted
//! ([`ExportFile`]), as the command's `--accepted-csv` does, kept rows or not.
//!
//! A new template is one function: convert its options, then
//! `run(py, common, |reader, sheet, upload_options, keeping| ...)` opens the upload
//! (`open_source(reader, sheet)` and `Upload::new`, or the template's own opener) and passes it
//! to `keep`.

use crate::arguments::{DateArg, UkprnArg, date_or_today, type_name};
use crate::codes::PySchemes;
use crate::errors::py_err;
use crate::findings::PyFinding;
use crate::learners::{OsRandom, PyLearnerLists};
use crate::qualifications::{PyExportedLearners, PyQualificationLists};
use crate::records::schemes_or_builtin;
use crate::repr::{quoted_list, quoted_opt};
use crate::source::{Sink, Source, SourceReader, cannot_write};
use learner_destinations::learners::{CREDENTIALS_COLUMNS, CredentialsIssuer};
use learner_destinations::qualifications::{ExportedLearners, QualificationLists};
use learner_destinations::template::destinations::{DestinationsOptions, DestinationsTemplate};
use learner_destinations::template::download::{
    DownloadLists, TemplateKind, template_csv, template_xlsx,
};
use learner_destinations::template::learners::{self, LearnersOptions, LearnersTemplate};
use learner_destinations::template::qualifications::{
    QualificationsOptions, open_upload, read_export,
};
use learner_destinations::template::{
    AcceptedCsvWriter, AcceptedRow, ErrorsCsvWriter, Fields, Report, RowOutcome, Summary, Template,
    Upload, UploadOptions, open_source,
};
use learner_destinations::{Error, Finding};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

/// What a pass keeps besides the report, and the export file it writes as it goes.
#[derive(Debug)]
struct Keeping {
    /// Keep the accepted rows' export cells (`keep_accepted`).
    accepted: bool,
    /// Where to write the export during the pass (`accepted_csv`), opened by [`run`].
    accepted_csv: Option<PathBuf>,
    /// The export file, once opened.
    file: Option<ExportFile>,
}

/// The export file written during a pass: buffered, and remembering why a write failed, so
/// that the failure is reported against this file rather than the upload being read.
#[derive(Debug)]
struct ExportFile {
    out: std::io::BufWriter<std::fs::File>,
    failure: Option<String>,
}

impl Write for ExportFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf).inspect_err(|e| {
            self.failure.get_or_insert_with(|| e.to_string());
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush().inspect_err(|e| {
            self.failure.get_or_insert_with(|| e.to_string());
        })
    }
}

/// What one pass over an upload keeps.
#[derive(Debug)]
struct Kept {
    report: Report,
    /// The accepted rows were kept (`keep_accepted`); otherwise `accepted_cells` is empty.
    accepted_kept: bool,
    /// The export's column names.
    columns: &'static [&'static str],
    /// The accepted rows' numbers, as Excel shows them.
    accepted_rows: Vec<u64>,
    /// The accepted rows' export cells, row after row (`columns.len()` per row).
    accepted_cells: Fields,
    /// The rejected rows: number and every finding of the row.
    rejected: Vec<(u64, Vec<Finding>)>,
    /// The errors file, written by the core during the pass.
    errors_csv: Vec<u8>,
    /// The credentials issued to the accepted learners (`validate_learners(credentials=True)`),
    /// one row of `CREDENTIALS_COLUMNS` per accepted row.
    credentials: Option<Vec<[String; 9]>>,
    /// Where the qualification upload's reference lists came from, and whether they are this
    /// library's defaults.
    lists_source: Option<(String, bool)>,
}

/// Issues credentials to accepted learners during the pass.
struct Issuing {
    issuer: CredentialsIssuer,
    rng: OsRandom,
    created_on: chrono::NaiveDate,
    rows: Vec<[String; 9]>,
}

impl Issuing {
    fn issue(&mut self, row: &mut AcceptedRow<'_>) -> learner_destinations::Result<()> {
        let export = row.export();
        let first = export.get(learners::FIRST_NAME).unwrap_or_default();
        let last = export.get(learners::LAST_NAME).unwrap_or_default();
        let issued = self.issuer.issue(first, last, &mut self.rng);
        if self.rng.failure.is_some() {
            // Stops the pass; `run` raises OSError for it.
            return Err(Error::Io(std::io::Error::other("random generator failed")));
        }
        self.rows
            .push(learners::credentials_row(row, &issued, self.created_on));
        Ok(())
    }
}

/// Runs `upload`, keeping the accepted rows (unless `!keep_accepted`), the rejected rows'
/// findings and the errors file, and issuing credentials when `issuing` is given.
fn keep<S, T>(
    upload: Upload<S, T>,
    keeping: &mut Keeping,
    mut issuing: Option<&mut Issuing>,
) -> learner_destinations::Result<Kept>
where
    S: learner_destinations::template::RowSource,
    T: Template,
{
    let keep_accepted = keeping.accepted;
    let columns = upload.spec().export_columns;
    let mut errors = ErrorsCsvWriter::new(Vec::new(), &upload)?;
    let mut export = match keeping.file.as_mut() {
        Some(file) => Some(AcceptedCsvWriter::new(file, &upload)?),
        None => None,
    };
    let mut accepted_rows = Vec::new();
    let mut accepted_cells = Fields::new();
    let mut rejected = Vec::new();
    let report = upload.run(|outcome| match outcome {
        RowOutcome::Accepted(mut row) => {
            if let Some(issuing) = issuing.as_deref_mut() {
                issuing.issue(&mut row)?;
            }
            if let Some(export) = export.as_mut() {
                export.write(&mut row)?;
            }
            if keep_accepted {
                accepted_rows.push(row.row());
                for cell in row.export().iter() {
                    accepted_cells.push(cell);
                }
            }
            Ok(())
        }
        RowOutcome::Rejected(row) => {
            rejected.push((row.row(), row.findings().to_vec()));
            errors.write(&row)
        }
    })?;
    if let Some(export) = export {
        export.finish()?.flush().map_err(Error::Io)?;
    }
    Ok(Kept {
        report,
        accepted_kept: keep_accepted,
        columns,
        accepted_rows,
        accepted_cells,
        rejected,
        errors_csv: errors.finish()?,
        credentials: None,
        lists_source: None,
    })
}

/// The arguments every template takes besides its own options.
#[derive(Debug)]
struct Common {
    source: Source,
    sheet: Option<String>,
    as_of: chrono::NaiveDate,
    upload_options: UploadOptions,
    keeping: Keeping,
}

impl Common {
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        sheet: Option<String>,
        as_of: Option<DateArg>,
        max_findings: Option<usize>,
        file_name: Option<String>,
        processed_at: Option<&Bound<'_, PyAny>>,
        keep_accepted: bool,
        accepted_csv: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Common> {
        let accepted_csv = accepted_csv
            .map(|p| {
                p.extract::<PathBuf>().map_err(|_| {
                    pyo3::exceptions::PyTypeError::new_err(format!(
                        "accepted_csv takes a path (str or os.PathLike), not {}; to write to a file object, validate and then call write_accepted_csv",
                        type_name(p)
                    ))
                })
            })
            .transpose()?;
        let source = Source::from_py(source, None, "upload")?;
        let input_bytes = source.size_hint();
        let shown_name = file_name.or_else(|| source.has_name().then(|| source.file_name()));
        let processed_at = match processed_at {
            None => None,
            Some(p) if p.is_instance_of::<PyString>() => Some(p.extract::<String>()?),
            Some(p) => Some(p.call_method0("isoformat")?.extract::<String>()?),
        };
        Ok(Common {
            source,
            sheet,
            as_of: date_or_today(py, as_of)?,
            upload_options: UploadOptions {
                max_findings,
                file_name: shown_name,
                processed_at,
                input_bytes,
            },
            keeping: Keeping {
                accepted: keep_accepted,
                accepted_csv,
                file: None,
            },
        })
    }
}

/// Checks `common.source` with the GIL released: `check` opens the upload from a reader (CSV or
/// a workbook, through `open_source`) and keeps what the result needs.
fn run<F>(py: Python<'_>, common: Common, check: F) -> PyResult<PyUploadResult>
where
    F: for<'r, 's> FnOnce(
            &'r mut SourceReader<'s>,
            Option<&str>,
            UploadOptions,
            &mut Keeping,
        ) -> learner_destinations::Result<Kept>
        + Send,
{
    let Common {
        source,
        sheet,
        upload_options,
        mut keeping,
        ..
    } = common;
    let kept = py.detach(|| -> PyResult<Kept> {
        if let Some(path) = &keeping.accepted_csv {
            let file = std::fs::File::create(path).map_err(|e| cannot_write(path, e, "io"))?;
            keeping.file = Some(ExportFile {
                out: std::io::BufWriter::with_capacity(1 << 20, file),
                failure: None,
            });
        }
        let mut reader = source.reader()?;
        let kept = check(&mut reader, sheet.as_deref(), upload_options, &mut keeping);
        if let (Some(path), Some(why)) = (
            &keeping.accepted_csv,
            keeping.file.as_mut().and_then(|f| f.failure.take()),
        ) {
            return Err(cannot_write(path, why, "io"));
        }
        // The file object's own exception, if reading it failed.
        reader.check()?;
        kept.map_err(|e| match e {
            Error::Io(io) => source.read_error(io),
            other => py_err(other),
        })
    })?;
    Ok(PyUploadResult(kept))
}

/// Checks a destinations upload (the WMCA portal's template) row by row, as the portal would:
/// which rows would be accepted, and why the others would not.
///
/// `source` is a path (`str` or `os.PathLike`), `bytes`, or a binary file object: CSV or
/// tab-separated text in UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252, or a
/// workbook (.xlsx, .xlsm, .xls, .xlsb, .ods: told by its first bytes, not its name), whose
/// sheet `sheet` (default: the first) is read. `ukprn` (an `int` or a `str`) is the uploading
/// provider: rows with another UKPRN are rejected. `as_of` (default today) is the date codes
/// must be valid on. `schemes` defaults to the built-in ILR and WMCA tables. `max_findings`
/// caps the findings kept (the counts stay exact and `truncated` says so). `file_name` and
/// `processed_at` (a `str` or a `datetime`) are carried into the summary; `file_name` defaults
/// to the source's file name. `keep_accepted=False` keeps no accepted rows (for the report and
/// the errors file only: a million accepted rows take about 200 MB); `accepted_rows`,
/// `accepted_columns` and `write_accepted_csv` then raise. `accepted_csv` (a path) writes the
/// export of accepted rows to that file as rows are checked, as `destinations validate
/// --accepted-csv` does: with `keep_accepted=False`, the way to export a big upload without
/// holding its rows; `FileReadError` (code `io`) names the file when it cannot be written.
///
/// Raises `MissingColumnsError`, `FileFormatError` (`not_csv`, `encoding_unsupported`,
/// `duplicate_column`, `too_many_columns`, `no_data`, `workbook_unreadable`,
/// `workbook_protected`), `InvalidArgumentError` (`sheet_not_found`) or `FileReadError` when
/// the file cannot be processed. The GIL is released while the file is read and checked.
#[pyfunction]
#[pyo3(signature = (source, *, ukprn = None, as_of = None, schemes = None, sheet = None, max_findings = None, file_name = None, processed_at = None, keep_accepted = true, accepted_csv = None))]
#[allow(clippy::too_many_arguments)]
fn validate_destinations(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    ukprn: Option<UkprnArg>,
    as_of: Option<DateArg>,
    schemes: Option<PyRef<'_, PySchemes>>,
    sheet: Option<String>,
    max_findings: Option<usize>,
    file_name: Option<String>,
    processed_at: Option<&Bound<'_, PyAny>>,
    keep_accepted: bool,
    accepted_csv: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyUploadResult> {
    let common = Common::new(
        py,
        source,
        sheet,
        as_of,
        max_findings,
        file_name,
        processed_at,
        keep_accepted,
        accepted_csv,
    )?;
    let mut options = DestinationsOptions::new(common.as_of);
    if let Some(u) = ukprn {
        options = options.with_ukprn(u.0);
    }
    let schemes = schemes_or_builtin(&schemes);
    run(py, common, |reader, sheet, upload_options, keeping| {
        let template = DestinationsTemplate::new(schemes, options);
        let upload =
            open_source(reader, sheet).and_then(|s| Upload::new(s, template, upload_options))?;
        keep(upload, keeping, None)
    })
}

/// Checks a learner import (the UCAS Progress learner template) row by row: UKPRN, year group,
/// names, postcode, date of birth and the optional contact and identity columns, and learners
/// that appear twice.
///
/// `source`, `sheet`, `as_of` (default today: dates of birth may not be after it, ages are
/// counted on it), `max_findings`, `file_name`, `processed_at`, `keep_accepted` and
/// `accepted_csv` as for `validate_destinations`.
/// `ukprns` are the providers the uploader manages (`int`s or `str`s; empty: any provider).
/// `lists` gives the year groups, genders and ethnicities (default: the built-in
/// `LearnerLists()`); ages outside `min_age` to `max_age` are warned about.
///
/// `credentials=True` issues each accepted learner a username (unique in the file and against
/// `existing_usernames`, ignoring case) and a password from the operating system's secure
/// generator, as the portal does on import: `result.credentials` and
/// `result.write_credentials_csv`. The date they were created on is `as_of`.
///
/// Raises as `validate_destinations` does, and `OSError` if the system's random generator
/// fails. The GIL is released while the file is read and checked.
#[pyfunction]
#[pyo3(signature = (source, *, ukprns = Vec::new(), as_of = None, lists = None, min_age = 11, max_age = 25, credentials = false, existing_usernames = Vec::new(), sheet = None, max_findings = None, file_name = None, processed_at = None, keep_accepted = true, accepted_csv = None), text_signature = "(source, *, ukprns=(), as_of=None, lists=None, min_age=11, max_age=25, credentials=False, existing_usernames=(), sheet=None, max_findings=None, file_name=None, processed_at=None, keep_accepted=True, accepted_csv=None)")]
#[allow(clippy::too_many_arguments)]
fn validate_learners(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    ukprns: Vec<UkprnArg>,
    as_of: Option<DateArg>,
    lists: Option<PyRef<'_, PyLearnerLists>>,
    min_age: i32,
    max_age: i32,
    credentials: bool,
    existing_usernames: Vec<String>,
    sheet: Option<String>,
    max_findings: Option<usize>,
    file_name: Option<String>,
    processed_at: Option<&Bound<'_, PyAny>>,
    keep_accepted: bool,
    accepted_csv: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyUploadResult> {
    let common = Common::new(
        py,
        source,
        sheet,
        as_of,
        max_findings,
        file_name,
        processed_at,
        keep_accepted,
        accepted_csv,
    )?;
    let mut options =
        LearnersOptions::new(common.as_of).with_ukprns(ukprns.into_iter().map(|u| u.0));
    options.ages = min_age..=max_age;
    if let Some(lists) = lists {
        options.lists = lists.0.clone();
    }
    let mut issuing = credentials.then(|| Issuing {
        issuer: CredentialsIssuer::new(&existing_usernames),
        rng: OsRandom { failure: None },
        created_on: common.as_of,
        rows: Vec::new(),
    });
    let issuing_ref = issuing.as_mut();
    let result = run(py, common, |reader, sheet, upload_options, keeping| {
        let template = LearnersTemplate::new(options);
        let upload =
            open_source(reader, sheet).and_then(|s| Upload::new(s, template, upload_options))?;
        keep(upload, keeping, issuing_ref)
    });
    match issuing {
        Some(Issuing {
            rng: OsRandom { failure: Some(e) },
            ..
        }) => Err(pyo3::exceptions::PyOSError::new_err(format!(
            "the operating system's random generator failed: {e}; no credentials were issued"
        ))),
        Some(issuing) => result.map(|mut r| {
            r.0.credentials = Some(issuing.rows);
            r
        }),
        None => result,
    }
}

/// The exported file given to `validate_qualifications(export=...)`.
enum ExportArg {
    Learners(ExportedLearners),
    File(Source),
}

/// Reference lists from a workbook's reference sheets or JSON text.
fn reference_lists(source: &Source) -> PyResult<QualificationLists> {
    let bytes = source.read_to_bytes()?;
    let lists = QualificationLists::from_reference_bytes(bytes, &source.file_name());
    lists.map_err(py_err)
}

/// Checks a learner qualifications upload (the UCAS Progress bulk qualification upload) row by
/// row: up to 18 qualification groups per learner against the reference lists, and the
/// identity columns against the exported file.
///
/// `source` as for `validate_destinations`: CSV, or the exported workbook, whose "Learner
/// Qualifications" sheet is read (or `sheet`). `export` is the file UCAS Progress exported (a
/// path, `bytes` or a binary file object: the workbook or its Learner Qualifications sheet as
/// CSV), or an `ExportedLearners`: every row's UCAS Account ID must be in it, and the identity
/// columns unchanged. The reference lists are, first found: `lists` (a `QualificationLists`);
/// `reference` (a workbook with the three reference sheets, or a JSON file of lists); the
/// reference sheets of `export`; those of the uploaded workbook; this library's defaults
/// (`result.lists_source` and `result.lists_are_default` say which). `max_findings`, `file_name`, `processed_at` and
/// `keep_accepted` and `accepted_csv` as for `validate_destinations`.
///
/// Raises as `validate_destinations` does, and `FileFormatError` (`too_many_groups`,
/// `reference_lists_invalid`). The GIL is released while the files are read and checked.
#[pyfunction]
#[pyo3(signature = (source, *, export = None, reference = None, lists = None, sheet = None, max_findings = None, file_name = None, processed_at = None, keep_accepted = true, accepted_csv = None))]
#[allow(clippy::too_many_arguments)]
fn validate_qualifications(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    export: Option<&Bound<'_, PyAny>>,
    reference: Option<&Bound<'_, PyAny>>,
    lists: Option<PyRef<'_, PyQualificationLists>>,
    sheet: Option<String>,
    max_findings: Option<usize>,
    file_name: Option<String>,
    processed_at: Option<&Bound<'_, PyAny>>,
    keep_accepted: bool,
    accepted_csv: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyUploadResult> {
    let common = Common::new(
        py,
        source,
        sheet,
        None,
        max_findings,
        file_name,
        processed_at,
        keep_accepted,
        accepted_csv,
    )?;
    let export = match export {
        None => None,
        Some(e) => match e.cast::<PyExportedLearners>() {
            Ok(learners) => Some(ExportArg::Learners(learners.get().0.clone())),
            Err(_) => Some(ExportArg::File(Source::from_py(
                e,
                None,
                "the exported file",
            )?)),
        },
    };
    let reference = reference
        .map(|r| Source::from_py(r, None, "the reference file"))
        .transpose()?;
    let lists = lists.map(|l| l.0.clone());
    let options = py.detach(|| -> PyResult<QualificationsOptions> {
        let mut options = QualificationsOptions {
            lists,
            exported: None,
        };
        if options.lists.is_none() {
            if let Some(reference) = &reference {
                options.lists = Some(reference_lists(reference)?);
            }
        }
        match export {
            None => {}
            Some(ExportArg::Learners(learners)) => options.exported = Some(learners),
            Some(ExportArg::File(file)) => {
                let mut reader = file.reader()?;
                let read = read_export(&mut reader, None, &file.file_name());
                reader.check()?;
                let export = read.map_err(|e| match e {
                    Error::Io(io) => file.read_error(io),
                    other => py_err(other),
                })?;
                options = options.with_export(export);
            }
        }
        Ok(options)
    })?;
    run(py, common, |reader, sheet, upload_options, keeping| {
        let upload = open_upload(reader, sheet, options, upload_options)?;
        let lists = upload.template().lists();
        let source = (lists.source.clone(), lists.is_default);
        let mut kept = keep(upload, keeping, None)?;
        kept.lists_source = Some(source);
        Ok(kept)
    })
}

/// The counts of an upload, with the file name and processed-at time given.
#[pyclass(frozen, eq, module = "learner_destinations", name = "UploadSummary")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyUploadSummary(Summary);

#[pymethods]
impl PyUploadSummary {
    /// The template's name: `"destinations"`, `"learners"`, `"qualifications"`.
    #[getter]
    fn template(&self) -> &'static str {
        self.0.template
    }
    /// The file name, as given (or the source's).
    #[getter]
    fn file(&self) -> Option<&str> {
        self.0.file.as_deref()
    }
    /// When the upload was processed, as given.
    #[getter]
    fn processed_at(&self) -> Option<&str> {
        self.0.processed_at.as_deref()
    }
    /// `"csv"`, or the workbook's format (`"xlsx"`, `"xls"`, `"xlsb"`, `"ods"`).
    #[getter]
    fn format(&self) -> &'static str {
        self.0.format
    }
    /// The text encoding read: `"UTF-8"`, `"UTF-8 with BOM"`, `"UTF-16LE"`, `"UTF-16BE"` or
    /// `"Windows-1252"`.
    #[getter]
    fn encoding(&self) -> Option<&'static str> {
        self.0.encoding
    }
    /// `"comma"` or `"tab"`.
    #[getter]
    fn delimiter(&self) -> Option<&'static str> {
        self.0.delimiter
    }
    /// Data rows: every row after the header that is not blank.
    #[getter]
    fn rows(&self) -> u64 {
        self.0.rows
    }
    /// Rows with no error finding (warnings allowed).
    #[getter]
    fn accepted(&self) -> u64 {
        self.0.accepted
    }
    /// Rows with at least one error finding.
    #[getter]
    fn rejected(&self) -> u64 {
        self.0.rejected
    }
    /// Warning findings, file-level ones included.
    #[getter]
    fn warnings(&self) -> u64 {
        self.0.warnings
    }
    /// Error findings.
    #[getter]
    fn errors(&self) -> u64 {
        self.0.errors
    }
    /// Blank rows skipped.
    #[getter]
    fn blank_rows_skipped(&self) -> u64 {
        self.0.blank_rows_skipped
    }
    /// Every field as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = &self.0;
        let d = PyDict::new(py);
        d.set_item("template", s.template)?;
        d.set_item("file", s.file.as_deref())?;
        d.set_item("processed_at", s.processed_at.as_deref())?;
        d.set_item("format", s.format)?;
        d.set_item("encoding", s.encoding)?;
        d.set_item("delimiter", s.delimiter)?;
        d.set_item("rows", s.rows)?;
        d.set_item("accepted", s.accepted)?;
        d.set_item("rejected", s.rejected)?;
        d.set_item("warnings", s.warnings)?;
        d.set_item("errors", s.errors)?;
        d.set_item("blank_rows_skipped", s.blank_rows_skipped)?;
        Ok(d)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        let s = &self.0;
        format!(
            "UploadSummary(template='{}', file={}, rows={}, accepted={}, rejected={}, errors={}, warnings={})",
            s.template,
            quoted_opt(py, s.file.as_deref()),
            s.rows,
            s.accepted,
            s.rejected,
            s.errors,
            s.warnings
        )
    }
}

/// A rejected row: its number as Excel shows it and every finding of the row (errors and
/// warnings).
#[pyclass(frozen, eq, module = "learner_destinations", name = "RejectedRow")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyRejectedRow {
    row: u64,
    findings: Vec<Finding>,
}

#[pymethods]
impl PyRejectedRow {
    #[getter]
    fn row(&self) -> u64 {
        self.row
    }
    #[getter]
    fn findings(&self) -> Vec<PyFinding> {
        self.findings.iter().cloned().map(PyFinding).collect()
    }
    /// The codes of the row's error findings, in order.
    #[getter]
    fn error_codes(&self) -> Vec<&'static str> {
        self.findings
            .iter()
            .filter(|f| f.is_error())
            .map(|f| f.code)
            .collect()
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "RejectedRow(row={}, error_codes={})",
            self.row,
            quoted_list(py, &self.error_codes())
        )
    }
}

/// The result of checking an upload.
///
/// `summary` (the counts), `findings` (file-level first, then by row; capped by
/// `max_findings`, with `truncated`), `accepted_rows` (dicts of the export columns plus
/// `"row"`), `accepted_columns` (the same as a dict of lists, for `pandas.DataFrame(...)` or
/// `polars.DataFrame(...)`), `rejected_rows`, and the two files a portal offers:
/// `write_errors_csv` and `write_accepted_csv`.
#[pyclass(frozen, module = "learner_destinations", name = "UploadResult")]
#[derive(Debug)]
pub struct PyUploadResult(Kept);

/// Python strings for one column's values, sharing one object per repeated value while the
/// column has few distinct values (UKPRNs, codes, destinations), so a million rows do not make
/// a million copies of "EMP1". A column with many distinct values (ULNs) stops being cached.
struct ColumnStrings<'py> {
    py: Python<'py>,
    seen: Option<HashMap<String, Bound<'py, PyString>>>,
}

impl<'py> ColumnStrings<'py> {
    /// Distinct values kept per column before it is treated as free text.
    const LIMIT: usize = 512;

    fn new(py: Python<'py>) -> Self {
        ColumnStrings {
            py,
            seen: Some(HashMap::new()),
        }
    }

    fn get(&mut self, value: &str) -> Bound<'py, PyString> {
        let Some(seen) = &mut self.seen else {
            return PyString::new(self.py, value);
        };
        if let Some(s) = seen.get(value) {
            return s.clone();
        }
        let s = PyString::new(self.py, value);
        if seen.len() < Self::LIMIT {
            seen.insert(value.to_string(), s.clone());
        } else {
            self.seen = None;
        }
        s
    }
}

impl PyUploadResult {
    /// Refuses the accepted rows' views when they were not kept.
    fn accepted_kept(&self) -> PyResult<()> {
        if self.0.accepted_kept {
            Ok(())
        } else {
            Err(crate::errors::options_conflict(
                "the accepted rows were not kept (keep_accepted=False); validate again with keep_accepted=True, the default, to have them".to_string(),
            ))
        }
    }

    fn cell(&self, row: usize, column: usize) -> &str {
        self.0
            .accepted_cells
            .get(row * self.0.columns.len() + column)
            .unwrap_or_default()
    }
}

#[pymethods]
impl PyUploadResult {
    /// The counts.
    #[getter]
    fn summary(&self) -> PyUploadSummary {
        PyUploadSummary(self.0.report.summary.clone())
    }
    /// The findings kept: file-level ones first, then in row order.
    #[getter]
    fn findings(&self) -> Vec<PyFinding> {
        self.0
            .report
            .findings
            .iter()
            .cloned()
            .map(PyFinding)
            .collect()
    }
    /// True when findings were left out because of `max_findings`.
    #[getter]
    fn truncated(&self) -> bool {
        self.0.report.truncated
    }
    /// True when every data row was accepted (warnings allowed).
    #[getter]
    fn all_accepted(&self) -> bool {
        self.0.report.all_accepted()
    }
    /// The export's columns, in order (the accepted rows' keys besides `"row"`).
    #[getter]
    fn columns(&self) -> Vec<&'static str> {
        self.0.columns.to_vec()
    }
    /// The accepted rows, in file order: `{"row": 2, column: value, ...}` with the export's
    /// columns (values in canonical form: the destination code normalised, plus the ILR code,
    /// the WMCA code and the destination as the portal shows it; for learners, postcodes, year
    /// groups and identifiers as the portal stores them).
    #[getter]
    fn accepted_rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.accepted_kept()?;
        let names: Vec<Bound<'py, PyString>> = self
            .0
            .columns
            .iter()
            .map(|c| PyString::intern(py, c))
            .collect();
        let row_key = PyString::intern(py, "row");
        let mut strings: Vec<ColumnStrings<'py>> =
            names.iter().map(|_| ColumnStrings::new(py)).collect();
        let list = PyList::empty(py);
        for (i, number) in self.0.accepted_rows.iter().enumerate() {
            let d = PyDict::new(py);
            d.set_item(&row_key, number)?;
            for (j, (name, strings)) in names.iter().zip(&mut strings).enumerate() {
                d.set_item(name, strings.get(self.cell(i, j)))?;
            }
            list.append(d)?;
        }
        Ok(list)
    }
    /// The accepted rows as columns: `{"row": [2, 3, ...], column: [values...], ...}`, a dict
    /// of lists that `pandas.DataFrame` and `polars.DataFrame` take as it is. Raises
    /// `InvalidArgumentError` when validated with `keep_accepted=False` (so do `accepted_rows`
    /// and `write_accepted_csv`).
    #[getter]
    fn accepted_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.accepted_kept()?;
        let d = PyDict::new(py);
        d.set_item("row", self.0.accepted_rows.clone())?;
        let n = self.0.accepted_rows.len();
        for (j, name) in self.0.columns.iter().enumerate() {
            let mut strings = ColumnStrings::new(py);
            let values = PyList::new(py, (0..n).map(|i| strings.get(self.cell(i, j))))?;
            d.set_item(name, values)?;
        }
        Ok(d)
    }
    /// The rejected rows, in file order, each with every finding of the row (not capped by
    /// `max_findings`).
    #[getter]
    fn rejected_rows(&self) -> Vec<PyRejectedRow> {
        self.0
            .rejected
            .iter()
            .map(|(row, findings)| PyRejectedRow {
                row: *row,
                findings: findings.clone(),
            })
            .collect()
    }
    /// Writes the errors file to `path` (a path or a binary file object): each rejected row
    /// with its original columns in their original order, then `Row` (as Excel numbers it) and
    /// `Errors` (all of the row's messages). UTF-8 with BOM, CRLF, cells a spreadsheet would
    /// run as formulas neutralised; a user corrects the rows and uploads the file again.
    fn write_errors_csv(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        let sink = Sink::from_py(path)?;
        sink.write_with(py, |out| {
            out.write_all(&self.0.errors_csv).map_err(Error::Io)
        })
    }
    /// Writes the export of accepted rows to `path` (a path or a binary file object): the
    /// export's columns (`columns`), UTF-8 with BOM, CRLF, formulas neutralised.
    fn write_accepted_csv(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        self.accepted_kept()?;
        let sink = Sink::from_py(path)?;
        let kept = &self.0;
        sink.write_with(py, |out| {
            let mut writer = AcceptedCsvWriter::with_columns(out, kept.columns)?;
            let width = kept.columns.len();
            for i in 0..kept.accepted_rows.len() {
                writer.write_cells((0..width).map(|j| self.cell(i, j)))?;
            }
            writer.finish().map(|_| ())
        })
    }
    /// The credentials issued with `validate_learners(credentials=True)`: one dict per accepted
    /// learner, in file order, with the keys `CREDENTIALS_COLUMNS` ("Provider", "First name",
    /// "Last name", "Postcode", "ULN", "DOB", "Username", "Password", "Created on"); None when
    /// none were asked for.
    #[getter]
    fn credentials<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        let Some(rows) = &self.0.credentials else {
            return Ok(None);
        };
        let list = PyList::empty(py);
        for row in rows {
            let d = PyDict::new(py);
            for (name, value) in CREDENTIALS_COLUMNS.iter().zip(row) {
                d.set_item(PyString::intern(py, name), value)?;
            }
            list.append(d)?;
        }
        Ok(Some(list))
    }
    /// Writes the credentials list (`CREDENTIALS_COLUMNS`, one row per accepted learner) to
    /// `path` (a path or a binary file object): UTF-8 with BOM, CRLF. It holds passwords: keep
    /// it private. Raises `InvalidArgumentError` when no credentials were asked for.
    fn write_credentials_csv(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        let Some(rows) = &self.0.credentials else {
            return Err(crate::errors::options_conflict(
                "no credentials were issued; validate with credentials=True to have them"
                    .to_string(),
            ));
        };
        let sink = Sink::from_py(path)?;
        sink.write_with(py, |out| {
            let mut writer = AcceptedCsvWriter::with_columns(out, &CREDENTIALS_COLUMNS)?;
            for row in rows {
                writer.write_cells(row.iter().map(String::as_str))?;
            }
            writer.finish().map(|_| ())
        })
    }
    /// For a qualification upload: where the reference lists checked against came from (the
    /// workbook's reference sheets, or a description of this library's defaults); None for
    /// other templates.
    #[getter]
    fn lists_source(&self) -> Option<&str> {
        self.0.lists_source.as_ref().map(|(s, _)| s.as_str())
    }
    /// For a qualification upload: True when the rows were checked against this library's
    /// default lists, not UCAS Progress's own (give the exported workbook: `export=` or
    /// `reference=`); None for other templates.
    #[getter]
    fn lists_are_default(&self) -> Option<bool> {
        self.0.lists_source.as_ref().map(|(_, d)| *d)
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        let s = &self.0.report.summary;
        format!(
            "<UploadResult {} {}: {} rows, {} accepted, {} rejected>",
            s.template,
            quoted_opt(py, s.file.as_deref()),
            s.rows,
            s.accepted,
            s.rejected
        )
    }
}

/// The template called `kind` (`"destinations"`, `"learners"` or `"qualifications"`, any
/// case), else `InvalidArgumentError` (`option_invalid`).
fn template_kind(kind: &str) -> PyResult<TemplateKind> {
    TemplateKind::from_name(kind).ok_or_else(|| {
        let names: Vec<&str> = TemplateKind::ALL.iter().map(|k| k.name()).collect();
        crate::errors::option_invalid(
            format!("unknown template '{kind}'; use one of {}", names.join(", ")),
            Some(kind.to_string()),
        )
    })
}

/// The empty upload template `kind` (`"destinations"`, `"learners"` or `"qualifications"`) as
/// CSV bytes: the header row, UTF-8 with a byte-order mark (so Excel opens it as UTF-8), CRLF.
/// Raises `InvalidArgumentError` for an unknown template.
#[pyfunction(name = "template_csv")]
fn py_template_csv(py: Python<'_>, kind: &str) -> PyResult<Py<PyBytes>> {
    let kind = template_kind(kind)?;
    let mut out = Vec::new();
    template_csv(kind, &mut out).map_err(py_err)?;
    Ok(PyBytes::new(py, &out).unbind())
}

/// The empty upload template `kind` as an .xlsx workbook (bytes): the template's sheet with its
/// header, and the lists its values come from (the learners template's year groups, genders
/// and ethnicities from `learner_lists`; the qualifications template's three reference sheets
/// from `qualification_lists`; by default this library's lists). Raises
/// `InvalidArgumentError` for an unknown template.
#[pyfunction(name = "template_xlsx")]
#[pyo3(signature = (kind, *, learner_lists = None, qualification_lists = None))]
fn py_template_xlsx(
    py: Python<'_>,
    kind: &str,
    learner_lists: Option<PyRef<'_, PyLearnerLists>>,
    qualification_lists: Option<PyRef<'_, PyQualificationLists>>,
) -> PyResult<Py<PyBytes>> {
    let kind = template_kind(kind)?;
    let mut lists = DownloadLists::builtin();
    if let Some(l) = learner_lists {
        lists.learners = l.0.clone();
    }
    if let Some(l) = qualification_lists {
        lists.qualifications = l.0.clone();
    }
    let bytes = py.detach(|| template_xlsx(kind, &lists)).map_err(py_err)?;
    Ok(PyBytes::new(py, &bytes).unbind())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyUploadSummary>()?;
    m.add_class::<PyRejectedRow>()?;
    m.add_class::<PyUploadResult>()?;
    m.add_function(wrap_pyfunction!(validate_destinations, m)?)?;
    m.add_function(wrap_pyfunction!(validate_learners, m)?)?;
    m.add_function(wrap_pyfunction!(validate_qualifications, m)?)?;
    m.add_function(wrap_pyfunction!(py_template_csv, m)?)?;
    m.add_function(wrap_pyfunction!(py_template_xlsx, m)?)?;
    m.add(
        "CREDENTIALS_COLUMNS",
        pyo3::types::PyTuple::new(m.py(), CREDENTIALS_COLUMNS)?,
    )?;
    Ok(())
}
