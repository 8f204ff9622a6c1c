#!/usr/bin/env bash
# Builds the native library, generates the Kotlin and Swift bindings, checks that the committed
# sources match what the build generates (drift), compiles the Kotlin vector runner and runs
# every shared vector (tests/vectors/*.json) through it. Installs what it needs when missing:
# the Kotlin compiler from npm (kotlin-compiler 2.4.20), JNA and a Java runtime from apt
# (libjna-java, default-jre-headless).
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
# JNA from Debian, and a Java runtime for kotlinc and the tests (a fresh machine may have none),
# in one apt-get run.
APT=()
[ -f "$JNA" ] || APT+=(libjna-java)
command -v java >/dev/null 2>&1 || APT+=(default-jre-headless)
if [ "${#APT[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${APT[@]}"
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
# The Swift package (not built here: no Swift compiler) names what is committed: every source
# path it gives exists, its C module is the one the modulemap declares and the Swift sources
# import, and the tests' folder holds the XCTest vector runner.
python3 - <<'PY'
import re, sys, pathlib
root = pathlib.Path("bindings-swift")
pkg = (root / "Package.swift").read_text()
problems = []
for p in re.findall(r'path: "([^"]+)"', pkg):
    if not p.startswith("build/") and not (root / p).exists():
        problems.append(f"Package.swift names {p}, which is not committed")
module = re.search(r"^module (\w+)", (root / "Sources/LearnerDestinationsFFI/include/module.modulemap").read_text(), re.M)
swift = (root / "Sources/LearnerDestinations/LearnerDestinations.swift").read_text()
for name in [module.group(1) if module else "?"]:
    if f'name: "{name}"' not in pkg:
        problems.append(f"Package.swift has no target {name}, the modulemap's module")
    if f"import {name}" not in swift:
        problems.append(f"the Swift sources do not import {name}")
if "func test" not in (root / "Tests/LearnerDestinationsTests/VectorsTests.swift").read_text():
    problems.append("no XCTest in Tests/LearnerDestinationsTests/VectorsTests.swift")
if problems:
    sys.exit("error: " + "; ".join(problems))
print("the Swift package names the committed sources")
PY

JAR="$TARGET_DIR/kotlin-vectors/vectors.jar"
mkdir -p "$(dirname "$JAR")"
"$KOTLINC" -nowarn -cp "$JNA" bindings-swift/kotlin/uk/learnerdestinations/learner_destinations_ffi.kt \
  bindings-swift/tests/kotlin/VectorsTest.kt -d "$JAR"
STDLIB="$(dirname "$KOTLINC")/../lib/kotlin-stdlib.jar"
java -Djna.library.path="$OUT" -Dvectors="$PWD/tests/vectors" -cp "$JAR:$JNA:$STDLIB" VectorsTestKt
