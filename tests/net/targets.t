#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# examples/tcp_echo built by the mirage tool for spt and hvt (--net=direct)
# and run by mirage-spt / mirage-hvt on a tap in a fresh namespace, against
# Linux clients there: many concurrent echo connections checked byte for
# byte, connections closed by the client first, a slow reader that drives
# the unikernel's send side into a zero window, and a ping flood.  spt and
# hvt run side by side, each in its own namespace (mc-tgt-PID-T); hvt moves
# less data because every KVM exit is slow here.
set -u
MIRAGE_ROOT=${MIRAGE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$MIRAGE_ROOT/$BUILD ;; esac
PREFIX=$(cd "$BUILD" 2> /dev/null && pwd || echo "$BUILD")
export PATH="$PREFIX/bin:$PATH"
unset MIRAGE_PREFIX
PY=/usr/bin/python3
NS=mc-tgt-$$
TARGETS=${TARGETS_KINDS:-"spt hvt"}
CASES="build boot echo_concurrent close_client close_server slow_reader
       small_window ping"
TMP=$(mktemp -d /tmp/mirage-targets.XXXXXX)

cleanup() {
    local t p
    for p in $(cat "$TMP"/*.pids 2> /dev/null); do kill "$p" 2> /dev/null; done
    sleep 0.2
    for t in $TARGETS; do ip netns del "$NS-$t" 2> /dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT

skip_all() {
    local t c
    for t in $TARGETS; do for c in $CASES; do echo "SKIP: $t/$c: $1"; done; done
    exit 0
}

[ "$(id -u)" = 0 ] || skip_all "needs root (network namespaces, taps)"
[ -c /dev/net/tun ] || skip_all "no /dev/net/tun"
command -v ip > /dev/null || skip_all "no ip command (iproute2)"
command -v ping > /dev/null || skip_all "no ping (iputils-ping)"
[ -x "$PY" ] || skip_all "no $PY"

# The Linux side.  Every command prints one line, "ok ..." or "bad: why".
#   echo HOST PORT CONNS BYTES  CONNS connections at once, each sends BYTES
#                               random bytes then shuts down its sending
#                               side; every byte must come back in order,
#                               then the server's FIN
#   close HOST PORT CONNS       one after another, from local ports 41000
#                               and up: send 1000 bytes, read them back,
#                               close the socket (client first)
#   slow HOST PORT BYTES        a 4 KB receive buffer; sends BYTES, reads
#                               nothing for 1 s, then 4 KB every 2 ms
cat > "$TMP/peer.py" << 'PYEOF'
import os, socket, sys, threading, time

def exchange(host, port, data, rcvbuf=0, pause=0.0, chunk=65536, nap=0.0):
    """Sends data, checks the echo byte for byte; '' when all is well."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(60)
    s.connect((host, port))
    err = []
    def send():
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError as e:
            err.append('send: %s' % e)
    t = threading.Thread(target=send)
    t.start()
    time.sleep(pause)
    got = 0
    try:
        while True:
            b = s.recv(chunk)
            if not b:
                break
            if data[got:got + len(b)] != b:
                err.append('bytes %d..%d differ' % (got, got + len(b)))
                break
            got += len(b)
            if nap:
                time.sleep(nap)
    except OSError as e:
        err.append('recv: %s after %d bytes' % (e, got))
    t.join(60)
    s.close()
    if not err and got != len(data):
        err.append('%d bytes back of %d' % (got, len(data)))
    return '; '.join(err)

def echo(host, port, conns, nbytes):
    res = [None] * conns
    def one(i):
        try:
            res[i] = exchange(host, port, os.urandom(nbytes))
        except OSError as e:
            res[i] = str(e)
    start = time.monotonic()
    ts = [threading.Thread(target=one, args=(i,)) for i in range(conns)]
    for t in ts: t.start()
    for t in ts: t.join()
    el = time.monotonic() - start
    bad = ['conn %d: %s' % (i, r) for i, r in enumerate(res) if r]
    if bad:
        return 'bad: ' + '; '.join(bad[:5])
    mb = 2 * conns * nbytes / 1e6
    return 'ok %d x %d bytes in %.2f s (%.1f MB/s both ways)' % (
        conns, nbytes, el, mb / el)

def close(host, port, conns):
    for i in range(conns):
        data = os.urandom(1000)
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(10)
        s.bind(('', 41000 + i))
        s.connect((host, port))
        s.sendall(data)
        got = b''
        while len(got) < len(data):
            b = s.recv(4096)
            if not b:
                return 'bad: conn %d: EOF after %d bytes' % (i, len(got))
            got += b
        if got != data:
            return 'bad: conn %d: echo differs' % i
        s.close()
    return 'ok %d connections' % conns

def slow(host, port, nbytes):
    start = time.monotonic()
    r = exchange(host, port, os.urandom(nbytes), rcvbuf=4096, pause=1.0,
                 chunk=4096, nap=0.002)
    if r:
        return 'bad: ' + r
    return 'ok %d bytes in %.2f s' % (nbytes, time.monotonic() - start)

a = sys.argv[1:]
try:
    if a[0] == 'echo':
        print(echo(a[1], int(a[2]), int(a[3]), int(a[4])))
    elif a[0] == 'close':
        print(close(a[1], int(a[2]), int(a[3])))
    elif a[0] == 'slow':
        print(slow(a[1], int(a[2]), int(a[3])))
except OSError as e:
    print('bad: %s' % e)
PYEOF

res() { echo "$1: $T/$2${3:+: $3}" >> "$TMP/results-$T"; }
ok_if() { # CASE WHY-IF-NOT 'CONDITION'
    if eval "$3"; then res PASS "$1"; else res FAIL "$1" "$2"; fi
}
figure() { echo "  $T $1" >> "$TMP/results-$T"; }
ns() { ip netns exec "$NS-$T" "$@"; }
out() { tail -c 300 "$TMP/$T.out" | tr '\n' '|'; }
fail_rest() { # WHY CASES...
    local why=$1 c
    shift
    for c in "$@"; do res FAIL "$c" "$why"; done
}

wait_for() { # PATTERN FILE SECONDS
    local i
    for ((i = 0; i < $3 * 10; i++)); do
        grep -qa -- "$1" "$2" 2> /dev/null && return 0
        sleep 0.1
    done
    return 1
}

# count_log BYTES: how many "connection closed after BYTES bytes" lines.
count_log() { grep -c "connection closed after $1 bytes" "$TMP/$T.out"; }

check_echo() {
    local r
    r=$(ns timeout 90 "$PY" "$TMP/peer.py" echo 10.0.0.2 7 "$CONNS" "$BYTES" 2>&1)
    ok_if echo_concurrent "$r" '[[ $r == "ok "* ]] &&
        [ "$(count_log "$BYTES")" = "$CONNS" ]'
    figure "echo: ${r#ok }"
}

check_close() {
    local r tw
    r=$(ns timeout 30 "$PY" "$TMP/peer.py" close 10.0.0.2 7 20 2>&1)
    wait_for "closed after 1000 bytes" "$TMP/$T.out" 5
    sleep 0.3
    # The client closed first, so each of its sockets must end in TIME-WAIT,
    # which needs the unikernel's FIN and its ACK of ours.
    tw=$(ns ss -Htan state time-wait dst 10.0.0.2 dport = :7 |
        awk '{ split($(NF-1), a, ":"); p = a[2] }
             p >= 41000 && p < 41020 { n++ } END { print n + 0 }')
    ok_if close_client "$r; $(count_log 1000) logged closes, $tw in TIME-WAIT" \
        '[[ $r == "ok "* ]] && [ "$(count_log 1000)" = 20 ] && [ "$tw" = 20 ]'
    res SKIP close_server "examples/tcp_echo never closes first (it closes after the client's FIN)"
}

# The windows Linux advertised in a capture (scaled by the SYN's wscale),
# one a line.
windows() {
    tcpdump -nn -r "$1" 2> /dev/null | awk '
        / Flags \[S\]/ { sc = 0; if (match($0, /wscale [0-9]+/))
                            sc = substr($0, RSTART + 7, RLENGTH - 7); next }
        { for (i = 1; i < NF; i++) if ($i == "win") {
              w = $(i + 1); sub(/,/, "", w); print w * 2 ^ sc } }'
}

check_slow() {
    local r zw small dump=$TMP/$T.pcap
    ns tcpdump -i tap0 -nn -U -w "$dump" 'tcp and src host 10.0.0.1' \
        > /dev/null 2>&1 &
    local td=$!
    echo "$td" >> "$TMP/$T.pids"
    sleep 1
    r=$(ns timeout 90 "$PY" "$TMP/peer.py" slow 10.0.0.2 7 "$SLOW" 2>&1)
    sleep 0.5
    kill "$td" 2> /dev/null
    wait "$td" 2> /dev/null
    ok_if slow_reader "$r" '[[ $r == "ok "* ]] &&
        [ "$(count_log "$SLOW")" = 1 ]'
    figure "slow reader: ${r#ok }"
    # The reader must have pushed the unikernel's send side against a
    # window smaller than one full segment (often zero).
    windows "$dump" > "$TMP/$T.wins"
    zw=$(grep -cx 0 "$TMP/$T.wins")
    small=$(awk '$1 < 1460 { n++ } END { print n + 0 }' "$TMP/$T.wins")
    ok_if small_window "Linux never advertised under 1460 bytes ($(sort -n "$TMP/$T.wins" | head -n 1) at least)" \
        '[ "$small" -gt 0 ]'
    figure "slow reader: Linux advertised $small windows under one MSS, $zw of them zero"
}

check_ping() {
    ns ping -c 1 -W 5 -q 10.0.0.2 > /dev/null 2>&1
    ns ping -c "$PINGS" -i "$PING_IVAL" -W 2 -q 10.0.0.2 > "$TMP/$T.ping" 2>&1
    ok_if ping "$(grep -E 'transmitted|rtt' "$TMP/$T.ping" | tr '\n' ' ')" \
        'grep -q "$PINGS packets transmitted, $PINGS received" "$TMP/$T.ping"'
    figure "ping: $(grep rtt "$TMP/$T.ping")"
}

run_target() {
    local dir=$TMP/$T/tcp_echo
    mkdir -p "$dir"
    cp "$MIRAGE_ROOT"/examples/tcp_echo/*.c "$dir/"
    if ! (cd "$dir" && mirage configure -t "$T" --net=direct &&
        mirage build) > "$TMP/$T.build" 2>&1; then
        res FAIL build "$(tail -n 3 "$TMP/$T.build" | tr '\n' ' ')"
        fail_rest "not built" boot echo_concurrent close_client close_server \
            slow_reader small_window ping
        return
    fi
    res PASS build
    if ! { ip netns add "$NS-$T" && ns ip link set lo up &&
        ns ip tuntap add tap0 mode tap &&
        ns ip addr add 10.0.0.1/24 dev tap0 && ns ip link set tap0 up; }; then
        fail_rest "cannot set up namespace $NS-$T" boot echo_concurrent \
            close_client close_server slow_reader small_window ping
        return
    fi
    (cd "$dir" && exec ip netns exec "$NS-$T" "$PREFIX/bin/mirage-$T" \
        --net:service=tap0 "dist/tcp_echo.$T" --ipv4=10.0.0.2/24) \
        > "$TMP/$T.out" 2>&1 &
    APP=$!
    echo "$APP" >> "$TMP/$T.pids"
    if ! wait_for "echoing on TCP port 7" "$TMP/$T.out" 20; then
        fail_rest "did not start: $(out)" boot echo_concurrent close_client \
            close_server slow_reader small_window ping
        return
    fi
    res PASS boot
    check_ping
    check_echo
    check_close
    check_slow
    kill "$APP" 2> /dev/null
    wait "$APP" 2> /dev/null
}

for T in $TARGETS; do
    : > "$TMP/results-$T"
    if [ ! -x "$PREFIX/bin/mirage" ] || [ ! -x "$PREFIX/bin/mirage-$T" ]; then
        for c in $CASES; do res FAIL "$c" "mirage or mirage-$T is not built in $PREFIX/bin"; done
        continue
    fi
    if [ "$T" = hvt ] && ! (exec 3<> /dev/kvm) 2> /dev/null; then
        for c in $CASES; do res SKIP "$c" "/dev/kvm does not open"; done
        continue
    fi
    if [ "$T" = hvt ]; then
        CONNS=10 BYTES=65536 SLOW=262144 PINGS=200 PING_IVAL=0.01
    else
        CONNS=100 BYTES=1048576 SLOW=4194304 PINGS=1000 PING_IVAL=0.002
    fi
    run_target &
done
wait
for T in $TARGETS; do cat "$TMP/results-$T"; done
