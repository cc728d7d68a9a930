#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Builds the storage fuzz harnesses (tar reader, kv_ring mount and reads)
# and runs each for FUZZ_SECONDS (20) from its seed corpus; passes if
# libFuzzer finds no crash, leak or sanitizer report.
. "$(dirname "$0")/lib.sh"
SECS=${FUZZ_SECONDS:-20}
if ! command -v clang >/dev/null; then
    skip fuzz-storage "clang is not installed"; exit 0
fi
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){return 0;}' >"$TMP/probe.c"
if ! clang -fsanitize=fuzzer,address "$TMP/probe.c" -o "$TMP/probe" 2>"$TMP/probe.err"; then
    skip fuzz-storage "clang's libFuzzer runtime is not available ($(head -n 1 "$TMP/probe.err"))"
    exit 0
fi
if ! make -s -C "$ROOT" BUILD="$BUILD" fuzz-storage >"$TMP/build.log" 2>&1; then
    tail -n 20 "$TMP/build.log"; fail fuzz-storage-build "see output above"; exit 0
fi
pass fuzz-storage-build
for h in tar/fuzz_tar kv_ring/fuzz_kv_ring; do
    name=${h#*/}
    mkdir -p "$TMP/$name"
    cp "$ROOT/fuzz/${h%/*}/corpus/"* "$TMP/$name/"
    if "$BUILD/fuzz/$h" -max_total_time="$SECS" -rss_limit_mb=1024 \
        -artifact_prefix="$TMP/" "$TMP/$name" >"$TMP/$name.log" 2>&1; then
        grep -E '^Done [0-9]+ runs' "$TMP/$name.log"
        pass "$name-${SECS}s"
    else
        tail -n 30 "$TMP/$name.log"
        fail "$name-${SECS}s" "the harness found a crash (see output above)"
    fi
done
