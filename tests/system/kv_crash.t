#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# kv_ring survives the death of its tender.  tests/system/kvcrash is built
# by mirage for spt, unix and (when /dev/kvm opens) hvt.  Each round runs
# the writer (mirage-spt --block:storage=IMG dist/kvcrash.spt, or the
# process itself on unix) on one image kept across rounds; it sets numbered
# values (40..3000 bytes, each a function of its number) under 64 keys and
# logs "ack SEQ KEY HASH" after each set the store acknowledged.  The tender
# gets SIGKILL at a random moment, then the same unikernel with --verify
# mounts the image and logs what each key holds, having checked that every
# value is whole.  Every key must hold its last acknowledged value (same
# number and hash), or the one set that was under way when the kill came;
# nothing half-written, nothing acknowledged lost.
# KV_CRASH_ROUNDS="spt unix hvt" counts (default "200 100 10").
set -u
MIRAGE_ROOT=${MIRAGE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$MIRAGE_ROOT/$BUILD ;; esac
PREFIX=$(cd "$BUILD" 2> /dev/null && pwd || echo "$BUILD")
export PATH="$PREFIX/bin:$PATH"
unset MIRAGE_PREFIX
read -r R_SPT R_UNIX R_HVT <<< "${KV_CRASH_ROUNDS:-200 100 10}"
TMP=$(mktemp -d /tmp/mirage-kvcrash.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

if [ ! -x "$PREFIX/bin/mirage" ]; then
    echo "FAIL: kv_crash: $PREFIX/bin/mirage is not built"
    exit 0
fi

for t in spt unix hvt; do
    case $t in
    spt) rounds=$R_SPT delays="0 0.12" ;;
    unix) rounds=$R_UNIX delays="0 0.12" ;;
    hvt) rounds=$R_HVT delays="0.3 2" ;; # a set takes ~0.1 s on hvt here
    esac
    if [ "$t" = hvt ] && ! (exec 3<> /dev/kvm) 2> /dev/null; then
        echo "SKIP: kv_crash/hvt: /dev/kvm does not open"
        continue
    fi
    d=$TMP/$t
    mkdir -p "$d"
    cp "$MIRAGE_ROOT"/tests/system/kvcrash/*.c "$d/"
    if ! (cd "$d" && mirage configure -t "$t" && mirage build) > "$d/build.log" 2>&1; then
        echo "FAIL: kv_crash/$t: build: $(tail -n 3 "$d/build.log" | tr '\n' ' ')"
        continue
    fi
    /usr/bin/python3 "$MIRAGE_ROOT/tests/system/kvcrash/rounds.py" \
        "$t" "$d" "$PREFIX/bin/mirage-$t" "$rounds" $delays
done
