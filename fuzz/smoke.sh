#!/usr/bin/env bash
# Smoke run of every fuzz target: build them all once, then run each for SECONDS (default 20)
# from its committed corpus, with a 10-second limit per input and 2 GiB of memory. Fails when
# any target finds a crash, a timeout or an out-of-memory; the input is kept under
# fuzz/artifacts/<target>/ and the end of the target's log is printed.
#
#   fuzz/smoke.sh [SECONDS]
#
# Environment:
#   FUZZ_TARGETS      targets to run, separated by spaces (default: every target)
#   FUZZ_SANITIZER    address (default) or none (see common.sh)
#   FUZZ_TOOLCHAIN    the nightly toolchain to build with (default: nightly)
#   FUZZ_HOSTILE      `report` (default): replay fuzz/hostile-seeds/ and report, without
#                     failing, the seeds that still fail; `fail`: fail on them too; `skip`.
#
# New inputs found during the run go to a scratch folder, not into the committed corpus.
set -euo pipefail
source "$(dirname "$0")/common.sh"

seconds="${1:-${FUZZ_SECONDS:-20}}"
hostile="${FUZZ_HOSTILE:-report}"
read -r -a targets <<<"${FUZZ_TARGETS:-$(fuzz_targets | tr '\n' ' ')}"

fuzz_ensure_cargo_fuzz
start=$SECONDS
echo "== building ${#targets[@]} fuzz targets (sanitizer: $FUZZ_SANITIZER)"
fuzz_cargo build "${FUZZ_BUILD_FLAGS[@]}"
echo "   built in $((SECONDS - start)) s"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failed=()
for target in "${targets[@]}"; do
    corpus="$FUZZ_DIR/corpus/$target"
    artifacts="$FUZZ_DIR/artifacts/$target"
    log="$scratch/$target.log"
    mkdir -p "$corpus" "$artifacts" "$scratch/$target"
    # shellcheck disable=SC2046
    if "$FUZZ_BIN_DIR/$target" "$scratch/$target" "$corpus" \
        -max_total_time="$seconds" "${FUZZ_LIMITS[@]}" -print_final_stats=1 \
        -artifact_prefix="$artifacts/" $(fuzz_target_options "$target") >"$log" 2>&1; then
        runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
        rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
        echo "ok   $target: ${runs:-?} runs in ${seconds} s (${rate:-?}/s)"
    else
        echo "FAIL $target (input kept in fuzz/artifacts/$target/):"
        tail -n 40 "$log" | sed 's/^/     /'
        failed+=("$target")
    fi
done

# Hostile workbooks: inputs that a bounded workbook reader must refuse quickly and in little
# memory. Replayed one by one (libFuzzer runs each file given and stops).
known=()
if [[ "$hostile" != skip ]]; then
    for dir in "$FUZZ_DIR"/hostile-seeds/*/; do
        target="$(basename "$dir")"
        [[ " ${targets[*]} " == *" $target "* ]] || continue
        for seed in "$dir"*; do
            if ! "$FUZZ_BIN_DIR/$target" "${FUZZ_LIMITS[@]}" -artifact_prefix="$scratch/" \
                "$seed" >"$scratch/hostile.log" 2>&1; then
                why="$(grep -m1 -oE 'ERROR: libFuzzer: [a-z-]+|out-of-memory[^)]*\)|deadly signal|panic escaped[^:]*' "$scratch/hostile.log" || echo crash)"
                known+=("$target/$(basename "$seed") ($why)")
            fi
        done
    done
    if ((${#known[@]})); then
        echo "hostile seeds that still fail (the workbook reader is not bounded yet):"
        printf '     %s\n' "${known[@]}"
        if [[ "$hostile" == fail ]]; then
            failed+=("hostile-seeds")
        fi
    else
        echo "ok   every hostile seed is refused within the limits"
    fi
fi

echo "   smoke run took $((SECONDS - start)) s"
if ((${#failed[@]})); then
    echo "fuzz smoke failed: ${failed[*]}"
    exit 1
fi
