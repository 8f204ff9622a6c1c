//! Where a file's bytes come from: a path (`str` or `os.PathLike`), `bytes` (or `bytearray`), or
//! a binary file object (anything with `.read()` returning bytes).
//!
//! # Work on files releases the GIL
//!
//! Functions that read files convert their arguments while attached to the interpreter, then do
//! the reading and the core's work inside [`Python::detach`], so a thread pool of calls runs in
//! parallel; results are converted back once re-attached:
//!
//! ```text
//! #[pyfunction]
//! fn load_scheme(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<PyScheme> {
//!     let source = Source::from_py(source)?;             // attached: inspect Python objects
//!     let scheme = py.detach(|| -> PyResult<_> {          // detached: no Python objects here
//!         let text = source.read_to_string()?;
//!         Scheme::from_file_text(&text, source.name()).map_err(py_err)
//!     })?;
//!     Ok(PyScheme(scheme))                                 // attached again: build results
//! }
//! ```
//!
//! The upload templates follow the same pattern, streaming from [`Source`] through a
//! `std::io::Read` instead of reading everything (a file object is read in chunks, each read
//! re-attaching briefly with `Python::attach`).

use crate::arguments::type_name;
use crate::errors::ErrorClass;
use learner_destinations::Error;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use std::path::PathBuf;

/// The bytes of a file, not yet read.
#[derive(Debug)]
pub struct Source {
    kind: SourceKind,
    name: String,
}

#[derive(Debug)]
enum SourceKind {
    Path(PathBuf),
    Bytes(PyBackedBytes),
}

impl Source {
    /// Converts `ob`: `bytes`/`bytearray` are the content; an object with `.read()` is read now
    /// (it must return bytes: a file opened with `"rb"`); otherwise a path (`str` or
    /// `os.PathLike`). `name` names the source in messages and, where a format needs one, gives
    /// a name (default: the path, the file object's `name`, or `default_name`).
    pub fn from_py(
        ob: &Bound<'_, PyAny>,
        name: Option<String>,
        default_name: &str,
    ) -> PyResult<Source> {
        let (kind, found_name) = if ob.is_instance_of::<PyBytes>()
            || ob.is_instance_of::<PyByteArray>()
        {
            (SourceKind::Bytes(ob.extract::<PyBackedBytes>()?), None)
        } else if ob.hasattr("read")? {
            let content = ob.call_method0("read")?;
            if content.is_instance_of::<PyString>() {
                return Err(PyTypeError::new_err(
                    "the file object returned str: open the file in binary mode ('rb')",
                ));
            }
            let bytes = content.extract::<PyBackedBytes>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "the file object's read() returned {}, not bytes",
                    type_name(&content)
                ))
            })?;
            let file_name = ob
                .getattr("name")
                .ok()
                .and_then(|n| n.extract::<String>().ok());
            (SourceKind::Bytes(bytes), file_name)
        } else {
            match ob.extract::<PathBuf>() {
                Ok(path) => {
                    let shown = path.display().to_string();
                    (SourceKind::Path(path), Some(shown))
                }
                Err(_) => {
                    return Err(PyTypeError::new_err(format!(
                        "expected a path (str or os.PathLike), bytes, or a binary file object, not {}",
                        type_name(ob)
                    )));
                }
            }
        };
        let name = name
            .or(found_name)
            .unwrap_or_else(|| default_name.to_string());
        Ok(Source { kind, name })
    }

    /// The name given, or the path, or the file object's name, or the default.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole content as UTF-8 text. Call it inside `py.detach` for paths.
    ///
    /// Failures raise `FileReadError` (code `io`) naming the source.
    pub fn read_to_string(&self) -> PyResult<String> {
        let read = match &self.kind {
            SourceKind::Path(path) => std::fs::read_to_string(path),
            SourceKind::Bytes(bytes) => std::io::read_to_string(&bytes[..]),
        };
        read.map_err(|e| {
            let message = format!("cannot read {}: {e}", self.name);
            let code = Error::Io(e).code();
            ErrorClass::FileRead.new_err(message, code, None)
        })
    }
}
