# Shared by smoke.sh and campaign.sh (sourced, not run).
#
# One set of build flags for every script, so `cargo fuzz build` and the runs below reuse one
# build: release with debug assertions (integer overflow panics instead of wrapping), and the
# sanitizer from FUZZ_SANITIZER (default `address`; `none` builds faster and runs about twice
# as fast: the core forbids `unsafe`, so AddressSanitizer watches only the dependencies').
# `cargo +nightly fuzz run -a TARGET` (or `-a -s none`) reuses the same build.

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FUZZ_TOOLCHAIN="${FUZZ_TOOLCHAIN:-nightly}"
FUZZ_SANITIZER="${FUZZ_SANITIZER:-address}"
FUZZ_TRIPLE="$(rustc +"$FUZZ_TOOLCHAIN" -vV | sed -n 's/^host: //p')"
# FUZZ_TARGET_DIR: where cargo builds (default fuzz/target; CI may point it at a cache).
FUZZ_TARGET_DIR="${FUZZ_TARGET_DIR:-$FUZZ_DIR/target}"
FUZZ_BUILD_FLAGS=(--release --debug-assertions --sanitizer "$FUZZ_SANITIZER" --target "$FUZZ_TRIPLE"
    --target-dir "$FUZZ_TARGET_DIR")
FUZZ_BIN_DIR="$FUZZ_TARGET_DIR/$FUZZ_TRIPLE/release"
# The libFuzzer limits every run keeps: a crash, a 10-second input or 2 GiB of memory fails.
FUZZ_LIMITS=(-rss_limit_mb=2048 -timeout=10)

fuzz_cargo() {
    (cd "$FUZZ_DIR" && cargo +"$FUZZ_TOOLCHAIN" fuzz "$@")
}

# Every target, one per line (the files under fuzz_targets/).
fuzz_targets() {
    local f
    for f in "$FUZZ_DIR"/fuzz_targets/*.rs; do
        basename "$f" .rs
    done
}

# libFuzzer options for `target` besides the limits: its dictionary, when it has one.
fuzz_target_options() {
    local dict="$FUZZ_DIR/dictionaries/$1.dict"
    if [[ -f "$dict" ]]; then
        echo "-dict=$dict"
    fi
}

# The installed cargo-fuzz, or an install from crates.io on a fresh machine.
fuzz_ensure_cargo_fuzz() {
    if ! cargo +"$FUZZ_TOOLCHAIN" fuzz --version >/dev/null 2>&1; then
        echo "installing cargo-fuzz from crates.io"
        cargo install cargo-fuzz --locked
    fi
}
