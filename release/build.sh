#!/usr/bin/env bash
# The Linux x86_64 release, as the release workflow makes it, with one command:
#
#   CABLE_LS_REPOSITORY=https://github.com/OWNER/NAME bash release/build.sh
#
# Installs the pinned tools if needed (release/install-tools.sh), then has cargo-dist build
# the archive cable-ls-x86_64-unknown-linux-gnu.tar.xz (the binary linked against glibc 2.17
# by release/cargo-glibc.sh), its .sha256, the shell and PowerShell installers and sha256.sum
# into target/distrib/, whose path it prints last. CABLE_LS_REPOSITORY: release/repository.sh.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/tools.sh"

bash "$HERE/repository.sh"
bash "$HERE/install-tools.sh"
cd "$ROOT"
rm -rf target/distrib
# As in the release workflow: the machine's own target (no other standard library can be
# installed here; the workflow builds the other four on their own runners), then the
# installers and sha256.sum, which read the first step's manifest from target/distrib.
CARGO="$HERE/cargo-glibc.sh" dist build --artifacts=local --target=x86_64-unknown-linux-gnu \
  --print=linkage --output-format=json >target/dist-manifest.json
mv target/dist-manifest.json target/distrib/x86_64-unknown-linux-gnu-dist-manifest.json
dist build --artifacts=global --output-format=json >target/dist-manifest.json
mv target/dist-manifest.json target/distrib/global-dist-manifest.json
echo "$ROOT/target/distrib"
