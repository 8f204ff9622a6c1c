//! [`CsvSource`]: a [`RowSource`] reading CSV (or tab-separated) text from any `Read`.
//!
//! The tokenizer is written for uploads rather than for CSV in general:
//! - row numbers are the ones Excel shows: blank lines count as rows, and a quoted cell holding
//!   line breaks is one row;
//! - a cell longer than a template could accept is not held whole: its start is kept and its
//!   full length counted, so a runaway cell (a quote that never closes) cannot fill memory;
//! - a quote that never closes is reported with the cell it opened in;
//! - bytes that are not UTF-8 are decoded as Windows-1252, with a warning, instead of failing.
//!
//! Quoting follows RFC 4180 (a cell that starts with `"` is quoted; `""` inside is a quote);
//! `\r\n`, `\n` and `\r` all end a row. A quote inside an unquoted cell is kept as text.
//!
//! Most rows take a fast path: a whole line in the buffer whose quoted cells are simple (no
//! `""`, no line break, nothing after the closing quote) is kept in one copy and split at its
//! delimiters, found 64 bytes at a time with bit masks (module `block`, beside this file);
//! other rows are read byte by byte, and the tests check that both read any bytes the same.

use super::decode::{Input, TextEncoding};
use super::fields::Record;
use super::{ENCODING_REPLACED, ENCODING_WINDOWS_1252, MAX_COLUMNS, MAX_FIELD_CHARS, RowSource};
use super::{SourceInfo, decode::SAVE_AS_CSV_UTF8};
use crate::error::Result;
use crate::finding::Finding;
use encoding_rs::WINDOWS_1252;
use std::io::Read;

mod block;

#[cfg(test)]
use block::BLOCK;

/// Bytes kept of one cell: enough for [`MAX_FIELD_CHARS`] characters of UTF-8 and one more.
const FIELD_BYTES_KEPT: usize = MAX_FIELD_CHARS * 4 + 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// The cells of the record being read, as bytes.
#[derive(Debug, Default)]
struct RawRecord {
    bytes: Vec<u8>,
    /// Each cell's span in `bytes`.
    spans: Vec<(usize, usize)>,
    /// Start of the cell being read in `bytes`.
    field_start: usize,
    /// The cell being read was cut: its full length in bytes and in characters so far.
    cut: Option<(u64, u64)>,
    /// Cells of this record that were cut: (index, full length in characters).
    cuts: Vec<(usize, u64)>,
    /// Cells not stored (beyond [`MAX_COLUMNS`]).
    dropped: u64,
    /// The cell whose quote never closed.
    unclosed: Option<usize>,
    /// The record was read by [`RawRecord::whole_line`]: every span starts and ends next to a
    /// delimiter, quote or line end (ASCII bytes), so in valid UTF-8 they are on character
    /// boundaries and need no check.
    whole_line: bool,
    /// The record is the line at these bytes of the input's buffer, which is UTF-8 throughout
    /// (checked when it was read), and `bytes` was left empty: the line is taken as text from
    /// there, with no copy to `bytes` and no check of its own.
    line: Option<(usize, usize)>,
}

/// Characters in UTF-8 bytes (or bytes, for single-byte text).
fn char_count(bytes: &[u8], single_byte: bool) -> u64 {
    if single_byte {
        bytes.len() as u64
    } else {
        bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count() as u64
    }
}

