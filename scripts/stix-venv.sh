#!/usr/bin/env bash
# Makes (or reuses) a Python venv under target/stix-venv with the OASIS STIX
# validator, for tests/stix_validate.rs. Prints the venv's path on success;
# exits non-zero with the reason on stderr when it cannot (no python, no network).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
venv="$target/stix-venv"
# Reuse: a venv whose validator already imports is not rebuilt.
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import stix2validator" 2>/dev/null; then
    echo "$venv"
    exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed" >&2; exit 1; }
python3 -m venv "$venv" >&2 || { echo "python3 -m venv failed (python3-venv missing?)" >&2; exit 1; }
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check stix2-validator >&2 \
    || { echo "pip could not install stix2-validator (no network to PyPI?)" >&2; exit 1; }
echo "$venv"
