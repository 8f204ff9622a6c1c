//! .xlsx and .xlsm, read with a bounded cost: the package's relationships, the workbook's sheet
//! list and date system, the styles' number formats (to tell dates from numbers), the shared
//! strings (packed in one buffer), and a sheet's cells streamed one by one in document order.
//!
//! Every part is read through [`PartReader`] (decompressed bytes and markup runs bounded); the
//! shared strings are bounded in count and in bytes, a cell's text in bytes, a sheet in cells,
//! and no cell reference beyond Excel's grid (XFD1048576) is accepted. Nothing is allocated
//! for the cells a far reference skips.
//!
//! Cells are read as calamine reads them (the reader this replaces for .xlsx): a shared, inline
//! or formula string as its text (rich-text runs joined, phonetic runs left out, surrounding
//! whitespace trimmed unless `xml:space="preserve"`, Excel's `_xHHHH_` escapes decoded), a
//! number shown by [`number_text`], a number with a date format as a date (1900 or 1904 date
//! system), TRUE/FALSE, an error as its text (`#N/A`), an ISO date cell as written.

use super::archive::{Archive, PartReader, damaged};
use super::{
    CellSource, MAX_CELL_BYTES, MAX_CELLS, MAX_SHARED_STRING_BYTES, MAX_SHARED_STRINGS,
    SHEET_COLUMNS, SHEET_ROWS, StreamCell, number_text, too_large,
};
use crate::error::{Error, Result};
use crate::template::CellKind;
use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
use quick_xml::events::{BytesRef, BytesStart, Event};
use std::borrow::Cow;
use std::io::BufRead;
use std::sync::Arc;

pub(crate) type Xml = quick_xml::Reader<PartReader>;

/// The most cell formats (`cellXfs`) read from the styles; Excel allows 64,000.
const MAX_CELL_FORMATS: usize = 65_536;

/// How a number in a cell of a given style is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    Plain,
    Date,
    Duration,
}

/// An open .xlsx: where its parts are and what every sheet needs.
#[derive(Debug, Clone)]
pub(crate) struct XlsxBook {
    archive: Archive,
    /// (sheet name, part path), in workbook order.
    sheets: Vec<(String, Option<String>)>,
    shared_strings_path: Option<String>,
    formats: Arc<[NumberKind]>,
    is_1904: bool,
    /// Loaded when the first sheet is read.
    strings: Option<Arc<SharedStrings>>,
}

pub(crate) fn open_xml(archive: &Archive, path: &str, what: &str) -> Option<Xml> {
    let part = archive.part(path, what)?;
    let mut xml = quick_xml::Reader::from_reader(part);
    let config = xml.config_mut();
    config.trim_text(false);
    config.check_end_names = false;
    config.check_comments = false;
    config.expand_empty_elements = false;
    Some(xml)
}

/// The next event, with a failure turned into the catalogued error (a budget's breach, or
/// damage).
pub(crate) fn next<'b>(xml: &mut Xml, buf: &'b mut Vec<u8>) -> Result<Event<'b>> {
    buf.clear();
    match xml.read_event_into(buf) {
        Ok(e) => Ok(e),
        Err(e) => {
            let part = xml.get_mut();
            let what = part.what().to_string();
            Err(part.error(|| damaged(&format!("{what} is not well-formed XML ({e})"))))
        }
    }
}

fn cut_short(xml: &mut Xml) -> Error {
    damaged(&format!("{} ends too soon", xml.get_mut().what()))
}

/// The value of attribute `name` (local name, so `r:id` is `id`), unescaped.
pub(crate) fn attr<'a>(e: &'a BytesStart<'_>, name: &str) -> Option<Cow<'a, str>> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .unwrap_or(a.value)
        })
}

/// `target` relative to the folder of `base` (a part path), as a part path.
fn resolve(base: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if let Some(abs) = target.strip_prefix('/') {
        return normalise(abs.split('/').collect());
    } else {
        base.split('/').collect()
    };
    parts.pop();
    parts.extend(target.split('/'));
    normalise(parts)
}

fn normalise(parts: Vec<&str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for p in parts {
        match p {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            p => out.push(p),
        }
    }
    out.join("/")
}

