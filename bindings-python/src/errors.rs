//! Every conversion from a core failure to a Python exception, in one place.
//!
//! The exception classes are defined in Python (`python/learner_destinations/_errors.py`), so
//! they can inherit from both `DestinationsError` and the built-in class users already catch
//! (`ValueError`, `OSError`), and pickle across processes. This module looks them up once and
//! instantiates them with `(message, code[, value])`.
//!
//! | core | Python | `code` |
//! |---|---|---|
//! | [`Refusal`] (a parser or argument refused a value) | `InvalidArgumentError` | the finding code (`uln_checksum`, `date_format`, `scheme_unknown`, ...) |
//! | [`Error::InvalidArgument`] | `InvalidArgumentError` | the refusal's code |
//! | [`Error::SheetNotFound`] (the sheet asked for is not in the workbook) | `InvalidArgumentError`, `value` = the sheet name | `sheet_not_found` |
//! | [`Error::MissingColumns`] | `MissingColumnsError` | `missing_columns` |
//! | [`Error::Scheme`], [`Error::Json`], [`Error::SurveyDefinition`] | `FileFormatError` | `scheme_invalid`, `json_invalid`, `survey_definition_invalid` |
//! | [`Error::Encoding`], [`Error::NotCsv`], [`Error::DuplicateColumn`], [`Error::TooManyColumns`], [`Error::NoData`] | `FileFormatError` | `encoding_unsupported`, `not_csv`, `duplicate_column`, `too_many_columns`, `no_data` |
//! | [`Error::WorkbookUnreadable`], [`Error::WorkbookProtected`] | `FileFormatError` | `workbook_unreadable`, `workbook_protected` |
//! | [`Error::TooManyGroups`], [`Error::ReferenceLists`] | `FileFormatError` | `too_many_groups`, `reference_lists_invalid` |
//! | [`Error::OptionUnknown`], [`Error::OptionInvalid`], [`Error::OptionsConflict`], [`Error::OutputIsInput`], [`Error::OutputsShareFile`] | `InvalidArgumentError` | `option_unknown`, `option_invalid`, `options_conflict`, `output_is_input`, `outputs_share_file` |
//! | [`Error::OutputUnwritable`], [`Error::InputUnreadable`], [`Error::Io`] | `FileReadError` (an `OSError` with `errno`, `filename`, `strerror`; also `FileNotFoundError`, `PermissionError`, `IsADirectoryError`, ... by the I/O error kind) | `output_unwritable`, `input_unreadable`, `io` |
//! | an argument of a type no function takes | `InvalidTypeError` (a `TypeError`) | `option_invalid` |
//! | [`Error::InputTooLarge`], [`Error::InputTooDeep`] | `FileFormatError` | `input_too_large`, `input_too_deep` |
//! | [`Error::RandomUnavailable`], [`Error::Cancelled`], [`Error::Host`] | `DestinationsError` | `random_unavailable`, `cancelled`, `host_failure` |
//!
//! `SheetNotFound` is an argument error rather than a file-format one: the workbook is fine, the
//! sheet name given is not in it (the message lists the sheets there are).
//!
//! Every `code` is one of the core's catalogue ([`list_error_codes`], `destinations errors
//! --json`): the binding invents none. An argument of the right Python type that no core
//! function takes (an unknown template name, a contact policy other than `"seed"` and `"ilr"`)
//! is [`option_invalid`]; asking a result for what its run was told not to keep is
//! [`options_conflict`]. [`error_to_py`] names every variant there is; one the core adds later
//! reaches Python as `DestinationsError` with its catalogued code until it is given a class.

use learner_destinations::catalogue::error_kinds;
use learner_destinations::{Error, ErrorKind, Refusal};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyModule, PyType};

/// The Python module that defines the exception classes.
const ERRORS_MODULE: &str = "learner_destinations._errors";

/// The exception classes, by name as defined in `_errors.py`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// Base class.
    Destinations,
    /// A value or argument was refused (`ValueError`).
    InvalidArgument,
    /// A file could not be read or written (`OSError`).
    FileRead,
    /// A file's content cannot be used (`ValueError`).
    FileFormat,
    /// A header lacks required columns (a `FileFormatError`).
    MissingColumns,
    /// An argument of a type the function does not take (`TypeError`).
    InvalidType,
}

