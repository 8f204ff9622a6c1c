"""Validating a large destinations upload through Python versus the Rust path, in one run.

Times ``learner_destinations.validate_destinations`` (the Python package) and the
``destinations validate`` command (the Rust core with no Python in between) on the same file, and
prints the ratio Python / Rust as a Markdown table. The issue's target is at most 1.15.

Four comparisons: like for like, both producing the report, the errors file and the export of
accepted rows written as rows are checked (``accepted_csv=``, ``keep_accepted=False``); the
same outputs with Python keeping the accepted rows and writing the export afterwards
(``write_accepted_csv``); both producing the report only (``keep_accepted=False``); and the
command's report only against ``validate_destinations`` with its default, whose result keeps
the accepted rows (for ``accepted_rows``, ``accepted_columns`` and ``write_accepted_csv``) where
the command keeps none.

    python benches/python_validate.py                      # generates 1,000,000 rows if needed
    python benches/python_validate.py --file upload.csv    # or times a given file
    python benches/python_validate.py --rows 200000 --repeat 5

Build both sides in the same profile first, e.g. ``cargo build --release -p
learner-destinations-cli`` and ``CARGO_TARGET_DIR="$PWD/target/python" pip install
./bindings-python`` (pip builds the package in the release profile). The command is taken from
``--destinations`` (default: ``target/release/destinations``, else ``target/dist/destinations``).

Without ``--file``, a realistic upload is generated once into ``benches/data/`` (git-ignored):
valid UKPRNs and ULNs (check digits included), codes in both schemes and spellings, aim titles,
and about 2% of rows with the mistakes real uploads have (a wrong ULN check digit, an unknown
code, an empty required cell, a ULN Excel turned into a number, duplicates, EMP with NPE).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benches" / "data"
AS_OF = "2025-09-01"

HEADER = (
    "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,"
    "Learning Aim Title,Destination Code"
)
CODES = [
    "EMP1", "EMP 1", "EMP2", "EMP4", "EMP5", "EDU1", "EDU2", "EDU3", "EDU4", "EDU5", "EDU6",
    "GAP1", "NPE1", "NPE2", "OTH1", "OTH3", "OTH4", "SDE1", "SDE2", "VOL1", "WMCA1.0", "WMCA1.1",
    "emp1", "oth-3",
]  # fmt: skip
TITLES = [
    "Certificate in ICT for Users",
    "Level 2 Diploma in Hairdressing",
    "Access to HE Diploma (Nursing)",
    "Functional Skills English Level 1",
    "Level 3 Extended Diploma in Engineering",
    "GCSE Mathematics (9-1)",
    "Café skills – level 1",
    "Award in Health and Safety in the Workplace",
]
PROVIDERS = [10012345, 10004375, 10007858, 10023139, 10031241]


def uln_with_check_digit(rng: random.Random) -> str:
    """A ULN that passes the ESFA check digit."""
    while True:
        stem = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        remainder = sum(d * w for d, w in zip(stem, range(10, 1, -1))) % 11
        if remainder:
            return "".join(map(str, stem)) + str(10 - remainder)


def generate(path: Path, rows: int, seed: int = 2025) -> None:
    """Writes a destinations upload of ``rows`` data rows to ``path``."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".partial")
    with open(tmp, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        previous = ""
        for i in range(rows):
            ukprn = str(rng.choice(PROVIDERS))
            uln = "9999999999" if rng.random() < 0.01 else uln_with_check_digit(rng)
            lrn = f"L{i:08d}"
            aim = f"{rng.randint(50000000, 69999999)}"
            title = rng.choice(TITLES)
            code = rng.choice(CODES)
            mistake = rng.random()
            if mistake < 0.004:
                uln = uln[:9] + str((int(uln[9]) + 1) % 10)  # wrong check digit
            elif mistake < 0.008:
                code = "EMP9"
            elif mistake < 0.011:
                ukprn = ""
            elif mistake < 0.013:
                uln = f"{int(uln[:3]) / 100:.2f}E+09"  # Excel's scientific notation
            elif mistake < 0.016 and previous:
                out.write(previous)  # the same row twice: a duplicate destination
                continue
            elif mistake < 0.018 and previous:
                cells = previous.rstrip("\r\n").split(",")
                cells[5] = "NPE1" if "EMP" not in cells[5] else "EMP1"
                out.write(",".join(cells[:5] + ["NPE1"]) + "\r\n")  # EMP and NPE together
                continue
            line = f"{ukprn},{uln},{lrn},{aim},{title},{code}\r\n"
            out.write(line)
            previous = line
    os.replace(tmp, path)


def destinations_command(given: Optional[str]) -> str:
    if given:
        return given
    for profile in ("release", "dist"):
        candidate = ROOT / "target" / profile / "destinations"
        if candidate.is_file():
            return str(candidate)
    sys.exit("no destinations command: build it (cargo build --release -p learner-destinations-cli)")


def timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, help="the upload to time (default: generated)")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (the best is kept)")
    parser.add_argument("--destinations", help="the destinations command to compare with")
    args = parser.parse_args()

    import learner_destinations as ld

    path = args.file
    if path is None:
        path = DATA / f"python-bench-destinations-{args.rows}.csv"
        if not path.is_file():
            print(f"generating {args.rows:,} rows into {path} ...", file=sys.stderr)
            generate(path, args.rows)
    command = destinations_command(args.destinations)
    size = path.stat().st_size

    with tempfile.TemporaryDirectory() as tmp:
        errors_csv, accepted_csv = Path(tmp, "errors.csv"), Path(tmp, "accepted.csv")
        summaries: Dict[str, Dict[str, int]] = {}

        def rust(outputs: bool) -> Callable[[], None]:
            def run() -> None:
                argv = [command, "validate", str(path), "--as-of", AS_OF, "--json"]
                if outputs:
                    argv += ["--errors-csv", str(errors_csv), "--accepted-csv", str(accepted_csv)]
                out = subprocess.run(argv, capture_output=True, check=False)
                if out.returncode not in (0, 1):
                    sys.exit(out.stderr.decode())
                summaries["rust"] = json.loads(out.stdout)["summary"]

            return run

        def python(outputs: bool, keep: bool = True) -> Callable[[], None]:
            def run() -> None:
                # Without the rows kept, the export is written as rows are checked.
                streamed = accepted_csv if outputs and not keep else None
                result = ld.validate_destinations(
                    path,
                    as_of=datetime.date.fromisoformat(AS_OF),
                    keep_accepted=keep,
                    accepted_csv=streamed,
                )
                if outputs:
                    result.write_errors_csv(errors_csv)
                    if keep:
                        result.write_accepted_csv(accepted_csv)
                summaries["python"] = result.summary.to_dict()

            return run

        # Each pair runs alternately, so that both sides see the same machine load.
        runs = {
            "rust": rust(True),
            "python": python(True, keep=False),
            "python-kept": python(True),
            "rust-bare": rust(False),
            "python-lean": python(False, keep=False),
            "python-bare": python(False),
        }
        times: Dict[str, List[float]] = {k: [] for k in runs}
        for _ in range(args.repeat):
            for name, run in runs.items():
                times[name].append(timed(run))

    counts = ("rows", "accepted", "rejected", "errors", "warnings")
    assert [summaries["rust"][k] for k in counts] == [summaries["python"][k] for k in counts]
    rows = summaries["python"]["rows"]
    print(f"file: {path} ({rows:,} rows, {size / 1e6:.0f} MB); best of {args.repeat}, alternating")
    print(f"rust:   {command}")
    print("| what is timed | Rust | Python | Python / Rust |")
    print("|---|---|---|---|")
    for label, r, p in (
        ("report, errors file and export (written as rows are checked)", "rust", "python"),
        ("report, errors file and export (rows kept, then written)", "rust", "python-kept"),
        ("report only (`keep_accepted=False`)", "rust-bare", "python-lean"),
        ("report only, Python keeping the accepted rows (the default)", "rust-bare", "python-bare"),
    ):
        rb, pb = min(times[r]), min(times[p])
        print(f"| {label} | {rb:.2f} s | {pb:.2f} s | {pb / rb:.2f} |")
    print("target: Python / Rust <= 1.15 (the issue's speed goal)")


if __name__ == "__main__":
    main()
