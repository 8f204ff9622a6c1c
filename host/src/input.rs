//! Whole-file inputs, read with a stated size limit per kind of file.
//!
//! A whole-file input is read into memory before it is used (survey answers, records, a scheme,
//! reference lists, usernames), so a wrong file (a disk image, `/dev/zero`) must not grow memory
//! until the machine refuses: each kind has a limit, a file whose size is known to be larger is
//! refused before a byte is read, and a stream is never read past its limit + 1 byte. Uploads
//! themselves are streamed by the core and have no limit; a streamed input that is not an
//! upload (the ILR file) is opened with [`open`], a buffered reader that stops at its kind's
//! limit.

use learner_destinations::{Error, Result};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

const MIB: u64 = 1024 * 1024;

/// A kind of whole-file input: what it is called in messages and the most read of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputKind {
    /// What the file is, for messages ("survey answers").
    pub what: &'static str,
    /// The most bytes read; a larger file is [`Error::InputTooLarge`].
    pub limit: u64,
}

/// One leaver's survey answers (JSON): a few kilobytes in practice.
pub const SURVEY_ANSWERS: InputKind = InputKind {
    what: "survey answers",
    limit: 16 * MIB,
};
/// A survey definition (JSON).
pub const SURVEY_DEFINITION: InputKind = InputKind {
    what: "survey definition",
    limit: 16 * MIB,
};
/// Destination records (JSON): about 200 bytes a record, so over a million records.
pub const RECORDS: InputKind = InputKind {
    what: "destination records",
    limit: 256 * MIB,
};
/// Enrolments and destinations for the awaiting check (JSON).
pub const AWAITING: InputKind = InputKind {
    what: "enrolments and destinations",
    limit: 256 * MIB,
};
/// A code scheme (JSON or CSV): a few hundred codes.
pub const SCHEME: InputKind = InputKind {
    what: "scheme file",
    limit: 16 * MIB,
};
/// Qualification reference lists: the exported workbook's reference sheets, or a JSON file.
pub const QUALIFICATION_REFERENCE: InputKind = InputKind {
    what: "qualification reference lists",
    limit: 256 * MIB,
};
/// The learners UCAS Progress exported (workbook or CSV), for the identity comparison.
pub const QUALIFICATION_EXPORT: InputKind = InputKind {
    what: "exported learners file",
    limit: 256 * MIB,
};
/// Usernames already taken, one a line: about 30 bytes a name, so millions of names.
pub const EXISTING_USERNAMES: InputKind = InputKind {
    what: "existing usernames",
    limit: 128 * MIB,
};
/// A provider's ILR file (XML).
pub const ILR: InputKind = InputKind {
    what: "ILR file",
    limit: 2048 * MIB,
};

/// A workbook read whole as a workbook (a host's `readWorkbook`, `readSheet`): as large as the
/// exported learners file may be, the largest workbook an upload reads whole.
pub const WORKBOOK: InputKind = InputKind {
    what: "workbook",
    limit: QUALIFICATION_EXPORT.limit,
};

/// Where a whole-file input comes from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// A file.
    Path(&'a Path),
    /// Standard input.
    Stdin,
}

impl<'a> Source<'a> {
    /// `-` is standard input, anything else a path (for commands that take `-`).
    pub fn path_or_stdin(path: &'a Path) -> Self {
        if path.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::Path(path)
        }
    }

    fn shown(&self) -> String {
        match self {
            Source::Path(p) => p.display().to_string(),
            Source::Stdin => "-".to_string(),
        }
    }
}

fn unreadable(kind: &InputKind, path: String, e: &std::io::Error) -> Error {
    let message = if e.kind() == std::io::ErrorKind::IsADirectory {
        "it is a folder; give a file".to_string()
    } else {
        e.to_string()
    };
    Error::InputUnreadable {
        what: kind.what.to_string(),
        path,
        message,
        kind: e.kind(),
    }
}

/// The whole of `source`, at most `kind.limit` bytes.
///
/// Errors: [`Error::InputUnreadable`] (missing, a folder, no permission; with the system's error
/// kind), [`Error::InputTooLarge`] past the limit (known from the file's size before reading,
/// else after reading `limit + 1` bytes).
pub fn read(source: Source<'_>, kind: &InputKind) -> Result<Vec<u8>> {
    let shown = source.shown();
    match source {
        Source::Stdin => read_limited(std::io::stdin().lock(), kind, &shown, None),
        Source::Path(path) => {
            let file =
                std::fs::File::open(path).map_err(|e| unreadable(kind, shown.clone(), &e))?;
            let meta = file
                .metadata()
                .map_err(|e| unreadable(kind, shown.clone(), &e))?;
            if meta.is_dir() {
                let e = std::io::Error::from(std::io::ErrorKind::IsADirectory);
                return Err(unreadable(kind, shown, &e));
            }
            let size = meta.is_file().then_some(meta.len());
            read_limited(file, kind, &shown, size)
        }
    }
}

