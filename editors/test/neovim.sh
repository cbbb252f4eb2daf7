#!/usr/bin/env bash
# Real-editor test of the Neovim plugin (editors/neovim) with the cable-ls server:
# headless Neovim 0.11 opens a copy of tests/fixtures/lima-style.cable with one fault and
# checks filetype detection, the diagnostic, the outline, hover, :CableSyntaxTree,
# :checkhealth cable, the severity settings, the quick fix through
# vim.lsp.buf.code_action and vim.lsp.buf.definition() from a reference to the cited cable in
# a workspace folder (editors/test/neovim-test.lua); installs the
# plugin from a file:// copy of the repository as each method of editors/neovim/README.md
# says (neovim-init.lua) and sees it attach; checks the nvim-lspconfig configuration in
# Neovim and the Mason package (neovim-packaging.py) in editors/packaging.
#
#   CABLE_LS           absolute path of the server binary (required), e.g. $PWD/target/debug/cable-ls
#   EDITOR_TEST_CACHE  where editors/test/install-neovim.sh installed Neovim
#                      (default ${XDG_CACHE_HOME:-$HOME/.cache}/cable-ls-editor-tests)
#   NVIM               a Neovim 0.11+ binary to use instead of the cached one
#   TEST_TIMEOUT_MS    how long to wait for one server answer (default 15000)
#   KEEP_WORK=1        keep the temp dir (fixture copies, HOME with nvim's lsp.log, clones)
#
# The published repository is a bare copy of the checkout as it would be committed now
# (tracked and new files, without ignored ones), so uncommitted changes are tested too.
#
# Prints one line per check and last `neovim: N passed, M failed`. Exit 0 all passed,
# 1 a check failed (also: CABLE_LS is no executable), 2 the test cannot run (no Neovim,
# CABLE_LS unset or relative).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/paths.sh"
PLUGIN_DIR=$ROOT/editors/neovim
NVIM=${NVIM:-$CACHE/nvim}
PYTHON=$CACHE/nvim-python   # with PyYAML

if [ ! -x "$NVIM" ] || [ ! -x "$PYTHON" ]; then
  echo "neovim: Neovim or its Python is not installed in $CACHE: run editors/test/install-neovim.sh (or set NVIM)" >&2
  exit 2
fi
if [ -z "${CABLE_LS:-}" ]; then
  echo "neovim: set CABLE_LS to the absolute path of the cable-ls binary (cargo build -p cable-ls: \$PWD/target/debug/cable-ls)" >&2
  exit 2
