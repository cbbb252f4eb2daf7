# Sourced by the editor-test scripts: where the checkout, the shared fixture and the
# installed editors are, so every script agrees on them.
#
#   EDITOR_TEST_CACHE  where the install scripts put the editors and tools, outside the
#                      clone (default ${XDG_CACHE_HOME:-$HOME/.cache}/cable-ls-editor-tests)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FIXTURE=$ROOT/tests/fixtures/lima-style.cable
CACHE=${EDITOR_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cable-ls-editor-tests}
