#!/usr/bin/env bash
# Terraform's answers for calls of every pure built-in function rampart
# implements, written to tests/oracle/functions.tsv. The expressions are
# the hand-written ones of tests/oracle/functions.txt followed by the
# cases generated below (`generated`): each function family over a grid of
# edge-case values. crates/terraform/tests/oracle_functions.rs compares
# rampart's evaluator with the answers, with or without Terraform here.
#   bash scripts/oracle/functions.sh
# With ORACLE_OUT=FILE the answers go to FILE instead (.ci/run compares
# them with the committed ones).
#
# Each line of the answers: the expression, a tab, then either `value`, a
# tab and Terraform's `jsonencode(EXPR)` (so types survive as JSON types:
# a set or a tuple is a JSON array, a map or an object a JSON object, a
# number keeps all its digits), or `unknown` (Terraform does not know it
# at plan time: a call given the untyped `null` where it wants a string
# or a number, `format("%s", null)`), or `error`, a tab and the summary
# line of Terraform's error.
#
# How: one provider-free configuration with an output per expression,
# `try(jsonencode(EXPR), "!error")`, planned offline (`terraform plan`
# reads the value of every output; jsonencode never returns text starting
# with `!`). An error `try` does not catch (a reference to something not
# declared) fails the whole plan: the expressions are then halved until
# the culprit is alone. Each expression that errs is then given to
# `terraform console` alone, for the error's summary.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v terraform >/dev/null || { echo "terraform is not on the PATH" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is not on the PATH" >&2; exit 1; }
out="${ORACLE_OUT:-tests/oracle/functions.tsv}"
export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The systematically generated cases: each function of a family applied to
# each value of a grid.
generated() {
  local strings=('""' '"a"' '"Hello World"' '"héllo"' '"e\u0301"' '"👍🏽"' '"🇫🇷"' '"ǅemal"'
    '"ß"' '"İı"' '"ﬀ"' '"\u2028"' '"<&>"' '"\"\\"' '"\n\t a \r\n"' '"ΣΑΣ σς"')
  local f s
  for f in upper lower title strrev length chomp trimspace base64encode jsonencode yamlencode tostring; do
    for s in "${strings[@]}"; do echo "$f($s)"; done
  done
  local o l
  for o in -7 -6 -1 0 1 5 6 7; do
    for l in -1 0 1 3 10; do echo "substr(\"héllo👍\", $o, $l)"; done
  done
  local numbers=(0 -0 1.5 -1.5 2.5 9007199254740993 1e308 -1e308 '0.1 + 0.2' 1e-300
    123456.789012345678 '"7"' null '"x"')
  local n
  for f in abs ceil floor signum tostring jsonencode tonumber; do
    for n in "${numbers[@]}"; do echo "$f($n)"; done
  done
  local b
  for b in 2 8 10 16 36; do
    for s in '"10"' '"-10"' '"z"' '"Z"' '"1111111111111111111111111111111111111111111111111111111111111111"'; do
      echo "parseint($s, $b)"
    done
  done
  local verbs=('%d' '%s' '%q' '%v' '%#v' '%5.2f' '%-5s|' '%t' '%x' '%X' '%o' '%b' '%e' '%%'
    '%5d' '%.3s' '%10.4f' '%-10v|' '%.1e' '%03d')
  local values=(0 -1 1.5 255 1e21 '"a"' '"é👍"' '""' true null '[1]' '{a = 1}')
  local v
  for f in "${verbs[@]}"; do
    for v in "${values[@]}"; do echo "format(\"$f\", $v)"; done
  done
  for f in '%s' '%d' '%q' '%v' '%#v' '%05.1f' '%t' '%x'; do
    for v in '["a", "é"]' '[1, 2.5]' '[true]' '[]' '[null]'; do echo "formatlist(\"$f\", $v)"; done
  done
  local shapes=('[]' '["a"]' '["b", "a", "b"]' 'toset(["b", "a"])' 'tolist(["b", "a"])'
    '[1, "a"]' '[["a"], []]' '{}' '{a = 1}' 'tomap({a = "x"})' 'null' '"s"')
  local c
  for f in length reverse distinct sort tolist toset flatten compact one keys values tomap; do
    for c in "${shapes[@]}"; do echo "$f($c)"; done
  done
  for c in "${shapes[@]}"; do echo "concat($c, [\"z\"])"; done
  for c in "${shapes[@]}"; do echo "contains($c, \"a\")"; done
  for c in "${shapes[@]}"; do echo "setunion($c, [\"z\"])"; done
  local start end step
  for start in 0 1 -2 0.5; do
    for end in 0 3 -3 2.5; do
      for step in 1 -1 0.5 2; do echo "range($start, $end, $step)"; done
    done
  done
  local p nb nn
  for p in '"10.0.0.0/16"' '"192.168.1.0/30"' '"fd00:1::/64"' '"0.0.0.0/0"'; do
    for nb in 0 2 16 17; do
      for nn in 0 3 4 -1; do echo "cidrsubnet($p, $nb, $nn)"; done
    done
    for nn in 0 1 2 3 4 -1 -4 -5; do echo "cidrhost($p, $nn)"; done
  done
}

