#!/usr/bin/env bash
# Compares two folders written by scripts/render-scenes.sh file by file (bytes): prints each
# file that differs or is missing, and exits 1 if any does.
#
#   scripts/compare-renders.sh <before dir> <after dir>
set -uo pipefail
a=$1
b=$2
status=0
n=0
for f in "$a"/*; do
  name=$(basename "$f")
  n=$((n + 1))
  if [ ! -e "$b/$name" ]; then
    echo "missing in $b: $name"
    status=1
  elif ! cmp -s "$f" "$b/$name"; then
    echo "differs: $name"
    status=1
  fi
done
for f in "$b"/*; do
  [ -e "$a/$(basename "$f")" ] || { echo "only in $b: $(basename "$f")"; status=1; }
done
[ $status -eq 0 ] && echo "identical: all $n files"
exit $status
