#!/usr/bin/env bash
# pre-commit without a compiler (issue 17): the real pre-commit (from PyPI)
# installs the hook of editors/pre-commit/ (the template of
# github.com/rampart-linter/rampart-pre-commit, a `language: python` hook
# depending on the `rampart-linter` wheel) with pip pointed only at the
# locally built wheel and with cargo/rustc hidden from PATH, and the hook
# blocks a commit that opens SSH.
#
#   bash tests/precommit/wheel.sh                       # wheel in dist/
#   RAMPART_DIST=/path/to/dist bash tests/precommit/wheel.sh
#
# What it checks:
#   1. the template is in step with the release: pyproject.toml pins
#      rampart-linter==<Cargo.toml's version>, its README's `rev:` lines say
#      v<that version>, and its hook has the same id, entry, files,
#      require_serial and minimum_pre_commit_version as the root
#      .pre-commit-hooks.yaml (`language: rust`, which stays);
#   2. no cargo, rustc or rustup on the PATH given to pre-commit, nor on the
#      hook environment's PATH, and no rampart outside the hook environment;
#   3. `pre-commit install-hooks` from an empty store takes seconds (time
#      printed; fails above RAMPART_PRECOMMIT_MAX_SECONDS, default 60); the
#      first commit right after it, a main.tf opening SSH (port 22) to
#      0.0.0.0/0, is rejected naming NET001 and does not happen (the time
#      from the empty store to this rejection is printed);
#   4. the hook environment is a Python one holding rampart-linter 0.1.0 and
#      the wheel's very binary (same SHA-256), and `rampart --version` there
#      prints the version;
#   5. a second install from an empty store, traced with strace, executes
#      pip and nothing named cargo, rustc, rustup or maturin (not even a
#      failed attempt);
#   6. the fixed main.tf is committed, and (strace) the rampart the hook
#      executed is the hook environment's; a commit without Terraform files
#      skips the hook.
# Check 1 needs no wheel. Without a wheel in dist/ the rest is skipped with
# a SKIP line (build it with `bash scripts/dist.sh`); with RAMPART_DIST set
# and no wheel there, the test fails. Without strace, checks 5 and the
# strace part of 6 print SKIP lines.
#
# The hook repository is a git repository under target/precommit-wheel/
# made from editors/pre-commit/ (its tracked and untracked files),
# committed and tagged v<version>, the tag the project's
# .pre-commit-config.yaml names, as a user's would.
#
# Installs (setup, the only network use): pre-commit into a venv under
# target/precommit-wheel/ (reused), and the build backend the template's
# pyproject.toml requires (setuptools, for pre-commit's `pip install .` of
# the hook repository) downloaded as a wheel into
# target/precommit-wheel/wheelhouse/ (reused). pre-commit then runs with
# PIP_NO_INDEX=1 and PIP_FIND_LINKS="<dist> <wheelhouse>", pip's config
# files ignored and its cache off: the hook environment can only get the
# built wheel and that setuptools wheel.
#
# Takes about 15 s on 2 cores (about 20 s the first time, when it installs
# pre-commit and downloads setuptools); install-hooks itself about 3.5 s.
# Prints PASS/FAIL lines, "N passed, N failed", a final PASS or FAIL line,
# and exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
template="$repo/editors/pre-commit"
work="$repo/target/precommit-wheel"
venv="$work/venv"
wheelhouse="$work/wheelhouse"
hookrepo="$work/hook-repo"
project="$work/project"
max_seconds="${RAMPART_PRECOMMIT_MAX_SECONDS:-60}"
dist_given="${RAMPART_DIST:+yes}"
dist="${RAMPART_DIST:-$repo/dist}"
mkdir -p "$work"

export PRE_COMMIT_COLOR=never
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

TEST_TAG=precommit-wheel TEST_NAME="pre-commit hook from the wheel, without cargo"
. "$repo/tests/lib/common.sh"
now_ms() { date +%s%3N; }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

for tool in git python3; do
  command -v "$tool" >/dev/null || { fail "$tool is not installed"; finish; }
done

