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

// ----- .xls: a BIFF8 workbook stream in an OLE2 compound file ----------------------------------

/// One BIFF record.
fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

fn cell_head(typ: u16, row: u16, col: u16, rest: &[u8]) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(rest);
    rec(typ, &d)
}

/// A cell showing shared string `index`.
fn label_sst(row: u16, col: u16, index: u32) -> Vec<u8> {
    cell_head(0x00FD, row, col, &index.to_le_bytes())
}

/// A cell holding a number.
fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
    cell_head(0x0203, row, col, &value.to_le_bytes())
}

/// A DIMENSIONS record declaring `rows` rows and `cols` columns.
fn dimensions(rows: u32, cols: u16) -> Vec<u8> {
    let mut d = 0u32.to_le_bytes().to_vec();
    d.extend(rows.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(cols.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    rec(0x0200, &d)
}

/// A BIFF8 workbook stream: one sheet `Sheet1` of `records`, and shared strings `strings`
/// (written in CONTINUE records of at most 8,000 bytes, no string split).
fn biff(strings: &[&str], records: &[Vec<u8>]) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = vec![0x00, 0x06];
        d.extend(dt.to_le_bytes());
        d.extend([0u8; 12]);
        rec(0x0809, &d)
    };
    let bound = |pos: u32| {
        let mut d = pos.to_le_bytes().to_vec();
        d.extend([0, 0, 6, 0]);
        d.extend(b"Sheet1");
        rec(0x0085, &d)
    };
    let mut globals = bof(0x0005);
    let bound_at = globals.len();
    globals.extend(bound(0));
    let mut piece = Vec::new();
    piece.extend((strings.len() as u32).to_le_bytes());
    piece.extend((strings.len() as u32).to_le_bytes());
    let mut first = true;
    for s in strings {
        if piece.len() + 3 + s.len() > 8000 {
            globals.extend(rec(if first { 0x00FC } else { 0x003C }, &piece));
            first = false;
            piece.clear();
        }
        piece.extend((s.len() as u16).to_le_bytes());
        piece.push(0);
        piece.extend(s.as_bytes());
    }
    globals.extend(rec(if first { 0x00FC } else { 0x003C }, &piece));
    globals.extend(rec(0x000A, &[]));
    let pos = globals.len() as u32;
    let len = bound(0).len();
    globals.splice(bound_at..bound_at + len, bound(pos));
    globals.extend(bof(0x0010));
    for r in records {
        globals.extend(r);
    }
    globals.extend(rec(0x000A, &[]));
    globals
}

