//! .xls files written here (a BIFF8 workbook stream in an OLE2 compound file) to check the
//! pre-scan against what calamine would do with them.

use super::*;
use crate::workbook::Workbook;

/// One BIFF record.
pub(crate) fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

/// A BIFF8 workbook stream: one sheet called `Sheet1` holding `records` (cells, DIMENSIONS),
/// and a shared-string table of `strings`.
pub(crate) fn biff(strings: &[&str], records: &[Vec<u8>]) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = vec![0x00, 0x06];
        d.extend(dt.to_le_bytes());
        d.extend([0u8; 12]);
        rec(0x0809, &d)
    };
    let mut sst = Vec::new();
    sst.extend((strings.len() as u32).to_le_bytes());
    sst.extend((strings.len() as u32).to_le_bytes());
    for s in strings {
        sst.extend((s.len() as u16).to_le_bytes());
        sst.push(0);
        sst.extend(s.as_bytes());
    }
    let name = b"Sheet1";
    let bound = |pos: u32| {
        let mut d = pos.to_le_bytes().to_vec();
        d.extend([0, 0, name.len() as u8, 0]);
        d.extend(name);
        rec(0x0085, &d)
    };
    let mut globals = bof(0x0005);
    let bound_at = globals.len();
    globals.extend(bound(0));
    // The SST record: split into CONTINUE records when it is long (one string never split).
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut at = 8;
    let mut cuts = Vec::new();
    for s in strings {
        let next = at + 3 + s.len();
        if next - start > 8000 {
            cuts.push(at);
            start = at;
        }
        at = next;
    }
    let mut from = 0;
    for cut in cuts.into_iter().chain([sst.len()]) {
        pieces.push(&sst[from..cut]);
        from = cut;
    }
    for (i, p) in pieces.iter().enumerate() {
        globals.extend(rec(if i == 0 { 0x00FC } else { 0x003C }, p));
    }
    globals.extend(rec(0x000A, &[]));
    let pos = globals.len() as u32;
    globals.splice(bound_at..bound_at + bound(0).len(), bound(pos));
    globals.extend(bof(0x0010));
    for r in records {
        globals.extend(r);
    }
    globals.extend(rec(0x000A, &[]));
    globals
}

pub(crate) fn label_sst(row: u16, col: u16, index: u32) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(index.to_le_bytes());
    rec(0x00FD, &d)
}

pub(crate) fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(value.to_le_bytes());
    rec(0x0203, &d)
}

