#!/usr/bin/env bash
# Behaviour-neutral refactors (issue 14) must not change what rampart
# reports: this writes `rampart check --format json` of the shared corpus,
# every fixture, every policy example and the bundled example with one
# binary, so two binaries' outputs can be compared byte for byte.
#   scripts/same-output.sh BINARY OUTDIR
#   diff -r OUTDIR_BEFORE OUTDIR_AFTER
set -euo pipefail
bin="$(realpath "$1")"
out="$2"
cd "$(dirname "$0")/.."
mkdir -p "$out"
run() { # name dir
  (cd "$2" && "$bin" check --format json . >"$out/$1.json" 2>/dev/null || true)
}
corpus=../shared/corpus
if [ -d "$corpus/repos" ]; then
  run corpus-repos "$corpus/repos"
  run corpus-trivy "$corpus/trivy-checks"
fi
for d in tests/fixtures/*/ tests/fixtures/*/*/; do
  run "fixture-$(echo "$d" | tr / -)" "$d"
done
for d in policies/*/; do
  for kind in bad good; do
    [ -d "$d$kind" ] || continue
    for e in "$d$kind"/*; do
      if [ -f "$e" ]; then
        (cd "$(dirname "$e")" && "$bin" check --format json "$(basename "$e")" >"$out/policy-$(basename "$d")-$kind-$(basename "$e").json" 2>/dev/null || true)
      else
        run "policy-$(basename "$d")-$kind-$(basename "$e")" "$e"
      fi
    done
  done
done
run example examples/fastapi-monolith
echo "$(ls "$out" | wc -l) outputs in $out"