/// The relationships in the part `rels`: (id, type, target resolved against `base`).
fn relationships(
    archive: &Archive,
    rels: &str,
    base: &str,
) -> Result<Vec<(String, String, String)>> {
    let Some(mut xml) = open_xml(archive, rels, "the workbook's relationships") else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match next(&mut xml, &mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if out.len() >= MAX_CELL_FORMATS {
                    return Err(damaged("it lists too many parts"));
                }
                let id = attr(&e, "Id").unwrap_or_default().into_owned();
                let ty = attr(&e, "Type").unwrap_or_default().into_owned();
                let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                if let Some(target) = attr(&e, "Target")
                    && !external
                {
                    out.push((id, ty, resolve(base, &target)));
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

impl XlsxBook {
    /// Reads the workbook's structure (not yet its strings or sheets).
    pub(crate) fn open(archive: Archive) -> Result<XlsxBook> {
        let package = relationships(&archive, "_rels/.rels", "")?;
        let workbook_path = package
            .iter()
            .find(|(_, ty, _)| ty.ends_with("/officeDocument"))
            .map(|(_, _, t)| t.clone())
            .unwrap_or_else(|| "xl/workbook.xml".to_string());
        if !archive.has(&workbook_path) {
            return Err(Error::WorkbookUnreadable {
                message: "this zip file is not an Excel workbook (it has no workbook part); save it from Excel as a workbook or as CSV UTF-8".into(),
            });
        }
        let rels = relationships(&archive, &rels_of(&workbook_path), &workbook_path)?;
        let target_of = |suffix: &str| {
            rels.iter()
                .find(|(_, ty, _)| ty.ends_with(suffix))
                .map(|(_, _, t)| t.clone())
        };
        let shared_strings_path = target_of("/sharedStrings").or_else(|| {
            let default = resolve(&workbook_path, "sharedStrings.xml");
            archive.has(&default).then_some(default)
        });
        let styles_path = target_of("/styles");
        let mut xml = open_xml(&archive, &workbook_path, "the workbook part")
            .ok_or_else(|| damaged("its workbook part is missing"))?;
        let mut sheets = Vec::new();
        let mut is_1904 = false;
        let mut buf = Vec::new();
        loop {
            match next(&mut xml, &mut buf)? {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "workbookPr" => {
                        is_1904 = attr(&e, "date1904").is_some_and(|v| v == "1" || v == "true");
                    }
                    "sheet" => {
                        if sheets.len() >= MAX_CELL_FORMATS {
                            return Err(damaged("it lists too many sheets"));
                        }
                        let name = attr(&e, "name").unwrap_or_default().into_owned();
                        let path = attr(&e, "id").and_then(|id| {
                            rels.iter()
                                .find(|(i, ty, _)| *i == id && ty.ends_with("/worksheet"))
                                .map(|(_, _, t)| t.clone())
                        });
                        sheets.push((name, path));
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        let formats = match styles_path {
            Some(p) => read_formats(&archive, &p)?,
            None => Vec::new(),
        };
        Ok(XlsxBook {
            archive,
            sheets,
            shared_strings_path,
            formats: formats.into(),
            is_1904,
            strings: None,
        })
    }

    /// The sheet names, in workbook order.
    pub(crate) fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(n, _)| n.clone()).collect()
    }

    /// The cells of sheet `name` (as listed), streamed.
    pub(crate) fn cells(&mut self, name: &str) -> Result<XlsxCells> {
        let path = self
            .sheets
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, p)| p.clone())
            .ok_or_else(|| Error::WorkbookUnreadable {
                message: format!(
                    "sheet '{name}' holds no cells that can be read (it is a chart, or its part is missing); choose another sheet"
                ),
            })?;
        let strings = match &self.strings {
            Some(s) => Arc::clone(s),
            None => {
                let s = Arc::new(match &self.shared_strings_path {
                    Some(p) => SharedStrings::read(&self.archive, p)?,
                    None => SharedStrings::default(),
                });
                self.strings = Some(Arc::clone(&s));
                s
            }
        };
        let what = format!("sheet '{name}'");
        let mut xml = open_xml(&self.archive, &path, &what)
            .ok_or_else(|| damaged(&format!("the part of {what} is missing")))?;
        let mut buf = Vec::new();
        loop {
            match next(&mut xml, &mut buf)? {
                Event::Start(e) if e.local_name().as_ref() == "sheetData" => break,
                Event::Empty(e) if e.local_name().as_ref() == "sheetData" => {
                    return Ok(XlsxCells::new(
                        xml,
                        strings,
                        Arc::clone(&self.formats),
                        self.is_1904,
                        true,
                    ));
                }
                Event::Eof => {
                    return Err(Error::WorkbookUnreadable {
                        message: format!(
                            "{what} is not a worksheet (it has no cells); choose another sheet"
                        ),
                    });
                }
                _ => {}
            }
        }
        Ok(XlsxCells::new(
            xml,
            strings,
            Arc::clone(&self.formats),
            self.is_1904,
            false,
        ))
    }
}

/// The number kind of each cell format (`cellXfs`) in the styles.
fn read_formats(archive: &Archive, path: &str) -> Result<Vec<NumberKind>> {
    let Some(mut xml) = open_xml(archive, path, "the workbook's styles") else {
        return Ok(Vec::new());
    };
    let mut custom: Vec<(u32, NumberKind)> = Vec::new();
    let mut out = Vec::new();
    let mut in_xfs = false;
    let mut buf = Vec::new();
    loop {
        match next(&mut xml, &mut buf)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "numFmt" => {
                    if custom.len() >= MAX_CELL_FORMATS {
                        continue;
                    }
                    if let (Some(id), Some(code)) = (
                        attr(&e, "numFmtId").and_then(|v| v.trim().parse::<u32>().ok()),
                        attr(&e, "formatCode"),
                    ) {
                        custom.push((id, custom_format_kind(&code)));
                    }
                }
                "cellXfs" => in_xfs = true,
                "xf" if in_xfs => {
                    if out.len() >= MAX_CELL_FORMATS {
                        return Err(too_large(
                            "cell_formats",
                            MAX_CELL_FORMATS as u64,
                            format!(
                                "the workbook's styles list more than {MAX_CELL_FORMATS} cell formats (Excel allows 64,000); open it in Excel and save it again, or save the sheet as CSV UTF-8"
                            ),
                        ));
                    }
                    let id = attr(&e, "numFmtId")
                        .and_then(|v| v.trim().parse::<u32>().ok())
                        .unwrap_or(0);
                    let kind = custom
                        .iter()
                        .rev()
                        .find(|(i, _)| *i == id)
                        .map_or_else(|| builtin_format_kind(id), |(_, k)| *k);
                    out.push(kind);
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The built-in number formats that show dates or times (ECMA-376 18.8.30; as calamine).
fn builtin_format_kind(id: u32) -> NumberKind {
    match id {
        14..=22 | 27..=36 | 45 | 47 | 50..=58 => NumberKind::Date,
        46 => NumberKind::Duration,
        _ => NumberKind::Plain,
    }
}

/// Whether a custom number format shows a date, a duration (`[h]:mm`) or a number: the first
/// section's date and time letters outside quotes, escapes and brackets (calamine's rule).
fn custom_format_kind(format: &str) -> NumberKind {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return NumberKind::Plain,
            ('[', ..) => brackets = brackets.saturating_add(1),
            (']', .., 1) if hms => return NumberKind::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberKind::Date,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumberKind::Date;
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    NumberKind::Plain
}

/// The shared strings, packed: one buffer and where each string ends.
#[derive(Debug, Default)]
pub(crate) struct SharedStrings {
    text: String,
    ends: Vec<u32>,
}

impl SharedStrings {
    fn read(archive: &Archive, path: &str) -> Result<SharedStrings> {
        let Some(mut xml) = open_xml(archive, path, "the workbook's shared strings") else {
            return Ok(SharedStrings::default());
        };
        let mut out = SharedStrings::default();
        // Room reserved once from the part's size (the text is never longer than its XML, and
        // a string takes at least 16 bytes of it: `<si><t></t></si>`), so the table is not
        // copied as it grows; the room not written to is never touched, so it costs no memory.
        let size = xml.get_ref().recorded_size();
        out.text.reserve(
            usize::try_from(size)
                .map_or(MAX_SHARED_STRING_BYTES, |s| s.min(MAX_SHARED_STRING_BYTES)),
        );
        out.ends.reserve(
            usize::try_from(size / 16).map_or(MAX_SHARED_STRINGS, |s| s.min(MAX_SHARED_STRINGS)),
        );
        let mut buf = Vec::new();
        let mut scratch = String::new();
        let mut piece = String::new();
        loop {
            match next(&mut xml, &mut buf)? {
                Event::Start(e) if e.local_name().as_ref() == "si" => {
                    scratch.clear();
                    read_rich(&mut xml, &mut buf, &mut scratch, &mut piece, "si")?;
                    out.push(&scratch)?;
                }
                Event::Empty(e) if e.local_name().as_ref() == "si" => out.push("")?,
                Event::Eof => return Ok(out),
                _ => {}
            }
        }
    }

    fn push(&mut self, s: &str) -> Result<()> {
        if self.ends.len() >= MAX_SHARED_STRINGS {
            return Err(too_large(
                "shared_strings",
                MAX_SHARED_STRINGS as u64,
                format!(
                    "the workbook's shared-string table has more than {MAX_SHARED_STRINGS} strings, more than is read from one workbook; save the sheet as CSV UTF-8, or split the upload"
                ),
            ));
        }
        if self.text.len() + s.len() > MAX_SHARED_STRING_BYTES {
            return Err(too_large(
                "shared_string_bytes",
                MAX_SHARED_STRING_BYTES as u64,
                format!(
                    "the workbook's shared strings hold more than {} MiB of text, more than is read from one workbook; save the sheet as CSV UTF-8, or split the upload",
                    MAX_SHARED_STRING_BYTES >> 20
                ),
            ));
        }
        self.text.push_str(s);
        // At most MAX_SHARED_STRING_BYTES (< 4 GiB): fits.
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        Ok(())
    }

    fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = if index == 0 {
            0
        } else {
            self.ends[index - 1] as usize
        };
        self.text.get(start..end)
    }
}

fn too_long_cell(what: &str) -> Error {
    too_large(
        "cell_bytes",
        MAX_CELL_BYTES as u64,
        format!(
            "{what} has a cell of more than {} MiB of text (Excel allows 32,767 characters in a cell); this workbook was not saved by Excel. Open it in Excel and save it again, or save the sheet as CSV UTF-8",
            MAX_CELL_BYTES >> 20
        ),
    )
}

fn push_limited(out: &mut String, s: &str, xml: &mut Xml) -> Result<()> {
    if out.len() + s.len() > MAX_CELL_BYTES {
        return Err(too_long_cell(xml.get_mut().what()));
    }
    out.push_str(s);
    Ok(())
}

fn push_ref(out: &mut String, r: &BytesRef<'_>, xml: &mut Xml) -> Result<()> {
    let text: Cow<'_, str> = match &**r {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        other => match r.resolve_char_ref() {
            Ok(Some(c)) => c.to_string().into(),
            _ => {
                let what = xml.get_mut().what().to_string();
                return Err(damaged(&format!(
                    "{what} has an unknown reference '&{other};'"
                )));
            }
        },
    };
    push_limited(out, &text, xml)
}

/// Reads the text of the element just opened (`<t>` or `<v>`), up to its end, into `out`.
fn read_text(xml: &mut Xml, buf: &mut Vec<u8>, out: &mut String) -> Result<()> {
    loop {
        match next(xml, buf)? {
            Event::Text(t) => {
                let t = t.xml10_content();
                push_limited(out, &t, xml)?;
            }
            Event::CData(t) => {
                let t = t.xml10_content();
                push_limited(out, &t, xml)?;
            }
            Event::GeneralRef(r) => {
                let r = r.into_owned();
                push_ref(out, &r, xml)?;
            }
            Event::End(_) => return Ok(()),
            Event::Eof => return Err(cut_short(xml)),
            _ => {}
        }
    }
}

/// Reads a string item (`<si>` or `<is>`, just opened) up to the end named `end` into `out`:
/// its `<t>` texts joined, phonetic runs (`<rPh>`) left out, each text trimmed of surrounding
/// ASCII whitespace unless it keeps its spaces (`xml:space="preserve"`), `_xHHHH_` decoded.
fn read_rich(
    xml: &mut Xml,
    buf: &mut Vec<u8>,
    out: &mut String,
    piece: &mut String,
    end: &str,
) -> Result<()> {
    let mut phonetic = false;
    loop {
        match next(xml, buf)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "rPh" => phonetic = true,
                "t" if !phonetic => {
                    let preserve = attr(&e, "space").is_some_and(|v| v == "preserve");
                    piece.clear();
                    read_text(xml, buf, piece)?;
                    let text = if preserve {
                        piece.as_str()
                    } else {
                        piece.trim_matches([' ', '\t', '\r', '\n'])
                    };
                    let decoded = unescape_excel(text);
                    push_limited(out, &decoded, xml)?;
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "rPh" => phonetic = false,
                name if name == end => return Ok(()),
                _ => {}
            },
            Event::Eof => return Err(cut_short(xml)),
            _ => {}
        }
    }
}

/// Excel's escapes of characters XML cannot carry: `_x000D_` is a carriage return (a UTF-16
/// unit in four hex digits, a pair of them for a character beyond the BMP), `_x005F_` an
/// underscore.
fn unescape_excel(s: &str) -> Cow<'_, str> {
    fn unit_at(s: &[u8], i: usize) -> Option<u16> {
        let b = s.get(i..i + 7)?;
        if b[0] != b'_' || b[1] != b'x' || b[6] != b'_' {
            return None;
        }
        let hex = std::str::from_utf8(&b[2..6]).ok()?;
        u16::from_str_radix(hex, 16).ok()
    }
    let bytes = s.as_bytes();
    if memchr::memmem::find(bytes, b"_x").is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copied = 0;
    while let Some(p) = memchr::memchr(b'_', &bytes[i..]).map(|p| p + i) {
        let Some(unit) = unit_at(bytes, p) else {
            i = p + 1;
            continue;
        };
        out.push_str(&s[copied..p]);
        let mut next = p + 7;
        let c = match unit {
            0xD800..=0xDBFF => match unit_at(bytes, next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += 7;
                    char::from_u32(
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00),
                    )
                }
                _ => None,
            },
            0xDC00..=0xDFFF => None,
            u => char::from_u32(u32::from(u)),
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        i = next;
        copied = next;
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// Why a cell reference was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BadReference {
    NotOne,
    BeyondGrid,
}

