//! The hostile corpus (`hostile/manifest.json`): workbooks made to cost a reader far more than
//! their size (far cell references, zip bombs, huge strings, huge shared-string tables, cells
//! repeated by the million), each with the outcome it must have.
//!
//! Small cases are committed under `hostile/files/`; the large ones are made here
//! ([`generate`]) by the `hostile-generate` program (for the bindings' runners) or by the Rust
//! runner itself when they are missing. A bomb is made cheaply: a run of one repeated byte is
//! compressed once, one mebibyte at a time with a full flush (which resets the compressor), so
//! every mebibyte compresses to the same bytes, repeated; the CRC-32 is combined, not computed
//! over the whole.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The `hostile/` directory.
pub fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("hostile")
}

const MIB: usize = 1 << 20;

/// A part's content: pieces written in order, a piece possibly repeated.
struct Content {
    pieces: Vec<(Vec<u8>, u64)>,
}

impl Content {
    fn new() -> Content {
        Content { pieces: Vec::new() }
    }
    fn text(mut self, s: &str) -> Content {
        self.pieces.push((s.as_bytes().to_vec(), 1));
        self
    }
    fn repeat(mut self, chunk: Vec<u8>, times: u64) -> Content {
        self.pieces.push((chunk, times));
        self
    }
    fn size(&self) -> u64 {
        self.pieces.iter().map(|(c, n)| c.len() as u64 * n).sum()
    }
    fn crc(&self) -> u32 {
        let mut total = crc32fast::Hasher::new();
        for (chunk, times) in &self.pieces {
            let mut one = crc32fast::Hasher::new();
            one.update(chunk);
            // Binary doubling: CRC of `times` copies from the CRC of one.
            let mut power = one;
            let mut left = *times;
            while left > 0 {
                if left & 1 == 1 {
                    total.combine(&power);
                }
                let copy = power.clone();
                power.combine(&copy);
                left >>= 1;
            }
        }
        total.finalize()
    }
    /// Raw deflate of the content: each piece compressed once after a full flush.
    fn deflate(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let count = self.pieces.len();
        for (i, (chunk, times)) in self.pieces.iter().enumerate() {
            let last = i + 1 == count;
            let full = compress(chunk, flate2::FlushCompress::Full);
            for _ in 1..*times {
                out.extend_from_slice(&full);
            }
            if last {
                out.extend_from_slice(&compress(chunk, flate2::FlushCompress::Finish));
            } else if *times > 0 {
                out.extend_from_slice(&full);
            }
        }
        out
    }
}

fn compress(input: &[u8], flush: flate2::FlushCompress) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let mut out = Vec::with_capacity(input.len() / 2 + 1024);
    let mut consumed = 0;
    loop {
        out.reserve(64 * 1024);
        let before_in = c.total_in() as usize;
        c.compress_vec(&input[consumed..], &mut out, flush)
            .expect("deflate");
        consumed += c.total_in() as usize - before_in;
        if consumed >= input.len() && out.len() < out.capacity() {
            break;
        }
    }
    out
}

