#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Every example, configured and built by mirage and run on every target
# here (unix, hvt under mirage-hvt, spt under mirage-spt); the targets run
# side by side.  Checks what each prints, when, and its exit status.
set -u
MIRAGE_ROOT=${MIRAGE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$MIRAGE_ROOT/$BUILD ;; esac
PREFIX=$(cd "$BUILD" 2> /dev/null && pwd || echo "$BUILD")
export PATH="$PREFIX/bin:$PATH"
unset MIRAGE_PREFIX
TMP=$(mktemp -d /tmp/mirage-examples.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
EXAMPLES="noop hello hello_key app_info heads1 heads2 timeout1 timeout2 echo_server"
LOGLINE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[-+][0-9]{2}:[0-9]{2}: \[INFO\] \[application\] '

# The application's log messages of $OUT, prefixes removed.
msgs() { grep -aE "$LOGLINE" "$OUT" | sed -E "s/$LOGLINE//"; }

# launch T NAME ARGS...: runs the example's artefact on target T; the output
# goes to $OUT, each line stamped with the host's arrival time in ms to
# $STAMPS; sets RC and MS (the run's duration).
launch() {
    local t=$1 name=$2 start
    shift 2
    local cmd=("./dist/$name")
    [ "$t" != unix ] && cmd=("mirage-$t" "dist/$name.$t")
    start=$(date +%s%N)
    START_MS=$((start / 1000000))
    timeout 30 "${cmd[@]}" "$@" 2>&1 | while IFS= read -r line; do
        echo "$(($(date +%s%N) / 1000000)) $line" >> "$STAMPS"
        printf '%s\n' "$line" >> "$OUT"
    done
    RC=${PIPESTATUS[0]}
    MS=$((($(date +%s%N) - start) / 1000000))
}

# Result lines go to the target's file; printed in order at the end.
res() { echo "$1: $2${3:+: $3}" >> "$TMP/results-$T"; }
ok_if() { # NAME WHY-IF-NOT 'CONDITION'
    if eval "$3"; then res PASS "$1"; else res FAIL "$1" "$2"; fi
}

check_hello() {
    local n gaps
    n=$(msgs | grep -cx hello)
    gaps=$(grep -a 'hello$' "$STAMPS" | awk 'NR > 1 { printf "%d ", $1 - prev } { prev = $1 }')
    local bad_gap=0 first
    first=$(($(head -n 1 "$STAMPS" | cut -d' ' -f1) - START_MS))
    for g in $gaps; do [ "$g" -lt 700 ] || [ "$g" -gt 1500 ] && bad_gap=1; done
    ok_if "$1" "exit $RC, $n hello lines, first after ${first}ms, gaps ${gaps}ms, total ${MS}ms: $(head -c 300 "$OUT")" \
        '[ $RC -eq 0 ] && [ "$n" = 4 ] && [ $bad_gap = 0 ] && [ $MS -ge 3000 ] &&
         [ $MS -le 6000 ] && [ "$(grep -cavE "$LOGLINE" "$OUT")" = 0 ]'
}

check_hello_key() {
    local t=$1 hi='--hello=Hi there'
    [ "$t" != unix ] && hi='--hello=Hi\ there' # the guest splits on spaces
    launch "$t" hello_key "$hi"
    ok_if "$t/hello_key" "exit $RC: $(head -c 300 "$OUT")" \
        '[ $RC -eq 0 ] && [ "$(msgs | grep -cx "Hi there")" = 4 ]'
    : > "$OUT"
    launch "$t" hello_key
    ok_if "$t/hello_key-default" "exit $RC: $(head -c 300 "$OUT")" \
        '[ $RC -eq 0 ] && [ "$(msgs | grep -cx "Hello World!")" = 4 ]'
    : > "$OUT"
    launch "$t" hello_key --help
    ok_if "$t/hello_key-help" "exit $RC (want 63): $(head -c 300 "$OUT")" \
        '[ $RC -eq 63 ] && grep -q -- --hello "$OUT" && grep -q "How to say hello." "$OUT"'
    : > "$OUT"
    launch "$t" hello_key --bogus
    ok_if "$t/hello_key-bogus" "exit $RC (want 64), output: $(head -c 300 "$OUT")" \
        '[ $RC -eq 64 ] && [ "$(wc -l < "$OUT")" = 1 ] && grep -q -- --bogus "$OUT"'
}

# Heads at 1 s, Tails at 2 s (1 s later, not 2: the fibers run side by
# side), then Finished at once.  Times are measured between lines, so a
# slow boot on a busy machine does not count.
check_heads() {
    local at gaps
    at=$(grep -aE ' (Heads|Tails|Finished)$' "$STAMPS" | cut -d' ' -f1 | tr '\n' ' ')
    read -r h t f <<< "$at"
    gaps="$((${t:-0} - ${h:-0})) $((${f:-0} - ${t:-0}))"
    ok_if "$1" "exit $RC, gaps ${gaps}ms, ${MS}ms in all: $(msgs | tr '\n' '|')" \
        '[ $RC -eq 0 ] && [ "$(msgs | tr "\n" " ")" = "Heads Tails Finished " ] &&
         [ ${gaps% *} -ge 700 ] && [ ${gaps% *} -le 1500 ] && [ ${gaps#* } -le 300 ]'
}

# timeout1/2: the task's length decides; within 50 ms of 2 s either is fine.
check_timeout() {
    local ms outcome want
    ms=$(msgs | sed -nE 's/^The task takes ([0-9]+) ms.*/\1/p')
    outcome=$(msgs | tail -n 1)
    want=any
    [ -n "$ms" ] && [ "$ms" -lt 1950 ] && want=Heads
    [ -n "$ms" ] && [ "$ms" -gt 2050 ] && want=Cancelled
    ok_if "$1" "exit $RC, task ${ms:-?} ms, outcome '$outcome' (want $want)" \
        '[ $RC -eq 0 ] && [ -n "$ms" ] && { [ "$want" = "$outcome" ] ||
         { [ $want = any ] && { [ "$outcome" = Heads ] || [ "$outcome" = Cancelled ]; }; }; }'
}

check_example() {
    local t=$1 e=$2
    case $e in
    noop) ok_if "$t/$e" "exit $RC: $(head -c 200 "$OUT")" '[ $RC -eq 0 ]' ;;
    hello) check_hello "$t/$e" ;;
    app_info)
        ok_if "$t/$e" "exit $RC: $(head -c 300 "$OUT")" '[ $RC -eq 0 ] &&
            msgs | grep -qx "  runtime [0-9.]*" && msgs | grep -qx "  plat_$t [0-9.]*"' ;;
    heads1 | heads2)
        check_heads "$t/$e" ;;
    timeout1 | timeout2) check_timeout "$t/$e" ;;
    echo_server)
        ok_if "$t/$e" "exit $RC: $(msgs | tr '\n' '|')" '[ $RC -eq 0 ] &&
            [ "$(msgs | grep -cxE "a{0,19}")" = 10 ] && [ "$(msgs | wc -l)" = 10 ]' ;;
    esac
}

