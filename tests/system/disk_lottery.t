#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The disk_lottery example on unix, spt and hvt: a fresh disk is refused and
# left as it was; --reset-all formats every slot (checked byte by byte, the
# CRC-32 by Python's zlib); each boot sees the high score the previous boot
# saved in its slot; slots are independent; --reset clears one slot only;
# a bad slot or a corrupted sector is refused and changes nothing.
set -u
MIRAGE_ROOT=${MIRAGE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$MIRAGE_ROOT/$BUILD ;; esac
PREFIX=$(cd "$BUILD" 2> /dev/null && pwd || echo "$BUILD")
export PATH="$PREFIX/bin:$PATH"
unset MIRAGE_PREFIX
TARGETS="unix hvt spt"
CASES="build fresh_refused reset_all persists slots_independent reset_slot
       bad_slot corrupt_refused"
SLOTS=8
TMP=$(mktemp -d /tmp/mirage-lottery.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

res() { echo "$1: $T/$2${3:+: $3}" >> "$TMP/results-$T"; }
ok_if() { # CASE WHY-IF-NOT 'CONDITION'
    if eval "$3"; then res PASS "$1"; else res FAIL "$1" "$2"; fi
}

# play ARGS...: runs the unikernel in $DIR on $IMG; output in $OUT, status
# in $RC.
play() {
    local cmd=("./dist/lottery")
    [ "$T" != unix ] && cmd=("mirage-$T" "--block:storage=$IMG" "dist/lottery.$T")
    OUT=$DIR/run.out
    (cd "$DIR" && timeout 60 "${cmd[@]}" "$@") > "$OUT" 2>&1
    RC=$?
}
out() { tail -c 300 "$OUT" | tr '\n' '|'; }

# slot N: what sector N of the image holds: "HISCORE" if it is a valid
# game state (magic, CRC-32 over the first 8 bytes, zeros after), else
# "bad".
slot() {
    /usr/bin/python3 - "$DIR/$IMG" "$1" << 'PY'
import struct, sys, zlib
with open(sys.argv[1], "rb") as f:
    f.seek(512 * int(sys.argv[2]))
    s = f.read(512)
ok = (len(s) == 512 and s[:4] == b"LOTO" and s[12:] == bytes(500)
      and struct.unpack(">I", s[8:12])[0] == zlib.crc32(s[:8]))
print(struct.unpack(">I", s[4:8])[0] if ok else "bad")
PY
}

# The numbers of the game line: "won OLD NEW", "lost DRAW HI", "tie HI".
game() {
    sed -nE 's/.*YOU WON! You beat the old high score ([0-9]+) with ([0-9]+)!.*/won \1 \2/p
             s/.*YOU LOST! With ([0-9]+) you didn.t beat the high score ([0-9]+).*/lost \1 \2/p
             s/.*TIE! You tied with the high score ([0-9]+).*/tie \1/p' "$OUT"
}

# boot SLOT: plays once on SLOT; $OLD is the high score the game saw, $NEW
# the one it should have saved ("" if the run failed).
boot() {
    local g
    play --slot="$1"
    g=($(game))
    OLD="" NEW=""
    [ $RC = 0 ] || return
    case ${g[0]:-} in
    won) OLD=${g[1]} NEW=${g[2]} ;;
    lost) OLD=${g[2]} NEW=${g[2]} ;;
    tie) OLD=${g[1]} NEW=${g[1]} ;;
    esac
}

