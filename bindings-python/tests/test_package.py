"""The package exports everything the native module has, typed, at the installed version."""

from __future__ import annotations

import importlib.metadata
import pathlib
import types

import learner_destinations as ld
from learner_destinations import _codes, _ilr, _native


def test_every_native_name_is_exported() -> None:
    native = {name for name in _native.__all__ if not name.startswith("_")}
    # The Literal types of the codes are Python only (generated into _codes.py).
    literal_types = set(_codes.__all__)
    # The ILR reports' TypedDicts are Python only too (_ilr.py); the package exports the four
    # report types.
    report_types = {"IlrAwaiting", "IlrContacts", "IlrRecords", "IlrTemplate"}
    assert report_types <= set(_ilr.__all__)
    exported = {name for name in ld.__all__ if not name.startswith("_")}
    assert native == exported - literal_types - report_types
    assert literal_types <= exported and report_types <= exported
    for name in ld.__all__:
        source: types.ModuleType
        if name in literal_types:
            source = _codes
        elif name in report_types:
            source = _ilr
        else:
            source = _native
        assert getattr(ld, name) is getattr(source, name)


def test_version_and_typing_marker() -> None:
    assert ld.__version__ == importlib.metadata.version("learner-destinations")
    package = pathlib.Path(ld.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_native.pyi").is_file()


def test_the_source_build_names_the_workspace_minimum_rust() -> None:
    root = pathlib.Path(__file__).resolve().parents[2]
    cargo = (root / "Cargo.toml").read_text("utf-8")
    backend = (root / "bindings-python/build_backend/learner_destinations_build.py").read_text()
    readme = (root / "bindings-python/README.md").read_text("utf-8")
    [minimum] = [
        line.split('"')[1] for line in cargo.splitlines() if line.startswith("rust-version")
    ]
    assert f'MINIMUM_RUST = "{minimum}"' in backend
    assert f"Rust {minimum} or later" in readme
