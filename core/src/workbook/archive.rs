//! The parts of a zip container (.xlsx, .ods), each read as a stream with a budget: at most
//! [`MAX_PART_BYTES`](super::MAX_PART_BYTES) decompressed bytes, and at most
//! [`MAX_MARKUP_RUN`](super::MAX_MARKUP_RUN) bytes between two markup characters (`<`, `>`), so
//! an XML reader above never buffers more than that for one tag or one run of text (4 GiB of
//! whitespace in a 4 MB file is refused after its first mebibyte).
//!
//! A part is decompressed from the workbook's bytes directly (the zip crate lists the parts;
//! the stream owns a shared handle to the bytes, so a sheet's rows can be read while the
//! workbook value moves on). Its CRC-32 and size are checked at its end: a damaged part is an
//! error, never rows read from garbage.

use super::{MAX_MARKUP_RUN, MAX_PART_BYTES, Shared, too_large};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::io::{BufRead, Read};

/// How a part is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Stored,
    Deflated,
}

/// Where one part's bytes are in the container.
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: usize,
    compressed: usize,
    size: u64,
    crc: u32,
    method: Method,
}

/// A zip container's directory: its parts by name (matched ignoring ASCII case, as Excel does).
#[derive(Debug, Clone)]
pub(crate) struct Archive {
    bytes: Shared,
    entries: HashMap<String, Entry>,
}

pub(crate) fn damaged(detail: &str) -> Error {
    Error::WorkbookUnreadable {
        message: format!(
            "the workbook cannot be read: {detail}; open it in Excel and save it again, or save the sheet as CSV UTF-8"
        ),
    }
}

impl Archive {
    /// The directory of the zip container in `bytes`.
    pub(crate) fn open(bytes: Shared) -> Result<Archive> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..]))
            .map_err(|e| damaged(&format!("its zip container is damaged ({e})")))?;
        let mut entries = HashMap::with_capacity(zip.len().min(4096));
        for i in 0..zip.len() {
            let file = zip
                .by_index_raw(i)
                .map_err(|e| damaged(&format!("its zip container is damaged ({e})")))?;
            if file.is_dir() {
                continue;
            }
            let method = match file.compression() {
                zip::CompressionMethod::Stored => Method::Stored,
                zip::CompressionMethod::Deflated => Method::Deflated,
                // Excel writes only these two; another is not a workbook Excel can open.
                _ => continue,
            };
            if file.encrypted() {
                continue;
            }
            let Some(start) = file.data_start() else {
                continue;
            };
            let (Ok(start), Ok(compressed)) = (
                usize::try_from(start),
                usize::try_from(file.compressed_size()),
            ) else {
                continue;
            };
            if start
                .checked_add(compressed)
                .is_none_or(|end| end > bytes.len())
            {
                return Err(damaged("a part of its zip container is cut short"));
            }
            let entry = Entry {
                start,
                compressed,
                size: file.size(),
                crc: file.crc32(),
                method,
            };
            let Ok(name) = file.name() else {
                continue;
            };
            entries.insert(name.to_ascii_lowercase(), entry);
        }
        Ok(Archive { bytes, entries })
    }

    /// True when the container has a part called `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.entries.contains_key(&name.to_ascii_lowercase())
    }

    /// The part called `name` as a budgeted stream, or `None` when there is none. `what` names
    /// the part in messages (e.g. "sheet 'Destinations'").
    pub(crate) fn part(&self, name: &str, what: &str) -> Option<PartReader> {
        let entry = *self.entries.get(&name.to_ascii_lowercase())?;
        let raw = SliceReader {
            bytes: self.bytes.clone(),
            pos: entry.start,
            end: entry.start + entry.compressed,
        };
        let inner = match entry.method {
            Method::Stored => Inner::Stored(raw),
            Method::Deflated => {
                Inner::Deflated(Box::new(flate2::bufread::DeflateDecoder::new(raw)))
            }
        };
        Some(PartReader {
            inner,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            filled: 0,
            consumed: 0,
            total: 0,
            run: 0,
            crc: flate2::Crc::new(),
            entry,
            what: what.to_string(),
            breach: None,
            finished: false,
        })
    }
}

