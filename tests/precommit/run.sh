#!/usr/bin/env bash
# Real-client test: the real pre-commit (from PyPI) runs this repository's
# hook (.pre-commit-hooks.yaml) in a throwaway git repository, on commits.
#
#   bash tests/precommit/run.sh
#
# What it checks, through `git commit` with the hook installed:
#   1. a commit without Terraform files skips the hook;
#   2. a main.tf opening SSH to 0.0.0.0/0 is rejected, and the output names
#      NET001; the commit does not happen;
#   3. the fixed file is committed;
#   4. a terraform.tfvars alone re-checks its module: the value it sets opens
#      SSH in main.tf, and the commit is rejected;
#   5. only the changed files' modules are checked: a module committed
#      earlier with --no-verify does not block a commit elsewhere.
#
# The hook repository is a snapshot of this working tree (tracked and
# untracked files, .gitignore respected) committed under target/precommit/,
# so the test sees uncommitted work. `pre-commit try-repo` was the other way
# to test a working tree, but its temporary "shadow" commit takes only
# changes to tracked files (`git add -u`): new, untracked sources would be
# missing from the hook's build. The snapshot is committed with fixed names
# and dates, so an unchanged tree gives the same revision, and pre-commit's
# store (PRE_COMMIT_HOME, under target/) reuses the hook it already built;
# CARGO_TARGET_DIR under target/ keeps compiled dependencies between builds.
# The first run compiles rampart in release (several minutes on 2 cores).
#
# Installs pre-commit into a venv under target/precommit/, prints PASS/FAIL
# lines, "N passed, N failed", a final PASS or FAIL line, and exits non-zero
# on any failure.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$repo/target/precommit"
venv="$work/venv"
snapshot="$work/hook-repo"
mkdir -p "$work"

export PRE_COMMIT_HOME="$work/home"
export CARGO_TARGET_DIR="$work/cargo-target"
export PRE_COMMIT_COLOR=never
export CARGO_TERM_COLOR=never
# Git without the machine's or the user's configuration.
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL="$work/gitconfig"
cat >"$GIT_CONFIG_GLOBAL" <<'EOF'
[user]
	name = rampart test
	email = rampart-test@example.invalid
[init]
	defaultBranch = main
[commit]
	gpgsign = false
[advice]
	detachedHead = false
EOF

TEST_TAG=precommit TEST_NAME="pre-commit hook"
. "$repo/tests/lib/common.sh"

for tool in git cargo python3; do
  command -v "$tool" >/dev/null || { fail "$tool is not installed"; finish; }
done

# --- pre-commit from PyPI
if [ ! -x "$venv/bin/pre-commit" ]; then
  t0=$SECONDS
  if python3 -m venv "$venv" >"$work/pip.log" 2>&1 &&
    "$venv/bin/pip" install -q 'pre-commit>=3.2,<5' >>"$work/pip.log" 2>&1; then
    log "installed pre-commit in $((SECONDS - t0)) s"
  else
    tail -20 "$work/pip.log"
    fail "could not install pre-commit from PyPI"
    finish
  fi
fi
export PATH="$venv/bin:$PATH"
log "$(pre-commit --version)"

# --- the hook repository: a snapshot of this working tree
rm -rf "$snapshot"
mkdir -p "$snapshot"
(
  cd "$repo" &&
    git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do
      # Tracked files deleted in the working tree are not part of it.
      [ -e "$f" ] || [ -L "$f" ] || continue
      printf '%s\0' "$f"
    done |
    tar --null -T - -cf - | tar -xf - -C "$snapshot"
) || { fail "could not copy the working tree"; finish; }
(
  cd "$snapshot" &&
    git init -q &&
    git add -A &&
    GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
      git commit -q --no-verify -m "rampart working tree"
) || { fail "could not commit the snapshot"; finish; }
rev="$(git -C "$snapshot" rev-parse HEAD)"
log "hook repository: $snapshot at $rev"

# --- a project using the hook
project="$(mktemp -d "${TMPDIR:-/tmp}/rampart-precommit.XXXXXX")"
trap 'rm -rf "$project"' EXIT
cd "$project" || { fail "no project directory"; finish; }
git init -q
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $snapshot
    rev: $rev
    hooks:
      - id: rampart
