//! Writes a benchmark ILR file: `generate-ilr [--learners N] [--seed S] [--out PATH]`.
//!
//! Defaults: 100,000 learners, seed 2025, written to `benches/data/ilr-100k.xml` (git-ignored).
//! The same arguments always give the same bytes.

use learner_destinations_benches::ilr::write_ilr;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut learners: u64 = 100_000;
    let mut seed: u64 = 2025;
    let mut out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/ilr-100k.xml");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next();
        let parsed = match (flag.as_str(), &value) {
            ("--learners", Some(v)) => v.parse().map(|n| learners = n).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|n| seed = n).is_ok(),
            ("--out", Some(v)) => {
                out = PathBuf::from(v);
                true
            }
            _ => false,
        };
        if !parsed {
            eprintln!(
                "generate-ilr: bad argument '{flag}' {value:?}\nusage: generate-ilr [--learners N] [--seed S] [--out PATH]"
            );
            return ExitCode::from(2);
        }
    }
    if let Some(dir) = out.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("generate-ilr: cannot create {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    }
    match std::fs::File::create(&out).and_then(|f| write_ilr(f, learners, seed)) {
        Ok(g) => {
            println!(
                "{}: {} learners, {} learning deliveries, {} D&P records, {} bytes",
                out.display(),
                g.learners,
                g.deliveries,
                g.destinations,
                g.bytes
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("generate-ilr: cannot write {}: {e}", out.display());
            ExitCode::from(2)
        }
    }
}
