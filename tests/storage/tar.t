#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# tar_kv_ro reads archives written by GNU tar byte for byte: every format
# GNU tar writes, names of 100 and more bytes, pax headers, empty files and
# folders; hard and symbolic links are refused cleanly; damaged and cut
# archives are refused or read, never crash the unikernel.
. "$(dirname "$0")/lib.sh"

if ! command -v tar >/dev/null || ! tar --version | grep -q GNU; then
    skip tar "GNU tar is not installed"; exit 0
fi
if ! build_prog kv_dump kv_tar kv_ring hostfs kv block; then
    fail tar-build "cannot build kv_dump"; exit 0
fi

# A tree with what archives find hard: long and deep names, odd bytes,
# empty files and folders, binary data of many sizes.
tree=$TMP/tree
mkdir -p "$tree/empty-dir" "$tree/deep/a/b/c/d/e/f/g/h/i/j"
long100=$(printf 'L%.0s' $(seq 1 100))
long180=$(printf 'm%.0s' $(seq 1 180))
mkdir -p "$tree/$long100"
: > "$tree/empty-file"
head -c 1 /dev/urandom > "$tree/one"
head -c 511 /dev/urandom > "$tree/$long100/f511"
head -c 512 /dev/urandom > "$tree/$long180"
head -c 513 /dev/urandom > "$tree/deep/a/b/c/d/e/f/g/h/i/j/f513"
head -c 1048577 /dev/urandom > "$tree/big"
printf 'spaces and "quotes"\n' > "$tree/name with spaces"
printf 'utf8\n' > "$tree/caf$(printf '\xc3\xa9')"
for i in $(seq 1 30); do head -c $((RANDOM % 9000)) /dev/urandom > "$tree/r$i"; done

want=$(tree_listing "$tree")

for fmt in gnu pax posix oldgnu ustar v7; do
    src=$tree
    if [ $fmt = ustar ] || [ $fmt = v7 ]; then
        # ustar holds names up to 255 bytes split at a slash with a last
        # part of at most 100, v7 names of at most 99: archive what fits.
        src=$TMP/tree-$fmt; rm -rf "$src"; cp -a "$tree" "$src"
        rm -rf "$src/$long180" "$src/$long100"
        [ $fmt = v7 ] && rm -rf "$src/deep"
    fi
    tar -C "$src" --format=$fmt -cf "$TMP/$fmt.tar" . 2>"$TMP/tarerr" || {
        fail "tar-$fmt" "GNU tar failed: $(head -n1 "$TMP/tarerr")"; continue; }
    got=$("$TMP/kv_dump" --tar="$TMP/$fmt.tar" | grep -v '^stats' | LC_ALL=C sort)
    exp=$(tree_listing "$src")
    if [ "$got" = "$exp" ]; then
        pass "tar-$fmt-byte-exact"
    else
        fail "tar-$fmt-byte-exact" "listing differs"
        diff <(echo "$exp") <(echo "$got") | head -n 10
    fi
done
[ -n "$want" ] || fail tar-expect "empty expectation"

# Links: the archive mounts, the files read, the links are refused.
mkdir -p "$TMP/links"
echo target > "$TMP/links/file"
ln "$TMP/links/file" "$TMP/links/hard"
ln -s file "$TMP/links/soft"
tar -C "$TMP/links" --format=pax -cf "$TMP/links.tar" .
out=$("$TMP/kv_dump" --tar="$TMP/links.tar")
hard=$("$TMP/kv_dump" --tar="$TMP/links.tar" --get=/hard)
if echo "$out" | grep -q '^V /file 7 ' && ! echo "$out" | grep -q '/hard\|/soft' &&
   echo "$out" | grep -q 'refused=2' && echo "$hard" | grep -q 'not supported'; then
    pass tar-links-refused
else
    fail tar-links-refused "got: $out / $hard"
fi

# Damage: flipped bytes and cuts.  Refused or read, never a crash (tar has
# no checksum over file data, so a flipped data byte reads back flipped).
crashes=0 refused=0 mounted=0
size=$(stat -c %s "$TMP/pax.tar")
for i in $(seq 1 150); do
    cp "$TMP/pax.tar" "$TMP/bad.tar"
    for f in $(seq 1 $((1 + RANDOM % 4))); do
        pos=$(( (RANDOM * 32768 + RANDOM) % size ))
        printf "\\x$(printf %02x $((RANDOM % 256)))" |
            dd of="$TMP/bad.tar" bs=1 seek=$pos conv=notrunc status=none
    done
    if [ $((i % 3)) -eq 0 ]; then
        truncate -s $(( ((RANDOM * 32768 + RANDOM) % size) / 512 * 512 )) "$TMP/bad.tar"
    fi
    "$TMP/kv_dump" --tar="$TMP/bad.tar" > "$TMP/bad.out" 2>&1
    rc=$?
    case $rc in
        0) mounted=$((mounted + 1)) ;;
        3) refused=$((refused + 1)) ;;
        *) crashes=$((crashes + 1)); echo "damaged image $i: exit $rc"; tail -n 3 "$TMP/bad.out" ;;
    esac
done
echo "damaged archives: $mounted mounted, $refused refused, $crashes crashed"
if [ $crashes -eq 0 ]; then pass tar-damaged-no-crash; else fail tar-damaged-no-crash "$crashes crashes"; fi
