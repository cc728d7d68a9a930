#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Compatibility: the test guests of Solo5 v0.12.1, built from its release
# in $SOLO5_DIR (default /tmp/solo5; never part of this repository), boot
# on our tenders with the outcomes Solo5's own test suite expects.  SKIP
# when they have not been built (docs/abi.md says how).
. "$MIRAGE_ROOT/tests/tenders/lib.sh"
ensure_built
S=${SOLO5_DIR:-/tmp/solo5}/tests
if [ ! -e "$S/test_hello/test_hello.hvt" ]; then
    skip solo5-compat "Solo5 v0.12.1 test guests not built in ${SOLO5_DIR:-/tmp/solo5}"
    exit 0
fi
BLK=$TMP/storage.img
dd if=/dev/zero of="$BLK" bs=4k count=1024 status=none

# solo NAME WANT(success|abort|rc:N) TENDER ARGS...
solo() {
    local name=$1 want=$2; shift 2
    run "$@"
    local ok=1
    case $want in
        success) [ "$RC" = 0 ] && [[ $OUT == *SUCCESS* ]] || ok=0 ;;
        abort) [ "$RC" = 255 ] && [[ $OUT == *ABORT* ]] || ok=0 ;;
        rc:*) [ "$RC" = "${want#rc:}" ] || ok=0 ;;
    esac
    if [ $ok = 1 ]; then pass "$name"
    else fail "$name" "exit $RC, want $want; $(echo "$OUT$ERR" | tail -n 3 | tr '\n' ' ')"; fi
}

both() { # target tender mem
    local t=$1 T=$2 m=$3
    solo "$t-hello" success "$T" --mem=$m "$S/test_hello/test_hello.$t" Hello_Solo5
    solo "$t-quiet" success "$T" --mem=$m -- "$S/test_quiet/test_quiet.$t" --solo5:quiet
    [[ $OUT != *"Solo5:"* ]] || fail "$t-quiet-is-quiet" "banner printed"
    solo "$t-output" rc:0 "$T" --mem=$m "$S/test_output/test_output.$t" Output_Solo5
    solo "$t-globals" success "$T" --mem=$m "$S/test_globals/test_globals.$t"
    solo "$t-tls" success "$T" --mem=$m "$S/test_tls/test_tls.$t"
    solo "$t-ssp" abort "$T" --mem=$m "$S/test_ssp/test_ssp.$t"
    run "$T" --mem=$m "$S/test_fpu/test_fpu.$t"
    if [ "$t" = hvt ] && [[ $ERR == *INTERNAL_ERROR* ]]; then
        skip hvt-fpu "this host's KVM cannot emulate the guest's SSE code after an exit (Solo5's own tender stops the same way)"
    else
        solo "$t-fpu" success "$T" --mem=$m "$S/test_fpu/test_fpu.$t"
    fi
    solo "$t-time" success "$T" --mem=$m "$S/test_time/test_time.$t"
    solo "$t-blk" success "$T" --mem=$m --block:storage="$BLK" -- "$S/test_blk/test_blk.$t"
    solo "$t-blk-4096" success "$T" --mem=$m --block:storage="$BLK" \
        --block-sector-size:storage=4096 -- "$S/test_blk/test_blk.$t"
    local devs=() i
    for i in $(seq 0 62); do devs+=(--block:storage$i="$BLK"); done
    solo "$t-mft-maxdevices" success "$T" --mem=$m "${devs[@]}" \
        "$S/test_mft_maxdevices/test_mft_maxdevices.$t"
}

faults_hvt() {
    local c
    solo hvt-exception abort "$HVT" --mem=4096 "$S/test_exception/test_exception.hvt"
    solo hvt-zeropage abort "$HVT" --mem=4096 "$S/test_zeropage/test_zeropage.hvt"
    solo hvt-notls abort "$HVT" --mem=4096 "$S/test_notls/test_notls.hvt"
    for c in rnow xnow; do
        solo "hvt-$c" rc:1 "$HVT" --mem=4096 "$S/test_$c/test_$c.hvt"
        [[ $ERR == *"guest fault"* ]] || fail "hvt-$c-message" "$ERR"
    done
    # Unreadable text and non-executable data need hardware support that
    # this ABI (no NX) and this host lack; the guest then reports FAILURE
    # itself, under Solo5's own tender too.
    for c in xnor rnox wnox; do
        run "$HVT" --mem=4096 "$S/test_$c/test_$c.hvt"
        if [ "$RC" = 1 ] && [[ $ERR == *"guest fault"* ]]; then pass "hvt-$c"
        elif [[ $OUT == *FAILURE* ]]; then
            skip "hvt-$c" "not enforceable here: the guest reports FAILURE (as under solo5-hvt)"
        else fail "hvt-$c" "exit $RC: $ERR"; fi
    done
    solo hvt-buggyelf rc:1 "$HVT" --mem=4096 "$S/test_buggyelf/buggyelf.hvt"
}

