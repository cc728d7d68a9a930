#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Tool benchmark: the cost of crunching a folder into the image.
# examples/kv_ro (unix and spt, --kv-ro=crunch) is built from clean
# (configure + build) with its folder t/ holding only "secret", and again
# with 10 MB more of random files (40 x 256 KiB, made in /tmp); prints the
# mean build time of RUNS runs (default 3), the image sizes and what the
# 10 MB add, and checks that both images still read their secret.
# Usage: bench/tool/crunch.sh   (BUILD as for the tests; default build)
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
B=$(cd "$BUILD" 2> /dev/null && pwd || echo "$ROOT/$BUILD")
export PATH="$B/bin:$PATH"
unset MIRAGE_PREFIX
RUNS=${RUNS:-3}
TMP=$(mktemp -d /tmp/mirage-bench-crunch.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

if [ ! -x "$B/bin/mirage" ] || [ ! -x "$B/bin/mirage-crunch" ]; then
    echo "bench/tool/crunch: build the tool first (make BUILD=$BUILD)" >&2
    exit 1
fi
for v in small big; do
    mkdir -p "$TMP/$v"
    cp -r examples/kv_ro/config.c examples/kv_ro/unikernel.c examples/kv_ro/t "$TMP/$v/"
done
mkdir -p "$TMP/big/t/data"
for i in $(seq -w 1 40); do
    head -c 262144 /dev/urandom > "$TMP/big/t/data/f$i.bin"
done
data=$(du -sb "$TMP/big/t" | cut -f1)

# build_ms DIR T: mean wall time of a clean configure + build, in ms.
build_ms() {
    local total=0 start
    for _ in $(seq "$RUNS"); do
        (cd "$1" && mirage clean) > /dev/null 2>&1
        start=$(date +%s%N)
        (cd "$1" && mirage configure -t "$2" && mirage build) > "$1/build.log" 2>&1 || return 1
        total=$((total + $(date +%s%N) - start))
    done
    echo $((total / RUNS / 1000000))
}

# runs DIR T: true if the image reads its secret.
runs() {
    local cmd=(./dist/kv_ro)
    [ "$2" != unix ] && cmd=("mirage-$2" "dist/kv_ro.$2")
    (cd "$1" && timeout 60 "${cmd[@]}") 2>&1 | grep -q "secret is as expected"
}

echo "== tool: examples/kv_ro with t/ crunched: 1 small file vs + $((data / 1048576)) MB ($data bytes, 41 files)"
printf '  %-6s %-22s %10s %14s %s\n' target variant "build ms" "image bytes" "runs"
for t in unix spt; do
    for v in small big; do
        ms=$(build_ms "$TMP/$v" "$t") || {
            echo "bench/tool/crunch: $t/$v build failed: $(tail -n 3 "$TMP/$v/build.log")" >&2
            exit 1
        }
        img=$TMP/$v/dist/kv_ro
        [ "$t" != unix ] && img=$img.$t
        size=$(stat -c %s "$img")
        ok=ok
        runs "$TMP/$v" "$t" || ok=FAILED
        eval "ms_$v=$ms size_$v=$size"
        printf '  %-6s %-22s %10s %14s %s\n' "$t" "$v" "$ms" "$size" "$ok"
    done
    printf '  %-6s 10 MB crunched adds %s ms of build and %s bytes of image (%s x the data)\n' \
        "$t" $((ms_big - ms_small)) $((size_big - size_small)) \
        "$(awk -v a=$((size_big - size_small)) -v b="$data" 'BEGIN { printf "%.2f", a / b }')"
done