impl ErrorClass {
    pub fn name(self) -> &'static str {
        match self {
            ErrorClass::Destinations => "DestinationsError",
            ErrorClass::InvalidArgument => "InvalidArgumentError",
            ErrorClass::FileRead => "FileReadError",
            ErrorClass::FileFormat => "FileFormatError",
            ErrorClass::MissingColumns => "MissingColumnsError",
            ErrorClass::InvalidType => "InvalidTypeError",
        }
    }

    /// Every class: `lib.rs` adds them to the native module, which raises them.
    pub const ALL: [ErrorClass; 6] = [
        ErrorClass::Destinations,
        ErrorClass::InvalidArgument,
        ErrorClass::FileRead,
        ErrorClass::FileFormat,
        ErrorClass::MissingColumns,
        ErrorClass::InvalidType,
    ];

    /// The Python class.
    pub fn type_object(self, py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
        static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
        let module = MODULE.get_or_try_init(py, || {
            PyModule::import(py, ERRORS_MODULE).map(Bound::unbind)
        })?;
        Ok(module
            .bind(py)
            .getattr(self.name())?
            .cast_into::<PyType>()?)
    }

    /// An exception of this class with `message` and `code` (and `value` for refusals).
    ///
    /// If the class cannot be found or built (the package is broken), the exception says so
    /// instead; nothing here panics.
    pub fn new_err(self, message: String, code: &str, value: Option<String>) -> PyErr {
        let message = capped(message);
        Python::attach(|py| {
            let built = self.type_object(py).and_then(|cls| match value {
                Some(v) if self == ErrorClass::InvalidArgument => cls.call1((message, code, v)),
                _ => cls.call1((message, code)),
            });
            match built {
                Ok(instance) => PyErr::from_value(instance),
                Err(e) => e,
            }
        })
    }
}

/// `message` as this package raises or returns it (a finding's too): at most about
/// [`learner_destinations::limits::MESSAGE_LIMIT`] characters, as the core cuts it.
pub fn capped(message: String) -> String {
    learner_destinations::limits::capped_message(message)
}

/// The snake_case name of an I/O error kind that Python has an `OSError` subclass for
/// (`FileNotFoundError`, `PermissionError`, `IsADirectoryError`, `NotADirectoryError`,
/// `FileExistsError`); `_errors.py` picks the class and `errno` from it.
fn os_kind_name(kind: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    Some(match kind {
        K::NotFound => "not_found",
        K::PermissionDenied => "permission_denied",
        K::IsADirectory => "is_a_directory",
        K::NotADirectory => "not_a_directory",
        K::AlreadyExists => "already_exists",
        _ => return None,
    })
}

/// A `FileReadError` (an `OSError`) for a file that could not be read or written: of the
/// matching built-in subclass too when `kind` has one (`FileNotFoundError` for a missing file),
/// with `errno`, `filename` and `strerror` set.
pub fn os_error_to_py(
    message: String,
    code: &str,
    kind: Option<std::io::ErrorKind>,
    filename: Option<String>,
    strerror: Option<String>,
) -> PyErr {
    let message = capped(message);
    let kind = kind.and_then(os_kind_name);
    Python::attach(|py| {
        let built = PyModule::import(py, ERRORS_MODULE)
            .and_then(|module| module.getattr("_file_read_error"))
            .and_then(|make| make.call1((message, code, kind, filename, strerror)));
        match built {
            Ok(instance) => PyErr::from_value(instance),
            Err(e) => e,
        }
    })
}

/// A value refused by a core parser, as `InvalidArgumentError` with the finding code.
pub fn refusal_to_py(r: Refusal) -> PyErr {
    let code = r.code();
    ErrorClass::InvalidArgument.new_err(r.message, code, Some(r.value))
}

/// A core [`Error`] as the exception of its category.
pub fn error_to_py(e: Error) -> PyErr {
    let code = e.code();
    let class = match e {
        Error::InvalidArgument(r) => return refusal_to_py(r),
        Error::SheetNotFound { ref sheet, .. } => {
            let value = sheet.clone();
            return ErrorClass::InvalidArgument.new_err(e.to_string(), code, Some(value));
        }
        Error::InputUnreadable {
            ref path,
            ref message,
            kind,
            ..
        } => {
            let (path, reason) = (path.clone(), message.clone());
            return os_error_to_py(e.to_string(), code, Some(kind), Some(path), Some(reason));
        }
        Error::Io(ref io) => {
            let (kind, reason) = (io.kind(), io.to_string());
            return os_error_to_py(e.to_string(), code, Some(kind), None, Some(reason));
        }
        Error::OutputUnwritable { ref path, .. } => {
            let path = path.clone();
            return os_error_to_py(e.to_string(), code, None, Some(path), None);
        }
        Error::MissingColumns {
            ref missing,
            ref found,
            ..
        } => {
            let (missing, found) = (missing.clone(), found.clone());
            return missing_columns_to_py(e.to_string(), code, missing, found);
        }
        Error::Scheme { .. }
        | Error::Json { .. }
        | Error::SurveyDefinition { .. }
        | Error::Encoding { .. }
        | Error::NotCsv { .. }
        | Error::DuplicateColumn { .. }
        | Error::TooManyColumns { .. }
        | Error::NoData { .. }
        | Error::TooManyGroups { .. }
        | Error::ReferenceLists { .. }
        | Error::WorkbookUnreadable { .. }
        | Error::WorkbookProtected { .. }
        | Error::InputTooLarge { .. }
        | Error::InputTooDeep { .. }
        | Error::IlrInvalid { .. }
        | Error::IlrEntityRefused { .. }
        | Error::IlrNamespace { .. } => ErrorClass::FileFormat,
        Error::OptionUnknown { .. }
        | Error::OptionInvalid { .. }
        | Error::OptionsConflict { .. }
        | Error::OutputIsInput { .. }
        | Error::OutputsShareFile { .. } => ErrorClass::InvalidArgument,
        Error::RandomUnavailable { .. } | Error::Cancelled { .. } | Error::Host { .. } => {
            ErrorClass::Destinations
        }
        // `Error` is non-exhaustive to other crates: a variant the core adds later reaches
        // Python with its catalogued code until it is given a class above.
        _ => ErrorClass::Destinations,
    };
    class.new_err(e.to_string(), code, None)
}

