"""Every language-neutral vector under tests/vectors/ through the Python API.

Mirrors tests/run_vectors.rs: each ``kind`` has one function turning a case into an "actual"
dict, and the case's ``expected`` must be contained in it (``subset_mismatch``, as in
tests/lib.rs). A file whose kind this runner does not know fails, so no vector goes unrun.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import pytest

import learner_destinations as ld
from conftest import VECTORS_DIR

Case = Dict[str, Any]
SCHEMES = ld.Schemes()


def subset_mismatch(expected: Any, actual: Any, path: str = "") -> Optional[str]:
    """Where ``expected`` is not contained in ``actual``: objects compare key by key,
    recursively; everything else, lists included, compares exactly (and by JSON type, so
    ``true`` is not ``1``)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, value in expected.items():
            if key not in actual:
                return f"{path}.{key}: expected {value!r}, missing"
            mismatch = subset_mismatch(value, actual[key], f"{path}.{key}")
            if mismatch is not None:
                return mismatch
        return None
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for i, (e, a) in enumerate(zip(expected, actual)):
            mismatch = subset_mismatch(e, a, f"{path}[{i}]")
            if mismatch is not None:
                return mismatch
        return None
    if type(expected) is type(actual) and expected == actual:
        return None
    return f"{path}: expected {expected!r}, got {actual!r}"


def error_json(error: ld.InvalidArgumentError) -> Case:
    return {"error": error.code, "message": error.message}


def uln(case: Case) -> Case:
    try:
        parsed = ld.parse_uln(case.get("input", ""))
    except ld.InvalidArgumentError as error:
        return {"valid": False, "unknown": False, **error_json(error)}
    return {"valid": True, "unknown": parsed.is_unknown}


def destination_code(case: Case) -> Case:
    try:
        code = SCHEMES.parse(case.get("input", ""))
    except ld.InvalidArgumentError as error:
        return error_json(error)
    return {"scheme": code.scheme, "code": code.code, "title": code.title}


def code_mapping(case: Case) -> Case:
    try:
        code = SCHEMES.parse(case.get("input", ""))
        if "target" in case:
            mapped = SCHEMES.to_scheme(code, case["target"], case.get("qualifiers", []))
            return {"mapped": mapped.code, "scheme": mapped.scheme}
        valid = code.is_valid_on(case.get("as_of", ""))
    except ld.InvalidArgumentError as error:
        return error_json(error)
    return {
        "code": code.code,
        "scheme": code.scheme,
        "valid": valid,
        "equivalents": [c.code for c in SCHEMES.equivalents(code)],
    }


RUNNERS: Dict[str, Callable[[Case], Case]] = {
    "uln": uln,
    "destination_code": destination_code,
    "code_mapping": code_mapping,
}

VECTOR_FILES: List[Path] = sorted(VECTORS_DIR.glob("*.json"))


def test_vector_files_exist() -> None:
    assert VECTOR_FILES, f"no vector files under {VECTORS_DIR}"


@pytest.mark.parametrize("path", VECTOR_FILES, ids=lambda p: p.name)
def test_vector_file(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    kind = doc.get("kind")
    runner = RUNNERS.get(kind)
    assert runner is not None, (
        f"{path.name}: unknown vector kind {kind!r}: add a runner for it to {__file__}"
    )
    cases = doc.get("cases") or []
    assert cases, f"{path.name}: no cases"
    failures = []
    for i, case in enumerate(cases):
        mismatch = subset_mismatch(case.get("expected"), runner(case))
        if mismatch is not None:
            name = case.get("name", case.get("input"))
            failures.append(f"case {i} ({name!r}): {mismatch}")
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures)


def test_subset_mismatch_is_strict() -> None:
    """The comparison itself: a runner that returned too little, or the wrong JSON type, fails."""
    assert subset_mismatch({"a": 1}, {"a": 1, "b": 2}) is None
    assert subset_mismatch({"a": 1}, {"b": 1}) == ".a: expected 1, missing"
    assert subset_mismatch({"valid": True}, {"valid": 1}) is not None
    assert subset_mismatch({"e": ["X"]}, {"e": ["X", "Y"]}) is not None
    assert subset_mismatch({"e": [{"c": "X"}]}, {"e": [{"c": "X", "t": "T"}]}) is None
