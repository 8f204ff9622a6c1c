//! What the fuzz targets share: the panic policy, the invariants every run must keep, and the
//! way a template upload is run to its end.
//!
//! Each target under `fuzz_targets/` hands its input to one parser entry point of the core and
//! checks what the core promises about any input:
//!
//! - bad input never panics: it is a core [`Error`] with a stable code, or findings;
//! - every finding and refusal carries a code from the catalogue
//!   ([`learner_destinations::catalogue::finding_kind`]);
//! - an upload's counts add up (`accepted + rejected == rows`, and each equals what the rows
//!   handed out say);
//! - what parses round-trips (`parse(display(x)) == x`).
//!
//! A broken invariant panics, which libFuzzer reports as a crash with the input that caused it.

use learner_destinations::template::{
    AcceptedCsvWriter, ErrorsCsvWriter, Report, RowOutcome, RowSource, Template, Upload,
};
use learner_destinations::{Error, Finding, Refusal, Severity, catalogue};
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};

thread_local! {
    /// The last panic seen on this thread: its message, location and backtrace.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the panic policy; call it from the target's `init`.
///
/// The core turns a panic inside the workbook reader (calamine) into an error on purpose
/// (`workbook::guarded`), so a panic that the core catches is not a crash. libfuzzer-sys's own
/// hook aborts on every panic, caught or not; this hook instead keeps the panic's description,
/// and [`run`] aborts, printing it, only when a panic escapes the core.
///
/// With `FUZZ_STRICT_PANICS=1` in the environment every panic aborts, caught or not (to find
/// the reader panics the core hides, for reporting upstream).
pub fn init() {
    let strict = std::env::var_os("FUZZ_STRICT_PANICS").is_some_and(|v| v == "1");
    if strict {
        // libfuzzer-sys's hook: print, then abort.
        return;
    }
    panic::set_hook(Box::new(|info| {
        let text = format!("{info}\n{}", std::backtrace::Backtrace::force_capture());
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
    }));
}

/// Runs one input through `check`; a panic that escapes aborts the process (a crash for
/// libFuzzer) after printing where it came from.
pub fn run(check: impl FnOnce()) {
    if panic::catch_unwind(AssertUnwindSafe(check)).is_err() {
        let text = LAST_PANIC.with(|p| p.borrow_mut().take());
        eprintln!(
            "panic escaped the core: {}",
            text.as_deref().unwrap_or("(no description)")
        );
        std::process::abort();
    }
}

/// The code of a finding is in the catalogue, its severity is the catalogued one, and it says
/// something.
pub fn check_finding(f: &Finding) {
    let kind = catalogue::finding_kind(f.code)
        .unwrap_or_else(|| panic!("finding code {:?} is not in the catalogue: {f:?}", f.code));
    assert_eq!(kind.severity, f.severity, "severity of {f:?}");
    assert!(!f.message.is_empty(), "finding without a message: {f:?}");
}

/// A refusal's code is in the catalogue and its message says something.
pub fn check_refusal(r: &Refusal) {
    assert!(
        catalogue::finding_kind(r.code()).is_some(),
        "refusal code {:?} is not in the catalogue: {r:?}",
        r.code()
    );
    assert!(!r.message.is_empty(), "refusal without a message: {r:?}");
}

/// An error has a stable code and a message; one that wraps a refusal keeps the catalogue.
pub fn check_error(e: &Error) {
    let code = e.code();
    assert!(
        !code.is_empty()
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "error code {code:?} is not snake_case: {e:?}"
    );
    assert!(!e.to_string().is_empty(), "error without a message: {e:?}");
    if let Error::InvalidArgument(r) = e {
        check_refusal(r);
    }
}

/// What an upload run handed out, counted independently of its report.
#[derive(Debug, Default)]
pub struct Seen {
    /// Accepted rows handed out.
    pub accepted: u64,
    /// Rejected rows handed out.
    pub rejected: u64,
}

/// Runs an upload to its end as the hosts do (every rejected row into the errors file, every
/// accepted row into the export), and checks its invariants:
///
/// - `accepted + rejected == rows`, each equal to the rows handed out;
/// - row numbers increase, from 2 (the header is row 1);
/// - a rejected row has an error finding, an accepted row none;
/// - every finding is catalogued, the summary's error and warning counts are the findings'
///   (none is dropped: no cap is set), and the report serialises;
/// - the errors file and the export are UTF-8 with a byte-order mark, one line per row at least.
///
/// An upload that cannot be opened must be a well-formed [`Error`].
pub fn run_upload<S: RowSource, T: Template>(upload: learner_destinations::Result<Upload<S, T>>) {
    let upload = match upload {
        Ok(u) => u,
        Err(e) => return check_error(&e),
    };
    let mut errors = ErrorsCsvWriter::new(Vec::new(), &upload).expect("errors file to memory");
    let mut accepted = AcceptedCsvWriter::new(Vec::new(), &upload).expect("export to memory");
    let mut seen = Seen::default();
    let mut last_row = 1u64;
    let mut row_errors = 0u64;
    let mut row_warnings = 0u64;
    let result = upload.run(|outcome| {
        let row = outcome.row();
        assert!(row > last_row, "row {row} after row {last_row}");
        last_row = row;
        for f in outcome.findings() {
            check_finding(f);
            assert!(
                f.row.is_none_or(|r| r == row),
                "finding of row {row}: {f:?}"
            );
            match f.severity {
                Severity::Error => row_errors += 1,
                Severity::Warning => row_warnings += 1,
            }
        }
        match outcome {
            RowOutcome::Accepted(mut a) => {
                assert!(
                    a.warnings().iter().all(|f| !f.is_error()),
                    "accepted row {row} with an error: {:?}",
                    a.warnings()
                );
                seen.accepted += 1;
                let width = a.columns().len();
                assert_eq!(a.export().len(), width, "export cells of row {row}");
                accepted.write(&mut a)
            }
            RowOutcome::Rejected(r) => {
                assert!(
                    r.findings().iter().any(Finding::is_error),
                    "rejected row {row} without an error: {:?}",
                    r.findings()
                );
                seen.rejected += 1;
                errors.write(&r)
            }
        }
    });
    let report = match result {
        Ok(report) => report,
        Err(e) => return check_error(&e),
    };
    check_report(&report, &seen, row_errors, row_warnings);
    for (name, bytes) in [
        (
            "errors file",
            errors.finish().expect("errors file to memory"),
        ),
        ("export", accepted.finish().expect("export to memory")),
    ] {
        let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
        assert!(text.starts_with('\u{feff}'), "{name} without a BOM");
        if name == "errors file" {
            // Loadable when uploaded again: no control character (a NUL or many control bytes
            // refuse a file as binary data), none of C1 or the bidirectional overrides; tab,
            // CR and LF are CSV's own (quoted).
            let bad = text.chars().find(|c| {
                matches!(*c,
                    '\u{0}'..='\u{8}' | '\u{b}'..='\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
                    | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            });
            assert!(
                bad.is_none(),
                "the errors file holds U+{:04X}",
                bad.map_or(0, |c| c as u32)
            );
        }
    }
}

/// The report agrees with the rows handed out (see [`run_upload`]).
pub fn check_report(report: &Report, seen: &Seen, row_errors: u64, row_warnings: u64) {
    let s = &report.summary;
    assert_eq!(
        s.accepted + s.rejected,
        s.rows,
        "accepted + rejected != rows: {s:?}"
    );
    assert_eq!(s.accepted, seen.accepted, "accepted rows handed out: {s:?}");
    assert_eq!(s.rejected, seen.rejected, "rejected rows handed out: {s:?}");
    assert!(!report.truncated, "truncated without a cap");
    let mut errors = 0u64;
    let mut warnings = 0u64;
    for f in &report.findings {
        check_finding(f);
        match f.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
    }
    assert_eq!(s.errors, errors, "error findings: {s:?}");
    assert_eq!(s.warnings, warnings, "warning findings: {s:?}");
    // Row findings are in the report too; file-level ones are the rest.
    assert!(errors >= row_errors && warnings >= row_warnings, "{s:?}");
    serde_json::to_string(report).expect("a report serialises");
}

/// The 32-bit CRC of ZIP (IEEE 802.3, reflected).
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A ZIP archive of `entries`, stored (not compressed), so a target controls the XML inside a
/// workbook exactly.
pub fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    fn u16le(n: usize) -> [u8; 2] {
        u16::try_from(n).unwrap_or(u16::MAX).to_le_bytes()
    }
    fn u32le(n: usize) -> [u8; 4] {
        u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes()
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len();
        let crc = crc32(data).to_le_bytes();
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&crc);
        out.extend_from_slice(&u32le(data.len()));
        out.extend_from_slice(&u32le(data.len()));
        out.extend_from_slice(&u16le(name.len()));
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&crc);
        central.extend_from_slice(&u32le(data.len()));
        central.extend_from_slice(&u32le(data.len()));
        central.extend_from_slice(&u16le(name.len()));
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&u32le(offset));
        central.extend_from_slice(name.as_bytes());
    }
    let start = out.len();
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&u16le(entries.len()));
    out.extend_from_slice(&u16le(entries.len()));
    out.extend_from_slice(&u32le(central.len()));
    out.extend_from_slice(&u32le(start));
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// The smallest .xlsx the workbook reader opens: one sheet, `Sheet1`, whose XML is `sheet`,
/// and a shared-string table whose XML is `shared_strings`.
pub fn minimal_xlsx(sheet: &[u8], shared_strings: &[u8]) -> Vec<u8> {
    const TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    stored_zip(&[
        ("[Content_Types].xml", TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", shared_strings),
    ])
}

/// The fixed dates the targets run with (the vectors' usual as-of date).
pub fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 9, 1).expect("a real date")
}

/// An .xls file whose `Workbook` stream is `stream` (BIFF records), in a compound file written
/// by the `cfb` crate: a stream under 4,096 bytes lands in the mini stream, a longer one in
/// regular sectors, so both of the pre-scan's walks are reached.
pub fn compound_file(stream: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new()))
        .expect("a compound file in memory");
    {
        let mut workbook = file.create_stream("/Workbook").expect("a new stream");
        workbook.write_all(stream).expect("written to memory");
    }
    file.flush().expect("written to memory");
    file.into_inner().into_inner()
}
