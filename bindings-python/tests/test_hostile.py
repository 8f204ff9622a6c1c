"""The hostile corpus (tests/hostile/manifest.json) through Python: every case ends with the
catalogued error or the summary and findings its manifest entry states, never a crash, and the
process's peak memory while reading it stays within the corpus's bound (Linux, where the peak can
be reset). The large cases are made by the same generator the Rust runner uses, the
`hostile-generate` binary (HOSTILE_GENERATE names it; else the one `cargo test --workspace
--all-targets` built, else `cargo run`)."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
from typing import Any, Dict, List, Optional

import pytest

import learner_destinations as ld
from conftest import REPO_ROOT

HOSTILE_DIR = REPO_ROOT / "tests" / "hostile"
MANIFEST: Dict[str, Any] = json.loads((HOSTILE_DIR / "manifest.json").read_text(encoding="utf-8"))
CASES: List[Dict[str, Any]] = MANIFEST["cases"]


def _generator() -> List[str]:
    given = os.environ.get("HOSTILE_GENERATE")
    if given:
        return [given]
    triple = os.environ.get("CARGO_BUILD_TARGET", "")
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO_ROOT / "target"))
    for candidate in (target / triple / "debug" / "hostile-generate", target / "debug" / "hostile-generate"):
        if candidate.is_file():
            return [str(candidate)]
    return ["cargo", "run", "--quiet", "-p", "learner-destinations-vectors", "--bin", "hostile-generate", "--"]


@pytest.fixture(scope="module")
def files() -> Dict[str, pathlib.Path]:
    """Every case's file by name: the committed ones, and the generated ones written (once) to
    tests/hostile/generated/ (not committed) by the generator, which prints one path per case in
    manifest order."""
    folder = HOSTILE_DIR / "generated"
    out = subprocess.run(
        [*_generator(), str(folder)], cwd=REPO_ROOT, check=True, capture_output=True, text=True
    )
    paths = [pathlib.Path(line) for line in out.stdout.splitlines() if line.strip()]
    assert len(paths) == len(CASES), out.stdout
    return {case["name"]: path for case, path in zip(CASES, paths)}


def _status_kib(field: str) -> Optional[int]:
    try:
        status = pathlib.Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return None


def _reset_peak() -> bool:
    """Resets the process's peak resident memory (VmHWM), as the Rust runner does (Linux)."""
    try:
        pathlib.Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _outcome(path: pathlib.Path, as_of: str) -> Dict[str, Any]:
    try:
        result = ld.validate_destinations(path, as_of=as_of, keep_accepted=False)
    except ld.DestinationsError as error:
        return {"error": error.code, "message": str(error)}
    s = result.summary
    assert s.rows == s.accepted + s.rejected, "every row accepted or rejected"
    return {
        "summary": {
            "rows": s.rows,
            "accepted": s.accepted,
            "rejected": s.rejected,
            "blank_rows_skipped": s.blank_rows_skipped,
        },
        "findings": [{"code": f.code, "row": f.row} for f in result.findings],
    }


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_case(case: Dict[str, Any], files: Dict[str, pathlib.Path]) -> None:
    path = files[case["name"]]
    size = path.stat().st_size
    assert size <= case["max_file_bytes"], f"{size} bytes, more than the {case['max_file_bytes']} stated"
    measured = _reset_peak()
    before = _status_kib("VmRSS") or 0
    actual = _outcome(path, case.get("as_of", "2025-09-01"))
    expect = case["expect"]
    if "error" in expect:
        # The limit that stopped the reader is named in the Rust runner (Error::WorkbookTooLarge
        # carries it); here the catalogued code is what Python users catch.
        assert actual.get("error") == expect["error"], actual
    else:
        assert "error" not in actual, actual
        assert actual["summary"] == expect["summary"]
        # Exactly the findings stated, in order, as the Rust runner compares them.
        assert actual["findings"] == expect["findings"], actual["findings"]
    peak = _status_kib("VmHWM")
    if measured and peak is not None:
        # The interpreter and the module were resident before the case: the bound is on what
        # reading the case added to them.
        grown_mib = max(peak - before, 0) / 1024
        assert grown_mib <= MANIFEST["peak_memory_mib"], f"{case['name']}: grew {grown_mib:.0f} MiB"
