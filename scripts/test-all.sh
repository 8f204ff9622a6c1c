#!/usr/bin/env bash
# Runs every test of the project: the Rust workspace (unit, property, doc, CLI and vector tests).
# Binding test suites are added here as the bindings land.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --all-targets
cargo test --workspace --doc