/// A streamed input: reads at most its kind's limit, then fails (see [`open`]).
#[derive(Debug)]
pub struct Bounded<R> {
    inner: R,
    /// Bytes that may still be read.
    left: u64,
    what: String,
    limit: u64,
}

impl<R: BufRead> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Bounded<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        let (left, what, limit) = (self.left, &self.what, self.limit);
        let bytes = self.inner.fill_buf()?;
        if left == 0 && !bytes.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                format!("{what} is larger than {limit} bytes, the most read of it"),
            ));
        }
        let n = bytes.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        Ok(&bytes[..n])
    }

    fn consume(&mut self, amount: usize) {
        let amount = amount.min(usize::try_from(self.left).unwrap_or(usize::MAX));
        self.left -= amount as u64;
        self.inner.consume(amount);
    }
}

/// Opens the file at `path` to be streamed (a `BufRead` with a 64 KiB buffer), reading at most
/// `kind.limit` bytes: a file whose size is known to be larger is refused at once, and a read
/// past the limit (a file that grew, a device) fails with an I/O error of kind `FileTooLarge`
/// that names the limit.
///
/// Errors: [`Error::InputUnreadable`] (missing, a folder, no permission; with the system's error
/// kind), [`Error::InputTooLarge`] for a file known to be over the limit.
pub fn open(path: &Path, kind: &InputKind) -> Result<Bounded<BufReader<File>>> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|e| unreadable(kind, shown.clone(), &e))?;
    let meta = file
        .metadata()
        .map_err(|e| unreadable(kind, shown.clone(), &e))?;
    if meta.is_dir() {
        let e = std::io::Error::from(std::io::ErrorKind::IsADirectory);
        return Err(unreadable(kind, shown, &e));
    }
    if meta.is_file() && meta.len() > kind.limit {
        return Err(Error::InputTooLarge {
            what: format!("{} '{shown}'", kind.what),
            limit: kind.limit,
        });
    }
    Ok(Bounded {
        inner: BufReader::with_capacity(64 * 1024, file),
        left: kind.limit,
        what: format!("{} '{shown}'", kind.what),
        limit: kind.limit,
    })
}

/// A stream (standard input, a host's file object) to be read as [`open`] reads a file: with a
/// 64 KiB buffer, failing with an I/O error of kind `FileTooLarge` on a read past `kind.limit`.
/// `shown` names the stream in messages (`-` for standard input).
pub fn open_reader<R: Read>(reader: R, shown: &str, kind: &InputKind) -> Bounded<BufReader<R>> {
    Bounded {
        inner: BufReader::with_capacity(64 * 1024, reader),
        left: kind.limit,
        what: format!("{} '{shown}'", kind.what),
        limit: kind.limit,
    }
}

/// The size of the file at `path` in bytes, when it is a regular file (for a progress bar).
pub fn file_size(path: &Path) -> Option<u64> {
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}

/// [`read`] as UTF-8 text; bytes that are not UTF-8 are [`Error::InputUnreadable`] with kind
/// `InvalidData`.
pub fn read_text(source: Source<'_>, kind: &InputKind) -> Result<String> {
    let bytes = read(source, kind)?;
    String::from_utf8(bytes).map_err(|e| Error::InputUnreadable {
        what: kind.what.to_string(),
        path: source.shown(),
        message: format!(
            "it is not UTF-8 text (byte {} is not); save it as UTF-8",
            e.utf8_error().valid_up_to() + 1
        ),
        kind: std::io::ErrorKind::InvalidData,
    })
}

