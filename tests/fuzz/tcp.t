#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Builds the TCP engine's fuzz harness (fuzz/tcp) and runs it for 20 s from
# the seed corpus; passes if libFuzzer finds no crash, leak or sanitizer
# report.
set -u
cd "$MIRAGE_ROOT"
BUILD=${BUILD:-build}
BUILD_ABS=$(cd "$BUILD" 2>/dev/null && pwd || echo "$MIRAGE_ROOT/$BUILD")
TMP=$(mktemp -d /tmp/mirage-fuzz-tcp.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
if ! command -v clang >/dev/null; then
    echo "SKIP: tcp: clang is not installed"; exit 0
fi
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){return 0;}' >"$TMP/probe.c"
if ! clang -fsanitize=fuzzer,address "$TMP/probe.c" -o "$TMP/probe" 2>"$TMP/probe.err"; then
    echo "SKIP: tcp: clang's libFuzzer runtime is not available ($(head -n 1 "$TMP/probe.err"))"
    exit 0
fi
if ! make -s BUILD="$BUILD_ABS" fuzz-tcp >"$TMP/build.log" 2>&1; then
    tail -n 20 "$TMP/build.log"; echo "FAIL: tcp-build: see output above"; exit 0
fi
echo "PASS: tcp-build"
mkdir -p "$TMP/corpus"
cp fuzz/tcp/corpus/* "$TMP/corpus/"
if "$BUILD_ABS/fuzz/tcp/fuzz_tcp" -max_total_time=20 -rss_limit_mb=1024 \
    -artifact_prefix="$TMP/" "$TMP/corpus" >"$TMP/fuzz.log" 2>&1; then
    grep -E '^Done [0-9]+ runs' "$TMP/fuzz.log"
    echo "PASS: tcp-20s"
else
    tail -n 30 "$TMP/fuzz.log"
    echo "FAIL: tcp-20s: the harness found a crash (see output above)"
fi
