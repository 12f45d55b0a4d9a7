#!/usr/bin/env bash
# Builds what a user installs without Rust (issue 17), for Linux x86_64,
# into dist/, from one release build:
#
#   rampart_linter-VERSION-py3-none-manylinux_2_17_x86_64...whl
#       the Python wheel with the `rampart` binary inside (`bindings = "bin"`
#       in pyproject.toml, as ruff ships): `pipx install rampart-linter`;
#   rampart-x86_64-unknown-linux-gnu.tar.gz
#       the same binary alone, for CI images and `curl | tar`;
#   rampart-linux-x64.vsix
#       the VS Code extension with the same binary inside
#       (scripts/dist-vsix.sh; skipped with a message when npm is missing);
#   and a .sha256 file beside each.
#
# The binary is linked through zig against glibc 2.17 (maturin --zig
# --compatibility manylinux2014), so it runs on every maintained
# distribution; scripts/check-glibc.sh checks its symbol versions. The
# wheel, the tarball and the .vsix carry the very same bytes.
#
# maturin and ziglang (PyPI, pinned below) go into $RAMPART_CI_TOOLS
# (default target/ci-tools), reused when there. The release build goes to
# target/x86_64-unknown-linux-gnu/ and leaves target/release alone. On the
# 2-core machine: tools 10 s, the build 2.5 min from a warm registry.
#
#   bash scripts/dist.sh            # everything
#   RAMPART_DIST_VSIX=0 bash scripts/dist.sh   # wheel and tarball only
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools=${RAMPART_CI_TOOLS:-$root/target/ci-tools}
triple=x86_64-unknown-linux-gnu
glibc=2.17
mkdir -p "$tools" dist

step() { echo "== $* ($(date -u +%T))"; }
checksum() { (cd dist && sha256sum "$1" >"$1.sha256"); }

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
[ -n "$version" ] || { echo "no version in Cargo.toml" >&2; exit 1; }

step "tools: maturin and ziglang (PyPI) into $tools/venv"
[ -x "$tools/venv/bin/python" ] || python3 -m venv "$tools/venv"
if ! "$tools/venv/bin/python" -c 'import ziglang' 2>/dev/null || [ ! -x "$tools/venv/bin/maturin" ]; then
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check \
    'maturin==1.16.0' 'ziglang==0.17.1'
fi

step "wheel: maturin build --release --zig --compatibility manylinux2014"
rm -f dist/rampart_linter-"$version"-*.whl*
# maturin finds zig through `python -m ziglang` of the venv on PATH.
PATH="$tools/venv/bin:$PATH" maturin build --release --locked --zig \
  --target "$triple" --compatibility manylinux2014 --out dist
wheel=$(ls dist/rampart_linter-"$version"-*manylinux_2_17_x86_64*.whl 2>/dev/null | head -n1)
[ -n "$wheel" ] || { echo "no manylinux2014 wheel in dist/" >&2; ls dist >&2; exit 1; }
checksum "$(basename "$wheel")"

step "binary: the wheel's own, checked and packed"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
"$tools/venv/bin/python" - "$wheel" "$stage/rampart" <<'EOF'
import sys, zipfile
wheel, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.endswith(".data/scripts/rampart")]
    if len(names) != 1:
        sys.exit(f"{wheel}: expected one .data/scripts/rampart, found {names}")
    with open(out, "wb") as f:
        f.write(z.read(names[0]))
EOF
chmod 755 "$stage/rampart"
bash scripts/check-glibc.sh "$stage/rampart" "$glibc"
"$stage/rampart" --version
# The example's findings (README, *Try it*) make `check` exit 1.
set +e
out=$("$stage/rampart" check examples/fastapi-monolith)
code=$?
set -e
printf '%s\n' "$out" | tail -n1
if [ "$code" -ne 1 ] || ! grep -q NET001 <<<"$out"; then
  echo "rampart check: exit $code, expected 1 with NET001" >&2
  exit 1
fi
mkdir "$stage/rampart-$triple"
cp "$stage/rampart" README.md "$stage/rampart-$triple/"
cp LICENSE* "$stage/rampart-$triple/" 2>/dev/null || true
tar -C "$stage" --owner=0 --group=0 -czf "dist/rampart-$triple.tar.gz" "rampart-$triple"
checksum "rampart-$triple.tar.gz"

if [ "${RAMPART_DIST_VSIX:-1}" != 0 ]; then
  step "VS Code: linux-x64 .vsix with the binary inside"
  if command -v npm >/dev/null; then
    bash scripts/dist-vsix.sh linux-x64 "$stage/rampart"
  else
    echo "SKIPPED: npm is not installed; no .vsix"
  fi
fi

step "dist/"
ls -l dist
