//! Recognising an upload's encoding from its first bytes, and reading it as a stream of bytes
//! in an ASCII-compatible encoding (UTF-8, or Windows-1252 decoded later per cell).
//!
//! What is read (the template rules of the destinations upload issue; what upload users ask for,
//! `reference/peers-and-user-asks.md` item 3):
//! - UTF-8, with or without a byte-order mark;
//! - UTF-16 LE or BE with a byte-order mark (Excel's "Unicode Text"), transcoded to UTF-8 as it
//!   streams;
//! - Windows-1252 when the bytes are not UTF-8 (Excel's plain "CSV (Comma delimited)" on
//!   Windows), reported with a file-level warning.
//!
//! What is refused, with what to do: UTF-32, UTF-16 without a byte-order mark, Excel workbooks
//! (.xlsx, .xls), PDFs, zip and gzip archives and other binary data.

use crate::error::{Error, Result};
use encoding_rs::{CoderResult, Decoder, UTF_16BE, UTF_16LE};
use serde::Serialize;
use std::io::{self, Read};

/// How many bytes are looked at to recognise the encoding.
const HEAD_LEN: usize = 64 * 1024;
/// The size of the buffer the reader refills.
const BUF_LEN: usize = 64 * 1024;

/// What to say when a file must be saved again.
pub(crate) const SAVE_AS_CSV_UTF8: &str =
    "in Excel choose File > Save As > \"CSV UTF-8 (Comma delimited) (*.csv)\" and upload that file";

/// The text encoding of an upload, as recognised from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark (plain ASCII included).
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 little-endian with a byte-order mark (Excel's "Unicode Text").
    Utf16Le,
    /// UTF-16 big-endian with a byte-order mark.
    Utf16Be,
    /// Windows-1252: the bytes were not UTF-8.
    Windows1252,
}

impl TextEncoding {
    /// A label for people and JSON: `UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `UTF-16BE`,
    /// `Windows-1252`.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// True when `bytes` hold at least one well-formed UTF-8 sequence of two or more bytes: text
/// that was written as UTF-8 (Windows-1252 text almost never forms one: an accented letter is
/// one byte there, followed by ASCII).
fn has_utf8_multibyte(bytes: &[u8]) -> bool {
    bytes
        .utf8_chunks()
        .any(|chunk| chunk.valid().bytes().any(|b| b >= 0x80))
}

/// Reads as much of `reader` as fills `len` bytes, or to the end.
fn read_full<R: Read>(reader: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Recognises signatures of files that are not text.
fn signature(head: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 6] = [
        (
            b"PK\x03\x04",
            "an Excel workbook (.xlsx) or another zip archive",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an old-style Excel workbook (.xls) or another Office document",
        ),
        (b"%PDF", "a PDF document"),
        (b"\x1F\x8B", "a gzip-compressed file"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, what)| *what)
}

/// Why `text` (already in an ASCII-compatible encoding) does not look like text, if it does not.
fn binary_reason(text: &[u8]) -> Option<Error> {
    if text.is_empty() {
        return None;
    }
    let nuls = text.iter().filter(|b| **b == 0).count();
    if nuls > 0 {
        // ASCII text in UTF-16 without a BOM has a NUL in every other byte.
        let even = text.iter().step_by(2).filter(|b| **b == 0).count();
        let odd = text.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let half = text.len() / 2;
        if text.len() >= 4 && (even * 10 >= half * 9 || odd * 10 >= half * 9) {
            return Some(Error::Encoding {
                message: format!(
                    "the file looks like UTF-16 text without a byte-order mark, which cannot be read reliably; {SAVE_AS_CSV_UTF8}"
                ),
            });
        }
        return Some(Error::NotCsv {
            message: format!(
                "the file contains binary data ({nuls} NUL bytes in its first {} bytes), so it is not a CSV file; {SAVE_AS_CSV_UTF8}",
                text.len()
            ),
        });
    }
    let controls = text
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
        .count();
    if controls >= 8 && controls * 100 > text.len() {
        return Some(Error::NotCsv {
            message: format!(
                "the file contains binary data ({controls} control bytes in its first {} bytes), so it is not a CSV file; {SAVE_AS_CSV_UTF8}",
                text.len()
            ),
        });
    }
    None
}

/// Streaming UTF-16 → UTF-8 transcoding state.
struct Utf16 {
    decoder: Decoder,
    raw: Vec<u8>,
    raw_pos: usize,
    raw_eof: bool,
    done: bool,
}

/// The bytes of one read: checked as UTF-8 once, when read, so that a row read from them need
/// not be checked again (one check of 64 KiB is far cheaper than a million checks of a row).
#[derive(Debug)]
enum Buffer {
    /// Valid UTF-8 throughout.
    Text(String),
    /// Not valid UTF-8 (a Windows-1252 file, or a stray byte): rows are checked one by one.
    Bytes(Vec<u8>),
}

impl Default for Buffer {
    fn default() -> Self {
        Buffer::Bytes(Vec::new())
    }
}

impl Buffer {
    /// Classifies `bytes`. When they end inside a UTF-8 sequence that the next read may
    /// complete (`more` to come), the sequence's bytes are moved to `carry`, to start the next
    /// read, so that a UTF-8 file's buffers are all text however its reads fall.
    fn of(bytes: Vec<u8>, more: bool, carry: &mut Vec<u8>) -> Buffer {
        match String::from_utf8(bytes) {
            Ok(text) => Buffer::Text(text),
            Err(e) => {
                let error = e.utf8_error();
                let valid = error.valid_up_to();
                let mut bytes = e.into_bytes();
                if more && error.error_len().is_none() && valid > 0 {
                    carry.extend_from_slice(bytes.get(valid..).unwrap_or_default());
                    bytes.truncate(valid);
                    match String::from_utf8(bytes) {
                        Ok(text) => Buffer::Text(text),
                        Err(e) => Buffer::Bytes(e.into_bytes()),
                    }
                } else {
                    Buffer::Bytes(bytes)
                }
            }
        }
    }

