//! The destinations upload benchmark: in one run, the raw parse of the 1,000,000-row upload with
//! the csv crate (the ceiling: reading records and nothing else) and the full validation, so
//! their ratio compares like with like on the same machine.
//!
//! `cargo bench -p learner-destinations-benches` after generating the file (see
//! `benches/README.md`). Under `cargo test` (no `--bench` argument) it only checks, on a small
//! upload generated in memory, that the benchmarked code runs and its counts add up.

use criterion::{Criterion, Throughput};
use learner_destinations::Ukprn;
use learner_destinations::codes::Schemes;
use learner_destinations::dates::parse_date;
use learner_destinations::template::destinations::{DestinationsOptions, upload_csv};
use learner_destinations::template::{
    AcceptedCsvWriter, ErrorsCsvWriter, Report, RowOutcome, UploadOptions,
};
use learner_destinations_benches::{UKPRN, write_upload};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

/// What the CLI passes: the file's size, from which the duplicate keys are reserved.
fn sized(data: &[u8]) -> UploadOptions {
    UploadOptions {
        input_bytes: Some(data.len() as u64),
        ..UploadOptions::default()
    }
}

fn data_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/destinations-1m.csv")
}

fn options() -> DestinationsOptions {
    let as_of = parse_date("2025-09-01").unwrap_or_default();
    let options = DestinationsOptions::new(as_of);
    match Ukprn::parse(UKPRN) {
        Ok(u) => options.with_ukprn(u),
        Err(_) => options,
    }
}

/// The ceiling: every record read with the csv crate into a reused `ByteRecord`.
fn raw_parse(data: &[u8]) -> u64 {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        n += record.len() as u64;
    }
    n
}

/// The full validation: every row checked, export cells built for accepted rows, findings kept.
fn validate(schemes: &Schemes, data: &[u8]) -> learner_destinations::Result<Report> {
    upload_csv(data, schemes, options(), sized(data))?.finish()
}

/// The validation with both output files written (to memory sinks).
fn validate_with_outputs(schemes: &Schemes, data: &[u8]) -> learner_destinations::Result<Report> {
    let upload = upload_csv(data, schemes, options(), sized(data))?;
    let mut errors = ErrorsCsvWriter::new(std::io::sink(), &upload)?;
    let mut accepted = AcceptedCsvWriter::new(std::io::sink(), &upload)?;
    upload.run(|row| match row {
        RowOutcome::Accepted(mut r) => accepted.write(&mut r),
        RowOutcome::Rejected(r) => errors.write(&r),
    })
}

fn bench(c: &mut Criterion, data: &[u8]) {
    let schemes = Schemes::builtin();
    let mut group = c.benchmark_group("destinations-upload-1m");
    group
        .throughput(Throughput::Bytes(data.len() as u64))
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_secs(3));
    group.bench_function("csv_raw_parse", |b| b.iter(|| black_box(raw_parse(data))));
    group.bench_function("validate", |b| {
        b.iter(|| black_box(validate(&schemes, data).map(|r| r.summary.accepted)))
    });
    group.bench_function("validate_with_outputs", |b| {
        b.iter(|| black_box(validate_with_outputs(&schemes, data).map(|r| r.summary.accepted)))
    });
    group.finish();
}

/// Under `cargo test`: the benchmarked functions on 3,000 generated rows.
fn smoke() -> Result<(), String> {
    let mut data = Vec::new();
    let generated = write_upload(&mut data, 3_000, 2025, 500).map_err(|e| e.to_string())?;
    let schemes = Schemes::builtin();
    let report = validate(&schemes, &data).map_err(|e| e.to_string())?;
    let s = &report.summary;
    if s.rows != generated.rows || s.accepted + s.rejected != s.rows {
        return Err(format!("counts do not add up: {s:?} for {generated:?}"));
    }
    if s.rejected == 0 || s.rejected > generated.bad {
        return Err(format!(
            "{} rows rejected for {} written bad",
            s.rejected, generated.bad
        ));
    }
    let with_outputs = validate_with_outputs(&schemes, &data).map_err(|e| e.to_string())?;
    if with_outputs.summary != report.summary {
        return Err("validation with outputs counted differently".to_string());
    }
    if raw_parse(&data) == 0 {
        return Err("raw parse read nothing".to_string());
    }
    Ok(())
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        if let Err(e) = smoke() {
            eprintln!("validate bench smoke test failed: {e}");
            std::process::exit(1);
        }
        return;
    }
    let path = data_path();
    let data = match std::fs::read(&path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!(
                "cannot read {}: {e}\ngenerate it first: cargo run --release -p learner-destinations-benches --bin generate-upload",
                path.display()
            );
            std::process::exit(2);
        }
    };
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &data);
    c.final_summary();
}
