#!/usr/bin/env bash
# Installs what tests/formats.rs validates SARIF logs with, version-pinned, into a cache
# OUTSIDE the clone, and prints the path of a validator to run as `validate-sarif FILE...`
# (with `--check-jsonschema`, the path of check-jsonschema itself, which tests/export.rs runs
# with the export's own schema):
#
#   * the SARIF 2.1.0 JSON schema, `sarif-2.1.0.json` of the npm package
#     @microsoft/sarif-multitool-linux (Microsoft's SARIF SDK, MIT licence); only that file is
#     kept. The Multitool's own `validate` verb is not used: it passes logs that break the
#     schema (an unknown result level, an unknown property).
#   * check-jsonschema (PyPI), which validates a file against a local schema.
#
#   TEST_TOOLS_CACHE   where to install (default ${XDG_CACHE_HOME:-$HOME/.cache}/cable-ls-test-tools)
#
# Every step checks first, so a second run takes well under a second. Exits 2 when something
# cannot be installed (no registry), after saying what.
set -euo pipefail

MULTITOOL_VERSION=5.7.0
CHECK_JSONSCHEMA_VERSION=0.39.0
CACHE=${TEST_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cable-ls-test-tools}
DIR=$CACHE/sarif-$MULTITOOL_VERSION-check-jsonschema-$CHECK_JSONSCHEMA_VERSION
SCHEMA=$DIR/sarif-2.1.0.json
VENV=$DIR/venv
VALIDATOR=$DIR/validate-sarif

fail() { echo "install-sarif-validator: $*" >&2; exit 2; }

if [ ! -s "$SCHEMA" ]; then
  command -v npm >/dev/null || fail "npm is required"
  mkdir -p "$DIR"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "install-sarif-validator: fetching @microsoft/sarif-multitool-linux@$MULTITOOL_VERSION for its schema" >&2
  (cd "$tmp" && npm pack --silent "@microsoft/sarif-multitool-linux@$MULTITOOL_VERSION" >/dev/null) \
    || fail "npm pack failed"
  tar -xzf "$tmp"/microsoft-sarif-multitool-linux-"$MULTITOOL_VERSION".tgz -C "$tmp" package/sarif-2.1.0.json \
    || fail "the package holds no sarif-2.1.0.json"
  mv "$tmp/package/sarif-2.1.0.json" "$SCHEMA"
fi

installed() { "$VENV/bin/check-jsonschema" --version 2>/dev/null | grep -q "$CHECK_JSONSCHEMA_VERSION"; }
if ! installed; then
  command -v python3 >/dev/null || fail "python3 is required"
  echo "install-sarif-validator: installing check-jsonschema==$CHECK_JSONSCHEMA_VERSION into $VENV" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV" || fail "python3 -m venv failed"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "check-jsonschema==$CHECK_JSONSCHEMA_VERSION" >&2 \
    || fail "pip install check-jsonschema failed"
  installed || fail "check-jsonschema $CHECK_JSONSCHEMA_VERSION does not run"
fi

cat > "$VALIDATOR.tmp" <<SCRIPT
#!/bin/sh
exec "$VENV/bin/check-jsonschema" --schemafile "$SCHEMA" "\$@"
SCRIPT
chmod +x "$VALIDATOR.tmp"
mv "$VALIDATOR.tmp" "$VALIDATOR"
if [ "${1:-}" = --check-jsonschema ]; then
  echo "$VENV/bin/check-jsonschema"
else
  echo "$VALIDATOR"
fi
