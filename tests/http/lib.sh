# SPDX-License-Identifier: ISC
# Helpers for the http test scripts (sourced): results, a copy of
# examples/static_website built for a target, servers and namespaces that
# are cleaned up on exit.
#
#   site_build NAME TARGET [CONFIGURE ARGS...]  copies the example (and a
#       big.bin of $SITE_BIG_BYTES, default 1 MiB, in its htdocs) to $TMP/NAME and builds it; prints why
#       on failure
#   site_start NAME LOG CMD...   starts CMD in $TMP/NAME in the background
#   wait_http URL SECS [ns]      waits until URL answers
#   ns_up                        creates namespace $NS (loopback up)
#   tap_up TAP N                 tap TAP in $NS with address 10.0.N.1/24

BUILD=${BUILD:-build}
ROOT=${MIRAGE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
export PATH=$BUILD/bin:$PATH
NS=mc-http-$$
TMP=$(mktemp -d /tmp/mc-http.XXXXXX)
PIDS=()
PY=/usr/bin/python3

http_cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    ip netns del "$NS" 2>/dev/null
    rm -rf "$TMP"
}
trap http_cleanup EXIT

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }
skip() { echo "SKIP: $1: $2"; }

site_build() {
    local name=$1 target=$2 dir=$TMP/$1 src=$ROOT/examples/static_website
    shift 2
    mkdir -p "$dir" &&
        cp "$src"/*.c "$src"/*.h "$dir"/ && cp -r "$src/htdocs" "$dir/" &&
        head -c "${SITE_BIG_BYTES:-1048576}" /dev/urandom >"$dir/htdocs/big.bin" || return 1
    (cd "$dir" && mirage configure -t "$target" "$@" && mirage build) \
        >"$dir/build.log" 2>&1 || {
        echo "build failed: $(grep -m1 -i 'error' "$dir/build.log")"
        return 1
    }
}

site_start() {
    local name=$1 log=$2
    shift 2
    (cd "$TMP/$name" && exec "$@") >"$log" 2>&1 &
    PIDS+=($!)
}

wait_http() {
    local url=$1 secs=$2 i
    shift 2
    for ((i = 0; i < secs * 10; i++)); do
        "$@" curl -s -o /dev/null -m 1 "$url" && return 0
        sleep 0.1
    done
    return 1
}

free_port() {
    $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ns() { ip netns exec "$NS" "$@"; }

ns_up() {
    [ "$(id -u)" = 0 ] && [ -c /dev/net/tun ] && command -v ip >/dev/null &&
        ip netns add "$NS" 2>/dev/null && ns ip link set lo up
}

tap_up() {
    ns ip tuntap add "$1" mode tap && ns ip addr add "10.0.$2.1/24" dev "$1" &&
        ns ip link set "$1" up
}