# --- pre-commit from PyPI (setup: the machine's pip settings apply here)
precommit_ms=""
if [ ! -x "$venv/bin/pre-commit" ]; then
  t0=$(now_ms)
  if python3 -m venv "$venv" >"$work/pip.log" 2>&1 &&
    "$venv/bin/pip" install -q 'pre-commit>=3.2,<5' >>"$work/pip.log" 2>&1; then
    precommit_ms=$(($(now_ms) - t0))
    log "installed pre-commit in $(seconds "$precommit_ms") s"
  else
    tail -20 "$work/pip.log"
    fail "could not install pre-commit from PyPI"
    finish
  fi
fi
py="$venv/bin/python"
log "$("$venv/bin/pre-commit" --version)"

# --- 1. the template is in step with Cargo.toml and the root hook
version="$("$py" - "$repo/Cargo.toml" <<'EOF'
import sys, tomllib
cargo = tomllib.load(open(sys.argv[1], "rb"))
v = cargo.get("package", {}).get("version")
if not isinstance(v, str):
    v = cargo["workspace"]["package"]["version"]
print(v)
EOF
)" || { fail "no version in Cargo.toml"; finish; }
log "Cargo.toml version: $version"

if msg="$("$py" - "$template" "$version" <<'EOF' 2>&1
import re, sys, tomllib
template, version = sys.argv[1], sys.argv[2]
deps = tomllib.load(open(f"{template}/pyproject.toml", "rb"))["project"]["dependencies"]
want = f"rampart-linter=={version}"
if deps != [want]:
    sys.exit(f"pyproject.toml dependencies are {deps}, want [{want!r}]")
revs = re.findall(r"^\s*rev:\s*(\S+)", open(f"{template}/README.md").read(), re.M)
if not revs or any(r != f"v{version}" for r in revs):
    sys.exit(f"README.md rev: lines are {revs}, want v{version}")
print(f"{want}; README rev: v{version} ({len(revs)} snippets)")
EOF
)"; then
  pass "template pinned to Cargo.toml's version: $msg"
else
  echo "$msg"
  fail "template out of step with Cargo.toml (version $version); see editors/pre-commit/README.md"
fi

if msg="$("$py" - "$template/.pre-commit-hooks.yaml" "$repo/.pre-commit-hooks.yaml" <<'EOF' 2>&1
import sys, yaml
wheel, = yaml.safe_load(open(sys.argv[1]))
rust, = yaml.safe_load(open(sys.argv[2]))
if rust.get("language") != "rust":
    sys.exit(f"root hook language is {rust.get('language')!r}, want 'rust'")
if wheel.get("language") != "python":
    sys.exit(f"template hook language is {wheel.get('language')!r}, want 'python'")
keys = ["id", "name", "description", "entry", "files", "require_serial",
        "minimum_pre_commit_version"]
diff = [k for k in keys if wheel.get(k) != rust.get(k)]
if diff or wheel["require_serial"] is not True:
    sys.exit("differ: " + ", ".join(f"{k}: {wheel.get(k)!r} vs {rust.get(k)!r}" for k in diff))
extra = sorted(set(wheel) - set(keys) - {"language"})
if extra:
    sys.exit(f"template hook has other keys: {extra}")
print(f"id {wheel['id']}, entry {wheel['entry']!r}, files {wheel['files']!r}")
EOF
)"; then
  pass "template hook (python) matches the root hook (rust): $msg"
else
  echo "$msg"
  fail "template hook vs root .pre-commit-hooks.yaml"
fi

# --- the wheel
dist="$(cd "$dist" 2>/dev/null && pwd)" || dist=""
wheels=()
[ -n "$dist" ] && mapfile -t wheels < <(ls "$dist"/rampart_linter-"$version"-*.whl 2>/dev/null)
if [ "${#wheels[@]}" = 0 ]; then
  if [ -n "$dist_given" ]; then
    fail "no rampart_linter-$version-*.whl in RAMPART_DIST=${RAMPART_DIST}"
  else
    skip_all "no rampart_linter-$version-*.whl in $repo/dist (build it with: bash scripts/dist.sh); the hook's install is not tested (the template checks passed)"
  fi
  finish
