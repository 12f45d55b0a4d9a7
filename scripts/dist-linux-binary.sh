#!/usr/bin/env bash
# Builds the portable Linux x86_64 binary (glibc 2.17, so it runs on every
# maintained distribution) with cargo-zigbuild, checks its glibc symbol
# versions and that it runs, and writes dist/rampart-x86_64-unknown-linux-gnu.tar.gz
# with its SHA-256. Issue 17.
#
# The tools (ziglang from PyPI, cargo-zigbuild from crates.io) go into a
# throwaway folder, $RAMPART_CI_TOOLS (default target/ci-tools), reused if
# there. Not yet called by .ci/run. On the 2-core machine: tools 10 s
# (ziglang) + 65 s (cargo install cargo-zigbuild), the release build 2.5 min
# alone from a warm registry, checks and tarball 2 s. Its build and
# dist-wheel.sh's share target/x86_64-unknown-linux-gnu but with different
# flags, so running one after the other rebuilds everything each time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools=${RAMPART_CI_TOOLS:-$root/target/ci-tools}
glibc=2.17
triple=x86_64-unknown-linux-gnu
mkdir -p "$tools"

step() { echo "== $* ($(date -u +%T))"; }

step "tools: ziglang (PyPI) and cargo-zigbuild (crates.io) into $tools"
if [ ! -x "$tools/venv/bin/python" ]; then
  python3 -m venv "$tools/venv"
fi
"$tools/venv/bin/python" -c 'import ziglang' 2>/dev/null ||
  "$tools/venv/bin/pip" install --quiet ziglang
if [ ! -x "$tools/bin/cargo-zigbuild" ]; then
  cargo install --locked --quiet --root "$tools" cargo-zigbuild
fi
# cargo-zigbuild runs `python3 -m ziglang` when no `zig` is on PATH.
export PATH="$tools/bin:$tools/venv/bin:$PATH"

step "cargo zigbuild --release --target $triple.$glibc"
cargo zigbuild --release --locked --bin rampart --target "$triple.$glibc"
bin=$root/target/$triple/release/rampart

step "checks"
bash scripts/check-glibc.sh "$bin" "$glibc"
"$bin" --version
# The example's findings (README, *Try it*) make `check` exit 1.
set +e
out=$("$bin" check examples/fastapi-monolith)
code=$?
set -e
printf '%s\n' "$out" | tail -n1
if [ "$code" -ne 1 ] || ! printf '%s\n' "$out" | grep -q 'NET001'; then
  echo "rampart check: exit $code, expected 1 with NET001" >&2
  exit 1
fi

step "dist/"
mkdir -p dist
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/rampart-$triple"
cp README.md "$stage/rampart-$triple/"
# The release profile keeps line tables (for profiling); users need none.
objcopy --strip-debug "$bin" "$stage/rampart-$triple/rampart"
tar -C "$stage" -czf "dist/rampart-$triple.tar.gz" "rampart-$triple"
(cd dist && sha256sum "rampart-$triple.tar.gz" > "rampart-$triple.tar.gz.sha256")
ls -l dist/rampart-$triple.tar.gz*
step "done"
