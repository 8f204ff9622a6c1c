//! Writes the benchmark upload: `generate-upload [--rows N] [--seed S] [--bad PER_10000] [--out PATH]`.
//!
//! Defaults: 1,000,000 rows, seed 2025, 5% bad rows (500 per 10,000), written to
//! `benches/data/destinations-1m.csv` (git-ignored). The same arguments always give the same
//! bytes.

use learner_destinations_benches::write_upload;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut rows: u64 = 1_000_000;
    let mut seed: u64 = 2025;
    let mut bad: u64 = 500;
    let mut out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/destinations-1m.csv");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next();
        let parsed = match (flag.as_str(), &value) {
            ("--rows", Some(v)) => v.parse().map(|n| rows = n).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|n| seed = n).is_ok(),
            ("--bad", Some(v)) => v.parse().map(|n| bad = n).is_ok(),
            ("--out", Some(v)) => {
                out = PathBuf::from(v);
                true
            }
            _ => false,
        };
        if !parsed {
            eprintln!(
                "generate-upload: bad argument '{flag}' {value:?}\nusage: generate-upload [--rows N] [--seed S] [--bad PER_10000] [--out PATH]"
            );
            return ExitCode::from(2);
        }
    }
    if let Some(dir) = out.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("generate-upload: cannot create {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    }
    let result = std::fs::File::create(&out).and_then(|f| write_upload(f, rows, seed, bad));
    match result {
        Ok(g) => {
            println!(
                "{}: {} rows ({} bad on purpose, {} with ULN 9999999999), {} blank lines, {} bytes",
                out.display(),
                g.rows,
                g.bad,
                g.unknown_uln,
                g.blank,
                g.bytes
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("generate-upload: cannot write {}: {e}", out.display());
            ExitCode::from(2)
        }
    }
}