/// A cell reference (`B7`) as a zero-based (row, column), checked against Excel's grid.
fn cell_position(r: &[u8]) -> std::result::Result<(u32, u32), BadReference> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = &r[letters..];
    if letters == 0 || digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(BadReference::NotOne);
    }
    let mut col: u64 = 0;
    for b in &r[..letters] {
        col = col * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1;
        if col > u64::from(SHEET_COLUMNS) {
            return Err(BadReference::BeyondGrid);
        }
    }
    let row = row_number(digits).ok_or(BadReference::BeyondGrid)?;
    Ok((row - 1, (col - 1) as u32))
}

fn bad_reference(what: &str, r: &[u8], bad: BadReference) -> Error {
    let shown = String::from_utf8_lossy(&r[..r.len().min(40)]).into_owned();
    match bad {
        BadReference::NotOne => damaged(&format!(
            "{what} has a cell reference '{shown}' that is not one"
        )),
        BadReference::BeyondGrid => beyond_grid(what, &shown),
    }
}

/// A 1-based row number within Excel's grid.
fn row_number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 7 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = digits
        .iter()
        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    (1..=SHEET_ROWS).contains(&n).then_some(n)
}

fn beyond_grid(what: &str, shown: &str) -> Error {
    too_large(
        "grid",
        u64::from(SHEET_ROWS) * u64::from(SHEET_COLUMNS),
        format!(
            "{what} refers to cell '{shown}', outside Excel's grid (columns A to XFD, rows 1 to 1,048,576); this workbook was not saved by Excel. Open it in Excel and save it again, or save the sheet as CSV UTF-8"
        ),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellType {
    Number,
    Shared,
    Text,
    Bool,
    Error,
    Date,
}

/// What reads one cell's content: everything of [`XlsxCells`] but the buffer of the events
/// around cells (so a cell's start event can be held while its content is read).
#[derive(Debug)]
struct CellContent {
    xml: Xml,
    strings: Arc<SharedStrings>,
    formats: Arc<[NumberKind]>,
    is_1904: bool,
    cell_buf: Vec<u8>,
    inner_buf: Vec<u8>,
    value: String,
    piece: String,
    text: String,
}

impl CellContent {
    fn what(&mut self) -> String {
        self.xml.get_mut().what().to_string()
    }

    /// Reads one `<c>` element's content (its start already read) into `text`; true when the
    /// cell has text.
    fn read(&mut self, start_empty: bool, kind: CellType, style: usize) -> Result<bool> {
        self.value.clear();
        self.text.clear();
        let mut inline = false;
        if !start_empty {
            loop {
                match next(&mut self.xml, &mut self.cell_buf)? {
                    Event::Start(e) => match e.local_name().as_ref() {
                        "v" => {
                            self.value.clear();
                            read_text(&mut self.xml, &mut self.inner_buf, &mut self.value)?;
                        }
                        "is" => {
                            inline = true;
                            self.value.clear();
                            read_rich(
                                &mut self.xml,
                                &mut self.inner_buf,
                                &mut self.value,
                                &mut self.piece,
                                "is",
                            )?;
                        }
                        "f" => {
                            // The formula's text is not shown; its cached value is.
                            self.piece.clear();
                            read_text(&mut self.xml, &mut self.inner_buf, &mut self.piece)?;
                        }
                        _ => {}
                    },
                    Event::End(e) if e.local_name().as_ref() == "c" => break,
                    Event::Eof => return Err(cut_short(&mut self.xml)),
                    _ => {}
                }
            }
        }
        if inline {
            std::mem::swap(&mut self.text, &mut self.value);
            return Ok(!self.text.is_empty());
        }
        if self.value.is_empty() {
            return Ok(false);
        }
        match kind {
            CellType::Shared => {
                let index = self.value.trim().parse::<usize>().ok();
                match index.and_then(|i| self.strings.get(i)) {
                    Some(s) => self.text.push_str(s),
                    None => {
                        let what = self.what();
                        return Err(damaged(&format!(
                            "{what} refers to shared string '{}', which the workbook does not have",
                            self.value.chars().take(20).collect::<String>()
                        )));
                    }
                }
            }
            CellType::Text => {
                let decoded = unescape_excel(&self.value);
                self.text.push_str(&decoded);
            }
            CellType::Date | CellType::Error => self.text.push_str(&self.value),
            CellType::Bool => {
                self.text.push_str(if self.value.trim() == "0" {
                    "FALSE"
                } else {
                    "TRUE"
                });
            }
            CellType::Number => match self.value.trim().parse::<f64>() {
                Ok(f) => {
                    match self
                        .formats
                        .get(style)
                        .copied()
                        .unwrap_or(NumberKind::Plain)
                    {
                        NumberKind::Date => self.text.push_str(&super::cell_text(&Data::DateTime(
                            ExcelDateTime::new(f, ExcelDateTimeType::DateTime, self.is_1904),
                        ))),
                        NumberKind::Plain | NumberKind::Duration => {
                            self.text.push_str(&number_text(f));
                        }
                    }
                }
                // Not a number: kept as written, for the checks to refuse with the value.
                Err(_) => self.text.push_str(&self.value),
            },
        }
        Ok(!self.text.is_empty())
    }
}

/// A sheet's cells in document order (see the module documentation). Empty cells are
/// counted against [`MAX_CELLS`] but not handed out.
#[derive(Debug)]
pub(crate) struct XlsxCells {
    content: CellContent,
    buf: Vec<u8>,
    row: u32,
    col: u32,
    cells: u64,
    done: bool,
    /// The last event quick-xml handed out was markup (not text), so it reads on from
    /// whatever comes next: the cells after it may be scanned here ([`scan_cell`]) and
    /// consumed from the part without quick-xml seeing them.
    after_markup: bool,
}

/// A cell the fast path read: `<c r=".." s=".." t="s|n"><v>digits</v></c>` or `<c r=".."/>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scanned<'a> {
    /// Bytes of the part it took.
    len: usize,
    reference: Option<&'a [u8]>,
    style: usize,
    shared: bool,
    /// The `<v>` digits; `None` for an empty cell.
    value: Option<&'a [u8]>,
}

/// Reads one cell of the plain shape Excel and most writers give a sheet's cells, from the
/// start of `b`: `<c` with only `r`, `s` and `t` attributes (`t` absent, `n` or `s`), each
/// value free of `&`, then either `/>` or `><v>` ASCII digits `</v></c>`. Anything else
/// (another attribute or type, a formula, inline text, whitespace, entities, a prefix, the
/// cell running past the bytes at hand) is `None`, and the XML reader reads it.
fn scan_cell(b: &[u8]) -> Option<Scanned<'_>> {
    let mut i = 2;
    if !b.starts_with(b"<c") {
        return None;
    }
    let mut cell = Scanned {
        len: 0,
        reference: None,
        style: 0,
        shared: false,
        value: None,
    };
    loop {
        match *b.get(i)? {
            b' ' => {
                let name = *b.get(i + 1)?;
                if b.get(i + 2..i + 4)? != b"=\"" {
                    return None;
                }
                let start = i + 4;
                let len = memchr::memchr(b'"', b.get(start..)?)?;
                let value = &b[start..start + len];
                if value.contains(&b'&') {
                    return None;
                }
                match name {
                    b'r' => cell.reference = Some(value),
                    b's' => {
                        if value.is_empty()
                            || value.len() > 9
                            || !value.iter().all(u8::is_ascii_digit)
                        {
                            return None;
                        }
                        cell.style = value.iter().fold(0, |n, d| n * 10 + usize::from(d - b'0'));
                    }
                    b't' => match value {
                        b"s" => cell.shared = true,
                        b"n" => cell.shared = false,
                        _ => return None,
                    },
                    _ => return None,
                }
                i = start + len + 1;
            }
            b'/' => {
                if *b.get(i + 1)? != b'>' {
                    return None;
                }
                cell.len = i + 2;
                return Some(cell);
            }
            b'>' => {
                if b.get(i + 1..i + 4)? != b"<v>" {
                    return None;
                }
                let start = i + 4;
                let digits = b
                    .get(start..)?
                    .iter()
                    .take_while(|d| d.is_ascii_digit())
                    .count();
                let end = start + digits;
                if digits == 0 || b.get(end..end + 8)? != b"</v></c>" {
                    return None;
                }
                cell.value = Some(&b[start..end]);
                cell.len = end + 8;
                return Some(cell);
            }
            _ => return None,
        }
    }
}

