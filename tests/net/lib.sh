# SPDX-License-Identifier: ISC
# Helpers for the network test scripts (sourced): a namespace with a tap,
# the unix-flavour build of a test program, cleanup on exit.
#
#   net_require            prints SKIP lines and exits 0 when the host cannot
#                          run these tests (not root, no tun, no ip)
#   net_build PROG OUT LIBS...   compiles tests/net/progs/PROG.c with the
#                          shared progs/support.c against
#                          $BUILD/lib/mirage/unix into OUT
#   net_ns_up              creates namespace $NS with tap0 = 10.0.0.1/24
#   ns CMD...              runs CMD inside the namespace
# Every script sets CASES (its case names) before calling net_require.

BUILD=${BUILD:-build}
ROOT=${MIRAGE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
NS=mc-net-$$
TMP=$(mktemp -d /tmp/mc-net.XXXXXX)
PIDS=()

net_cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    ip netns del "$NS" 2>/dev/null
    rm -rf "$TMP"
}
trap net_cleanup EXIT

net_skip_all() {
    for c in $CASES; do echo "SKIP: $c: $1"; done
    exit 0
}

net_require() {
    [ "$(id -u)" = 0 ] || net_skip_all "needs root (network namespaces)"
    [ -c /dev/net/tun ] || net_skip_all "no /dev/net/tun"
    command -v ip >/dev/null || net_skip_all "no ip command (iproute2)"
    command -v ping >/dev/null || net_skip_all "no ping (iputils-ping)"
    ip netns add "$NS" 2>/dev/null || net_skip_all "cannot create a network namespace"
}

ns() {
    ip netns exec "$NS" "$@"
}

net_ns_up() {
    ns ip link set lo up &&
        ns ip tuntap add tap0 mode tap &&
        ns ip addr add 10.0.0.1/24 dev tap0 &&
        ns ip link set tap0 up
}

net_build() {
    local prog=$1 out=$2
    shift 2
    local libs=() l
    for l in "$@" runtime plat_unix rng; do
        [ -f "$BUILD/lib/mirage/unix/libmirage_$l.a" ] || {
            echo "missing $BUILD/lib/mirage/unix/libmirage_$l.a (run make)"
            return 1
        }
        libs+=("-lmirage_$l")
    done
    gcc -std=c11 -O2 -g -Wall -Wextra -Werror -I"$ROOT/include" \
        "$ROOT/tests/net/progs/$prog.c" "$ROOT/tests/net/progs/support.c" \
        -L"$BUILD/lib/mirage/unix" \
        -Wl,--start-group "${libs[@]}" -Wl,--end-group -o "$out"
}

# Waits up to $2 seconds for a line matching $1 in file $3.
net_wait_for() {
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        grep -q "$1" "$3" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# The value of counter $1 in the text file $2 ("name value" lines).
net_counter() {
    awk -v n="$1" '$1 == n { print $2; found = 1 } END { if (!found) print -1 }' "$2"
}
