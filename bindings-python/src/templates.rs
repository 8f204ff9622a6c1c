//! Upload templates: `validate_destinations`, `validate_learners` and `validate_qualifications`
//! check an upload (CSV or a workbook) row by row (every problem found in one pass) and return
//! an `UploadResult` ([`PyUploadResult`]) holding the summary, the findings, the accepted rows, the errors file and,
//! for learners, the credentials issued; `template_csv` and `template_xlsx` give the empty
//! templates.
//!
//! Every template runs the same way, and the binding only converts:
//! 1. the keyword arguments become the core's job ([`Arguments`]: each value through
//!    [`crate::json::to_plain`], then `XJob::from_value(.., KeyStyle::Snake)`, which refuses an
//!    unknown option, a wrong type and a conflict with catalogued errors and holds every
//!    default); the few arguments that are Python objects (`schemes`, `lists`, `export`,
//!    `reference`) become the run's resources;
//! 2. [`run`] releases the GIL and calls `learner_destinations_host::upload::run_*`, which
//!    refuses an output that is the input or that two outputs share before reading, writes the
//!    output files the job names (`errors_csv`, `accepted_csv`, `credentials_csv`: temporary,
//!    exclusive, put in place together when the run succeeds), and hands rows to a [`Keeper`]
//!    (the result's rows, rejected rows' findings and credentials) and the errors file to memory;
//!    Ctrl-C is polled every few thousand rows ([`Interrupt`]) and stops the run with
//!    `KeyboardInterrupt`, leaving no file behind;
//! 3. the result's `write_*` methods write through the host's output files too
//!    ([`crate::source::Sink`]), never over the input.

use crate::arguments::Arg;
use crate::arrow::CellTable;
use crate::codes::PySchemes;
use crate::errors::py_err;
use crate::findings::PyFinding;
use crate::json::options_to_plain;
use crate::learners::PyLearnerLists;
use crate::qualifications::{PyExportedLearners, PyQualificationLists};
use crate::records::builtin_schemes;
use crate::repr::{quoted_list, quoted_opt};
use crate::source::{Sink, Source, SourceReader};
use learner_destinations::learners::{CREDENTIALS_COLUMNS, LearnerLists};
use learner_destinations::template::download::{
    DownloadLists, TemplateKind, template_csv, template_xlsx,
};
use learner_destinations::template::{
    AcceptedCsvWriter, AcceptedRow, CredentialsCsvWriter, Fields, RejectedRow, Report, Summary,
};
use learner_destinations::workflow::{
    DestinationsJob, KeyStyle, LearnersJob, ListsUsed, NamedInput, QualificationResources,
    QualificationsJob, RowSink, RunReport,
};
use learner_destinations::{Error, Finding};
use learner_destinations_host::input::{QUALIFICATION_EXPORT, QUALIFICATION_REFERENCE};
use learner_destinations_host::output::{FileIdentity, Privacy};
use learner_destinations_host::upload::{self, Control, HostRunReport, Input, Output, Outputs};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Mutex;

/// Keeps what the result object needs as the host's run hands rows over: the accepted rows'
/// export cells (in one buffer), the rejected rows' findings, the credentials issued.
#[derive(Debug, Default, PartialEq)]
struct Keeper {
    accepted_rows: Vec<u64>,
    accepted_cells: Fields,
    rejected: Vec<(u64, Vec<Finding>)>,
    credentials: Vec<[String; 9]>,
}

impl RowSink for Keeper {
    fn accepted(&mut self, row: &mut AcceptedRow<'_>) -> learner_destinations::Result<()> {
        self.accepted_rows.push(row.row());
        for cell in row.export().iter() {
            self.accepted_cells.push(cell);
        }
        Ok(())
    }

    fn rejected(&mut self, row: &RejectedRow<'_>) -> learner_destinations::Result<()> {
        self.rejected.push((row.row(), row.findings().to_vec()));
        Ok(())
    }

    fn credentials(&mut self, _row: u64, cells: &[String; 9]) -> learner_destinations::Result<()> {
        self.credentials.push(cells.clone());
        Ok(())
    }

    fn restart(&mut self) -> learner_destinations::Result<()> {
        self.accepted_rows.clear();
        self.accepted_cells.clear();
        self.rejected.clear();
        self.credentials.clear();
        Ok(())
    }
}

