#!/usr/bin/env bash
# Terraform's values for every module of the shared corpus, written as golden
# files under tests/oracle/values/ (one JSON per module directory, mirroring
# the corpus: repos/REPO.json for a repository's root module,
# repos/REPO/DIR.json for the others). The test suite compares rampart's
# evaluation of the original modules with them
# (crates/engine/tests/oracle_values.rs), with or without Terraform here.
#
# For each repository, `oracle_values derive` writes a provider-free copy
# (every resource and data source a `terraform_data` whose `input` holds its
# arguments; docs/oracle.md says exactly what changes); then in each module
# directory of the copy: `terraform init -backend=false`, `terraform plan`
# with a value for each variable that has no default (`oracle_values vars`:
# made from its type, recorded in the golden file so rampart gets the same),
# `terraform show -json`, and `oracle_values golden` keeps what Terraform
# knows. A module Terraform cannot plan gets a golden file with `skipped`
# and the reason, so nothing is left out silently.
#
#   bash scripts/oracle/values.sh [CORPUS_DIR]
# ORACLE_OUT=DIR writes the golden files under DIR instead (.ci/run compares
# them with the committed ones); ORACLE_ONLY=REGEX keeps the modules whose
# path (repos/REPO/...) matches. Nothing is fetched from the network:
# terraform_data is built into Terraform, and no provider is required.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus="$(cd "${1:-../shared/corpus}" && pwd)"
command -v terraform >/dev/null || { echo "terraform is not on the PATH" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is not on the PATH" >&2; exit 1; }
out="${ORACLE_OUT:-tests/oracle/values}"
only="${ORACLE_ONLY:-}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

cargo build -q -p rampart-engine --example oracle_values
bin="$(pwd)/target/debug/examples/oracle_values"

export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 TF_INPUT=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

start=$SECONDS
# Derive every repository; list its modules with the deriver's verdict.
: > "$work/modules.tsv"
for repo in "$corpus"/repos/*/; do
  name="$(basename "$repo")"
  mkdir -p "$work/derived/$name"
  "$bin" derive "$repo" "$work/derived/$name" |
    while IFS=$'\t' read -r rel verdict; do
      if [ "$rel" = . ]; then mod="repos/$name"; else mod="repos/$name/$rel"; fi
      printf '%s\t%s\n' "$mod" "$verdict"
    done >> "$work/modules.tsv"
done
if [ -n "$only" ]; then
  grep -E "^($only)" "$work/modules.tsv" > "$work/kept.tsv" || true
  mv "$work/kept.tsv" "$work/modules.tsv"
else
  rm -rf "$out/repos"
fi

# One module: its golden file, or one saying why Terraform could not plan it.
one_module() {
  local mod="$1" verdict="$2"
  local dest="$out/$mod.json" dir="$work/derived/${mod#repos/}"
  mkdir -p "$(dirname "$dest")"
  skip() {
    jq -n --arg m "$mod" --arg r "$1" '{module: $m, skipped: $r}' > "$dest"
  }
  if [ "$verdict" != ok ]; then skip "derive: $verdict"; return; fi
  local vars="$dir/oracle.vars" args=()
  "$bin" vars "$corpus/$mod" > "$vars"
  while IFS= read -r line; do args+=(-var "$line"); done < "$vars"
  local first_error
  first_error() { grep -m1 -E '^Error: ' "$1" | sed 's/^Error: //' || echo "(no message)"; }
  if ! (cd "$dir" && terraform init -backend=false -input=false -no-color > init.log 2>&1); then
    skip "terraform init: $(first_error "$dir/init.log")"; return
  fi
  if ! (cd "$dir" && terraform plan -out=oracle.plan -input=false -refresh=false -lock=false \
        -no-color "${args[@]}" > plan.log 2>&1); then
    skip "terraform plan: $(first_error "$dir/plan.log")"; return
  fi
  (cd "$dir" && terraform show -json oracle.plan > plan.json)
  "$bin" golden "$mod" "$dir/plan.json" "$vars" > "$dest"
}
export -f one_module
export out work bin corpus

# Two at a time at most: the machine is shared.
tr '\t' '\n' < "$work/modules.tsv" |
  nice xargs -d '\n' -n 2 -P 2 bash -c 'one_module "$1" "$2"' _

total=$(wc -l < "$work/modules.tsv")
skipped=0
while IFS=$'\t' read -r mod _; do
  if jq -e 'has("skipped")' "$out/$mod.json" >/dev/null; then skipped=$((skipped + 1)); fi
done < "$work/modules.tsv"
echo "$total modules, $((total - skipped)) planned by Terraform, $skipped skipped -> $out ($((SECONDS - start)) s)"