# Everything for one target, in its own copies of the examples.
run_target() {
    local t=$T
    for e in $EXAMPLES; do
        local dir=$TMP/$t/$e
        mkdir -p "$dir"
        cp "$MIRAGE_ROOT/examples/$e"/*.c "$dir/"
        if ! (cd "$dir" && mirage configure -t "$t" && mirage build) > "$TMP/$t-$e.build" 2>&1; then
            res FAIL "$t/$e" "build failed: $(tail -n 3 "$TMP/$t-$e.build" | tr '\n' ' ')"
            continue
        fi
        OUT=$TMP/$t-$e.out STAMPS=$TMP/$t-$e.stamps
        : > "$OUT"
        : > "$STAMPS"
        cd "$dir" || continue
        if [ "$e" = hello_key ]; then
            check_hello_key "$t"
        else
            launch "$t" "$e"
            check_example "$t" "$e"
        fi
    done
}

# Why target T cannot run here (empty if it can).
unavailable() {
    case $1 in
    hvt)
        [ -f "$PREFIX/share/mirage/hvt.mk" ] || { echo "FAIL:$PREFIX/share/mirage/hvt.mk is missing"; return; }
        [ -x "$PREFIX/bin/mirage-hvt" ] || { echo "FAIL:$PREFIX/bin/mirage-hvt is missing"; return; }
        (exec 3<> /dev/kvm) 2> /dev/null || echo "SKIP:/dev/kvm does not open" ;;
    spt)
        [ -f "$PREFIX/share/mirage/spt.mk" ] || { echo "FAIL:$PREFIX/share/mirage/spt.mk is missing"; return; }
        [ -x "$PREFIX/bin/mirage-spt" ] || echo "FAIL:$PREFIX/bin/mirage-spt is missing" ;;
    unix)
        [ -f "$PREFIX/share/mirage/unix.mk" ] || echo "FAIL:$PREFIX/share/mirage/unix.mk is missing" ;;
    esac
}

if [ ! -x "$PREFIX/bin/mirage" ]; then
    echo "FAIL: examples: $PREFIX/bin/mirage is not built"
    exit 0
fi
for T in unix hvt spt; do
    : > "$TMP/results-$T"
    why=$(unavailable $T)
    if [ -n "$why" ]; then
        for e in $EXAMPLES; do res "${why%%:*}" "$T/$e" "${why#*:}"; done
        continue
    fi
    run_target &
done
wait
for T in unix hvt spt; do cat "$TMP/results-$T"; done
