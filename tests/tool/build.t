#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The generated wiring at work on unix: several jobs run side by side, a
# job's status becomes the exit status, keys of every type reach the
# application; and configure + build of hello stays under 2 seconds.
source "$(dirname "$0")/lib.sh"
need_tool build
if [ ! -f "$PREFIX/share/mirage/unix.mk" ] || [ ! -f "$PREFIX/lib/mirage/unix/libmirage_runtime.a" ]; then
    fail build "the unix target is not built in $PREFIX (runtime, platform/unix)"
    exit 0
fi

# run NAME WANT_STATUS CMD...: runs CMD (output in $TMP/run), checks status.
run() {
    local name=$1 want=$2 rc
    shift 2
    timeout 20 "$@" > "$TMP/run" 2>&1
    rc=$?
    [ $rc -eq "$want" ] && return 0
    fail "$name" "exit $rc, expected $want: $(head -c 300 "$TMP/run")"
    return 1
}
has() { grep -qx -- "$1" < <(sed 's/^[-0-9T:]*: \[INFO\] \[application\] //' "$TMP/run"); }

project full tests/tool/configs/full
cd "$TMP/full" || exit 1
if ! mirage configure --verbose > /dev/null || ! mirage build > "$TMP/build" 2>&1; then
    fail full-build "$(tail -n 5 "$TMP/build")"
    exit 0
fi
pass full-build

if run two-jobs 0 ./dist/full --a-token=secret; then
    missing=
    for l in "tick 0 hi 1099511627776" "tick 2 hi 1099511627776" "port 80" \
        "port 443" "range a 1" "token secret" "clocks 1 1 full" "random 1"; do
        has "$l" || missing="$missing [$l]"
    done
    # Both jobs run at once: the clocks job finishes while ticker sleeps.
    tick1=$(grep -n 'tick 1' "$TMP/run" | cut -d: -f1)
    clocks=$(grep -n 'clocks 1 1' "$TMP/run" | cut -d: -f1)
    if [ -n "$missing" ]; then
        fail two-jobs "missing lines:$missing"
    elif [ "$(grep -c '^tick' "$TMP/run")" != 3 ]; then
        fail two-jobs "expected 3 ticks: $(cat "$TMP/run")"
    elif ! [ "$clocks" -lt "$tick1" ] 2> /dev/null; then
        fail two-jobs "the jobs did not run side by side: $(cat "$TMP/run")"
    else
        pass two-jobs
    fi
fi
run job-status 3 ./dist/full --a-token=x --flag && pass job-status
if run keys-given 0 ./dist/full --a-token=x --ticks=1 --msg=yo --big=-5 \
    '--ports=7;8;9' --range=z:-2; then
    has "tick 0 yo -5" && has "port 9" && has "range z -2" \
        && [ "$(grep -c '^tick' "$TMP/run")" = 1 ] && pass keys-given \
        || fail keys-given "$(cat "$TMP/run")"
fi
if run required-key 64 ./dist/full; then
    [ "$(cat "$TMP/run")" = "full: required option '--a-token' is missing" ] \
        && pass required-key || fail required-key "$(cat "$TMP/run")"
fi
if run help-lists-keys 63 ./dist/full --help; then
    grep -q -- '--ports' "$TMP/run" && grep -q 'A name and a number' "$TMP/run" \
        && pass help-lists-keys || fail help-lists-keys "keys missing from --help"
fi

# configure + build of hello from scratch (config.c compiled too) < 2 s.
project hello examples/hello
cd "$TMP/hello" || exit 1
start=$(date +%s%N)
mirage configure > /dev/null && mirage build > "$TMP/build" 2>&1
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
if [ $rc -ne 0 ]; then
    fail hello-under-2s "the build failed: $(tail -n 3 "$TMP/build")"
elif [ $ms -ge 2000 ]; then
    fail hello-under-2s "configure + build took $ms ms"
else
    pass hello-under-2s
    echo "configure + build of hello: $ms ms"
fi
