#!/usr/bin/env bash
# A long fuzzing campaign: each target in turn for SECONDS (default 3600, one CPU-hour), from
# its committed corpus plus what earlier campaigns found (fuzz/campaign-corpus/<target>/).
#
#   fuzz/campaign.sh [SECONDS] [TARGET...]
#
# For every run, fuzz/campaign-logs/ (not committed) gets the libFuzzer log
# (<target>-<time>.log, with execs/s and coverage as they grow), and fuzz/campaign-results.tsv
# (committed: the record a closing note cites) one line: the UTC start, the commit (with
# `+dirty` when the tree had changes), the toolchain, the sanitizer and workers, the target,
# the seconds asked, the wall-clock and CPU seconds the run took (user + system, workers
# included), runs, execs/s, coverage (edges), features, corpus size, and the crashes, timeouts
# and out-of-memory inputs it kept (counted by libFuzzer's artifact prefixes). At the end the
# campaign's lines are printed as a Markdown table, with whether each target reached one
# CPU-hour with nothing found. Crashing inputs are kept under fuzz/artifacts/<target>/; minimise
# each with `cargo +nightly fuzz tmin -a TARGET ARTIFACT`, commit it to fuzz/corpus/<target>/,
# fix the bug and add a regression test in the core. `-fork` keeps a campaign going after a
# crash (FUZZ_FORK=N runs N worker processes; default 1 worker, as the machine is shared).
#
# Environment: FUZZ_SANITIZER, FUZZ_TOOLCHAIN (see common.sh); FUZZ_FORK; FUZZ_RESULTS (the
# results file, default fuzz/campaign-results.tsv).
set -euo pipefail
source "$(dirname "$0")/common.sh"

seconds="${1:-3600}"
shift || true
if (($#)); then
    targets=("$@")
else
    mapfile -t targets < <(fuzz_targets)
fi
fork="${FUZZ_FORK:-1}"
logs="$FUZZ_DIR/campaign-logs"
mkdir -p "$logs"
results="${FUZZ_RESULTS:-$FUZZ_DIR/campaign-results.tsv}"
if [[ ! -s "$results" ]]; then
    fuzz_results_header >"$results"
fi
commit="$(git -C "$FUZZ_DIR" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$FUZZ_DIR/.." status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    commit="$commit+dirty"
fi
toolchain="$(rustc +"$FUZZ_TOOLCHAIN" -V | awk '{print $2 "-" $4}' | tr -d ')')"

fuzz_ensure_cargo_fuzz
# Only the targets run are built.
for target in "${targets[@]}"; do
    fuzz_cargo build "${FUZZ_BUILD_FLAGS[@]}" "$target"
done

status=0
lines=()
for target in "${targets[@]}"; do
    stamp="$(date -u +%Y%m%dT%H%M%SZ)"
    log="$logs/$target-$stamp.log"
    times="$logs/$target-$stamp.time"
    work="$FUZZ_DIR/campaign-corpus/$target"
    artifacts="$FUZZ_DIR/artifacts/$target"
    mkdir -p "$work" "$artifacts"
    echo "== $target for $seconds s (log: ${log#"$FUZZ_DIR"/})"
    marker="$(mktemp)"
    # GNU time: wall-clock, user and system seconds of the run and its worker processes.
    # shellcheck disable=SC2046
    /usr/bin/time -f '%e %U %S' -o "$times" \
        "$FUZZ_BIN_DIR/$target" "$work" "$FUZZ_DIR/corpus/$target" \
        -max_total_time="$seconds" "${FUZZ_LIMITS[@]}" -print_final_stats=1 \
        -fork="$fork" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -artifact_prefix="$artifacts/" $(fuzz_target_options "$target") >"$log" 2>&1 || status=1
    read -r -a found < <(fuzz_new_artifacts "$artifacts" "$marker")
    rm -f "$marker"
    read -r wall user sys < <(tail -n 1 "$times")
    line="$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$stamp" "$commit" \
        "$toolchain" "$FUZZ_SANITIZER" "$fork" "$target" "$seconds" "${wall:-?}" \
        "$(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN { printf "%.0f", u + s }')" \
        "$(fuzz_log_stats "$log")" "${found[0]}" "${found[1]}" "${found[2]}")"
    echo "$line" >>"$results"
    lines+=("$line")
    echo "   $(fuzz_results_line_words "$line")"
    ((found[0] + found[1] + found[2] == 0)) || status=1
done
echo
fuzz_results_markdown "${lines[@]}"
exit "$status"
