#!/usr/bin/env bash
# The Linux x86_64 release, as the release workflow makes it, with one command:
#
#   CABLE_LS_REPOSITORY=https://github.com/OWNER/NAME bash release/build.sh
#
# Installs the pinned tools if needed (release/install-tools.sh), then has cargo-dist build
# (release/dist.sh) the archive cable-ls-x86_64-unknown-linux-gnu.tar.xz (linked against
# glibc 2.17), its .sha256, the shell and PowerShell installers and sha256.sum into
# target/distrib/, whose path it prints last. CABLE_LS_REPOSITORY: release/repository.sh.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=release/tools.sh
. "$HERE/tools.sh"

bash "$HERE/repository.sh"
bash "$HERE/install-tools.sh"
cd "$ROOT"
rm -rf target/distrib
# As in the release workflow: the machine's own target (no other standard library can be
# installed here; the workflow builds the other four on their own runners), then the
# installers and sha256.sum.
bash "$HERE/dist.sh" local x86_64-unknown-linux-gnu
bash "$HERE/dist.sh" global
echo "$ROOT/target/distrib"
