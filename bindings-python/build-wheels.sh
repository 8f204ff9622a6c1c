#!/usr/bin/env bash
# Builds the Python package's portable wheels: abi3 (one wheel for every CPython from 3.9),
# tagged manylinux2014 (glibc 2.17 and later), stripped, for x86_64 and aarch64, cross-linked
# with zig through maturin's --zig, so no manylinux build image is needed. Users install them
# with no Rust.
#
#   bash bindings-python/build-wheels.sh                  # both targets, release profile
#   PROFILE=dist bash bindings-python/build-wheels.sh     # fat LTO (slower to build)
#   TARGETS=x86_64-unknown-linux-gnu bash bindings-python/build-wheels.sh
#
# Needs: rustup (the targets are added here), Python 3.9+ with venv and the package registries
# (maturin and ziglang are installed into .venv at the versions in requirements-dev.txt).
# Wheels go to $OUT (default target/wheels/); each is checked for its tag and for the highest
# GLIBC symbol version it needs, which must not pass 2.17.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

profile="${PROFILE:-release}"
targets="${TARGETS:-x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu}"
out="${OUT:-$root/target/wheels}"
venv="${VENV:-$root/.venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet -r bindings-python/requirements-dev.txt

for target in $targets; do
    rustup target add "$target" >/dev/null
done

# maturin finds zig as `python -m ziglang`: the venv's python comes first on PATH. Its own
# target directory, apart from `cargo test`'s and the dev wheel's: these builds link with zig
# and another glibc baseline, and would otherwise rebuild each other's dependencies.
export PATH="$venv/bin:$PATH"
export CARGO_TARGET_DIR="${WHEEL_TARGET_DIR:-$root/target/zig}"
unset CARGO_BUILD_TARGET
mkdir -p "$out"

for target in $targets; do
    echo "== $target ($profile)"
    start=$(date +%s)
    maturin build \
        --manifest-path bindings-python/Cargo.toml \
        --profile "$profile" \
        --zig \
        --compatibility manylinux2014 \
        --target "$target" \
        --strip \
        --out "$out"
    echo "   built in $(($(date +%s) - start)) s"
done

# Each wheel: its size, and the newest GLIBC symbol version its library needs (from the
# dynamic symbol table), which manylinux2014 caps at 2.17.
status=0
for target in $targets; do
    arch="${target%%-*}"
    wheel=$(ls -t "$out"/learner_destinations-*-cp39-abi3-manylinux*"$arch"*.whl 2>/dev/null | head -n 1 || true)
    if [ -z "$wheel" ]; then
        echo "error: no abi3 manylinux wheel for $arch in $out" >&2
        status=1
        continue
    fi
    case "$wheel" in
        *manylinux2014_"$arch"* | *manylinux_2_17_"$arch"*) ;;
        *) echo "error: $wheel is not tagged manylinux2014" >&2; status=1 ;;
    esac
    tmp=$(mktemp -d)
    "$venv/bin/python" -m zipfile -e "$wheel" "$tmp"
    glibc=$(objdump -T "$tmp"/learner_destinations/_native*.so |
        grep -o 'GLIBC_[0-9.]*' | sort -u -V | tail -n 1)
    rm -rf "$tmp"
    echo "$(basename "$wheel"): $(du -k "$wheel" | cut -f1) KiB, needs up to $glibc"
    if [ "$(printf '%s\n' "$glibc" GLIBC_2.17 | sort -V | tail -n 1)" != GLIBC_2.17 ]; then
        echo "error: $wheel needs $glibc, newer than manylinux2014's GLIBC_2.17" >&2
        status=1
    fi
done
exit "$status"
