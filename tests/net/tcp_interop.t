#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# lib/tcp against Linux's TCP: a unix program (tests/net/progs/tcp_server.c)
# with the direct stack on a tap in a fresh namespace, and Linux clients
# (tests/net/tcp_client.py): 100 concurrent echo connections of 10 MB each,
# a transfer under 1% loss and reordering, a slow reader on each side.
# The tap carries virtio-net headers (checksum offload, TSO both ways)
# unless MIRAGE_NET_VNET=0 (tcp_interop_plain.t runs this script so);
# case "offloads" checks from the counters which way it really went.
set -u
CASES="build boot echo_100x10MB offloads loss_reorder slow_reader_mirage
       slow_reader_linux no_bad_segments exit plain_after_vnet"
. "$(dirname "$0")/lib.sh"
net_require
PY=/usr/bin/python3
CLIENT=$ROOT/tests/net/tcp_client.py

DONE=""
pass() { echo "PASS: $1${2:+ ($2)}"; DONE="$DONE $1"; }
fail() { echo "FAIL: $1: $2"; DONE="$DONE $1"; }
fail_rest() {
    local c
    for c in $CASES; do
        [[ " $DONE " == *" $c "* ]] || echo "FAIL: $c: $1"
    done
    exit 1
}

udp() { # sends $1 to the control port, prints the answer
    ns $PY -c "
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
s.sendto(sys.argv[1].encode(), ('10.0.0.2', 9))
print(s.recv(65536).decode(), end='')" "$1"
}

start_server() { # extra boot arguments...
    ns "$TMP/tcp_server" --interface=tap0 --ipv4=10.0.0.2/24 "$@" \
        >"$TMP/out" 2>&1 &
    APP=$!
    PIDS+=($APP)
    net_wait_for "tcp_server: ready" 5 "$TMP/out"
}

stop_server() {
    udp quit >/dev/null 2>&1
    wait "$APP"
}

net_build tcp_server "$TMP/tcp_server" tcp stack udp icmp ipv4 arp ethernet \
    netif buf ipaddr >"$TMP/build.log" 2>&1 ||
    { cat "$TMP/build.log"; fail_rest "build failed"; }
pass build
net_ns_up || fail_rest "namespace setup failed"
start_server || { cat "$TMP/out"; fail_rest "did not boot"; }
pass boot

if r=$(ns timeout 600 $PY "$CLIENT" echo 10.0.0.2 100 10000000 2>&1); then
    pass echo_100x10MB "$r"
else
    fail echo_100x10MB "$r"
fi

# Offloads in use (or not, with MIRAGE_NET_VNET=0): segments longer than
# the MTU went both ways, as the device counted them.
udp stats >"$TMP/stats0" 2>&1
stat() { awk -v n="$1" '$1 == n { print $2 }' "$TMP/stats0"; }
txg=$(stat netif.tx_gso) rxg=$(stat netif.rx_gso) tso=$(stat tcp.tso_out)
big=$(stat tcp.large_in) bad=$(stat netif.drop.rx_vnet)
got="tx_gso ${txg:-?} rx_gso ${rxg:-?} tso_out ${tso:-?} large_in ${big:-?}"
if [ "${MIRAGE_NET_VNET:-1}" = 0 ]; then
    if [ "${txg:-x}" = 0 ] && [ "${rxg:-x}" = 0 ] && [ "${tso:-x}" = 0 ]; then
        pass offloads "off as asked: $got"
    else
        fail offloads "MIRAGE_NET_VNET=0 but $got"
    fi
elif [ "${txg:-0}" -gt 0 ] && [ "${rxg:-0}" -gt 0 ] && [ "${tso:-0}" -gt 0 ] &&
    [ "${big:-0}" -gt 0 ] && [ "${bad:-x}" = 0 ]; then
    pass offloads "$got"
else
    fail offloads "$got, vnet drops ${bad:-?}"
fi

