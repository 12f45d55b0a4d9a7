#!/usr/bin/env bash
# Packages the VS Code extension for one platform with the rampart binary
# inside, as ruff's extension ships its own (issue 17):
#
#   bash scripts/dist-vsix.sh TARGET BINARY
#
# TARGET is a vsce target: linux-x64, linux-arm64, darwin-x64, darwin-arm64
# or win32-x64. BINARY is rampart built for it. It goes into the extension
# as bundled/rampart (bundled/rampart.exe for win32-x64), executable, where
# the extension looks for it (editors/vscode/src/resolve.ts), and
# `vsce package --target TARGET` writes dist/rampart-TARGET.vsix and
# dist/rampart-TARGET.vsix.sha256 at the repository root
# ($RAMPART_DIST_DIR writes them elsewhere).
#
# It runs on Linux for every target: the release workflow packages
# binaries built on other runners. So the binary is checked by its header
# (ELF, Mach-O or PE, and the CPU) against TARGET, and run
# (`BINARY --version`, which must print Cargo.toml's version) only when
# TARGET is the platform of this machine.
#
# The extension is packaged from a temporary copy of editors/vscode (its
# node_modules linked in), removed on exit: the binary never enters
# editors/vscode, even when the script fails or is interrupted, so a plain
# `npm run package` there still makes the .vsix without a binary (which
# uses `rampart` on PATH). npm ci runs in editors/vscode only when
# package-lock.json changed since the last install (the marker
# tests/editors/vscode/run.sh uses too). The zip is reproducible:
# SOURCE_DATE_EPOCH defaults to the last commit's time.
#
# Installs: the extension's npm devDependencies (vsce, esbuild, TypeScript).
# Needs node/npm, python3 (to check the .vsix) and sha256sum or shasum.
# Takes about 5 s with node_modules in place (npm ci adds about 10 s).
set -euo pipefail

usage() {
  echo "usage: bash scripts/dist-vsix.sh TARGET BINARY" >&2
  echo "  TARGET: linux-x64 | linux-arm64 | darwin-x64 | darwin-arm64 | win32-x64" >&2
  exit 2
}
die() {
  echo "dist-vsix.sh: $*" >&2
  exit 1
}

[ $# -eq 2 ] || usage
target=$1
binary=$2
case $target in
  linux-x64 | linux-arm64 | darwin-x64 | darwin-arm64 | win32-x64) ;;
  *) echo "dist-vsix.sh: unknown target '$target'" >&2; usage ;;
esac
[ -f "$binary" ] || die "$binary is not a file"
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ext="$root/editors/vscode"
out="${RAMPART_DIST_DIR:-$root/dist}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
vsix="$out/rampart-$target.vsix"
exe=rampart
[ "$target" = win32-x64 ] && exe=rampart.exe
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

step() { echo "== [dist-vsix $target] $*"; }

# ---------------------------------------------------------------------------
step "versions"
cargo_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n1)
ext_version=$(node -p "require('$ext/package.json').version")
[ -n "$cargo_version" ] || die "no version in Cargo.toml"
[ "$cargo_version" = "$ext_version" ] ||
  die "editors/vscode/package.json has version $ext_version, Cargo.toml $cargo_version: the extension ships that binary, keep them equal"
echo "   Cargo.toml and editors/vscode/package.json: $cargo_version"

# ---------------------------------------------------------------------------
step "the binary: $binary"
# Bytes of the file as hex: hex FILE OFFSET COUNT.
hex() { od -An -tx1 -v -j "$2" -N "$3" "$1" | tr -d ' \n'; }
# A little-endian 32-bit number at OFFSET.
le32() {
  local h
  h=$(hex "$1" "$2" 4)
  echo $((16#${h:6:2}${h:4:2}${h:2:2}${h:0:2}))
}
magic=$(hex "$binary" 0 4)
case $target in
  linux-*)
    [ "$magic" = 7f454c46 ] || die "$binary is not an ELF file (a $target binary must be)"
    [ "$(hex "$binary" 4 2)" = 0201 ] || die "$binary is not a 64-bit little-endian ELF file"
    machine=$(hex "$binary" 18 2)
    want=$([ "$target" = linux-x64 ] && echo 3e00 || echo b700)
    [ "$machine" = "$want" ] ||
      die "$binary is an ELF file for machine 0x${machine:2:2}${machine:0:2}, not for $target (0x${want:2:2}${want:0:2})"
    kind="ELF 64-bit, $target"
    ;;
  darwin-*)
    if [ "$magic" = cafebabe ]; then
      kind="Mach-O universal binary"
    else
      [ "$magic" = cffaedfe ] || die "$binary is not a 64-bit Mach-O file (a $target binary must be)"
      cpu=$(hex "$binary" 4 4)
      want=$([ "$target" = darwin-x64 ] && echo 07000001 || echo 0c000001)
      [ "$cpu" = "$want" ] || die "$binary is a Mach-O file for CPU type $cpu (little-endian), not for $target ($want)"
      kind="Mach-O 64-bit, $target"
    fi
    ;;
  win32-x64)
    [ "${magic:0:4}" = 4d5a ] || die "$binary is not a Windows executable (no MZ header)"
    pe=$(le32 "$binary" 60)
    [ "$(hex "$binary" "$pe" 4)" = 50450000 ] || die "$binary has no PE header"
    [ "$(hex "$binary" $((pe + 4)) 2)" = 6486 ] || die "$binary is a PE file for another CPU than x86-64"
    kind="PE x86-64"
    ;;
