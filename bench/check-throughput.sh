#!/bin/sh
# `cable-ls check --format json` end to end on 20 MB of real cables, as one file and as a
# folder, timed beside a byte scan of the same input (`wc -l`) in the same run.
#
#   bench/check-throughput.sh            # 20 MB, 3 runs of each, best time kept
#   MB=100 RUNS=5 bench/check-throughput.sh
#
# Input: the cables of ../shared/corpus (beside the repository) repeated until MB megabytes,
# written to a temporary folder (removed at the end): one file, and a folder with each cable
# as its own file. CABLE_LS_THREADS is passed on (unset: one thread per core); CABLE_LS_BIN
# times another build (an earlier version) instead of building this one.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
corpus="$here/../shared/corpus"
mb=${MB:-20}
runs=${RUNS:-3}
if [ ! -d "$corpus" ]; then
    echo "check-throughput: $corpus not found: no real cables to time" >&2
    exit 2
fi

bin=${CABLE_LS_BIN:-}
if [ -z "$bin" ]; then
    cargo build --release -p cable-ls --manifest-path "$here/Cargo.toml" >&2
    bin="$here/target/release/cable-ls"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/folder"
want=$((mb * 1000 * 1000))
find "$corpus" -type f -name '*.txt' | LC_ALL=C sort > "$work/list"
n=0
size=0
while [ "$size" -lt "$want" ]; do
    while IFS= read -r f; do
        n=$((n + 1))
        cp "$f" "$work/folder/$(printf %07d "$n").cable"
        cat "$f" >> "$work/one.cable"
    done < "$work/list"
    size=$(wc -c < "$work/one.cable")
done

# Best wall time of $runs runs of a command, in seconds.
best() {
    b=""
    i=0
    while [ "$i" -lt "$runs" ]; do
        s=$(date +%s.%N)
        "$@" > /dev/null 2>&1 || true
        e=$(date +%s.%N)
        b=$(echo "$s $e ${b:-x}" | awk '{t = $2 - $1; if ($3 == "x" || t < $3) print t; else print $3}')
        i=$((i + 1))
    done
    echo "$b"
}

files=$(find "$work/folder" -type f | wc -l)
echo "input: $size bytes ($(awk "BEGIN{printf \"%.1f\", $size / 1e6}") MB), $files files in the folder"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
printf '%-8s %-24s %9s %9s\n' input command seconds MB/s
for input in one folder; do
    if [ "$input" = one ]; then
        path="$work/one.cable"
        scan() { wc -l "$path"; }
    else
        path="$work/folder"
        # The same bytes read through the same walk order: every file's lines counted.
        scan() { find "$path" -type f -name '*.cable' -exec cat {} + | wc -l; }
    fi
    t_scan=$(best scan)
    t_check=$(best "$bin" check --format json "$path")
    for row in "wc -l:$t_scan" "cable-ls check json:$t_check"; do
        name=${row%%:*}
        t=${row#*:}
        printf '%-8s %-24s %9.3f %9.1f\n' "$input" "$name" "$t" "$(awk "BEGIN{print $size / 1e6 / $t}")"
    done
    printf '%-8s %-24s %9.1fx\n' "$input" "ratio check / wc -l" "$(awk "BEGIN{print $t_check / $t_scan}")"
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
