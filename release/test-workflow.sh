#!/usr/bin/env bash
# The release workflow and the release scripts pass their linters (issue 12): actionlint on
# .github/workflows/ (running shellcheck on every `run:` script), shellcheck on release/*.sh,
# and pre-commit's check of .pre-commit-hooks.yaml. The linter is first shown a broken copy of the
# workflow, which it must reject, so a linter that checks nothing cannot pass. The workflow's
# platforms are the ones dist-workspace.toml builds.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=release/tools.sh
. "$HERE/tools.sh"
# shellcheck source=release/assert.sh
. "$HERE/assert.sh"

bash "$HERE/install-tools.sh"
cd "$ROOT"
workflow=.github/workflows/release.yml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v shellcheck >/dev/null || fail "shellcheck is not installed: actionlint would skip the scripts"

step "actionlint rejects a broken workflow"
mkdir -p "$tmp/.github/workflows"
sed 's/needs: \[global, vsix\]/needs: [global, vsix, no-such-job]/' "$workflow" >"$tmp/$workflow"
cmp -s "$workflow" "$tmp/$workflow" && fail "the broken copy is not broken: the release job's needs changed?"
if (cd "$tmp" && actionlint "$workflow") >"$tmp/broken.log" 2>&1; then
  fail "actionlint accepted a job that needs a job that does not exist"
fi
grep -q 'no-such-job' "$tmp/broken.log" || fail "actionlint's complaint is not the broken need:"$'\n'"$(cat "$tmp/broken.log")"
ok "actionlint rejects a broken copy"

step "actionlint $(actionlint -version | head -n1), shellcheck $(shellcheck --version | sed -n 's/^version: //p')"
actionlint -shellcheck "$(command -v shellcheck)" .github/workflows/*.yml || fail "actionlint"
ok "actionlint: .github/workflows/ is clean"
shellcheck -x release/*.sh || fail "shellcheck"
ok "shellcheck: release/*.sh is clean"
pre-commit validate-manifest .pre-commit-hooks.yaml || fail "pre-commit validate-manifest"
ok "pre-commit: .pre-commit-hooks.yaml is a valid hooks manifest"

step "the workflow builds the platforms of dist-workspace.toml"
planned=$(sed -n '/^targets = \[/,/^\]/p' dist-workspace.toml | grep -o '"[^"]*"' | tr -d '"' | sort)
[ -n "$planned" ] || fail "no targets found in dist-workspace.toml"
built=$(grep -o '{ target: [^,]*' "$workflow" | sed 's/{ target: //' | sort)
[ "$planned" = "$built" ] ||
  fail "dist-workspace.toml and the build matrix differ:"$'\n'"$(diff <(echo "$planned") <(echo "$built"))"
packaged=$(sed -n "/<<'TARGETS'/,/^ *TARGETS$/p" "$workflow" | awk 'NF == 4 { print $1 }' | sort)
[ "$planned" = "$packaged" ] ||
  fail "dist-workspace.toml and the .vsix list differ:"$'\n'"$(diff <(echo "$planned") <(echo "$packaged"))"
ok "five targets, built and packaged: $(tr '\n' ' ' <<<"$planned")"

finish
