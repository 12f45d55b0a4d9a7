#!/usr/bin/env bash
# Terraform's verdict on the syntax of every .tf and .tfvars file in the
# shared corpus, written to tests/oracle/syntax.tsv (path relative to the
# corpus, then `ok` or `error`). The test suite compares rampart's parser
# with it (crates/terraform/tests/oracle_syntax.rs), with or without
# Terraform on the machine. Regenerate after the corpus changes:
#   bash scripts/oracle/syntax.sh [CORPUS_DIR]
# With ORACLE_OUT=FILE the verdicts go to FILE instead (.ci/run compares
# them with the committed ones). `.tf.json` files are not judged:
# `terraform fmt` reads only the native syntax.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus="${1:-../shared/corpus}"
command -v terraform >/dev/null || { echo "terraform is not on the PATH" >&2; exit 1; }
out="${ORACLE_OUT:-tests/oracle/syntax.tsv}"
tmp="$(mktemp)"
# `terraform fmt -write=false -list=false` parses without changing
# anything; it exits non-zero only when the file does not parse.
export TF_CLI_CONFIG_FILE=/dev/null
(cd "$corpus" && find repos -type f \( -name '*.tf' -o -name '*.tfvars' \) | LC_ALL=C sort) |
  while IFS= read -r f; do
    if terraform fmt -write=false -list=false "$corpus/$f" >/dev/null 2>&1; then
      printf '%s\tok\n' "$f"
    else
      printf '%s\terror\n' "$f"
    fi
  done > "$tmp"
{
  echo "# terraform fmt's verdict on each file of the corpus ($(terraform version | head -1)); made by scripts/oracle/syntax.sh"
  cat "$tmp"
} > "$out"
rm -f "$tmp"
echo "$(grep -c $'\tok$' "$out") ok, $(grep -c $'\terror$' "$out") error -> $out"