/// What one run keeps for its [`PyUploadResult`].
#[derive(Debug, PartialEq)]
struct Kept {
    report: Report,
    /// The accepted rows were kept (the job's `keep_accepted`); otherwise none are.
    accepted_kept: bool,
    /// The export's column names.
    columns: &'static [&'static str],
    rows: Keeper,
    /// The errors file, unless the job wrote it to a file (`errors_csv`, named here).
    errors_csv: Result<Vec<u8>, String>,
    /// Credentials were issued (the job asked for them).
    credentials_issued: bool,
    /// The qualification upload's reference lists.
    lists: Option<ListsUsed>,
    /// The upload file, when it was one: the result's files are never written over it.
    input: Option<FileIdentity>,
    /// The results as Arrow tables, each built when first asked for.
    arrow: crate::arrow_results::ResultTables,
}

/// Ctrl-C during a run: the host's cancel callback re-attaches to the interpreter briefly (every
/// few thousand rows) to run Python's signal handlers; the `KeyboardInterrupt` (or whatever a
/// handler raised) is kept, the run stops with `Error::Cancelled`, and [`run`] raises it.
#[derive(Debug, Default)]
struct Interrupt {
    raised: Mutex<Option<PyErr>>,
}

impl Interrupt {
    fn cancel(&self) -> bool {
        Python::attach(|py| match py.check_signals() {
            Ok(()) => false,
            Err(e) => {
                let mut raised = self.raised.lock().unwrap_or_else(|p| p.into_inner());
                raised.get_or_insert(e);
                true
            }
        })
    }

    fn take(&self) -> Option<PyErr> {
        self.raised.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

/// The keyword arguments of each template that are Python objects, not plain-data options.
const DESTINATIONS_RESOURCES: &[&str] = &["schemes"];
const LEARNERS_RESOURCES: &[&str] = &["lists"];
const QUALIFICATIONS_RESOURCES: &[&str] = &["export", "reference", "lists"];

/// The job `validate_<template>` reads from these keyword arguments, as the core's effective
/// options (JSON text, snake_case): how the vector runner checks the conversion and the core's
/// defaults through Python (not part of the package's interface).
#[pyfunction]
#[pyo3(signature = (template, **options))]
fn _upload_job(template: &str, options: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
    let value = match template_kind(template)? {
        TemplateKind::Destinations => Arguments::new(options, DESTINATIONS_RESOURCES)?
            .job(DestinationsJob::from_value)?
            .to_value(KeyStyle::Snake),
        TemplateKind::Learners => Arguments::new(options, LEARNERS_RESOURCES)?
            .job(LearnersJob::from_value)?
            .to_value(KeyStyle::Snake),
        TemplateKind::Qualifications => Arguments::new(options, QUALIFICATIONS_RESOURCES)?
            .job(QualificationsJob::from_value)?
            .to_value(KeyStyle::Snake),
    };
    Ok(value.to_string())
}

/// The options that name output files: paths, written by the host.
const OUTPUTS: [&str; 3] = ["errors_csv", "accepted_csv", "credentials_csv"];

/// The keyword arguments of a template: the plain-data options for the core's job, and the
/// Python objects the binding converts itself (`resources`: `schemes`, `lists`, `export`,
/// `reference`).
struct Arguments<'py> {
    options: Map<String, Value>,
    resources: HashMap<&'static str, Bound<'py, PyAny>>,
    names: &'static [&'static str],
}

impl<'py> Arguments<'py> {
    fn new(kwargs: Option<&Bound<'py, PyDict>>, names: &'static [&'static str]) -> PyResult<Self> {
        let mut resources = HashMap::new();
        if let Some(kwargs) = kwargs {
            for output in OUTPUTS {
                if let Some(value) = kwargs.get_item(output)? {
                    if value.hasattr("write")? {
                        return Err(py_err(Error::OptionInvalid {
                            option: output.to_string(),
                            message: format!(
                                "takes a path (str or os.PathLike), not {}; to write to a file object, validate and then call write_{output}",
                                crate::arguments::type_name(&value)
                            ),
                        }));
                    }
                }
            }
            for name in names {
                if let Some(value) = kwargs.get_item(name)? {
                    if !value.is_none() {
                        resources.insert(*name, value);
                    }
                }
            }
        }
        Ok(Arguments {
            options: options_to_plain(kwargs, names)?,
            resources,
            names,
        })
    }

    /// The job from the options: `from_value` refuses unknown keys naming the keys the core
    /// accepts; the resource arguments are accepted too, so they are added to the list.
    fn job<J>(
        &mut self,
        read: fn(Value, KeyStyle) -> learner_destinations::Result<J>,
    ) -> PyResult<J> {
        let options = std::mem::take(&mut self.options);
        read(Value::Object(options), KeyStyle::Snake).map_err(|e| match e {
            Error::OptionUnknown {
                option,
                mut accepted,
            } => {
                accepted.extend(self.names.iter().map(|n| n.to_string()));
                py_err(Error::OptionUnknown { option, accepted })
            }
            other => py_err(other),
        })
    }

    /// The resource `name` as `T` (a `TypeError` naming it otherwise).
    fn resource<T>(&self, name: &str, what: &str) -> PyResult<Option<PyRef<'py, T>>>
    where
        T: pyo3::PyClass,
    {
        match self.resources.get(name) {
            None => Ok(None),
            Some(v) => v.extract::<PyRef<'py, T>>().map(Some).map_err(|_| {
                crate::errors::type_invalid(format!(
                    "{name} takes {what}, not {}",
                    crate::arguments::type_name(v)
                ))
            }),
        }
    }
}

