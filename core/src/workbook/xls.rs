//! The bounds of an .xls file (BIFF in an OLE2 compound file), checked before calamine reads
//! it. calamine 0.38 reads an .xls whole when it is opened: it follows the compound file's
//! sector chains until they end (a chain that loops never does), copies the workbook stream,
//! builds the shared-string table, and for every sheet gathers every cell (reserving room for
//! the rows times columns a sheet's DIMENSIONS record declares) and then a dense grid from the
//! first used cell to the last, each cell of it holding its own copy of its text.
//!
//! So the same walk is made here first, over the bytes the core was handed, without building
//! anything but the list of sectors a stream takes and the length of each shared string:
//!
//! - the compound file: the header, the FAT sectors (no more than the file has sectors), and
//!   the chains of the directory, the mini stream, the mini FAT and the workbook stream, each
//!   within the file and visiting no more sectors than the file has (a chain that would loop
//!   is damage: [`Error::WorkbookUnreadable`]);
//! - the workbook stream: at most [`MAX_PART_BYTES`](super::MAX_PART_BYTES);
//! - the shared strings: at most [`MAX_SHARED_STRINGS`](super::MAX_SHARED_STRINGS) strings and
//!   [`MAX_SHARED_STRING_BYTES`](super::MAX_SHARED_STRING_BYTES) bytes of text;
//! - every sheet's records: the rows times columns its DIMENSIONS record declares, its cell
//!   records, and the grid its cells span (for values and for formulas), together over all
//!   sheets at most [`MAX_XLS_CELLS`](super::MAX_XLS_CELLS); the text its cells would hold
//!   (a cell that names a shared string holds a copy of it) at most
//!   [`MAX_SHEET_TEXT_BYTES`](super::MAX_SHEET_TEXT_BYTES); the bytes of records walked (a
//!   sheet list may point many sheets at one substream) at most `MAX_PART_BYTES`.
//!
//! Each limit is an [`Error::WorkbookTooLarge`] naming it (`part_bytes`, `shared_strings`,
//! `shared_string_bytes`, `xls_cells`, `xls_text`). What calamine would refuse by itself (a
//! record cut short, a missing stream) is left to it: it stops there without holding more.

use super::archive::damaged;
use super::{
    MAX_PART_BYTES, MAX_SHARED_STRING_BYTES, MAX_SHARED_STRINGS, MAX_SHEET_TEXT_BYTES,
    MAX_XLS_CELLS, too_large,
};
use crate::error::{Error, Result};

/// The end of a sector chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Sector ids from here on are not sectors (calamine: `RESERVED_SECTORS`).
const RESERVED: u32 = 0xFFFF_FFFA;
/// DIFAT entries below this are FAT sectors.
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
/// Streams shorter than this live in the mini stream.
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(i..i + 8)?.try_into().ok()?))
}

fn broken(detail: &str) -> Error {
    damaged(&format!("its compound file {detail}"))
}

/// The compound file's sectors as calamine addresses them: sector `id` starts at
/// `(id + 1) * size` (the header takes the first sector's room), and ids up to `file / size`
/// are read (the last may be cut short by the file's end).
struct Sectors<'a> {
    bytes: &'a [u8],
    size: usize,
    max_id: u64,
}

impl<'a> Sectors<'a> {
    fn get(&self, id: u32) -> Result<&'a [u8]> {
        if u64::from(id) > self.max_id {
            return Err(broken("refers to a sector beyond the end of the file"));
        }
        let start = (id as usize + 1).saturating_mul(self.size);
        let end = start.saturating_add(self.size);
        let len = self.bytes.len();
        Ok(&self.bytes[start.min(len)..end.min(len)])
    }

    /// The sectors of the chain from `start`, as many as hold `len` bytes (calamine stops
    /// there) or to the chain's end; refused when it leaves the file or visits more sectors
    /// than the file has (it loops).
    fn chain(&self, start: u32, fat: &[u32], len: u64, what: &str) -> Result<Vec<u32>> {
        let mut ids = Vec::new();
        let mut id = start;
        let mut held: u64 = 0;
        while id != END_OF_CHAIN {
            if ids.len() as u64 > self.max_id {
                return Err(broken(&format!("has a {what} whose sector chain loops")));
            }
            let sector = self.get(id)?;
            ids.push(id);
            held += sector.len() as u64;
            if held >= len {
                break;
            }
            id = *fat
                .get(id as usize)
                .ok_or_else(|| broken(&format!("has a {what} whose sector chain is broken")))?;
        }
        Ok(ids)
    }

    fn gather(&self, ids: &[u32], len: u64) -> Result<Vec<u8>> {
        let mut out =
            Vec::with_capacity(usize::try_from(len).unwrap_or(0).min(ids.len() * self.size));
        for &id in ids {
            let sector = self.get(id)?;
            let room = usize::try_from(len - out.len() as u64).unwrap_or(usize::MAX);
            out.extend_from_slice(&sector[..sector.len().min(room)]);
        }
        Ok(out)
    }
}

