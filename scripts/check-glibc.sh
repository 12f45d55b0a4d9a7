#!/usr/bin/env bash
# Usage: scripts/check-glibc.sh BINARY MAX
# Fails when BINARY needs a glibc symbol version newer than MAX (e.g. 2.17),
# as read from its dynamic symbol table (`objdump -T`), so that it runs on
# every distribution whose glibc is MAX or newer. Prints the newest needed.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 BINARY MAX" >&2
  exit 2
fi
bin=$1 max=$2
command -v objdump >/dev/null || { echo "objdump not found (binutils)" >&2; exit 2; }
[ -f "$bin" ] || { echo "$bin: no such file" >&2; exit 2; }

versions=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -u -V)
if [ -z "$versions" ]; then
  echo "$bin: no GLIBC symbol versions (static or not glibc): ok"
  exit 0
fi
newest=$(printf '%s\n' "$versions" | tail -n1)
# Newer than MAX: sorts after MAX and is not MAX.
too_new=$(printf '%s\n' "$versions" | while read -r v; do
  if [ "$v" != "$max" ] && [ "$(printf '%s\n%s\n' "$max" "$v" | sort -V | tail -n1)" = "$v" ]; then
    echo "$v"
  fi
done)
if [ -n "$too_new" ]; then
  echo "$bin needs glibc newer than $max:" >&2
  for v in $too_new; do
    objdump -T "$bin" | grep -F "(GLIBC_$v)" | awk '{print "  " $NF " (GLIBC_'"$v"')"}' | sort -u >&2
  done
  exit 1
fi
echo "$bin: newest glibc symbol version $newest <= $max: ok"
