#!/usr/bin/env bash
# The Python package's tests, run once, against the wheel users get: abi3, manylinux2014,
# x86_64, release profile, zig-linked and stripped (build-wheels.sh, with its tag and glibc
# checks), installed into a fresh venv outside the source tree, so `import learner_destinations`
# is the installed wheel and nothing of the checkout; then mypy's stubtest on the installed
# module and mypy --strict on the tests. scripts/test-all.sh runs it after `cargo test`.
#
#   bash bindings-python/test-wheel.sh                 # build the x86_64 wheel, then test it
#   WHEEL=path/to/wheel.whl bash bindings-python/test-wheel.sh   # test a prebuilt wheel
#
# The build venv (.venv: maturin and ziglang from PyPI) and the wheels' target directory
# (target/zig) persist between runs, so a warm run rebuilds only what changed. DESTINATIONS_BIN
# (default: the debug `destinations` that `cargo test` built) is what the catalogue test
# compares with.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}"

python="${PYTHON:-python3}"
started=$(date +%s)
wheel="${WHEEL:-}"
if [ -z "$wheel" ]; then
    wheels="$root/target/wheels/ci"
    rm -rf "$wheels"
    TARGETS=x86_64-unknown-linux-gnu OUT="$wheels" PYTHON="$python" \
        bash bindings-python/build-wheels.sh
    wheel=$(ls "$wheels"/learner_destinations-*-cp39-abi3-manylinux*_x86_64*.whl)
fi
built=$(date +%s)
smoke="$(mktemp -d)"
trap 'rm -rf "$smoke"' EXIT
"$python" -m venv "$smoke/venv"
"$smoke/venv/bin/python" -m pip install --quiet -r bindings-python/requirements-dev.txt
"$smoke/venv/bin/python" -m pip install --quiet --no-deps --only-binary :all: "$wheel"
# From outside the checkout. The catalogue test compares with the `destinations` binary
# `cargo test` built above (under the target triple's directory, as CARGO_BUILD_TARGET is set).
(
    cd "$smoke"
    "$smoke/venv/bin/python" -c 'import learner_destinations, sys; sys.exit(0 if "/venv/" in learner_destinations.__file__ else 1)'
    DESTINATIONS_BIN="${DESTINATIONS_BIN:-${CARGO_TARGET_DIR:-$root/target}/$CARGO_BUILD_TARGET/debug/destinations}" \
        "$smoke/venv/bin/python" -m pytest "$root/bindings-python/tests" -q -p no:cacheprovider
    # The type stubs against the installed module (every module of the package), and the tests
    # as typed users of them.
    "$smoke/venv/bin/python" -m mypy.stubtest learner_destinations
    "$smoke/venv/bin/python" -m mypy --strict --cache-dir "$smoke/mypy-cache" "$root/bindings-python/tests"
    # The Spark example (examples/spark: mapInArrow in local mode, its counts against the
    # command's): opt-in with LD_SPARK_TESTS=1, as PySpark from PyPI (on the machine's JDK 17)
    # takes minutes to start its JVM and workers on two cores.
    if [ "${LD_SPARK_TESTS:-}" = 1 ]; then
        "$smoke/venv/bin/python" -m pip install --quiet -r "$root/examples/spark/requirements.txt"
        DESTINATIONS_BIN="${DESTINATIONS_BIN:-${CARGO_TARGET_DIR:-$root/target}/$CARGO_BUILD_TARGET/debug/destinations}" \
            "$smoke/venv/bin/python" -m pytest "$root/examples/spark" -q -p no:cacheprovider
    else
        echo "   Spark example skipped (LD_SPARK_TESTS=1 runs it)"
    fi
)
echo "   $(basename "$wheel"): built in $((built - started)) s, tested in $(($(date +%s) - built)) s"
