#!/usr/bin/env bash
# Every release test, as .ci/run runs them: the workflow's lint, the archive and installer,
# the wheel, the pre-commit hooks. Each runs to its end even after another failed; the last
# line adds up their checks. Takes about 20 minutes on a clean machine of two cores (cargo-dist
# compiles once, then three release builds), a couple once the caches are warm.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

passed=0 failed=0 broken=()
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in workflow archive wheel pre-commit; do
  printf '\n### release/test-%s.sh\n' "$t"
  start=$SECONDS
  bash "$HERE/test-$t.sh" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  out=$(tail -n1 "$log")
  echo "### release/test-$t.sh: exit $rc in $((SECONDS - start)) s"
  if [[ $out =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1])) failed=$((failed + BASH_REMATCH[2]))
  fi
  # A test that stopped before its tally (a build failed) counts as one failure.
  if [ "$rc" -ne 0 ]; then
    broken+=("$t")
    [[ $out =~ [1-9][0-9]*\ failed$ ]] || failed=$((failed + 1))
  fi
done
[ ${#broken[@]} -eq 0 ] || echo "release tests failed: ${broken[*]}" >&2
echo "release: $passed passed, $failed failed"
[ ${#broken[@]} -eq 0 ]
