#!/usr/bin/env bash
# Real-editor test of the Neovim plugin (editors/neovim) with the cable-ls server:
# headless Neovim 0.11 opens a copy of tests/fixtures/lima-style.cable with one fault and
# checks filetype detection, the diagnostic, the outline, hover, :CableSyntaxTree,
# :checkhealth cable and the severity settings (editors/test/neovim-test.lua).
#
#   CABLE_LS           absolute path of the server binary (required), e.g. $PWD/target/debug/cable-ls
#   EDITOR_TEST_CACHE  where editors/test/install-neovim.sh installed Neovim
#                      (default ${XDG_CACHE_HOME:-$HOME/.cache}/cable-ls-editor-tests)
#   NVIM               a Neovim 0.11+ binary to use instead of the cached one
#   TEST_TIMEOUT_MS    how long to wait for one server answer (default 15000)
#   KEEP_WORK=1        keep the temp dir (fixture copies, XDG dirs with nvim's lsp.log)
#
# Prints one line per check and last `neovim: N passed, M failed`. Exit 0 all passed,
# 1 a check failed (also: CABLE_LS is no executable), 2 the test cannot run (no Neovim,
# CABLE_LS unset or relative).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/paths.sh"
PLUGIN_DIR=$ROOT/editors/neovim
NVIM=${NVIM:-$CACHE/nvim}

if [ ! -x "$NVIM" ]; then
  echo "neovim: Neovim is not installed at $NVIM: run editors/test/install-neovim.sh (or set NVIM)" >&2
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

# Neovim writes shada, its log and lsp.log under the XDG dirs: keep them in the temp dir
# (otherwise ~/.local/state/nvim), and read no user config.
export XDG_CONFIG_HOME=$WORK/xdg/config XDG_DATA_HOME=$WORK/xdg/data \
       XDG_STATE_HOME=$WORK/xdg/state XDG_CACHE_HOME=$WORK/xdg/cache
unset VIMINIT NVIM_APPNAME CABLE_LS_PATH || true

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

# an optional package for the :packadd run (mode start)
mkdir -p "$WORK/packroot/pack/cable/opt"
ln -s "$PLUGIN_DIR" "$WORK/packroot/pack/cable/opt/cable.nvim"

# helptags on a copy of doc/ (not in the clone): it reports duplicate or bad tags as errors
mkdir -p "$WORK/helprt"
cp -r "$PLUGIN_DIR/doc" "$WORK/helprt/doc"

passed=0 failed=0
run_mode() {
  # pack_root first: bash expands the assignments below left to right, after WORK= changes WORK
  local mode=$1 out rc=0 pack_root=$WORK/packroot
  # timeout: a hung Neovim or server must fail the run, not stall CI; stdin from /dev/null
  out=$(TEST_MODE=$mode WORK=$WORK/files PLUGIN_DIR=$PLUGIN_DIR CABLE_LS=$CABLE_LS \
        SHARED_DIR=$ROOT/../shared REPO_ROOT=$ROOT PACK_ROOT=$pack_root \
        timeout -k 5 120 "$NVIM" --headless --clean -u "$HERE/neovim-test.lua" </dev/null 2>"$WORK/stderr-$mode") || rc=$?
  printf '%s\n' "$out" | grep -v '^RESULT ' || true
  local p f
  p=$(printf '%s\n' "$out" | sed -n 's/^RESULT passed=\([0-9]*\) failed=\([0-9]*\)$/\1/p')
  f=$(printf '%s\n' "$out" | sed -n 's/^RESULT passed=\([0-9]*\) failed=\([0-9]*\)$/\2/p')
  if [ -z "$p" ]; then
    # no RESULT line: nvim crashed, timed out (rc 124) or the script never ran
    echo "FAIL - [$mode] nvim exited $rc without a result; stderr:"
    sed 's/^/   /' "$WORK/stderr-$mode" | tail -n 20
    failed=$((failed + 1))
    return
  fi
  passed=$((passed + p)) failed=$((failed + f))
  if [ "$f" = 0 ] && [ "$rc" != 0 ]; then
    echo "FAIL - [$mode] all checks passed but nvim exited $rc"
    failed=$((failed + 1))
  fi
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

start=$(date +%s.%N)
for mode in enable start lspdir; do
  run_mode "$mode"
done
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

echo "# $("$NVIM" --version | head -n1), 3 Neovim runs in ${secs} s"
echo "neovim: $passed passed, $failed failed"
[ "$failed" = 0 ]