fi
for w in "${wheels[@]}"; do log "wheel: $w"; done

# The binary inside each wheel, by SHA-256.
wheel_sums="$("$py" - "${wheels[@]}" <<'EOF'
import hashlib, sys, zipfile
for path in sys.argv[1:]:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".data/scripts/rampart", ".data/scripts/rampart.exe")):
                print(hashlib.sha256(z.read(name)).hexdigest(), path)
EOF
)"
[ -n "$wheel_sums" ] || { fail "no rampart binary inside ${wheels[*]}"; finish; }

# --- the build backend of the hook repository, from PyPI (setup)
mapfile -t build_requires < <("$py" -c '
import sys, tomllib
print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["build-system"]["requires"]))
' "$template/pyproject.toml")
[ "${#build_requires[@]}" -gt 0 ] || { fail "no build-system.requires in editors/pre-commit/pyproject.toml"; finish; }
# Downloaded again only when the requirements change.
if [ "$(cat "$wheelhouse/.requires" 2>/dev/null)" != "${build_requires[*]}" ]; then
  rm -rf "$wheelhouse"
  if "$venv/bin/pip" download -q --only-binary=:all: --no-deps --dest "$wheelhouse" \
    "${build_requires[@]}" >"$work/wheelhouse.log" 2>&1; then
    echo "${build_requires[*]}" >"$wheelhouse/.requires"
  else
    cat "$work/wheelhouse.log"
    fail "could not download the build backend (${build_requires[*]}) from PyPI"
    finish
  fi
fi
log "wheelhouse (build backend of editors/pre-commit): $(cd "$wheelhouse" && echo *.whl)"

# --- no Rust from here on: cargo/rustc/rustup hidden, pip on local files only
export PATH="$venv/bin:$(path_without_rust)"
unset CARGO CARGO_HOME CARGO_TARGET_DIR RUSTUP_HOME RUSTUP_TOOLCHAIN RUSTC RUSTC_WRAPPER
unset PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_REQUIRE_VIRTUALENV
export PIP_NO_INDEX=1
export PIP_FIND_LINKS="$dist $wheelhouse"
export PIP_CONFIG_FILE=/dev/null
export PIP_NO_CACHE_DIR=1
export PIP_DISABLE_PIP_VERSION_CHECK=1
# virtualenv (pre-commit's): its own seed wheels, no background download.
export VIRTUALENV_NO_PERIODIC_UPDATE=1
export VIRTUALENV_OVERRIDE_APP_DATA="$work/virtualenv-app-data"

# bash's `command -v`, and Python's shutil.which as pip and pre-commit see it.
no_rust_on() { # no_rust_on PATH: prints what is found, fails if anything
  local found=""
  for t in cargo rustc rustup; do
    if p="$(PATH="$1" command -v "$t")"; then found="$found $p"; fi
  done
  found="$found$(PATH="$1" "$py" -c '
import shutil; print("".join(" " + p for t in ("cargo", "rustc", "rustup") if (p := shutil.which(t))))')"
  [ -z "$found" ] || { echo "found:$found"; return 1; }
}
if msg="$(no_rust_on "$PATH")"; then
  pass "no cargo, rustc or rustup on the PATH given to pre-commit"
else
  fail "Rust still on PATH ($msg)"
  finish
fi
if p="$(command -v rampart)"; then
  fail "a rampart outside the hook environment is on PATH: $p"
else
  pass "no rampart on PATH before the hook is installed"
fi

# --- the hook repository, made from the template
rm -rf "$hookrepo"
mkdir -p "$hookrepo"
(
  cd "$template" &&
    git ls-files -z --cached --others --exclude-standard . |
    while IFS= read -r -d '' f; do
      [ -e "$f" ] || [ -L "$f" ] || continue
      printf '%s\0' "$f"
    done |
    tar --null -T - -cf - | tar -xf - -C "$hookrepo"
) || { fail "could not copy editors/pre-commit"; finish; }
(
  cd "$hookrepo" &&
    git init -q &&
    git add -A &&
    GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
      git commit -q --no-verify -m "rampart $version" &&
    git tag "v$version"
) || { fail "could not commit the hook repository"; finish; }
log "hook repository: $hookrepo at v$version ($(cd "$hookrepo" && git ls-files | tr '\n' ' '))"

