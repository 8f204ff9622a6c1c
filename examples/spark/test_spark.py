"""The Spark example on a small dataset: its counts for every file equal the command line's
(`destinations validate FILE --json`).

Opt-in: runs when LD_SPARK_TESTS=1 and pyspark (and a JDK) are installed (`pip install -r
examples/spark/requirements.txt`); starting Spark's JVM and its Python workers takes minutes on
a loaded two-core machine, too slow for every run of scripts/test-all.sh (which runs it when
LD_SPARK_TESTS=1).
The command is DESTINATIONS_BIN, else `destinations` on PATH, else `cargo run -q -p
learner-destinations-cli --`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import validate_spark  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2025-09-01"


def cli(path: Path) -> dict[str, Any]:
    binary = os.environ.get("DESTINATIONS_BIN") or shutil.which("destinations")
    command = [binary] if binary else ["cargo", "run", "-q", "-p", "learner-destinations-cli", "--"]
    done = subprocess.run(
        [*command, "validate", str(path), "--json", "--as-of", AS_OF],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@pytest.mark.skipif(os.environ.get("LD_SPARK_TESTS") != "1", reason="opt-in: LD_SPARK_TESTS=1")
def test_spark_counts_equal_the_command_lines(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no JDK: PySpark needs Java 17 or later")
    files = validate_spark.generate(tmp_path / "uploads", files=4, rows=400, seed=7)
    (tmp_path / "uploads" / "not-an-upload.txt").write_text("ignored: not *.csv\n")
    spark = validate_spark.session(master="local[2]")
    try:
        by_file, every = validate_spark.run(spark, str(tmp_path / "uploads"), AS_OF)
        rows = {Path(r["path"].removeprefix("file:")).name: r.asDict() for r in by_file.collect()}
        findings = every.collect()
    finally:
        spark.stop()
    assert sorted(rows) == sorted(p.name for p in files)
    total_findings = 0
    for path in files:
        expected = cli(path)
        assert not expected["truncated"], "the command listed every finding"
        s = expected["summary"]
        got = rows[path.name]
        assert got["failure"] is None
        for key in ("rows", "accepted", "rejected", "errors", "warnings", "duplicate_rows", "blank_rows_skipped"):
            assert got[key] == s[key], (path.name, key)
        total_findings += len(expected["findings"])
        mine = sorted(
            (f["row"], f["code"]) for f in findings if Path(f["path"].removeprefix("file:")).name == path.name
        )
        assert mine == sorted((f["row"], f["code"]) for f in expected["findings"])
    assert total_findings > 0, "the dataset has bad rows to find"