/// The upload given as `source`: its name (when the binding knows one the host cannot, a file
/// object's) goes into the options as the default `file_name`.
fn upload_source(source: &Bound<'_, PyAny>, options: &mut Map<String, Value>) -> PyResult<Source> {
    let source = Source::from_py(source, None, "upload")?;
    if source.is_object() && source.has_name() && !options.contains_key("file_name") {
        options.insert("file_name".to_string(), Value::String(source.file_name()));
    }
    Ok(source)
}

/// The upload's source: `source` itself, or, for a table ([`CellTable`]: its cells are what
/// the run checks), no bytes.
fn table_or_file(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    table: &Option<CellTable>,
    options: &mut Map<String, Value>,
) -> PyResult<Source> {
    match table {
        Some(_) => Source::from_py(PyBytes::new(py, b"").as_any(), None, "upload"),
        None => upload_source(source, options),
    }
}

/// The outputs of a run: the files the job names, and the errors file in memory for the
/// result when the job names no file for it.
fn outputs(job: &learner_destinations::workflow::Outputs) -> Outputs {
    let mut outputs = Outputs::from_job(job);
    if outputs.errors_csv == Output::None {
        outputs.errors_csv = Output::Memory;
    }
    outputs
}

/// `input`, with the other files the run reads (a reference or exported file) guarded: an
/// output over one of them is refused too.
fn guard<'a>(input: Input<'a>, guarded: &[std::path::PathBuf]) -> Input<'a> {
    guarded.iter().fold(input, |i, p| i.guarding(p))
}