# --- a project using the hook, as the README says
rm -rf "$project"
mkdir -p "$project"
cd "$project"
git init -q
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $hookrepo
    rev: v$version
    hooks:
      - id: rampart
EOF
export PRE_COMMIT_HOME="$work/home"
rm -rf "$PRE_COMMIT_HOME" "$VIRTUALENV_OVERRIDE_APP_DATA"
pre-commit install >"$work/install.log" 2>&1 || {
  cat "$work/install.log"
  fail "pre-commit install"
  finish
}

# --- commits
commit() { # commit MESSAGE [TRACE]: git commit with the hook; $out, $rc
  local cmd=(timeout -k 10 300 git commit -m "$1")
  [ -n "${2:-}" ] && cmd=(strace -f -qq -s 256 -e trace=execve -o "$2" "${cmd[@]}")
  if out="$("${cmd[@]}" 2>&1)"; then rc=0; else rc=$?; fi
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

# --- 3. install-hooks from an empty store, timed
t_start=$(now_ms)
if timeout -k 10 600 pre-commit install-hooks >"$work/install-hooks.log" 2>&1; then
  install_ms=$(($(now_ms) - t_start))
  log "pre-commit install-hooks: $(seconds "$install_ms") s"
  if [ "$install_ms" -le $((max_seconds * 1000)) ]; then
    pass "install-hooks took $(seconds "$install_ms") s (limit $max_seconds s)"
  else
    fail "install-hooks took $(seconds "$install_ms") s, over $max_seconds s"
  fi
else
  cat "$work/install-hooks.log"
  fail "pre-commit install-hooks"
  finish
fi

# --- 3b. the first commit, blocked: the user's first contact with the hook
sg web 22 '["0.0.0.0/0"]' >main.tf
git add main.tf
t0=$(now_ms)
commit "open ssh"
blocked_commit_ms=$(($(now_ms) - t0))
blocked_ms=$(($(now_ms) - t_start))
if [ "$rc" != 0 ] && grep -q 'NET001' <<<"$out" && grep -q 'main.tf' <<<"$out" &&
  ! git rev-parse -q --verify HEAD >/dev/null; then
  pass "SSH open to 0.0.0.0/0 is rejected, naming NET001; no commit ($(seconds "$blocked_commit_ms") s)"
else
  echo "$out"
  fail "SSH open to 0.0.0.0/0 (exit $rc)"
fi

# --- 4. the hook environment
mapfile -t envs < <(find "$PRE_COMMIT_HOME" -mindepth 2 -maxdepth 2 -type d -name '*env-*')
envdir=""
case "${#envs[@]}:${envs[0]:-}" in
  1:*/py_env-*) envdir="${envs[0]}" ;;
esac
if [ -z "$envdir" ]; then
  fail "want one Python hook environment, found: ${envs[*]:-none}"
  finish
fi
pass "the hook environment is a Python one: ${envdir#"$PRE_COMMIT_HOME"/}"

# The hook runs with the environment's bin/ first on PATH.
if msg="$(no_rust_on "$envdir/bin:$PATH")"; then
  pass "no cargo, rustc or rustup on the hook environment's PATH"
else
  fail "Rust on the hook environment's PATH ($msg)"
fi

installed="$("$envdir/bin/python" -m pip list --format=freeze 2>&1)" || true
if grep -qx "rampart-linter==$version" <<<"$installed" && grep -qx "rampart-pre-commit==0.0.0" <<<"$installed"; then
  pass "hook environment holds rampart-linter==$version (from rampart-pre-commit)"
else
  echo "$installed"
  fail "rampart-linter==$version not in the hook environment"
fi
log "hook environment packages: $(tr '\n' ' ' <<<"$installed")"

