#!/usr/bin/env bash
# The cargo that dist runs (dist takes its cargo from $CARGO): every command goes to the real
# cargo unchanged, except a build for a Linux GNU target, which becomes
# `cargo zigbuild --target <triple>.$GLIBC`. dist builds the host's own target with plain
# `cargo build` and has no setting for the glibc version; zig links against glibc $GLIBC's
# symbol versions with the installed standard library, so the binary runs on any distribution
# of the last ten years. Used alike here and by the release workflow.
set -euo pipefail
# shellcheck source=release/tools.sh
. "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

# The real cargo, for this script's own calls and for whatever cargo-zigbuild starts.
real=$(command -v cargo)
export CARGO=$real

args=("$@")
sub=${args[0]:-}
if [ "$sub" = build ] || [ "$sub" = zigbuild ]; then
  for i in "${!args[@]}"; do
    next=$((i + 1))
    if [ "${args[$i]}" = --target ] && [[ ${args[$next]:-} == *-linux-gnu ]]; then
      args[next]="${args[$next]}.$GLIBC"
      args[0]=zigbuild
    fi
  done
fi
exec "$real" "${args[@]}"
