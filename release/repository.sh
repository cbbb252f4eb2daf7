#!/usr/bin/env bash
# Hands cargo-dist the GitHub repository the release is published in, from the one explicit
# setting CABLE_LS_REPOSITORY (the release workflow sets it to
# ${{ github.server_url }}/${{ github.repository }}). dist will not make installers without it:
# their default download address is that repository's release page. The workspace's Cargo.toml
# stays without a `repository` (no address is guessed, and the binary's diagnostics link to
# none); dist reads this one from server/dist.toml, which this script writes and git ignores.
set -euo pipefail
# shellcheck source=release/tools.sh
. "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

repository=${CABLE_LS_REPOSITORY:-}
if [ -z "$repository" ]; then
  cat >&2 <<'MSG'
release: set CABLE_LS_REPOSITORY to the GitHub address the release is published at
(https://github.com/OWNER/NAME): the installers download from its release page. For a build
that is only tried here, with the installers pointed at local files (CABLE_LS_DOWNLOAD_URL),
use https://github.com/-unpublished-/cable-ls, an address GitHub cannot have (no account name
starts with a hyphen), so nothing is ever downloaded from it.
MSG
  exit 2
fi
printf '# Written by release/repository.sh; not committed.\n[package]\nrepository = "%s"\n' \
  "$repository" >"$ROOT/server/dist.toml"
