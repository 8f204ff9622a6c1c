#!/usr/bin/env bash
# Builds build/LearnerDestinationsFFI.xcframework for the Swift package: device
# (aarch64-apple-ios) and simulator (aarch64-apple-ios-sim + x86_64-apple-ios, joined with lipo)
# slices of the static library, with the generated header and modulemap.
#
# NOT RUN ON THE PROJECT'S LINUX MACHINES: it needs macOS with Xcode (xcodebuild, lipo), and
# there is no Swift compiler there. Run it on a Mac: `bash bindings-swift/build-xcframework.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(uname)" = "Darwin" ] || { echo "build-xcframework.sh runs on macOS with Xcode only" >&2; exit 2; }
TARGETS="aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios"
rustup target add $TARGETS
for t in $TARGETS; do cargo build -p learner-destinations-swift --release --target "$t"; done
OUT=bindings-swift/build
rm -rf "$OUT" && mkdir -p "$OUT/sim" "$OUT/headers"
lipo -create target/aarch64-apple-ios-sim/release/liblearner_destinations_ffi.a \
  target/x86_64-apple-ios/release/liblearner_destinations_ffi.a -output "$OUT/sim/liblearner_destinations_ffi.a"
cp bindings-swift/Sources/LearnerDestinationsFFI/include/* "$OUT/headers/"
xcodebuild -create-xcframework \
  -library target/aarch64-apple-ios/release/liblearner_destinations_ffi.a -headers "$OUT/headers" \
  -library "$OUT/sim/liblearner_destinations_ffi.a" -headers "$OUT/headers" \
  -output "$OUT/LearnerDestinationsFFI.xcframework"
echo "built $OUT/LearnerDestinationsFFI.xcframework"