esac
echo "   $kind, $(wc -c <"$binary" | tr -d ' ') bytes"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) host=linux-x64 ;;
  Linux-aarch64 | Linux-arm64) host=linux-arm64 ;;
  Darwin-x86_64) host=darwin-x64 ;;
  Darwin-arm64) host=darwin-arm64 ;;
  MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) host=win32-x64 ;;
  *) host=unknown ;;
esac
if [ "$host" = "$target" ]; then
  [ -x "$binary" ] || die "$binary is not executable"
  version_line=$("$binary" --version) || die "$binary --version failed"
  echo "   $version_line"
  case $version_line in
    "rampart $cargo_version" | "rampart $cargo_version "*) ;;
    *) die "$binary --version printed '$version_line', expected rampart $cargo_version" ;;
  esac
else
  echo "   not run: it is built for $target and this machine is $host"
fi

# ---------------------------------------------------------------------------
step "npm ci in editors/vscode (when package-lock.json changed)"
if ! cmp -s "$ext/package-lock.json" "$ext/node_modules/.rampart-installed-lock.json"; then
  (cd "$ext" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$ext/package-lock.json" "$ext/node_modules/.rampart-installed-lock.json"
else
  echo "   up to date"
fi

# ---------------------------------------------------------------------------
step "package: vsce package --target $target"
stage=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/rampart-vsix.XXXXXX")
# vsce writes here; the .vsix reaches $out only once checked.
built=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/rampart-vsix-out.XXXXXX")
log="$built/vsce.log"
trap 'rm -rf "$stage" "$built"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# The sources without what builds or packaging leave behind.
tar -C "$ext" --exclude=./node_modules --exclude=./dist --exclude=./bundled \
  --exclude='./*.vsix' --exclude='./*.log' -cf - . | tar -C "$stage" -xf -
ln -s "$ext/node_modules" "$stage/node_modules"
mkdir "$stage/bundled"
cp "$binary" "$stage/bundled/$exe"
chmod 755 "$stage/bundled/$exe"
if [ -z "${SOURCE_DATE_EPOCH:-}" ] && git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  SOURCE_DATE_EPOCH=$(git -C "$root" log -1 --format=%ct)
  export SOURCE_DATE_EPOCH
fi
rm -f "$vsix" "$vsix.sha256"
(cd "$stage" && npx --no-install vsce package --no-dependencies --skip-license --target "$target" --out "$built/rampart-$target.vsix") >"$log" 2>&1 || {
  cat "$log" >&2
  die "vsce package failed"
}

# ---------------------------------------------------------------------------
step "check the .vsix"
python3 - "$built/rampart-$target.vsix" "$target" "$exe" "$(wc -c <"$binary" | tr -d ' ')" <<'EOF' || die "the .vsix is not as expected"
import sys, zipfile
vsix, target, exe, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
z = zipfile.ZipFile(vsix)
names = z.namelist()
problems = []
bundled = [n for n in names if n.startswith("extension/bundled/")]
if bundled != [f"extension/bundled/{exe}"]:
    problems.append(f"extension/bundled/ holds {bundled}, expected only {exe}")
else:
    info = z.getinfo(bundled[0])
    mode = (info.external_attr >> 16) & 0o777
    if info.file_size != size:
        problems.append(f"{bundled[0]} is {info.file_size} bytes, the binary {size}")
    if exe == "rampart" and mode & 0o111 != 0o111:
        problems.append(f"{bundled[0]} has mode {oct(mode)}, not executable")
if "extension/dist/extension.js" not in names:
    problems.append("no extension/dist/extension.js")
manifest = z.read("extension.vsixmanifest").decode()
if f'TargetPlatform="{target}"' not in manifest:
    problems.append(f'extension.vsixmanifest has no TargetPlatform="{target}"')
for p in problems:
    print(f"   {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
echo "   extension/bundled/$exe (executable), extension/dist/extension.js, TargetPlatform=\"$target\""
if command -v sha256sum >/dev/null; then
  (cd "$built" && sha256sum "rampart-$target.vsix" >"rampart-$target.vsix.sha256")
else
  (cd "$built" && shasum -a 256 "rampart-$target.vsix" >"rampart-$target.vsix.sha256")
fi
mv "$built/rampart-$target.vsix" "$built/rampart-$target.vsix.sha256" "$out/"
echo "   $vsix ($(($(wc -c <"$vsix") / 1024)) KiB)"
echo "   $(cat "$vsix.sha256")"