    #[inline]
    fn bytes(&self) -> &[u8] {
        match self {
            Buffer::Text(text) => text.as_bytes(),
            Buffer::Bytes(bytes) => bytes,
        }
    }

    /// The storage for the next read, as it is (its bytes are overwritten: keeping them saves
    /// zeroing 64 KiB at each read).
    fn take_storage(&mut self) -> Vec<u8> {
        match std::mem::take(self) {
            Buffer::Text(text) => text.into_bytes(),
            Buffer::Bytes(bytes) => bytes,
        }
    }
}

/// An upload's bytes in an ASCII-compatible encoding (UTF-8, or Windows-1252 bytes that are
/// decoded per cell), read in chunks.
pub(crate) struct Input<R> {
    reader: R,
    utf16: Option<Utf16>,
    buf: Buffer,
    /// The end of the last read: bytes of a UTF-8 sequence the next read completes.
    carry: Vec<u8>,
    pos: usize,
    eof: bool,
    /// UTF-16 decoding met units that are not valid UTF-16 and wrote U+FFFD for them.
    pub(crate) replaced: bool,
}

impl<R> std::fmt::Debug for Input<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("utf16", &self.utf16.is_some())
            .field("buffered", &(self.buf.bytes().len() - self.pos))
            .field("eof", &self.eof)
            .finish()
    }
}

impl<R: Read> Input<R> {
    /// Reads the first bytes of `reader`, recognises the encoding, and returns the stream with
    /// the byte-order mark removed. File-level errors (binary data, unsupported encodings)
    /// are returned here, before anything is read as rows.
    pub(crate) fn open(mut reader: R) -> Result<(Input<R>, TextEncoding)> {
        let mut head = vec![0u8; HEAD_LEN];
        let n = read_full(&mut reader, &mut head)?;
        head.truncate(n);
        let at_end = n < HEAD_LEN;

        if head.starts_with(b"\x00\x00\xFE\xFF") || head.starts_with(b"\xFF\xFE\x00\x00") {
            return Err(Error::Encoding {
                message: format!("the file is UTF-32 text, which is not read; {SAVE_AS_CSV_UTF8}"),
            });
        }
        let utf16 = if head.starts_with(b"\xFF\xFE") {
            Some((TextEncoding::Utf16Le, UTF_16LE))
        } else if head.starts_with(b"\xFE\xFF") {
            Some((TextEncoding::Utf16Be, UTF_16BE))
        } else {
            None
        };
        if let Some((encoding, coding)) = utf16 {
            head.drain(..2);
            let mut input = Input {
                reader,
                utf16: Some(Utf16 {
                    decoder: coding.new_decoder_without_bom_handling(),
                    raw: head,
                    raw_pos: 0,
                    raw_eof: at_end,
                    done: false,
                }),
                buf: Buffer::default(),
                carry: Vec::new(),
                pos: 0,
                eof: false,
                replaced: false,
            };
            let first = input.fill()?;
            if let Some(e) = binary_reason(first) {
                return Err(e);
            }
            return Ok((input, encoding));
        }

        let (encoding, bom) = if head.starts_with(b"\xEF\xBB\xBF") {
            (TextEncoding::Utf8Bom, 3)
        } else {
            if let Some(what) = signature(&head) {
                return Err(Error::NotCsv {
                    message: format!("the file is {what}, not a CSV file; {SAVE_AS_CSV_UTF8}"),
                });
            }
            let encoding = match std::str::from_utf8(&head) {
                Ok(_) => TextEncoding::Utf8,
                // Cut in the middle of a character at the end of the head: still UTF-8.
                Err(e) if e.error_len().is_none() && !at_end => TextEncoding::Utf8,
                // Some of it is UTF-8 beyond ASCII (a 'é' written as two bytes) and some is not:
                // a UTF-8 file with stray bytes. It is read as UTF-8, and only the rows whose
                // bytes are not UTF-8 are read as Windows-1252 (each named in a warning).
                Err(_) if has_utf8_multibyte(&head) => TextEncoding::Utf8,
                Err(_) => TextEncoding::Windows1252,
            };
            (encoding, 0)
        };
        head.drain(..bom);
        if let Some(e) = binary_reason(&head) {
            return Err(e);
        }
        let mut carry = Vec::new();
        let buf = Buffer::of(head, !at_end, &mut carry);
        Ok((
            Input {
                reader,
                utf16: None,
                buf,
                carry,
                pos: 0,
                eof: at_end,
                replaced: false,
            },
            encoding,
        ))
    }