/// The length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence.
fn utf8_floor(bytes: &[u8]) -> usize {
    let n = bytes.len();
    for back in 1..=n.min(4) {
        let b = bytes[n - back];
        if b & 0xC0 == 0x80 {
            continue;
        }
        let width = match b {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        return if back >= width { n } else { n - back };
    }
    n
}

impl RawRecord {
    fn clear(&mut self) {
        self.bytes.clear();
        self.spans.clear();
        self.field_start = 0;
        self.cut = None;
        self.cuts.clear();
        self.dropped = 0;
        self.unclosed = None;
        self.whole_line = false;
        self.line = None;
    }

    fn storing(&self) -> bool {
        self.spans.len() < MAX_COLUMNS
    }

    #[inline]
    fn append(&mut self, part: &[u8], single_byte: bool) {
        if part.is_empty() {
            return;
        }
        if !self.storing() {
            return;
        }
        if let Some((bytes, chars)) = &mut self.cut {
            *bytes += part.len() as u64;
            *chars += char_count(part, single_byte);
            return;
        }
        let len = self.bytes.len() - self.field_start;
        if len + part.len() <= FIELD_BYTES_KEPT {
            self.bytes.extend_from_slice(part);
            return;
        }
        let room = FIELD_BYTES_KEPT - len;
        self.bytes.extend_from_slice(&part[..room]);
        let kept = &self.bytes[self.field_start..];
        let chars = char_count(kept, single_byte) + char_count(&part[room..], single_byte);
        self.cut = Some(((len + part.len()) as u64, chars));
    }

    fn end_field(&mut self, single_byte: bool) {
        if !self.storing() {
            self.dropped += 1;
        } else {
            if let Some((_, chars)) = self.cut.take() {
                if !single_byte {
                    let keep = utf8_floor(&self.bytes[self.field_start..]);
                    self.bytes.truncate(self.field_start + keep);
                }
                self.cuts.push((self.spans.len(), chars));
            }
            self.spans.push((self.field_start, self.bytes.len()));
        }
        self.field_start = self.bytes.len();
    }
}

/// Rows of CSV (or tab-separated) text from any `Read`: the encoding is recognised from the
/// first bytes (see [`TextEncoding`]), the delimiter from the first line (tab when it has tabs
/// and no commas), and rows are produced one at a time into a reused [`Record`].
///
/// Memory does not grow with the file: one 64 KiB input buffer and the widest row.
///
/// ```
/// use learner_destinations::template::{CsvSource, Record, RowSource};
///
/// let mut source = CsvSource::new("a,b\n\n\"x\ny\",z\n".as_bytes()).unwrap();
/// let mut record = Record::new();
/// assert!(source.read_record(&mut record).unwrap());
/// assert_eq!(record.row(), 1);
/// assert!(source.read_record(&mut record).unwrap()); // the blank line is row 2
/// assert!(record.is_blank());
/// assert!(source.read_record(&mut record).unwrap());
/// assert_eq!((record.row(), record.cells().get(0)), (3, Some("x\ny")));
/// assert!(!source.read_record(&mut record).unwrap());
/// ```
#[derive(Debug)]
pub struct CsvSource<R> {
    input: Input<R>,
    encoding: TextEncoding,
    /// Cells are decoded as Windows-1252 (from the start, or since a row that was not UTF-8).
    single_byte: bool,
    delimiter: u8,
    next_row: u64,
    /// The previous row ended with `\r`: a `\n` right after it belongs to that row end.
    skip_lf: bool,
    raw: RawRecord,
    /// Rows may take the fast path ([`RawRecord::whole_line`]); false only in tests, which read
    /// the same bytes byte by byte to check the fast path against.
    whole_lines: bool,
    notices: Vec<Finding>,
    replaced_reported: bool,
    /// Rows of a UTF-8 file read as Windows-1252 because their bytes were not UTF-8.
    fallback_rows: u64,
    /// The summary of them was given (when more than [`MAX_FALLBACK_NOTICES`]).
    fallback_summarised: bool,
}

impl<R: Read> CsvSource<R> {
    /// Opens `reader`: reads its first bytes to recognise the encoding and the delimiter.
    ///
    /// Errors: [`crate::Error::NotCsv`] for a workbook, PDF, archive or binary data;
    /// [`crate::Error::Encoding`] for UTF-32 or UTF-16 without a byte-order mark;
    /// [`crate::Error::Io`] when reading fails.
    pub fn new(reader: R) -> Result<CsvSource<R>> {
        let (mut input, encoding) = Input::open(reader)?;
        let first = input.fill()?;
        let delimiter = sniff_delimiter(first);
        let single_byte = encoding == TextEncoding::Windows1252;
        let mut notices = Vec::new();
        if single_byte {
            notices.push(ENCODING_WINDOWS_1252.finding_without_value(format!(
                "the file is not UTF-8, so it was read as Windows-1252 (what Excel's \"CSV (Comma delimited)\" writes); check that accented letters in names and titles look right, or {SAVE_AS_CSV_UTF8}"
            )));
        }
        Ok(CsvSource {
            fallback_rows: 0,
            fallback_summarised: false,
            input,
            encoding,
            single_byte,
            delimiter,
            next_row: 1,
            skip_lf: false,
            raw: RawRecord::default(),
            whole_lines: true,
            notices,
            replaced_reported: false,
        })
    }

    /// The encoding recognised.
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// The delimiter in use: `b','` or `b'\t'`.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Reads the next record's cells as bytes. Returns `false` at the end of the input, and
    /// `true` with no cell for a blank line.
    fn tokenize(&mut self) -> std::io::Result<bool> {
        self.raw.clear();
        let delim = self.delimiter;
        let single_byte = self.single_byte;
        let mut state = State::FieldStart;
        let mut started = false;
        loop {
            let (buf, text, at) = self.input.fill_at()?;
            if buf.is_empty() {
                if !started {
                    return Ok(false);
                }
                if state == State::Quoted {
                    self.raw.unclosed = Some(self.raw.spans.len());
                }
                self.raw.end_field(single_byte);
                return Ok(true);
            }
            let mut i = 0;
            if self.skip_lf {
                self.skip_lf = false;
                if buf[0] == b'\n' {
                    self.input.consume(1);
                    continue;
                }
            }
            if !started {
                match buf[0] {
                    b'\n' => {
                        self.input.consume(1);
                        return Ok(true);
                    }
                    b'\r' => {
                        self.input.consume(1);
                        self.skip_lf = true;
                        return Ok(true);
                    }
                    _ => started = true,
                }
                if !self.whole_lines {
                    // Tests only: the byte-by-byte reader as a reference.
                } else {
                    // A line of a buffer that is UTF-8 throughout is taken as text from the
                    // buffer when the row is decoded; otherwise its bytes are kept.
                    let from_text = text && !single_byte;
                    if let Some(used) = self.raw.whole_line(buf, delim, !from_text) {
                        self.skip_lf = buf[used - 1] == b'\r';
                        if from_text {
                            self.raw.line = Some((at, at + used - 1));
                        }
                        self.input.consume(used);
                        return Ok(true);
                    }
                }
            }
            let n = buf.len();
            while i < n {
                match state {
                    State::FieldStart => {
                        if buf[i] == b'"' {
                            i += 1;
                            state = State::Quoted;
                        } else {
                            state = State::Unquoted;
                        }
                    }
                    State::Unquoted => {
                        let rest = &buf[i..];
                        match find_cell_end(rest, delim) {
                            None => {
                                self.raw.append(rest, single_byte);
                                i = n;
                            }
                            Some(k) => {
                                self.raw.append(&rest[..k], single_byte);
                                let b = rest[k];
                                i += k + 1;
                                self.raw.end_field(single_byte);
                                if b == delim {
                                    state = State::FieldStart;
                                } else {
                                    self.skip_lf = b == b'\r';
                                    self.input.consume(i);
                                    return Ok(true);
                                }
                            }
                        }
                    }
                    State::Quoted => {
                        let rest = &buf[i..];
                        match memchr::memchr(b'"', rest) {
                            None => {
                                self.raw.append(rest, single_byte);
                                i = n;
                            }
                            Some(k) => {
                                self.raw.append(&rest[..k], single_byte);
                                i += k + 1;
                                state = State::QuoteInQuoted;
                            }
                        }
                    }
                    State::QuoteInQuoted => {
                        let b = buf[i];
                        if b == b'"' {
                            self.raw.append(b"\"", single_byte);
                            i += 1;
                            state = State::Quoted;
                        } else if b == delim {
                            i += 1;
                            self.raw.end_field(single_byte);
                            state = State::FieldStart;
                        } else if b == b'\n' || b == b'\r' {
                            i += 1;
                            self.raw.end_field(single_byte);
                            self.skip_lf = b == b'\r';
                            self.input.consume(i);
                            return Ok(true);
                        } else {
                            // `"abc"def`: text after the closing quote is kept, unquoted.
                            state = State::Unquoted;
                        }
                    }
                }
            }
            self.input.consume(n);
        }
    }

    /// Moves the raw cells into `record`, decoding them.
    fn decode_into(&mut self, record: &mut Record) {
        let row = self.next_row;
        let mut row_fallback = false;
        let line = self.raw.line.take();
        let text = line.and_then(|(start, end)| self.input.text_at(start, end));
        if let Some(text) = text.filter(|_| !self.single_byte) {
            record.cells_mut().set_line(text, &mut self.raw.spans);
        } else if !self.single_byte {
            if let Some((start, end)) = line {
                // Not reached (a line is taken from a buffer of text only): kept as bytes.
                let bytes = self.input.bytes_at(start, end);
                self.raw.bytes.extend_from_slice(bytes);
            }
            let bytes = std::mem::take(&mut self.raw.bytes);
            match String::from_utf8(bytes) {
                Ok(text)
                    if self.raw.whole_line
                        || self.raw.spans.iter().all(|(s, e)| {
                            text.is_char_boundary(*s) && text.is_char_boundary(*e)
                        }) =>
                {
                    let old = record.cells_mut().replace_with(text, &mut self.raw.spans);
                    self.raw.bytes = old.into_bytes();
                }
                result => {
                    self.raw.bytes = match result {
                        Ok(text) => text.into_bytes(),
                        Err(e) => e.into_bytes(),
                    };
                    // Only this row is read as Windows-1252: the rows before and after that are
                    // UTF-8 stay UTF-8 (a stray byte does not turn every 'é' after it into 'Ã©').
                    row_fallback = true;
                    self.fallback_rows += 1;
                    if self.fallback_rows <= MAX_FALLBACK_NOTICES {
                        self.notices.push(
                            ENCODING_WINDOWS_1252
                                .finding_without_value(format!(
                                    "row {row} has bytes that are not UTF-8, so this row alone was read as Windows-1252 (the rest of the file is UTF-8); check its accented letters, or {SAVE_AS_CSV_UTF8}"
                                ))
                                .at_row(row),
                        );
                    }
                }
            }
        }
        if self.single_byte || row_fallback {
            let cells = record.cells_mut();
            for &(start, end) in &self.raw.spans {
                let bytes = self.raw.bytes.get(start..end).unwrap_or_default();
                let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
                cells.push(&text);
            }
        }
        for &(index, chars) in &self.raw.cuts {
            record.note_cut(index, chars);
        }
        for _ in 0..self.raw.dropped {
            record.note_dropped();
        }
        if let Some(index) = self.raw.unclosed {
            record.note_unclosed_quote(index);
        }
        if self.input.replaced
            && !self.replaced_reported
            && record.cells().as_text().contains('\u{FFFD}')
        {
            self.replaced_reported = true;
            self.notices.push(
                ENCODING_REPLACED
                    .finding_without_value(format!(
                        "row {row} has bytes that are not valid {}; they were replaced with \u{FFFD}. Check the row, or {SAVE_AS_CSV_UTF8}",
                        self.encoding.label()
                    ))
                    .at_row(row),
            );
        }
    }
}

impl<R: Read> RowSource for CsvSource<R> {
    fn read_record(&mut self, record: &mut Record) -> Result<bool> {
        record.clear();
        if !self.tokenize()? {
            if self.fallback_rows > MAX_FALLBACK_NOTICES && !self.fallback_summarised {
                self.fallback_summarised = true;
                let more = self.fallback_rows - MAX_FALLBACK_NOTICES;
                self.notices.push(ENCODING_WINDOWS_1252.finding_without_value(format!(
                    "{} rows in all have bytes that are not UTF-8 and were read as Windows-1252 ({more} more after the {MAX_FALLBACK_NOTICES} named); {SAVE_AS_CSV_UTF8}",
                    self.fallback_rows
                )));
            }
            return Ok(false);
        }
        self.decode_into(record);
        record.set_row(self.next_row);
        self.next_row += 1;
        Ok(true)
    }

    fn take_notices(&mut self, out: &mut Vec<Finding>) {
        out.append(&mut self.notices);
    }

    fn info(&self) -> SourceInfo {
        SourceInfo {
            format: "csv",
            encoding: Some(
                if self.single_byte && self.encoding != TextEncoding::Windows1252 {
                    TextEncoding::Windows1252
                } else {
                    self.encoding
                },
            ),
            delimiter: Some(if self.delimiter == b'\t' {
                "tab"
            } else {
                "comma"
            }),
        }
    }
}

/// How many rows read as Windows-1252 in a UTF-8 file are each named in a warning; beyond, one
/// warning counts the rest.
const MAX_FALLBACK_NOTICES: u64 = 20;

/// The position of the first delimiter or line end in `hay`. Cells are mostly short, so the
/// first bytes are scanned in a plain loop (cheaper than setting up a vector search) and only a
/// long cell goes to `memchr3`.
#[inline]
fn find_cell_end(hay: &[u8], delim: u8) -> Option<usize> {
    const SHORT: usize = 24;
    let head = &hay[..hay.len().min(SHORT)];
    if let Some(i) = head
        .iter()
        .position(|b| *b == delim || *b == b'\n' || *b == b'\r')
    {
        return Some(i);
    }
    if hay.len() <= SHORT {
        return None;
    }
    memchr::memchr3(delim, b'\n', b'\r', &hay[SHORT..]).map(|i| i + SHORT)
}

/// Tab when the first non-blank line has tabs and no commas; comma otherwise.
fn sniff_delimiter(first: &[u8]) -> u8 {
    let start = first
        .iter()
        .position(|b| *b != b'\r' && *b != b'\n')
        .unwrap_or(first.len());
    let line = &first[start..];
    let line = &line[..memchr::memchr2(b'\r', b'\n', line).unwrap_or(line.len())];
    if memchr::memchr(b'\t', line).is_some() && memchr::memchr(b',', line).is_none() {
        b'\t'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(bytes: &[u8]) -> Vec<(u64, Vec<String>)> {
        let mut source = CsvSource::new(bytes).unwrap();
        let mut record = Record::new();
        let mut out = Vec::new();
        while source.read_record(&mut record).unwrap() {
            out.push((
                record.row(),
                record.cells().iter().map(str::to_string).collect(),
            ));
        }
        out
    }

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn quoting_and_line_ends() {
        let got = rows(b"a,\"b,c\",\"d\"\"e\"\r\n\"multi\r\nline\",,x\rlast,\"\"");
        assert_eq!(
            got,
            vec![
                (1, cells(&["a", "b,c", "d\"e"])),
                (2, cells(&["multi\r\nline", "", "x"])),
                (3, cells(&["last", ""])),
            ]
        );
    }

    #[test]
    fn blank_lines_count_as_rows() {
        let got = rows(b"h1,h2\r\n\r\nx,y\n\n\n,\nz,w\n");
        let numbers: Vec<u64> = got.iter().map(|(r, _)| *r).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(got[1].1, Vec::<String>::new());
        assert_eq!(got[5].1, cells(&["", ""]));
        assert_eq!(got[6].1, cells(&["z", "w"]));
    }

    #[test]
    fn tab_separated_when_the_header_has_tabs_and_no_commas() {
        let got = rows(b"UKPRN\tTitle\n1\ta, b\n");
        assert_eq!(got[1].1, cells(&["1", "a, b"]));
        let got = rows(b"UKPRN,Title\tx\n1,2\n");
        assert_eq!(got[0].1, cells(&["UKPRN", "Title\tx"]));
    }

    #[test]
    fn stray_quotes_are_kept() {
        let got = rows(b"ab\"c,\"q\"tail,d\n");
        assert_eq!(got[0].1, cells(&["ab\"c", "qtail", "d"]));
    }

    #[test]
    fn unclosed_quote_is_reported_with_its_cell() {
        let mut source = CsvSource::new(&b"a,b\n1,\"open\n2,3\n"[..]).unwrap();
        let mut record = Record::new();
        assert!(source.read_record(&mut record).unwrap());
        assert!(source.read_record(&mut record).unwrap());
        assert_eq!(record.unclosed_quote(), Some(1));
        assert_eq!(record.cells().get(1), Some("open\n2,3\n"));
        assert!(!source.read_record(&mut record).unwrap());
    }

    #[test]
    fn over_long_cells_are_cut_and_measured() {
        let long = "é".repeat(MAX_FIELD_CHARS * 3);
        let text = format!("a,b\n1,{long}\n2,3\n");
        let mut source = CsvSource::new(text.as_bytes()).unwrap();
        let mut record = Record::new();
        source.read_record(&mut record).unwrap();
        source.read_record(&mut record).unwrap();
        let kept = record.cells().get(1).unwrap();
        assert!(kept.len() <= FIELD_BYTES_KEPT);
        assert!(kept.chars().all(|c| c == 'é'));
        assert_eq!(record.cut_length(1), Some((MAX_FIELD_CHARS * 3) as u64));
        assert_eq!(record.cut_length(0), None);
        source.read_record(&mut record).unwrap();
        assert_eq!(record.row(), 3);
        assert_eq!(record.cells().get(1), Some("3"));
    }

    #[test]
    fn windows_1252_from_the_start_or_from_a_row() {
        let mut source = CsvSource::new(&b"name\nJos\xE9\n"[..]).unwrap();
        let mut record = Record::new();
        source.read_record(&mut record).unwrap();
        source.read_record(&mut record).unwrap();
        assert_eq!(record.cells().get(0), Some("José"));
        let mut notices = Vec::new();
        source.take_notices(&mut notices);
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].code, "encoding_windows_1252");
        assert_eq!(notices[0].row, None);

        // UTF-8 at first (the head is ASCII), then a Windows-1252 byte far down the file.
        let mut text = b"name\n".to_vec();
        for _ in 0..20_000 {
            text.extend_from_slice(b"plain ascii\n");
        }
        text.extend_from_slice(b"Ren\xE9e \x80\n");
        let mut source = CsvSource::new(&text[..]).unwrap();
        let mut last = String::new();
        while source.read_record(&mut record).unwrap() {
            last = record.cells().get(0).unwrap_or_default().to_string();
        }
        assert_eq!(last, "Renée €");
        source.take_notices(&mut notices);
        assert_eq!(notices.len(), 2);
        assert_eq!(notices[1].row, Some(20_002));
        // Only that row was read as Windows-1252: the file is UTF-8.
        assert_eq!(source.info().encoding, Some(TextEncoding::Utf8));

        // A UTF-8 file (its head has 'é' as two bytes) with one stray Windows-1252 byte: only
        // that row falls back; the rows after it are UTF-8 again.
        let text = b"name\nCaf\xC3\xA9\nRen\xE9e\nCaf\xC3\xA9 2\n";
        let mut source = CsvSource::new(&text[..]).unwrap();
        let mut got = Vec::new();
        while source.read_record(&mut record).unwrap() {
            got.push(record.cells().get(0).unwrap_or_default().to_string());
        }
        assert_eq!(got, ["name", "Café", "Renée", "Café 2"]);
        let mut notices = Vec::new();
        source.take_notices(&mut notices);
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].row, Some(3));
        assert!(
            notices[0].message.contains("this row alone"),
            "{}",
            notices[0].message
        );
        assert_eq!(source.info().encoding, Some(TextEncoding::Utf8));
    }

    #[test]
    fn cell_ends_short_and_long() {
        assert_eq!(find_cell_end(b"abc,def", b','), Some(3));
        assert_eq!(find_cell_end(b"abc\r\n", b','), Some(3));
        assert_eq!(find_cell_end(b"abc", b','), None);
        let long = format!("{}\tx", "a".repeat(100));
        assert_eq!(find_cell_end(long.as_bytes(), b'\t'), Some(100));
        assert_eq!(find_cell_end(long.as_bytes(), b','), None);
        let exact = format!("{},", "a".repeat(24));
        assert_eq!(find_cell_end(exact.as_bytes(), b','), Some(24));
    }

    #[test]
    fn utf8_floor_never_splits_a_character() {
        let s = "aé€😀";
        let b = s.as_bytes();
        for cut in 0..=b.len() {
            let keep = utf8_floor(&b[..cut]);
            assert!(std::str::from_utf8(&b[..keep]).is_ok(), "cut {cut}");
            assert!(cut - keep < 4);
        }
    }

    /// Quotes a cell as a CSV writer would.
    fn quoted(cell: &str) -> String {
        if cell.contains([',', '"', '\n', '\r']) || cell.is_empty() {
            format!("\"{}\"", cell.replace('"', "\"\""))
        } else {
            cell.to_string()
        }
    }

    /// Our cells against the csv crate's, for text with no blank line (which the csv crate
    /// skips and we count).
    fn agrees_with_csv_crate(text: &str) -> Result<(), String> {
        let mut theirs = Vec::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for r in reader.records() {
            let r = r.map_err(|e| e.to_string())?;
            theirs.push(r.iter().map(str::to_string).collect::<Vec<_>>());
        }
        let ours: Vec<Vec<String>> = rows(text.as_bytes()).into_iter().map(|(_, c)| c).collect();
        if ours == theirs {
            Ok(())
        } else {
            Err(format!("ours {ours:?}\ntheirs {theirs:?}"))
        }
    }

    #[test]
    fn long_files_cross_buffer_boundaries_like_the_csv_crate() {
        let mut text = String::new();
        for i in 0..6_000 {
            let title = match i % 4 {
                0 => "Plain title".to_string(),
                1 => format!("Title, with comma {i}"),
                2 => format!("Quote \"{i}\" and\nline break"),
                _ => "é".repeat(i % 37 + 1),
            };
            let cells = [format!("{i}"), quoted(&title), "EMP1".to_string()];
            text.push_str(&cells.join(","));
            text.push_str(if i % 3 == 0 { "\r\n" } else { "\n" });
        }
        assert!(text.len() > 3 * 64 * 1024);
        agrees_with_csv_crate(&text).unwrap();
    }

    proptest::proptest! {
        /// Any CSV a writer would produce reads back cell for cell as the csv crate reads it,
        /// whichever path (whole line or byte by byte) each row takes.
        #[test]
        fn reads_what_a_writer_wrote(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-z ,\"\r\né€]{0,12}", 1..6),
                1..30,
            ),
            crlf in proptest::bool::ANY,
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = String::new();
            for row in &rows {
                let cells: Vec<String> = row.iter().map(|c| quoted(c)).collect();
                text.push_str(&cells.join(","));
                text.push_str(eol);
            }
            proptest::prop_assert!(agrees_with_csv_crate(&text).is_ok(), "{}", agrees_with_csv_crate(&text).unwrap_err());
        }
    }

    /// Everything a source reports for each row: the row number, the cells, cut cells, the
    /// field count and an unclosed quote; then the notices and the encoding at the end.
    fn full_read(bytes: &[u8], whole_lines: bool) -> String {
        let mut source = CsvSource::new(bytes).unwrap();
        source.whole_lines = whole_lines;
        let mut record = Record::new();
        let mut out = String::new();
        while source.read_record(&mut record).unwrap() {
            let cells: Vec<&str> = record.cells().iter().collect();
            let cuts: Vec<Option<u64>> = (0..cells.len()).map(|i| record.cut_length(i)).collect();
            out.push_str(&format!(
                "{} {:?} {:?} {} {:?}\n",
                record.row(),
                cells,
                cuts,
                record.field_count(),
                record.unclosed_quote()
            ));
        }
        let mut notices = Vec::new();
        source.take_notices(&mut notices);
        for n in &notices {
            out.push_str(&format!("{} {:?} {}\n", n.code, n.row, n.message));
        }
        out.push_str(&format!("{:?}\n", source.info().encoding));
        out
    }

    /// The bytes read with the fast path agree with the byte-by-byte reader, which is the
    /// reference for every quoting rule; returns how many rows the fast path took.
    fn fast_agrees(bytes: &[u8]) -> usize {
        assert_eq!(
            full_read(bytes, true),
            full_read(bytes, false),
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
        let mut source = CsvSource::new(bytes).unwrap();
        let mut record = Record::new();
        let mut fast = 0;
        while source.read_record(&mut record).unwrap() {
            fast += usize::from(source.raw.whole_line);
        }
        fast
    }

    #[test]
    fn simple_quoted_cells_take_the_fast_path() {
        let text = b"a,\"b,c\",d\n\"start, here\",x\ny,\"end, there\"\n\"\",\"\"\n\"only\"\nz\n";
        assert_eq!(fast_agrees(text), 6);
        assert_eq!(
            rows(text),
            vec![
                (1, cells(&["a", "b,c", "d"])),
                (2, cells(&["start, here", "x"])),
                (3, cells(&["y", "end, there"])),
                (4, cells(&["", ""])),
                (5, cells(&["only"])),
                (6, cells(&["z"])),
            ]
        );
        // Tab-separated, with commas and tabs inside quotes.
        let text = b"h1\th2\n\"a\tb, c\"\t e\t\"\"\n";
        assert_eq!(fast_agrees(text), 2);
        assert_eq!(rows(text)[1].1, cells(&["a\tb, c", " e", ""]));
    }

    #[test]
    fn other_quotes_fall_back_to_the_byte_by_byte_reader() {
        for (text, fast) in [
            (&b"ab\"c,d\n"[..], 0),
            (b"a,b\"\n", 0),
            (b"\"x\"\"y\",z\n", 0),
            (b"\"x\"tail,z\n", 0),
            (b"\"multi\nline\",z\nnext\n", 1),
            (b"\"multi\r\nline\",z\r\nnext\r\n", 1),
            (b"a,\"open\n", 0),
            (b"a,\"open", 0),
            (b"a\"\",b\n", 0),
        ] {
            assert_eq!(
                fast_agrees(text),
                fast,
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn line_ends_at_block_edges_and_beyond_the_buffer() {
        for len in 1..=3 * BLOCK + 2 {
            for quoted in [false, true] {
                let cell = if quoted {
                    format!(
                        "\"{}\"",
                        "q,".repeat(len).get(..len.saturating_sub(2)).unwrap_or("")
                    )
                } else {
                    "x".repeat(len)
                };
                for eol in ["\n", "\r\n", "\r"] {
                    let text = format!("{cell}{eol}{cell},{cell}{eol}a{eol}");
                    fast_agrees(text.as_bytes());
                }
            }
        }
        // A row longer than the buffer, quoted and not, and one cut for length.
        let long = "y".repeat(70 * 1024);
        for text in [
            format!("a,b\n1,{long},2\n3,4\n"),
            format!("a,b\n1,\"{long}, z\",2\n3,\"4,5\"\n"),
        ] {
            fast_agrees(text.as_bytes());
        }
        let near = "y".repeat(FIELD_BYTES_KEPT + 10);
        fast_agrees(format!("a\n{near}\n\"{near}\"\nb\n").as_bytes());
        // Rows across the 64 KiB buffer's end, at every offset.
        let mut text = String::new();
        for i in 0..4_000 {
            text.push_str(&format!("{i},\"t, {}\",x\r\n", "é".repeat(i % 29)));
        }
        assert!(text.len() > 64 * 1024);
        fast_agrees(text.as_bytes());
    }

    /// A character split by the end of a read (the 64 KiB head, then each 64 KiB buffer) is
    /// completed by the next read: the rows stay UTF-8 (no fallback, no notice) and are taken
    /// from the buffer as text; a stray byte still sends only its own row to Windows-1252.
    #[test]
    fn characters_split_by_a_read_stay_utf8() {
        const READ: usize = 64 * 1024;
        let mut text = String::from("id,t\n");
        let mut expected = Vec::new();
        let mut i = 0;
        // Rows of ASCII up to a read's end, then a row whose 'é' or '€' straddles it (at each
        // offset of the character), for the head's end and the next three reads' ends.
        for (boundary, ch) in [(1, 'é'), (2, '€'), (3, '€'), (4, '😀')] {
            let end = boundary * READ;
            loop {
                let row = format!("{i},plain\n");
                if text.len() + row.len() + 16 > end {
                    break;
                }
                text.push_str(&row);
                expected.push(vec![i.to_string(), "plain".to_string()]);
                i += 1;
            }
            // The character starts `before` bytes before the read's end (1 to its length - 1).
            let before = boundary % (ch.len_utf8() - 1) + 1;
            let head = format!("{i},");
            let pad = "x".repeat(end - before - text.len() - head.len());
            let cell = format!("{pad}{ch}z");
            assert!(text.len() + head.len() + pad.len() + ch.len_utf8() > end);
            text.push_str(&head);
            text.push_str(&cell);
            text.push('\n');
            expected.push(vec![i.to_string(), cell]);
            i += 1;
        }
        let row = format!("{i},after\n");
        text.push_str(&row);
        expected.push(vec![i.to_string(), "after".to_string()]);
        let mut bytes = text.into_bytes();
        // A stray Windows-1252 byte in the last row: that row alone falls back.
        bytes.extend_from_slice(b"stray,Caf\xE9\n");
        let mut source = CsvSource::new(&bytes[..]).unwrap();
        let mut record = Record::new();
        let mut got = Vec::new();
        while source.read_record(&mut record).unwrap() {
            got.push(
                record
                    .cells()
                    .iter()
                    .map(str::to_string)
                    .collect::<Vec<_>>(),
            );
        }
        let mut notices = Vec::new();
        source.take_notices(&mut notices);
        assert_eq!(got.first().map(Vec::len), Some(2));
        assert_eq!(&got[1..got.len() - 1], &expected[..]);
        assert_eq!(got.last().unwrap(), &["stray", "Café"]);
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert_eq!(notices[0].row, Some(expected.len() as u64 + 2));
        assert_eq!(source.info().encoding, Some(TextEncoding::Utf8));
        assert_eq!(full_read(&bytes, true), full_read(&bytes, false));
    }

    #[test]
    fn windows_1252_rows_on_the_fast_path() {
        fast_agrees(b"name,t\nJos\xE9,\"a, \xE9\"\n\"\xE9\",x\n");
        let mut text = b"name,t\n".to_vec();
        for _ in 0..5_000 {
            text.extend_from_slice(b"plain,\"a, b\"\n");
        }
        text.extend_from_slice(b"Ren\xE9e,\"\x80, x\"\nafter,\"\xE9\"\n");
        fast_agrees(&text);
    }

    proptest::proptest! {
        /// Any rows, well-formed or not, read the same with the fast path as byte by byte.
        #[test]
        fn fast_path_reads_as_byte_by_byte(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a,\"\n\r\t é]{0,6}|\"[a,\t é]{0,8}\"", 0..8),
                1..24,
            ),
            eol in proptest::sample::select(vec!["\n", "\r\n", "\r"]),
            delim in proptest::sample::select(vec![",", "\t"]),
        ) {
            let mut text = String::new();
            for row in &rows {
                text.push_str(&row.join(delim));
                text.push_str(eol);
            }
            let bytes = text.as_bytes();
            proptest::prop_assert_eq!(full_read(bytes, true), full_read(bytes, false));
        }
    }

    #[test]
    fn very_wide_rows_are_counted_not_stored() {
        let wide = format!("{}\n", vec!["x"; MAX_COLUMNS + 5].join(","));
        let mut source = CsvSource::new(wide.as_bytes()).unwrap();
        let mut record = Record::new();
        source.read_record(&mut record).unwrap();
        assert_eq!(record.cells().len(), MAX_COLUMNS);
        assert_eq!(record.field_count(), (MAX_COLUMNS + 5) as u64);
    }
}
