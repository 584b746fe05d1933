#!/usr/bin/env bash
# Installs Debian's Chromium (and poppler-utils for pdftoppm) for the test
# that opens the HTML brief in a real browser. Does nothing when they are
# there already; exits non-zero when they cannot be installed, and the test
# then says it is skipped.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no apt-get here; install chromium and poppler-utils by hand" >&2
    exit 1
fi
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium poppler-utils >/dev/null
