//! Where a file's bytes come from: a path (`str` or `os.PathLike`), `bytes` (or `bytearray`), or
//! a binary file object (anything with `.read(size)` returning bytes); and where an output file
//! goes ([`Sink`]: a path or a binary file object with `.write`).
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
//!     let source = Source::from_py(source, None, "user")?;  // attached: inspect Python objects
//!     let scheme = py.detach(|| -> PyResult<_> {           // detached: no Python objects here
//!         let text = source.read_limited_text(&input::SCHEME)?;  // the host's limit
//!         Scheme::from_file_text(&text, source.name()).map_err(py_err)
//!     })?;
//!     Ok(PyScheme(scheme))                                  // attached again: build results
//! }
//! ```
//!
//! The upload templates stream from [`Source::reader`], a `std::io::Read`, instead of reading
//! everything first: a path is read from the file, `bytes` in place, and a file object in chunks,
//! each `.read()` call re-attaching briefly with `Python::attach` (so a file object costs a short
//! hold of the GIL per megabyte, not the whole validation).

use crate::arguments::type_name;
use crate::errors::{os_error_to_py, py_err};
use learner_destinations::Error;
use learner_destinations_host::input::{self, InputKind};
use learner_destinations_host::output::{
    FileIdentity, OutputFile, Privacy, check_outputs, commit_all,
};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use std::io::{Read, Write};
use std::path::PathBuf;

/// How much a file object is asked for per `.read()` call.
const CHUNK: usize = 1 << 20;

/// The bytes of a file, not yet read.
#[derive(Debug)]
pub struct Source {
    kind: SourceKind,
    name: String,
    /// The name was given, or is the path's or the file object's (not the default).
    named: bool,
}

#[derive(Debug)]
enum SourceKind {
    Path(PathBuf),
    Bytes(PyBackedBytes),
    /// A binary file object, read with `.read(size)`.
    Object(Py<PyAny>),
}

