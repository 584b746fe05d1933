#!/bin/sh
# Builds the seed corpus of the load_and_render target in fuzz/corpus/ (not
# committed): every bundled briefing at 80x24 and at 120x40, and the small
# hand-written seeds of fuzz/seeds/. Each input is 4 size bytes (width and
# height, little-endian u16) and then the file; see harness.rs.
set -eu
cd "$(dirname "$0")"
out=corpus/load_and_render
mkdir -p "$out"
for f in ../briefings/*.yaml; do
    name=$(basename "$f" .yaml)
    { printf 'P\000\030\000'; cat "$f"; } > "$out/$name-80x24"   # 80 x 24
    { printf 'x\000(\000'; cat "$f"; } > "$out/$name-120x40"     # 120 x 40
done
cp seeds/* "$out/"
echo "$(ls "$out" | wc -l) inputs in fuzz/$out"