/// Runs `work` (a `host::upload::run_*` call) on `source` with the GIL released, keeping rows
/// in a [`Keeper`] and polling Ctrl-C; the result object from the host's report.
fn run<F>(
    py: Python<'_>,
    source: Source,
    kind: TemplateKind,
    keep_accepted: bool,
    errors_file: Option<String>,
    guarded: &[std::path::PathBuf],
    work: F,
) -> PyResult<PyUploadResult>
where
    F: for<'i> FnOnce(
            Input<'i>,
            &mut Keeper,
            &Control<'_>,
        ) -> learner_destinations::Result<HostRunReport>
        + Send,
{
    let interrupt = Interrupt::default();
    let (ran, rows, input) = py.detach(|| -> PyResult<_> {
        let cancel = || interrupt.cancel();
        let control = Control {
            style: KeyStyle::Snake,
            cancel: Some(&cancel),
            progress: None,
        };
        let mut rows = Keeper::default();
        let (ran, input, mut reader) = match (source.path(), source.bytes()) {
            (Some(path), _) => {
                let ran = work(guard(Input::path(path), guarded), &mut rows, &control);
                (ran, FileIdentity::of_path(path), None)
            }
            (None, Some(bytes)) => {
                let ran = work(guard(Input::bytes(bytes), guarded), &mut rows, &control);
                (ran, None, None)
            }
            (None, None) => {
                let mut reader = source.reader()?;
                let ran = work(
                    guard(Input::reader(&mut reader), guarded),
                    &mut rows,
                    &control,
                );
                (ran, None, Some(reader))
            }
        };
        if let Some(e) = interrupt.take() {
            return Err(e);
        }
        // The file object's own exception, if reading it failed.
        if let Some(reader) = reader.as_mut() {
            SourceReader::check(reader)?;
        }
        let ran = ran.map_err(|e| match e {
            Error::Io(io) => source.read_error(io),
            other => py_err(other),
        })?;
        Ok((ran, rows, input))
    })?;
    let HostRunReport {
        run:
            RunReport {
                report,
                credentials_issued,
                qualification_lists,
                ..
            },
        errors_csv,
        ..
    } = ran;
    Ok(PyUploadResult(Kept {
        report,
        accepted_kept: keep_accepted,
        columns: kind.spec().export_columns,
        rows,
        errors_csv: errors_csv.ok_or_else(|| errors_file.unwrap_or_default()),
        credentials_issued: credentials_issued.is_some(),
        lists: qualification_lists,
        input,
        arrow: Default::default(),
    }))
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
/// `processed_at` (a `str` or a `datetime`) are carried into the summary; they default to the
/// source's file name and the time of the run. `keep_accepted=False` keeps no accepted rows
/// (for the report and the errors file only: a million accepted rows take about 200 MB);
/// `accepted_rows`, `accepted_columns` and `write_accepted_csv` then raise. `accepted_csv` and
/// `errors_csv` (paths) write the export and the errors file as rows are checked, as
/// `destinations validate` does: put in place only when the run succeeds, never over the
/// upload (`output_is_input`) or on one path (`outputs_share_file`), refused before anything
/// is read. The options are the core's: an unknown one raises `InvalidArgumentError`
/// (`option_unknown`), a wrong value `option_invalid`.
///
/// `source` may also be a table: a pandas or polars DataFrame, a pyarrow Table or RecordBatch,
/// anything with `__arrow_c_stream__`. Its columns are matched by name to the template's
/// headers and its values checked as the cells of the same table written as CSV would be
/// (strings as they are, numbers in decimal, dates as `YYYY-MM-DD`, missing values empty; a
/// pandas index is not a column): the same findings, counts and errors file, row numbers
/// included (the header is row 1). A table has no sheets (`sheet` is refused) and no file name.
///
/// Raises `MissingColumnsError`, `FileFormatError` (`not_csv`, `encoding_unsupported`,
/// `duplicate_column`, `too_many_columns`, `no_data`, `workbook_unreadable`,
/// `workbook_protected`), `InvalidArgumentError` (`sheet_not_found`) or `FileReadError` when
/// the file cannot be processed. The GIL is released while the file is read and checked;
/// Ctrl-C stops the run (`KeyboardInterrupt`) and leaves no file.
#[pyfunction]
#[pyo3(signature = (source, **options), text_signature = "(source, *, ukprn=None, as_of=None, schemes=None, sheet=None, max_findings=None, file_name=None, processed_at=None, keep_accepted=None, accepted_csv=None, errors_csv=None)")]
fn validate_destinations(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyUploadResult> {
    let mut args = Arguments::new(options, DESTINATIONS_RESOURCES)?;
    let table = CellTable::from_py(source)?;
    let source = table_or_file(py, source, &table, &mut args.options)?;
    let job = args.job(DestinationsJob::from_value)?;
    let given = args.resource::<PySchemes>("schemes", "a Schemes")?;
    let schemes = match &given {
        Some(s) => &s.0,
        None => builtin_schemes(),
    };
    let outputs = outputs(&job.common.outputs);
    run(
        py,
        source,
        TemplateKind::Destinations,
        job.common.keep_accepted,
        job.common.outputs.errors_csv.clone(),
        &[],
        |input, rows, control| match &table {
            Some(t) => {
                upload::run_destinations_cells(t, &job, schemes, &outputs, Some(rows), control)
            }
            None => upload::run_destinations(input, &job, schemes, &outputs, Some(rows), control),
        },
    )
}

/// Checks a learner import (the UCAS Progress learner template) row by row: UKPRN, year group,
/// names, postcode, date of birth and the optional contact and identity columns, and learners
/// that appear twice.
///
/// `source` (a path, bytes, a file object, or a table as for `validate_destinations`), `sheet`,
/// `as_of` (default today: dates of birth may not be after it, ages are
/// counted on it), `max_findings`, `file_name`, `processed_at`, `keep_accepted`,
/// `accepted_csv` and `errors_csv` as for `validate_destinations`.
/// `ukprns` are the providers the uploader manages (`int`s or `str`s; empty: any provider).
/// `lists` gives the year groups, genders and ethnicities (default: the built-in
/// `LearnerLists()`); ages outside `min_age` to `max_age` (default 11 to 25) are warned about.
///
/// `credentials=True` issues each accepted learner a username (unique in the file and against
/// `existing_usernames`, a list or the text of a file of them, ignoring case) and a password
/// from the operating system's secure generator, as the portal does on import:
/// `result.credentials` and `result.write_credentials_csv`; `credentials_csv` (a path) writes
/// them as rows are checked, readable by the owner only. The date they were created on is
/// `as_of`. `seed` makes the passwords reproducible, for tests only.
///
/// Raises as `validate_destinations` does, and `DestinationsError` (`random_unavailable`) if the
/// system's random generator fails. The GIL is released while the file is read and checked.
#[pyfunction]
#[pyo3(signature = (source, **options), text_signature = "(source, *, ukprns=None, as_of=None, lists=None, min_age=None, max_age=None, credentials=None, existing_usernames=None, seed=None, credentials_csv=None, sheet=None, max_findings=None, file_name=None, processed_at=None, keep_accepted=None, accepted_csv=None, errors_csv=None)")]
fn validate_learners(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyUploadResult> {
    let mut args = Arguments::new(options, LEARNERS_RESOURCES)?;
    let table = CellTable::from_py(source)?;
    let source = table_or_file(py, source, &table, &mut args.options)?;
    let job = args.job(LearnersJob::from_value)?;
    let builtin;
    let lists = match args.resource::<PyLearnerLists>("lists", "a LearnerLists")? {
        Some(l) => l.0.clone(),
        None => {
            builtin = LearnerLists::builtin();
            builtin
        }
    };
    let outputs = outputs(&job.common.outputs);
    run(
        py,
        source,
        TemplateKind::Learners,
        job.common.keep_accepted,
        job.common.outputs.errors_csv.clone(),
        &[],
        |input, rows, control| match &table {
            Some(t) => upload::run_learners_cells(t, &job, &lists, &outputs, Some(rows), control),
            None => upload::run_learners(input, &job, &lists, &outputs, Some(rows), control),
        },
    )
}

/// A whole file given as a resource (`reference`, `export`), read with the host's limit for
/// its kind, with its file name.
fn named_input(
    source: &Source,
    kind: &learner_destinations_host::input::InputKind,
) -> PyResult<NamedInput> {
    Ok(NamedInput {
        name: source.file_name(),
        bytes: source.read_limited(kind)?,
    })
}

/// Checks a learner qualifications upload (the UCAS Progress bulk qualification upload) row by
/// row: up to 18 qualification groups per learner against the reference lists, and the
/// identity columns against the exported file.
///
/// `source` as for `validate_destinations` (a table too): CSV, or the exported workbook, whose "Learner
/// Qualifications" sheet is read (or `sheet`). `export` is the file UCAS Progress exported (a
/// path, `bytes` or a binary file object: the workbook or its Learner Qualifications sheet as
/// CSV; `export_sheet` names another sheet of it), or an `ExportedLearners`: every row's UCAS
/// Account ID must be in it, and the identity columns unchanged. The reference lists are, first
/// found: `lists` (a `QualificationLists`) or `reference` (a workbook with the three reference
/// sheets, or a JSON file of lists; not both); the reference sheets of `export`; those of the
/// uploaded workbook; this library's defaults (`result.lists_source` and
/// `result.lists_are_default` say which). `max_findings`, `file_name`, `processed_at`,
/// `keep_accepted`, `accepted_csv` and `errors_csv` as for `validate_destinations`.
///
/// Raises as `validate_destinations` does, `FileFormatError` (`too_many_groups`,
/// `reference_lists_invalid`, `input_too_large` for a reference or export file past the
/// host's limit), and `InvalidArgumentError` (`options_conflict`) for `lists` with `reference`.
/// The GIL is released while the files are read and checked.
#[pyfunction]
#[pyo3(signature = (source, **options), text_signature = "(source, *, export=None, reference=None, lists=None, export_sheet=None, sheet=None, max_findings=None, file_name=None, processed_at=None, keep_accepted=None, accepted_csv=None, errors_csv=None)")]
fn validate_qualifications(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyUploadResult> {
    let mut args = Arguments::new(options, QUALIFICATIONS_RESOURCES)?;
    let table = CellTable::from_py(source)?;
    let source = table_or_file(py, source, &table, &mut args.options)?;
    let job = args.job(QualificationsJob::from_value)?;
    let mut resources = QualificationResources {
        lists: args
            .resource::<PyQualificationLists>("lists", "a QualificationLists")?
            .map(|l| l.0.clone()),
        ..QualificationResources::default()
    };
    let export = match args.resources.get("export") {
        None => None,
        Some(e) => match e.cast::<PyExportedLearners>() {
            Ok(learners) => {
                resources.exported = Some(learners.get().0.clone());
                None
            }
            Err(_) => Some(Source::from_py(e, None, "the exported file")?),
        },
    };
    let reference = args
        .resources
        .get("reference")
        .map(|r| Source::from_py(r, None, "the reference file"))
        .transpose()?;
    // The combinations that cannot go together (lists with reference...) are refused before
    // any file is read: the check needs only which resources were given.
    let given = || NamedInput {
        name: String::new(),
        bytes: Vec::new(),
    };
    resources.reference = reference.as_ref().map(|_| given());
    resources.export = export.as_ref().map(|_| given());
    resources.check(&job, KeyStyle::Snake).map_err(py_err)?;
    let resources = py.detach(|| -> PyResult<QualificationResources> {
        if let Some(reference) = &reference {
            resources.reference = Some(named_input(reference, &QUALIFICATION_REFERENCE)?);
        }
        if let Some(export) = &export {
            resources.export = Some(named_input(export, &QUALIFICATION_EXPORT)?);
        }
        Ok(resources)
    })?;
    let guarded: Vec<std::path::PathBuf> = [&reference, &export]
        .into_iter()
        .flatten()
        .filter_map(|s| s.path().map(std::path::Path::to_path_buf))
        .collect();
    let outputs = outputs(&job.common.outputs);
    run(
        py,
        source,
        TemplateKind::Qualifications,
        job.common.keep_accepted,
        job.common.outputs.errors_csv.clone(),
        &guarded,
        |input, rows, control| match &table {
            Some(t) => {
                upload::run_qualifications_cells(t, &job, resources, &outputs, Some(rows), control)
            }
            None => {
                upload::run_qualifications(input, &job, resources, &outputs, Some(rows), control)
            }
        },
    )
}

/// The counts of an upload, with the file name and processed-at time given.
#[pyclass(frozen, eq, module = "learner_destinations", name = "UploadSummary")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyUploadSummary(pub Summary);

#[pymethods]
impl PyUploadSummary {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "UploadSummary", &self.0)
    }
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
    /// Rejected rows whose only errors say they repeat an earlier row (a duplicate destination,
    /// learner or UCAS account): counted among `rejected` and left out of the errors file, so
    /// the corrected errors file uploaded on its own cannot let them in.
    #[getter]
    fn duplicate_rows(&self) -> u64 {
        self.0.duplicate_rows
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
        d.set_item("duplicate_rows", s.duplicate_rows)?;
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
    pub row: u64,
    pub findings: Vec<Finding>,
}

#[pymethods]
impl PyRejectedRow {
    /// Pickles (and deep-copies) as its core value: `_native._unpickle`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickling::reduce(py, "RejectedRow", &(self.row, &self.findings))
    }
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

/// What a pickled [`PyUploadResult`] holds besides its cells and its errors file.
#[derive(serde::Serialize, serde::Deserialize)]
struct KeptState {
    report: Report,
    accepted_kept: bool,
    /// The template's name: its export's columns.
    template: String,
    accepted_rows: Vec<u64>,
    rejected: Vec<(u64, Vec<Finding>)>,
    credentials: Vec<[String; 9]>,
    /// The file the run wrote the errors file to, when it did.
    errors_file: Option<String>,
    credentials_issued: bool,
    lists: Option<ListsUsed>,
    input: Option<FileIdentity>,
}

impl PyUploadResult {
    /// Rebuilds a pickled result from its state ([`PyUploadResult::__reduce__`]).
    fn from_state(
        meta: &[u8],
        text: &[u8],
        lengths: &[u8],
        errors: Option<Vec<u8>>,
    ) -> PyResult<Self> {
        let broken = |what: &str| {
            py_err(Error::Host {
                message: format!("the pickled UploadResult is damaged: {what}"),
            })
        };
        let state: KeptState = crate::pickling::read("UploadResult", meta)?;
        let kind =
            TemplateKind::from_name(&state.template).ok_or_else(|| broken("unknown template"))?;
        let text = std::str::from_utf8(text).map_err(|_| broken("cells not UTF-8"))?;
        let mut cells = Fields::new();
        let mut at = 0usize;
        for length in lengths.chunks_exact(4) {
            let n = u32::from_le_bytes([length[0], length[1], length[2], length[3]]) as usize;
            let cell = text.get(at..at + n).ok_or_else(|| broken("cell lengths"))?;
            cells.push(cell);
            at += n;
        }
        if at != text.len()
            || state.accepted_rows.len() * kind.spec().export_columns.len() != cells.len()
        {
            return Err(broken("cell count"));
        }
        Ok(PyUploadResult(Kept {
            report: state.report,
            accepted_kept: state.accepted_kept,
            columns: kind.spec().export_columns,
            rows: Keeper {
                accepted_rows: state.accepted_rows,
                accepted_cells: cells,
                rejected: state.rejected,
                credentials: state.credentials,
            },
            errors_csv: match (errors, state.errors_file) {
                (Some(bytes), _) => Ok(bytes),
                (None, file) => Err(file.unwrap_or_default()),
            },
            credentials_issued: state.credentials_issued,
            lists: state.lists,
            input: state.input,
            arrow: Default::default(),
        }))
    }

    /// Refuses the accepted rows' views when they were not kept.
    fn accepted_kept(&self) -> PyResult<()> {
        if self.0.accepted_kept {
            Ok(())
        } else {
            Err(crate::errors::options_conflict("the accepted rows were not kept (keep_accepted=False); validate again with keep_accepted=True, the default, to have them".to_string()))
        }
    }

    fn cell(&self, row: usize, column: usize) -> &str {
        self.0
            .rows
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
        for (i, number) in self.0.rows.accepted_rows.iter().enumerate() {
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
        d.set_item("row", self.0.rows.accepted_rows.clone())?;
        let n = self.0.rows.accepted_rows.len();
        for (j, name) in self.0.columns.iter().enumerate() {
            let mut strings = ColumnStrings::new(py);
            let values = PyList::new(py, (0..n).map(|i| strings.get(self.cell(i, j))))?;
            d.set_item(name, values)?;
        }
        Ok(d)
    }
    /// The accepted rows as an `ArrowTable`: `row` (uint64) and the export's columns
    /// (`columns`, strings), for `pyarrow.table(t)`, `polars.DataFrame(t)`,
    /// `pandas.DataFrame.from_arrow(t)`. Built the first time it is asked for, with the GIL
    /// released, and kept. Raises as `accepted_columns` does when the rows were not kept.
    #[getter]
    fn accepted_table(&self, py: Python<'_>) -> PyResult<crate::arrow::PyArrowTable> {
        self.accepted_kept()?;
        Ok(self.0.arrow.accepted(
            py,
            crate::arrow_results::AcceptedCells {
                rows: &self.0.rows.accepted_rows,
                cells: &self.0.rows.accepted_cells,
                columns: self.0.columns,
            },
        ))
    }
    /// The rejected rows as an `ArrowTable`: `row`, `error_codes` and `warning_codes` (lists of
    /// strings) and `errors` (the row's error messages, one per line). Built once.
    #[getter]
    fn rejected_table(&self, py: Python<'_>) -> crate::arrow::PyArrowTable {
        self.0.arrow.rejected(py, &self.0.rows.rejected)
    }
    /// The findings kept (as `findings`) as an `ArrowTable`: `row` (null for a file-level
    /// finding), `column`, `value`, `code`, `severity`, `message`. Built once.
    #[getter]
    fn findings_table(&self, py: Python<'_>) -> crate::arrow::PyArrowTable {
        self.0.arrow.findings(py, &self.0.report.findings)
    }
    /// The rejected rows, in file order, each with every finding of the row (not capped by
    /// `max_findings`).
    #[getter]
    fn rejected_rows(&self) -> Vec<PyRejectedRow> {
        self.0
            .rows
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
    /// run as formulas neutralised; a user corrects the rows and uploads the file again. A path
    /// is written as every output is (put in place whole, never over the upload). Raises
    /// `InvalidArgumentError` (`options_conflict`) when the run wrote it to a file
    /// (`errors_csv=`).
    fn write_errors_csv(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        let bytes = match &self.0.errors_csv {
            Ok(bytes) => bytes,
            Err(file) => {
                return Err(crate::errors::options_conflict(format!(
                    "the errors file was written to '{file}' during the run (errors_csv); use that file, or validate without errors_csv to have it here"
                )));
            }
        };
        let sink = Sink::from_py(path)?;
        sink.write_with(
            py,
            "errors_csv",
            Privacy::Ordinary,
            self.0.input.as_ref(),
            |out| out.write_all(bytes).map_err(Error::Io),
        )
    }
    /// Writes the export of accepted rows to `path` (a path or a binary file object): the
    /// export's columns (`columns`), UTF-8 with BOM, CRLF, formulas neutralised.
    fn write_accepted_csv(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        self.accepted_kept()?;
        let sink = Sink::from_py(path)?;
        let kept = &self.0;
        sink.write_with(
            py,
            "accepted_csv",
            Privacy::Ordinary,
            kept.input.as_ref(),
            |out| {
                let mut writer = AcceptedCsvWriter::with_columns(out, kept.columns)?;
                let width = kept.columns.len();
                for i in 0..kept.rows.accepted_rows.len() {
                    writer.write_cells((0..width).map(|j| self.cell(i, j)))?;
                }
                writer.finish().map(|_| ())
            },
        )
    }
    /// The credentials issued with `validate_learners(credentials=True)`: one dict per accepted
    /// learner, in file order, with the keys `CREDENTIALS_COLUMNS` ("Provider", "First name",
    /// "Last name", "Postcode", "ULN", "DOB", "Username", "Password", "Created on"); None when
    /// none were asked for.
    #[getter]
    fn credentials<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        if !self.0.credentials_issued {
            return Ok(None);
        }
        let rows = &self.0.rows.credentials;
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
    /// `path` (a path or a binary file object) with the core's credentials writer: UTF-8 with
    /// BOM, CRLF, cells neutralised. It holds passwords: a path is created readable by its owner
    /// only (mode 0600 from its first byte) and put in place whole; keep it private. Raises
    /// `InvalidArgumentError` (`options_conflict`) when no credentials were asked for.
    fn write_credentials_csv(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        if !self.0.credentials_issued {
            return Err(crate::errors::options_conflict(
                "no credentials were issued; validate with credentials=True to have them"
                    .to_string(),
            ));
        }
        let rows = &self.0.rows.credentials;
        let sink = Sink::from_py(path)?;
        sink.write_with(
            py,
            "credentials_csv",
            Privacy::OwnerOnly,
            self.0.input.as_ref(),
            |out| {
                let mut writer = CredentialsCsvWriter::new(out)?;
                for row in rows {
                    writer.write(row)?;
                }
                writer.finish().map(|_| ())
            },
        )
    }
    /// For a qualification upload: where the reference lists checked against came from (the
    /// workbook's reference sheets, or a description of this library's defaults); None for
    /// other templates.
    #[getter]
    fn lists_source(&self) -> Option<&str> {
        self.0.lists.as_ref().map(|l| l.source.as_str())
    }
    /// For a qualification upload: True when the rows were checked against this library's
    /// default lists, not UCAS Progress's own (give the exported workbook: `export=` or
    /// `reference=`); None for other templates.
    #[getter]
    fn lists_are_default(&self) -> Option<bool> {
        self.0.lists.as_ref().map(|l| l.is_default)
    }
    /// Equal when everything it holds is: the report, the rows, the files, the credentials.
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyUploadResult>()
            .is_ok_and(|o| o.get().0 == self.0)
    }
    /// Pickles (and deep-copies) with everything it holds, the accepted rows' cells as one
    /// UTF-8 text and their lengths, so a worker process can return it; the copy still refuses
    /// to write over the upload (on the same machine).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        let kept = &self.0;
        let state = KeptState {
            report: kept.report.clone(),
            accepted_kept: kept.accepted_kept,
            template: kept.report.summary.template.to_string(),
            accepted_rows: kept.rows.accepted_rows.clone(),
            rejected: kept.rows.rejected.clone(),
            credentials: kept.rows.credentials.clone(),
            errors_file: kept.errors_csv.as_ref().err().cloned(),
            credentials_issued: kept.credentials_issued,
            lists: kept.lists.clone(),
            input: kept.input.clone(),
        };
        let meta = serde_json::to_vec(&state).map_err(|e| {
            py_err(Error::Host {
                message: format!("an UploadResult cannot be pickled: {e}"),
            })
        })?;
        let mut text = String::new();
        let mut lengths = Vec::with_capacity(kept.rows.accepted_cells.len() * 4);
        for cell in kept.rows.accepted_cells.iter() {
            text.push_str(cell);
            let n = u32::try_from(cell.len()).map_err(|_| {
                py_err(Error::Host {
                    message: "an UploadResult with a cell past 4 GiB cannot be pickled".to_string(),
                })
            })?;
            lengths.extend_from_slice(&n.to_le_bytes());
        }
        let restore = py
            .import("learner_destinations._native")?
            .getattr("_restore_upload_result")?;
        let errors = kept.errors_csv.as_ref().ok().map(|b| PyBytes::new(py, b));
        let args = (
            PyBytes::new(py, &meta),
            PyBytes::new(py, text.as_bytes()),
            PyBytes::new(py, &lengths),
            errors,
        )
            .into_pyobject(py)?;
        pyo3::types::PyTuple::new(py, [restore, args.into_any()])
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

/// Rebuilds a pickled `UploadResult` (not part of the package's interface).
#[pyfunction]
#[pyo3(signature = (meta, text, lengths, errors = None))]
fn _restore_upload_result(
    meta: &[u8],
    text: &[u8],
    lengths: &[u8],
    errors: Option<&[u8]>,
) -> PyResult<PyUploadResult> {
    PyUploadResult::from_state(meta, text, lengths, errors.map(<[u8]>::to_vec))
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
fn py_template_csv(py: Python<'_>, kind: Arg<PyBackedStr>) -> PyResult<Py<PyBytes>> {
    let kind = template_kind(&kind)?;
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
    kind: Arg<PyBackedStr>,
    learner_lists: Option<PyRef<'_, PyLearnerLists>>,
    qualification_lists: Option<PyRef<'_, PyQualificationLists>>,
) -> PyResult<Py<PyBytes>> {
    let kind = template_kind(&kind)?;
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
    m.add_function(wrap_pyfunction!(_upload_job, m)?)?;
    m.add_function(wrap_pyfunction!(_restore_upload_result, m)?)?;
    m.add(
        "CREDENTIALS_COLUMNS",
        pyo3::types::PyTuple::new(m.py(), CREDENTIALS_COLUMNS)?,
    )?;
    Ok(())
}
