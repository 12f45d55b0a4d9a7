#!/usr/bin/env bash
# Install-path test (issue 17): rampart as a user without Rust gets it, from
# the artefacts scripts/dist.sh built in dist/ (or $RAMPART_DIST):
#
#   1. pip:    a clean virtual environment, `pip install rampart-linter`
#              with pip pointed only at dist/;
#   2. pipx:   `pipx install rampart-linter`, then `pipx run rampart-linter`
#              (pipx runs the package's one app, `rampart`);
#   3. binary: the release tarball, its SHA-256 checked, unpacked and run;
#   4. README: the binary lines of the README's *Install*, run as written
#              with the release URL pointed at dist/.
#
# Each path runs with cargo and rustc hidden from PATH (the test fails if
# either is still found), then `rampart --version` (version and commit) and
# `rampart check` on the bundled example (exit 1, NET001 on main.tf:33),
# and prints the time from nothing installed to the end of that first check.
#
# Setup (network: PyPI only): pipx, and the pip wheel pipx's shared
# environment wants, go into $RAMPART_CI_TOOLS (default target/ci-tools),
# reused when there. The tested installs themselves never reach an index.
# About 10 s warm.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dist="$(cd "${RAMPART_DIST:-$repo/dist}" 2>/dev/null && pwd)" || dist=""
tools="${RAMPART_CI_TOOLS:-$repo/target/ci-tools}"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n1)"
example="$repo/examples/fastapi-monolith"

TEST_TAG=install TEST_NAME="install paths"
. "$repo/tests/lib/common.sh"
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }

[ -n "$dist" ] || { fail "no dist directory (run scripts/dist.sh first)"; finish; }
wheel="$(ls "$dist"/rampart_linter-"$version"-*manylinux*x86_64*.whl 2>/dev/null | head -n1)"
tarball="$dist/rampart-x86_64-unknown-linux-gnu.tar.gz"
[ -n "$wheel" ] || { fail "no rampart_linter-$version wheel in $dist (run scripts/dist.sh)"; finish; }
[ -f "$tarball" ] || { fail "no $tarball (run scripts/dist.sh)"; finish; }

# --- setup: pipx, and a wheelhouse with pip for pipx's shared environment
mkdir -p "$tools"
if [ ! -x "$tools/pipx-venv/bin/pipx" ]; then
  python3 -m venv "$tools/pipx-venv" && "$tools/pipx-venv/bin/pip" install -q 'pipx==1.8.0' ||
    { fail "could not install pipx from PyPI"; finish; }
fi
if ! ls "$tools/wheelhouse"/pip-*.whl >/dev/null 2>&1; then
  "$tools/pipx-venv/bin/pip" download -q --only-binary=:all: --dest "$tools/wheelhouse" 'pip==25.3' ||
    { fail "could not download pip's wheel from PyPI"; finish; }
fi

# --- a user without Rust: no cargo or rustc on PATH, no Rust variables, and
# pip reading only the given folders (the machine sets PIP_FIND_LINKS).
work="$(mktemp -d "${TMPDIR:-/tmp}/rampart-install.XXXXXX")"
trap 'rm -rf "$work"' EXIT
clean_path="$(path_without_rust)"
user() { # user PATH-PREFIX COMMAND...
  local prefix=$1
  shift
  env -u CARGO -u CARGO_HOME -u RUSTUP_HOME -u RUSTC -u PIP_FIND_LINKS -u PIP_INDEX_URL \
    HOME="$work/home" PATH="$prefix:$clean_path" \
    PIP_NO_INDEX=1 PIP_FIND_LINKS="$dist $tools/wheelhouse" PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "$@"
}
mkdir -p "$work/home"
if user /nonexistent sh -c 'command -v cargo || command -v rustc' >/dev/null; then
  fail "cargo or rustc is still on the cleaned PATH"
  finish
fi

# first_check LABEL START RAMPART-COMMAND...: --version, then the example.
first_check() {
  local label=$1 start=$2
  shift 2
  local out code v
  v="$("$@" --version 2>"$work/version.err" | tail -n1)"
  out="$("$@" check "$example" 2>&1)"
  code=$?
  if [[ $v =~ ^rampart\ $version\ \(([0-9a-f]{7,}|unknown)\)$ ]] && [ "$code" = 1 ] &&
    grep -A1 'NET001' <<<"$out" | grep -q 'fastapi-monolith/main.tf:33:'; then
    pass "$label: '$v', first check exit 1 with NET001 at main.tf:33, $(since "$start") s from nothing installed"
  else
    printf '%s\n%s\n' "$v" "$out" | tail -20
    fail "$label: version '$v', check exit $code"
  fi
}

# 1. pip into a clean virtual environment
t0=$(now)
if user /nonexistent python3 -m venv "$work/venv" &&
  user "$work/venv/bin" pip install -q rampart-linter >"$work/pip.log" 2>&1; then
  first_check "pip install rampart-linter" "$t0" user "$work/venv/bin" rampart
  if grep -qx "Version: $version" <<<"$(user "$work/venv/bin" pip show rampart-linter)"; then
    pass "pip show rampart-linter: version $version"
  else
    fail "pip show rampart-linter"
  fi
else
  cat "$work/pip.log"
  fail "pip install rampart-linter"
fi

# 2. pipx install, and pipx run
px() { user "$work/pipx-bin" env PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/pipx-bin" \
  PIPX_MAN_DIR="$work/pipx-man" "$tools/pipx-venv/bin/pipx" "$@"; }
t0=$(now)
if px install rampart-linter >"$work/pipx.log" 2>&1; then
  first_check "pipx install rampart-linter" "$t0" user "$work/pipx-bin" rampart
else
  cat "$work/pipx.log"
  fail "pipx install rampart-linter"
fi
rm -rf "$work/pipx"
t0=$(now)
first_check "pipx run rampart-linter" "$t0" px run rampart-linter

# 3. the release tarball: checksum, unpack, run
t0=$(now)
mkdir -p "$work/bin"
if (cd "$dist" && sha256sum --quiet -c "$(basename "$tarball").sha256") &&
  tar -xzf "$tarball" -C "$work/bin" --strip-components=1; then
  first_check "release tarball" "$t0" user "$work/bin" rampart
  if bash "$repo/scripts/check-glibc.sh" "$work/bin/rampart" 2.17 >/dev/null; then
    pass "release tarball: no glibc symbol newer than 2.17"
  else
    fail "release tarball: glibc symbols newer than 2.17"
  fi
else
  fail "release tarball: checksum or unpack"
fi

# 4. The README's lines for the binary, with the release URL pointed at dist/
# (curl reads file:// URLs as it reads the release's).
block="$(python3 - "$repo/README.md" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text.split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
print(next((b for b in blocks if "releases/latest/download" in b), ""), end="")
EOF
)"
release=https://github.com/rampart-linter/rampart/releases/latest/download
if ! grep -qx "base=$release" <<<"$block"; then
  fail "README: no block with base=$release in *Install*"
else
  mkdir -p "$work/readme"
  block="${block/base=$release/base=file://$dist}"
  t0=$(now)
  if (cd "$work/readme" && user /nonexistent bash -euo pipefail -c "$block" >"$work/readme.log" 2>&1); then
    first_check "README's binary lines" "$t0" user "$work/readme" rampart
  else
    cat "$work/readme.log"
    fail "README's binary lines failed"
  fi
fi

finish
