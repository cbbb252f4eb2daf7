#!/usr/bin/env bash
# The hooks' test (issue 12): pre-commit (pinned, release/install-tools.sh) in a temporary
# repository of transcriptions, whose .pre-commit-config.yaml names a local copy of this
# repository by path and commit. For each hook, a commit of a faulty cable is refused with
# the fault named, and the same file corrected commits; likewise for the local hook the README
# offers historians, which installs the wheel. Everything, pre-commit's cache and the
# hook's build included, stays in a temporary folder; nothing leaves loopback but pip's
# download of maturin from PyPI for the build.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=release/tools.sh
. "$HERE/tools.sh"
# shellcheck source=release/assert.sh
. "$HERE/assert.sh"

bash "$HERE/install-tools.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME=$tmp/pre-commit-home PIP_CACHE_DIR=$tmp/pip-cache
# The hook's cargo build, kept between runs of this test (a clean clone builds once).
export CARGO_TARGET_DIR=$ROOT/target/pre-commit
# No user's git configuration, and an author for the commits.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@localhost
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@localhost

step "the hook repository: this working tree, committed in a copy"
hooks=$tmp/cable-ls
mkdir "$hooks"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard) |
  while IFS= read -r -d '' f; do
    [ -e "$ROOT/$f" ] && { mkdir -p "$hooks/$(dirname "$f")"; cp -p "$ROOT/$f" "$hooks/$f"; }
  done
git -C "$hooks" init -q
git -C "$hooks" add -A
git -C "$hooks" commit -qm snapshot
rev=$(git -C "$hooks" rev-parse HEAD)
ok "$hooks at $rev"

# A fresh repository of transcriptions using HOOK; a faulty cable is refused, then corrected.
# CONFIG is its .pre-commit-config.yaml (by default: HOOK from the local copy).
try_hook() {
  local hook=$1 repo=$tmp/transcriptions-$1 out
  local config=${2:-"repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: $hook"}
  git init -q "$repo"
  printf '%s\n' "$config" >"$repo/.pre-commit-config.yaml"
  (cd "$repo" && git add .pre-commit-config.yaml && git commit -qm 'pre-commit' &&
    pre-commit install >/dev/null)

  cp "$ROOT/examples/quito-08812.cable" "$repo/quito-08812.cable"
  git -C "$repo" add quito-08812.cable
  if out=$(git -C "$repo" commit -m 'faulty cable' 2>&1); then
    fail "$hook: the commit of a faulty cable went through:"$'\n'"$out"
  fi
  if ! grep -qF 'error[section-count]' <<<"$out" || ! grep -qF 'quito-08812.cable:273:20' <<<"$out"; then
    fail "$hook: the refused commit does not name the fault:"$'\n'"$out"
  fi
  [ -z "$(git -C "$repo" log --format=%s | grep -x 'faulty cable' || true)" ] ||
    fail "$hook: the faulty cable was committed"
  ok "$hook refuses the commit of a faulty cable and names the fault"

  # The example's one fault, corrected: it is then the fixture it was copied from.
  sed 's/SECTION 03 OF 05/SECTION 03 OF 04/' "$ROOT/examples/quito-08812.cable" >"$repo/quito-08812.cable"
  git -C "$repo" add quito-08812.cable
  out=$(git -C "$repo" commit -m 'corrected cable' 2>&1) ||
    fail "$hook: the commit of the corrected cable was refused:"$'\n'"$out"
  grep -q 'cable-ls check.*Passed' <<<"$out" || fail "$hook did not run on the corrected cable:"$'\n'"$out"
  ok "$hook lets the corrected cable be committed"
}

step "hook cable-ls: pre-commit builds cable-ls from the hook repository (a release build)"
try_hook cable-ls

step "hook cable-ls-system: the cable-ls on PATH (here the one the first hook built)"
built=$(find "$PRE_COMMIT_HOME" -path '*/bin/cable-ls' -type f | head -n1)
[ -n "$built" ] || fail "the first hook left no cable-ls in $PRE_COMMIT_HOME"
PATH="$(dirname "$built"):$PATH" try_hook cable-ls-system

# What README offers historians without Rust: a local hook that installs the wheel (from PyPI
# once published; here the one release/wheel.sh builds, by path).
step "a local hook installing the wheel (no Rust, no hook repository)"
wheel=$(find "$(bash "$HERE/wheel.sh" | tail -n1)" -name 'cable_ls-*.whl')
try_hook cable-ls-wheel "repos:
  - repo: local
    hooks:
      - id: cable-ls
        name: cable-ls check
        entry: cable-ls check
        language: python
        additional_dependencies: ['$wheel']
        files: \\.cable\$"

finish
