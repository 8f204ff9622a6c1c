"""Every ```python block of bindings-python/README.md runs and its assertions hold."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List

import pytest
from mypy import api as mypy_api

from conftest import BINDING_DIR

README = BINDING_DIR / "README.md"
BLOCKS: List[str] = re.findall(
    r"^```python\n(.*?)^```$", README.read_text(encoding="utf-8"), re.S | re.M
)


def test_readme_has_python_examples() -> None:
    # Guards the extraction: a change of fence style must not leave nothing to run.
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("index", range(len(BLOCKS)), ids=lambda i: f"block{i + 1}")
def test_readme_block(index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    namespace: Dict[str, Any] = {"__name__": f"readme_block_{index + 1}"}
    exec(compile(BLOCKS[index], f"{README}:block{index + 1}", "exec"), namespace)


@pytest.mark.parametrize("index", range(len(BLOCKS)), ids=lambda i: f"block{i + 1}")
def test_readme_block_type_checks(index: int) -> None:
    """The examples are also well typed against the stubs (mypy --strict)."""
    stdout, stderr, status = mypy_api.run(
        ["--strict", "--no-incremental", "--command", BLOCKS[index]]
    )
    assert status == 0, stdout + stderr
