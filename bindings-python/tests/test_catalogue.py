"""The Python list of finding codes is the Rust catalogue (`destinations findings --json`).

The command is the binary named by DESTINATIONS_BIN (scripts/test-all.sh passes the one
`cargo test` built), or else `cargo run` builds it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any, Dict, List

import learner_destinations as ld
from conftest import REPO_ROOT


def destinations_command() -> List[str]:
    binary = os.environ.get("DESTINATIONS_BIN")
    if binary:
        return [binary]
    cargo = shutil.which("cargo")
    assert cargo is not None, "cargo (or DESTINATIONS_BIN) is needed to read the Rust catalogue"
    return [cargo, "run", "--quiet", "-p", "learner-destinations-cli", "--"]


def rust_catalogue() -> List[Dict[str, Any]]:
    out = subprocess.run(
        [*destinations_command(), "findings", "--json"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    kinds: List[Dict[str, Any]] = json.loads(out.stdout)
    return kinds


def test_finding_codes_equal_the_rust_catalogue() -> None:
    python = [
        {
            "code": k.code,
            "severity": k.severity,
            "summary": k.summary,
            "source": k.source,
            "mirrors": k.mirrors,
        }
        for k in ld.list_finding_codes()
    ]
    assert python == rust_catalogue()


def test_finding_kinds() -> None:
    kinds = ld.list_finding_codes()
    codes = [k.code for k in kinds]
    assert len(codes) == len(set(codes))
    by_code = {k.code: k for k in kinds}
    assert by_code["uln_checksum"].mirrors == "ULN_04"
    assert by_code["uln_unknown"].severity == "warning"
    assert by_code["date_format"].mirrors is None
    assert all(k.severity in ("error", "warning") for k in kinds)
    # Equal and hashable by value: the same kind from two calls.
    assert by_code["uln_format"] == ld.list_finding_codes()[codes.index("uln_format")]
    assert len(set(kinds)) == len(kinds)
    assert repr(by_code["uln_checksum"]) == (
        "FindingKind(code='uln_checksum', severity='error', mirrors='ULN_04')"
    )
