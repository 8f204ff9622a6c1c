"""The package exports everything the native module has, typed, at the installed version."""

from __future__ import annotations

import importlib.metadata
import pathlib

import learner_destinations as ld
from learner_destinations import _native


def test_every_native_name_is_exported() -> None:
    native = {name for name in _native.__all__ if not name.startswith("_")}
    exported = {name for name in ld.__all__ if not name.startswith("_")}
    assert native == exported
    for name in ld.__all__:
        assert getattr(ld, name) is getattr(_native, name)


def test_version_and_typing_marker() -> None:
    assert ld.__version__ == importlib.metadata.version("learner-destinations")
    package = pathlib.Path(ld.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_native.pyi").is_file()
