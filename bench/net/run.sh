#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Network benchmark: the netbench unikernel (bench/net/app) with the
# direct stack on a tap, for the unix target and, when they build and
# run here, spt and hvt; against Linux's own TCP in a second namespace
# over a veth pair.  One client program (netpeer) drives both: bulk MB/s
# each way, 1-byte request/response rate, connect/request/close rate,
# ping RTT, and memory per idle connection (10,000 held open).  Prints
# every figure and the ratio ours/Linux.  Needs root; skips otherwise.
# Usage: BUILD=build bash bench/net/run.sh   (env SECS=2 N_IDLE=10000,
# PHASES="send recv" and ONLY_TARGETS=unix to run a subset).  Target
# "unix-plain" is the unix build with MIRAGE_NET_VNET=0 (plain frames: no
# checksum offload, no TSO), run after unix, for a before/after in one run.)
set -u
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
SECS=${SECS:-2}
N_IDLE=${N_IDLE:-10000}
MEM=${MEM:-64}
PEER=$BUILD/bench/net/netpeer
NSC=mc-nbc-$$ NSL=mc-nbl-$$
TMP=$(mktemp -d /tmp/mc-netbench.XXXXXX)
UK="" CL=""
cleanup() {
    for p in $CL $UK ${SRV:-}; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    ip netns del $NSC 2>/dev/null
    ip netns del $NSL 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ] || ! ip netns add $NSC; then
    echo "SKIP: bench/net: needs root, /dev/net/tun and network namespaces"
    exit 0
fi
ip netns add $NSL
c() { ip netns exec $NSC "$@"; }
l() { ip netns exec $NSL "$@"; }
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# Client namespace: tap0 towards the unikernel (10.0.0.2), veth towards
# the Linux server namespace (10.0.1.2).
c ip link set lo up
c ip tuntap add tap0 mode tap
c ip addr add 10.0.0.1/24 dev tap0
c ip link set tap0 up
ip link add nbv0 netns $NSC type veth peer name nbv1 netns $NSL
c ip addr add 10.0.1.1/24 dev nbv0
c ip link set nbv0 up
l ip link set lo up
l ip addr add 10.0.1.2/24 dev nbv1
l ip link set nbv1 up
for ns in $NSC $NSL; do
    ip netns exec $ns sysctl -qw net.ipv4.ip_local_port_range="1024 65535"
    ip netns exec $ns sysctl -qw net.ipv4.tcp_tw_reuse=1
done

declare -A R # R[target.metric] = value
PHASES=${PHASES:-"ping send recv rr crr idle"}

ping_rtt() { # prints the average RTT in microseconds
    c ping -q -c 200 -i 0.005 -w 10 "$1" 2>/dev/null |
        awk -F/ '/^rtt/ { printf "%.1f\n", $5 * 1000 }'
}

# Runs phase $2 against address $3, storing R[$1.$2].
phase() {
    local t=$1 p=$2 a=$3 v
    case $p in
    ping) v=$(ping_rtt "$a") ;;
    idle) v=$(idle_phase "$t" "$a") ;;
    *) v=$(c timeout 60 "$PEER" "$p" "$a" "$SECS" 2>"$TMP/err") ||
        { sed 's/^/    /' "$TMP/err" >&2; v=""; } ;;
    esac
    R[$t.$p]=${v:-fail}
}

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

counters() { # the unikernel's UDP counters line: conns N held N ... heap N
    c /usr/bin/python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
s.sendto(b'?', ('10.0.0.2', 9)); print(s.recv(512).decode().strip())" \
        2>/dev/null
}
field() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'; }

# Holds N_IDLE connections open (netpeer idle) and prints bytes per held
# connection: the growth of the guest heap (nolibc's or glibc's counters,
# read over UDP), or of the process's resident size if those are unknown.
# The counters seen with the connections held go to $TMP/idle.TARGET.
idle_phase() {
    local t=$1 a=$2 rss0 rss1 h0 h1 held n
    sleep 0.3
    rss0=$(rss_kb "$MEMPID")
    h0=$(counters | field heap)
    : >"$TMP/idle"
    ip netns exec $NSC "$PEER" idle "$a" "$N_IDLE" >"$TMP/idle" 2>"$TMP/idle.err" &
    CL=$!
    for ((n = 0; n < 300; n++)); do
        grep -q open "$TMP/idle" && break
        kill -0 $CL 2>/dev/null || break
        sleep 0.1
    done
    sleep 0.5
    rss1=$(rss_kb "$MEMPID")
    counters >"$TMP/idle.$t"
    echo "client: $(cat "$TMP/idle")" >>"$TMP/idle.$t"
    kill $CL 2>/dev/null
    wait $CL 2>/dev/null
    CL=""
    h1=$(field heap <"$TMP/idle.$t")
    held=$(field held <"$TMP/idle.$t")
    [ "${held:-0}" -gt 0 ] || { cat "$TMP/idle.err" >&2; return; }
    if [ "${h0:--1}" -ge 0 ] && [ "${h1:--1}" -ge 0 ]; then
        echo $(((h1 - h0) / held))
    else
        echo $(((rss1 - rss0) * 1024 / held))
    fi
}

tapstat() {
    c cat /sys/class/net/tap0/statistics/rx_packets \
        /sys/class/net/tap0/statistics/tx_packets |
        awk '{ s += $1 } END { print s }'
}