/// A directory entry: name, first sector, length.
struct Entry {
    name: String,
    start: u32,
    len: u64,
}

/// The workbook stream of the compound file in `bytes`, read as calamine reads it; `None` when
/// it has none (calamine says so).
fn workbook_stream(bytes: &[u8]) -> Result<Option<Vec<u8>>> {
    if bytes.len() < 512 {
        return Ok(None);
    }
    let size = match u16_at(bytes, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(None),
    };
    let field = |i| u32_at(bytes, i).unwrap_or(0);
    let (dir_start, mini_fat_start, mini_fat_len, difat_start) =
        (field(48), field(60), field(64), field(68));
    let sectors = Sectors {
        bytes,
        size,
        max_id: (bytes.len() / size) as u64,
    };
    // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors, each ending with
    // the next one's id.
    let mut difat: Vec<u32> = bytes[76..512]
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let mut id = difat_start;
    let mut difat_sectors = 0u64;
    while id < RESERVED {
        difat_sectors += 1;
        if difat_sectors > sectors.max_id + 1 {
            return Err(broken("has a DIFAT chain that loops"));
        }
        let sector = sectors.get(id)?;
        difat.extend(
            sector
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        );
        id = difat
            .pop()
            .ok_or_else(|| broken("has a DIFAT chain that ends too soon"))?;
    }
    let fat_ids: Vec<u32> = difat.into_iter().filter(|&id| id < DIFAT_SECTOR).collect();
    if fat_ids.len() as u64 > sectors.max_id + 1 {
        return Err(broken("lists more FAT sectors than the file has sectors"));
    }
    let mut fat = Vec::with_capacity(fat_ids.len() * size / 4);
    for id in fat_ids {
        let sector = sectors.get(id)?;
        fat.extend(
            sector
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        );
    }
    let dir_ids = sectors.chain(dir_start, &fat, u64::MAX, "directory")?;
    let dir = sectors.gather(&dir_ids, u64::MAX)?;
    let entries: Vec<Entry> = dir
        .chunks_exact(128)
        .map(|e| {
            let units: Vec<u16> = e[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(l) = name.bytes().position(|b| b == 0) {
                name.truncate(l);
            }
            let len = if size == 512 {
                u64::from(u32_at(e, 120).unwrap_or(0))
            } else {
                u64_at(e, 120).unwrap_or(0)
            };
            Entry {
                name,
                start: u32_at(e, 116).unwrap_or(END_OF_CHAIN),
                len,
            }
        })
        .collect();
    let Some(root) = entries.first() else {
        return Ok(None);
    };
    let find = |name: &str| {
        entries
            .iter()
            .find(|e| e.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
    };
    let Some(stream) = find("Workbook").or_else(|| find("Book")) else {
        return Ok(None);
    };
    if stream.len > MAX_PART_BYTES {
        return Err(too_large(
            "part_bytes",
            MAX_PART_BYTES,
            format!(
                "the workbook's stream declares more than {} MiB, more than is read from one part of a workbook; save the sheet as .xlsx or as CSV UTF-8, or split the upload",
                MAX_PART_BYTES >> 20
            ),
        ));
    }
    if stream.len >= MINI_CUTOFF {
        let ids = sectors.chain(stream.start, &fat, stream.len, "workbook stream")?;
        return sectors.gather(&ids, stream.len).map(Some);
    }
    // A short stream lives in the mini stream (the root entry's chain), in 64-byte sectors
    // chained by the mini FAT.
    if mini_fat_len == 0 {
        return Err(broken(
            "keeps its workbook stream in a mini stream it does not have",
        ));
    }
    let mini_ids = sectors.chain(root.start, &fat, root.len, "mini stream")?;
    let mini = sectors.gather(&mini_ids, root.len)?;
    let mini_fat_bytes = u64::from(mini_fat_len) * size as u64;
    let mini_fat_ids = sectors.chain(mini_fat_start, &fat, mini_fat_bytes, "mini FAT")?;
    let mini_fat: Vec<u32> = sectors
        .gather(&mini_fat_ids, mini_fat_bytes)?
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let mut out = Vec::with_capacity(stream.len as usize);
    let mut id = stream.start;
    let mut steps = 0usize;
    while id != END_OF_CHAIN && (out.len() as u64) < stream.len {
        steps += 1;
        let start = (id as usize).saturating_mul(MINI_SECTOR);
        if steps > mini.len() / MINI_SECTOR + 1 || start >= mini.len() {
            return Err(broken(
                "has a workbook stream whose mini sector chain is broken or loops",
            ));
        }
        let piece = &mini[start..(start + MINI_SECTOR).min(mini.len())];
        let room = (stream.len - out.len() as u64) as usize;
        out.extend_from_slice(&piece[..piece.len().min(room)]);
        id = *mini_fat
            .get(id as usize)
            .ok_or_else(|| broken("has a workbook stream whose mini sector chain is broken"))?;
    }
    Ok(Some(out))
}

/// One BIFF record and the CONTINUE records after it, as calamine's record iterator gives
/// them.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
    /// Bytes of the stream it took.
    taken: usize,
}

/// The record at the start of `stream`; `None` at its end or where a record is cut short
/// (calamine stops there with an error).
fn record(stream: &[u8]) -> Option<Record<'_>> {
    let typ = u16_at(stream, 0)?;
    let len = u16_at(stream, 2)? as usize;
    let data = stream.get(4..4 + len)?;
    let mut at = 4 + len;
    let mut cont = Vec::new();
    while stream.len() > at + 4 && u16_at(stream, at) == Some(0x003C) {
        let l = u16_at(stream, at + 2)? as usize;
        cont.push(stream.get(at + 4..at + 4 + l)?);
        at += 4 + l;
    }
    Some(Record {
        typ,
        data,
        cont,
        taken: at,
    })
}

