#!/usr/bin/env bash
# One cargo-dist step, as release/build.sh and the release workflow run it:
#
#   release/dist.sh local TARGET [DIST-ARGS...]   the archive of TARGET and its .sha256
#   release/dist.sh global [DIST-ARGS...]         the installers, sha256.sum, source.tar.gz
#
# Each writes its manifest into target/distrib, where the global step reads the local ones
# (dist merges every *dist-manifest.json there). Linux GNU targets are linked against glibc
# 2.17 (release/cargo-glibc.sh). Needs dist on PATH and release/repository.sh run first.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=release/tools.sh
. "$HERE/tools.sh"
cd "$ROOT"

step=${1:?usage: release/dist.sh local TARGET | global [DIST-ARGS...]}
shift
case $step in
  local)
    target=${1:?release/dist.sh local: which target?}
    shift
    name=$target
    [[ $target == *-linux-gnu ]] && export CARGO=$HERE/cargo-glibc.sh
    set -- --artifacts=local --target="$target" --print=linkage "$@"
    ;;
  global)
    name=global
    set -- --artifacts=global "$@"
    ;;
  *) echo "release/dist.sh: no step '$step' (local or global)" >&2; exit 2 ;;
esac
# Written beside, then moved in: the global step would read a half-written manifest.
mkdir -p target/distrib
dist build "$@" --output-format=json >"target/$name-dist-manifest.json"
mv "target/$name-dist-manifest.json" target/distrib/
