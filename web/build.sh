#!/usr/bin/env bash
# Builds descent's static site into target/web/ (index.html, descent_web.js,
# descent_web_bg.wasm: nothing else is needed to serve it). Installs what it needs: the
# wasm32 target and wasm-bindgen-cli at the version in Cargo.lock.
#   web/build.sh            # the `web` profile: release with LTO
#   web/serve.sh            # serves target/web on http://127.0.0.1:8080
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (once)…" >&2
  cargo install --quiet wasm-bindgen-cli --version "$want"
fi

# Its own target folder: the wasm build then never waits for a native one.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target/wasm}"
# The `web` profile: release with LTO in one codegen unit (Cargo.toml says why).
cargo build --profile web -p descent-web --target wasm32-unknown-unknown
out=target/web
tmp="$out.tmp"
rm -rf "$tmp"
mkdir -p "$tmp"
# Without the function-name section (1.8 MB raw): browser stack traces then show
# wasm-function[N]; panic messages keep their text.
wasm-bindgen --target web --no-typescript --remove-name-section --out-dir "$tmp" \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/web/descent_web.wasm"
cp web/index.html "$tmp/"
rm -rf "$out"
mv "$tmp" "$out"
raw=$(stat -c %s "$out/descent_web_bg.wasm")
gz=$(gzip -9 -c "$out/descent_web_bg.wasm" | wc -c)
echo "built $out: descent_web_bg.wasm $((raw / 1024)) KiB raw, $((gz / 1024)) KiB gzip" >&2
