#!/usr/bin/env bash
# Render the app icon PNGs from embedscope.svg (needs rsvg-convert: apt install librsvg2-bin).
# The 128 px PNG is the window icon (src/gui/mod.rs); the others are for Linux menus (hicolor).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" embedscope.svg -o "embedscope-$size.png"
done
ls -l embedscope-*.png
