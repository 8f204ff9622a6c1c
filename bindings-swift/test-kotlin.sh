#!/usr/bin/env bash
# Builds the native library, generates the Kotlin and Swift bindings, checks that the committed
# sources match what the build generates (drift), compiles the Kotlin vector runner and runs
# every shared vector (tests/vectors/*.json) through it. Installs what it needs when missing:
# the Kotlin compiler from npm (kotlin-compiler 2.4.20) and JNA from apt (libjna-java).
#   bash bindings-swift/test-kotlin.sh            # check drift
#   bash bindings-swift/test-kotlin.sh --update   # rewrite the committed generated sources
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
OUT="$TARGET_DIR/$CARGO_BUILD_TARGET/debug"
TOOLS="${LD_TOOLS_DIR:-$HOME/.cache/learner-destinations-tools}"
KOTLIN_VERSION=2.4.20
KOTLINC="$TOOLS/kotlin-compiler-$KOTLIN_VERSION/package/bin/kotlinc-jvm"
JNA=/usr/share/java/jna.jar

if [ ! -x "$KOTLINC" ]; then
  mkdir -p "$TOOLS/kotlin-compiler-$KOTLIN_VERSION"
  (cd "$TOOLS/kotlin-compiler-$KOTLIN_VERSION" && npm pack "kotlin-compiler@$KOTLIN_VERSION" >/dev/null && tar xzf "kotlin-compiler-$KOTLIN_VERSION.tgz")
fi
if [ ! -f "$JNA" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq libjna-java
fi

# The library and the bindgen (dev profile; the bindgen crate is not a default member). Built
# apart, so the bindgen's features do not change (and rebuild) the library's dependencies.
cargo build -p learner-destinations-swift
cargo build -p learner-destinations-uniffi-bindgen
LIB="$OUT/liblearner_destinations_ffi.so"

# Generate into a scratch folder (bindgen reads uniffi.toml through cargo metadata: run it here).
GEN="$(mktemp -d)"; trap 'rm -rf "$GEN"' EXIT
"$OUT/uniffi-bindgen" generate --language kotlin --no-format --out-dir "$GEN/kotlin" "$LIB" >/dev/null
"$OUT/uniffi-bindgen-swift" --swift-sources --headers --modulemap --module-name LearnerDestinationsFFI \
  --modulemap-filename module.modulemap "$LIB" "$GEN/swift" >/dev/null
mkdir -p "$GEN/pkg/Sources/LearnerDestinations" "$GEN/pkg/Sources/LearnerDestinationsFFI/include"
cp "$GEN/swift/LearnerDestinations.swift" "$GEN/pkg/Sources/LearnerDestinations/"
cp "$GEN/swift/LearnerDestinationsFFI.h" "$GEN/swift/module.modulemap" "$GEN/pkg/Sources/LearnerDestinationsFFI/include/"

if [ "${1:-}" = "--update" ]; then
  rm -rf bindings-swift/kotlin bindings-swift/Sources/LearnerDestinations bindings-swift/Sources/LearnerDestinationsFFI
  mkdir -p bindings-swift/kotlin bindings-swift/Sources
  cp -r "$GEN/kotlin/." bindings-swift/kotlin/
  cp -r "$GEN/pkg/Sources/." bindings-swift/Sources/
fi
# Drift: the committed sources are what this build generates.
diff -r "$GEN/kotlin" bindings-swift/kotlin
diff -r "$GEN/pkg/Sources/LearnerDestinations" bindings-swift/Sources/LearnerDestinations
diff -r "$GEN/pkg/Sources/LearnerDestinationsFFI" bindings-swift/Sources/LearnerDestinationsFFI
echo "generated Kotlin and Swift sources match the committed ones"

JAR="$TARGET_DIR/kotlin-vectors/vectors.jar"
mkdir -p "$(dirname "$JAR")"
"$KOTLINC" -nowarn -cp "$JNA" bindings-swift/kotlin/uk/learnerdestinations/learner_destinations_ffi.kt \
  bindings-swift/tests/kotlin/VectorsTest.kt -d "$JAR"
STDLIB="$(dirname "$KOTLINC")/../lib/kotlin-stdlib.jar"
java -Djna.library.path="$OUT" -Dvectors="$PWD/tests/vectors" -cp "$JAR:$JNA:$STDLIB" VectorsTestKt
