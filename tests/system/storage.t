#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The storage examples built by mirage and run on every target here: block
# on a fresh image (a file on unix, --block:storage=FILE on hvt and spt),
# kv_ro with crunch (rebuilt when the folder changes), with direct (unix)
# and with a tar archive made by GNU tar, and kv_rw counting its boots in a
# crash-safe store (and in a host folder, and in memory).  The targets run
# side by side.
set -u
MIRAGE_ROOT=${MIRAGE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$MIRAGE_ROOT/$BUILD ;; esac
PREFIX=$(cd "$BUILD" 2> /dev/null && pwd || echo "$BUILD")
export PATH="$PREFIX/bin:$PATH"
unset MIRAGE_PREFIX
TARGETS="unix hvt spt"
CASES="block block_image kv_ro_crunch kv_ro_crunch_rebuild kv_ro_direct
       kv_ro_tar kv_rw_boots kv_rw_garbage kv_rw_dir kv_rw_mem"
TMP=$(mktemp -d /tmp/mirage-storage.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

res() { echo "$1: $T/$2${3:+: $3}" >> "$TMP/results-$T"; }
ok_if() { # CASE WHY-IF-NOT 'CONDITION'
    if eval "$3"; then res PASS "$1"; else res FAIL "$1" "$2"; fi
}

# build DIR EXAMPLE ARGS...: a copy of the example in DIR, configured for
# $T with ARGS and built; false (and the reason in $WHY) on failure.
build() {
    local dir=$1 e=$2
    shift 2
    rm -rf "$dir"
    mkdir -p "$dir"
    cp -r "$MIRAGE_ROOT/examples/$e/." "$dir/"
    rm -rf "$dir/mirage" "$dir/Makefile" "$dir/_build" "$dir/dist"
    if (cd "$dir" && mirage configure -t "$T" "$@" && mirage build) > "$dir/build.log" 2>&1; then
        return 0
    fi
    WHY="build failed: $(tail -n 3 "$dir/build.log" | tr '\n' ' ')"
    return 1
}

# run DIR NAME [DISK]: runs dist/NAME in DIR with DISK as its block device;
# output in $OUT, exit status in $RC.
run() {
    local dir=$1 name=$2 disk=${3:-}
    local cmd=("./dist/$name")
    if [ "$T" != unix ]; then
        cmd=("mirage-$T")
        [ -n "$disk" ] && cmd+=("--block:storage=$disk")
        cmd+=("dist/$name.$T")
    fi
    OUT=$dir/run.out
    (cd "$dir" && timeout 60 "${cmd[@]}") > "$OUT" 2>&1
    RC=$?
}

out() { tail -c 300 "$OUT" | tr '\n' '|'; }

check_block() {
    local dir=$TMP/$T/block img sectors
    if ! build "$dir" block; then
        res FAIL block "$WHY"
        res FAIL block_image "not built"
        return
    fi
    img=disk.img
    [ "$T" != unix ] && img=storage.img
    truncate -s 4M "$dir/$img"
    run "$dir" block "$img"
    ok_if block "exit $RC: $(out)" \
        '[ $RC = 0 ] && grep -q "8 passed, 0 failed" "$OUT" &&
         ! grep -q FAIL "$OUT"'
    # What the unikernel wrote is in the file, where it said.
    sectors=$((4 * 1024 * 1024 / 512))
    ok_if block_image "sector 0 or $((sectors - 1)) of $img lacks the pattern" \
        'dd if="$dir/$img" bs=512 count=1 2>/dev/null |
            grep -aq "All work and no play makes Jack a dull boy. sector 0 run" &&
         dd if="$dir/$img" bs=512 skip=$((sectors - 1)) count=1 2>/dev/null |
            grep -aq "dull boy. sector $((sectors - 1)) run"'
}

check_kv_ro() {
    local dir=$TMP/$T/kv_ro
    if ! build "$dir" kv_ro; then
        res FAIL kv_ro_crunch "$WHY"
        res FAIL kv_ro_crunch_rebuild "not built"
    else
        run "$dir" kv_ro
        ok_if kv_ro_crunch "exit $RC: $(out)" \
            '[ $RC = 0 ] && grep -q "secret is as expected: foo" "$OUT"'
        # The image holds the folder as it was at build time; the build
        # embeds it again when a file changes.
        printf 'bar\n' > "$dir/t/secret"
        (cd "$dir" && mirage build) > "$dir/rebuild.log" 2>&1
        run "$dir" kv_ro
        ok_if kv_ro_crunch_rebuild "exit $RC after the secret changed: $(out)" \
            '[ $RC = 1 ] && grep -q "secret is 4 bytes, not" "$OUT" &&
             grep -q mirage-crunch "$dir/rebuild.log"'
    fi
    if [ "$T" = unix ]; then
        dir=$TMP/$T/kv_ro_direct
        if ! build "$dir" kv_ro --kv_ro=direct; then
            res FAIL kv_ro_direct "$WHY"
        else
            run "$dir" kv_ro
            local rc1=$RC out1
            out1=$(out)
            # Read at run time: a change shows without a build.
            printf 'baz\n' > "$dir/t/secret"
            run "$dir" kv_ro
            ok_if kv_ro_direct "exit $rc1 then $RC: $out1 / $(out)" \
                '[ $rc1 = 0 ] && [ $RC = 1 ] && ! grep -q crunch "$dir/Makefile"'
        fi
    else
        # Elsewhere direct is crunch, as in MirageOS.
        dir=$TMP/$T/kv_ro_direct
        if ! build "$dir" kv_ro --kv_ro=direct; then
            res FAIL kv_ro_direct "$WHY"
        else
            run "$dir" kv_ro
            ok_if kv_ro_direct "exit $RC: $(out)" \
                '[ $RC = 0 ] && grep -q "secret is as expected: foo" "$OUT" &&
                 grep -q mirage-crunch "$dir/Makefile"'
        fi
    fi
    dir=$TMP/$T/kv_ro_tar
    if ! build "$dir" kv_ro --tar; then
        res FAIL kv_ro_tar "$WHY"
        return
    fi
    local tarfile=t.tar
    [ "$T" != unix ] && tarfile=storage.tar
    mkdir -p "$dir/tree/sub"
    printf 'foo\n' > "$dir/tree/secret"
    printf 'other\n' > "$dir/tree/sub/file"
    tar -C "$dir/tree" --format=gnu -cf "$dir/$tarfile" secret sub
    run "$dir" kv_ro "$tarfile"
    ok_if kv_ro_tar "exit $RC: $(out)" \
        '[ $RC = 0 ] && grep -q "secret is as expected: foo" "$OUT"'
}

check_kv_rw() {
    local dir=$TMP/$T/kv_rw img=disk.img sum
    if ! build "$dir" kv_rw; then
        res FAIL kv_rw_boots "$WHY"
        res FAIL kv_rw_garbage "not built"
        return
    fi
    [ "$T" != unix ] && img=storage.img
    truncate -s 1M "$dir/$img"
    boots "$dir" 3 "$img"
    ok_if kv_rw_boots "got (exit:log)$GOT" \
        '[ "$GOT" = " 0:boot 1  0:boot 2  0:boot 3 " ]'
    # A disk that holds something else is refused, and left as it was.
    head -c 1048576 /dev/urandom > "$dir/$img"
    sum=$(md5sum < "$dir/$img")
    run "$dir" kv_rw "$img"
    ok_if kv_rw_garbage "exit $RC, image $([ "$sum" = "$(md5sum < "$dir/$img")" ] && echo unchanged || echo CHANGED): $(out)" \
        '[ $RC != 0 ] && [ $RC != 124 ] && grep -q "cannot connect" "$OUT" &&
         [ "$sum" = "$(md5sum < "$dir/$img")" ]'
}

# boots DIR N: runs kv_rw N times; $GOT gets "STATUS:LOG " for each.
boots() {
    local i
    GOT=""
    for ((i = 0; i < $2; i++)); do
        run "$1" kv_rw "${3:-}"
        GOT="$GOT $RC:$(grep -ao 'boot [0-9]*' "$OUT" | tr '\n' ' ')"
    done
}

# The other stores of kv_rw: a host folder (unix) and memory.
check_kv_rw_others() {
    local dir=$TMP/$T/kv_rw_dir
    if [ "$T" != unix ]; then
        res SKIP kv_rw_dir "direct_kv_rw is for the unix target only"
    elif ! build "$dir" kv_rw --store=dir; then
        res FAIL kv_rw_dir "$WHY"
    else
        mkdir -p "$dir/state"
        boots "$dir" 3
        ok_if kv_rw_dir "got (exit:log)$GOT, state/boots: $(cat "$dir/state/boots" 2>&1)" \
            '[ "$GOT" = " 0:boot 1  0:boot 2  0:boot 3 " ] &&
             [ "$(cat "$dir/state/boots")" = 3 ]'
    fi
    dir=$TMP/$T/kv_rw_mem
    if ! build "$dir" kv_rw --store=mem; then
        res FAIL kv_rw_mem "$WHY"
        return
    fi
    boots "$dir" 2
    ok_if kv_rw_mem "got (exit:log)$GOT" '[ "$GOT" = " 0:boot 1  0:boot 1 " ]'
}

# Why target T cannot run here (empty if it can).
unavailable() {
    case $1 in
    hvt)
        [ -x "$PREFIX/bin/mirage-hvt" ] || { echo "FAIL:$PREFIX/bin/mirage-hvt is missing"; return; }
        (exec 3<> /dev/kvm) 2> /dev/null || echo "SKIP:/dev/kvm does not open" ;;
    spt)
        [ -x "$PREFIX/bin/mirage-spt" ] || echo "FAIL:$PREFIX/bin/mirage-spt is missing" ;;
    esac
}

if [ ! -x "$PREFIX/bin/mirage" ]; then
    for T in $TARGETS; do echo "FAIL: $T/build: $PREFIX/bin/mirage is not built"; done
    exit 0
fi
for T in $TARGETS; do
    : > "$TMP/results-$T"
    why=$(unavailable "$T")
    if [ -n "$why" ]; then
        for c in $CASES; do res "${why%%:*}" "$c" "${why#*:}"; done
        continue
    fi
    (check_block; check_kv_ro; check_kv_rw; check_kv_rw_others) &
done
wait
for T in $TARGETS; do cat "$TMP/results-$T"; done
