#!/usr/bin/env bash
# Add embedscope to the Linux desktop menu of the current user (XDG paths, no root needed).
# Install the binary first (`cargo install --path .` puts it in ~/.cargo/bin, which must be on
# PATH for the menu entry's `Exec=embedscope`). The window's app id is `embedscope`, the name of
# the .desktop file, so desktops group the window under this entry and show its icon.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
install -Dm644 "$here/linux/embedscope.desktop" "$data/applications/embedscope.desktop"
install -Dm644 "$here/icons/embedscope.svg" "$data/icons/hicolor/scalable/apps/embedscope.svg"
for size in 16 32 48 64 128 256 512; do
  install -Dm644 "$here/icons/embedscope-$size.png" "$data/icons/hicolor/${size}x${size}/apps/embedscope.png"
done
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$data/icons/hicolor" || true
echo "installed embedscope.desktop and icons under $data"
