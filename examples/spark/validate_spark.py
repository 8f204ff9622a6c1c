"""Validating a multi-file destinations dataset with PySpark's ``mapInArrow``.

Every file is one provider's upload: the rules that span rows (a destination given twice, rows
of one enrolment that contradict each other) hold within an upload, so the unit of work is a
file. Spark reads the files as binary rows (``binaryFile``: path and content), hands them to
Python workers as Arrow record batches, and each worker checks its files with
``learner_destinations.validate_destinations`` (the Rust core, the GIL released) and returns
Arrow record batches: one summary row per file, and every finding with its file's path (the
result's ``findings_table``, an Arrow table, with the path added).

    python examples/spark/validate_spark.py generate DIR --files 8 --rows 5000
    python examples/spark/validate_spark.py run DIR [--as-of 2025-09-01] [--findings OUT_DIR]

Runs in local mode (``local[*]``) with PySpark from PyPI on a JDK 17; see README.md for the same
job on a cluster.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any, Iterator

HEADER = [
    "UKPRN",
    "Unique Learner Number",
    "Learner Reference Number",
    "Learning Aim Reference",
    "Learning Aim Title",
    "Destination Code",
]
CODES = ["EMP1", "EMP 1", "EDU1", "EDU2", "NPE1", "OTH3", "VOL1", "WMCA1.0", "WMCA1.1", "emp1"]
PROVIDERS = [10012345, 10004375, 10007858, 10023139, 10031241]

# One summary row per file: the counts `destinations validate FILE --json` prints.
SUMMARY_SCHEMA = (
    "path string, rows long, accepted long, rejected long, errors long, warnings long, "
    "duplicate_rows long, blank_rows_skipped long, failure string"
)
FINDINGS_SCHEMA = "path string, row long, column string, value string, code string, severity string, message string"


def uln(rng: random.Random) -> str:
    """A ULN that passes the ESFA check digit."""
    while True:
        stem = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        remainder = sum(d * w for d, w in zip(stem, range(10, 1, -1))) % 11
        if remainder:
            return "".join(map(str, stem)) + str(10 - remainder)


def generate(folder: Path, files: int, rows: int, seed: int = 2025) -> list[Path]:
    """Writes ``files`` destinations uploads of ``rows`` rows each into ``folder`` (about 3% bad
    rows: a wrong check digit, an unknown code, an empty required cell, a repeated row)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    written = []
    for f in range(files):
        ukprn = PROVIDERS[f % len(PROVIDERS)]
        lines = [",".join(HEADER)]
        previous = ""
        for i in range(rows):
            cells = [str(ukprn), uln(rng), f"L{f:02d}{i:06d}", "60012345", "Level 2 Diploma", rng.choice(CODES)]
            bad = rng.random()
            if bad < 0.01:
                cells[1] = cells[1][:-1] + str((int(cells[1][-1]) + 1) % 10)
            elif bad < 0.02:
                cells[5] = "EMP9"
            elif bad < 0.025:
                cells[2] = ""
            line = ",".join(cells)
            if bad > 0.995 and previous:
                line = previous
            lines.append(line)
            previous = line
        path = folder / f"provider-{ukprn}-{f:03d}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written


def summaries(batches: Iterator[Any], as_of: str | None = None) -> Iterator[Any]:
    """``mapInArrow``: (path, content) record batches in, one summary row per file out. A file
    that cannot be processed at all (not CSV, columns missing) is a row with its failure's
    code, as the command line's exit status 2 is."""
    import learner_destinations as ld
    import pyarrow as pa

    for batch in batches:
        out: dict[str, list[Any]] = {name: [] for name in SUMMARY_SCHEMA_NAMES}
        for path, content in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist()):
            out["path"].append(path)
            try:
                s = ld.validate_destinations(content, as_of=as_of, keep_accepted=False).summary
                counts = [s.rows, s.accepted, s.rejected, s.errors, s.warnings, s.duplicate_rows, s.blank_rows_skipped]
                failure = None
            except ld.DestinationsError as error:
                counts = [None] * 7
                failure = error.code
            for name, value in zip(SUMMARY_SCHEMA_NAMES[1:-1], counts):
                out[name].append(value)
            out["failure"].append(failure)
        yield pa.RecordBatch.from_pydict(out, schema=summary_arrow_schema())


def findings(batches: Iterator[Any], as_of: str | None = None) -> Iterator[Any]:
    """``mapInArrow``: every finding of every file, with its path: the result's findings as an
    Arrow table (``findings_table``), the path column added, no Python object per finding."""
    import learner_destinations as ld
    import pyarrow as pa

    for batch in batches:
        for path, content in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist()):
            try:
                result = ld.validate_destinations(content, as_of=as_of, keep_accepted=False)
            except ld.DestinationsError:
                continue
            table = pa.table(result.findings_table).cast(findings_arrow_schema().remove(0))
            table = table.add_column(0, "path", pa.array([path] * table.num_rows, pa.string()))
            yield from table.to_batches()


SUMMARY_SCHEMA_NAMES = [part.split()[0] for part in SUMMARY_SCHEMA.split(", ")]


def summary_arrow_schema() -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "long": pa.int64()}
    return pa.schema([(p.split()[0], types[p.split()[1]]) for p in SUMMARY_SCHEMA.split(", ")])


def findings_arrow_schema() -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "long": pa.int64()}
    return pa.schema([(p.split()[0], types[p.split()[1]]) for p in FINDINGS_SCHEMA.split(", ")])


def session(app: str = "learner-destinations", master: str = "local[*]") -> Any:
    """A local Spark session (on a cluster, spark-submit gives the master)."""
    import os

    from pyspark.sql import SparkSession

    if master.startswith("local"):
        # Local workers run this interpreter (its packages), unless told otherwise.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        # One file per Arrow batch is plenty: each file is checked whole.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "16")
        .getOrCreate()
    )


def run(spark: Any, folder: str, as_of: str | None = None) -> tuple[Any, Any]:
    """The two jobs over every ``*.csv`` under ``folder``: (summaries, findings) DataFrames."""
    # The workers import this module to run the mapped functions: ship it with the job.
    spark.sparkContext.addPyFile(str(Path(__file__).resolve()))
    files = spark.read.format("binaryFile").option("pathGlobFilter", "*.csv").load(folder).select("path", "content")
    by_file = files.mapInArrow(lambda it: summaries(it, as_of), SUMMARY_SCHEMA)
    every = files.mapInArrow(lambda it: findings(it, as_of), FINDINGS_SCHEMA)
    return by_file, every


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write a dataset of uploads")
    g.add_argument("folder", type=Path)
    g.add_argument("--files", type=int, default=8)
    g.add_argument("--rows", type=int, default=5000)
    g.add_argument("--seed", type=int, default=2025)
    r = sub.add_parser("run", help="validate every file of a dataset")
    r.add_argument("folder")
    r.add_argument("--as-of")
    r.add_argument("--findings", help="write every finding as Parquet to this folder")
    r.add_argument("--master", default="local[*]")
    args = parser.parse_args(argv)
    if args.command == "generate":
        for path in generate(args.folder, args.files, args.rows, args.seed):
            print(path)
        return 0
    spark = session(master=args.master)
    try:
        by_file, every = run(spark, args.folder, args.as_of)
        for row in by_file.orderBy("path").collect():
            print(json.dumps(row.asDict()))
        if args.findings:
            every.write.mode("overwrite").parquet(args.findings)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
