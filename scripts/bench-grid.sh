#!/usr/bin/env bash
# Frame time of the 4-view small-multiples grid (lr-comparison-grid) in a real window under
# Xvfb, for two descent binaries, interleaved round after round so that load from other
# processes hits both alike; prints each round and the ratio of the medians.
#
#   scripts/bench-grid.sh <before binary> <after binary> [rounds] [frames]
set -euo pipefail
before=$1
after=$2
rounds=${3:-5}
frames=${4:-40}
export NODEVICE_SELECT=1 LIBGL_ALWAYS_SOFTWARE=1
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
run() {
  xvfb-run -a -s "-screen 0 1920x1080x24" "$1" view --scene lr-comparison-grid \
    --bench-frames "$frames" 2>&1 | grep -o 'median [0-9.]* ms' | awk '{print $2}'
}
b=() a=()
for r in $(seq "$rounds"); do
  b+=("$(run "$before")")
  a+=("$(run "$after")")
  echo "round $r: before ${b[-1]} ms, after ${a[-1]} ms"
done
mb=$(printf '%s\n' "${b[@]}" | median)
ma=$(printf '%s\n' "${a[@]}" | median)
echo "median of medians: before $mb ms, after $ma ms, after/before $(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.3f", a/b}')"