impl XlsxCells {
    fn new(
        xml: Xml,
        strings: Arc<SharedStrings>,
        formats: Arc<[NumberKind]>,
        is_1904: bool,
        done: bool,
    ) -> XlsxCells {
        XlsxCells {
            content: CellContent {
                xml,
                strings,
                formats,
                is_1904,
                cell_buf: Vec::with_capacity(1024),
                inner_buf: Vec::with_capacity(1024),
                value: String::new(),
                piece: String::new(),
                text: String::new(),
            },
            buf: Vec::with_capacity(1024),
            row: 0,
            col: 0,
            cells: 0,
            done,
            after_markup: true,
        }
    }
}

impl CellSource for XlsxCells {
    fn next_cell(&mut self) -> Result<Option<StreamCell<'_>>> {
        if self.done {
            return Ok(None);
        }
        loop {
            if self.after_markup {
                if let Some(found) = self.scan()? {
                    return Ok(Some(found.cell(self)));
                }
            }
            let event = next(&mut self.content.xml, &mut self.buf)?;
            self.after_markup = !matches!(event, Event::Text(_) | Event::GeneralRef(_));
            let (empty, e) = match event {
                Event::Start(e) => (false, e),
                Event::Empty(e) => (true, e),
                Event::End(e) => {
                    match e.local_name().as_ref() {
                        "row" => {
                            self.row = self.row.saturating_add(1);
                            self.col = 0;
                        }
                        "sheetData" => {
                            self.done = true;
                            return Ok(None);
                        }
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => return Err(cut_short(&mut self.content.xml)),
                _ => continue,
            };
            match e.local_name().as_ref() {
                "row" => {
                    if let Some(r) = attr(&e, "r") {
                        match row_number(r.trim().as_bytes()) {
                            Some(n) => self.row = n - 1,
                            None => {
                                let what = self.content.what();
                                return Err(bad_reference(
                                    &what,
                                    r.as_bytes(),
                                    BadReference::BeyondGrid,
                                ));
                            }
                        }
                    }
                    self.col = 0;
                    if empty {
                        self.row = self.row.saturating_add(1);
                    }
                }
                "c" => {
                    self.cells += 1;
                    if self.cells > MAX_CELLS {
                        let what = self.content.what();
                        return Err(too_large(
                            "cells",
                            MAX_CELLS,
                            format!(
                                "{what} has more than {MAX_CELLS} cells, more than is read from one sheet; save the sheet as CSV UTF-8, or split the upload"
                            ),
                        ));
                    }
                    let mut kind = CellType::Number;
                    let mut style = 0usize;
                    let mut position = None;
                    for a in e.attributes().with_checks(false).flatten() {
                        match a.key.local_name().as_ref() {
                            "r" => match cell_position(a.value.as_bytes()) {
                                Ok(p) => position = Some(p),
                                Err(bad) => {
                                    let what = self.content.what();
                                    return Err(bad_reference(&what, a.value.as_bytes(), bad));
                                }
                            },
                            "s" => {
                                style = a.value.trim().parse().unwrap_or(0);
                            }
                            "t" => {
                                kind = match a.value.as_ref() {
                                    "s" => CellType::Shared,
                                    "str" | "inlineStr" => CellType::Text,
                                    "b" => CellType::Bool,
                                    "e" => CellType::Error,
                                    "d" => CellType::Date,
                                    _ => CellType::Number,
                                };
                            }
                            _ => {}
                        }
                    }
                    let (row, col) = match position {
                        Some(p) => p,
                        None if self.col >= SHEET_COLUMNS => {
                            let what = self.content.what();
                            return Err(beyond_grid(&what, "after column XFD"));
                        }
                        None => (self.row, self.col),
                    };
                    self.col = col + 1;
                    if row >= SHEET_ROWS {
                        let what = self.content.what();
                        return Err(beyond_grid(&what, "after row 1,048,576"));
                    }
                    let has_text = self.content.read(empty, kind, style)?;
                    // It ended with `</c>` (or was `<c/>`): markup.
                    self.after_markup = true;
                    if has_text {
                        let held = match kind {
                            CellType::Error => CellKind::Error,
                            CellType::Number
                                if self
                                    .content
                                    .formats
                                    .get(style)
                                    .copied()
                                    .unwrap_or(NumberKind::Plain)
                                    == NumberKind::Plain =>
                            {
                                CellKind::Number
                            }
                            _ => CellKind::Text,
                        };
                        return Ok(Some(StreamCell {
                            row,
                            col,
                            text: &self.content.text,
                            kind: held,
                        }));
                    }
                }
                _ => {}
            }
        }
    }
}

/// What [`XlsxCells::scan`] found: a cell with text to hand out (the text in `text` or the
/// shared string `shared`).
#[derive(Debug, Clone, Copy)]
struct Found {
    row: u32,
    col: u32,
    shared: Option<usize>,
    kind: CellKind,
}

impl Found {
    fn cell(self, cells: &XlsxCells) -> StreamCell<'_> {
        let text = match self.shared {
            Some(i) => cells.content.strings.get(i).unwrap_or_default(),
            None => cells.content.text.as_str(),
        };
        StreamCell {
            row: self.row,
            col: self.col,
            text,
            kind: self.kind,
        }
    }
}

