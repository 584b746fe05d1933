#!/usr/bin/env bash
# Makes (or reuses) a Python venv under target/stix-venv with the real STIX
# tools the tests check our output against:
#   validator  stix2-validator  (OASIS validator, tests/stix_validate.rs)
#   misp       misp-stix        (MISP's converter, tests/stix_misp.rs)
#   taxii      medallion        (OASIS TAXII 2.1 server, tests/taxii.rs)
# Usage: stix-venv.sh [validator|misp|taxii|all] (default all). Prints the
# venv's path on success; exits non-zero with the reason on stderr when it
# cannot (no python, no network to PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
venv="$target/stix-venv"
want="${1:-all}"
case "$want" in
    validator) pkgs="stix2-validator"; mods="stix2validator" ;;
    misp) pkgs="misp-stix"; mods="misp_stix_converter" ;;
    taxii) pkgs="medallion"; mods="medallion" ;;
    all) pkgs="stix2-validator misp-stix medallion"; mods="stix2validator misp_stix_converter medallion" ;;
    *) echo "usage: $0 [validator|misp|taxii|all]" >&2; exit 2 ;;
esac
imports() {
    for m in $mods; do "$venv/bin/python" -c "import $m" 2>/dev/null || return 1; done
}
# Reuse: a venv whose packages already import is not touched.
if [ -x "$venv/bin/python" ] && imports; then
    echo "$venv"
    exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed" >&2; exit 1; }
# Several tests may ask at once: one installs, the others wait for it.
mkdir -p "$target"
exec 9>"$target/stix-venv.lock"
flock 9 2>/dev/null || true
if [ -x "$venv/bin/python" ] && imports; then
    echo "$venv"
    exit 0
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2 \
    || { echo "python3 -m venv failed (python3-venv missing?)" >&2; exit 1; }
# shellcheck disable=SC2086
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check $pkgs >&2 \
    || { echo "pip could not install $pkgs (no network to PyPI?)" >&2; exit 1; }
imports || { echo "$pkgs installed but does not import" >&2; exit 1; }
echo "$venv"
