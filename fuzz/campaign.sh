#!/usr/bin/env bash
# A long fuzzing campaign: each target in turn for SECONDS (default 3600, one CPU-hour), from
# its committed corpus plus what earlier campaigns found (fuzz/campaign-corpus/<target>/).
#
#   fuzz/campaign.sh [SECONDS] [TARGET...]
#
# For every run, fuzz/campaign-logs/ (not committed) gets the libFuzzer log
# (<target>-<time>.log, with execs/s and coverage as they grow) and one line in summary.tsv:
# target, seconds, runs, execs/s, coverage (edges), features, corpus size, crashes. Crashing
# inputs are kept under fuzz/artifacts/<target>/; minimise each with
# `cargo +nightly fuzz tmin -a TARGET ARTIFACT`, commit it to fuzz/corpus/<target>/, fix the
# bug and add a regression test in the core. `-fork` keeps a campaign going after a crash
# (FUZZ_FORK=N runs N worker processes; default 1 worker, as the machine is shared).
#
# Environment: FUZZ_SANITIZER, FUZZ_TOOLCHAIN (see common.sh); FUZZ_FORK.
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
summary="$logs/summary.tsv"
if [[ ! -f "$summary" ]]; then
    printf 'target\tseconds\truns\texecs_per_s\tcoverage\tfeatures\tcorpus\tcrashes\tsanitizer\tstarted\n' >"$summary"
fi

fuzz_ensure_cargo_fuzz
fuzz_cargo build "${FUZZ_BUILD_FLAGS[@]}"

status=0
for target in "${targets[@]}"; do
    stamp="$(date -u +%Y%m%dT%H%M%SZ)"
    log="$logs/$target-$stamp.log"
    work="$FUZZ_DIR/campaign-corpus/$target"
    artifacts="$FUZZ_DIR/artifacts/$target"
    mkdir -p "$work" "$artifacts"
    before="$(find "$artifacts" -type f | wc -l)"
    echo "== $target for $seconds s (log: ${log#"$FUZZ_DIR"/})"
    # shellcheck disable=SC2046
    "$FUZZ_BIN_DIR/$target" "$work" "$FUZZ_DIR/corpus/$target" \
        -max_total_time="$seconds" "${FUZZ_LIMITS[@]}" -print_final_stats=1 \
        -fork="$fork" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -artifact_prefix="$artifacts/" $(fuzz_target_options "$target") >"$log" 2>&1 || status=1
    after="$(find "$artifacts" -type f | wc -l)"
    # The last status line: "#N ... cov: C ft: F corp: K/..." (fork mode prints "cov: C ft: F corp: K").
    last="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    [[ -n "$runs" ]] || runs="$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
    [[ -n "$rate" ]] || rate="$(sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p' <<<"$last")"
    cov="$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")"
    ft="$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")"
    corp="$(sed -nE 's/.*corp: ([0-9]+).*/\1/p' <<<"$last")"
    crashes=$((after - before))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$seconds" "${runs:-?}" "${rate:-?}" \
        "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes" "$FUZZ_SANITIZER" "$stamp" >>"$summary"
    echo "   runs ${runs:-?}, ${rate:-?}/s, cov ${cov:-?}, ft ${ft:-?}, crashes $crashes"
    ((crashes == 0)) || status=1
done
column -t -s $'\t' "$summary" | tail -n "$((${#targets[@]} + 1))"
exit "$status"