/// Reads through a record and its continuations as calamine's string readers do.
struct Pieces<'a> {
    data: &'a [u8],
    cont: std::vec::IntoIter<&'a [u8]>,
}

impl<'a> Pieces<'a> {
    fn next_piece(&mut self) -> bool {
        match self.cont.next() {
            Some(c) => {
                self.data = c;
                true
            }
            None => false,
        }
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = (self.data.get(..n)?, self.data.get(n..)?);
        self.data = rest;
        Some(head)
    }

    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if self.data.is_empty() && !self.next_piece() {
                return None;
            }
            let l = n.min(self.data.len());
            self.data = &self.data[l..];
            n -= l;
        }
        Some(())
    }
}

/// The most UTF-8 bytes of `cch` characters read from `p` (one byte each, or two when
/// `high`, with a new flags byte at each continuation); `None` where calamine fails.
fn string_bytes(p: &mut Pieces<'_>, mut cch: usize, mut high: bool) -> Option<u64> {
    let mut bytes = 0u64;
    while cch > 0 {
        let (n, used) = if high {
            let n = (p.data.len() / 2).min(cch);
            (n, 2 * n)
        } else {
            let n = p.data.len().min(cch);
            (n, n)
        };
        let chunk = p.take(used)?;
        bytes += if high {
            chunk
                .chunks_exact(2)
                .map(|c| match u16::from_le_bytes([c[0], c[1]]) {
                    0..=0x7F => 1,
                    0x80..=0x7FF => 2,
                    _ => 3,
                })
                .sum::<u64>()
        } else {
            chunk
                .iter()
                .map(|&b| if b < 0x80 { 1 } else { 3 })
                .sum::<u64>()
        };
        cch -= n;
        if cch > 0 {
            if !p.next_piece() {
                return None;
            }
            high = p.take(1)?.first()? & 1 != 0;
        }
    }
    Some(bytes)
}

