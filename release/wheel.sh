#!/usr/bin/env bash
# The Linux x86_64 wheel, as the release workflow makes it:
#
#   bash release/wheel.sh
#
# maturin (pinned, release/install-tools.sh) builds a manylinux2014 wheel (glibc 2.17, linked
# by zig as the archives are) into target/wheels/, whose path it prints last.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=release/tools.sh
. "$HERE/tools.sh"

bash "$HERE/install-tools.sh"
cd "$ROOT"
rm -rf target/wheels
# A target folder of its own: maturin's zig and dist's build each other's crates anew (their
# linker settings differ), so in a shared one each undid the other's work.
export CARGO_TARGET_DIR=$ROOT/target/wheel-build
maturin build --locked --zig --compatibility manylinux2014 --target x86_64-unknown-linux-gnu \
  --out target/wheels >&2
echo "$ROOT/target/wheels"
