#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Devices: block I/O through a file, attach errors refused by name, and a
# net device attached by tap name or as an open fd (@FD) in a namespace
# this test creates, with a real frame each way and the MTU read from the
# interface.
. "$MIRAGE_ROOT/tests/tenders/lib.sh"
ensure_built

check_pattern() { # file offset block_size index -> 0 if the guest's pattern
    /usr/bin/python3 - "$@" <<'PY'
import sys
f, off, bs, idx = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
data = open(f, "rb").read()[off:off + bs]
want = bytes((i * 7 + idx) & 0xff for i in range(bs))
sys.exit(0 if data == want else 1)
PY
}

block() { # target tender
    local t=$1 T=$2 g=$GUESTS/guest-block.$1 d=$TMP/disk-$1.img
    truncate -s 64K "$d"
    expect "$t-block-io" 0 "" "block ok capacity=65536 block_size=512" \
        -- "$T" --mem=4 --block:storage="$d" "$g" block
    if check_pattern "$d" 0 512 0 && check_pattern "$d" $((65536 - 512)) 512 127; then
        pass "$t-block-data-on-disk"
    else fail "$t-block-data-on-disk" "first/last block not what the guest wrote"; fi
    expect "$t-block-sector-4096" 0 "" "block_size=4096" \
        -- "$T" --mem=4 --block:storage="$d" --block-sector-size:storage=4096 "$g" block
    expect "$t-block-missing" 1 \
        "device 'storage' (BLOCK_BASIC) declared but not attached; use --block:storage=FILE" "" \
        -- "$T" --mem=4 "$g" block
    expect "$t-block-unknown-name" 1 "no device named 'nope' in the image (it declares: storage)" "" \
        -- "$T" --mem=4 --block:storage="$d" --block:nope="$d" "$g" block
    expect "$t-block-no-devices" 1 "the image declares no devices" "" \
        -- "$T" --mem=4 --block:storage="$d" "$GUESTS/guest-none.$t" exit 0
    expect "$t-block-wrong-kind" 1 "device 'storage' is BLOCK_BASIC, not NET_BASIC; use --block:storage=FILE" "" \
        -- "$T" --mem=4 --net:storage=tap0 "$g" block
    expect "$t-block-twice" 1 "device 'storage' attached twice" "" \
        -- "$T" --mem=4 --block:storage="$d" --block:storage="$d" "$g" block
    expect "$t-block-bad-sector" 1 "'1000' is not a power of two from 512 to 32768" "" \
        -- "$T" --mem=4 --block:storage="$d" --block-sector-size:storage=1000 "$g" block
    head -c 1000 /dev/zero >"$TMP/odd.img"
    expect "$t-block-not-multiple" 1 "size 1000 bytes is not a non-zero multiple of the block size 512" "" \
        -- "$T" --mem=4 --block:storage="$TMP/odd.img" "$g" block
    expect "$t-block-capacity-vs-sector" 1 "not a non-zero multiple of the block size 32768" "" \
        -- "$T" --mem=4 --block:storage="$TMP/odd.img" --block-sector-size:storage=32768 "$g" block
    : >"$TMP/empty.img"
    expect "$t-block-empty" 1 "size 0 bytes" "" \
        -- "$T" --mem=4 --block:storage="$TMP/empty.img" "$g" block
    expect "$t-block-no-file" 1 "--block:storage=$TMP/nofile: No such file" "" \
        -- "$T" --mem=4 --block:storage="$TMP/nofile" "$g" block
    expect "$t-block-directory" 1 "Is a directory" "" \
        -- "$T" --mem=4 --block:storage="$TMP" "$g" block
    expect "$t-block-char-device" 1 "not a regular file or block device" "" \
        -- "$T" --mem=4 --block:storage=/dev/null "$g" block
}

NS=mirage-tt-$$
net_setup() {
    ip netns add "$NS" 2>"$TMP/ns.err" || return 1
    cleanup_hooks+=("ip netns del $NS 2>/dev/null")
    ip -n "$NS" tuntap add dev tap0 mode tap &&
        ip -n "$NS" link set tap0 mtu 1400 &&
        ip netns exec "$NS" sysctl -qw net.ipv6.conf.tap0.disable_ipv6=1 &&
        ip -n "$NS" link set tap0 up
}

# net_case NAME TENDER-COMMAND...: runs the peer and the guest in the
# namespace; both must see the other's frame.
net_case() {
    local name=$1; shift
    rm -f "$TMP/ready"
    ip netns exec "$NS" /usr/bin/python3 "$MIRAGE_ROOT/tests/tenders/netpeer.py" tap0 \
        "$TMP/ready" >"$TMP/peer" 2>&1 &
    local peer=$!
    for _ in $(seq 50); do [ -e "$TMP/ready" ] && break; sleep 0.1; done
    run ip netns exec "$NS" "$@"
    wait $peer
    local prc=$?
    if [ "$RC" = 0 ] && [[ $OUT == *"mtu 1400"* ]] && [[ $OUT == *"got: hello-from-host"* ]] &&
        [ $prc = 0 ] && grep -q "peer got hello-from-guest" "$TMP/peer"; then
        pass "$name"
    else
        fail "$name" "exit $RC, guest '$(echo $OUT)', peer '$(cat "$TMP/peer")', $ERR"
    fi
}

net() { # target tender
    local t=$1 T=$2 g=$GUESTS/guest-net.$1
    net_case "$t-net-tap-name" "$T" --mem=4 --net:service=tap0 "$g" net
    net_case "$t-net-at-fd" /usr/bin/python3 "$MIRAGE_ROOT/tests/tenders/tapfd.py" tap0 \
        "$T" --mem=4 --net:service=@FD "$g" net
    net_case "$t-net-mac" "$T" --mem=4 --net:service=tap0 \
        --net-mac:service=02:00:00:11:22:33 "$g" net
    grep -q "from 02:00:00:11:22:33" "$TMP/peer" && pass "$t-net-mac-used" ||
        fail "$t-net-mac-used" "$(cat "$TMP/peer")"
    expect "$t-net-no-such-tap" 1 "--net:service=nosuch0: tap interface 'nosuch0' does not exist" "" \
        -- ip netns exec "$NS" "$T" --mem=4 --net:service=nosuch0 "$g" net
    expect "$t-net-fd-not-open" 1 "file descriptor 57 is not open" "" \
        -- "$T" --mem=4 --net:service=@57 "$g" net
    expect "$t-net-bad-fd" 1 "'@x1' is not @FD" "" -- "$T" --mem=4 --net:service=@x1 "$g" net
    expect "$t-net-missing" 1 "device 'service' (NET_BASIC) declared but not attached; use --net:service=TAP" "" \
        -- "$T" --mem=4 "$g" net
}

for_targets block
if ! net_setup; then
    skip net "cannot create a network namespace with a tap: $(cat "$TMP/ns.err")"
else
    for_targets net
fi