    /// The buffered bytes not yet consumed, refilling when there are none; empty at the end.
    #[inline]
    pub(crate) fn fill(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.buf.bytes().len() && !self.eof {
            self.refill()?;
        }
        Ok(self.buf.bytes().get(self.pos..).unwrap_or_default())
    }

    /// Marks `n` bytes of what [`Input::fill`] returned as consumed.
    #[inline]
    pub(crate) fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.buf.bytes().len());
    }

    /// [`Input::fill`], also saying whether the buffer is UTF-8 throughout and where the bytes
    /// returned start in it: with [`Input::text_at`], a reader finds again as text what it
    /// consumed of them (until the next fill).
    #[inline]
    pub(crate) fn fill_at(&mut self) -> io::Result<(&[u8], bool, usize)> {
        if self.pos >= self.buf.bytes().len() && !self.eof {
            self.refill()?;
        }
        let text = matches!(self.buf, Buffer::Text(_));
        Ok((
            self.buf.bytes().get(self.pos..).unwrap_or_default(),
            text,
            self.pos,
        ))
    }

    /// Bytes `start..end` of the buffer (empty when out of range).
    #[inline]
    pub(crate) fn bytes_at(&self, start: usize, end: usize) -> &[u8] {
        self.buf.bytes().get(start..end).unwrap_or_default()
    }

    /// Bytes `start..end` of the buffer as text, when the buffer is UTF-8 throughout (checked
    /// once, when it was read) and the range is on character boundaries; `None` otherwise.
    #[inline]
    pub(crate) fn text_at(&self, start: usize, end: usize) -> Option<&str> {
        match &self.buf {
            Buffer::Text(text) => text.get(start..end),
            Buffer::Bytes(_) => None,
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        self.pos = 0;
        let mut buf = self.buf.take_storage();
        match &mut self.utf16 {
            None => {
                let start = self.carry.len();
                buf.resize(start + BUF_LEN, 0);
                if let Some(head) = buf.get_mut(..start) {
                    head.copy_from_slice(&self.carry);
                }
                self.carry.clear();
                let n = read_full(&mut self.reader, buf.get_mut(start..).unwrap_or_default())?;
                buf.truncate(start + n);
                if n == 0 {
                    self.eof = true;
                }
                self.buf = Buffer::of(buf, n > 0, &mut self.carry);
            }
            Some(u) => {
                buf.resize(BUF_LEN, 0);
                let mut written = 0;
                loop {
                    if u.done {
                        if written == 0 {
                            self.eof = true;
                        }
                        break;
                    }
                    if u.raw_pos >= u.raw.len() && !u.raw_eof {
                        u.raw.clear();
                        u.raw.resize(BUF_LEN, 0);
                        let n = read_full(&mut self.reader, &mut u.raw)?;
                        u.raw.truncate(n);
                        u.raw_pos = 0;
                        if n < BUF_LEN {
                            u.raw_eof = true;
                        }
                    }
                    let (result, read, wrote, replaced) = u.decoder.decode_to_utf8(
                        &u.raw[u.raw_pos..],
                        &mut buf[written..],
                        u.raw_eof,
                    );
                    u.raw_pos += read;
                    written += wrote;
                    self.replaced |= replaced;
                    if u.raw_eof && result == CoderResult::InputEmpty {
                        u.done = true;
                    }
                    if written > 0
                        && (result == CoderResult::OutputFull || u.raw_pos >= u.raw.len())
                    {
                        break;
                    }
                }
                buf.truncate(written);
                // What the decoder writes is UTF-8 throughout (whole characters).
                self.buf = Buffer::of(buf, false, &mut self.carry);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_text(bytes: &[u8]) -> Result<(String, TextEncoding)> {
        let (mut input, enc) = Input::open(bytes)?;
        let mut out = Vec::new();
        loop {
            let chunk = input.fill()?;
            if chunk.is_empty() {
                break;
            }
            out.extend_from_slice(chunk);
            let n = chunk.len();
            input.consume(n);
        }
        Ok((String::from_utf8_lossy(&out).into_owned(), enc))
    }

    fn utf16(text: &str, le: bool) -> Vec<u8> {
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            let b = if le {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            out.extend_from_slice(&b);
        }
        out
    }

    #[test]
    fn recognises_encodings() {
        assert_eq!(
            all_text(b"a,b\n").unwrap(),
            ("a,b\n".into(), TextEncoding::Utf8)
        );
        assert_eq!(
            all_text(b"\xEF\xBB\xBFa,\xC3\xA9\n").unwrap(),
            ("a,é\n".into(), TextEncoding::Utf8Bom)
        );
        assert_eq!(all_text(b"a,\xE9\n").unwrap().1, TextEncoding::Windows1252);
        assert_eq!(
            all_text(&utf16("a,é\n", true)).unwrap(),
            ("a,é\n".into(), TextEncoding::Utf16Le)
        );
        assert_eq!(
            all_text(&utf16("a,é\n", false)).unwrap(),
            ("a,é\n".into(), TextEncoding::Utf16Be)
        );
        assert_eq!(all_text(b"").unwrap(), (String::new(), TextEncoding::Utf8));
    }

    #[test]
    fn long_utf16_streams_across_chunks() {
        let text: String = (0..20_000).map(|i| format!("{i},é€\n")).collect();
        let (out, enc) = all_text(&utf16(&text, true)).unwrap();
        assert_eq!(enc, TextEncoding::Utf16Le);
        assert_eq!(out, text);
    }

    /// Every buffer of a UTF-8 file is text, however its reads cut its characters (the end of
    /// a cut character starts the next buffer), and the bytes come out as they went in; a
    /// buffer with a stray byte is not text, and the rest are.
    #[test]
    fn buffers_of_utf8_are_text_wherever_reads_cut_characters() {
        let mut text = String::new();
        let mut i = 0;
        while text.len() < 5 * BUF_LEN {
            text.push_str(["é", "€", "😀", "a"][i % 4]);
            i += 1;
        }
        let mut bytes = text.clone().into_bytes();
        let stray = bytes.len();
        bytes.extend_from_slice(b"Caf\xE9 and more");
        let (mut input, encoding) = Input::open(&bytes[..]).unwrap();
        assert_eq!(encoding, TextEncoding::Utf8);
        let (mut out, mut kinds) = (Vec::new(), Vec::new());
        loop {
            let (chunk, is_text, at) = input.fill_at().unwrap();
            if chunk.is_empty() {
                break;
            }
            let n = chunk.len();
            out.extend_from_slice(chunk);
            kinds.push((is_text, out.len()));
            if is_text {
                assert!(input.text_at(at, at + n).is_some());
            }
            input.consume(n);
        }
        assert_eq!(out, bytes);
        assert!(kinds.len() >= 5, "{kinds:?}");
        for (is_text, end) in &kinds {
            assert_eq!(*is_text, *end <= stray, "{kinds:?}");
        }
    }

    #[test]
    fn multibyte_character_cut_at_the_head_boundary_is_still_utf8() {
        let mut bytes = vec![b'a'; HEAD_LEN - 1];
        bytes.extend_from_slice("é\n".as_bytes());
        assert_eq!(all_text(&bytes).unwrap().1, TextEncoding::Utf8);
    }

    #[test]
    fn refusals_say_what_to_do() {
        for (bytes, code, words) in [
            (&b"PK\x03\x04rest"[..], "not_csv", "xlsx"),
            (
                &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"[..],
                "not_csv",
                ".xls",
            ),
            (&b"%PDF-1.7"[..], "not_csv", "PDF"),
            (
                &b"\x00\x00\xFE\xFFabcd"[..],
                "encoding_unsupported",
                "UTF-32",
            ),
            (
                &b"U\x00K\x00P\x00R\x00N\x00\n\x00"[..],
                "encoding_unsupported",
                "without a byte-order mark",
            ),
            (&b"ab\x00\x01\x02cd\x00\x00\x00"[..], "not_csv", "binary"),
        ] {
            let e = Input::open(bytes).unwrap_err();
            assert_eq!(e.code(), code, "{e}");
            let message = e.to_string();
            assert!(message.contains(words), "{message}");
            assert!(message.contains("CSV UTF-8"), "{message}");
        }
        let e = Input::open(&utf16("a\u{0},b\u{0}\u{0}\n", true)[..]).unwrap_err();
        assert_eq!(e.code(), "not_csv");
    }
}
