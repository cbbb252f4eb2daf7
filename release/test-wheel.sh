#!/usr/bin/env bash
# The wheel's acceptance test (issue 12): builds it (release/wheel.sh), installs it into a
# fresh virtual environment with no package index, and runs that environment's cable-ls on
# examples/; the binary inside needs glibc 2.17 at most, as the wheel's manylinux2014 tag says.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=release/tools.sh
. "$HERE/tools.sh"
# shellcheck source=release/assert.sh
. "$HERE/assert.sh"

wheels=$(bash "$HERE/wheel.sh" | tail -n1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

step "the wheel"
wheel=$(find "$wheels" -name 'cable_ls-*-py3-none-manylinux2014_x86_64*.whl')
if [ -z "$wheel" ] || [ "$(wc -l <<<"$wheel")" -ne 1 ]; then
  fail "expected one manylinux2014 x86_64 wheel in $wheels, found: $(ls "$wheels")"
fi
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -n1)
case $(basename "$wheel") in
  "cable_ls-$version-"*) ok "$(basename "$wheel")" ;;
  *) fail "$(basename "$wheel") is not version $version of the workspace" ;;
esac

step "installed into a fresh virtual environment"
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
check_installed "$tmp/venv/bin/cable-ls"
check_linkage "$tmp/venv/bin/cable-ls"

finish