/// At most `kind.limit` bytes of `reader`; `size` is its length when known (refused at once when
/// over the limit, and used to size the buffer).
pub fn read_limited<R: Read>(
    reader: R,
    kind: &InputKind,
    shown: &str,
    size: Option<u64>,
) -> Result<Vec<u8>> {
    let too_large = || Error::InputTooLarge {
        what: format!("{} '{shown}'", kind.what),
        limit: kind.limit,
    };
    if size.is_some_and(|s| s > kind.limit) {
        return Err(too_large());
    }
    let capacity = size.unwrap_or(64 * 1024).min(kind.limit) as usize;
    let mut bytes = Vec::with_capacity(capacity.saturating_add(1));
    reader
        .take(kind.limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(kind, shown.to_string(), &e))?;
    if bytes.len() as u64 > kind.limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// A whole-file resource of a run read from `path` ([`read`]), named by its file name (the
/// whole path when it has none) in the core's messages and report.
pub fn read_named(
    path: &Path,
    kind: &InputKind,
) -> Result<learner_destinations::workflow::NamedInput> {
    Ok(learner_destinations::workflow::NamedInput {
        name: path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        bytes: read(Source::Path(path), kind)?,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("ld-host-in-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    const SMALL: InputKind = InputKind {
        what: "test file",
        limit: 10,
    };

    #[test]
    fn reads_up_to_the_limit_and_refuses_past_it() {
        let dir = scratch("limit");
        let at = dir.join("at");
        std::fs::write(&at, b"0123456789").unwrap();
        assert_eq!(read(Source::Path(&at), &SMALL).unwrap(), b"0123456789");
        let over = dir.join("over");
        std::fs::write(&over, b"0123456789A").unwrap();
        let e = read(Source::Path(&over), &SMALL).unwrap_err();
        assert_eq!(e.code(), "input_too_large");
        assert!(e.to_string().contains("10 bytes"), "{e}");
        // A stream of unknown size is read one byte past the limit, no further.
        let mut stream = std::io::Cursor::new(vec![b'x'; 1000]);
        let e = read_limited(&mut stream, &SMALL, "-", None).unwrap_err();
        assert_eq!(e.code(), "input_too_large");
        assert_eq!(stream.position(), 11);
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_fails_fast_at_the_limit() {
        let started = std::time::Instant::now();
        let e = read(Source::Path(Path::new("/dev/zero")), &SCHEME).unwrap_err();
        assert_eq!(e.code(), "input_too_large");
        assert!(e.to_string().contains("scheme file '/dev/zero'"), "{e}");
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn missing_and_folder_are_unreadable_with_their_kind() {
        let dir = scratch("missing");
        let e = read(Source::Path(&dir.join("nope.json")), &RECORDS).unwrap_err();
        match &e {
            Error::InputUnreadable { what, kind, .. } => {
                assert_eq!(what, "destination records");
                assert_eq!(*kind, std::io::ErrorKind::NotFound);
            }
            other => panic!("{other:?}"),
        }
        let e = read(Source::Path(&dir), &RECORDS).unwrap_err();
        assert_eq!(e.code(), "input_unreadable");
        assert!(e.to_string().contains("folder"), "{e}");
    }

    #[test]
    fn text_must_be_utf8() {
        let dir = scratch("utf8");
        let p = dir.join("latin1");
        std::fs::write(&p, b"caf\xe9").unwrap();
        let e = read_text(Source::Path(&p), &SMALL).unwrap_err();
        assert!(
            matches!(&e, Error::InputUnreadable { kind, .. } if *kind == std::io::ErrorKind::InvalidData)
        );
        assert!(e.to_string().contains("byte 4"), "{e}");
        std::fs::write(&p, "café".as_bytes()).unwrap();
        assert_eq!(read_text(Source::Path(&p), &SMALL).unwrap(), "café");
    }

    #[test]
    fn open_streams_up_to_the_limit() {
        let dir = scratch("open");
        let at = dir.join("at");
        std::fs::write(&at, b"0123456789").unwrap();
        let mut text = String::new();
        open(&at, &SMALL)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "0123456789");
        let over = dir.join("over");
        std::fs::write(&over, b"0123456789A").unwrap();
        let e = open(&over, &SMALL).unwrap_err();
        assert_eq!(e.code(), "input_too_large");
        let e = open(&dir, &SMALL).unwrap_err();
        assert!(e.to_string().contains("folder"), "{e}");
        let e = open(&dir.join("nope"), &ILR).unwrap_err();
        assert!(
            matches!(&e, Error::InputUnreadable { what, kind, .. } if what == "ILR file" && *kind == std::io::ErrorKind::NotFound),
            "{e:?}"
        );
        // A stream longer than its limit (here a device) fails on the read past it.
        let mut bounded = Bounded {
            inner: std::io::Cursor::new(vec![b'x'; 100]),
            left: SMALL.limit,
            what: "test file '-'".into(),
            limit: SMALL.limit,
        };
        let mut bytes = Vec::new();
        let e = bounded.read_to_end(&mut bytes).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge);
        assert!(e.to_string().contains("10 bytes"), "{e}");
        assert_eq!(bytes.len(), 10);
    }

    #[test]
    fn dash_is_stdin() {
        assert!(matches!(
            Source::path_or_stdin(Path::new("-")),
            Source::Stdin
        ));
        assert!(matches!(
            Source::path_or_stdin(Path::new("./-")),
            Source::Path(_)
        ));
    }
}
