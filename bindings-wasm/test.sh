#!/usr/bin/env bash
# The WebAssembly package's tests: builds the package (bindings-wasm/build.sh, dev profile)
# and the CLI, runs the shared vectors and the API tests in Node, then the checker page in a
# real browser (Debian's Chromium through playwright-core) against the CLI's answers.
# Installs what is missing: the wasm32 target and wasm-bindgen-cli (build.sh), npm
# dependencies, and Chromium (apt-get, when run as root; else it must be at $CHROMIUM or
# /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}"

bindings-wasm/build.sh
# The CLI the browser test compares with.
cargo build -p learner-destinations-cli
export DESTINATIONS_BIN="${CARGO_TARGET_DIR:-$root/target}/$CARGO_BUILD_TARGET/debug/destinations"

(
  cd bindings-wasm
  if [ ! -f node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
    npm install --no-audit --no-fund
  fi
  node --test test/vectors.test.mjs test/api.test.mjs
)

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update
    apt-get install -y chromium
  else
    echo "error: no Chromium at $chromium; install Debian's chromium or set CHROMIUM" >&2
    exit 2
  fi
fi
(cd bindings-wasm && CHROMIUM="$chromium" node --test test/browser.test.mjs test/usability.test.mjs)
