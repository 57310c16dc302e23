#!/usr/bin/env bash
# Times the GPU sweep engine against every CPU core in f64 (`descent map` prints both and
# their ratio in one run): the issue's cases on Himmelblau. Usage: scripts/bench-map.sh [big]
# — `big` adds 1024² and 4096² × 1000 steps (for a real GPU; hours on lavapipe).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
d=target/release/descent
run() {
  echo "== $*"
  "$d" map --preset himmelblau "$@" | grep -E "time:|map of"
}
run --optimizer adam --lr 0.1 --resolution 256 --max-steps 200
run --optimizer momentum --lr 0.004 --resolution 512 --max-steps 1000
if [[ "${1:-}" == big ]]; then
  run --optimizer adam --lr 0.1 --resolution 1024 --max-steps 1000 --tol 0
  run --optimizer adam --lr 0.1 --resolution 4096 --max-steps 1000 --tol 0
fi
