#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The hvt net ring: frames both ways through the ring over a tap in a
# namespace this test creates, fewer VM exits than frames under load, the
# hypercall fallback (MIRAGE_HVT_RING=0), ring entries the tender must
# refuse, memory sizing with the ring, and offloads turned off on the tap.
# The ring is offered only with MIRAGE_HVT_RING=1.
. "$MIRAGE_ROOT/tests/tenders/lib.sh"
ensure_built

G=$GUESTS/guest-net.hvt
NS=mirage-tr-$$
FLOOD=3000

ns_setup() {
    ip netns add "$NS" 2>"$TMP/ns.err" || return 1
    cleanup_hooks+=("ip netns del $NS 2>/dev/null")
    ip -n "$NS" tuntap add dev tap0 mode tap &&
        ip netns exec "$NS" sysctl -qw net.ipv6.conf.tap0.disable_ipv6=1 &&
        ip -n "$NS" link set tap0 up
}

stat_of() { # FIELD: its value in the tender's MIRAGE_HVT_STATS lines
    echo "$ERR" | grep -o " $1=[0-9]*" | head -n 1 | cut -d= -f2
}

exchange() { # name, tender arguments...: one frame each way via the ring
    local name=$1; shift
    rm -f "$TMP/ready"
    ip netns exec "$NS" /usr/bin/python3 "$MIRAGE_ROOT/tests/tenders/netpeer.py" tap0 \
        "$TMP/ready" >"$TMP/peer" 2>&1 &
    local peer=$!
    for _ in $(seq 50); do [ -e "$TMP/ready" ] && break; sleep 0.1; done
    MIRAGE_HVT_RING=1 MIRAGE_HVT_STATS=1 run ip netns exec "$NS" "$@"
    wait $peer
    local prc=$?
    if [ "$RC" = 0 ] && [[ $OUT == *"ring on"* ]] && [[ $OUT == *"got: hello-from-host"* ]] &&
        [ $prc = 0 ] && grep -q "peer got hello-from-guest" "$TMP/peer" &&
        [ "$(stat_of net_write)" = 0 ] && [ "$(stat_of net_read)" = 0 ] &&
        [ "$(stat_of writes)" = 1 ] && [ "$(stat_of reads)" -ge 1 ]; then
        pass "$name"
    else
        fail "$name" "exit $RC, guest '$(echo $OUT)', peer '$(cat "$TMP/peer")', $ERR"
    fi
}

rx_packets() {
    ip -n "$NS" -s link show tap0 | awk '/RX:/ {getline; print $2; exit}'
}

flood() {
    local before after
    before=$(rx_packets)
    MIRAGE_HVT_RING=1 MIRAGE_HVT_STATS=1 run ip netns exec "$NS" "$HVT" --mem=8 \
        --net:service=tap0 "$G" ring-flood $FLOOD
    after=$(rx_packets)
    local got=$((after - before)) exits kicks
    exits=$(stat_of vm_exits) kicks=$(stat_of kicks)
    if [ "$RC" = 0 ] && [[ $OUT == *"ring on"* ]] && [ "$got" = $FLOOD ] &&
        [ "$(stat_of writes)" = $FLOOD ] && [ "$(stat_of net_write)" = 0 ]; then
        pass "ring-flood-delivered"
    else
        fail "ring-flood-delivered" "exit $RC, tap got $got of $FLOOD; $(echo $OUT) $ERR"
    fi
    # Every exit counts: the tender's KVM_RUN returns and the kicks KVM
    # turned into eventfd signals.
    if [ -n "$exits" ] && [ -n "$kicks" ] && [ $((exits + kicks)) -lt $FLOOD ]; then
        pass "ring-flood-fewer-exits-than-frames"
    else
        fail "ring-flood-fewer-exits-than-frames" "vm_exits=$exits kicks=$kicks for $FLOOD frames"
    fi
    echo "# ring: $FLOOD frames, vm_exits=$exits kicks=$kicks"
    before=$(rx_packets)
    MIRAGE_HVT_RING=0 MIRAGE_HVT_STATS=1 run ip netns exec "$NS" "$HVT" --mem=8 \
        --net:service=tap0 "$G" ring-flood $FLOOD
    after=$(rx_packets)
    got=$((after - before)) exits=$(stat_of vm_exits)
    if [ "$RC" = 0 ] && [[ $OUT == *"ring off"* ]] && [ "$got" = $FLOOD ] &&
        [ "$(stat_of net_write)" = $FLOOD ] && [[ $ERR == *"ring off"* ]]; then
        pass "ring-disabled-hypercalls"
    else
        fail "ring-disabled-hypercalls" "exit $RC, tap got $got of $FLOOD; $(echo $OUT) $ERR"
    fi
    echo "# hypercalls: $FLOOD frames, vm_exits=$exits"
    MIRAGE_HVT_STATS=1 run ip netns exec "$NS" "$HVT" --mem=8 --net:service=tap0 "$G" ring-flood 10
    if [ "$RC" = 0 ] && [[ $OUT == *"ring off"* ]] && [ "$(stat_of net_write)" = 10 ]; then
        pass "ring-off-by-default"
    else
        fail "ring-off-by-default" "exit $RC; $(echo $OUT) $ERR"
    fi
}

