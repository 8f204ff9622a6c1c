//! Raw parse against full validation, alternated in one process: `upload-ratio [FILE] [ROUNDS]`.
//!
//! On a shared or busy machine, criterion's samples of one function and then the other can
//! meet different loads; alternating them, round after round, and comparing the best and the
//! median of each gives a steadier ratio. Two stages in between show where validation time
//! goes: reading the rows only (the library's CSV source), and the engine with a template that
//! checks nothing. Defaults: `benches/data/destinations-1m.csv`, 10 rounds.
//!
//! Two other uses, for working on the speed: `upload-ratio FILE ROUNDS --only STAGE` runs one
//! stage only (`raw`, `rows`, `engine`, `validate` or `run`), to profile it alone (`perf record
//! -g`); `upload-ratio FILE --outputs DIR` writes the workflow run's errors file and export to
//! `DIR/errors.csv` and `DIR/accepted.csv`, to compare (`cmp`) what two builds write.

use learner_destinations::Ukprn;
use learner_destinations::codes::Schemes;
use learner_destinations::dates::parse_date;
use learner_destinations::template::destinations::{DestinationsOptions, SPEC, upload_csv};
use learner_destinations::template::{
    CsvSource, Fields, Record, RowFindings, RowSource, RowView, Template, TemplateSpec, Upload,
    UploadOptions,
};
use learner_destinations::workflow::{self, DestinationsJob, RunContext, Sinks};
use learner_destinations_benches::UKPRN;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn raw_parse(data: &[u8]) -> u64 {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        n += record.len() as u64;
    }
    n
}

/// The destinations columns with no rule: the engine's own cost.
struct NoRules;

impl Template for NoRules {
    fn spec(&self) -> &'static TemplateSpec {
        &SPEC
    }
    fn check_row(&mut self, _: &RowView<'_>, _: &mut RowFindings<'_>) {}
    fn export_row(&self, _: &RowView<'_>, _: &mut Fields) {}
}

fn read_rows(data: &[u8]) -> u64 {
    let mut n = 0;
    if let Ok(mut source) = CsvSource::new(data) {
        let mut record = Record::new();
        while source.read_record(&mut record).unwrap_or(false) {
            n += record.cells().len() as u64;
        }
    }
    n
}

fn engine_only(data: &[u8]) -> u64 {
    Upload::from_csv(data, NoRules, UploadOptions::default())
        .and_then(|u| u.finish())
        .map_or(0, |r| r.summary.rows)
}

/// The time this thread has been on a processor (Linux: `/proc/thread-self/schedstat`, in
/// nanoseconds), or `None` where that is not known. On a machine shared with other work, a
/// stage's on-processor time leaves out the time it waited for a processor, which wall-clock
/// time counts (other work still shares the caches and the memory bus).
fn on_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Times a stage: wall-clock and on-processor time.
struct Timer {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Timer {
    fn start() -> Timer {
        Timer {
            cpu: on_cpu(),
            wall: Instant::now(),
        }
    }