check() {
    DIR=$TMP/$T
    IMG=disk.img
    [ "$T" != unix ] && IMG=storage.img
    mkdir -p "$DIR"
    cp -r "$MIRAGE_ROOT/examples/disk_lottery/." "$DIR/"
    rm -rf "$DIR/mirage" "$DIR/Makefile" "$DIR/_build" "$DIR/dist"
    if ! (cd "$DIR" && mirage configure -t "$T" && mirage build) > "$DIR/build.log" 2>&1; then
        res FAIL build "$(tail -n 3 "$DIR/build.log" | tr '\n' ' ')"
        return
    fi
    res PASS build
    local sum i all ok hi1 hi2 seen

    # A disk of zeros holds no game: refused, not changed.
    dd if=/dev/zero of="$DIR/$IMG" bs=512 count=$SLOTS 2> /dev/null
    sum=$(md5sum < "$DIR/$IMG")
    play
    ok_if fresh_refused "exit $RC (want 6): $(out)" \
        '[ $RC = 6 ] && grep -q "bad magic; is this lottery data?" "$OUT" &&
         [ "$sum" = "$(md5sum < "$DIR/$IMG")" ]'

    play --reset-all
    all=""
    for ((i = 0; i < SLOTS; i++)); do all="$all $(slot $i)"; done
    ok_if reset_all "exit $RC, slots:$all: $(out)" \
        '[ $RC = 0 ] && grep -q "All $SLOTS game slots reset." "$OUT" &&
         [ "$all" = "$(printf " 0%.0s" $(seq $SLOTS))" ]'

    # Four boots on slot 3: each starts from what the previous one saved,
    # and the sector holds it.
    ok=yes seen="" hi1=0
    for ((i = 0; i < 4; i++)); do
        boot 3
        seen="$seen $OLD->$NEW(disk $(slot 3))"
        [ -n "$NEW" ] && [ "$OLD" = "$hi1" ] && [ "$(slot 3)" = "$NEW" ] || ok=no
        hi1=$NEW
    done
    ok_if persists "boots:$seen: $(out)" '[ $ok = yes ] && [ "$hi1" != 0 ]'

    # Slot 5 starts at 0 and slot 3 is left alone.
    boot 5
    hi2=$NEW
    ok_if slots_independent "slot 5: $OLD->$NEW, slot 3 on disk $(slot 3) (want $hi1): $(out)" \
        '[ "$OLD" = 0 ] && [ -n "$NEW" ] && [ "$(slot 5)" = "$hi2" ] &&
         [ "$(slot 3)" = "$hi1" ]'

    # --reset clears slot 3 only; the next game there starts from 0.
    play --reset --slot=3
    local rc_reset=$RC disk3 disk5
    disk3=$(slot 3) disk5=$(slot 5)
    boot 3
    ok_if reset_slot "reset exit $rc_reset, slot 3 $disk3, slot 5 $disk5 (want $hi2), then $OLD->$NEW: $(out)" \
        '[ $rc_reset = 0 ] && [ "$disk3" = 0 ] && [ "$disk5" = "$hi2" ] &&
         [ "$OLD" = 0 ] && [ -n "$NEW" ]'

    # A slot outside the disk is refused, the disk unchanged.
    sum=$(md5sum < "$DIR/$IMG")
    local got=""
    for s in $SLOTS -1; do
        play --slot=$s --reset
        got="$got $RC"
        grep -q "Invalid sector $s" "$OUT" || got="$got(no message)"
    done
    ok_if bad_slot "exits$got (want 5 5), image $([ "$sum" = "$(md5sum < "$DIR/$IMG")" ] && echo unchanged || echo CHANGED): $(out)" \
        '[ "$got" = " 5 5" ] && [ "$sum" = "$(md5sum < "$DIR/$IMG")" ]'

    # One flipped bit of slot 5's high score: the checksum says so.
    local byte
    cp "$DIR/$IMG" "$DIR/before.img"
    byte=$(printf '%02x' $(($(od -An -tu1 -j $((5 * 512 + 7)) -N1 "$DIR/$IMG") ^ 1)))
    printf "\\x$byte" |
        dd of="$DIR/$IMG" bs=1 seek=$((5 * 512 + 7)) conv=notrunc 2> /dev/null
    sum=$(md5sum < "$DIR/$IMG")
    play --slot=5
    ok_if corrupt_refused "exit $RC (want 6), slot 5 $(slot 5): $(out)" \
        '[ $RC = 6 ] && grep -q "bad checksum; possible data corruption" "$OUT" &&
         [ "$sum" = "$(md5sum < "$DIR/$IMG")" ] && [ "$(slot 5)" = bad ] &&
         [ "$(cmp -l "$DIR/before.img" "$DIR/$IMG" | wc -l)" = 1 ]'
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
    check &
done
wait
for T in $TARGETS; do cat "$TMP/results-$T"; done