/// The compressed bytes of one part, owning a handle to the workbook's bytes.
#[derive(Debug)]
struct SliceReader {
    bytes: Shared,
    pos: usize,
    end: usize,
}

impl Read for SliceReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for SliceReader {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        Ok(&self.bytes[self.pos..self.end])
    }
    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.end);
    }
}

enum Inner {
    Stored(SliceReader),
    Deflated(Box<flate2::bufread::DeflateDecoder<SliceReader>>),
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Inner::Stored(_) => "Stored",
            Inner::Deflated(_) => "Deflated",
        })
    }
}

impl Read for Inner {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Inner::Stored(r) => r.read(out),
            Inner::Deflated(r) => r.read(out),
        }
    }
}

/// One part's decompressed bytes, with the budget checked as they come (see the module
/// documentation). A breach stops the stream with an I/O error; [`PartReader::error`] turns
/// whatever error the reader above reports into the catalogued one.
#[derive(Debug)]
pub(crate) struct PartReader {
    inner: Inner,
    buf: Box<[u8]>,
    filled: usize,
    consumed: usize,
    total: u64,
    /// Bytes since the last `<` or `>`.
    run: usize,
    crc: flate2::Crc,
    entry: Entry,
    what: String,
    breach: Option<Error>,
    finished: bool,
}

impl PartReader {
    /// The catalogued error for a failure reported while reading this part: the budget's
    /// breach when there was one, else `fallback` (the XML reader's own complaint).
    pub(crate) fn error(&mut self, fallback: impl FnOnce() -> Error) -> Error {
        self.breach.take().unwrap_or_else(fallback)
    }

    /// The part's size once decompressed, as the zip directory records it (checked at its
    /// end; an upper bound worth reserving for, never trusted beyond a limit).
    pub(crate) fn recorded_size(&self) -> u64 {
        self.entry.size
    }

    /// What the part is, for messages.
    pub(crate) fn what(&self) -> &str {
        &self.what
    }

    fn fail(&mut self, error: Error) -> std::io::Error {
        self.breach = Some(error);
        std::io::Error::other("workbook limit")
    }
}

impl Read for PartReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for PartReader {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.consumed < self.filled {
            return Ok(&self.buf[self.consumed..self.filled]);
        }
        if self.finished {
            return Ok(&[]);
        }
        let n = match self.inner.read(&mut self.buf) {
            Ok(n) => n,
            Err(e) => {
                let what = self.what.clone();
                return Err(self.fail(damaged(&format!("{what} is damaged ({e})"))));
            }
        };
        if n == 0 {
            self.finished = true;
            if self.total != self.entry.size || self.crc.sum() != self.entry.crc {
                let what = self.what.clone();
                return Err(self.fail(damaged(&format!(
                    "{what} is damaged (its size or checksum is not the one recorded)"
                ))));
            }
            return Ok(&[]);
        }
        let chunk = &self.buf[..n];
        self.crc.update(chunk);
        self.total += n as u64;
        self.run = match memchr::memrchr2(b'<', b'>', chunk) {
            Some(p) => n - p - 1,
            None => self.run + n,
        };
        if self.total > MAX_PART_BYTES {
            let e = too_large(
                "part_bytes",
                MAX_PART_BYTES,
                format!(
                    "{} holds more than {} MiB of XML once decompressed, more than is read from one part of a workbook (a compressed file this large is usually a zip bomb); save the sheet as CSV UTF-8, or split the upload",
                    self.what,
                    MAX_PART_BYTES >> 20
                ),
            );
            return Err(self.fail(e));
        }
        if self.run > MAX_MARKUP_RUN {
            let e = too_large(
                "markup_run",
                MAX_MARKUP_RUN as u64,
                format!(
                    "{} has more than {} bytes of text or markup in one piece (a single cell holds at most 32,767 characters in Excel); this workbook was not saved by Excel. Open it in Excel and save it again, or save the sheet as CSV UTF-8",
                    self.what, MAX_MARKUP_RUN
                ),
            );
            return Err(self.fail(e));
        }
        self.filled = n;
        self.consumed = 0;
        Ok(&self.buf[..n])
    }

    fn consume(&mut self, amt: usize) {
        self.consumed = (self.consumed + amt).min(self.filled);
    }
}
