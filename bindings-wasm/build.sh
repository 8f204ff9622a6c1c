#!/usr/bin/env bash
# Builds the npm package learner-destinations-wasm into bindings-wasm/pkg/ and copies it into
# web/pkg/ for the checker page; prints the .wasm file's size, raw and gzipped.
#
#   bindings-wasm/build.sh            # the dev profile (quick; large, unoptimised wasm)
#   bindings-wasm/build.sh --release  # the release profile (the size of record)
#
# One wasm-bindgen target, `--target web`: an ES module whose `init()` fetches the .wasm file
# next to it (browsers, workers) and whose `initSync({ module: bytes })` takes the file's bytes
# (Node, Deno). Node's tests and the page load the same files. The generated glue is built
# here (in CI) and not committed: it is a build product of the .wasm file, and the two must
# come from one build.
#
# Needs the wasm32-unknown-unknown target and wasm-bindgen-cli at exactly the version of the
# wasm-bindgen crate in Cargo.lock; both are installed when missing (see install_tools).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
profile=dev
dir=debug
if [ "${1:-}" = "--release" ]; then
  profile=release
  dir=release
fi

install_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi
  local want
  want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
  if [ -z "$want" ]; then
    echo "error: no wasm-bindgen in Cargo.lock" >&2
    exit 2
  fi
  local have=""
  if command -v wasm-bindgen >/dev/null 2>&1; then
    have="$(wasm-bindgen --version | awk '{ print $2 }')"
  fi
  if [ "$have" != "$want" ]; then
    # Without --locked: the CLI's own lock file names a webpki-roots release the registry used
    # here lacks; cargo picks the newest compatible versions instead. wasm-bindgen-cli's
    # version is still exactly the crate's.
    cargo install wasm-bindgen-cli --version "$want"
  fi
}
install_tools

target_dir="${CARGO_TARGET_DIR:-$root/target}"
# The binding's crate alone, for wasm32 (CARGO_BUILD_TARGET, the CI's native triple, is
# overridden by --target).
cargo build -p learner-destinations-wasm --target wasm32-unknown-unknown --profile "$profile"
wasm="$target_dir/wasm32-unknown-unknown/$dir/learner_destinations_wasm.wasm"

out="$root/bindings-wasm/pkg"
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name learner_destinations_wasm "$wasm"
cp bindings-wasm/js/index.js bindings-wasm/index.d.ts "$out/"

rm -rf web/pkg
cp -r "$out" web/pkg

bytes="$(stat -c %s "$out/learner_destinations_wasm_bg.wasm")"
gz="$(gzip -9 -c "$out/learner_destinations_wasm_bg.wasm" | wc -c)"
echo "learner_destinations_wasm_bg.wasm ($profile): $bytes bytes, $gz bytes gzipped (-9)"