/// The UTF-8 length of each string of an SST record (as calamine reads them, up to where it
/// would fail).
fn shared_strings(r: &Record<'_>) -> Result<Vec<u32>> {
    let mut p = Pieces {
        data: r.data.get(8..).unwrap_or_default(),
        cont: r.cont.clone().into_iter(),
    };
    let mut lengths = Vec::new();
    let mut total: u64 = 0;
    loop {
        if p.data.is_empty() && !p.next_piece() {
            return Ok(lengths);
        }
        let Some(head) = p.take(3) else {
            return Ok(lengths);
        };
        let cch = usize::from(u16::from_le_bytes([head[0], head[1]]));
        let flags = head[2];
        let mut runs = 0usize;
        let mut ext = 0usize;
        if flags & 0x8 != 0 {
            let Some(b) = p.take(2) else {
                return Ok(lengths);
            };
            runs = usize::from(u16::from_le_bytes([b[0], b[1]]));
        }
        if flags & 0x4 != 0 {
            let Some(b) = p.take(4) else {
                return Ok(lengths);
            };
            ext = i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        }
        let Some(bytes) = string_bytes(&mut p, cch, flags & 1 != 0) else {
            return Ok(lengths);
        };
        if lengths.len() >= MAX_SHARED_STRINGS {
            return Err(too_large(
                "shared_strings",
                MAX_SHARED_STRINGS as u64,
                format!(
                    "the workbook's shared-string table has more than {MAX_SHARED_STRINGS} strings, more than is read from one workbook; save the sheet as .xlsx or as CSV UTF-8, or split the upload"
                ),
            ));
        }
        total += bytes;
        if total > MAX_SHARED_STRING_BYTES as u64 {
            return Err(too_large(
                "shared_string_bytes",
                MAX_SHARED_STRING_BYTES as u64,
                format!(
                    "the workbook's shared strings hold more than {} MiB of text, more than is read from one workbook; save the sheet as .xlsx or as CSV UTF-8, or split the upload",
                    MAX_SHARED_STRING_BYTES >> 20
                ),
            ));
        }
        lengths.push(u32::try_from(bytes).unwrap_or(u32::MAX));
        if p.skip(runs.saturating_mul(4)).is_none() || p.skip(ext).is_none() {
            return Ok(lengths);
        }
    }
}

fn cells_refused() -> Error {
    too_large(
        "xls_cells",
        MAX_XLS_CELLS,
        format!(
            "the workbook's sheets hold or span more than {MAX_XLS_CELLS} cells (from each sheet's first used cell to its last, or as its dimensions declare), more than is read from an .xls file (which is read whole); save it as .xlsx (whose sheets are read as a stream) or as CSV UTF-8"
        ),
    )
}

fn text_refused() -> Error {
    too_large(
        "xls_text",
        MAX_SHEET_TEXT_BYTES as u64,
        format!(
            "the workbook's cells hold more than {} MiB of text (each cell that shows a shared string holds its own copy), more than is read from an .xls file (which is read whole); save it as .xlsx or as CSV UTF-8",
            MAX_SHEET_TEXT_BYTES >> 20
        ),
    )
}

/// The first and last row and column of a sheet's cells.
#[derive(Default)]
struct Span(Option<(u32, u32, u32, u32)>);

impl Span {
    fn add(&mut self, row: u32, col: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }
}

/// What the sheets would cost, counted as the walk goes.
#[derive(Default)]
struct Budget {
    cells: u64,
    text: u64,
    walked: u64,
}

impl Budget {
    fn cells(&mut self, n: u64) -> Result<()> {
        self.cells = self.cells.saturating_add(n);
        if self.cells > MAX_XLS_CELLS {
            return Err(cells_refused());
        }
        Ok(())
    }

    fn text(&mut self, n: u64) -> Result<()> {
        self.text = self.text.saturating_add(n);
        if self.text > MAX_SHEET_TEXT_BYTES as u64 {
            return Err(text_refused());
        }
        Ok(())
    }
}

/// The rows times columns a DIMENSIONS record declares, as calamine computes them (u32
/// arithmetic wrapping as in a release build).
fn declared_cells(r: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (
            u32::from(u16_at(r, 0)?),
            u32::from(u16_at(r, 2)?),
            u32::from(u16_at(r, 4)?),
            u32::from(u16_at(r, 6)?),
        ),
        14 | 16 => (
            u32_at(r, 0)?,
            u32_at(r, 4)?,
            u32::from(u16_at(r, 8)?),
            u32::from(u16_at(r, 10)?),
        ),
        _ => return None,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl >= 1 && cl >= 1 {
        let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1);
        let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1);
        Some(u64::from(rows) * u64::from(cols))
    } else {
        Some(1)
    }
}

