//! A destinations workbook validated against calamine's streaming cell read of the same sheet,
//! alternated in one process: `workbook-ratio generate [ROWS] [PATH]`, then
//! `workbook-ratio ratio [PATH] [ROUNDS]`, or `workbook-ratio validate [PATH]` (the validation
//! alone, for a peak-memory figure with `/usr/bin/time -v`: the file streamed from disk with its
//! size as the hint, as the host layer opens an upload for the command line and the bindings).
//! Both validations pass the input's size (`UploadOptions::input_bytes`) as every host does.
//!
//! The workbook is the CSV generator's upload (seed 2025, 5% bad rows) written by
//! rust_xlsxwriter as Excel writes a typed sheet: digit-only UKPRNs and ULNs as numbers, the
//! rest as shared strings. Default: 1,000,000 rows in `benches/data/destinations-1m.xlsx`.

use calamine::{DataType, Reader, Xlsx};
use learner_destinations::Ukprn;
use learner_destinations::codes::Schemes;
use learner_destinations::dates::parse_date;
use learner_destinations::template::destinations::{DestinationsOptions, DestinationsTemplate};
use learner_destinations::template::{Upload, UploadOptions, open_source};
use learner_destinations_benches::{UKPRN, write_upload};
use std::hint::black_box;
use std::io::Cursor;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn default_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/destinations-1m.xlsx")
}

fn generate(rows: u64, path: &PathBuf) -> Result<(), Box<dyn std::error::Error>> {
    let mut csv_bytes = Vec::new();
    write_upload(&mut csv_bytes, rows, 2025, 500)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&csv_bytes[..]);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut record = csv::StringRecord::new();
    let mut row: u32 = 0;
    while reader.read_record(&mut record)? {
        for (c, cell) in record.iter().enumerate() {
            let Ok(col) = u16::try_from(c) else { break };
            if cell.is_empty() {
                continue;
            }
            let numeric = row > 0
                && c < 2
                && cell.len() <= 15
                && cell.bytes().all(|b| b.is_ascii_digit())
                && !cell.starts_with('0');
            match cell.parse::<f64>() {
                Ok(n) if numeric => sheet.write_number(row, col, n)?,
                _ => sheet.write_string(row, col, cell)?,
            };
        }
        row += 1;
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    book.save(path)?;
    println!("{} rows written to {}", row - 1, path.display());
    Ok(())
}

/// calamine's streaming cell read of the first sheet: the ceiling.
fn calamine_cells(data: &[u8]) -> u64 {
    let Ok(mut book) = Xlsx::new(Cursor::new(data)) else {
        return 0;
    };
    let Some(name) = book.sheet_names().first().cloned() else {
        return 0;
    };
    let Ok(mut cells) = book.worksheet_cells_reader(&name) else {
        return 0;
    };
    let mut n = 0;
    while let Ok(Some(cell)) = cells.next_cell() {
        n += u64::from(!cell.get_value().is_empty());
    }
    n
}

fn validate(
    input: impl std::io::Read,
    bytes: u64,
) -> Result<learner_destinations::template::Summary, String> {
    let (Ok(as_of), Ok(ukprn)) = (parse_date("2025-09-01"), Ukprn::parse(UKPRN)) else {
        return Err("bad constants".into());
    };
    let schemes = Schemes::builtin();
    let template =
        DestinationsTemplate::new(&schemes, DestinationsOptions::new(as_of).with_ukprn(ukprn));
    let options = UploadOptions {
        input_bytes: Some(bytes),
        ..UploadOptions::default()
    };
    open_source(input, None)
        .and_then(|s| Upload::new(s, template, options))
        .and_then(|u| u.finish())
        .map(|r| r.summary)
        .map_err(|e| e.to_string())
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "ratio".into());
    match mode.as_str() {
        "generate" => {
            let rows = args
                .next()
                .and_then(|r| r.parse().ok())
                .unwrap_or(1_000_000);
            let path = args.next().map_or_else(default_path, PathBuf::from);
            match generate(rows, &path) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("workbook-ratio: {e}");
                    ExitCode::from(2)
                }
            }
        }
        "validate" => {
            let path = args.next().map_or_else(default_path, PathBuf::from);
            let opened = std::fs::File::open(&path).and_then(|f| Ok((f.metadata()?.len(), f)));
            let Ok((size, file)) = opened else {
                eprintln!(
                    "workbook-ratio: cannot read {}; make it first: workbook-ratio generate",
                    path.display()
                );
                return ExitCode::from(2);
            };
            let t = Instant::now();
            match validate(std::io::BufReader::new(file), size) {
                Ok(s) => {
                    println!(
                        "validated {} rows ({} accepted, {} rejected) in {:.2} s",
                        s.rows,
                        s.accepted,
                        s.rejected,
                        t.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("workbook-ratio: {e}");
                    ExitCode::from(2)
                }
            }
        }
        "ratio" => {
            let path = args.next().map_or_else(default_path, PathBuf::from);
            let Ok(data) = std::fs::read(&path) else {
                eprintln!(
                    "workbook-ratio: cannot read {}; make it first: workbook-ratio generate",
                    path.display()
                );
                return ExitCode::from(2);
            };
            let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
            let (mut raw, mut ours) = (Vec::new(), Vec::new());
            for _ in 0..rounds {
                let t = Instant::now();
                black_box(calamine_cells(black_box(&data)));
                raw.push(t.elapsed());
                let t = Instant::now();
                if let Err(e) = validate(black_box(&data[..]), data.len() as u64) {
                    eprintln!("workbook-ratio: {e}");
                    return ExitCode::from(2);
                }
                ours.push(t.elapsed());
            }
            let best = |v: &[Duration]| v.iter().min().copied().unwrap_or_default();
            let (rb, ob) = (best(&raw), best(&ours));
            let (rm, om) = (median(&mut raw), median(&mut ours));
            println!(
                "calamine cells   best {:>7.2} s   median {:>7.2} s",
                rb.as_secs_f64(),
                rm.as_secs_f64()
            );
            println!(
                "validation       best {:>7.2} s   median {:>7.2} s",
                ob.as_secs_f64(),
                om.as_secs_f64()
            );
            println!(
                "ratio            best {:.2}x   median {:.2}x",
                ob.as_secs_f64() / rb.as_secs_f64(),
                om.as_secs_f64() / rm.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("workbook-ratio: unknown mode '{other}' (generate, ratio, validate)");
            ExitCode::from(2)
        }
    }
}
