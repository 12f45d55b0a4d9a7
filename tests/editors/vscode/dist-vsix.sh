#!/usr/bin/env bash
# scripts/dist-vsix.sh, the packaging of the platform .vsix files, on this
# Linux machine, as the release workflow runs it for every target:
#
#   bash tests/editors/vscode/dist-vsix.sh
#   RAMPART_BIN=target/release/rampart bash tests/editors/vscode/dist-vsix.sh
#
#   1. linux-x64 with rampart (RAMPART_BIN, else the binary in
#      dist/rampart-x86_64-unknown-linux-gnu.tar.gz; skipped, and said so,
#      when there is neither): a .vsix whose extension/bundled/rampart is
#      that binary, executable, TargetPlatform linux-x64, and a .sha256 that
#      checks;
#   2. linux-arm64, darwin-x64, darwin-arm64 and win32-x64: rampart for them
#      is built only on the release workflow's runners, so real executables
#      of those platforms stand in: esbuild's (npm @esbuild/PLATFORM, the
#      version editors/vscode pins). Each is packaged without being run,
#      lands at bundled/rampart (bundled/rampart.exe for Windows) with its
#      TargetPlatform;
#   3. a binary for the wrong platform or CPU is refused (arm64 ELF for
#      linux-x64, x64 Mach-O for darwin-arm64, an ELF for win32-x64), and so
#      is a linux-x64 executable that is not rampart (esbuild's: its
#      --version is not rampart's), each with no .vsix left behind;
#   4. the same inputs give the same .vsix, byte for byte;
#   5. editors/vscode is as before (no bundled/, git status unchanged), and
#      the plain `npm run package` there still makes a .vsix without a
#      binary or a target platform.
#
# Installs: the extension's npm devDependencies (npm ci, when its lockfile
# changed) and the four @esbuild packages (npm pack, cached under
# target/editor-tests/vsix-dist/). About 25 s. Prints PASS/FAIL lines and a
# summary; exits non-zero on any failure.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
EXT="$ROOT/editors/vscode"
WORK="$ROOT/target/editor-tests/vsix-dist"
OUT="$WORK/out"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
started=$SECONDS
passed=0
failed=0
pass() {
  passed=$((passed + 1))
  echo "PASS: $*"
}
failure() {
  failed=$((failed + 1))
  echo "FAIL: $*"
}
rm -rf "$OUT"
mkdir -p "$WORK/standins" "$OUT"

# What the .vsix holds: "bundled=NAME:SIZE:MODE target=TARGET" (Python's zipfile).
describe() {
  python3 - "$1" <<'EOF'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
b = [i for i in z.infolist() if i.filename.startswith("extension/bundled/")]
m = re.search(r'TargetPlatform="([^"]+)"', z.read("extension.vsixmanifest").decode())
print(" ".join([f"bundled={i.filename[len('extension/bundled/'):]}:{i.file_size}:{oct((i.external_attr >> 16) & 0o777)}" for i in b] or ["bundled=none"])
      + f" target={m.group(1) if m else 'none'}")
EOF
}

status_before="$(git -C "$ROOT" status --porcelain --untracked-files=all -- editors/vscode)"

# ---------------------------------------------------------------------------
echo "== stand-in binaries: npm @esbuild/PLATFORM"
(cd "$EXT" && if ! cmp -s package-lock.json node_modules/.rampart-installed-lock.json; then
  npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.rampart-installed-lock.json
fi) >"$WORK/npm-ci.log" 2>&1 || {
  cat "$WORK/npm-ci.log"
  echo "FAIL: npm ci in editors/vscode"
  exit 1
}
esbuild_version="$(node -p "require('$EXT/node_modules/esbuild/package.json').version")"
declare -A standin
for pair in linux-arm64:bin/esbuild darwin-x64:bin/esbuild darwin-arm64:bin/esbuild win32-x64:esbuild.exe; do
  platform=${pair%%:*}
  file="$WORK/standins/$platform-$esbuild_version/${pair#*:}"
  if [[ ! -f $file ]]; then
    rm -rf "$WORK/standins/$platform-$esbuild_version"
    mkdir -p "$WORK/standins/$platform-$esbuild_version"
    tgz="$(cd "$WORK/standins" && npm pack --silent "@esbuild/$platform@$esbuild_version")"
    tar -xzf "$WORK/standins/$tgz" -C "$WORK/standins/$platform-$esbuild_version" --strip-components=1
    rm -f "$WORK/standins/$tgz"
  fi
  standin[$platform]="$file"
  echo "   $platform: $file ($(wc -c <"$file") bytes)"
done
host_other="$EXT/node_modules/@esbuild/linux-x64/bin/esbuild"