/// Writes a zip of `entries` (deflated; zip64 sizes where they need it).
fn write_zip(path: &Path, entries: &[(&str, Content)]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut central = Vec::new();
    let mut offset: u64 = 0;
    for (name, content) in entries {
        let data = content.deflate();
        let size = content.size();
        let crc = content.crc();
        let big = size >= u64::from(u32::MAX) || data.len() as u64 >= u64::from(u32::MAX);
        let mut extra = Vec::new();
        if big {
            extra.extend_from_slice(&1u16.to_le_bytes());
            extra.extend_from_slice(&16u16.to_le_bytes());
            extra.extend_from_slice(&size.to_le_bytes());
            extra.extend_from_slice(&(data.len() as u64).to_le_bytes());
        }
        let small = |v: u64| if big { u32::MAX } else { v as u32 };
        let mut local = Vec::new();
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        local.extend_from_slice(&(if big { 45u16 } else { 20 }).to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes());
        local.extend_from_slice(&8u16.to_le_bytes());
        local.extend_from_slice(&[0, 0, 0x21, 0]);
        local.extend_from_slice(&crc.to_le_bytes());
        local.extend_from_slice(&small(data.len() as u64).to_le_bytes());
        local.extend_from_slice(&small(size).to_le_bytes());
        local.extend_from_slice(&(name.len() as u16).to_le_bytes());
        local.extend_from_slice(&(extra.len() as u16).to_le_bytes());
        local.extend_from_slice(name.as_bytes());
        local.extend_from_slice(&extra);
        out.write_all(&local)?;
        out.write_all(&data)?;
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&(if big { 45u16 } else { 20 }).to_le_bytes());
        central.extend_from_slice(&(if big { 45u16 } else { 20 }).to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&8u16.to_le_bytes());
        central.extend_from_slice(&[0, 0, 0x21, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&small(data.len() as u64).to_le_bytes());
        central.extend_from_slice(&small(size).to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&(extra.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 10]);
        central.extend_from_slice(&(offset as u32).to_le_bytes());
        central.extend_from_slice(name.as_bytes());
        central.extend_from_slice(&extra);
        offset += (local.len() + data.len()) as u64;
    }
    out.write_all(&central)?;
    out.write_all(&0x0605_4b50u32.to_le_bytes())?;
    out.write_all(&[0, 0, 0, 0])?;
    out.write_all(&(entries.len() as u16).to_le_bytes())?;
    out.write_all(&(entries.len() as u16).to_le_bytes())?;
    out.write_all(&(central.len() as u32).to_le_bytes())?;
    out.write_all(&(offset as u32).to_le_bytes())?;
    out.write_all(&0u16.to_le_bytes())?;
    out.flush()
}

const HEADER: [&str; 6] = [
    "UKPRN",
    "Unique Learner Number",
    "Learner Reference Number",
    "Learning Aim Reference",
    "Learning Aim Title",
    "Destination Code",
];