fi
case "$CABLE_LS" in
  /*) ;;
  *) echo "neovim: CABLE_LS must be an absolute path, got '$CABLE_LS'" >&2; exit 2 ;;
esac
if [ ! -x "$CABLE_LS" ] || [ -d "$CABLE_LS" ]; then
  # a failure, not "cannot run": a wrapper that skips on exit 2 must not skip a broken build
  echo "FAIL - CABLE_LS=$CABLE_LS is not an executable file (cargo build -p cable-ls?)"
  echo "neovim: 0 passed, 1 failed"
  exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cable-nvim-test.XXXXXX")
cleanup() {
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "neovim: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# Neovim writes shada, its log and lsp.log under the XDG dirs, and the install methods
# clone into ~/.local/share: a HOME of its own in the temp dir, with the XDG dirs at their
# defaults there, and no system-wide config.
export HOME=$WORK/home
export XDG_CONFIG_HOME=$HOME/.config XDG_DATA_HOME=$HOME/.local/share \
       XDG_STATE_HOME=$HOME/.local/state XDG_CACHE_HOME=$HOME/.cache \
       XDG_CONFIG_DIRS=$WORK/none XDG_DATA_DIRS=$WORK/none
unset VIMINIT NVIM_APPNAME CABLE_LS_PATH MASON || true
mkdir -p "$HOME"

# the server as an installed `cable-ls`, for the runs that find it on PATH
SERVER_BIN=$WORK/bin
mkdir -p "$SERVER_BIN"
ln -s "$CABLE_LS" "$SERVER_BIN/cable-ls"

# The fault: line 273 `[REDACTED] SECTION 03 OF 04 QUITO 08812` says OF 05.
mkdir -p "$WORK/files"
sed '273s/SECTION 03 OF 04/SECTION 03 OF 05/' "$FIXTURE" > "$WORK/files/fault.cable"
if ! sed -n 273p "$WORK/files/fault.cable" | grep -q 'SECTION 03 OF 05'; then
  echo "neovim: the fixture changed: line 273 of $FIXTURE is not SECTION 03 OF 04" >&2
  exit 2
fi
cp "$WORK/files/fault.cable" "$WORK/files/fault.txt"       # detected by content
cp "$WORK/files/fault.cable" "$WORK/files/QUITO-08812"     # no extension: by content
printf 'Shopping list\n\n- milk\n- SECRET recipe book\n' > "$WORK/files/notes.txt"   # stays text
# A workspace folder of cables that cite each other (tests/workspace/cables), its root marked
# as a user's would be (the plugin's root_markers): vim.lsp.buf.definition() between them.
cp -R "$ROOT/tests/workspace/cables" "$WORK/files/refs"
mkdir "$WORK/files/refs/.git"

# an optional package for the :packadd run (mode start)
mkdir -p "$WORK/packroot/pack/cable/opt"
ln -s "$PLUGIN_DIR" "$WORK/packroot/pack/cable/opt/cable.nvim"

# helptags on a copy of doc/ (not in the clone): it reports duplicate or bad tags as errors
mkdir -p "$WORK/helprt"
cp -r "$PLUGIN_DIR/doc" "$WORK/helprt/doc"

# The repository as it is published: a bare copy of the checkout's files (a commit made
# through a temporary index, so the checkout's own index and branches stay as they are).
publish() {
  local index=$WORK/publish-index tree commit
  GIT_INDEX_FILE=$index git -C "$ROOT" read-tree HEAD
  GIT_INDEX_FILE=$index git -C "$ROOT" add -A
  tree=$(GIT_INDEX_FILE=$index git -C "$ROOT" write-tree)
  commit=$(GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@localhost GIT_COMMITTER_NAME=test \
           GIT_COMMITTER_EMAIL=test@localhost git -C "$ROOT" commit-tree -p HEAD -m 'as published' "$tree")
  git init -q --bare "$WORK/published.git"
  git -C "$ROOT" push -q "$WORK/published.git" "$commit:refs/heads/main"
  git -C "$WORK/published.git" symbolic-ref HEAD refs/heads/main
}
if ! publish >"$WORK/publish.log" 2>&1; then
  echo "FAIL - a bare copy of the checkout for the install tests (is $ROOT a git checkout?):"
  sed 's/^/   /' "$WORK/publish.log"
  echo "neovim: 0 passed, 1 failed"
  exit 1
fi
export CABLE_LS_REPO=file://$WORK/published.git

passed=0 failed=0
# tally NAME RC OUTPUT: count the checks of one run from its RESULT line
tally() {
  local name=$1 rc=$2 out=$3 p f
  printf '%s\n' "$out" | grep -v '^RESULT ' || true
  p=$(printf '%s\n' "$out" | sed -n 's/^RESULT passed=\([0-9]*\) failed=\([0-9]*\)$/\1/p')
  f=$(printf '%s\n' "$out" | sed -n 's/^RESULT passed=\([0-9]*\) failed=\([0-9]*\)$/\2/p')
  if [ -z "$p" ]; then
    # no RESULT line: nvim crashed, timed out (rc 124) or the script never ran
    echo "FAIL - [$name] exited $rc without a result; stderr:"
    sed 's/^/   /' "$WORK/stderr-$name" | tail -n 20
    failed=$((failed + 1))
    return
  fi
  passed=$((passed + p)) failed=$((failed + f))
  if [ "$f" = 0 ] && [ "$rc" != 0 ]; then
    echo "FAIL - [$name] all checks passed but it exited $rc"
    failed=$((failed + 1))
  fi
}

# run_mode MODE [VAR=value...] -- NVIM-ARGS...: one headless Neovim run of neovim-test.lua
runs=0
run_mode() {
  local mode=$1 out rc=0 vars=()
  shift
  while [ "$1" != -- ]; do vars+=("$1"); shift; done
  shift
  # timeout: a hung Neovim or server must fail the run, not stall CI; stdin from /dev/null
  out=$(env TEST_MODE="$mode" WORK="$WORK/files" PLUGIN_DIR="$PLUGIN_DIR" CABLE_LS="$CABLE_LS" \
        SERVER_BIN="$SERVER_BIN" SHARED_DIR="$ROOT/../shared" REPO_ROOT="$ROOT" FIXTURE="$FIXTURE" "${vars[@]}" \
        timeout -k 5 120 "$NVIM" --headless "$@" </dev/null 2>"$WORK/stderr-$mode") || rc=$?
  tally "$mode" "$rc" "$out"
  runs=$((runs + 1))
}

# Help file: :helptags must parse doc/cable.txt, and :help must find the plugin's tags.
help_out=$(timeout -k 5 60 "$NVIM" --headless --clean \
  --cmd "set rtp^=$WORK/helprt" \
  -c "lua local ok, e = pcall(vim.cmd, 'helptags $WORK/helprt/doc'); \
      local okh = pcall(vim.cmd, 'help cable-setup'); \
      io.stdout:write((ok and 'helptags ok' or ('helptags error: ' .. tostring(e))) .. '\n' .. \
        (okh and vim.fn.expand('%:t') or 'no help') .. '\n')" \
  -c 'qall!' </dev/null 2>&1) || true
if printf '%s\n' "$help_out" | grep -qx 'helptags ok' && printf '%s\n' "$help_out" | grep -qx 'cable.txt' \
   && [ "$(wc -l < "$WORK/helprt/doc/tags")" -ge 10 ]; then
  echo "ok - doc/cable.txt: helptags without errors ($(wc -l < "$WORK/helprt/doc/tags") tags), :help cable-setup opens it"
  passed=$((passed + 1))
else
  echo "FAIL - doc/cable.txt: $help_out"
  failed=$((failed + 1))
fi

# The Mason package for its registry.
rc=0
out=$("$PYTHON" "$HERE/neovim-packaging.py" "$ROOT" 2>"$WORK/stderr-mason") || rc=$?
tally mason "$rc" "$out"

start=$(date +%s.%N)
TEST=$HERE/neovim-test.lua
run_mode enable -- --clean -u "$TEST"
run_mode start PACK_ROOT="$WORK/packroot" -- --clean -u "$TEST"
run_mode lspdir -- --clean -u "$TEST"
run_mode lspconfig PATH="$SERVER_BIN:$PATH" -- --clean -u "$TEST"
run_mode health -- --clean -u "$TEST"

# The install methods of editors/neovim/README.md on the published repository. Built-in
# packages: the README's clone command as written (~ is the temp HOME); the plugin managers
# clone where they keep plugins, then neovim-init.lua does what their spec says.
{
  git clone --depth 1 "$CABLE_LS_REPO" ~/.local/share/nvim/site/pack/cable/start/cable-ls
  git clone -q "$CABLE_LS_REPO" "$WORK/plugged/cable-ls"
  git clone -q --filter=blob:none "$CABLE_LS_REPO" "$WORK/lazy/cable-ls"
} >"$WORK/clone.log" 2>&1 || { echo "FAIL - cloning $CABLE_LS_REPO:"; sed 's/^/   /' "$WORK/clone.log"; failed=$((failed + 1)); }
INIT=$HERE/neovim-init.lua
run_mode native CLONE_DIR="$XDG_DATA_HOME/nvim/site/pack/cable/start/cable-ls" PATH="$SERVER_BIN:$PATH" \
  -- -i NONE -u "$INIT" -S "$TEST"
run_mode vimplug CLONE_DIR="$WORK/plugged/cable-ls" PATH="$SERVER_BIN:$PATH" -- -i NONE -u "$INIT" -S "$TEST"
run_mode lazy CLONE_DIR="$WORK/lazy/cable-ls" CABLE_LS_PATH="$CABLE_LS" -- -i NONE -u "$INIT" -S "$TEST"
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

echo "# $("$NVIM" --version | head -n1), $runs Neovim runs in ${secs} s"
echo "neovim: $passed passed, $failed failed"
[ "$failed" = 0 ]
