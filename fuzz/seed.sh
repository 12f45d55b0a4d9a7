#!/usr/bin/env bash
# Lay out the seed corpus for cargo fuzz from the repository's own Terraform
# (the files the stable replay test reads: policies' first bad examples,
# Terraform-JSON and tfvars examples, the example stack, module fixtures).
#   bash fuzz/seed.sh && cargo +nightly fuzz run -O parse fuzz/corpus/parse
set -euo pipefail
cd "$(dirname "$0")/.."
for target in parse evaluate check amplify; do
  out="fuzz/corpus/$target"
  mkdir -p "$out"
  for rule in policies/*/; do
    first=$(ls "$rule"bad/*.tf 2>/dev/null | head -n 1 || true)
    [ -n "$first" ] && cp "$first" "$out/$(echo "$first" | tr / -)"
    for f in "$rule"bad/*/*.tf.json "$rule"bad/*/*.tfvars; do
      [ -f "$f" ] && cp "$f" "$out/$(echo "$f" | tr / -)"
    done
  done
  cp examples/fastapi-monolith/main.tf "$out/fastapi-monolith-main.tf"
  for f in tests/fixtures/modules/*/main.tf; do cp "$f" "$out/$(echo "$f" | tr / -)"; done
  cp tests/robustness/* "$out/"
done
echo "seeded fuzz/corpus/{parse,evaluate,check,amplify}"