exprs="$work/exprs"
{ grep -v -e '^#' -e '^[[:space:]]*$' tests/oracle/functions.txt; generated; } | awk '!seen[$0]++' > "$exprs"
if grep -q $'\t' "$exprs"; then echo "an expression holds a tab" >&2; exit 1; fi
n="$(wc -l < "$exprs")"
mapfile -t expr < "$exprs"

declare -A answer
tf="$work/tf"
mkdir -p "$tf"
(cd "$tf" && terraform init -backend=false -input=false >/dev/null)

# Plans the expressions whose indexes are given; on a failed plan, halves.
plan() {
  local idx=("$@") i
  : > "$tf/main.tf"
  for i in "${idx[@]}"; do
    printf 'output "e%06d" {\n  value = try(jsonencode(%s), "!error")\n}\n' "$i" "${expr[$i]}" >> "$tf/main.tf"
  done
  if (cd "$tf" && terraform plan -refresh=false -input=false -out=p >/dev/null 2>&1); then
    local key val
    while IFS=$'\t' read -r key val; do
      answer[$((10#${key#e}))]="$val"
    done < <(cd "$tf" && terraform show -json p | jq -r '.output_changes | to_entries[] | "\(.key)\t\(if .value.after_unknown then "!unknown" else .value.after end)"')
  elif [ "${#idx[@]}" -eq 1 ]; then
    answer[${idx[0]}]="!error"
  else
    local half=$((${#idx[@]} / 2))
    plan "${idx[@]:0:half}"
    plan "${idx[@]:half}"
  fi
}

all=()
for ((i = 0; i < n; i++)); do all+=("$i"); done
for ((i = 0; i < n; i += 500)); do plan "${all[@]:i:500}"; done

# The summary of the error Terraform gives for one expression.
error_of() {
  local dir
  dir="$(mktemp -d "$work/c.XXXX")"
  printf 'jsonencode(%s)\n' "$1" | (cd "$dir" && terraform console -no-color 2>&1 >/dev/null) |
    sed -n 's/^[│ ]*Error: //p' | head -1
  true
}

tmp="$work/out"
for ((i = 0; i < n; i++)); do
  a="${answer[$i]-}"
  if [ -z "$a" ]; then echo "no answer for ${expr[$i]}" >&2; exit 1; fi
  if [ "$a" = "!unknown" ]; then
    printf '%s\tunknown\t\n' "${expr[$i]}"
  elif [ "$a" = "!error" ]; then
    e="$(error_of "${expr[$i]}")"
    printf '%s\terror\t%s\n' "${expr[$i]}" "${e:-unknown error}"
  else
    printf '%s\tvalue\t%s\n' "${expr[$i]}" "$a"
  fi
done > "$tmp"
{
  echo "# Terraform's answers ($(terraform version | head -1)): expression, then value and jsonencode(expression), or error and its summary; made by scripts/oracle/functions.sh"
  cat "$tmp"
} > "$out"
echo "$n expressions: $(grep -c $'\tvalue\t' "$tmp") values, $(grep -c $'\tunknown\t' "$tmp") unknown, $(grep -c $'\terror\t' "$tmp") errors -> $out"