    /// Pushes the wall-clock time to `wall` and the on-processor time to `cpu`.
    fn stop(self, wall: &mut Vec<Duration>, cpu: &mut Vec<Duration>) {
        wall.push(self.wall.elapsed());
        if let (Some(start), Some(now)) = (self.cpu, on_cpu()) {
            cpu.push(now.saturating_sub(start));
        }
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// The stages, as `--only` names them.
const STAGES: [&str; 5] = ["raw", "rows", "engine", "validate", "run"];

/// Writes the workflow run's errors file and export into `dir`, as a host does: a first pass,
/// and when it found rows of one enrolment in conflict, a second pass with them known, whose
/// outputs are the ones kept.
fn write_outputs(
    data: &[u8],
    job: &DestinationsJob,
    schemes: &Schemes,
    as_of: chrono::NaiveDate,
    dir: &std::path::Path,
) -> Result<String, String> {
    let mut said = String::new();
    let mut known = None;
    loop {
        let mut errors = Vec::new();
        let mut accepted = Vec::new();
        let sinks = Sinks {
            errors_csv: Some(&mut errors),
            accepted_csv: Some(&mut accepted),
            ..Sinks::default()
        };
        let ctx = RunContext::new(as_of).with_input_bytes(data.len() as u64);
        let ran = match &known {
            None => workflow::run_destinations(data, job, schemes, ctx, sinks),
            Some(conflicts) => {
                workflow::run_destinations_again(data, job, schemes, conflicts, ctx, sinks)
            }
        }
        .map_err(|e| e.to_string())?;
        let s = &ran.report.summary;
        said.push_str(&format!(
            "{} pass: rows {}, accepted {}, rejected {}, warnings {}, duplicate rows {}; ",
            if known.is_none() { "first" } else { "second" },
            s.rows,
            s.accepted,
            s.rejected,
            s.warnings,
            s.duplicate_rows
        ));
        if let (None, Some(conflicts)) = (&known, ran.conflicts) {
            said.push_str(&format!("{} rows in conflict; ", conflicts.len()));
            known = Some(conflicts);
            continue;
        }
        for (name, bytes) in [("errors.csv", &errors), ("accepted.csv", &accepted)] {
            let path = dir.join(name);
            std::fs::write(&path, bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            said.push_str(&format!(
                "wrote {} ({} bytes); ",
                path.display(),
                bytes.len()
            ));
        }
        return Ok(said);
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let path = args.next().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/destinations-1m.csv")
    });
    let mut rounds: usize = 10;
    let mut only: Option<String> = None;
    let mut outputs: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--only" => match args.next().filter(|s| STAGES.contains(&s.as_str())) {
                Some(stage) => only = Some(stage),
                None => {
                    eprintln!("upload-ratio: --only takes one of {}", STAGES.join(", "));
                    return ExitCode::from(2);
                }
            },
            "--outputs" => match args.next() {
                Some(dir) => outputs = Some(PathBuf::from(dir)),
                None => {
                    eprintln!("upload-ratio: --outputs takes a folder");
                    return ExitCode::from(2);
                }
            },
            n => match n.parse() {
                Ok(n) => rounds = n,
                Err(_) => {
                    eprintln!(
                        "upload-ratio: usage: upload-ratio [FILE] [ROUNDS] [--only STAGE] [--outputs DIR]"
                    );
                    return ExitCode::from(2);
                }
            },
        }
    }
    let data = match std::fs::read(&path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!(
                "upload-ratio: cannot read {}: {e}\ngenerate it first: cargo run --release -p learner-destinations-benches --bin generate-upload",
                path.display()
            );
            return ExitCode::from(2);
        }
    };
    let (Ok(as_of), Ok(ukprn)) = (parse_date("2025-09-01"), Ukprn::parse(UKPRN)) else {
        return ExitCode::from(2);
    };
    let schemes = Schemes::builtin();
    let options = DestinationsOptions::new(as_of).with_ukprn(ukprn);
    let mut raw = Vec::with_capacity(rounds);
    let mut rows = Vec::with_capacity(rounds);
    let mut engine = Vec::with_capacity(rounds);
    let mut validate = Vec::with_capacity(rounds);
    let mut run = Vec::with_capacity(rounds);
    let job = DestinationsJob {
        ukprn: Some(ukprn),
        as_of: Some(as_of),
        ..DestinationsJob::default()
    };
    if let Some(dir) = outputs {
        return match write_outputs(&data, &job, &schemes, as_of, &dir) {
            Ok(said) => {
                println!("{said}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("upload-ratio: {e}");
                ExitCode::from(2)
            }
        };
    }
    if let Some(stage) = only.as_deref() {
        for _ in 0..rounds {
            let t = Instant::now();
            let n = match stage {
                "raw" => raw_parse(black_box(&data)),
                "rows" => read_rows(black_box(&data)),
                "engine" => engine_only(black_box(&data)),
                "validate" => upload_csv(
                    black_box(&data[..]),
                    &schemes,
                    options,
                    UploadOptions {
                        input_bytes: Some(data.len() as u64),
                        ..UploadOptions::default()
                    },
                )
                .and_then(|u| u.finish())
                .map_or(0, |r| r.summary.accepted),
                _ => workflow::run_destinations(
                    black_box(&data[..]),
                    &job,
                    &schemes,
                    RunContext::new(as_of).with_input_bytes(data.len() as u64),
                    Sinks::default(),
                )
                .map_or(0, |r| r.report.summary.accepted),
            };
            black_box(n);
            println!("{stage:<10} {:>7.1} ms", t.elapsed().as_secs_f64() * 1e3);
        }
        return ExitCode::SUCCESS;
    }
    let mut summary = None;
    // On-processor times of each stage, in the order raw, rows, engine, validate, run.
    let mut cpu: [Vec<Duration>; 5] = Default::default();
    for _ in 0..rounds {
        let t = Timer::start();
        black_box(raw_parse(black_box(&data)));
        t.stop(&mut raw, &mut cpu[0]);
        let t = Timer::start();
        black_box(read_rows(black_box(&data)));
        t.stop(&mut rows, &mut cpu[1]);
        let t = Timer::start();
        black_box(engine_only(black_box(&data)));
        t.stop(&mut engine, &mut cpu[2]);
        let t = Timer::start();
        let report = upload_csv(
            black_box(&data[..]),
            &schemes,
            options,
            // What the CLI passes: the file's size, from which the duplicate keys are reserved.
            UploadOptions {
                input_bytes: Some(data.len() as u64),
                ..UploadOptions::default()
            },
        )
        .and_then(|u| u.finish());
        t.stop(&mut validate, &mut cpu[3]);
        // The same check through the workflow every host calls (CSV or workbook told by the
        // first bytes, the sinks decided once).
        let t = Timer::start();
        let ran = workflow::run_destinations(
            black_box(&data[..]),
            &job,
            &schemes,
            RunContext::new(as_of).with_input_bytes(data.len() as u64),
            Sinks::default(),
        );
        t.stop(&mut run, &mut cpu[4]);
        if let Err(e) = ran {
            eprintln!("upload-ratio: {e}");
            return ExitCode::from(2);
        }
        match report {
            Ok(r) => summary = Some(r.summary),
            Err(e) => {
                eprintln!("upload-ratio: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let mb = data.len() as f64 / (1024.0 * 1024.0);
    let best = |v: &[Duration]| v.iter().min().copied().unwrap_or_default();
    let (raw_best, rows_best, engine_best, val_best) =
        (best(&raw), best(&rows), best(&engine), best(&validate));
    let (raw_med, rows_med, engine_med, val_med) = (
        median(&mut raw),
        median(&mut rows),
        median(&mut engine),
        median(&mut validate),
    );
    let line = |name: &str, best: Duration, med: Duration| {
        println!(
            "{name:<16} best {:>7.1} ms ({:>6.1} MiB/s)   median {:>7.1} ms",
            best.as_secs_f64() * 1e3,
            mb / best.as_secs_f64(),
            med.as_secs_f64() * 1e3
        );
    };
    println!("{} ({:.1} MiB), {rounds} rounds", path.display(), mb);
    line("csv raw parse", raw_best, raw_med);
    line("rows only", rows_best, rows_med);
    line("engine, no rule", engine_best, engine_med);
    line("validate", val_best, val_med);
    let (run_best, run_med) = (best(&run), median(&mut run));
    line("workflow run", run_best, run_med);
    println!(
        "validation throughput / raw parse: best {:.0}%, median {:.0}%",
        100.0 * raw_best.as_secs_f64() / val_best.as_secs_f64(),
        100.0 * raw_med.as_secs_f64() / val_med.as_secs_f64()
    );
    println!(
        "workflow run throughput / raw parse: best {:.0}%, median {:.0}%",
        100.0 * raw_best.as_secs_f64() / run_best.as_secs_f64(),
        100.0 * raw_med.as_secs_f64() / run_med.as_secs_f64()
    );
    if cpu.iter().all(|c| c.len() == rounds && rounds > 0) {
        println!("on-processor time (waits for a processor left out):");
        let names = [
            "csv raw parse",
            "rows only",
            "engine, no rule",
            "validate",
            "workflow run",
        ];
        let mut bests = [Duration::ZERO; 5];
        let mut medians = [Duration::ZERO; 5];
        for (i, times) in cpu.iter_mut().enumerate() {
            bests[i] = best(times);
            medians[i] = median(times);
            line(names[i], bests[i], medians[i]);
        }
        for (i, what) in [(3, "validation"), (4, "workflow run")] {
            println!(
                "{what} throughput / raw parse, on-processor: best {:.0}%, median {:.0}%",
                100.0 * bests[0].as_secs_f64() / bests[i].as_secs_f64(),
                100.0 * medians[0].as_secs_f64() / medians[i].as_secs_f64()
            );
        }
    }
    if let Some(s) = summary {
        println!(
            "rows {}, accepted {}, rejected {}, warnings {}, blank rows skipped {}",
            s.rows, s.accepted, s.rejected, s.warnings, s.blank_rows_skipped
        );
    }
    ExitCode::SUCCESS
}
