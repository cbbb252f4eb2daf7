#!/usr/bin/env bash
# The acceptance test of the release archive (issue 12): builds it with the one documented
# command, checks its checksum, installs it with the shell installer pointed at the local files
# (CABLE_LS_DOWNLOAD_URL, file://) into a temporary HOME and a temporary prefix, runs the
# installed binary on examples/, and reads the binary's dynamic section: no glibc symbol
# version above 2.17, no shared library beyond glibc's own. Fails loudly at the first fault.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=release/tools.sh
. "$HERE/tools.sh"
# shellcheck source=release/assert.sh
. "$HERE/assert.sh"

# An address GitHub cannot have (release/repository.sh): the installer's default download
# address is never used, every download goes to the local files.
export CABLE_LS_REPOSITORY=https://github.com/-unpublished-/cable-ls
dist_dir=$(bash "$HERE/build.sh" | tail -n1)
archive=cable-ls-x86_64-unknown-linux-gnu.tar.xz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

step "checksums of $archive"
(cd "$dist_dir" && sha256sum --check --strict "$archive.sha256")
(cd "$dist_dir" && grep -F " *$archive" sha256.sum | sha256sum --check --strict)
ok "$archive matches its .sha256 and sha256.sum"

step "the installer refuses no glibc from 2.17 on"
grep -q 'check_glibc "2" "17"' "$dist_dir/cable-ls-installer.sh" ||
  fail "the shell installer asks for another glibc: $(grep -o 'check_glibc "[0-9]*" "[0-9]*"' "$dist_dir/cable-ls-installer.sh" | sort -u)"
ok "the shell installer accepts glibc 2.17 and later"

# Only the installer's own variables and a bare PATH: nothing of the real HOME is read or
# written (the installer adds its directory to the shell's startup files in HOME).
install_with() {
  env -i PATH=/usr/bin:/bin HOME="$tmp/home" CABLE_LS_DOWNLOAD_URL="file://$dist_dir" "$@" \
    sh "$dist_dir/cable-ls-installer.sh" --verbose
}

step "installer, default place (HOME/.local/bin, added to PATH in HOME's startup files)"
mkdir -p "$tmp/home"
install_with >"$tmp/install-home.log" 2>&1 || { cat "$tmp/install-home.log"; fail "the installer failed"; }
check_installed "$tmp/home/.local/bin/cable-ls"
# shellcheck disable=SC2016 # expanded by the new shell, in the temporary HOME
found=$(env -i PATH=/usr/bin:/bin HOME="$tmp/home" sh -c '. "$HOME/.profile"; command -v cable-ls' || true)
[ "$found" = "$tmp/home/.local/bin/cable-ls" ] ||
  fail "a new login shell of the temporary HOME finds '${found:-no cable-ls}' on PATH"
ok "a new login shell finds cable-ls on PATH"

step "installer, into a prefix (CABLE_LS_INSTALL_DIR)"
install_with CABLE_LS_INSTALL_DIR="$tmp/prefix" CABLE_LS_NO_MODIFY_PATH=1 >"$tmp/install-prefix.log" 2>&1 ||
  { cat "$tmp/install-prefix.log"; fail "the installer failed"; }
bin=$(find "$tmp/prefix" -name cable-ls -type f)
[ -n "$bin" ] || fail "nothing installed under the prefix: $(find "$tmp/prefix")"
check_installed "$bin"
cmp -s "$bin" "$dist_dir/cable-ls-x86_64-unknown-linux-gnu/cable-ls" ||
  fail "the installed binary is not the archive's"

step "glibc symbol versions and shared libraries of the shipped binary"
check_linkage "$bin"

finish