fn header_row() -> String {
    let cells: String = HEADER
        .iter()
        .enumerate()
        .map(|(i, h)| {
            format!(
                r#"<c r="{}1" t="inlineStr"><is><t>{h}</t></is></c>"#,
                (b'A' + i as u8) as char
            )
        })
        .collect();
    format!(r#"<row r="1">{cells}</row>"#)
}

const GOOD_ROW: &str = r#"<row r="2"><c r="A2"><v>10012345</v></c><c r="B2"><v>9276308686</v></c><c r="C2" t="inlineStr"><is><t>LRN1</t></is></c><c r="D2" t="inlineStr"><is><t>20000008</t></is></c><c r="F2" t="inlineStr"><is><t>EMP1</t></is></c></row>"#;

/// A workbook of one sheet: `sheet` is the sheet part, `strings` the shared strings (if any).
fn workbook(path: &Path, sheet: Content, strings: Option<Content>) -> std::io::Result<()> {
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let book = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let book_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    let mut entries = vec![
        ("[Content_Types].xml", Content::new().text(types)),
        ("_rels/.rels", Content::new().text(rels)),
        ("xl/workbook.xml", Content::new().text(book)),
        ("xl/_rels/workbook.xml.rels", Content::new().text(book_rels)),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(s) = strings {
        entries.push(("xl/sharedStrings.xml", s));
    }
    write_zip(path, &entries)
}

const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_END: &str = "</sheetData></worksheet>";

/// Makes the case `name` at `path`. Errors: unknown name, or the file cannot be written.
pub fn generate(name: &str, path: &Path) -> std::io::Result<()> {
    match name {
        "far_cell_xfd1048576" | "far_cell_xfd4000" => {
            let cell = if name.ends_with("1048576") {
                "XFD1048576"
            } else {
                "XFD4000"
            };
            let row = &cell[3..];
            let sheet = Content::new().text(&format!(
                r#"{SHEET_START}{}{GOOD_ROW}<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>far</t></is></c></row>{SHEET_END}"#,
                header_row()
            ));
            workbook(path, sheet, None)
        }
        "whitespace_4gib" => {
            let sheet = Content::new()
                .text(&format!("{SHEET_START}{}", header_row()))
                .repeat(vec![b' '; MIB], 4096)
                .text(&format!("{GOOD_ROW}{SHEET_END}"));
            workbook(path, sheet, None)
        }
        "string_1gib" => {
            let strings = Content::new()
                .text(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>"#)
                .repeat(vec![b'a'; MIB], 1024)
                .text("</t></si></sst>");
            let sheet = Content::new().text(&format!(
                r#"{SHEET_START}{}<row r="2"><c r="A2" t="s"><v>0</v></c></row>{SHEET_END}"#,
                header_row()
            ));
            workbook(path, sheet, Some(strings))
        }
        "shared_strings_2m" => {
            let mut xml = String::from(
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
            );
            for i in 0..2_000_000u32 {
                xml.push_str(&format!("<si><t>L{i:09}</t></si>"));
            }
            xml.push_str("</sst>");
            let sheet = Content::new().text(&format!(
                r#"{SHEET_START}{}<row r="2"><c r="A2"><v>10012345</v></c><c r="B2"><v>9276308686</v></c><c r="C2" t="s"><v>1999999</v></c><c r="D2" t="inlineStr"><is><t>20000008</t></is></c><c r="F2" t="inlineStr"><is><t>EMP1</t></is></c></row>{SHEET_END}"#,
                header_row()
            ));
            workbook(path, sheet, Some(Content::new().text(&xml)))
        }
        "repeated_cells_50m_one_row" => {
            // 50,000,000 cells without references in row 2: past column XFD after 16,384.
            let cell = b"<c><v>1</v></c>".repeat(MIB / 15);
            let per_chunk = (MIB / 15) as u64;
            let sheet = Content::new()
                .text(&format!("{SHEET_START}{}<row r=\"2\">", header_row()))
                .repeat(cell, 50_000_000 / per_chunk + 1)
                .text(&format!("</row>{SHEET_END}"));
            workbook(path, sheet, None)
        }
        "repeated_cells_50m_rows" => {
            // 50,000,000 empty cells, 1,000 to a row: past the cells limit.
            let row = format!("<row>{}</row>", "<c/>".repeat(1000));
            let rows_per_chunk = MIB / row.len();
            let chunk = row.repeat(rows_per_chunk).into_bytes();
            let chunks = 50_000 / rows_per_chunk as u64 + 1;
            let sheet = Content::new()
                .text(&format!("{SHEET_START}{}", header_row()))
                .repeat(chunk, chunks)
                .text(SHEET_END);
            workbook(path, sheet, None)
        }
        "cells_out_of_order" => {
            let sheet = Content::new().text(&format!(
                r#"{SHEET_START}{}<row r="2"><c r="F2" t="inlineStr"><is><t>EMP1</t></is></c><c r="D2" t="inlineStr"><is><t>20000008</t></is></c><c r="C2" t="inlineStr"><is><t>LRN1</t></is></c><c r="B2"><v>9276308686</v></c><c r="A2"><v>10012345</v></c></row>{SHEET_END}"#,
                header_row()
            ));
            workbook(path, sheet, None)
        }
        "rows_out_of_order" => {
            let sheet = Content::new().text(&format!(
                r#"{SHEET_START}{}<row r="3"><c r="A3"><v>1</v></c></row>{GOOD_ROW}{SHEET_END}"#,
                header_row()
            ));
            workbook(path, sheet, None)
        }
        other => Err(std::io::Error::other(format!("no hostile case '{other}'"))),
    }
}
