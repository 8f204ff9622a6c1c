#!/usr/bin/env bash
# Builds the Node package's per-platform npm packages, napi-rs style: one package per platform
# (`learner-destinations-linux-x64-gnu`, `learner-destinations-linux-arm64-gnu`,
# `learner-destinations-linux-x64-musl`), each holding one stripped `.node` file linked against
# glibc 2.17 or musl (Alpine), cross-linked with zig through cargo-zigbuild, so no build image
# is needed, and the main package staged with them as
# `optionalDependencies`; npm installs only the one whose `os`, `cpu` and `libc` match, and the
# loader (index.js) requires it when the package holds no `.node` file of its own.
#
#   bash bindings-node/build-platforms.sh                    # both targets, release profile
#   TARGETS=x86_64-unknown-linux-musl bash bindings-node/build-platforms.sh
#   PROFILE=dist bash bindings-node/build-platforms.sh       # fat LTO (slower to build)
#
# Needs: rustup (the targets are added here), Python 3 with venv (ziglang is installed into
# .venv at the version in bindings-python/requirements-dev.txt) and cargo (cargo-zigbuild is
# installed into target/tools at the version below). Writes to $OUT (default target/npm/):
# the platform folders and tarballs, the staged main package and its tarball. Each `.node` file
# is checked with `file` and `readelf` (its machine, and no GLIBC symbol version newer than
# 2.17); the one for this machine is installed from the tarballs into a fresh project, offline,
# and loaded there (test/smoke/smoke.mjs). Not run by scripts/test-all.sh: two release builds
# take a long while on two cores (see the README's "Prebuilt binaries").
#
# macOS: not built (not attempted). zig ships no Apple frameworks, and this crate's dependencies
# link one (chrono's local time zone reads it through
# CoreFoundation), so a darwin package needs a Mac (or the SDK, which cannot be fetched here).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

profile="${PROFILE:-release}"
targets="${TARGETS:-x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl}"
out="${OUT:-$root/target/npm}"
venv="${VENV:-$root/.venv}"
python="${PYTHON:-python3}"
zigbuild_version=0.21.8
glibc=2.17

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
zig_pin=$(grep -E '^ziglang==' bindings-python/requirements-dev.txt)
"$venv/bin/python" -m pip install --quiet "$zig_pin"
tools="$root/target/tools"
if [ ! -x "$tools/bin/cargo-zigbuild" ]; then
    CARGO_TARGET_DIR="$root/target/tools-build" cargo install --locked --quiet \
        cargo-zigbuild --version "$zigbuild_version" --root "$tools"
fi
for target in $targets; do
    rustup target add "$target" >/dev/null
done

# cargo-zigbuild finds zig as `python -m ziglang`: the venv's python comes first on PATH. The
# target directory is the Python wheels' (build-wheels.sh): the same zig-linked dependencies.
export PATH="$venv/bin:$tools/bin:$PATH"
export CARGO_TARGET_DIR="${ZIG_TARGET_DIR:-$root/target/zig}"
export CARGO_PROFILE_RELEASE_STRIP=symbols CARGO_PROFILE_DIST_STRIP=symbols
unset CARGO_BUILD_TARGET
version=$(node -p "require('./bindings-node/package.json').version")
rm -rf "$out"
mkdir -p "$out"

# napi's platform names: the `.node` file's suffix and the package's.
platform_of() {
    case "$1" in
        x86_64-unknown-linux-gnu) echo "linux-x64-gnu x64" ;;
        aarch64-unknown-linux-gnu) echo "linux-arm64-gnu arm64" ;;
        x86_64-unknown-linux-musl) echo "linux-x64-musl x64" ;;
        *) echo "unsupported target $1" >&2; return 1 ;;
    esac
}