# Linux: the same client against netpeer's server mode over the veth.
ip netns exec $NSL "$PEER" server 10.0.1.2 >"$TMP/srv" 2>&1 &
SRV=$!
sleep 0.3
for p in $PHASES; do [ $p != idle ] && phase linux $p 10.0.1.2; done
# Linux's memory per idle connection is not measured (the host's slab
# counters are shared with everything else running): an accepted socket's
# kernel objects from /proc/slabinfo (TCP + sock_inode_cache + filp +
# dentry) stand for it, a lower bound, marked as an estimate below.
R[linux.idle]=$(awk '$1 == "TCP" || $1 == "sock_inode_cache" ||
    $1 == "filp" || $1 == "dentry" { s += $4; n++ }
    END { if (n == 4) print s; else print "n/a" }' /proc/slabinfo 2>/dev/null)
echo "  linux done ($SECONDS s since the start)" >&2

# The unikernel: built with the mirage tool, booted afresh for each phase
# (so each phase's VM exits and tap packets are its own).
build() { # target
    rm -rf "${TMP:?}/$1"
    cp -r "$ROOT/bench/net/app" "$TMP/$1"
    (cd "$TMP/$1" && "$BUILD/bin/mirage" configure -t "$1" --net=direct &&
        make) >"$TMP/build.$1" 2>&1
}

start() { # target
    local t=$1 i
    case $t in
    unix) ip netns exec $NSC "$TMP/unix/dist/netbench" --interface=tap0 --ipv4=10.0.0.2/24 \
        >"$TMP/out" 2>&1 & ;;
    unix-plain) MIRAGE_NET_VNET=0 ip netns exec $NSC "$TMP/unix/dist/netbench" \
        --interface=tap0 --ipv4=10.0.0.2/24 >"$TMP/out" 2>&1 & ;;
    spt) ip netns exec $NSC "$BUILD/bin/mirage-spt" --mem=$MEM --net:service=tap0 \
        "$TMP/spt/dist/netbench.spt" --ipv4=10.0.0.2/24 >"$TMP/out" 2>&1 & ;;
    hvt) MIRAGE_HVT_STATS=1 ip netns exec $NSC "$BUILD/bin/mirage-hvt" --mem=$MEM \
        --net:service=tap0 "$TMP/hvt/dist/netbench.hvt" --ipv4=10.0.0.2/24 \
        >"$TMP/out" 2>&1 & ;;
    esac
    UK=$!
    MEMPID=$UK
    c ip neigh flush dev tap0
    for ((i = 0; i < 50; i++)); do
        grep -q "netbench: ready" "$TMP/out" && return 0
        kill -0 $UK 2>/dev/null || break
        sleep 0.1
    done
    sed 's/^/    /' "$TMP/out" >&2
    return 1
}

stop() { # target phase: VM exits per tap packet on hvt
    kill $UK 2>/dev/null
    wait $UK 2>/dev/null
    UK=""
    local ex pk
    ex=$(sed -n 's/.*vm_exits=\([0-9]*\).*/\1/p' "$TMP/out" | tail -1)
    pk=$(($(tapstat) - PK0))
    [ -n "$ex" ] && [ "$pk" -gt 0 ] &&
        R[$1.exits.$2]=$(awk -v e="$ex" -v p="$pk" 'BEGIN { printf "%.2f", e / p }')
    return 0
}

TARGETS="unix unix-plain"
for t in spt hvt; do
    if [ "$t" = hvt ] && [ ! -w /dev/kvm ]; then
        echo "  hvt: not run (no /dev/kvm)" >&2
        continue
    fi
    TARGETS="$TARGETS $t"
done
[ -n "${ONLY_TARGETS:-}" ] && TARGETS=$ONLY_TARGETS # e.g. ONLY_TARGETS=unix
DONE_T=""
for t in $TARGETS; do
    if [ $t = unix-plain ]; then
        [ -x "$TMP/unix/dist/netbench" ] || build unix ||
            { echo "  $t: build failed" >&2; continue; }
    else
        build $t || { echo "  $t: build failed:" >&2; tail -5 "$TMP/build.$t" >&2; continue; }
    fi
    for p in $PHASES; do
        PK0=$(tapstat)
        start $t || { R[$t.$p]=fail; continue; }
        phase $t $p 10.0.0.2
        stop $t $p
    done
    DONE_T="$DONE_T $t"
    echo "  $t done ($SECONDS s since the start)" >&2
done

# The table.
printf "%-26s %10s" "" linux
for t in $DONE_T; do printf " %10s %10s" $t "$t/linux"; done
echo
row() { # metric label
    printf "%-26s %10s" "$2" "${R[linux.$1]:-}"
    for t in $DONE_T; do
        printf " %10s %10s" "${R[$t.$1]:-}" "$(awk -v a="${R[$t.$1]:-}" \
            -v b="${R[linux.$1]:-}" 'BEGIN { if (a + 0 > 0 && b + 0 > 0)
                printf "%.2f", a / b; else print "-" }')"
    done
    echo
}
row send "bulk to us (MB/s)"
row recv "bulk from us (MB/s)"
row rr "request/response (1/s)"
row crr "connections (1/s)"
row ping "ping RTT (us)"
row idle "bytes per idle conn"
echo "idle: $N_IDLE connections asked for; guest memory ${MEM} MiB on spt/hvt;" \
    "linux bytes per idle conn = slab object sizes (estimate, not measured)"
for t in $DONE_T; do
    echo "  $t: $(tr '\n' ' ' <"$TMP/idle.$t" 2>/dev/null)"
    held=$(field held <"$TMP/idle.$t" 2>/dev/null)
    [ ${t%-plain} != unix ] && echo "  $t: $N_IDLE idle connections in $MEM MiB:" \
        "$([ "${held:-0}" -ge "$N_IDLE" ] && echo yes || echo "no (${held:-0} held)")"
done
case " $DONE_T " in *" hvt "*)
    printf "hvt VM exits per packet:"
    for p in $PHASES; do printf " %s %s" $p "${R[hvt.exits.$p]:-?}"; done
    echo ;;
esac
