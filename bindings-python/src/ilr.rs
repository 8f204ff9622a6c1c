//! The uses of a provider's ILR XML file: `ilr_awaiting`, `ilr_contacts`, `ilr_records` and
//! `ilr_template`. Each converts its keyword arguments to the core's plain data (the core's ILR
//! jobs read them and hold every default), runs the host's ILR use on the source with the GIL
//! released (a path, `bytes` or a binary file object, streamed one learner at a time), and
//! returns the report as the dicts and lists `destinations ilr … --json` prints.

use crate::codes::PySchemes;
use crate::errors::py_err;
use crate::json::{to_plain, to_py};
use crate::records::builtin_schemes;
use crate::source::{Source, SourceReader};
use learner_destinations::Error;
use learner_destinations::workflow::{
    IlrAwaitingJob, IlrContactsJob, IlrRecordsJob, IlrTemplateJob, KeyStyle,
};
use learner_destinations_host::ilr::{self, CsvOutput};
use learner_destinations_host::upload::Input;
use pyo3::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::PathBuf;

/// The keyword arguments given (not None), as the core's options object.
fn options(given: &[(&str, Option<&Bound<'_, PyAny>>)]) -> PyResult<Value> {
    let mut map = Map::new();
    for (key, value) in given {
        if let Some(value) = value.filter(|v| !v.is_none()) {
            map.insert((*key).to_string(), to_plain(value, key)?);
        }
    }
    Ok(Value::Object(map))
}

/// An output path argument: `str` or `os.PathLike`.
fn output_path(ob: Option<&Bound<'_, PyAny>>, option: &str) -> PyResult<Option<PathBuf>> {
    match ob.filter(|o| !o.is_none()) {
        None => Ok(None),
        Some(ob) => ob.extract::<PathBuf>().map(Some).map_err(|_| {
            py_err(Error::OptionInvalid {
                option: option.to_string(),
                message: format!(
                    "takes a path (str or os.PathLike), not {}",
                    crate::arguments::type_name(ob)
                ),
            })
        }),
    }
}

/// Runs `work` on `source` with the GIL released; a file object's own exception is raised as
/// it is, and a read that failed names the source.
fn detached<T, F>(py: Python<'_>, source: &Source, work: F) -> PyResult<T>
where
    T: Send,
    F: for<'i> FnOnce(Input<'i>) -> learner_destinations::Result<T> + Send,
{
    py.detach(|| -> PyResult<T> {
        let (ran, mut reader) = match (source.path(), source.bytes()) {
            (Some(path), _) => (work(Input::path(path)), None),
            (None, Some(bytes)) => (work(Input::bytes(bytes)), None),
            (None, None) => {
                let mut reader = source.reader()?;
                (work(Input::reader(&mut reader)), Some(reader))
            }
        };
        if let Some(reader) = reader.as_mut() {
            SourceReader::check(reader)?;
        }
        ran.map_err(|e| match e {
            Error::Io(io) => source.read_error(io),
            other => py_err(other),
        })
    })
}

fn report<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(value).map_err(|e| {
        py_err(Error::Host {
            message: format!("the report could not be converted: {e}"),
        })
    })?;
    to_py(py, &value)
}

/// The enrolments awaiting a destination (the portal's view) and the learners per R107 and
/// R108, with the funding models, programme types and completion statuses taken from the ILR
/// file; as `destinations ilr awaiting --json`.
///
/// `source` is a path, `bytes` or a binary file object. `as_of` (a `datetime.date` or
/// `"YYYY-MM-DD"`) defaults to the file preparation date; `sof` (a list of codes, e.g.
/// `["112"]` for the West Midlands Combined Authority) keeps the enrolments with that source of
/// funding. Raises `IlrError` for a file that is not an ILR file, `InvalidArgumentError` for a
/// bad option.
#[pyfunction]
#[pyo3(signature = (source, *, as_of = None, sof = None))]
fn ilr_awaiting<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    as_of: Option<&Bound<'py, PyAny>>,
    sof: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let job =
        IlrAwaitingJob::from_value(options(&[("as_of", as_of), ("sof", sof)])?, KeyStyle::Snake)
            .map_err(py_err)?;
    let source = Source::from_py(source, None, "ILR file")?;
    let ran = detached(py, &source, |input| {
        ilr::ilr_awaiting(input, &job, KeyStyle::Snake)
    })?;
    report(py, &ran)
}

