"""The Python lists of finding and error codes are the Rust catalogue (`destinations findings
--json`, `destinations errors --json`), and so are the generated ``Literal`` types.

The command is the binary named by DESTINATIONS_BIN (scripts/test-all.sh passes the one
`cargo test` built), or else `cargo run` builds it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any, Dict, List, get_args

import learner_destinations as ld
import pytest
from conftest import REPO_ROOT


def destinations_command() -> List[str]:
    binary = os.environ.get("DESTINATIONS_BIN")
    if binary:
        return [binary]
    cargo = shutil.which("cargo")
    assert cargo is not None, "cargo (or DESTINATIONS_BIN) is needed to read the Rust catalogue"
    return [cargo, "run", "--quiet", "-p", "learner-destinations-cli", "--"]


def rust_catalogue(command: str = "findings") -> List[Dict[str, Any]]:
    out = subprocess.run(
        [*destinations_command(), command, "--json"],
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


def test_error_codes_equal_the_rust_catalogue() -> None:
    python = [
        {"code": k.code, "category": k.category, "summary": k.summary}
        for k in ld.list_error_codes()
    ]
    assert python == rust_catalogue("errors")
    by_code = {k.code: k for k in ld.list_error_codes()}
    assert by_code["missing_columns"].category == "input"
    assert by_code["option_invalid"].category == "option"
    # A refused value's code is an argument error.
    assert by_code["uln_checksum"].category == "argument"
    assert "argument_invalid" not in by_code
    assert repr(by_code["io"]) == "ErrorKind(code='io', category='io')"
    assert len(set(ld.list_error_codes())) == len(by_code)


def test_every_raised_code_is_catalogued() -> None:
    codes = {k.code for k in ld.list_error_codes()}
    with pytest.raises(ld.InvalidArgumentError) as raised:
        ld.template_csv("nope")
    assert raised.value.code == "option_invalid" and raised.value.code in codes
    with pytest.raises(ld.InvalidArgumentError) as refused:
        ld.parse_uln("9276308687")
    assert refused.value.code in codes


def test_literal_types_list_the_catalogue() -> None:
    def values(alias: Any) -> List[str]:
        # A Union of one-value Literals (typing flattens the nested FindingCode of ErrorCode).
        return [value for literal in get_args(alias) for value in get_args(literal)]

    assert values(ld.FindingCode) == [k.code for k in ld.list_finding_codes()]
    assert values(ld.ErrorCode) == [k.code for k in ld.list_error_codes()]
    assert values(ld.ErrorCategory) == ["input", "argument", "option", "output", "io", "host"]
