//! Writes the benchmark upload: `generate-upload [--rows N] [--seed S] [--bad PER_10000] [--out PATH]`.
//!
//! Defaults: 1,000,000 rows, seed 2025, 5% bad rows (500 per 10,000), written to
//! `benches/data/destinations-1m.csv` (git-ignored). The same arguments always give the same
//! bytes.

use learner_destinations_benches::write_upload;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: generate-upload [--rows N] [--seed S] [--bad PER_10000] [--out PATH]";

const HELP: &str = "Writes a seeded destinations upload for the benchmarks.

  --rows N          data rows (default 1000000)
  --seed S          the generator's seed; the same arguments give the same bytes (default 2025)
  --bad PER_10000   rows made bad on purpose, per 10,000 (default 500, i.e. 5%; 10000: all bad)
  --out PATH        where to write (default benches/data/destinations-1m.csv)";

fn main() -> ExitCode {
    let mut rows: u64 = 1_000_000;
    let mut seed: u64 = 2025;
    let mut bad: u64 = 500;
    let mut out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/destinations-1m.csv");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}\n\n{HELP}");
            return ExitCode::SUCCESS;
        }
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
                "generate-upload: {}\n{USAGE}",
                match &value {
                    Some(v) => format!("bad argument {flag} {v}"),
                    None => format!("{flag} needs a value, or is not an option"),
                }
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
