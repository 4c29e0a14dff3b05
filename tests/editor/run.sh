#!/usr/bin/env bash
# Runs a real editor against `copylint lsp`: headless Neovim with tests/editor/init.lua
# opens a copy of tests/editor/deck.md, prints the diagnostics, applies the fix-all code
# action and checks that the diagnostics clear. Exits 0 on success; skips (exit 0, with a
# message) when nvim is not installed (`apt-get install -y neovim`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if ! command -v nvim >/dev/null 2>&1; then
  echo "tests/editor: nvim not found; skipping the editor test (apt-get install -y neovim)"
  exit 0
fi

bin="${COPYLINT_BIN:-$root/target/debug/copylint}"
if [ -z "${COPYLINT_BIN:-}" ]; then
  (cd "$root" && cargo build --quiet)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/deck.md" "$work/deck.md"
cd "$work"
# -n: no swap file, -i NONE: no shada; the output is the script's, on standard output.
COPYLINT_BIN="$bin" timeout 120 nvim --headless -n -i NONE -u "$here/init.lua" deck.md
