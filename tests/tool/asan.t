#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The configuration library under AddressSanitizer and UBSan: every example
# and the full test configuration, for every target and command, and the
# error paths.  (Leaks are not checked: config.exe is a short-lived tool.)
source "$(dirname "$0")/lib.sh"
need_tool asan
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -g -O1"
mkdir -p "$TMP/lib"
for f in "$MIRAGE_ROOT"/tool/lib/*.c "$MIRAGE_ROOT"/runtime/key.c; do
    if ! gcc -std=c11 $SAN -D_GNU_SOURCE -DMIRAGE_VERSION='"asan"' \
        -I"$MIRAGE_ROOT/include" -c "$f" -o "$TMP/lib/$(basename "$f").o" 2> "$TMP/err"; then
        fail asan-library "$(head -c 300 "$TMP/err")"
        exit 0
    fi
done
ar rcs "$TMP/libcfg.a" "$TMP"/lib/*.o

# sanitized DIR: compiles DIR/config.c against the sanitized library.
sanitized() {
    gcc -std=c11 $SAN -Werror=incompatible-pointer-types -I"$MIRAGE_ROOT/include" \
        "$TMP/$1/config.c" "$TMP/libcfg.a" -o "$TMP/$1/mirage/config.exe" 2> "$TMP/err"
}

# exercise NAME: every command of config.exe, each must exit 0 with no
# sanitizer report.
exercise() {
    local name=$1 bad=
    cd "$TMP/$name" || return
    for t in unix hvt spt; do
        for cmd in "configure -t $t" "query main.c -t $t" "query keys -t $t" \
            "describe -t $t" "describe --dot -t $t" "query files -t $t"; do
            MIRAGE_PREFIX=$PREFIX ./mirage/config.exe $cmd > /dev/null 2> "$TMP/err" \
                || bad="$bad [$cmd: $(grep -m1 -E 'ERROR|runtime error|mirage:' "$TMP/err")]"
        done
    done
    [ "$t" = spt ] && MIRAGE_PREFIX=$PREFIX ./mirage/config.exe query manifest.c > /dev/null 2> "$TMP/err" \
        || bad="$bad [manifest: $(head -c 200 "$TMP/err")]"
    ./mirage/config.exe clean 2> "$TMP/err" || bad="$bad [clean]"
    [ -z "$bad" ] && pass "$name" || fail "$name" "$bad"
}

for ex in "$MIRAGE_ROOT"/examples/*/ "$MIRAGE_ROOT"/tests/tool/configs/*/; do
    ex=${ex%/}
    name=$(basename "$ex")
    project "$name" "${ex#"$MIRAGE_ROOT"/}"
    mkdir -p "$TMP/$name/mirage"
    if ! sanitized "$name"; then
        fail "$name" "$(head -c 300 "$TMP/err")"
        continue
    fi
    exercise "$name"
done

# The error paths end with exit 1 and one line, not a sanitizer report.
cd "$TMP/full" || exit 1
mkdir -p mirage
sanitized full
errors=0
for args in "configure -t foo" "configure --count=x" "configure --nope=1" \
    "query nope" "configure -o a/b" "configure --verbose=maybe" "build" \
    "describe -o x.dot" "frobnicate" "configure -t"; do
    MIRAGE_PREFIX=$PREFIX ./mirage/config.exe $args > /dev/null 2> "$TMP/err"
    rc=$?
    if [ $rc -ne 1 ] || [ "$(wc -l < "$TMP/err")" != 1 ]; then
        echo "config.exe $args: exit $rc: $(head -c 300 "$TMP/err")"
        errors=$((errors + 1))
    fi
done
[ $errors = 0 ] && pass error-paths || fail error-paths "$errors error paths misbehaved (above)"
