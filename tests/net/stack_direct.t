#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The direct stack against Linux: a unix program (tests/net/progs/netstack.c)
# on a tap in a fresh namespace; Linux pings it, ARPs for it, echoes UDP
# through it and hits a closed port.
set -u
CASES="build boot announce arp_reply ping_1000 ping_fragmented udp_echo
       udp_port_unreachable counters exit"
. "$(dirname "$0")/lib.sh"
net_require
PY=/usr/bin/python3
HERE=$ROOT/tests/net

fail_rest() { # the cases not reported yet fail with the reason $1
    local c
    for c in $CASES; do
        [[ " $DONE " == *" $c "* ]] || echo "FAIL: $c: $1"
    done
    exit 1
}
DONE=""
pass() { echo "PASS: $1"; DONE="$DONE $1"; }
fail() { echo "FAIL: $1: $2"; DONE="$DONE $1"; }

net_build netstack "$TMP/netstack" udp icmp ipv4 arp ethernet netif buf ipaddr \
    >"$TMP/build.log" 2>&1 || { cat "$TMP/build.log"; fail_rest "build failed"; }
pass build
net_ns_up || fail_rest "namespace setup failed"

HAVE_TCPDUMP=$(command -v tcpdump || true)
if [ -n "$HAVE_TCPDUMP" ]; then
    ns tcpdump -i tap0 -nn -U -w "$TMP/arp.pcap" arp >/dev/null 2>&1 &
    PIDS+=($!)
    sleep 0.5
fi
ns "$TMP/netstack" --interface=tap0 --ipv4=10.0.0.2/24 >"$TMP/out" 2>&1 &
APP=$!
PIDS+=($APP)
net_wait_for "netstack: ready" 5 "$TMP/out" || { cat "$TMP/out"; fail_rest "did not boot"; }
pass boot

sleep 1
if [ -z "$HAVE_TCPDUMP" ]; then
    echo "SKIP: announce: no tcpdump"
    DONE="$DONE announce"
else
    kill "${PIDS[0]}" 2>/dev/null
    wait "${PIDS[0]}" 2>/dev/null
fi
if [ -z "$HAVE_TCPDUMP" ]; then
    :
elif tcpdump -nn -r "$TMP/arp.pcap" 2>/dev/null |
    grep -q "Request who-has 10.0.0.2 tell 10.0.0.2"; then
    pass announce
else
    fail announce "no gratuitous ARP for 10.0.0.2 seen on tap0"
fi

ns ip neigh flush dev tap0
ns ping -c 1 -W 2 10.0.0.2 >/dev/null 2>&1
if ns ip neigh show 10.0.0.2 dev tap0 | grep -q lladdr; then
    pass arp_reply
else
    fail arp_reply "Linux has no neighbour entry: $(ns ip neigh show dev tap0)"
fi

ns ping -c 1000 -i 0.002 -W 1 -q 10.0.0.2 >"$TMP/ping" 2>&1
if grep -q "1000 packets transmitted, 1000 received" "$TMP/ping"; then
    pass ping_1000
else
    fail ping_1000 "$(grep -E 'transmitted|rtt' "$TMP/ping" | tr '\n' ' ')"
fi

ns ping -c 5 -i 0.2 -s 4000 -W 2 -q 10.0.0.2 >"$TMP/pingf" 2>&1
if grep -q "5 packets transmitted, 5 received" "$TMP/pingf"; then
    pass ping_fragmented
else
    fail ping_fragmented "$(grep transmitted "$TMP/pingf")"
fi

if r=$(ns $PY "$HERE/udp_echo.py" 10.0.0.2 2>&1); then
    pass udp_echo
else
    fail udp_echo "$r"
fi

if r=$(ns $PY "$HERE/udp_unreach.py" 10.0.0.2 9999 2>&1); then
    pass udp_port_unreachable
else
    fail udp_port_unreachable "$r"
fi

ns $PY "$HERE/udp_query.py" 10.0.0.2 9 stats >"$TMP/stats" 2>&1
echo_req=$(net_counter icmp.rx_echo_requests "$TMP/stats")
echo_rep=$(net_counter icmp.tx_echo_replies "$TMP/stats")
closed=$(net_counter udp.drop.no_listener "$TMP/stats")
unreach=$(net_counter icmp.tx_unreachables "$TMP/stats")
if [ "$echo_req" -ge 1006 ] && [ "$echo_rep" = "$echo_req" ] &&
    [ "$closed" -ge 1 ] && [ "$unreach" -ge 1 ]; then
    pass counters
else
    fail counters "echo requests $echo_req replies $echo_rep closed $closed unreachables $unreach"
fi

ns $PY "$HERE/udp_query.py" 10.0.0.2 9 quit >/dev/null 2>&1
wait "$APP"
rc=$?
if [ $rc = 0 ] && grep -q "^ipv4.rx_packets " "$TMP/out"; then
    pass exit
else
    fail exit "exit status $rc; $(tail -n 3 "$TMP/out" | tr '\n' ' ')"
fi