impl XlsxCells {
    /// Reads the plain cells at hand ([`scan_cell`]) until one has text; `None` when what
    /// comes next is anything else, for the XML reader. Each cell is counted, placed and
    /// checked as the XML path does it.
    fn scan(&mut self) -> Result<Option<Found>> {
        loop {
            let part = self.content.xml.get_mut();
            let bytes = match part.fill_buf() {
                Ok(b) => b,
                // The XML reader meets the same failure and reports it.
                Err(_) => return Ok(None),
            };
            let Some(cell) = scan_cell(bytes) else {
                return Ok(None);
            };
            self.cells += 1;
            if self.cells > MAX_CELLS {
                // The XML path words the refusal.
                self.cells -= 1;
                return Ok(None);
            }
            let (row, col) = match cell.reference {
                Some(r) => match cell_position(r) {
                    Ok(p) => p,
                    Err(_) => {
                        self.cells -= 1;
                        return Ok(None);
                    }
                },
                None if self.col >= SHEET_COLUMNS => {
                    self.cells -= 1;
                    return Ok(None);
                }
                None if self.row >= SHEET_ROWS => {
                    self.cells -= 1;
                    return Ok(None);
                }
                None => (self.row, self.col),
            };
            let number_kind = || {
                self.content
                    .formats
                    .get(cell.style)
                    .copied()
                    .unwrap_or(NumberKind::Plain)
            };
            // A shared string's index, or a number's digits as shown (a whole number below
            // 10^15 without leading zeros is shown as written): anything else to the XML path.
            let found = match cell.value {
                None => None,
                Some(v) if cell.shared => {
                    let index = v
                        .iter()
                        .take(18)
                        .fold(0usize, |n, d| n * 10 + usize::from(d - b'0'));
                    match self.content.strings.get(index) {
                        Some(text) if v.len() <= 18 => Some((Some(index), text.is_empty())),
                        _ => {
                            self.cells -= 1;
                            return Ok(None);
                        }
                    }
                }
                Some(v) => {
                    if v.len() > 15
                        || (v.len() > 1 && v[0] == b'0')
                        || number_kind() != NumberKind::Plain
                    {
                        self.cells -= 1;
                        return Ok(None);
                    }
                    self.content.text.clear();
                    // ASCII digits.
                    self.content
                        .text
                        .push_str(std::str::from_utf8(v).unwrap_or_default());
                    Some((None, false))
                }
            };
            let len = cell.len;
            let kind = if cell.shared {
                CellKind::Text
            } else {
                CellKind::Number
            };
            self.content.xml.get_mut().consume(len);
            self.col = col + 1;
            match found {
                Some((shared, false)) => {
                    return Ok(Some(Found {
                        row,
                        col,
                        shared,
                        kind,
                    }));
                }
                _ => continue,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_cells_are_scanned() {
        let c = scan_cell(br#"<c r="B7" s="3" t="s"><v>42</v></c><c"#).expect("a cell");
        assert_eq!(
            (c.len, c.reference, c.style, c.shared, c.value),
            (35, Some(&b"B7"[..]), 3, true, Some(&b"42"[..]))
        );
        let c = scan_cell(br#"<c r="A1"/>"#).expect("an empty cell");
        assert_eq!((c.len, c.value), (11, None));
        let c = scan_cell(br#"<c><v>7</v></c>"#).expect("no reference");
        assert_eq!((c.reference, c.value), (None, Some(&b"7"[..])));
        for other in [
            &br#"<c r="A1" t="str"><v>7</v></c>"#[..],
            br#"<c r="A1"><f>1+1</f><v>2</v></c>"#,
            br#"<c r="A1"><v>1.5</v></c>"#,
            br#"<c r="A1" t="s"><v>1</v></c"#,
            br#"<c r="A1" x="1"><v>1</v></c>"#,
            br#"<c  r="A1"><v>1</v></c>"#,
            br#"<c r="A&amp;1"><v>1</v></c>"#,
            br#"<col min="1"/>"#,
            br#"<c r="A1"><v> 1</v></c>"#,
        ] {
            assert_eq!(scan_cell(other), None, "{}", String::from_utf8_lossy(other));
        }
    }

    #[test]
    fn excel_escapes_and_references() {
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_excel("_xD83D__xDCF7_"), "\u{1F4F7}");
        assert_eq!(unescape_excel("_xD83D_"), "\u{FFFD}");
        assert_eq!(unescape_excel("plain_x"), "plain_x");
        assert_eq!(cell_position(b"A1"), Ok((0, 0)));
        assert_eq!(cell_position(b"XFD1048576"), Ok((1_048_575, 16_383)));
        assert_eq!(cell_position(b"XFE1"), Err(BadReference::BeyondGrid));
        assert_eq!(cell_position(b"A1048577"), Err(BadReference::BeyondGrid));
        assert_eq!(
            cell_position(b"A99999999999"),
            Err(BadReference::BeyondGrid)
        );
        assert_eq!(cell_position(b"1A"), Err(BadReference::NotOne));
        assert_eq!(
            resolve("xl/workbook.xml", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/workbook.xml", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(resolve("xl/workbook.xml", "../x.xml"), "x.xml");
    }

    #[test]
    fn date_formats() {
        assert_eq!(custom_format_kind("dd/mm/yyyy"), NumberKind::Date);
        assert_eq!(custom_format_kind("[h]:mm:ss"), NumberKind::Duration);
        assert_eq!(custom_format_kind("0.00"), NumberKind::Plain);
        assert_eq!(custom_format_kind("\"d\"0"), NumberKind::Plain);
        assert_eq!(builtin_format_kind(14), NumberKind::Date);
        assert_eq!(builtin_format_kind(0), NumberKind::Plain);
    }
}
