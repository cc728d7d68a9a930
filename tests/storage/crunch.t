#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# mirage-crunch embeds a folder in a unikernel: the unikernel serves every
# file byte for byte (straight from its image), and a large file costs the
# build about one read of it, in time and in memory.
. "$(dirname "$0")/lib.sh"
GEN=$BUILD/bin/mirage-crunch
BIG_MB=${CRUNCH_BIG_MB:-128}

if [ ! -x "$GEN" ]; then fail crunch "$GEN is not built"; exit 0; fi
tree=$TMP/site
mkdir -p "$tree/css" "$tree/deep/er/est" "$tree/empty-dir"
echo '<h1>hello</h1>' > "$tree/index.html"
: > "$tree/empty"
head -c 70000 /dev/urandom > "$tree/css/blob.bin"
printf 'x"y\\z' > "$tree/deep/er/est/we\"ird name?.txt"
head -c $((BIG_MB * 1024 * 1024)) /dev/urandom > "$tree/big.bin"

gen_ms=$( { /usr/bin/time -f '%e' "$GEN" -n data -o "$TMP/crunch_data" "$tree"; } 2>&1 )
if [ ! -f "$TMP/crunch_data.c" ]; then fail crunch-generate "$gen_ms"; exit 0; fi
csize=$(stat -c %s "$TMP/crunch_data.c")
[ "$csize" -lt 65536 ] && pass crunch-no-c-array ||
    fail crunch-no-c-array "crunch_data.c is $csize bytes"

# Compile the embedding alone, measuring time and peak memory.
/usr/bin/time -f '%e %M' -o "$TMP/time" gcc -std=c11 -O2 -c -I"$ROOT/include" \
    -I"$TMP" "$TMP/crunch_data.c" -o "$TMP/crunch_data.o"
read -r secs kb < "$TMP/time"
echo "embedding ${BIG_MB} MiB: generator ${gen_ms} s, compile ${secs} s, peak ${kb} KiB"
limit_kb=$(( BIG_MB * 1024 * 3 / 2 + 100 * 1024 ))
if [ "$kb" -le "$limit_kb" ] && awk "BEGIN { exit !($secs < 60) }"; then
    pass crunch-large-file-build-cost
else
    fail crunch-large-file-build-cost "${secs} s, ${kb} KiB (limit ${limit_kb} KiB)"
fi

for l in kv_crunch kv runtime plat_unix; do
    [ -f "$LIBDIR/libmirage_$l.a" ] || { fail crunch-serve "missing libmirage_$l.a"; exit 0; }
done
if ! gcc -std=c11 -O2 -D_GNU_SOURCE -I"$ROOT/include" -I"$ROOT/lib/kv" -I"$TMP" \
        -o "$TMP/crunch_dump" "$ROOT/tests/storage/progs/crunch_dump.c" \
        "$TMP/crunch_data.o" -L"$LIBDIR" -Wl,--start-group -lmirage_kv_crunch \
        -lmirage_kv -lmirage_runtime -lmirage_plat_unix -Wl,--end-group; then
    fail crunch-serve "cannot link the unikernel"; exit 0
fi
got=$("$TMP/crunch_dump" | LC_ALL=C sort; exit "${PIPESTATUS[0]}")
rc=$?
# Empty folders hold no file, so crunch (like every store) has no
# dictionary for them.
exp=$(tree_listing "$tree" | grep -v '^D /empty-dir$')
if [ $rc -eq 0 ] && [ "$got" = "$exp" ]; then
    pass crunch-serve-byte-exact
else
    fail crunch-serve-byte-exact "exit $rc"
    diff <(echo "$exp") <(echo "$got") | head -n 10
fi