faults_spt() {
    local c
    for c in exception zeropage xnow wnox notls; do
        solo "spt-$c" rc:139 "$SPT" --mem=2 "$S/test_$c/test_$c.spt"
    done
    solo spt-seccomp rc:159 "$SPT" --mem=2 "$S/test_seccomp/test_seccomp.spt"
}

NS=mirage-s5-$$
net_setup() {
    ip netns add "$NS" 2>/dev/null || return 1
    cleanup_hooks+=("ip netns del $NS 2>/dev/null")
    local n
    for n in 0 1; do
        ip -n "$NS" tuntap add tap10$n mode tap
        ip -n "$NS" addr add 10.$n.0.1/24 dev tap10$n
        ip -n "$NS" link set tap10$n up
    done
    ip -n "$NS" tuntap add tap102 mode tap
    ip -n "$NS" link set tap102 up mtu 9000
}

net() { # target tender mem
    local t=$1 T=$2 m=$3 p
    local RUN_TIMEOUT=200 # 100000 pings at about 0.5 ms each on this KVM
    (sleep 1; ip netns exec "$NS" timeout 190 ping -fq -c 100000 10.0.0.2 >/dev/null) &
    p=$!
    solo "$t-net" success ip netns exec "$NS" "$T" --mem=$m --net:service0=tap100 \
        -- "$S/test_net/test_net.$t" limit
    kill $p 2>/dev/null; wait $p 2>/dev/null
    (sleep 1; ip netns exec "$NS" timeout 190 ping -fq -c 50000 10.0.0.2 >/dev/null) &
    (sleep 1; ip netns exec "$NS" timeout 190 ping -fq -c 50000 10.1.0.2 >/dev/null) &
    solo "$t-net-2if" success ip netns exec "$NS" "$T" --mem=$m --net:service0=tap100 \
        --net:service1=tap101 -- "$S/test_net_2if/test_net_2if.$t" limit
    wait
    solo "$t-net-mtu" success ip netns exec "$NS" "$T" --mem=$m --net:service0=tap102 \
        -- "$S/test_net_mtu/test_net_mtu.$t"
    [[ $OUT == *"MTU is 9000"* ]] || fail "$t-net-mtu-9000" "$(echo "$OUT" | grep MTU)"
    (sleep 1; ip netns exec "$NS" timeout 190 ping -fq -c 10000 -p deadbeef 10.0.0.2 >/dev/null) &
    solo "$t-net-ring-fallback" success ip netns exec "$NS" "$T" --mem=$m \
        --net:service0=tap100 -- "$S/test_net_ring/test_net_ring.$t"
    wait
    [ "$t" = hvt ] || return 0
    # The same guest through the net ring (offered with MIRAGE_HVT_RING=1):
    # the frames must go by the ring, not by hypercalls.
    (sleep 1; ip netns exec "$NS" timeout 190 ping -fq -c 10000 -p deadbeef 10.0.0.2 >/dev/null) &
    MIRAGE_HVT_RING=1 MIRAGE_HVT_STATS=1 solo "$t-net-ring" success ip netns exec "$NS" "$T" \
        --mem=$m --net:service0=tap100 -- "$S/test_net_ring/test_net_ring.$t"
    wait
    if [[ $ERR =~ ring\ writes=([0-9]+)\ reads=([0-9]+) ]] &&
        [ "${BASH_REMATCH[1]}" -ge 10000 ] && [ "${BASH_REMATCH[2]}" -ge 10000 ] &&
        [[ $ERR == *"net_write=0 net_read=0"* ]]; then
        pass "$t-net-ring-used"
    else
        fail "$t-net-ring-used" "$(echo "$ERR" | grep stats | tr '\n' ' ')"
    fi
}

