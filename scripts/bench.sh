#!/usr/bin/env bash
# Whole-process benchmark of `rampart check` on generated corpora.
#
#   scripts/bench.sh                 # 10 MB and 50 MB corpora
#   scripts/bench.sh --shapes        # also one 5 MB file and 20,000 small files
#   scripts/bench.sh --checkov       # also time `checkov -d` on the same corpora
#   scripts/bench.sh --sizes "10"    # only the 10 MB corpus
#
# Builds the release binary and the generator (`--example gen_corpus`),
# writes the corpora under target/corpus/, checks that `rampart check
# --format json` reports exactly the counts in each corpus's expected.json,
# then times `rampart check --format json` with hyperfine (installed with
# apt-get when missing and possible; else /usr/bin/time, one run) and
# measures peak RSS with `/usr/bin/time -v`. Prints MB/s, peak RSS and RSS
# as a multiple of the input. `--checkov` installs checkov with pip into a
# throwaway venv (target/checkov-venv) and prints the time ratio.
# Not part of the test suite. See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="10 50"
shapes=0
checkov=0
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --shapes) shapes=1; shift ;;
    --checkov) checkov=1; shift ;;
    --runs) runs="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

for tool in jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install jq time)" >&2; exit 2; }
done
if ! command -v hyperfine >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get install -y -qq hyperfine >/dev/null 2>&1 || true
fi
have_hyperfine=0
command -v hyperfine >/dev/null && have_hyperfine=1

cargo build --release --quiet --bin rampart --example gen_corpus
rampart=target/release/rampart
gen=target/release/examples/gen_corpus
out=target/corpus
mkdir -p "$out"

corpora=()
for s in $sizes; do
  "$gen" --size-mb "$s" --out "$out/${s}mb" >/dev/null
  corpora+=("$out/${s}mb")
done
if [ "$shapes" = 1 ]; then
  "$gen" --size-mb 5 --shape single --out "$out/single-5mb" >/dev/null
  "$gen" --files 20000 --shape many-files --out "$out/files-20000" >/dev/null
  corpora+=("$out/single-5mb" "$out/files-20000")
fi

# Seconds (mean) of a command: hyperfine if present, else one /usr/bin/time run.
seconds() {
  if [ "$have_hyperfine" = 1 ]; then
    hyperfine --style none --warmup 1 --runs "$runs" -i --export-json /tmp/rampart-bench.json \
      "$*" >/dev/null 2>&1
    jq '.results[0].mean' /tmp/rampart-bench.json
  else
    { /usr/bin/time -f %e "$@" 2>&1 >/dev/null || true; } | tail -1
  fi
}

printf '%-24s %8s %8s %8s %10s %10s %8s\n' corpus MB files seconds MB/s "RSS MB" "RSS/in"
for c in "${corpora[@]}"; do
  bytes=$(jq .bytes "$c/expected.json")
  files=$(jq .files "$c/expected.json")
  mb=$(echo "$bytes / 1048576" | bc -l)
  # The counts first: a fast wrong answer is no answer.
  # (rampart exits 1 when it finds something: expected here.)
  got=$({ "$rampart" check --format json "$c" || true; } | jq -cS '[.findings[].rule] | group_by(.) | map({(.[0]): length}) | add')
  want=$(jq -cS .findings "$c/expected.json")
  if [ "$got" != "$want" ]; then
    echo "$c: findings $got, expected $want" >&2
    exit 1
  fi
  secs=$(seconds "$rampart" check --format json "$c")
  rss_kb=$( { /usr/bin/time -v "$rampart" check --format json "$c" >/dev/null || true; } 2>&1 |
    awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}')
  printf '%-24s %8.2f %8d %8.2f %10.1f %10.0f %8.1f\n' "$(basename "$c")" "$mb" "$files" "$secs" \
    "$(echo "$mb / $secs" | bc -l)" "$(echo "$rss_kb / 1024" | bc -l)" \
    "$(echo "$rss_kb * 1024 / $bytes" | bc -l)"
  if [ "$checkov" = 1 ]; then
    venv=target/checkov-venv
    if [ ! -x "$venv/bin/checkov" ]; then
      python3 -m venv "$venv"
      "$venv/bin/pip" install --quiet checkov
    fi
    csecs=$(runs=1 seconds "$venv/bin/checkov" -d "$c" --quiet --compact -o json --framework terraform --skip-download)
    printf '  checkov: %.1f s (%.2f MB/s), %.0fx rampart\n' "$csecs" \
      "$(echo "$mb / $csecs" | bc -l)" "$(echo "$csecs / $secs" | bc -l)"
  fi
done
nproc | xargs printf 'cores: %s\n'
