#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Virtio-net framing: a guest that declares it (Mirage NET1 note, the
# guest-vnet images) gets the grant and frames that start with a valid
# virtio_net_hdr, with the tap's checksum offload on (a UDP datagram from
# the namespace arrives with NEEDS_CSUM); --net-offload=off, the net ring,
# a guest without the note and a plain @FD all give plain frames.  Frame
# lengths a device cannot take are refused without touching guest memory.
. "$MIRAGE_ROOT/tests/tenders/lib.sh"
ensure_built

NS=mirage-tv-$$
MAC=02:00:00:11:22:33
net_setup() {
    ip netns add "$NS" 2>"$TMP/ns.err" || return 1
    cleanup_hooks+=("ip netns del $NS 2>/dev/null")
    ip -n "$NS" tuntap add dev tap0 mode tap &&
        ip -n "$NS" link set tap0 mtu 1400 &&
        ip netns exec "$NS" sysctl -qw net.ipv6.conf.tap0.disable_ipv6=1 &&
        ip -n "$NS" addr add 10.77.0.1/24 dev tap0 &&
        ip -n "$NS" link set tap0 up &&
        ip -n "$NS" neigh add 10.77.0.2 lladdr $MAC dev tap0
}

# peer_run NAME WANT... -- TENDER-COMMAND...: runs the peer and the guest
# in the namespace; passes if the guest exits 0, its output has every
# WANT and the peer saw the guest's frame.
peer_run() {
    local name=$1 wants=() w
    shift
    while [ "$1" != -- ]; do wants+=("$1"); shift; done
    shift
    rm -f "$TMP/ready"
    ip netns exec "$NS" /usr/bin/python3 "$MIRAGE_ROOT/tests/tenders/netpeer.py" tap0 \
        "$TMP/ready" 10.77.0.2 >"$TMP/peer" 2>&1 &
    local peer=$!
    for _ in $(seq 50); do [ -e "$TMP/ready" ] && break; sleep 0.1; done
    run ip netns exec "$NS" "$@"
    wait $peer
    local prc=$? why=""
    [ "$RC" = 0 ] || why="exit $RC"
    for w in "${wants[@]}"; do [[ $OUT == *"$w"* ]] || why="$why; no '$w'"; done
    [ $prc = 0 ] && grep -q "peer got hello-from-guest" "$TMP/peer" || why="$why; peer saw nothing"
    if [ -z "$why" ]; then pass "$name"
    else fail "$name" "$why; guest '$(echo $OUT)', peer '$(cat "$TMP/peer")', $ERR"; fi
}

offloads() { ip netns exec "$NS" /usr/bin/python3 "$MIRAGE_ROOT/tests/tenders/offloads.py" tap0 --csum; }

# The tap's offloads are on while a granted guest runs and off again once
# its tender has gone (by the guest's exit, a fault or a signal), so that
# a plain user of the same persistent tap (Solo5's tender) gets whole
# checksums.  WHY-LABEL TENDER-COMMAND... (the guest must run >= 1 s).
offloads_cycle() {
    local name=$1 o1 o2 p
    shift
    ip netns exec "$NS" "$@" >/dev/null 2>&1 &
    p=$!
    sleep 0.6
    o1=$(offloads)
    wait $p
    o2=$(offloads)
    if [[ $o1 == "tso=1 "*"csum=1" ]] && [[ $o2 == "tso=0 "*"csum=0" ]]; then pass "$name"
    else fail "$name" "while running '$o1', after '$o2'"; fi
}

