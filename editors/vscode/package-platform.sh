#!/usr/bin/env bash
# Packages the extension for one platform with the server inside, as the release workflow
# ships it and as rust-analyzer and Even Better TOML do: the binary goes to server/cable-ls
# (server/cable-ls.exe on Windows), the third place the extension looks, so a user who installs
# this .vsix needs no Rust, no setting and nothing on PATH.
#
#   editors/vscode/package-platform.sh TARGET BINARY OUT.vsix
#
# TARGET is a vsce platform (linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64, ...);
# BINARY a cable-ls built for it; OUT where the .vsix goes (relative to the current folder).
# Needs `npm ci` done in editors/vscode. The server/ folder is removed again afterwards, so
# a later universal `vsce package` holds no binary.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 TARGET BINARY OUT.vsix" >&2
  exit 2
fi
target=$1 binary=$2 out=$3
EXT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ -f "$binary" ] || { echo "package-platform: no binary at $binary" >&2; exit 2; }
case $out in /*) ;; *) out=$PWD/$out ;; esac
exe=cable-ls
case $target in win32-*) exe=cable-ls.exe ;; esac

rm -rf "$EXT/server"
trap 'rm -rf "$EXT/server"' EXIT
mkdir "$EXT/server"
cp "$binary" "$EXT/server/$exe"
chmod 755 "$EXT/server/$exe"
cd "$EXT"
npx vsce package --target "$target" --no-dependencies --allow-missing-repository --skip-license \
  --no-rewrite-relative-links --out "$out"
