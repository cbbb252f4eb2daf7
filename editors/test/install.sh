#!/usr/bin/env bash
# Installs what the real-editor tests need, version-pinned, into a cache outside the clone
# ($EDITOR_TEST_CACHE, default ${XDG_CACHE_HOME:-$HOME/.cache}/cable-ls-editor-tests):
# Neovim 0.11 (PyPI), and Node 24, code-server, Chromium, playwright-core and
# vscode-tmgrammar-test (apt and npm). Every step checks first, so a second run takes about a
# second. Exits 2 when something cannot be installed (not root, no registry), after saying
# what; the tests then report those suites as not installed.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rc=0
bash "$HERE/install-neovim.sh" || rc=2
bash "$HERE/install-vscode.sh" || rc=2
if [ "$rc" -ne 0 ]; then
  echo "install: some editors could not be installed (see above); their tests will say so" >&2
fi
exit "$rc"