vnet() { # target tender
    local t=$1 T=$2 g=$GUESTS/guest-vnet.$1 o
    local dev=(--mem=4 --net:service=tap0 --net-mac:service=$MAC)
    peer_run "$t-vnet-granted" "grant 1" "got: hello-from-host" \
        "udp flags=1 gso=0 csum_start=34 csum_offset=6" -- "$T" "${dev[@]}" "$g" vnet
    offloads_cycle "$t-vnet-offloads-exit" "$T" "${dev[@]}" "$g" poll 1500
    offloads_cycle "$t-vnet-offloads-fault" "$T" "${dev[@]}" "$g" poll 1500 read-null
    offloads_cycle "$t-vnet-offloads-signal" timeout -s TERM 1.2 "$T" "${dev[@]}" "$g" spin
    peer_run "$t-vnet-offload-off" "grant 0" "got: hello-from-host" -- \
        "$T" --net-offload=off "${dev[@]}" "$g" net
    o=$(offloads)
    [[ $o == "tso=0 gso=0 gro=0 csum=0" ]] && pass "$t-vnet-off-offloads-off" ||
        fail "$t-vnet-off-offloads-off" "$o"
    peer_run "$t-vnet-solo5-guest-plain" "grant 0" "got: hello-from-host" -- \
        "$T" "${dev[@]}" "$GUESTS/guest-net.$t" net
    peer_run "$t-vnet-at-fd-plain" "grant 0" "got: hello-from-host" -- \
        /usr/bin/python3 "$MIRAGE_ROOT/tests/tenders/tapfd.py" tap0 \
        "$T" --mem=4 --net:service=@FD --net-mac:service=$MAC "$g" net
    TAPFD_VNET=1 peer_run "$t-vnet-at-fd-vnet" "grant 1" "got: hello-from-host" -- \
        /usr/bin/python3 "$MIRAGE_ROOT/tests/tenders/tapfd.py" tap0 \
        "$T" --mem=4 --net:service=@FD --net-mac:service=$MAC "$g" vnet
    expect "$t-vnet-help" 0 "" "Its net devices take virtio-net framing" -- "$T" --help "$g"
    run "$T" --help "$GUESTS/guest-net.$t"
    [ "$RC" = 0 ] && [[ $OUT == *"service "* ]] && [[ $OUT != *"Its net devices"* ]] &&
        pass "$t-vnet-help-plain" || fail "$t-vnet-help-plain" "exit $RC: $(echo "$OUT" | tail -n 2)"
    expect "$t-vnet-bad-option" 1 "--net-offload: 'maybe' is not on or off" "" \
        -- "$T" --net-offload=maybe "${dev[@]}" "$g" net
    if [ "$t" = hvt ]; then
        MIRAGE_HVT_RING=1 peer_run hvt-vnet-not-with-ring "grant 0" "got: hello-from-host" -- \
            "$T" "${dev[@]}" "$g" net
    fi
}

# Lengths: 2 is SOLO5_R_EINVAL.  VNET_FRAME_MAX is 10 + 14 + 65535.
lengths() {
    local T=$HVT dev=(--mem=4 --net:service=tap0)
    local v=$GUESTS/guest-vnet.hvt n=$GUESTS/guest-net.hvt
    expect hvt-net-write-huge 0 "" "net-write ret 2" -- ip netns exec "$NS" "$T" "${dev[@]}" \
        "$v" net-write-len max
    expect hvt-net-write-over-vnet-max 0 "" "net-write ret 2" -- ip netns exec "$NS" "$T" \
        "${dev[@]}" "$v" net-write-len 65560
    expect hvt-net-write-over-mtu 0 "" "net-write ret 2" -- ip netns exec "$NS" "$T" \
        "${dev[@]}" "$n" net-write-len 1415
    expect hvt-net-write-over-mtu-offload-off 0 "" "net-write ret 2" -- ip netns exec "$NS" \
        "$T" --net-offload=off "${dev[@]}" "$v" net-write-len 1415
    expect hvt-net-write-mtu-ok 0 "" "net-write ret 0" -- ip netns exec "$NS" "$T" \
        "${dev[@]}" "$n" net-write-len 1414
    expect hvt-net-read-huge 1 "invalid guest access: NET_READ buffer" "" -- \
        ip netns exec "$NS" "$T" "${dev[@]}" "$v" net-read-len max
}

if ! net_setup; then
    skip vnet "cannot create a network namespace with a tap: $(cat "$TMP/ns.err")"
    exit 0
fi
for_targets vnet
if [ -n "$KVM_WHY" ]; then skip hvt-net-lengths "$KVM_WHY"; else lengths; fi
