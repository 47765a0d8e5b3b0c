#!/usr/bin/env bash
# Regenerates the committed images in build/ from their SVG sources (run by hand after editing
# an SVG; CI only uses the committed files). Needs Debian's librsvg2-bin and imagemagick.
set -euo pipefail
cd "$(dirname "$0")/../build"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 16 24 32 48 64 128 256 512; do rsvg-convert -w "$size" -h "$size" icon.svg -o "$tmp/icon-$size.png"; done
cp "$tmp/icon-512.png" icon.png
convert "$tmp"/icon-{16,24,32,48,64,128,256}.png icon.ico
# NSIS wants uncompressed 24-bit BMPs: header 150×57, sidebar 164×314.
rsvg-convert installer-header.svg -o "$tmp/header.png"
rsvg-convert installer-sidebar.svg -o "$tmp/sidebar.png"
convert "$tmp/header.png" -background white -alpha remove -type TrueColor BMP3:installer-header.bmp
convert "$tmp/sidebar.png" -background white -alpha remove -type TrueColor BMP3:installer-sidebar.bmp