/// `InvalidArgumentError` with the core's `option_invalid` code: an argument of the right type
/// whose value no core function takes (`value` as given).
pub fn option_invalid(message: String, value: Option<String>) -> PyErr {
    let code = Error::OptionInvalid {
        option: String::new(),
        message: String::new(),
    }
    .code();
    ErrorClass::InvalidArgument.new_err(message, code, value)
}

/// `InvalidTypeError` (a `TypeError`) with the core's `option_invalid` code: an argument of a
/// type the function does not take; `message` names the argument, what it takes and what it got.
pub fn type_invalid(message: impl Into<String>) -> PyErr {
    let code = Error::OptionInvalid {
        option: String::new(),
        message: String::new(),
    }
    .code();
    ErrorClass::InvalidType.new_err(message.into(), code, None)
}

/// `InvalidArgumentError` with the core's `options_conflict` code: a call that asks for what
/// the options of the run it belongs to left out.
pub fn options_conflict(message: String) -> PyErr {
    let code = Error::OptionsConflict {
        options: Vec::new(),
        message: String::new(),
    }
    .code();
    ErrorClass::InvalidArgument.new_err(message, code, None)
}

/// One kind of error: its stable code, its category (`"input"`, `"argument"`, `"option"`,
/// `"output"`, `"io"`, `"host"`) and what to do.
#[pyclass(frozen, eq, hash, module = "learner_destinations", name = "ErrorKind")]
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct PyErrorKind(ErrorKind);

#[pymethods]
impl PyErrorKind {
    /// Stable `snake_case` code, e.g. `"missing_columns"`.
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code
    }
    /// What the error is about: `"input"`, `"argument"`, `"option"`, `"output"`, `"io"` or
    /// `"host"`.
    #[getter]
    fn category(&self) -> &'static str {
        self.0.category.as_str()
    }
    /// What went wrong and what to do, in one sentence.
    #[getter]
    fn summary(&self) -> &'static str {
        self.0.summary
    }
    fn __repr__(&self) -> String {
        format!(
            "ErrorKind(code='{}', category='{}')",
            self.0.code,
            self.0.category.as_str()
        )
    }
}

/// Every code an exception of this package can carry, with its category and what to do: the
/// core's error variants, then (category `"argument"`) the finding codes a refused value
/// carries. Codes are stable across releases.
#[pyfunction]
pub fn list_error_codes() -> Vec<PyErrorKind> {
    error_kinds().map(PyErrorKind).collect()
}

/// The `FileReadError` subclasses that are also the built-in `OSError` subclass of their I/O
/// error kind (`_errors.py`, chosen by [`os_error_to_py`]).
const OS_ERROR_CLASSES: [&str; 5] = [
    "FileNotFoundReadError",
    "FilePermissionError",
    "FileIsADirectoryError",
    "FileNotADirectoryError",
    "FileExistsReadError",
];

/// Adds [`PyErrorKind`], [`list_error_codes`] and the `OSError` subclasses to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let module = PyModule::import(m.py(), ERRORS_MODULE)?;
    for name in OS_ERROR_CLASSES {
        m.add(name, module.getattr(name)?)?;
    }
    m.add_class::<PyErrorKind>()?;
    m.add_function(wrap_pyfunction!(list_error_codes, m)?)?;
    Ok(())
}

/// `MissingColumnsError(message, code, missing, found)`: the missing template columns and the
/// header as found, as lists.
fn missing_columns_to_py(
    message: String,
    code: &str,
    missing: Vec<String>,
    found: Vec<String>,
) -> PyErr {
    Python::attach(|py| {
        let message = capped(message);
        let built = ErrorClass::MissingColumns
            .type_object(py)
            .and_then(|cls| cls.call1((message, code, missing, found)));
        match built {
            Ok(instance) => PyErr::from_value(instance),
            Err(e) => e,
        }
    })
}

/// A core failure ([`Refusal`] or [`Error`]) that has a Python exception.
pub trait IntoPyErr {
    /// The Python exception for this failure.
    fn into_py_err(self) -> PyErr;
}

impl IntoPyErr for Refusal {
    fn into_py_err(self) -> PyErr {
        refusal_to_py(self)
    }
}

impl IntoPyErr for Error {
    fn into_py_err(self) -> PyErr {
        error_to_py(self)
    }
}

/// Converts a core failure, for `?` in binding functions: `Uln::parse(&s).map_err(py_err)?`.
pub fn py_err<E: IntoPyErr>(e: E) -> PyErr {
    e.into_py_err()
}
