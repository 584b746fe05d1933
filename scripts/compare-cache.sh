#!/usr/bin/env bash
# Times `debrief list` on an unchanged library with the cache warm against
# the same with `--no-cache` (every file parsed), alternating the two so both
# see the same load on the machine, and prints the ratio of the medians.
#
#   scripts/compare-cache.sh [LIBRARY] [N]
#
# LIBRARY defaults to target/bench-library-10000, generated when missing.
# The cache goes to a scratch XDG_CACHE_HOME, never the user's.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${2:-10000}
LIB=${1:-target/bench-library-$N}
RUNS=${RUNS:-5}
BIN=target/release/debrief

cargo build --release --quiet --bin debrief --example gen-library
if [ ! -d "$LIB" ]; then
    ./target/release/examples/gen-library "$N" "$LIB"
fi
XDG_CACHE_HOME=$(mktemp -d)
export XDG_CACHE_HOME
trap 'rm -rf "$XDG_CACHE_HOME"' EXIT
files=$(find "$LIB" -name '*.yaml' | wc -l)
bytes=$(find "$LIB" -name '*.yaml' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
echo "library: $LIB, $files files, $bytes bytes; $(nproc) cores; load now: $(cut -d' ' -f1-3 /proc/loadavg)"

# The first run writes the cache; time it too: a cold start that also writes.
s=$(date +%s.%N); "$BIN" list "$LIB" > /dev/null; e=$(date +%s.%N)
echo "first run, writing the cache: $(echo "$e - $s" | bc) s; cache $(du -sb "$XDG_CACHE_HOME" | cut -f1) bytes"
declare -a warm cold
for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N); "$BIN" list "$LIB" > /dev/null; e=$(date +%s.%N)
    warm+=("$(echo "$e - $s" | bc)")
    s=$(date +%s.%N); "$BIN" --no-cache list "$LIB" > /dev/null; e=$(date +%s.%N)
    cold+=("$(echo "$e - $s" | bc)")
done
python3 - "${warm[*]}" "${cold[*]}" <<'PY'
import statistics, sys
w = statistics.median(map(float, sys.argv[1].split()))
c = statistics.median(map(float, sys.argv[2].split()))
print(f"cache warm: median {w:.3f} s; --no-cache: median {c:.3f} s")
print(f"ratio (--no-cache / warm, medians): {c / w:.1f}x  (target >= 10x)")
PY
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
