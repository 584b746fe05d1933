#!/usr/bin/env bash
# Times `debrief --no-cache list` (every file parsed: cold) against a Python script that loads the same files with
# PyYAML's C loader (yaml.CSafeLoader), side by side in one hyperfine run, on
# a generated library of 10,000 briefings, and prints the ratio.
#
#   scripts/compare-load.sh [LIBRARY] [N]
#
# LIBRARY defaults to target/bench-library-10000; it is generated (about
# 260 MB) when it does not exist. Needs hyperfine (apt-get install -y
# hyperfine) and PyYAML with libyaml (python3 -m pip install pyyaml; the
# script checks yaml.__with_libyaml__). Without hyperfine it falls back to
# timing alternate runs itself.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${2:-10000}
LIB=${1:-target/bench-library-$N}
RUNS=${RUNS:-5}
BIN=target/release/debrief

python3 -c 'import yaml, sys; sys.exit(0 if yaml.__with_libyaml__ else 1)' || {
    echo "compare-load: PyYAML lacks libyaml: apt-get install -y libyaml-dev &&" \
         "python3 -m pip install --force-reinstall --no-binary pyyaml pyyaml" >&2
    exit 1
}
cargo build --release --quiet --bin debrief --example gen-library
if [ ! -d "$LIB" ]; then
    ./target/release/examples/gen-library "$N" "$LIB"
fi
files=$(find "$LIB" -name '*.yaml' | wc -l)
bytes=$(find "$LIB" -name '*.yaml' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
echo "library: $LIB, $files files, $bytes bytes; $(nproc) cores; load now: $(cut -d' ' -f1-3 /proc/loadavg)"

if command -v hyperfine >/dev/null; then
    json=$(mktemp)
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$json" \
        -n "debrief list" "$BIN --no-cache list $LIB > /dev/null" \
        -n "pyyaml CSafeLoader" "python3 scripts/pyyaml_load.py $LIB"
    python3 - "$json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
d, p = r["debrief list"], r["pyyaml CSafeLoader"]
print(f"debrief list: median {d['median']:.2f} s; pyyaml: median {p['median']:.2f} s")
print(f"ratio (pyyaml / debrief, medians): {p['median'] / d['median']:.2f}x  (target >= 10x, issue 20)")
PY
    rm -f "$json"
else
    # Alternate the two so both see the same load on the machine.
    declare -a dt pt
    for _ in $(seq "$RUNS"); do
        s=$(date +%s.%N); "$BIN" --no-cache list "$LIB" > /dev/null; e=$(date +%s.%N)
        dt+=("$(echo "$e - $s" | bc)")
        s=$(date +%s.%N); python3 scripts/pyyaml_load.py "$LIB" > /dev/null; e=$(date +%s.%N)
        pt+=("$(echo "$e - $s" | bc)")
    done
    python3 - "${dt[*]}" "${pt[*]}" <<'PY'
import statistics, sys
d = statistics.median(map(float, sys.argv[1].split()))
p = statistics.median(map(float, sys.argv[2].split()))
print(f"debrief list: median {d:.2f} s; pyyaml: median {p:.2f} s")
print(f"ratio (pyyaml / debrief, medians): {p / d:.2f}x  (target >= 10x, issue 20)")
PY
fi