/// `stream` as the `Workbook` stream of a compound file (version 3 with 512-byte sectors, or
/// version 4 with 4,096-byte sectors for a stream over 1 MiB; padded to 4,096 bytes so it is
/// not in the mini stream): the stream's sectors, the FAT, one directory sector. `edit` may
/// change the FAT and the stream's declared size before they are written.
fn compound(stream: &[u8], edit: impl FnOnce(&mut Vec<u32>, &mut u32)) -> Vec<u8> {
    let (size, shift, version) = if stream.len() > MIB {
        (4096usize, 12u32, 4u32)
    } else {
        (512, 9, 3)
    };
    let per_fat = (size / 4) as u32;
    let mut stream = stream.to_vec();
    if stream.len() < 4096 {
        stream.resize(4096, 0);
    }
    let mut len = stream.len() as u32;
    stream.resize(stream.len().div_ceil(size) * size, 0);
    let stream_sectors = (stream.len() / size) as u32;
    let fat_sectors = (stream_sectors + 2).div_ceil(per_fat - 1).max(1);
    assert!(fat_sectors <= 109, "the stream needs DIFAT sectors");
    let dir_sector = stream_sectors + fat_sectors;
    let mut fat: Vec<u32> = (1..stream_sectors).collect();
    fat.push(0xFFFF_FFFE);
    fat.extend(std::iter::repeat_n(0xFFFF_FFFD, fat_sectors as usize));
    fat.push(0xFFFF_FFFE);
    edit(&mut fat, &mut len);
    fat.resize((fat_sectors * per_fat) as usize, 0xFFFF_FFFF);
    let mut header = vec![0u8; size];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let mut put = |at: usize, v: u32| header[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put(24, 0x003E | (version << 16));
    put(28, 0xFFFE | (shift << 16));
    put(32, 6);
    put(44, fat_sectors);
    put(48, dir_sector);
    put(56, 4096);
    put(60, 0xFFFF_FFFE);
    put(68, 0xFFFF_FFFE);
    for i in 0..109u32 {
        let id = if i < fat_sectors {
            stream_sectors + i
        } else {
            0xFFFF_FFFF
        };
        put(76 + 4 * i as usize, id);
    }
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&(units.len() as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1;
        e[68..76].copy_from_slice(&[0xFF; 8]);
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut dir = entry("Root Entry", 5, 1, 0xFFFF_FFFE, 0);
    dir.extend(entry("Workbook", 2, 0xFFFF_FFFF, 0, len));
    dir.resize(size, 0);
    let mut out = header;
    out.extend(stream);
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(dir);
    out
}

/// The destinations header and one good row (as `GOOD_ROW`), as .xls records.
fn xls_upload() -> (Vec<&'static str>, Vec<Vec<u8>>) {
    let mut strings: Vec<&str> = HEADER.to_vec();
    strings.extend(["LRN1", "20000008", "EMP1"]);
    let mut records = vec![dimensions(2, 6)];
    records.extend((0..6).map(|c| label_sst(0, c, u32::from(c))));
    records.extend([
        number(1, 0, 10_012_345.0),
        number(1, 1, 9_276_308_686.0),
        label_sst(1, 2, 6),
        label_sst(1, 3, 7),
        label_sst(1, 5, 8),
    ]);
    (strings, records)
}

fn xls_case(name: &str) -> Option<Vec<u8>> {
    let (strings, mut records) = xls_upload();
    Some(match name {
        "xls_upload" => compound(&biff(&strings, &records), |_, _| {}),
        // The directory sector's chain leads back to itself: read for ever.
        "xls_directory_loop" => compound(&biff(&strings, &records), |fat, _| {
            let last = fat.len() - 1;
            fat[last] = last as u32;
        }),
        // The stream says it is 100 MB and its chain goes round its sectors.
        "xls_stream_loop" => compound(&biff(&strings, &records), |fat, len| {
            fat[3] = 1;
            *len = 100_000_000;
        }),
        // DIMENSIONS declares 4,294,967,295 rows by 255 columns, reserved before any cell.
        "xls_dimensions_4g_rows" => {
            records[0] = dimensions(u32::MAX, 255);
            compound(&biff(&strings, &records), |_, _| {})
        }
        // One more cell at IV65536: a dense grid of 16,777,216 cells.
        "xls_far_cell" => {
            records.push(number(65_535, 255, 1.0));
            compound(&biff(&strings, &records), |_, _| {})
        }
        // 20,000 cells showing one 30,000-character shared string: 600 MB of copies.
        "xls_shared_string_copies" => {
            let long = "x".repeat(30_000);
            let mut strings = strings.clone();
            strings.push(&long);
            records.extend((2..20_002u16).map(|r| label_sst(r, 4, 9)));
            compound(&biff(&strings, &records), |_, _| {})
        }
        // 8,400,000 empty shared strings in 25 MB (calamine: a String each, 200 MB and more).
        "xls_shared_strings_8m" => {
            let mut strings = strings.clone();
            strings.extend(std::iter::repeat_n("", 8_400_000));
            compound(&biff(&strings, &records), |_, _| {})
        }
        _ => return None,
    })
}

/// Makes the case `name` at `path`. Errors: unknown name, or the file cannot be written.
pub fn generate(name: &str, path: &Path) -> std::io::Result<()> {
    if let Some(bytes) = xls_case(name) {
        return std::fs::write(path, bytes);
    }
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
        "ods_repeated_cells" => {
            // An OpenDocument sheet of 4 KB whose one cell is repeated over the whole grid.
            let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-row><table:table-cell office:value-type="string"><text:p>UKPRN</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
            write_zip(
                path,
                &[
                    (
                        "mimetype",
                        Content::new().text("application/vnd.oasis.opendocument.spreadsheet"),
                    ),
                    ("content.xml", Content::new().text(content)),
                ],
            )
        }
        other => Err(std::io::Error::other(format!("no hostile case '{other}'"))),
    }
}
