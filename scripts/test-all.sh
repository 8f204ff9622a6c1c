#!/usr/bin/env bash
# Runs every test of the project: the Rust workspace (unit, property, doc, CLI and vector tests),
# then the Python package (built into .venv, tested with pytest, its stubs checked by stubtest).
# Binding test suites are added here as the bindings land.
#
# Needs Rust, and Python 3.9+ with pip and venv (PYTHON overrides `python3`). maturin, pytest and
# mypy are installed into .venv from PyPI at the versions in bindings-python/requirements-dev.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

echo "== Rust workspace"
cargo test --workspace --all-targets
cargo test --workspace --doc

echo "== Python package (bindings-python)"
python="${PYTHON:-python3}"
venv="$root/.venv"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet -r bindings-python/requirements-dev.txt
# The wheel is built by maturin (pip's build backend) in the dev profile, in its own target
# directory: maturin builds pyo3 with PYO3_BUILD_EXTENSION_MODULE and the venv's interpreter, so
# sharing target/ with `cargo test` would rebuild pyo3 on every switch. PATH gives the backend
# the venv's maturin; --no-build-isolation reuses it instead of downloading it again.
PATH="$venv/bin:$PATH" \
    CARGO_TARGET_DIR="$root/target/python" \
    MATURIN_PEP517_ARGS="--profile dev" \
    "$venv/bin/python" -m pip install --quiet --no-build-isolation --no-deps --force-reinstall \
    ./bindings-python
# The catalogue test compares with the `destinations` binary `cargo test` built above.
DESTINATIONS_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/destinations" \
    "$venv/bin/python" -m pytest bindings-python/tests -q
# The type stubs against the built module (every module of the package), and the tests as typed
# users of them.
"$venv/bin/python" -m mypy.stubtest learner_destinations
"$venv/bin/python" -m mypy --strict bindings-python/tests
