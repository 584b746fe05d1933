#!/usr/bin/env bash
# Installs (or reuses) yaml-language-server from npm under the target
# folder, for tests/editor_schema.rs: the schema-aware server VS Code, Neovim
# and Helix run. Prints the folder holding node_modules on success; exits
# non-zero with the reason on stderr when it cannot (no node, no network).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
dir="$target/yaml-language-server"
server="$dir/node_modules/yaml-language-server/bin/yaml-language-server"
if [ -f "$server" ] && command -v node >/dev/null 2>&1; then
    echo "$dir"
    exit 0
fi
command -v node >/dev/null 2>&1 || { echo "node is not installed" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "npm is not installed" >&2; exit 1; }
mkdir -p "$dir"
# The 1.x line, which editors ship today.
npm install --prefix "$dir" --no-audit --no-fund --silent yaml-language-server@1 >&2 \
    || { echo "npm could not install yaml-language-server (no network to npm?)" >&2; exit 1; }
echo "$dir"