/// Walks one sheet's substream from `pos`, as calamine does, adding its cost to `budget`.
fn sheet(
    stream: &[u8],
    pos: usize,
    strings: &[u32],
    name_bytes: u64,
    budget: &mut Budget,
) -> Result<()> {
    let Some(mut rest) = stream.get(pos..) else {
        return Err(damaged(
            "its sheet list points past the end of the workbook stream",
        ));
    };
    let mut values = Span::default();
    let mut formulas = Span::default();
    let mut formula_at = (0u32, 0u32);
    let mut seen_bof = false;
    let mut depth = 0usize;
    while let Some(r) = record(rest) {
        rest = &rest[r.taken..];
        budget.walked += r.taken as u64;
        if budget.walked > MAX_PART_BYTES {
            return Err(too_large(
                "part_bytes",
                MAX_PART_BYTES,
                format!(
                    "the workbook's sheets take more than {} MiB of records to read (its sheet list may point many sheets at one), more than is read from one workbook; save the sheet as .xlsx or as CSV UTF-8",
                    MAX_PART_BYTES >> 20
                ),
            ));
        }
        if depth > 0 {
            match r.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let d = r.data;
        let at = || Some((u32::from(u16_at(d, 0)?), u32::from(u16_at(d, 2)?)));
        match r.typ {
            0x0809 => {
                if seen_bof {
                    depth += 1;
                } else {
                    seen_bof = true;
                }
            }
            0x000A => break,
            // Dimensions: calamine reserves room for the cells declared; counted with the rest.
            0x0200 => {
                if let Some(n) = declared_cells(d) {
                    budget.cells(n)?;
                }
            }
            // Number, BoolErr, RK: a cell without text.
            0x0203 | 0x0205 | 0x027E => {
                if let Some((row, col)) = at() {
                    budget.cells(1)?;
                    values.add(row, col);
                }
            }
            // Label, RString: a cell with its own text.
            0x0204 | 0x00D6 => {
                if let Some((row, col)) = at() {
                    budget.cells(1)?;
                    budget.text(d.len() as u64 * 3)?;
                    values.add(row, col);
                }
            }
            // LabelSst: a copy of a shared string (nothing when it names none).
            0x00FD => {
                if let (Some((row, col)), Some(i)) = (at(), u32_at(d, 6)) {
                    if let Some(&len) = strings.get(i as usize) {
                        budget.cells(1)?;
                        budget.text(u64::from(len))?;
                        values.add(row, col);
                    }
                }
            }
            // MulRk: a run of cells in one row.
            0x00BD => {
                if let (Some((row, first)), Some(last)) =
                    (at(), u16_at(d, d.len().saturating_sub(2)))
                {
                    let last = u32::from(last);
                    if d.len() >= 6 && last >= first {
                        let n = u64::from(last - first) + 1;
                        if d.len() as u64 == 6 + 6 * n {
                            budget.cells(n)?;
                            values.add(row, first);
                            values.add(row, last);
                        }
                    }
                }
            }
            // The text value of the formula before.
            0x0207 => {
                budget.cells(1)?;
                budget.text(d.len() as u64 * 3)?;
                values.add(formula_at.0, formula_at.1);
            }
            // Formula: its value, and its text as calamine writes it out (a token may name a
            // sheet or a defined name: counted at their longest).
            0x0006 => {
                if let (Some(pos), true) = (at(), d.len() >= 20) {
                    formula_at = pos;
                    budget.cells(2)?;
                    let rgce = &d[20..];
                    let names = rgce
                        .iter()
                        .filter(|&&b| matches!(b, 0x23 | 0x43 | 0x63))
                        .count() as u64;
                    budget.text(128 + rgce.len() as u64 * 16 + names * name_bytes)?;
                    values.add(pos.0, pos.1);
                    formulas.add(pos.0, pos.1);
                }
            }
            _ => {}
        }
    }
    budget.cells(values.cells())?;
    budget.cells(formulas.cells())
}

/// Refuses an .xls whose reading would cost more than the limits (see the module
/// documentation); `Ok` also when it is not one calamine can read (calamine then says why).
pub(crate) fn check(bytes: &[u8]) -> Result<()> {
    let Some(stream) = workbook_stream(bytes)? else {
        return Ok(());
    };
    let mut sheets = Vec::new();
    let mut strings = Vec::new();
    let mut name_bytes: u64 = 0;
    let mut rest = &stream[..];
    while let Some(r) = record(rest) {
        rest = &rest[r.taken..];
        match r.typ {
            0x0085 => {
                if let Some(pos) = u32_at(r.data, 0) {
                    sheets.push(pos as usize);
                }
            }
            0x00FC => strings = shared_strings(&r)?,
            // Lbl: a defined name, which a formula may spell out.
            0x0018 => {
                let cch = r.data.get(3).copied().unwrap_or(0);
                name_bytes = name_bytes.max(u64::from(cch) * 3 + 8);
            }
            0x000A => break,
            _ => {}
        }
    }
    // Sheet names (31 characters) also go into formulas.
    name_bytes = name_bytes.max(31 * 3 + 8);
    let mut budget = Budget::default();
    for pos in sheets {
        sheet(&stream, pos, &strings, name_bytes, &mut budget)?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests;
