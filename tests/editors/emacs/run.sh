#!/usr/bin/env bash
# Real-client test: Emacs (batch) + Eglot + the repo's editors/emacs/rampart.el
# drive `rampart lsp` (tests/editors/emacs/test.el).
#
#   bash tests/editors/emacs/run.sh
#
# Installs Debian's emacs-nox and elpa-eglot when missing, builds rampart
# with cargo, prints PASS/FAIL and "N passed, N failed", exits non-zero on
# failure.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
cd "$repo"

work="$repo/target/editor-tests"
mkdir -p "$work"

log() { printf '[emacs] %s\n' "$*"; }
fail() { log "FAIL: $*"; echo "emacs: 0 passed, 1 failed"; exit 1; }

apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      log "cannot install $* (not root, no sudo)"
      return 1
    fi
  fi
  local t0=$SECONDS
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$work/apt-emacs.log" 2>&1; then
    $sudo apt-get update -q >>"$work/apt-emacs.log" 2>&1
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$work/apt-emacs.log" 2>&1 || {
      tail -20 "$work/apt-emacs.log"
      return 1
    }
  fi
  log "installed $* in $((SECONDS - t0)) s"
}

need=()
command -v emacs >/dev/null || need+=(emacs-nox)
[ -d /usr/share/emacs/site-lisp/elpa-src ] && ls -d /usr/share/emacs/site-lisp/elpa-src/eglot-* >/dev/null 2>&1 || need+=(elpa-eglot)
if [ "${#need[@]}" -gt 0 ]; then
  apt_install "${need[@]}" || fail "could not install ${need[*]}"
fi

t0=$SECONDS
cargo build --quiet --bin rampart || fail "cargo build"
log "cargo build: $((SECONDS - t0)) s"
export RAMPART_BIN="$repo/target/debug/rampart"

log "running $(emacs --version | head -1)"
t0=$SECONDS
timeout -k 5 90 emacs --batch -Q -l "$here/test.el" </dev/null >"$work/emacs.stdout" 2>"$work/emacs.log"
rc=$?
cat "$work/emacs.stdout" "$work/emacs.log"
if [ "$rc" = 0 ] && grep -q '^\[emacs-test\] PASS' "$work/emacs.log"; then
  log "PASS: emacs + eglot ($((SECONDS - t0)) s)"
  echo "emacs: 1 passed, 0 failed"
  exit 0
fi
[ "$rc" = 124 ] && log "emacs was killed by timeout"
log "FAIL: emacs + eglot (exit $rc, $((SECONDS - t0)) s)"
echo "emacs: 0 passed, 1 failed"
exit 1
