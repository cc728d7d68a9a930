#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Builds the network parsers' fuzz harnesses (make fuzz-net) and runs each
# for a few seconds from its seed corpus (FUZZ_NET_SECONDS, default 8);
# a case passes if libFuzzer finds no crash, leak or sanitizer report.
set -u
cd "$MIRAGE_ROOT"
BUILD=${BUILD:-build}
BUILD_ABS=$(cd "$BUILD" 2>/dev/null && pwd || echo "$MIRAGE_ROOT/$BUILD")
SECONDS_EACH=${FUZZ_NET_SECONDS:-8}
NAMES="ipaddr ethernet arp ipv4 icmp udp stack vnet"
TMP=$(mktemp -d /tmp/mirage-fuzz-net.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
skip_all() {
    for n in $NAMES; do echo "SKIP: net_$n: $1"; done
    exit 0
}
command -v clang >/dev/null || skip_all "clang is not installed"
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){return 0;}' >"$TMP/probe.c"
clang -fsanitize=fuzzer,address "$TMP/probe.c" -o "$TMP/probe" 2>"$TMP/probe.err" ||
    skip_all "clang's libFuzzer runtime is not available ($(head -n 1 "$TMP/probe.err"))"
if ! make -s BUILD="$BUILD_ABS" -j2 fuzz-net >"$TMP/build.log" 2>&1; then
    tail -n 20 "$TMP/build.log"
    for n in $NAMES; do echo "FAIL: net_$n: make fuzz-net failed (see above)"; done
    exit 0
fi
for n in $NAMES; do
    mkdir -p "$TMP/$n"
    cp fuzz/net_$n/corpus/* "$TMP/$n/"
    if "$BUILD_ABS/fuzz/net_$n/fuzz_$n" -max_total_time="$SECONDS_EACH" \
        -rss_limit_mb=2048 -artifact_prefix="$TMP/$n-" "$TMP/$n" \
        >"$TMP/$n.log" 2>&1; then
        echo "net_$n: $(grep -E '^Done [0-9]+ runs' "$TMP/$n.log")"
        echo "PASS: net_$n"
    else
        tail -n 30 "$TMP/$n.log"
        echo "FAIL: net_$n: the harness found a problem (see output above)"
    fi
done
