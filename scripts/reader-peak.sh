#!/usr/bin/env bash
# The reader's peak memory on a library, as docs/PERFORMANCE.md measures it:
# the reader runs in tmux at 250x80 under /usr/bin/time; once its header no
# longer says "loading", it searches for `bastion`, opens the first hit and
# quits. Prints the seconds and the peak resident set in KB.
#
#   scripts/reader-peak.sh LIBRARY [CACHE_HOME]
#
# CACHE_HOME is the XDG_CACHE_HOME to run with (default: a new scratch one,
# so the run is cold and writes the cache; give the same one twice for a
# warm run). Needs tmux.
set -euo pipefail
cd "$(dirname "$0")/.."

LIB=${1:?usage: scripts/reader-peak.sh LIBRARY [CACHE_HOME]}
BIN=${BIN:-target/release/debrief}
cache=${2:-}
if [ -z "$cache" ]; then
    cache=$(mktemp -d)
    trap 'rm -rf "$cache"' EXIT
fi
command -v tmux >/dev/null || { echo "reader-peak: needs tmux" >&2; exit 1; }
[ -x "$BIN" ] || cargo build --release --quiet --bin debrief

session=reader-peak-$$
out=$(mktemp)
tmux new-session -d -s "$session" -x 250 -y 80 \
    "XDG_CACHE_HOME='$cache' /usr/bin/time -f '%e s %M KB' -o '$out' '$BIN' '$LIB'"
# Up to 20 minutes for 100,000 briefings on a cold cache.
for _ in $(seq 2400); do
    sleep 0.5
    top=$(tmux capture-pane -p -t "$session" 2>/dev/null | head -3 || true)
    if [ -n "$top" ] && ! grep -qi loading <<<"$top"; then
        break
    fi
done
sleep 1
tmux send-keys -t "$session" "/bastion" Enter
sleep 3
tmux send-keys -t "$session" Enter
sleep 2
for _ in 1 2 3; do
    tmux send-keys -t "$session" q
    sleep 0.5
done
for _ in $(seq 60); do
    [ -s "$out" ] && break
    sleep 0.5
done
tmux kill-session -t "$session" 2>/dev/null || true
echo "reader on $LIB: $(cat "$out")"
rm -f "$out"
