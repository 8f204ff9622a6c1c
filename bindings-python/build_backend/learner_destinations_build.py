"""The package's build backend: maturin's, without its fallback of downloading Rust.

maturin's backend, finding no ``cargo``, silently downloads a Rust toolchain into a temporary
folder and compiles with it (minutes, and a toolchain nobody chose). A source build here needs
Rust installed; without it the build stops at once and says what to do: install Rust, or
install a prebuilt wheel (``pip install --only-binary learner-destinations ...``).
"""

from __future__ import annotations

import os
import shutil
from typing import Any, List, Mapping, Optional

# The oldest Rust that builds the package: `rust-version` in the workspace Cargo.toml
# (tests/test_package.py keeps the two the same).
MINIMUM_RUST = "1.85"

# Read by maturin's hooks below: never download a toolchain.
os.environ["MATURIN_NO_INSTALL_RUST"] = "1"

import maturin  # noqa: E402  (after the variable it reads)

build_wheel = maturin.build_wheel
build_sdist = maturin.build_sdist
build_editable = maturin.build_editable
get_requires_for_build_sdist = maturin.get_requires_for_build_sdist


def _require_rust() -> None:
    if shutil.which("cargo") is None:
        raise SystemExit(
            "learner-destinations: building from source needs Rust "
            f"{MINIMUM_RUST} or later (cargo on PATH), and none was found. Install a prebuilt "
            "wheel instead (pip install --only-binary learner-destinations learner-destinations, "
            "or the .whl file), or install Rust from https://rustup.rs and build again."
        )


def get_requires_for_build_wheel(config_settings: Optional[Mapping[str, Any]] = None) -> List[str]:
    _require_rust()
    return list(maturin.get_requires_for_build_wheel(config_settings))


def get_requires_for_build_editable(
    config_settings: Optional[Mapping[str, Any]] = None,
) -> List[str]:
    _require_rust()
    return list(maturin.get_requires_for_build_wheel(config_settings))


def prepare_metadata_for_build_wheel(
    metadata_directory: str, config_settings: Optional[Mapping[str, Any]] = None
) -> str:
    _require_rust()
    return str(maturin.prepare_metadata_for_build_wheel(metadata_directory, config_settings))


def prepare_metadata_for_build_editable(
    metadata_directory: str, config_settings: Optional[Mapping[str, Any]] = None
) -> str:
    _require_rust()
    return str(maturin.prepare_metadata_for_build_editable(metadata_directory, config_settings))