env_sum="$(sha256sum "$envdir/bin/rampart" 2>/dev/null | cut -d' ' -f1)" || env_sum=""
if [ -n "$env_sum" ] && from="$(grep "^$env_sum " <<<"$wheel_sums")"; then
  pass "the hook's rampart is the wheel's binary (sha256 ${env_sum:0:16}…, ${from#* })"
else
  log "hook env rampart sha256: ${env_sum:-missing}; wheels: $wheel_sums"
  fail "the hook's rampart is not the wheel's binary"
fi

if out="$(PATH="$envdir/bin:$PATH" rampart --version 2>&1)" && grep -q "$version" <<<"$out"; then
  pass "rampart --version in the hook environment: $out"
else
  fail "rampart --version in the hook environment: $out"
fi

# --- 5. a second install from an empty store, traced: no cargo, not even tried
tracer=""
if command -v strace >/dev/null && strace -f -qq -e trace=execve -o /dev/null true 2>/dev/null; then
  tracer=strace
fi
# execs TRACE: the programs a strace log executed or tried, one a line.
execs() { sed -n 's/^[0-9]* *execve("\([^"]*\)".*/\1/p' "$1"; }
if [ -n "$tracer" ]; then
  traced_home="$work/home-traced"
  rm -rf "$traced_home"
  if PRE_COMMIT_HOME="$traced_home" strace -f -qq -s 256 -e trace=execve \
    -o "$work/install-hooks.strace" pre-commit install-hooks >"$work/install-hooks-traced.log" 2>&1; then
    execs "$work/install-hooks.strace" >"$work/install-hooks.execs"
    rust="$(awk '{ n = $0; sub(/.*\//, "", n) } n ~ /^(cargo|rustc|rustup|maturin)/' "$work/install-hooks.execs")"
    if [ -z "$rust" ] && grep -q -- '"-mpip", "install"' "$work/install-hooks.strace"; then
      pass "install-hooks ran pip ($(wc -l <"$work/install-hooks.execs") execs traced) and no cargo, rustc, rustup or maturin"
    else
      echo "${rust:-no pip install in the trace}"
      fail "install-hooks executed (or tried) Rust tools"
    fi
  else
    cat "$work/install-hooks-traced.log"
    fail "traced pre-commit install-hooks"
  fi
  rm -rf "$traced_home"
else
  skip "strace is missing or not permitted: install-hooks not traced"
fi

# --- 6. the fixed file is committed; strace shows which rampart ran
sg web 22 '["10.8.0.0/16"]' >main.tf
git add main.tf
trace=""
[ -n "$tracer" ] && trace="$work/commit.strace"
commit "ssh from the vpn" "$trace"
if [ "$rc" = 0 ] && grep -q 'rampart.*Passed' <<<"$out" && git show --stat HEAD | grep -q main.tf; then
  pass "the fixed file is committed"
else
  echo "$out"
  fail "the fixed file (exit $rc)"
fi
if [ -n "$trace" ]; then
  ran="$(execs "$trace" | grep '/rampart$' | sort -u)" || ran=""
  if [ "$ran" = "$envdir/bin/rampart" ]; then
    pass "the hook ran the hook environment's rampart (${ran#"$PRE_COMMIT_HOME"/})"
  else
    fail "the hook ran rampart from: ${ran:-nowhere}"
  fi
fi

# A commit without Terraform files.
echo "# project" >README.md
git add README.md .pre-commit-config.yaml
commit "readme"
if [ "$rc" = 0 ] && grep -q 'rampart.*Skipped' <<<"$out"; then
  pass "a commit without Terraform files skips the hook"
else
  echo "$out"
  fail "a commit without Terraform files (exit $rc)"
fi

log "timings: install-hooks $(seconds "$install_ms") s; empty pre-commit store to first blocked commit $(seconds "$blocked_ms") s"
if [ -n "$precommit_ms" ]; then
  log "from nothing installed (pre-commit from PyPI $(seconds "$precommit_ms") s, then the above) to first blocked commit: $(seconds $((precommit_ms + blocked_ms))) s"
fi
finish