faults() {
    local n="--mem=8 --net:service=tap0"
    export MIRAGE_HVT_RING=1
    expect ring-entry-einval 0 "" "einval ok" -- ip netns exec "$NS" "$HVT" $n "$G" ring-bad einval
    expect ring-entry-bad-buffer 1 "net ring: invalid guest access: buffer at 0x801000" "" \
        -- ip netns exec "$NS" "$HVT" $n "$G" ring-bad buf
    expect ring-entry-read-into-text 1 "net ring: invalid guest access" "" \
        -- ip netns exec "$NS" "$HVT" $n "$G" ring-bad into-text
    expect ring-entry-bad-op 1 "net ring: entry 0: unknown operation 7" "" \
        -- ip netns exec "$NS" "$HVT" $n "$G" ring-bad op
    expect ring-tail-runaway 1 "ent_tail 5000 runs more than 1024 entries ahead" "" \
        -- ip netns exec "$NS" "$HVT" $n "$G" ring-bad runaway
    expect ring-not-offered-without-net 0 "" "hello from guest" \
        -- "$HVT" --mem=2 "$GUESTS/guest-none.hvt" exit 0
    expect ring-mem-4096 0 "adjusting memory to 4094 MiB (net ring)" "hello from guest" \
        -- ip netns exec "$NS" "$HVT" --mem=4096 --net:service=tap0 "$G" exit 0
    unset MIRAGE_HVT_RING
}

offloads() {
    local before after
    before=$(ip netns exec "$NS" /usr/bin/python3 "$MIRAGE_ROOT/tests/tenders/offloads.py" tap0)
    run ip netns exec "$NS" "$SPT" --mem=4 --net:service=tap0 "$GUESTS/guest-net.spt" exit 0
    after=$(ip netns exec "$NS" /usr/bin/python3 "$MIRAGE_ROOT/tests/tenders/offloads.py" tap0)
    if [[ $before == *"gro=1"* ]] && [ "$after" = "tso=0 gso=0 gro=0" ]; then
        pass "tap-offloads-off"
    else
        fail "tap-offloads-off" "before '$before', after '$after'"
    fi
}

if [ -n "$KVM_WHY" ]; then
    skip ring "$KVM_WHY"
elif ! ns_setup; then
    skip ring "cannot create a network namespace with a tap: $(cat "$TMP/ns.err")"
else
    offloads
    exchange ring-exchange-tap-name "$HVT" --mem=8 --net:service=tap0 "$G" ring-net
    exchange ring-exchange-at-fd /usr/bin/python3 "$MIRAGE_ROOT/tests/tenders/tapfd.py" tap0 \
        "$HVT" --mem=8 --net:service=@FD "$G" ring-net
    flood
    faults
fi