# ---------------------------------------------------------------------------
echo "== 1, 2. a .vsix for every target"
# dist-vsix.sh TARGET BINARY, writing into $OUT; its output in $WORK/TARGET.log.
package() {
  RAMPART_DIST_DIR="$OUT" bash "$ROOT/scripts/dist-vsix.sh" "$1" "$2" >"$WORK/$1.log" 2>&1
}
expect_vsix() {
  local target=$1 binary=$2 exe=rampart mode=0o755 got want
  [[ $target == win32-x64 ]] && exe=rampart.exe
  if ! package "$target" "$binary"; then
    failure "$target: dist-vsix.sh failed: $(tail -3 "$WORK/$target.log" | tr '\n' ' ')"
    return
  fi
  got="$(describe "$OUT/rampart-$target.vsix")"
  want="bundled=$exe:$(wc -c <"$binary" | tr -d ' '):$mode target=$target"
  if [[ $got != "$want" ]]; then
    failure "$target: the .vsix holds '$got', expected '$want'"
  elif ! (cd "$OUT" && sha256sum -c --quiet "rampart-$target.vsix.sha256"); then
    failure "$target: rampart-$target.vsix.sha256 does not match"
  else
    pass "$target: $got, $(grep -E '^   (rampart |not run|ELF|Mach-O|PE)' "$WORK/$target.log" | sed 's/^ *//' | paste -sd ';' | sed 's/;/; /g')"
  fi
}
rampart_bin="${RAMPART_BIN:-}"
if [[ -z $rampart_bin && -f "$ROOT/dist/rampart-x86_64-unknown-linux-gnu.tar.gz" ]]; then
  mkdir -p "$WORK/rampart"
  tar -xzf "$ROOT/dist/rampart-x86_64-unknown-linux-gnu.tar.gz" -C "$WORK/rampart" --strip-components=1
  rampart_bin="$WORK/rampart/rampart"
fi
if [[ $(uname -s)-$(uname -m) != Linux-x86_64 ]]; then
  echo "SKIPPED: linux-x64 with rampart: this machine is not Linux x86_64"
elif [[ -n $rampart_bin ]]; then
  expect_vsix linux-x64 "$rampart_bin"
else
  echo "SKIPPED: linux-x64 with rampart: no RAMPART_BIN and no dist/rampart-x86_64-unknown-linux-gnu.tar.gz (bash scripts/dist.sh)"
fi
for target in linux-arm64 darwin-x64 darwin-arm64 win32-x64; do
  expect_vsix "$target" "${standin[$target]}"
done

# ---------------------------------------------------------------------------
echo "== 3. binaries that do not fit are refused"
expect_refusal() {
  local target=$1 binary=$2 reason=$3
  rm -f "$OUT/rampart-$target.vsix" "$OUT/rampart-$target.vsix.sha256"
  if package "$target" "$binary"; then
    failure "$target accepted $binary"
  elif ! grep -q -- "$reason" "$WORK/$target.log"; then
    failure "$target refused $binary, but not because '$reason': $(tail -2 "$WORK/$target.log" | tr '\n' ' ')"
  elif [[ -e "$OUT/rampart-$target.vsix" ]]; then
    failure "$target refused $binary but left rampart-$target.vsix behind"
  else
    pass "$target refuses $(basename "$(dirname "$(dirname "$binary")")")/$(basename "$binary"): $(grep '^dist-vsix.sh:' "$WORK/$target.log" | sed 's/^dist-vsix.sh: //; s|/[^ ]*/||g')"
  fi
}
expect_refusal linux-x64 "${standin[linux-arm64]}" "not for linux-x64"
expect_refusal darwin-arm64 "${standin[darwin-x64]}" "not for darwin-arm64"
expect_refusal win32-x64 "${standin[linux-arm64]}" "not a Windows executable"
if [[ $(uname -s)-$(uname -m) == Linux-x86_64 ]]; then
  expect_refusal linux-x64 "$host_other" "expected rampart"
fi

# ---------------------------------------------------------------------------
echo "== 4. reproducible"
sums=()
for _ in 1 2; do
  package darwin-arm64 "${standin[darwin-arm64]}" && sums+=("$(cut -d' ' -f1 "$OUT/rampart-darwin-arm64.vsix.sha256")")
done
if [[ ${#sums[@]} == 2 && ${sums[0]} == "${sums[1]}" ]]; then
  pass "darwin-arm64 packaged twice: the same sha256 (${sums[0]})"
else
  failure "darwin-arm64 packaged twice: ${sums[*]:-failed}"
fi

# ---------------------------------------------------------------------------
echo "== 5. editors/vscode untouched; the plain package still works"
if [[ -e "$EXT/bundled" ]]; then
  failure "editors/vscode/bundled exists after packaging"
elif [[ "$(git -C "$ROOT" status --porcelain --untracked-files=all -- editors/vscode)" != "$status_before" ]]; then
  failure "git status of editors/vscode changed: $(git -C "$ROOT" status --porcelain --untracked-files=all -- editors/vscode | tr '\n' ' ')"
else
  pass "editors/vscode: no bundled/, git status as before"
fi
version="$(node -p "require('$EXT/package.json').version")"
plain="$EXT/rampart-$version.vsix"
rm -f "$plain"
if ! (cd "$EXT" && npm run --silent package) >"$WORK/plain.log" 2>&1; then
  failure "npm run package: $(tail -3 "$WORK/plain.log" | tr '\n' ' ')"
elif [[ "$(describe "$plain")" != "bundled=none target=none" ]]; then
  failure "the plain .vsix holds $(describe "$plain")"
else
  pass "npm run package: rampart-$version.vsix, $(describe "$plain") (it runs rampart from PATH)"
fi
rm -f "$plain"

echo "$passed passed, $failed failed ($((SECONDS - started))s)"
if ((failed)); then
  echo "FAIL: tests/editors/vscode/dist-vsix.sh"
  exit 1
fi
echo "PASS: tests/editors/vscode/dist-vsix.sh"
