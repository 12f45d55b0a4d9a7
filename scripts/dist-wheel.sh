#!/usr/bin/env bash
# Builds the Python wheel (the `rampart` binary inside, `bindings = "bin"`
# in pyproject.toml, as ruff ships) for manylinux2014 x86_64 with maturin
# linking through zig, into dist/; then tests it as a user without Rust
# would meet it: a clean virtual environment, cargo and rustc hidden from
# PATH, `pip install --no-index --find-links dist rampart`, and
# `rampart check` on the bundled example. Issue 17.
#
# maturin and ziglang (PyPI) go into a throwaway folder, $RAMPART_CI_TOOLS
# (default target/ci-tools), reused if there. Not yet called by .ci/run.
# On the 2-core machine: tools 10 s, the release build 2.5 min, the clean
# venv's install and first `rampart check` 0.5 s; 2 min 40 s in all.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools=${RAMPART_CI_TOOLS:-$root/target/ci-tools}
mkdir -p "$tools" dist

step() { echo "== $* ($(date -u +%T))"; }

step "tools: maturin and ziglang (PyPI) into $tools/venv"
if [ ! -x "$tools/venv/bin/python" ]; then
  python3 -m venv "$tools/venv"
fi
"$tools/venv/bin/python" -c 'import ziglang' 2>/dev/null && [ -x "$tools/venv/bin/maturin" ] ||
  "$tools/venv/bin/pip" install --quiet ziglang maturin

step "maturin build --release --zig --compatibility manylinux2014"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
rm -f dist/rampart-"$version"-*.whl
# maturin finds zig through `python -m ziglang` of the venv on PATH.
PATH="$tools/venv/bin:$PATH" maturin build --release --locked --zig \
  --compatibility manylinux2014 --out dist
wheel=$(ls dist/rampart-"$version"-*manylinux_2_17_x86_64*.whl 2>/dev/null | head -n1)
[ -n "$wheel" ] || { echo "no manylinux2014 wheel in dist/" >&2; ls dist >&2; exit 1; }
ls -l "$wheel"
(cd dist && sha256sum "$(basename "$wheel")" > "$(basename "$wheel").sha256")

step "install into a clean venv, without cargo on PATH"
venv=$tools/wheel-test-venv
rm -rf "$venv"
python3 -m venv "$venv"
# PATH without any folder holding cargo or rustc (rustup's ~/.cargo/bin).
clean_path=$(printf '%s' "$PATH" | tr ':' '\n' |
  while read -r d; do
    [ -n "$d" ] && [ ! -e "$d/cargo" ] && [ ! -e "$d/rustc" ] && printf '%s:' "$d"
  done)
clean_path="$venv/bin:${clean_path%:}"
run() { env -u CARGO -u RUSTUP_HOME -u CARGO_HOME PATH="$clean_path" "$@"; }
if run sh -c 'command -v cargo || command -v rustc'; then
  echo "cargo still on PATH" >&2
  exit 1
fi
start=$(date +%s.%N)
run pip install --quiet --no-index --find-links dist rampart
run rampart --version
bash scripts/check-glibc.sh "$venv/bin/rampart" 2.17
set +e
out=$(run rampart check examples/fastapi-monolith)
code=$?
set -e
end=$(date +%s.%N)
printf '%s\n' "$out" | tail -n1
if [ "$code" -ne 1 ] || ! printf '%s\n' "$out" | grep -q 'NET001'; then
  echo "rampart check from the wheel: exit $code, expected 1 with NET001" >&2
  exit 1
fi
echo "installed and first check in $(python3 -c "print(round($end - $start, 1))") s"
step "done"
