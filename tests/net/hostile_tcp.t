#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Hostile TCP: crafted segments (tests/net/hostile_tcp.py, scapy) against
# tests/net/progs/hostile.c, then an hping3 SYN flood during a 10 MB echo
# transfer, which must complete byte-exact; a new connection must work after.
set -u
CASES="hostile_tcp_build hostile_tcp syn_flood_transfer syn_flood_new_conn
syn_flood_heap hostile_tcp_exit"
. "$(dirname "$0")/lib.sh"
net_require
PY=/usr/bin/python3
$PY -c 'import scapy' 2>/dev/null || net_skip_all "no scapy for $PY"
if net_build hostile "$TMP/hostile" tcp stack udp icmp ipv4 arp ethernet \
    netif buf ipaddr >"$TMP/build.log" 2>&1; then
    echo "PASS: hostile_tcp_build"
else
    cat "$TMP/build.log"
    for c in $CASES; do echo "FAIL: $c: build failed"; done
    exit 1
fi
net_ns_up || { echo "FAIL: hostile_tcp: namespace setup failed"; exit 1; }
ns "$TMP/hostile" --interface=tap0 --ipv4=10.0.0.2/24 >"$TMP/out" 2>&1 &
APP=$!
PIDS+=($APP)
net_wait_for "hostile: ready" 5 "$TMP/out" ||
    { cat "$TMP/out"; echo "FAIL: hostile_tcp: did not boot"; exit 1; }
rc=0
ns timeout 300 $PY "$ROOT/tests/net/hostile_tcp.py" 2>&1 | tee "$TMP/suite"
if [ "${PIPESTATUS[0]}" != 0 ]; then
    rc=1
    grep -q '^FAIL:' "$TMP/suite" || echo "FAIL: hostile_tcp: the suite stopped"
fi

# The SYN flood.  Linux answers the SYN-ACKs with resets; the flood starts
# first and the transfer runs inside it.
transfer() {
    ns timeout 120 $PY - "$@" <<'PYEOF'
import os, socket, sys, threading, time
n = int(sys.argv[1])
msg = os.urandom(n)
t0 = time.time()
s = socket.create_connection(("10.0.0.2", 7), timeout=60)
s.settimeout(60)
threading.Thread(target=s.sendall, args=(msg,), daemon=True).start()
got = bytearray()
while len(got) < n:
    d = s.recv(1 << 20)
    if not d:
        break
    got += d
s.close()
ok = bytes(got) == msg
print("%d of %d bytes back in %.2f s, %s" % (len(got), n, time.time() - t0,
                                           "exact" if ok else "MISMATCH"))
sys.exit(0 if ok else 1)
PYEOF
}
field() { awk -v n="$1" '$1 == n { print $2 }' "$2"; }
if command -v hping3 >/dev/null; then
    base=$(transfer 10000000 2>&1) || base="failed: $base"
    ns $PY "$ROOT/tests/net/udp_query.py" 10.0.0.2 9 stats >"$TMP/stats0" 2>&1
    ns timeout 5 hping3 -S --flood -p 7 10.0.0.2 >"$TMP/hping" 2>&1 &
    HP=$!
    PIDS+=($HP)
    sleep 0.5
    r=$(transfer 10000000 2>&1)
    trc=$?
    during="the flood ended before the transfer"
    kill -0 "$HP" 2>/dev/null && during="the flood still ran at its end"
    wait "$HP"
    sent=$(grep -o '[0-9]* packets transmitted' "$TMP/hping" | head -1)
    if [ $trc = 0 ]; then
        echo "PASS: syn_flood_transfer: $r; $during; hping3: ${sent:-?}" \
            "(without the flood: $base)"
    else
        echo "FAIL: syn_flood_transfer: $r; $during"
        rc=1
    fi
    sleep 1
    if r=$(transfer 100000 2>&1); then
        echo "PASS: syn_flood_new_conn: $r"
    else
        echo "FAIL: syn_flood_new_conn: $r"
        rc=1
    fi
    ns $PY "$ROOT/tests/net/udp_query.py" 10.0.0.2 9 stats >"$TMP/stats" 2>&1
    h0=$(field heap.in_use "$TMP/stats0")
    h1=$(field heap.in_use "$TMP/stats")
    figs="heap $h0 -> $h1 bytes"
    figs+=", cookies $(field tcp.syn_cookies_sent "$TMP/stats")"
    figs+=", half-open $(field tcp.half_open "$TMP/stats")"
    if [ -n "$h0" ] && [ -n "$h1" ] && [ $((h1 - h0)) -lt $((4 << 20)) ]; then
        echo "PASS: syn_flood_heap: $figs"
    else
        echo "FAIL: syn_flood_heap: $figs (bound: +4 MiB)"
        rc=1
    fi
else
    echo "SKIP: syn_flood_transfer: no hping3"
    echo "SKIP: syn_flood_new_conn: no hping3"
    echo "SKIP: syn_flood_heap: no hping3"
fi
ns $PY "$ROOT/tests/net/udp_query.py" 10.0.0.2 9 quit >/dev/null 2>&1
if wait "$APP"; then
    echo "PASS: hostile_tcp_exit"
else
    echo "FAIL: hostile_tcp_exit: the unikernel exited with $?"
    rc=1
fi
exit $rc