impl Source {
    /// Converts `ob`: `bytes`/`bytearray` are the content; an object with `.read()` is read
    /// later, in chunks (it must return bytes: a file opened with `"rb"`); otherwise a path
    /// (`str` or `os.PathLike`). `name` names the source in messages and, where a format needs
    /// one, gives a name (default: the path, the file object's `name`, or `default_name`).
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
            let file_name = ob
                .getattr("name")
                .ok()
                .and_then(|n| n.extract::<String>().ok());
            (SourceKind::Object(ob.clone().unbind()), file_name)
        } else {
            match ob.extract::<PathBuf>() {
                Ok(path) => {
                    if let Ok(text) = ob.cast::<PyString>() {
                        refuse_csv_text(&text.to_cow()?, &path)?;
                    }
                    let shown = path.display().to_string();
                    (SourceKind::Path(path), Some(shown))
                }
                Err(_) => {
                    return Err(crate::errors::type_invalid(format!(
                        "expected a path (str or os.PathLike), bytes, or a binary file object, not {}",
                        type_name(ob)
                    )));
                }
            }
        };
        let named = name.is_some() || found_name.is_some();
        let name = name
            .or(found_name)
            .unwrap_or_else(|| default_name.to_string());
        Ok(Source { kind, name, named })
    }

    /// True when the source has a name of its own (given, a path, or a file object's `name`).
    pub fn has_name(&self) -> bool {
        self.named
    }

    /// True for a file object (read with `.read()`), which only the binding can name.
    pub fn is_object(&self) -> bool {
        matches!(self.kind, SourceKind::Object(_))
    }

    /// The path, when the source is one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match &self.kind {
            SourceKind::Path(path) => Some(path),
            _ => None,
        }
    }

    /// The bytes, when the source is `bytes`.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.kind {
            SourceKind::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The name given, or the path, or the file object's name, or the default.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name without its directories (`uploads/march.csv` → `march.csv`).
    pub fn file_name(&self) -> String {
        std::path::Path::new(&self.name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.name.clone())
    }

    /// A reader over the content; call it inside `py.detach`. Opening a path that cannot be
    /// read raises `FileReadError` (code `io`) naming it.
    pub fn reader(&self) -> PyResult<SourceReader<'_>> {
        let inner = match &self.kind {
            SourceKind::Path(path) => {
                Inner::File(std::fs::File::open(path).map_err(|e| self.read_error(e))?)
            }
            SourceKind::Bytes(bytes) => Inner::Bytes(&bytes[..]),
            SourceKind::Object(object) => Inner::Object {
                object,
                pending: Vec::new(),
                at: 0,
                ended: false,
            },
        };
        Ok(SourceReader {
            inner,
            failure: None,
        })
    }

    /// The whole content, at most the host's limit for its `kind` (a scheme, reference lists,
    /// an exported file...). Call it inside `py.detach`.
    ///
    /// A path is read by the host (`learner_destinations_host::input::read`: `FileReadError`
    /// `input_unreadable` naming it, `FileFormatError` `input_too_large` past the limit, known
    /// from its size before a byte is read); a file object is read no further than the limit and
    /// one byte; `bytes` past the limit are refused the same way. A file object's own exception
    /// is raised as it is.
    pub fn read_limited(&self, kind: &InputKind) -> PyResult<Vec<u8>> {
        match &self.kind {
            SourceKind::Path(path) => input::read(input::Source::Path(path), kind).map_err(py_err),
            SourceKind::Bytes(bytes) => {
                input::read_limited(&bytes[..], kind, &self.name, Some(bytes.len() as u64))
                    .map_err(py_err)
            }
            SourceKind::Object(_) => {
                let mut reader = self.reader()?;
                let read = input::read_limited(&mut reader, kind, &self.name, None);
                reader.check()?;
                read.map_err(py_err)
            }
        }
    }

    /// [`Source::read_limited`] as UTF-8 text: other bytes raise `FileReadError`
    /// (`input_unreadable`) saying where the first one is.
    pub fn read_limited_text(&self, kind: &InputKind) -> PyResult<String> {
        let bytes = self.read_limited(kind)?;
        String::from_utf8(bytes).map_err(|e| {
            py_err(Error::InputUnreadable {
                what: kind.what.to_string(),
                path: self.name.clone(),
                message: format!(
                    "it is not UTF-8 text (byte {} is not); save it as UTF-8",
                    e.utf8_error().valid_up_to() + 1
                ),
                kind: std::io::ErrorKind::InvalidData,
            })
        })
    }

    /// `FileReadError` for a failure to read this source: for a path, `input_unreadable` with
    /// the path as `filename` and the matching `OSError` subclass (`FileNotFoundError` for a
    /// missing file); for a file object, `io`.
    pub fn read_error(&self, e: std::io::Error) -> PyErr {
        match &self.kind {
            SourceKind::Path(path) => py_err(Error::InputUnreadable {
                what: "input".to_string(),
                path: path.display().to_string(),
                message: e.to_string(),
                kind: e.kind(),
            }),
            _ => {
                let message = format!("cannot read {}: {e}", self.name);
                let (kind, reason) = (e.kind(), e.to_string());
                let code = Error::Io(e).code();
                os_error_to_py(message, code, Some(kind), None, Some(reason))
            }
        }
    }
}

/// Refuses a `str` that holds CSV text rather than a path: it has a line break or a comma and
/// no file has that name (the host's [`FileIdentity::of_path`] finds none). Reading it as a path
/// would fail with a "not found" that echoes the whole upload; the message says what to pass.
fn refuse_csv_text(text: &str, path: &std::path::Path) -> PyResult<()> {
    let looks_like_csv = text.contains(['\n', '\r', ',']);
    if looks_like_csv && FileIdentity::of_path(path).is_none() {
        return Err(crate::errors::type_invalid(format!(
            "source is a str of {} characters holding text with a line break or a comma, and no \
             file has that name: a str is taken as a path. Pass CSV text as bytes \
             (text.encode()) or io.BytesIO(text.encode()), or give the path of a file",
            text.chars().count()
        )));
    }
    Ok(())
}

/// A [`Read`] over a [`Source`]. A file object's own exception (or a `TypeError` for a text-mode
/// file) is kept and raised by [`SourceReader::check`], since the core sees only an I/O error.
#[derive(Debug)]
pub struct SourceReader<'s> {
    inner: Inner<'s>,
    failure: Option<PyErr>,
}

#[derive(Debug)]
enum Inner<'s> {
    File(std::fs::File),
    Bytes(&'s [u8]),
    Object {
        object: &'s Py<PyAny>,
        pending: Vec<u8>,
        at: usize,
        ended: bool,
    },
}