status=0
optional="{}"
for target in $targets; do
    read -r platform cpu < <(platform_of "$target")
    case "$target" in
        *-musl)
            libc=musl
            libc_said="musl"
            zig_target="$target"
            # A Node addon is a shared library: Rust's musl targets link statically by default,
            # which cannot make one.
            export CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="-C target-feature=-crt-static"
            ;;
        *)
            libc=glibc
            libc_said="glibc $glibc or later"
            zig_target="$target.$glibc"
            ;;
    esac
    echo "== $target ($profile, $libc_said)"
    start=$(date +%s)
    cargo zigbuild --quiet -p learner-destinations-node --profile "$profile" --target "$zig_target"
    echo "   built in $(($(date +%s) - start)) s"
    dir_profile=$([ "$profile" = dev ] && echo debug || echo "$profile")
    lib="$CARGO_TARGET_DIR/$target/$dir_profile/liblearner_destinations_node.so"
    pkg="$out/$platform"
    mkdir -p "$pkg"
    node_file="learner-destinations.$platform.node"
    cp "$lib" "$pkg/$node_file"
    cat > "$pkg/package.json" <<EOF
{
  "name": "learner-destinations-$platform",
  "version": "$version",
  "description": "The native addon of learner-destinations for $platform ($libc_said).",
  "license": "MIT OR Apache-2.0",
  "main": "$node_file",
  "files": ["$node_file"],
  "os": ["linux"],
  "cpu": ["$cpu"],
  "libc": ["$libc"],
  "engines": { "node": ">= 20" }
}
EOF
    # The machine, and the newest glibc symbol version the addon needs.
    file "$pkg/$node_file"
    machine=$(readelf -h "$pkg/$node_file" | sed -n 's/^ *Machine: *//p')
    newest=$({ readelf --dyn-syms -W "$pkg/$node_file" | grep -o 'GLIBC_[0-9.]*' || true; } | sort -u -V | tail -n 1)
    size=$(du -k "$pkg/$node_file" | cut -f1)
    echo "   $node_file: $machine, $size KiB, needs up to $newest"
    case "$target:$machine" in
        x86_64*:*X86-64*|aarch64*:*AArch64*) ;;
        *) echo "error: $node_file is for '$machine', not $target" >&2; status=1 ;;
    esac
    if [ "$libc" = musl ]; then
        # Linked against musl's libc only: no glibc symbol version, and musl's loader named.
        needed=$(readelf -d "$pkg/$node_file" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')
        echo "   needs: $needed"
        if [ -n "$newest" ] || ! grep -q 'libc.so' <<<"$needed"; then
            echo "error: $node_file is not linked against musl (needs '$needed', symbol versions '$newest')" >&2
            status=1
        fi
    elif [ "$(printf '%s\n' "$newest" "GLIBC_$glibc" | sort -V | tail -n 1)" != "GLIBC_$glibc" ]; then
        echo "error: $node_file needs $newest, newer than GLIBC_$glibc" >&2
        status=1
    fi
    if readelf -S -W "$pkg/$node_file" | grep -q '\.symtab'; then
        echo "error: $node_file is not stripped" >&2
        status=1
    fi
    (cd "$pkg" && npm pack --silent --pack-destination "$out" >/dev/null)
    optional=$(node -e "const o = JSON.parse(process.argv[1]); o[process.argv[2]] = process.argv[3]; console.log(JSON.stringify(o))" \
        "$optional" "learner-destinations-$platform" "$version")
done

# The main package as it would be published: everything but a `.node` file, and the platform
# packages as optionalDependencies.
main="$out/main"
mkdir -p "$main"
(cd bindings-node && npm pack --silent --pack-destination "$main" >/dev/null)
tar xzf "$main"/learner-destinations-*.tgz -C "$main"
rm -f "$main"/learner-destinations-*.tgz "$main"/package/*.node
node -e "
const fs = require('fs'); const p = process.argv[1] + '/package/package.json'
const pkg = JSON.parse(fs.readFileSync(p, 'utf8'))
pkg.optionalDependencies = JSON.parse(process.argv[2])
delete pkg.devDependencies; delete pkg.scripts
fs.writeFileSync(p, JSON.stringify(pkg, null, 2) + '\n')
" "$main" "$optional"
(cd "$main/package" && npm pack --silent --pack-destination "$out" >/dev/null)
echo "main package: optionalDependencies $optional"

# This machine's package, installed from the tarballs into a fresh project (no registry) and
# loaded: the main package holds no addon, so the loader must find the platform package.
here=$(node -p "process.arch === 'x64' ? 'linux-x64-gnu' : process.arch === 'arm64' ? 'linux-arm64-gnu' : ''")
if [ -n "$here" ] && [ -d "$out/$here" ]; then
    smoke=$(mktemp -d)
    (
        cd "$smoke"
        npm init -y >/dev/null
        npm install --silent --no-audit --no-fund --offline \
            "$out"/learner-destinations-"$version".tgz "$out"/learner-destinations-"$here"-"$version".tgz
        test ! -e node_modules/learner-destinations/learner-destinations."$here".node
        cp "$root/bindings-node/test/smoke/smoke.mjs" .
        node smoke.mjs
        node -e "const ld = require('learner-destinations'); if (!require.resolve('learner-destinations-$here')) process.exit(1); console.log('loaded from learner-destinations-$here:', ld.parseUln('9276308686').value)"
    ) || status=1
    rm -rf "$smoke"
fi
ls -l "$out"/*.tgz
exit $status