# The other way round: our test guest that declares virtio-net framing
# (Mirage NET1 note) runs on Solo5's own tender, which skips the note and
# gives plain frames (no grant in the manifest).
ours_on_solo5() { # target
    local t=$1 st=${SOLO5_DIR:-/tmp/solo5}/tenders/$1/solo5-$1 p prc
    if [ ! -x "$st" ]; then skip "$t-vnet-guest-on-solo5" "no $st"; return; fi
    rm -f "$TMP/ready"
    ip netns exec "$NS" /usr/bin/python3 "$MIRAGE_ROOT/tests/tenders/netpeer.py" tap100 \
        "$TMP/ready" >"$TMP/peer" 2>&1 &
    p=$!
    for _ in $(seq 50); do [ -e "$TMP/ready" ] && break; sleep 0.1; done
    run ip netns exec "$NS" "$st" --mem=4 --net:service=tap100 "$GUESTS/guest-vnet.$t" net
    wait $p
    prc=$?
    if [ "$RC" = 0 ] && [[ $OUT == *"grant 0"* ]] && [[ $OUT == *"got: hello-from-host"* ]] &&
        [ $prc = 0 ] && grep -q "peer got hello-from-guest" "$TMP/peer"; then
        pass "$t-vnet-guest-on-solo5"
    else
        fail "$t-vnet-guest-on-solo5" "exit $RC, guest '$(echo $OUT)', peer '$(cat "$TMP/peer")', $ERR"
    fi
}

# A real image (examples/network, built by the mirage tool; it declares
# virtio-net framing) on our tender, then on Solo5's, on the same tap: ours
# grants the offloads (netif logs them), Solo5's gives plain frames, and a
# TCP request from the namespace is answered both times (so our tender
# also left the persistent tap's offloads off for Solo5's).
real_image() { # target
    local t=$1 st=${SOLO5_DIR:-/tmp/solo5}/tenders/$1/solo5-$1 d=$TMP/network-$1 p which
    if [ ! -x "$st" ]; then skip "$t-network-example-on-solo5" "no $st"; return; fi
    mkdir -p "$d" && cp "$MIRAGE_ROOT"/examples/network/*.c "$d/"
    if ! (cd "$d" && unset MIRAGE_PREFIX && "$BUILD_ABS/bin/mirage" configure -t "$t" &&
        "$BUILD_ABS/bin/mirage" build) >"$TMP/build-$t.log" 2>&1; then
        fail "$t-network-example-build" "$(tail -n 3 "$TMP/build-$t.log" | tr '\n' ' ')"
        return
    fi
    for which in ours solo5; do
        local T=$st want=plain
        [ $which = ours ] && T=$([ "$t" = hvt ] && echo "$HVT" || echo "$SPT") && want=offloads
        ip netns exec "$NS" "$T" --mem=64 --net:service=tap100 "$d/dist/network.$t" \
            --ipv4=10.0.0.2/24 >"$TMP/app-$t" 2>&1 &
        p=$!
        local reply
        reply=$(ip netns exec "$NS" /usr/bin/python3 - <<'PY' 2>&1
import socket, time
for _ in range(50):
    try:
        s = socket.create_connection(("10.0.0.2", 8080), timeout=5)
        break
    except OSError:
        time.sleep(0.2)
s.sendall(b"hello")
data = b""
while True:
    c = s.recv(4096)
    if not c:
        break
    data += c
print(data.decode(errors="replace"))
PY
)
        kill $p 2>/dev/null; wait $p 2>/dev/null
        local log
        log=$(grep "\[netif\]" "$TMP/app-$t")
        local ok=0
        if [ $want = offloads ]; then
            [[ $log == *"offloads csum,tso4"* ]] && ok=1
        else
            [[ $log == *"mtu "* && $log != *offloads* ]] && ok=1
        fi
        [[ $reply == *"sent 5 bytes: hello"* ]] || ok=0
        if [ $ok = 1 ]; then
            pass "$t-network-example-on-$which"
        else
            fail "$t-network-example-on-$which" "reply '$reply', netif '$log'"
        fi
    done
}

if [ -n "$KVM_WHY" ]; then skip hvt-solo5-compat "$KVM_WHY"
else both hvt "$HVT" 4096; faults_hvt; fi
both spt "$SPT" 2
faults_spt
if net_setup; then
    [ -z "$KVM_WHY" ] && net hvt "$HVT" 4096
    net spt "$SPT" 2
    [ -z "$KVM_WHY" ] && ours_on_solo5 hvt
    ours_on_solo5 spt
    [ -z "$KVM_WHY" ] && real_image hvt
    real_image spt
else
    skip solo5-net "cannot create a network namespace"
fi
