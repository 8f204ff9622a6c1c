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
#
# New inputs found during the run go to a scratch folder, not into the committed corpus.
set -euo pipefail
source "$(dirname "$0")/common.sh"

seconds="${1:-${FUZZ_SECONDS:-20}}"
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

echo "   smoke run took $((SECONDS - start)) s"
if ((${#failed[@]})); then
    echo "fuzz smoke failed: ${failed[*]}"
    exit 1
fi