# The reader on our side takes 4 KiB per 10 ms: our window must close and
# reopen.  tcpdump counts our advertisements of less than one segment
# (window field < 182 with our scale of 3: under 1456 bytes; Linux does not
# send into such a window, so it rarely reaches exactly zero).
if command -v tcpdump >/dev/null; then
    ns tcpdump -i tap0 -nn -U -w "$TMP/zw.pcap" \
        'src host 10.0.0.2 and tcp src port 9 and tcp[14:2] < 182' >/dev/null 2>&1 &
    DUMP=$!
    PIDS+=($DUMP)
    sleep 0.5
    r=$(ns timeout 300 $PY "$CLIENT" sink 10.0.0.2 2000000 2>&1)
    rc=$?
    sleep 0.5
    kill $DUMP 2>/dev/null
    wait $DUMP 2>/dev/null
    zero=$(tcpdump -nn -r "$TMP/zw.pcap" 2>/dev/null | wc -l)
    if [ $rc = 0 ] && [ "$zero" -gt 0 ]; then
        pass slow_reader_mirage "$r; window closed below a segment $zero times"
    else
        fail slow_reader_mirage "$r (rc $rc, window closed $zero times)"
    fi
else
    echo "SKIP: slow_reader_mirage: no tcpdump to see the window close"
    DONE="$DONE slow_reader_mirage"
fi

# Linux reads nothing for 5 s: our sender meets a zero window and probes.
before=$(udp stats | awk '$1 == "tcp.persist_probes" { print $2 }')
r=$(ns timeout 300 $PY "$CLIENT" source 10.0.0.2 5000000 5 2>&1)
rc=$?
after=$(udp stats | awk '$1 == "tcp.persist_probes" { print $2 }')
if [ $rc = 0 ] && [ "${after:-0}" -gt "${before:-0}" ]; then
    pass slow_reader_linux "$r; $((after - before)) persist probes"
else
    fail slow_reader_linux "$r (rc $rc, probes $before -> $after)"
fi

udp stats >"$TMP/stats" 2>&1
bad=$(awk '$1 == "tcp.drop_checksum" { print $2 }' "$TMP/stats")
bufs=$(awk '$1 == "tcp.buffers" { print $2 }' "$TMP/stats")
if [ "$bad" = 0 ] && [ "$bufs" = 0 ]; then
    pass no_bad_segments
else
    fail no_bad_segments "checksum drops $bad, buffers held when idle $bufs"
fi
stop_server

# Loss and reordering: netem on the tap when the kernel has it, and in any
# case the unikernel's IP shim (1% lost, 2% held 3-10 ms, both ways).
how="IP shim in the unikernel, both directions"
if ns tc qdisc add dev tap0 root netem loss 1% delay 2ms 2ms 2>/dev/null; then
    how="netem on tap0 plus $how"
else
    how="$how (no netem qdisc in this kernel)"
fi
start_server --loss=10000 --reorder=20000 || fail_rest "did not boot with loss"
r=$(ns timeout 600 $PY "$CLIENT" echo 10.0.0.2 10 5000000 2>&1)
rc=$?
udp stats >"$TMP/stats2" 2>&1
dropped=$(awk '$1 == "shim.dropped" { print $2 }' "$TMP/stats2")
rtx=$(awk '$1 == "tcp.retransmits" { print $2 }' "$TMP/stats2")
if [ $rc = 0 ] && [ "${dropped:-0}" -gt 0 ]; then
    pass loss_reorder "$r; $how; $dropped dropped, $rtx retransmitted"
else
    fail loss_reorder "$r (rc $rc, dropped ${dropped:-?})"
fi
udp quit >/dev/null 2>&1
wait "$APP"
rc=$?
if [ $rc = 0 ] && grep -q "^tcp.segs_in " "$TMP/out"; then
    pass exit
else
    fail exit "exit status $rc; $(tail -n 3 "$TMP/out" | tr '\n' ' ')"
fi

# The tap keeps the offloads a previous user set (TUNSETOFFLOAD): a program
# opening it with plain frames must turn them off, or Linux would send it
# partial checksums.  Plain frames after the runs above, on the same tap.
if [ "${MIRAGE_NET_VNET:-1}" = 0 ]; then
    echo "SKIP: plain_after_vnet: the runs above used plain frames already"
else
    MIRAGE_NET_VNET=0 start_server || fail_rest "did not boot with plain frames"
    r=$(ns timeout 120 $PY "$CLIENT" echo 10.0.0.2 4 2000000 2>&1)
    rc=$?
    udp stats >"$TMP/stats3" 2>&1
    txg=$(awk '$1 == "netif.tx_gso" { print $2 }' "$TMP/stats3")
    if [ $rc = 0 ] && [ "${txg:-x}" = 0 ]; then
        pass plain_after_vnet "$r"
        stop_server
    else
        fail plain_after_vnet "$r (rc $rc, tx_gso ${txg:-?})"
        kill "$APP" 2>/dev/null # it may not hear "quit" either
        wait "$APP" 2>/dev/null
    fi
fi
