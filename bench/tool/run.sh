#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Tool benchmark: how long `mirage configure && mirage build` of
# examples/hello takes (from clean, config.c compiled too; and again with
# nothing changed) next to its peer, `cc -O2` of a plain C hello world, in
# the same run, with the ratio; and the size of dist/hello, stripped and not.
# Mean of RUNS runs (default 5), with hyperfine when it is installed.
# Usage: bench/tool/run.sh   (BUILD as for the tests; default build)
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
B=$(cd "$BUILD" 2> /dev/null && pwd || echo "$ROOT/$BUILD")
export PATH="$B/bin:$PATH"
unset MIRAGE_PREFIX
RUNS=${RUNS:-5}
TMP=$(mktemp -d /tmp/mirage-bench-tool.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

if [ ! -x "$B/bin/mirage" ] || [ ! -f "$B/share/mirage/unix.mk" ]; then
    echo "bench/tool: build the tool and the unix target first (make BUILD=$BUILD)" >&2
    exit 1
fi
mkdir -p "$TMP/hello" "$TMP/peer"
cp examples/hello/*.c "$TMP/hello/"
printf '#include <stdio.h>\nint main(void)\n{\n    puts("hello");\n    return 0;\n}\n' > "$TMP/peer/hello.c"

COLD="mirage clean && mirage configure > /dev/null && mirage build > /dev/null"
WARM="mirage configure > /dev/null && mirage build > /dev/null"
PEER="cc -O2 hello.c -o hello"

# mean_ms DIR PREPARE CMD: the mean wall time of CMD in DIR, in ms.
mean_ms() {
    local dir=$1 prep=$2 cmd=$3
    if command -v hyperfine > /dev/null; then
        (cd "$dir" && hyperfine -N --runs "$RUNS" --warmup 1 --prepare "bash -c '$prep'" \
            --export-json "$TMP/h.json" "bash -c '$cmd'" > /dev/null 2>&1) || return 1
        /usr/bin/python3 -c 'import json,sys; print("%.0f" % (json.load(open(sys.argv[1]))["results"][0]["mean"] * 1000))' "$TMP/h.json"
    else
        local total=0 start
        for _ in $(seq "$RUNS"); do
            (cd "$dir" && bash -c "$prep") > /dev/null 2>&1
            start=$(date +%s%N)
            (cd "$dir" && bash -c "$cmd") > /dev/null 2>&1 || return 1
            total=$((total + $(date +%s%N) - start))
        done
        echo $((total / RUNS / 1000000))
    fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

cold=$(mean_ms "$TMP/hello" "true" "$COLD") || { echo "bench/tool: the hello build failed" >&2; exit 1; }
warm=$(mean_ms "$TMP/hello" "true" "$WARM")
peer=$(mean_ms "$TMP/peer" "rm -f hello" "$PEER")
echo "== tool: configure + build of examples/hello (unix), mean of $RUNS runs"
printf '  %-44s %6s ms\n' "mirage clean; configure; build (cold)" "$cold"
printf '  %-44s %6s ms\n' "mirage configure; build (nothing changed)" "$warm"
printf '  %-44s %6s ms\n' "peer: cc -O2 hello.c (plain C hello world)" "$peer"
printf '  ratio cold/peer %s, nothing-changed/peer %s\n' "$(ratio "$cold" "$peer")" "$(ratio "$warm" "$peer")"

strip -o "$TMP/hello.stripped" "$TMP/hello/dist/hello"
strip -o "$TMP/peer.stripped" "$TMP/peer/hello"
echo "== tool: size of dist/hello (unix, static Mirage/C libraries)"
printf '  %-44s %8s bytes\n' "dist/hello" "$(stat -c %s "$TMP/hello/dist/hello")"
printf '  %-44s %8s bytes\n' "dist/hello stripped" "$(stat -c %s "$TMP/hello.stripped")"
printf '  %-44s %8s bytes\n' "peer hello stripped (dynamic glibc)" "$(stat -c %s "$TMP/peer.stripped")"
