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

# The columns of fuzz/campaign-results.tsv, one line per run of campaign.sh.
fuzz_results_header() {
    printf 'started\tcommit\ttoolchain\tsanitizer\tworkers\ttarget\tseconds_asked\twall_s\tcpu_s\truns\texecs_per_s\tcoverage\tfeatures\tcorpus\tcrashes\ttimeouts\tooms\n'
}

# "runs execs_per_s coverage features corpus" (tab-separated, `?` for what the log lacks) from
# a libFuzzer log: the final stats when printed, else the last status line ("#N ... cov: C
# ft: F corp: K/... exec/s: E"; fork mode prints "cov: C ft: F corp: K exec/s: E").
fuzz_log_stats() {
    local log="$1" last runs rate cov ft corp
    last="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    [[ -n "$runs" ]] || runs="$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
    [[ -n "$rate" ]] || rate="$(sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p' <<<"$last")"
    cov="$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")"
    ft="$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")"
    corp="$(sed -nE 's/.*corp: ([0-9]+).*/\1/p' <<<"$last")"
    printf '%s\t%s\t%s\t%s\t%s' "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
}

# "crashes timeouts ooms": the inputs libFuzzer kept in `artifacts` newer than the file
# `marker` (made before the run), by its prefixes crash-, timeout- and oom- (leak- and
# slow-unit- count as crashes and timeouts).
fuzz_new_artifacts() {
    local artifacts="$1" marker="$2"
    local new
    new="$(find "$artifacts" -type f -newer "$marker" -printf '%f\n')"
    printf '%s %s %s\n' \
        "$(grep -cE '^(crash|leak|deadly)-' <<<"$new" || true)" \
        "$(grep -cE '^(timeout|slow-unit)-' <<<"$new" || true)" \
        "$(grep -cE '^oom-' <<<"$new" || true)"
}

# One results line in words, for the console.
fuzz_results_line_words() {
    awk -F '\t' '{ printf "%s: %s s wall, %s CPU-s, %s runs, %s/s, cov %s, ft %s, corpus %s; crashes %s, timeouts %s, ooms %s", $6, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17 }' <<<"$1"
}

# Results lines (arguments) as a Markdown table, with whether each run reached one CPU-hour
# with no crash, timeout or out-of-memory (issue 14's bar).
fuzz_results_markdown() {
    echo '| target | commit | sanitizer | CPU-s | runs | execs/s | edges | features | crashes | timeouts | ooms | one CPU-hour clean |'
    echo '|---|---|---|---|---|---|---|---|---|---|---|---|'
    local line
    for line in "$@"; do
        awk -F '\t' '{ clean = ($9 >= 3600 && $15 + $16 + $17 == 0) ? "yes" : "no";
            printf "| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $6, $2, $4, $9, $10, $11, $12, $13, $15, $16, $17, clean }' <<<"$line"
    done
}
