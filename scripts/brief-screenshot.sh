#!/usr/bin/env bash
# Makes docs/brief-page1.png: the first printed (A4) page of the flagship's
# HTML brief, as Chromium prints it. Run by hand when the HTML template
# changes; needs scripts/install-browser.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run -q -- export briefings/cz-mfa-apt31-article.yaml --all --format html -o "$work/brief.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --no-pdf-header-footer \
    --paper-width=8.27 --paper-height=11.69 \
    --print-to-pdf="$work/brief.pdf" "file://$work/brief.html" 2>/dev/null
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/brief.pdf" docs/brief-page1
echo "wrote docs/brief-page1.png"
