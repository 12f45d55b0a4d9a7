# Shared by the shell tests (tests/install, tests/precommit, tests/ci):
# PASS/FAIL/SKIP lines, the final verdict, and a PATH without Rust.
#
#   TEST_TAG=install TEST_NAME="install paths"
#   . "$repo/tests/lib/common.sh"
#
# pass/fail/skip MESSAGE print `[TAG] PASS: MESSAGE` and count it.
# skip_all REASON marks the whole test as skipped (something it needs is
# missing), unless a check failed. finish prints `TAG: N passed, N failed,
# N skipped (N s)` and a last line `PASS: NAME`, `SKIP: NAME: REASON` or
# `FAIL: NAME`, and exits 0 (PASS, SKIP) or 1. A test with no passed check
# fails.

passed=0
failed=0
skipped=0
skipped_all=""
started=$SECONDS
log() { printf '[%s] %s\n' "$TEST_TAG" "$*"; }
pass() { log "PASS: $*"; passed=$((passed + 1)); }
fail() { log "FAIL: $*"; failed=$((failed + 1)); }
skip() { log "SKIP: $*"; skipped=$((skipped + 1)); }
skip_all() { skipped_all=$1; skip "$1"; }
finish() {
  echo "$TEST_TAG: $passed passed, $failed failed, $skipped skipped ($((SECONDS - started)) s)"
  if [ "$failed" = 0 ] && [ -n "$skipped_all" ]; then
    echo "SKIP: $TEST_NAME: $skipped_all"
    exit 0
  fi
  if [ "$failed" = 0 ] && [ "$passed" -gt 0 ]; then
    echo "PASS: $TEST_NAME"
    exit 0
  fi
  echo "FAIL: $TEST_NAME"
  exit 1
}

# path_without_rust: $PATH without the directories that hold cargo, rustc
# or rustup, for the tests of what a user without Rust installs. The
# caller also unsets CARGO, CARGO_HOME, RUSTUP_HOME and the like, and
# checks that `command -v cargo` fails.
path_without_rust() {
  local d out="" dirs
  IFS=: read -r -a dirs <<<"$PATH"
  for d in "${dirs[@]}"; do
    [ -n "$d" ] || continue
    if [ -e "$d/cargo" ] || [ -e "$d/rustc" ] || [ -e "$d/rustup" ]; then continue; fi
    out="${out:+$out:}$d"
  done
  printf '%s' "$out"
}
