//! The ILR reader against quick-xml's own event loop over the same file, alternated in one
//! process: `ilr-ratio [FILE] [ROUNDS]`.
//!
//! The ceiling is quick-xml's `Reader::read_event_into` over the file's bytes, touching every
//! event and nothing more. The reader is `IlrReader` (namespace resolution, line and column
//! counting, every learner, delivery and D&P record built and checked) over the same bytes.
//! Both run round after round; the best and the median of each are printed with their ratio.
//! Defaults: `benches/data/ilr-100k.xml`, 10 rounds.

use learner_destinations::ilr::{IlrItem, IlrReader};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// quick-xml's event loop: every event read into a reused buffer.
fn raw_loop(data: &[u8]) -> u64 {
    let mut reader = Reader::from_reader(data);
    let mut buf = Vec::with_capacity(256);
    let mut events = 0u64;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => {
                black_box(&e);
                events += 1;
            }
        }
    }
    events
}

/// The library's reader: (learners, deliveries, D&P records, findings).
fn ilr_reader(data: &[u8]) -> (u64, u64, u64, u64) {
    let mut counts = (0, 0, 0, 0);
    let Ok(mut reader) = IlrReader::new(data) else {
        return counts;
    };
    while let Ok(Some(item)) = reader.next_item() {
        match item {
            IlrItem::Learner(l) => {
                counts.0 += 1;
                counts.1 += l.deliveries.len() as u64;
                counts.3 += l.findings.len() as u64;
                black_box(&l);
            }
            IlrItem::Destination(d) => {
                counts.2 += 1;
                counts.3 += d.findings.len() as u64;
            }
            IlrItem::Finding(_) => counts.3 += 1,
        }
    }
    counts
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let path = args.next().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/ilr-100k.xml"),
        PathBuf::from,
    );
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(10);
    let data = match std::fs::read(&path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!(
                "ilr-ratio: cannot read {}: {e} (run generate-ilr first)",
                path.display()
            );
            return ExitCode::from(2);
        }
    };
    let events = raw_loop(&data);
    let counts = ilr_reader(&data);
    println!(
        "{}: {} bytes, {events} XML events; {} learners, {} deliveries, {} D&P records, {} findings",
        path.display(),
        data.len(),
        counts.0,
        counts.1,
        counts.2,
        counts.3
    );
    let (mut raw, mut ours) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        black_box(raw_loop(black_box(&data)));
        raw.push(t.elapsed());
        let t = Instant::now();
        black_box(ilr_reader(black_box(&data)));
        ours.push(t.elapsed());
    }
    raw.sort();
    ours.sort();
    let mib = data.len() as f64 / (1024.0 * 1024.0);
    for (name, times) in [
        ("quick-xml event loop (ceiling)", &raw),
        ("IlrReader", &ours),
    ] {
        println!(
            "{name:32} best {:8.1} ms  median {:8.1} ms  {:7.1} MiB/s (best)",
            ms(times[0]),
            ms(times[times.len() / 2]),
            mib / times[0].as_secs_f64()
        );
    }
    println!(
        "IlrReader at {:.0}% of the event loop (best of {rounds}; {:.0}% by medians)",
        100.0 * raw[0].as_secs_f64() / ours[0].as_secs_f64(),
        100.0 * raw[rounds / 2].as_secs_f64() / ours[rounds / 2].as_secs_f64()
    );
    ExitCode::SUCCESS
}
