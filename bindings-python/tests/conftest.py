"""Shared paths for the Python package's tests."""

from pathlib import Path

BINDING_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = BINDING_DIR.parent
VECTORS_DIR = REPO_ROOT / "tests" / "vectors"
