"""The Arrow targets of the Python package, measured in one run.

1. A 1,000,000-value ULN column checked: ``valid_ulns`` (the mask) and ``check_ulns`` (valid,
   code, message) on a pyarrow string array, target at most 50 ms.
2. The accepted rows of the 1,000,000-row upload as an Arrow table: ``pa.table(
   result.accepted_table)`` on a fresh result each time (the table is built once, on first
   access, with the GIL released), target at most 0.3 s; ``accepted_columns`` (dict of lists)
   beside it for comparison.
3. ``validate_destinations`` on a DataFrame of that upload (pandas, polars, pyarrow) against the
   same upload from its file, alternating, target at most 1.3 times the file's time.

Prints a Markdown table (best and median of ``--repeat`` runs). Timings are ratios and
figures measured here, never asserted by tests.

    cargo build --release -p learner-destinations-benches --bin generate-upload
    target/release/generate-upload          # benches/data/destinations-1m.csv (or --file)
    CARGO_TARGET_DIR="$PWD/target/python-release" .venv/bin/maturin develop --release \
        -m bindings-python/Cargo.toml
    .venv/bin/python benches/python-arrow.py --repeat 5
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

import learner_destinations as ld
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "benches" / "data" / "destinations-1m.csv"
AS_OF = "2025-09-01"


def timed(work: Callable[[], Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def row(what: str, times: list[float], target: str) -> str:
    best, median = min(times), statistics.median(times)
    return f"| {what} | {best * 1000:.0f} ms | {median * 1000:.0f} ms | {target} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.file.exists():
        print(
            f"{args.file} is missing: cargo build --release -p learner-destinations-benches "
            "--bin generate-upload, then run target/release/generate-upload",
            file=sys.stderr,
        )
        return 2
    import pandas as pd

    # A DataFrame cannot hold the upload's ragged rows (rows with a field too many): the frame is
    # the upload as pandas reads it with those rows left out, and "its file" is that frame
    # written as CSV, so both sides hold the same cells.
    frame = pd.read_csv(args.file, dtype=str, keep_default_na=False, on_bad_lines="skip")
    written = args.file.with_name(args.file.stem + "-frame.csv")
    if not written.exists() or written.stat().st_mtime < args.file.stat().st_mtime:
        frame.to_csv(written, index=False)
    path = str(written)
    strings = pacsv.ConvertOptions(column_types={name: pa.string() for name in frame.columns}, strings_can_be_null=False)
    table = pacsv.read_csv(path, convert_options=strings)
    ulns = table.column("Unique Learner Number").combine_chunks()
    n = len(ulns)
    lines = [
        f"{n:,} rows ({written.stat().st_size / 1e6:.0f} MB: {args.file.name} as pandas reads it), best and median of {args.repeat}",
        "",
        "| what is timed | best | median | target |",
        "|---|---|---|---|",
    ]

    # 1. A ULN column.
    mask_times = [timed(lambda: ld.valid_ulns(ulns)) for _ in range(args.repeat)]
    check_times = [timed(lambda: pa.table(ld.check_ulns(ulns))) for _ in range(args.repeat)]
    valid = pa.array(ld.valid_ulns(ulns))
    lines.append(row(f"`valid_ulns` on {n:,} ULNs (pyarrow string array): the mask", mask_times, "≤ 50 ms"))
    lines.append(row(f"`check_ulns` on {n:,} ULNs, as `pa.table` (valid, code, message)", check_times, "≤ 50 ms"))

    # 2. The accepted rows as Arrow, on a fresh result each time (not timed: validating).
    arrow_times: list[float] = []
    columns_times: list[float] = []
    accepted = 0
    for _ in range(args.repeat):
        result = ld.validate_destinations(path, as_of=AS_OF)
        accepted = result.summary.accepted
        arrow_times.append(timed(lambda: pa.table(result.accepted_table)))
        columns_times.append(timed(lambda: result.accepted_columns))
        del result
    lines.append(row(f"`pa.table(result.accepted_table)`: {accepted:,} accepted rows as Arrow", arrow_times, "≤ 300 ms"))
    lines.append(row("`result.accepted_columns` (dict of lists), for comparison", columns_times, "—"))

    # 3. A DataFrame against its file, alternating.
    frames: dict[str, Any] = {"pyarrow Table": table}
    try:
        import polars as pl

        frames["polars DataFrame"] = pl.from_arrow(table)
    except ImportError:
        pass
    frames["pandas DataFrame"] = frame
    for keep in (False, True):
        file_times: list[float] = []
        frame_times: dict[str, list[float]] = {name: [] for name in frames}
        expected = ld.validate_destinations(path, as_of=AS_OF, keep_accepted=False).summary
        for _ in range(args.repeat):
            file_times.append(timed(lambda: ld.validate_destinations(path, as_of=AS_OF, keep_accepted=keep)))
            for name, frame in frames.items():
                frame_times[name].append(
                    timed(lambda: ld.validate_destinations(frame, as_of=AS_OF, keep_accepted=keep))
                )
        for name, frame in frames.items():
            got = ld.validate_destinations(frame, as_of=AS_OF, keep_accepted=False).summary
            same = (got.rows, got.accepted, got.rejected, got.errors, got.warnings) == (
                expected.rows,
                expected.accepted,
                expected.rejected,
                expected.errors,
                expected.warnings,
            )
            assert same, f"{name}: the counts differ from the file's"
        kept = "rows kept (the default)" if keep else "report only (`keep_accepted=False`)"
        lines.append(row(f"`validate_destinations(path)`, {kept}", file_times, "—"))
        base = min(file_times)
        for name, times in frame_times.items():
            ratio = min(times) / base
            median_ratio = statistics.median(times) / statistics.median(file_times)
            lines.append(
                row(f"`validate_destinations({name})`, {kept}: {ratio:.2f}× the file (medians {median_ratio:.2f}×)", times, "≤ 1.3×")
            )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