EOF
pre-commit install >"$work/install.log" 2>&1 || {
  cat "$work/install.log"
  fail "pre-commit install"
  finish
}

# Each new revision of the hook leaves compiled crates behind: start over
# when the build cache has grown past 4 GB.
if [ -d "$CARGO_TARGET_DIR" ] && [ "$(du -sm "$CARGO_TARGET_DIR" | cut -f1)" -gt 4096 ]; then
  rm -rf "$CARGO_TARGET_DIR"
fi

t0=$SECONDS
if timeout -k 10 2400 pre-commit install-hooks >"$work/install-hooks.log" 2>&1; then
  log "hook environment ready in $((SECONDS - t0)) s"
else
  tail -40 "$work/install-hooks.log"
  fail "pre-commit install-hooks (building the hook)"
  finish
fi
# Drop the hooks built for earlier revisions (their projects are gone); the
# one this project uses stays.
pre-commit gc >>"$work/install-hooks.log" 2>&1 || true

# commit MESSAGE: git commit with the hook, output in $out, status in $rc.
commit() {
  out="$(timeout -k 10 300 git commit -m "$1" 2>&1)"
  rc=$?
}

sg() { # sg NAME PORT CIDRS
  cat <<EOF
resource "aws_security_group" "$1" {
  ingress {
    from_port   = $2
    to_port     = $2
    protocol    = "tcp"
    cidr_blocks = $3
  }
}
EOF
}

# 1. Nothing for the hook.
echo "# project" >README.md
git add README.md .pre-commit-config.yaml
commit "readme"
if [ "$rc" = 0 ] && grep -q 'rampart.*Skipped' <<<"$out"; then
  pass "a commit without Terraform files skips the hook"
else
  echo "$out"
  fail "a commit without Terraform files (exit $rc)"
fi

# 2. SSH open to the world: rejected.
mkdir -p app
sg app 22 '["0.0.0.0/0"]' >app/main.tf
git add app/main.tf
head_before="$(git rev-parse HEAD)"
commit "open ssh"
if [ "$rc" != 0 ] && grep -q 'NET001' <<<"$out" && grep -q 'app/main.tf' <<<"$out" &&
  [ "$(git rev-parse HEAD)" = "$head_before" ]; then
  pass "SSH open to 0.0.0.0/0 is rejected, naming NET001"
else
  echo "$out"
  fail "SSH open to 0.0.0.0/0 (exit $rc)"
fi

# 3. Fixed: committed.
sg app 22 '["10.8.0.0/16"]' >app/main.tf
git add app/main.tf
commit "ssh from the vpn"
if [ "$rc" = 0 ] && grep -q 'rampart.*Passed' <<<"$out"; then
  pass "the fixed file is committed"
else
  echo "$out"
  fail "the fixed file (exit $rc)"
fi

# 4. A tfvars alone re-checks its module.
mkdir -p infra
{
  echo 'variable "admin_cidr" {'
  echo '  default = "10.8.0.0/16"'
  echo '}'
  sg bastion 22 '[var.admin_cidr]'
} >infra/main.tf
git add infra/main.tf
commit "bastion"
if [ "$rc" != 0 ]; then
  echo "$out"
  fail "the bastion module with its safe default (exit $rc)"
fi
echo 'admin_cidr = "0.0.0.0/0"' >infra/terraform.tfvars
git add infra/terraform.tfvars
commit "open the bastion"
if [ "$rc" != 0 ] && grep -q 'NET001' <<<"$out" && grep -q 'infra/terraform.tfvars' <<<"$out"; then
  pass "a terraform.tfvars alone re-checks its module"
else
  echo "$out"
  fail "a terraform.tfvars alone (exit $rc)"
fi
git reset -q infra/terraform.tfvars
rm -f infra/terraform.tfvars

# 5. Only the changed files' modules.
mkdir -p legacy
sg legacy 3389 '["0.0.0.0/0"]' >legacy/main.tf
git add legacy/main.tf
git commit -q --no-verify -m "legacy, accepted elsewhere"
sg app 22 '["10.9.0.0/16"]' >app/main.tf
git add app/main.tf
commit "move the vpn"
if [ "$rc" = 0 ] && ! grep -q 'legacy' <<<"$out"; then
  pass "only the changed files' modules are checked"
else
  echo "$out"
  fail "a commit elsewhere with a finding in another module (exit $rc)"
fi

finish