/// For each learner who has finished: may a survey go by email and by SMS, with the addresses
/// to use, or the automatic OTH3 record; as `destinations ilr contacts --json`.
///
/// `policy` is `"seed"` (the Maytas table, the default) or `"ilr"` (the ILR guidance); `as_of`
/// (the OTH3 records' collection date) defaults to the file preparation date. `csv` (a path)
/// writes the survey's mailing list there, readable by its owner only (mode 0600), never over
/// the ILR file.
#[pyfunction]
#[pyo3(signature = (source, *, policy = None, as_of = None, csv = None))]
fn ilr_contacts<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
    as_of: Option<&Bound<'py, PyAny>>,
    csv: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let job = IlrContactsJob::from_value(
        options(&[("policy", policy), ("as_of", as_of)])?,
        KeyStyle::Snake,
    )
    .map_err(py_err)?;
    let csv = output_path(csv, "csv")?;
    let source = Source::from_py(source, None, "ILR file")?;
    let ran = detached(py, &source, |input| {
        let out = csv.as_deref().map_or(CsvOutput::None, CsvOutput::File);
        ilr::ilr_contacts(input, &job, out, KeyStyle::Snake)
    })?;
    report(py, &ran.report)
}

/// The D&P record checks (OutType_01–05, OutStartDate_01/02, OutEndDate_01, OutCollDate_01/02,
/// OutULN_01, R69, R71, R85) with the header's teaching year and file preparation date; as
/// `destinations ilr records --json`. `schemes` (a `Schemes`) adds code schemes to the
/// built-in ones.
#[pyfunction]
#[pyo3(signature = (source, *, schemes = None))]
fn ilr_records<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    schemes: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let job = IlrRecordsJob::from_value(Value::Null, KeyStyle::Snake).map_err(py_err)?;
    let given = match schemes.filter(|s| !s.is_none()) {
        None => None,
        Some(s) => Some(s.extract::<PyRef<'py, PySchemes>>().map_err(|_| {
            crate::errors::type_invalid(format!(
                "schemes takes a Schemes, not {}",
                crate::arguments::type_name(s)
            ))
        })?),
    };
    let schemes = match &given {
        Some(s) => &s.0,
        None => builtin_schemes(),
    };
    let source = Source::from_py(source, None, "ILR file")?;
    let ran = detached(py, &source, |input| ilr::ilr_records(input, &job, schemes))?;
    report(py, &ran)
}

/// The pre-filled upload's result: rows written, the awaiting report they came from, and the
/// CSV text when no `output` was given.
#[derive(Serialize)]
struct TemplateResult {
    rows: u64,
    awaiting: learner_destinations::ilr::IlrAwaiting,
    csv: Option<String>,
}

/// The WMCA destinations upload template pre-filled with one row per enrolment awaiting a
/// destination (UKPRN, ULN, learner reference, aim reference, an empty Destination Code).
///
/// `sof` and `as_of` as for `ilr_awaiting`. With `output` (a path) the CSV is written there
/// (put in place only when complete, never over the ILR file) and `csv` is None; otherwise
/// `csv` is its text (with its byte-order mark).
#[pyfunction]
#[pyo3(signature = (source, *, sof = None, as_of = None, output = None))]
fn ilr_template<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    sof: Option<&Bound<'py, PyAny>>,
    as_of: Option<&Bound<'py, PyAny>>,
    output: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let job =
        IlrTemplateJob::from_value(options(&[("sof", sof), ("as_of", as_of)])?, KeyStyle::Snake)
            .map_err(py_err)?;
    let output = output_path(output, "output")?;
    let source = Source::from_py(source, None, "ILR file")?;
    let ran = detached(py, &source, |input| {
        let out = output.as_deref().map_or(CsvOutput::Memory, CsvOutput::File);
        ilr::ilr_template(input, &job, out, KeyStyle::Snake)
    })?;
    let csv = ran
        .csv
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    report(
        py,
        &TemplateResult {
            rows: ran.report.rows,
            awaiting: ran.report.awaiting,
            csv,
        },
    )
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(ilr_awaiting, m)?)?;
    m.add_function(wrap_pyfunction!(ilr_contacts, m)?)?;
    m.add_function(wrap_pyfunction!(ilr_records, m)?)?;
    m.add_function(wrap_pyfunction!(ilr_template, m)?)?;
    Ok(())
}