pub(crate) fn dimensions(rows: u32, cols: u16) -> Vec<u8> {
    let mut d = 0u32.to_le_bytes().to_vec();
    d.extend(rows.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(cols.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    rec(0x0200, &d)
}

/// `stream` as the `Workbook` stream of a version 3 compound file (512-byte sectors; padded
/// to 4,096 bytes so it is not kept in the mini stream). `fat_edit` may change the FAT before
/// it is written.
pub(crate) fn compound(stream: &[u8], fat_edit: impl FnOnce(&mut Vec<u32>)) -> Vec<u8> {
    let mut stream = stream.to_vec();
    if stream.len() < 4096 {
        stream.resize(4096, 0);
    }
    let len = stream.len() as u32;
    stream.resize(stream.len().div_ceil(512) * 512, 0);
    let stream_sectors = (stream.len() / 512) as u32;
    // Sectors: the stream, then the FAT sectors, then one directory sector.
    let fat_sectors = (stream_sectors + 2).div_ceil(127).max(1);
    let dir_sector = stream_sectors + fat_sectors;
    let mut fat: Vec<u32> = (1..stream_sectors).collect();
    fat.push(0xFFFF_FFFE);
    fat.extend(std::iter::repeat_n(0xFFFF_FFFD, fat_sectors as usize));
    fat.push(0xFFFF_FFFE);
    fat_edit(&mut fat);
    fat.resize(fat_sectors as usize * 128, 0xFFFF_FFFF);
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header[24..26].copy_from_slice(&0x003Eu16.to_le_bytes());
    header[26..28].copy_from_slice(&3u16.to_le_bytes());
    header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    header[30..32].copy_from_slice(&9u16.to_le_bytes());
    header[32..34].copy_from_slice(&6u16.to_le_bytes());
    header[44..48].copy_from_slice(&fat_sectors.to_le_bytes());
    header[48..52].copy_from_slice(&dir_sector.to_le_bytes());
    header[56..60].copy_from_slice(&4096u32.to_le_bytes());
    header[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    header[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    for i in 0..109u32 {
        let id = if i < fat_sectors {
            stream_sectors + i
        } else {
            0xFFFF_FFFF
        };
        header[76 + 4 * i as usize..80 + 4 * i as usize].copy_from_slice(&id.to_le_bytes());
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
        e[68..72].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        e[72..76].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut dir = entry("Root Entry", 5, 1, 0xFFFF_FFFE, 0);
    dir.extend(entry("Workbook", 2, 0xFFFF_FFFF, 0, len));
    dir.resize(512, 0);
    let mut out = header;
    out.extend(stream);
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(dir);
    out
}

fn header_and_row() -> Vec<u8> {
    biff(
        &["Name", "Count", "Ada"],
        &[
            dimensions(2, 2),
            label_sst(0, 0, 0),
            label_sst(0, 1, 1),
            label_sst(1, 0, 2),
            number(1, 1, 3.0),
        ],
    )
}

fn refused(bytes: &[u8]) -> (&'static str, u64) {
    match check(bytes) {
        Err(Error::WorkbookTooLarge { limit, max, .. }) => (limit, max),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_small_workbook_passes_and_reads() {
    let bytes = compound(&header_and_row(), |_| {});
    check(&bytes).expect("within the limits");
    let mut book = Workbook::from_bytes(bytes).expect("opens");
    assert_eq!(book.format(), "xls");
    let sheet = book.sheet(None).expect("sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|(_, cells)| cells.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows, [vec!["Name", "Count"], vec!["Ada", "3"]]);
}

#[test]
fn a_directory_chain_that_loops_is_damage() {
    // The directory sector's FAT entry points at itself: calamine would read it forever.
    let bytes = compound(&header_and_row(), |fat| {
        let last = fat.len() - 1;
        fat[last] = last as u32;
    });
    assert!(matches!(
        Workbook::from_bytes(bytes),
        Err(Error::WorkbookUnreadable { ref message }) if message.contains("loops")
    ));
}

#[test]
fn a_stream_chain_that_loops_is_damage() {
    // Sector 3 leads back to sector 1, and the stream says it is 100 MB long: calamine would
    // go round until it had gathered 100 MB.
    let mut bytes = compound(&header_and_row(), |fat| fat[3] = 1);
    let size_at = bytes.len() - 512 + 128 + 120;
    bytes[size_at..size_at + 4].copy_from_slice(&100_000_000u32.to_le_bytes());
    assert!(matches!(
        check(&bytes),
        Err(Error::WorkbookUnreadable { ref message }) if message.contains("loops")
    ));
}

#[test]
fn declared_dimensions_beyond_the_budget_are_refused() {
    // calamine reserves rows x columns cells for DIMENSIONS before it reads one.
    let stream = biff(&["a"], &[dimensions(u32::MAX, 255), label_sst(0, 0, 0)]);
    let bytes = compound(&stream, |_| {});
    assert_eq!(refused(&bytes), ("xls_cells", MAX_XLS_CELLS));
    assert!(matches!(
        Workbook::from_bytes(bytes),
        Err(Error::WorkbookTooLarge {
            limit: "xls_cells",
            ..
        })
    ));
}

#[test]
fn cells_far_apart_are_refused() {
    // Two cells at A1 and IV65536: calamine's dense grid would hold 16,777,216 cells.
    let stream = biff(&["a"], &[label_sst(0, 0, 0), number(65_535, 255, 1.0)]);
    assert_eq!(
        refused(&compound(&stream, |_| {})),
        ("xls_cells", MAX_XLS_CELLS)
    );
}

#[test]
fn the_cells_declared_held_and_spanned_count_together() {
    // Found by the xls_stream fuzz target: a 5 KB file whose cells spanned 4,194,304 cells (the
    // limit then, checked apart from the declared ones) cost 270 MB. Now the limit is half, and
    // what the dimensions declare (calamine reserves it) counts with the grid the cells span.
    let corners = |rows: u16, cols: u16| [label_sst(0, 0, 0), number(rows - 1, cols - 1, 1.0)];
    // 32,767 rows of 64 columns: 2,097,088 cells spanned, with 12 declared and 2 held, fits.
    let mut records = vec![dimensions(2, 6)];
    records.extend(corners(32_767, 64));
    assert!(check(&compound(&biff(&["a"], &records), |_| {})).is_ok());
    // 1,200,000 declared and as many spanned: each within the limit, together over it.
    let mut records = vec![dimensions(40_000, 30)];
    records.extend(corners(40_000, 30));
    assert_eq!(
        refused(&compound(&biff(&["a"], &records), |_| {})),
        ("xls_cells", MAX_XLS_CELLS)
    );
}

#[test]
fn one_long_shared_string_in_many_cells_is_refused() {
    // Each cell holds its own copy of the string: 30,000 characters in 10,000 cells is 300 MB.
    let long = "x".repeat(30_000);
    let cells: Vec<Vec<u8>> = (0..10_000u16).map(|r| label_sst(r, 0, 0)).collect();
    let stream = biff(&[&long], &cells);
    assert_eq!(
        refused(&compound(&stream, |_| {})),
        ("xls_text", MAX_SHEET_TEXT_BYTES as u64)
    );
}

#[test]
fn shared_string_lengths_follow_continue_records() {
    let strings: Vec<String> = (0..5000).map(|i| format!("string {i}")).collect();
    let refs: Vec<&str> = strings.iter().map(String::as_str).collect();
    let stream = biff(&refs, &[label_sst(0, 0, 4999)]);
    let sst = record(&stream[20..]).map(|_| ());
    assert!(sst.is_some());
    let mut rest = &stream[..];
    let mut lengths = None;
    while let Some(r) = record(rest) {
        rest = &rest[r.taken..];
        if r.typ == 0x00FC {
            assert!(!r.cont.is_empty(), "long enough to be continued");
            lengths = Some(shared_strings(&r).expect("within limits"));
        }
    }
    let lengths = lengths.expect("an SST");
    assert_eq!(lengths.len(), 5000);
    assert_eq!(lengths[4999] as usize, "string 4999".len());
    check(&compound(&stream, |_| {})).expect("within the limits");
}

#[test]
fn damage_is_an_error_never_a_panic() {
    let good = compound(&header_and_row(), |_| {});
    for cut in [8, 100, 511, 600, 2000, good.len() - 600, good.len() - 1] {
        let _ = Workbook::from_bytes(good[..cut].to_vec());
    }
    let mut bytes = good.clone();
    for i in (512..bytes.len()).step_by(97) {
        bytes[i] = bytes[i].wrapping_mul(31).wrapping_add(7);
        let _ = Workbook::from_bytes(bytes.clone());
    }
}
