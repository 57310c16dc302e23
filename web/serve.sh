#!/usr/bin/env bash
# Serves the site web/build.sh made (target/web) on http://127.0.0.1:${PORT:-8080}.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/web/index.html ] || { echo "no site yet: run web/build.sh first" >&2; exit 2; }
exec python3 -m http.server -d target/web --bind 127.0.0.1 "${PORT:-8080}"
