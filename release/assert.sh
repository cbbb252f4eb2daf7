# shellcheck shell=bash
# Sourced by the release tests: how they report, and the checks of an installed cable-ls that
# the archive and the wheel share.
passed=0
step() { printf '\n== %s\n' "$*" >&2; }
fail() { printf 'FAIL: %s\n' "$*" >&2; printf '%s passed, 1 failed\n' "$passed"; exit 1; }
ok() { passed=$((passed + 1)); printf 'ok: %s\n' "$*" >&2; }
finish() { printf '%s passed, 0 failed\n' "$passed"; }

# The bundled examples hold one deliberate fault each (examples/README.md): check exits 1
# and names both.
check_installed() {
  local bin=$1 out rc=0
  [ -x "$bin" ] || fail "no executable at $bin"
  out=$("$bin" check "$ROOT/examples/" 2>&1) || rc=$?
  [ "$rc" -eq 1 ] || fail "$bin check examples/ exited $rc, expected 1 (errors found):"$'\n'"$out"
  for fault in 'error[routing-total]' 'examples/accra-routing.cable:10:9' \
               'error[section-count]' 'examples/quito-08812.cable:273:20' \
               '2 errors, 0 warnings in 2 files'; do
    grep -qF "$fault" <<<"$out" || fail "$bin check examples/ does not say '$fault':"$'\n'"$out"
  done
  "$bin" --version | grep -q '^cable-ls ' || fail "$bin --version: $("$bin" --version)"
  ok "$bin checks examples/ (exit 1, both faults named)"
}

# Runs on any distribution of the last ten years: no symbol of a glibc newer than $GLIBC and
# no shared library but glibc's own. libgcc_s is not allowed either: the binary does not need
# it (zig links the unwinder in), so its appearing would be a change to look at.
check_linkage() {
  local bin=$1 newest needed extra
  newest=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1)
  [ -n "$newest" ] || fail "no GLIBC_ symbol versions in $bin: is it dynamically linked?"
  [ "$(printf '%s\n%s\n' "$newest" "$GLIBC" | sort -V | tail -n1)" = "$GLIBC" ] ||
    fail "$bin needs GLIBC_$newest, newer than $GLIBC: $(objdump -T "$bin" | grep "GLIBC_$newest")"
  needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  extra=$(grep -vxE 'libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|ld-linux-x86-64\.so\.2' <<<"$needed" || true)
  [ -z "$extra" ] || fail "$bin needs shared libraries beyond glibc's: $extra"
  ok "$bin: newest glibc symbol GLIBC_$newest (<= $GLIBC); needs only $(tr '\n' ' ' <<<"$needed")"
}
