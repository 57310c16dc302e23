#!/usr/bin/env bash
# Regenerates assets/screenshots/scenes.png: every shipped scene rendered the way the window
# shows it (`descent render --scene`), tiled with ImageMagick and quantised to 256 colours.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build --release -q
for s in $(target/release/descent scenes | awk '$1 ~ /^[a-z0-9-]+$/ {print $1}'); do
  target/release/descent render --scene "$s" --size 640x360 --out "$tmp/$s.png" 2>/dev/null
done
font=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf
montage -font "$font" -label '%t' "$tmp"/*.png -tile 3x -geometry 640x360+6+6 \
  -background '#101014' -fill '#e0e0e0' -pointsize 20 "$tmp/gallery.png"
convert "$tmp/gallery.png" -dither None -colors 256 PNG8:assets/screenshots/scenes.png
echo "wrote assets/screenshots/scenes.png"