impl SourceReader<'_> {
    /// Raises the file object's exception, if reading it failed.
    pub fn check(&mut self) -> PyResult<()> {
        match self.failure.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// One `.read(CHUNK)` of a file object, attached to the interpreter for the call only.
fn read_chunk(object: &Py<PyAny>) -> PyResult<Vec<u8>> {
    Python::attach(|py| {
        let chunk = object.bind(py).call_method1("read", (CHUNK,))?;
        if chunk.is_instance_of::<PyString>() {
            return Err(crate::errors::type_invalid(
                "the file object returned str: open the file in binary mode ('rb')",
            ));
        }
        if chunk.is_none() {
            // A non-blocking stream with nothing to read yet: treat as the end.
            return Ok(Vec::new());
        }
        let bytes = chunk.extract::<PyBackedBytes>().map_err(|_| {
            crate::errors::type_invalid(format!(
                "the file object's read() returned {}, not bytes",
                type_name(&chunk)
            ))
        })?;
        Ok(bytes.to_vec())
    })
}

impl Read for SourceReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match &mut self.inner {
            Inner::File(file) => file.read(buf),
            Inner::Bytes(bytes) => bytes.read(buf),
            Inner::Object {
                object,
                pending,
                at,
                ended,
            } => {
                if *at >= pending.len() {
                    if *ended || buf.is_empty() {
                        return Ok(0);
                    }
                    match read_chunk(object) {
                        Ok(chunk) => {
                            *ended = chunk.is_empty();
                            *pending = chunk;
                            *at = 0;
                        }
                        Err(e) => {
                            let message = Python::attach(|py| e.value(py).to_string());
                            self.failure = Some(e);
                            return Err(std::io::Error::other(message));
                        }
                    }
                }
                let n = buf.len().min(pending.len() - *at);
                buf[..n].copy_from_slice(&pending[*at..*at + n]);
                *at += n;
                Ok(n)
            }
        }
    }
}

/// Where an output file goes: a path (`str` or `os.PathLike`), written through the host's
/// output files, or a binary file object with `.write(bytes)`.
#[derive(Debug)]
pub enum Sink {
    Path(PathBuf),
    Object(Py<PyAny>),
}

impl Sink {
    pub fn from_py(ob: &Bound<'_, PyAny>) -> PyResult<Sink> {
        if ob.hasattr("write")? {
            return Ok(Sink::Object(ob.clone().unbind()));
        }
        ob.extract::<PathBuf>().map(Sink::Path).map_err(|_| {
            crate::errors::type_invalid(format!(
                "expected a path (str or os.PathLike) or a binary file object, not {}",
                type_name(ob)
            ))
        })
    }

    /// Writes what `produce` writes: to a path, through the host's output file (`option` names
    /// it in messages; refused before anything is written when it is the `input` file, created
    /// exclusively beside the path, `privacy` from its first byte, put in place only when
    /// complete, never through a symlink), with the GIL released; to a file object, built with
    /// the GIL released and handed over in one `.write()` call. Failures raise the core's
    /// errors (`FileReadError` `output_unwritable` naming the path, `InvalidArgumentError`
    /// `output_is_input`), or the object's own exception.
    pub fn write_with<F>(
        &self,
        py: Python<'_>,
        option: &str,
        privacy: Privacy,
        input: Option<&FileIdentity>,
        produce: F,
    ) -> PyResult<()>
    where
        F: FnOnce(&mut dyn Write) -> learner_destinations::Result<()> + Send,
    {
        match self {
            Sink::Path(path) => py.detach(|| {
                let inputs: Vec<FileIdentity> = input.into_iter().cloned().collect();
                check_outputs(&inputs, &[(option, path.as_path())]).map_err(py_err)?;
                let mut file = OutputFile::create(option, path, privacy).map_err(py_err)?;
                let produced = produce(&mut file);
                if let Some(e) = file.failure() {
                    return Err(py_err(e));
                }
                produced.map_err(py_err)?;
                commit_all(vec![file]).map_err(py_err)
            }),
            Sink::Object(object) => {
                let bytes = py.detach(|| {
                    let mut bytes = Vec::new();
                    produce(&mut bytes).map(|()| bytes)
                });
                let bytes = bytes.map_err(py_err)?;
                object
                    .bind(py)
                    .call_method1("write", (PyBytes::new(py, &bytes),))?;
                Ok(())
            }
        }
    }
}
