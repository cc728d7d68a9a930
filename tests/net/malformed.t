#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Hostile input (tests/net/malformed.py, scapy) against the direct stack
# running as a unix program on a tap in a fresh namespace.
set -u
CASES="malformed"
. "$(dirname "$0")/lib.sh"
net_require
PY=/usr/bin/python3
$PY -c 'import scapy' 2>/dev/null || net_skip_all "no scapy for $PY"
net_build netstack "$TMP/netstack" udp icmp ipv4 arp ethernet netif buf ipaddr \
    >"$TMP/build.log" 2>&1 || { cat "$TMP/build.log"; echo "FAIL: malformed: build failed"; exit 1; }
net_ns_up || { echo "FAIL: malformed: namespace setup failed"; exit 1; }
ns "$TMP/netstack" --interface=tap0 --ipv4=10.0.0.2/24 --ipv4-gateway=10.0.0.1 \
    >"$TMP/out" 2>&1 &
APP=$!
PIDS+=($APP)
net_wait_for "netstack: ready" 5 "$TMP/out" || { cat "$TMP/out"; echo "FAIL: malformed: did not boot"; exit 1; }
ns $PY "$ROOT/tests/net/malformed.py"
rc=$?
ns $PY "$ROOT/tests/net/udp_query.py" 10.0.0.2 9 quit >/dev/null 2>&1
wait "$APP" || echo "FAIL: malformed_exit: the unikernel exited with $?"
echo "--- counters at exit"
grep -E '^[a-z]+\.' "$TMP/out"
exit $rc
