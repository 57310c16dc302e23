#!/usr/bin/env bash
# Renders every shipped scene with one descent binary, as PNG (window layout, 960×540 and
# 1280×720, at the start and the end of the runs) and as step tables (CSV of every run),
# into a folder. Run it with the binaries of two commits and compare the folders with
# scripts/compare-renders.sh: a restructuring that changes no behaviour leaves them identical.
#
#   scripts/render-scenes.sh <descent binary> <out dir>
set -euo pipefail
bin=$(realpath "$1")
out=$2
mkdir -p "$out"
cd "$out"
out=.
export NODEVICE_SELECT=1 LIBGL_ALWAYS_SOFTWARE=1
for s in $("$bin" scenes | awk '{print $1}'); do
  for size in 960x540 1280x720; do
    "$bin" render --scene "$s" --size "$size" --out "$out/$s-$size.png" 2>"$out/$s-$size.log"
  done
  "$bin" render --scene "$s" --size 960x540 --step 0 --out "$out/$s-start.png" 2>"$out/$s-start.log"
  "$bin" trajectories --scene "$s" >"$out/$s.csv" 2>"$out/$s-csv.log"
done
# The CLI's own pictures (no scene): a preset with a run, the contour and curve views.
"$bin" render --preset rosenbrock --size 800x600 --out "$out/cli-rosenbrock.png" 2>"$out/cli-rosenbrock.log"
"$bin" render --func "x^2 + 3*y^2" --view contour --size 800x600 --out "$out/cli-contour.png" 2>"$out/cli-contour.log"
"$bin" render --func "x^4 - 2*x^2" --start 1.5 --size 800x600 --out "$out/cli-curve.png" 2>"$out/cli-curve.log"
echo "rendered $(ls ./*.png | wc -l) images into $2"
