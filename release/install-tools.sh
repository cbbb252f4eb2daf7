#!/usr/bin/env bash
# Installs the release tools, version-pinned (release/tools.sh), into a cache outside the clone:
# cargo-dist from crates.io (compiled: about 15 minutes on two cores, once), the Python tools
# from PyPI into one virtual environment, and shellcheck from Debian's packages (actionlint runs
# it on the workflow's scripts). Every step checks first, so a second run takes about a second.
#
#   release/install-tools.sh --check   installs nothing; exit 0 when every tool is in place
set -euo pipefail
# shellcheck source=release/tools.sh
. "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

if [ "${1:-}" = --check ]; then
  [ "$(dist --version 2>/dev/null || true)" = "cargo-dist $DIST_VERSION" ] &&
    [ "$(cat "$VENV/.pinned" 2>/dev/null || true)" = "$PY_TOOLS" ] &&
    command -v shellcheck >/dev/null
  exit
fi

if [ "$(dist --version 2>/dev/null || true)" != "cargo-dist $DIST_VERSION" ]; then
  echo "install-tools: compiling cargo-dist $DIST_VERSION into $TOOLS/cargo" >&2
  cargo install --quiet --locked --version "$DIST_VERSION" --root "$TOOLS/cargo" cargo-dist
fi

stamp=$VENV/.pinned
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$PY_TOOLS" ]; then
  echo "install-tools: installing $PY_TOOLS into $VENV" >&2
  rm -rf "$VENV"                       # a half-done venv from an interrupted run
  python3 -m venv "$VENV"
  # shellcheck disable=SC2086 # one word per requirement
  "$VENV/bin/pip" install --quiet --disable-pip-version-check $PY_TOOLS
  echo "$PY_TOOLS" >"$stamp"
fi

if ! command -v shellcheck >/dev/null; then
  echo "install-tools: installing shellcheck (apt)" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-tools: shellcheck is missing and only root can install it here" >&2
    exit 2
  fi
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck; } >&2
fi
