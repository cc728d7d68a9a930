#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The network examples (tcp_echo, udp_echo, network, tcp_client) and the
# http_server device (tests/tool/configs/http), built by mirage and run
# against Linux's own TCP/IP stack and curl: on unix with the direct
# stack over a tap and with the socket stack on loopback, and on hvt and spt
# over a tap given to the tender.  Each kind runs in its own network
# namespace (mc-sys-PID-KIND) holding tap0 = 10.0.0.1/24 and the unikernel
# at 10.0.0.2; the kinds run side by side.
set -u
MIRAGE_ROOT=${MIRAGE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$MIRAGE_ROOT/$BUILD ;; esac
PREFIX=$(cd "$BUILD" 2> /dev/null && pwd || echo "$BUILD")
export PATH="$PREFIX/bin:$PATH"
unset MIRAGE_PREFIX
PY=/usr/bin/python3
PEER=$MIRAGE_ROOT/tests/system/netpeer.py
NS=mc-sys-$$
KINDS=${NETWORK_KINDS:-"unix-direct unix-socket hvt spt"}
EXAMPLES="tcp_echo udp_echo network tcp_client http"
CASES="build ping tcp_echo tcp_echo_parallel udp_echo network network_log
       bad_ipv4 tcp_client http"
TMP=$(mktemp -d /tmp/mirage-network.XXXXXX)

cleanup() {
    local k p
    for p in $(cat "$TMP"/*.pids 2> /dev/null); do kill "$p" 2> /dev/null; done
    sleep 0.2
    for k in $KINDS; do ip netns del "$NS-$k" 2> /dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT

skip_all() {
    local k c
    for k in $KINDS; do for c in $CASES; do echo "SKIP: $k/$c: $1"; done; done
    exit 0
}

[ "$(id -u)" = 0 ] || skip_all "needs root (network namespaces, taps)"
[ -c /dev/net/tun ] || skip_all "no /dev/net/tun"
command -v ip > /dev/null || skip_all "no ip command (iproute2)"
command -v ping > /dev/null || skip_all "no ping (iputils-ping)"
if [ ! -x "$PREFIX/bin/mirage" ]; then
    for k in $KINDS; do echo "FAIL: $k/build: $PREFIX/bin/mirage is not built"; done
    exit 0
fi

# Result lines of kind K go to its file, printed in order at the end.
res() { echo "$1: $K/$2${3:+: $3}" >> "$TMP/results-$K"; }
ok_if() { # CASE WHY-IF-NOT 'CONDITION'
    if eval "$3"; then res PASS "$1"; else res FAIL "$1" "$2"; fi
}
ns() { ip netns exec "$NS-$K" "$@"; }
# A measurement, printed with the results (not a case).
figure() { echo "  $K $1" >> "$TMP/results-$K"; }

# start EXAMPLE ARGS...: boots the example in the namespace, output to
# $TMP/$K-EXAMPLE.out; sets APP (its pid).
start() {
    local e=$1 cmd
    shift
    cmd=("./dist/$e")
    [ "$T" != unix ] && cmd=("$PREFIX/bin/mirage-$T" --net:service=tap0 "dist/$e.$T")
    : > "$TMP/$K-$e.out"
    (cd "$TMP/$K/$e" && exec ip netns exec "$NS-$K" "${cmd[@]}" "${ADDR[@]}" "$@") \
        > "$TMP/$K-$e.out" 2>&1 &
    APP=$!
    echo "$APP" >> "$TMP/$K.pids"
}

stop() { kill "$APP" 2> /dev/null; wait "$APP" 2> /dev/null; }

# wait_for PATTERN FILE SECONDS
wait_for() {
    local i
    for ((i = 0; i < $3 * 10; i++)); do
        grep -qa -- "$1" "$2" 2> /dev/null && return 0
        sleep 0.1
    done
    return 1
}

out() { tail -c 300 "$TMP/$K-$1.out" | tr '\n' '|'; }

check_tcp_echo() {
    local r
    start tcp_echo
    if ! wait_for "echoing on TCP port 7" "$TMP/$K-tcp_echo.out" 20; then
        res FAIL tcp_echo "did not start: $(out tcp_echo)"
        res FAIL tcp_echo_parallel "did not start"
        [ "$NET" = direct ] && res FAIL ping "did not start"
        stop
        return
    fi
    if [ "$NET" = direct ]; then
        # One uncounted ping first, so both ARP caches are warm.
        ns ping -c 1 -W 5 -q 10.0.0.2 > /dev/null 2>&1
        ns ping -c 20 -i 0.05 -W 5 -q 10.0.0.2 > "$TMP/$K-ping" 2>&1
        ns ping -c 3 -i 0.2 -s 3000 -W 5 -q 10.0.0.2 >> "$TMP/$K-ping" 2>&1
        ok_if ping "$(grep transmitted "$TMP/$K-ping" | tr '\n' ' ')" \
            'grep -q "20 packets transmitted, 20 received" "$TMP/$K-ping" &&
             grep -q "3 packets transmitted, 3 received" "$TMP/$K-ping"'
    fi
    r=$(ns timeout 120 "$PY" "$PEER" tcp-echo "$HOST" 7 "$BIG" 1 2>&1)
    ok_if tcp_echo "$r" '[[ $r == "ok "* ]] &&
        grep -q "connection closed after $BIG bytes" "$TMP/$K-tcp_echo.out"'
    figure "tcp_echo: ${r#ok }"
    r=$(ns timeout 120 "$PY" "$PEER" tcp-echo "$HOST" 7 "$SMALL" 3 2>&1)
    ok_if tcp_echo_parallel "$r" '[[ $r == "ok "* ]] &&
        [ "$(grep -c "connection closed after $SMALL bytes" "$TMP/$K-tcp_echo.out")" = 3 ]'
    stop
}

check_udp_echo() {
    local r
    start udp_echo
    if ! wait_for "echoing on UDP port 7" "$TMP/$K-udp_echo.out" 20; then
        res FAIL udp_echo "did not start: $(out udp_echo)"
        stop
        return
    fi
    r=$(ns timeout 120 "$PY" "$PEER" udp-echo "$HOST" 7 "$DGRAMS" 4000 2>&1)
    ok_if udp_echo "$r" '[[ $r == "ok "* ]]'
    figure "udp_echo: ${r#ok }"
    stop
}

check_network() {
    local r port answer
    start network
    if ! wait_for "listening on TCP port 8080" "$TMP/$K-network.out" 20; then
        res FAIL network "did not start: $(out network)"
        res FAIL network_log "did not start"
        stop
        return
    fi
    r=$(ns timeout 30 "$PY" "$PEER" tcp-ask "$HOST" 8080 "hello" 2>&1)
    port=$(echo "$r" | awk '$1 == "ok" { print $2 }')
    answer=${r#ok * }
    ok_if network "got '$r'" \
        '[ -n "$port" ] && [ "$answer" = "$PEER_IP:$port sent 5 bytes: hello" ]'
    wait_for "new tcp connection from IP $PEER_IP on port ${port:-none}" \
        "$TMP/$K-network.out" 5
    ok_if network_log "no 'new tcp connection from IP $PEER_IP on port $port': $(out network)" \
        'grep -q "new tcp connection from IP $PEER_IP on port ${port:-none}$" "$TMP/$K-network.out"'
    stop
}

# A malformed address key is refused at boot: exit 64, one line naming it.
check_bad_ipv4() {
    local rc
    local -a ADDR=() # start() sees this one: no valid address first
    start network --ipv4=10.0.0.300/24
    wait "$APP"
    rc=$?
    ok_if bad_ipv4 "exit $rc (want 64): $(out network)" \
        '[ $rc -eq 64 ] && [ "$(wc -l < "$TMP/$K-network.out")" = 1 ] &&
         grep -q -- "--ipv4.*10.0.0.300/24" "$TMP/$K-network.out"'
}

check_tcp_client() {
    local srv rc
    ns timeout 60 "$PY" "$PEER" tcp-serve "$PEER_IP" 9000 50 > "$TMP/$K-serve" 2>&1 &
    srv=$!
    echo "$srv" >> "$TMP/$K.pids"
    if ! wait_for listening "$TMP/$K-serve" 10; then
        res FAIL tcp_client "the Linux listener did not start: $(cat "$TMP/$K-serve")"
        return
    fi
    start tcp_client "--remote=$PEER_IP:9000"
    for ((i = 0; i < 600; i++)); do
        kill -0 "$APP" 2> /dev/null || break
        sleep 0.1
    done
    kill "$APP" 2> /dev/null
    wait "$APP"
    rc=$?
    wait "$srv"
    ok_if tcp_client "exit $rc, listener '$(cat "$TMP/$K-serve" | tr '\n' ' ')', unikernel: $(out tcp_client)" \
        '[ $rc = 0 ] && grep -q "^ok $UNI_IP hello from mirage$" "$TMP/$K-serve" &&
         grep -q "reply: pong: hello from mirage$" "$TMP/$K-tcp_client.out"'
}

check_http() {
    local body code
    if ! command -v curl > /dev/null; then
        res FAIL http "curl is not installed (make deps)"
        return
    fi
    start http
    if ! wait_for "serving HTTP" "$TMP/$K-http.out" 20; then
        res FAIL http "did not start: $(out http)"
        stop
        return
    fi
    body=$(ns curl -s -m 10 "http://$HOST:8080/" 2>&1)
    code=$(ns curl -s -m 10 -o /dev/null -w '%{http_code}' "http://$HOST:8080/nothing" 2>&1)
    ok_if http "GET / gave '$body', GET /nothing gave $code" \
        '[ "$body" = "hello from the http_server device" ] && [ "$code" = 404 ]'
    stop
}

build_all() {
    local e ok=1
    for e in $EXAMPLES; do
        local src=$MIRAGE_ROOT/examples/$e
        [ "$e" = http ] && src=$MIRAGE_ROOT/tests/tool/configs/http
        mkdir -p "$TMP/$K/$e"
        cp "$src"/*.c "$TMP/$K/$e/"
        if ! (cd "$TMP/$K/$e" && mirage configure -t "$T" --net="$NET" &&
            mirage build) > "$TMP/$K-$e.build" 2>&1; then
            ok=0
            res FAIL build "$e: $(tail -n 3 "$TMP/$K-$e.build" | tr '\n' ' ')"
        fi
    done
    [ $ok = 1 ] && res PASS build
    return $((1 - ok))
}

netns_up() {
    ip netns add "$NS-$K" || return 1
    ns ip link set lo up || return 1
    [ "$NET" = socket ] && return 0
    ns ip tuntap add tap0 mode tap && ns ip addr add 10.0.0.1/24 dev tap0 &&
        ns ip link set tap0 up
}

run_kind() {
    local c
    if ! build_all; then
        for c in $CASES; do [ "$c" != build ] && res FAIL "$c" "not built"; done
        return
    fi
    if ! netns_up; then
        for c in $CASES; do [ "$c" != build ] && res FAIL "$c" "cannot set up namespace $NS-$K"; done
        return
    fi
    [ "$NET" = socket ] && res SKIP ping "the socket stack has no ICMP of its own"
    check_tcp_echo
    check_udp_echo
    check_network
    check_bad_ipv4
    check_tcp_client
    check_http
}

# Why target T cannot run here (empty if it can).
unavailable() {
    case $1 in
    hvt)
        [ -x "$PREFIX/bin/mirage-hvt" ] || { echo "FAIL:$PREFIX/bin/mirage-hvt is missing"; return; }
        (exec 3<> /dev/kvm) 2> /dev/null || echo "SKIP:/dev/kvm does not open" ;;
    spt)
        [ -x "$PREFIX/bin/mirage-spt" ] || echo "FAIL:$PREFIX/bin/mirage-spt is missing" ;;
    esac
}

for K in $KINDS; do
    : > "$TMP/results-$K"
    T=${K%%-*}
    NET=direct
    [ "$K" = unix-socket ] && NET=socket
    why=$(unavailable "$T")
    if [ -n "$why" ]; then
        for c in $CASES; do res "${why%%:*}" "$c" "${why#*:}"; done
        continue
    fi
    if [ "$NET" = socket ]; then
        HOST=127.0.0.1 PEER_IP=127.0.0.1 UNI_IP=127.0.0.1 ADDR=()
    else
        HOST=10.0.0.2 PEER_IP=10.0.0.1 UNI_IP=10.0.0.2 ADDR=(--ipv4=10.0.0.2/24)
    fi
    # KVM exits are slow here: hvt moves less data.
    if [ "$T" = hvt ]; then
        BIG=65536 SMALL=16384 DGRAMS=40
    else
        BIG=400000 SMALL=100000 DGRAMS=200
    fi
    run_kind &
done
wait
for K in $KINDS; do cat "$TMP/results-$K"; done
