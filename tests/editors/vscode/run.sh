#!/usr/bin/env bash
# The VS Code extension as users get it, the linux-x64 .vsix with rampart
# inside, in a real VS Code (code-server 4.100.3) driven by headless
# Chromium, on a PATH without rampart and with rampart.path unset.
#
#   RAMPART_VSIX=dist/rampart-linux-x64.vsix bash tests/editors/vscode/run.sh
#
# Which .vsix:
#   RAMPART_VSIX=FILE  that one, as built (CI: scripts/dist.sh's);
#   RAMPART_BIN=FILE   scripts/dist-vsix.sh bundles that binary into a new
#                      one (in the cache, dist/ is left alone);
#   neither            `cargo build` (debug), and a stripped copy of it is
#                      bundled the same way.
#
# It installs what it needs (Debian: chromium, libkrb5-dev, ripgrep; npm:
# code-server, playwright-core, the extension's build tools), runs the unit
# test of the executable's resolution (resolve.test.mjs), starts
# code-server on a free loopback port with a fresh profile and a PATH from
# which every directory holding a `rampart` is dropped (checked), installs
# the .vsix, opens a copy of tests/editors/fixtures/vscode-ssh/ and runs
# test.mjs: the diagnostic, hover and quick fix come from the bundled
# binary; rampart.path, once set, wins over it; cleared, the bundled binary
# is back. Exits non-zero on any failure. Installs are cached under
# target/editor-tests/vscode/ (or $RAMPART_VSCODE_CACHE), so reruns skip
# them: about 25 s then; the first run adds about 50 s for the installs.
#
# Only the package registries are needed: code-server's ripgrep comes from
# Debian's ripgrep, Chromium from Debian; nothing downloads a binary.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
EXT_DIR="$ROOT/editors/vscode"
FIXTURE="$ROOT/tests/editors/fixtures/vscode-ssh"
CACHE="${RAMPART_VSCODE_CACHE:-$ROOT/target/editor-tests/vscode}"
CODE_SERVER_VERSION=4.100.3
# @vscode/ripgrep's postinstall downloads rg unless this file is in its cache.
RG_CACHE_NAME="vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
export CARGO_TERM_COLOR=never NO_COLOR=1 npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

T0=$SECONDS
STEP_T=$SECONDS
STEP_NAME=""
step() {
  if [[ -n "$STEP_NAME" ]]; then echo "   ($STEP_NAME: $((SECONDS - STEP_T))s)"; fi
  STEP_NAME="$1"
  STEP_T=$SECONDS
  echo "== [vscode] $1"
}
fail() {
  echo "FAIL: tests/editors/vscode: $*"
  exit 1
}

# ---------------------------------------------------------------------------
step "Debian packages: chromium, libkrb5-dev, ripgrep"
missing=()
for pkg in chromium libkrb5-dev ripgrep; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=()
  if [[ "$(id -u)" != 0 ]]; then SUDO=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  # Another apt may be running (other editor tests install their packages too): wait for it.
  for try in 1 2 3 4 5 6 7 8 9 10; do
    "${SUDO[@]}" apt-get update -qq && break
    [[ $try == 10 ]] && fail "apt-get update failed"
    sleep 10
  done
  "${SUDO[@]}" apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
fi
for bin in /usr/bin/chromium /usr/bin/rg; do [[ -x $bin ]] || fail "$bin is missing after the install"; done

# ---------------------------------------------------------------------------
step "the extension's build tools (npm ci in editors/vscode); resolve.test.mjs"
(
  cd "$EXT_DIR"
  # npm ci again only when the lockfile changed since the last install.
  if ! cmp -s package-lock.json node_modules/.rampart-installed-lock.json; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.rampart-installed-lock.json
  fi
) >"$CACHE/extension-npm.log" 2>&1 || {
  tail -40 "$CACHE/extension-npm.log"
  fail "npm ci in editors/vscode failed (log: $CACHE/extension-npm.log)"
}
node "$HERE/resolve.test.mjs" >"$CACHE/resolve-test.log" 2>&1 || {
  cat "$CACHE/resolve-test.log"
  fail "resolve.test.mjs: the choice of the rampart executable is wrong"
}
tail -1 "$CACHE/resolve-test.log" | sed 's/^/   /'

