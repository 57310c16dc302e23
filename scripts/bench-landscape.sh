#!/usr/bin/env bash
# Times a 129² loss landscape of a [2,16,16,1] network on 200 moons points on the GPU
# against every CPU core in f64, and the CPU's full-batch Adam training steps per second
# (one line from tests/net_loss_gpu.rs, measured in one release run).
# Usage: scripts/bench-landscape.sh
set -euo pipefail
cd "$(dirname "$0")/.."
NODEVICE_SELECT=1 cargo test --release -q --test net_loss_gpu -- --exact landscape_bench --nocapture \
  2>&1 | grep "landscape bench:"
