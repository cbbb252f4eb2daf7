#!/usr/bin/env bash
# The real-editor suites against one cable-ls binary: the TextMate grammar tests, headless
# Neovim with editors/neovim, and VS Code (code-server driven in Chromium) with the packaged
# extension. Each suite script exits 0 (passed), 1 (failed) or 2 (cannot run: its editor is
# not installed). Prints one summary line last: `editors: N passed, M failed`.
#
#   CABLE_LS   absolute path of the server binary (required)
#   CI=true    a suite that cannot run counts as failed
#
# Exit 0 all passed; 1 a suite failed; 2 none failed but some could not run (outside CI).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -z "${CABLE_LS:-}" ]; then
  echo "editors: set CABLE_LS to the absolute path of the cable-ls binary" >&2
  exit 2
fi

passed=0 failed=0 missing=()
for suite in tmgrammar neovim vscode; do
  echo "== $suite"
  bash "$HERE/$suite.sh"
  case $? in
    0) passed=$((passed + 1)) ;;
    2) missing+=("$suite") ;;
    *) failed=$((failed + 1)) ;;
  esac
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "editors: cannot run ${missing[*]}: not installed (run editors/test/install.sh)" >&2
  if [ "${CI:-}" = true ]; then
    failed=$((failed + ${#missing[@]}))
  fi
fi
echo "editors: $passed passed, $failed failed"
if [ "$failed" -gt 0 ]; then
  exit 1
elif [ ${#missing[@]} -gt 0 ]; then
  exit 2
fi