# ---------------------------------------------------------------------------
if [[ -n ${RAMPART_VSIX:-} ]]; then
  step "the .vsix: RAMPART_VSIX=$RAMPART_VSIX"
  [[ -f $RAMPART_VSIX ]] || fail "RAMPART_VSIX=$RAMPART_VSIX is not a file (scripts/dist.sh builds dist/rampart-linux-x64.vsix)"
  VSIX="$(cd "$(dirname "$RAMPART_VSIX")" && pwd)/$(basename "$RAMPART_VSIX")"
else
  if [[ -n ${RAMPART_BIN:-} ]]; then
    step "the .vsix: scripts/dist-vsix.sh linux-x64 with RAMPART_BIN=$RAMPART_BIN"
    BIN="$RAMPART_BIN"
  else
    step "the .vsix: cargo build, scripts/dist-vsix.sh linux-x64 with a stripped copy"
    (cd "$ROOT" && cargo build --bin rampart) || fail "cargo build failed"
    debug="${CARGO_TARGET_DIR:-$ROOT/target}/debug/rampart"
    [[ "$debug" = /* ]] || debug="$ROOT/$debug"
    mkdir -p "$CACHE/bin"
    BIN="$CACHE/bin/rampart"
    # The debug binary is mostly debug info (200 MB); the .vsix needs none.
    if command -v strip >/dev/null; then strip -o "$BIN" "$debug"; else cp "$debug" "$BIN"; fi
  fi
  [[ -x $BIN ]] || fail "no rampart binary at $BIN"
  RAMPART_DIST_DIR="$CACHE/vsix" bash "$ROOT/scripts/dist-vsix.sh" linux-x64 "$BIN" >"$CACHE/vsix-build.log" 2>&1 || {
    tail -40 "$CACHE/vsix-build.log"
    fail "scripts/dist-vsix.sh linux-x64 $BIN failed (log: $CACHE/vsix-build.log)"
  }
  VSIX="$CACHE/vsix/rampart-linux-x64.vsix"
fi
[[ -f $VSIX ]] || fail "no .vsix at $VSIX"
echo "   $VSIX ($(($(wc -c <"$VSIX") / 1024)) KiB)"

# ---------------------------------------------------------------------------
step "code-server $CODE_SERVER_VERSION"
CS_DIR="$CACHE/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
installed_version() {
  node -p "require('$CS_DIR/node_modules/code-server/package.json').version" 2>/dev/null || true
}
if [[ -x $CS_BIN && "$(installed_version)" == "$CODE_SERVER_VERSION" && -f "$CS_DIR/.complete" ]]; then
  echo "   cached in $CS_DIR"
else
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR" "$CACHE/tmp/$(dirname "$RG_CACHE_NAME")"
  echo '{"private": true}' >"$CS_DIR/package.json"
  # Workaround 3: give @vscode/ripgrep the archive it would download, holding Debian's rg.
  rgdir="$(mktemp -d)"
  cp /usr/bin/rg "$rgdir/rg"
  tar -C "$rgdir" -czf "$CACHE/tmp/$RG_CACHE_NAME" rg
  rm -rf "$rgdir"
  # Workarounds 1 and 4: postinstall scripts that refuse root or wait for a TTY.
  # (Workaround 2, libkrb5-dev for the kerberos module, is installed above.)
  (
    cd "$CS_DIR"
    TMPDIR="$CACHE/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
      npm install "code-server@$CODE_SERVER_VERSION" --foreground-scripts --no-audit --no-fund
  ) >"$CACHE/code-server-install.log" 2>&1 || {
    tail -40 "$CACHE/code-server-install.log"
    fail "npm install code-server@$CODE_SERVER_VERSION failed (log: $CACHE/code-server-install.log)"
  }
  [[ -x $CS_BIN && "$(installed_version)" == "$CODE_SERVER_VERSION" ]] || fail "code-server did not install (log: $CACHE/code-server-install.log)"
  [[ -x "$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ]] || fail "code-server's ripgrep is missing"
  touch "$CS_DIR/.complete"
fi

# ---------------------------------------------------------------------------
step "playwright-core (tests/editors/vscode)"
(
  cd "$HERE"
  if ! cmp -s package-lock.json node_modules/.rampart-installed-lock.json; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.rampart-installed-lock.json
  fi
) >"$CACHE/playwright-install.log" 2>&1 || {
  tail -20 "$CACHE/playwright-install.log"
  fail "npm ci in tests/editors/vscode failed"
}

# ---------------------------------------------------------------------------
step "start code-server"
RUN="$(mktemp -d "${TMPDIR:-/tmp}/rampart-vscode.XXXXXX")"
LOGS="$CACHE/logs"
CS_PID=""
cleanup() {
  local rc=$?
  if [[ -n $CS_PID ]]; then
    # code-server leaves file watchers and the extension host (and rampart) as
    # children: stop the whole process group it leads.
    kill -TERM -- "-$CS_PID" 2>/dev/null || kill -TERM "$CS_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 -- "-$CS_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
  fi
  rm -rf "$LOGS"
  mkdir -p "$LOGS"
  if [[ -d $RUN ]]; then
    cp "$RUN/code-server.log" "$LOGS/" 2>/dev/null || true
    [[ -d "$RUN/data/logs" ]] && cp -r "$RUN/data/logs" "$LOGS/vscode" 2>/dev/null || true
    rm -rf "$RUN"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

WS="$RUN/vscode-ssh"
cp -r "$FIXTURE" "$WS"
mkdir -p "$RUN/data/User" "$RUN/exts"

# A machine without rampart: code-server and its extension host get a PATH
# without the directories that hold one. VSCODE_CLI=1 makes VS Code's server
# keep that environment for the extension host instead of replacing it with
# the login shell's (resolveShellEnv), which could add them back.
CLEAN_PATH=""
IFS=: read -ra path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do
  [[ -n $d ]] || continue
  if [[ -x "$d/rampart" ]]; then
    echo "   dropped from PATH: $d (it holds rampart)"
    continue
  fi
  CLEAN_PATH="${CLEAN_PATH:+$CLEAN_PATH:}$d"
done
# code-server's launcher is `#!/usr/bin/env node`: node stays reachable.
mkdir -p "$RUN/node-bin"
ln -s "$(command -v node)" "$RUN/node-bin/node"
CLEAN_PATH="$RUN/node-bin:$CLEAN_PATH"
if found="$(env PATH="$CLEAN_PATH" /bin/sh -c 'command -v rampart')"; then
  fail "rampart is still on the PATH given to code-server: $found"
fi
echo "   no rampart on code-server's PATH ($CLEAN_PATH)"
CS_ENV=(env PATH="$CLEAN_PATH" VSCODE_CLI=1)

PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
cat >"$RUN/config.yaml" <<EOF
bind-addr: 127.0.0.1:$PORT
auth: none
cert: false
EOF
# No rampart.path: the extension must find its bundled binary by itself.
cat >"$RUN/data/User/settings.json" <<EOF
{
  "rampart.trace.server": "verbose",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.editor.enablePreview": false,
  "security.workspace.trust.enabled": false,
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "files.autoSave": "off",
  "files.hotExit": "off",
  "editor.minimap.enabled": false,
  "editor.hover.delay": 150
}
EOF
CS_ARGS=(--config "$RUN/config.yaml" --user-data-dir "$RUN/data" --extensions-dir "$RUN/exts")
# From here to the first diagnostic is what a user waits for.
INSTALL_STARTED_MS="$(date +%s%3N)"
timeout 120 "${CS_ENV[@]}" "$CS_BIN" "${CS_ARGS[@]}" --install-extension "$VSIX" >"$RUN/install-extension.log" 2>&1 || {
  cat "$RUN/install-extension.log"
  fail "code-server --install-extension failed"
}
INSTALLED="$(find "$RUN/exts" -mindepth 1 -maxdepth 1 -type d -name 'rampart.rampart-*' | head -1)"
[[ -n $INSTALLED ]] || {
  cat "$RUN/install-extension.log"
  fail "the extension is not in $RUN/exts after --install-extension"
}
BUNDLED="$INSTALLED/bundled/rampart"
[[ -f $BUNDLED && -x $BUNDLED ]] || fail "the installed extension has no executable bundled/rampart: $(ls -l "$INSTALLED/bundled" 2>&1)"
echo "   installed $(basename "$INSTALLED") in $(($(date +%s%3N) - INSTALL_STARTED_MS)) ms; bundled/rampart: $("$BUNDLED" --version)"
# The same binary elsewhere, for rampart.path: the test tells which one runs by its path.
OTHER="$RUN/elsewhere/rampart"
mkdir -p "$(dirname "$OTHER")"
cp "$BUNDLED" "$OTHER"

setsid "${CS_ENV[@]}" "$CS_BIN" "${CS_ARGS[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust "$WS" \
  >"$RUN/code-server.log" 2>&1 </dev/null &
CS_PID=$!
healthy=""
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then
    healthy=1
    break
  fi
  kill -0 "$CS_PID" 2>/dev/null || break
  sleep 0.5
done
[[ -n $healthy ]] || {
  cat "$RUN/code-server.log"
  fail "code-server did not answer /healthz on port $PORT"
}
echo "   http://127.0.0.1:$PORT (pid $CS_PID)"

# ---------------------------------------------------------------------------
step "drive VS Code with headless Chromium (test.mjs)"
SCREENSHOT="$CACHE/problems.png"
rm -f "$SCREENSHOT" "$CACHE/failure.png" "$CACHE/after-fix.png"
status=0
CODE_SERVER_URL="http://127.0.0.1:$PORT/?folder=$WS" CODE_SERVER_PID="$CS_PID" RAMPART="$BUNDLED" RAMPART_OTHER="$OTHER" \
  INSTALL_STARTED_MS="$INSTALL_STARTED_MS" SCREENSHOT="$SCREENSHOT" ARTIFACTS="$CACHE" \
  timeout 180 node "$HERE/test.mjs" || status=$?

if [[ $status != 0 ]]; then
  # The extension's output channel (with the LSP trace) and the extension host log.
  for f in $(find "$RUN/data/logs" \( -name '*rampart*.log' -o -name 'exthost.log' \) 2>/dev/null); do
    echo "--- ${f#"$RUN/data/logs/"} (last 60 lines)"
    tail -60 "$f"
  done
  echo "--- code-server.log (last 20 lines)"
  tail -20 "$RUN/code-server.log"
  echo "   logs kept in $LOGS after exit"
  fail "the browser test failed (exit $status); total $((SECONDS - T0))s"
fi
# The output channel says which binary ran and why.
CHANNEL_LOG="$(find "$RUN/data/logs" -name '*-rampart.log' | head -1)"
[[ -n $CHANNEL_LOG ]] || fail "no rampart output channel log under $RUN/data/logs"
for line in \
  "[client] rampart.path is not set: using the binary bundled with the extension, $BUNDLED" \
  "[client] starting $BUNDLED lsp" \
  "to \"$OTHER\": using $OTHER" \
  "[client] starting $OTHER lsp"; do
  grep -qF -- "$line" "$CHANNEL_LOG" || fail "the rampart output channel lacks: $line (log in $LOGS)"
done
grep -F -- "[client] rampart.path is" "$CHANNEL_LOG" | sed 's/^.*\[client\] /   output: /' | sort -u
step "done"
echo "Problems panel screenshot: $SCREENSHOT"
echo "PASS: tests/editors/vscode (total $((SECONDS - T0))s)"
