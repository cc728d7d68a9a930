#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The hvt net ring (Solo5 v0.11+) from the guest's side, on our tender: a
# guest echoes UDP datagrams sent from a namespace, then sends a burst of
# 1500 frames (more than the ring's 1024 slots, so indices wrap and the ring
# may fill).  Every datagram must come back intact and every frame of the
# burst must arrive in order, with the ring (no NET_READ/NET_WRITE
# hypercall at all) and with --solo5:noring (hypercalls only), and the ring
# must need well under the exits the hypercalls need.  Built like
# guest_platform.t: the platform and nolibc only.  The tender offers the
# ring only when asked (MIRAGE_HVT_RING=1).
set -u
cd "$MIRAGE_ROOT"
BUILD=${BUILD:-build}
B=$(cd "$BUILD" 2>/dev/null && pwd || echo "$MIRAGE_ROOT/$BUILD")
TMP=$(mktemp -d /tmp/mirage-guest-ring.XXXXXX)
NS=mirage-ring-$$
trap 'ip netns del "$NS" 2>/dev/null; rm -rf "$TMP"' EXIT

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }
skip() { echo "SKIP: $1: $2"; }

HVT=$B/bin/mirage-hvt
if [ ! -f "$B/share/mirage/hvt.mk" ] || [ ! -x "$HVT" ]; then
    fail build "$B/share/mirage/hvt.mk or $HVT missing: run make BUILD=$BUILD first"
    exit 0
fi
if ! { exec 9<>/dev/kvm; } 2>/dev/null; then
    skip hvt-ring "/dev/kvm cannot be opened"
    exit 0
fi
exec 9<&-
command -v ip >/dev/null || { skip hvt-ring "the ip command is missing"; exit 0; }

cat >"$TMP/guest.c" <<'EOF'
/* Test guest: echo N UDP datagrams sent to port 7, then send B frames. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"

int mirage_app_main(int argc, char **argv);

static unsigned char peer_mac[6];

/* A UDP/IPv4 frame to port 7 of at least its headers' length? */
static int udp_to_7(const unsigned char *f, int n)
{
    if (n < 42 || f[12] != 0x08 || f[13] != 0x00 || (f[14] >> 4) != 4)
        return 0;
    int ihl = (f[14] & 15) * 4;
    int ip_len = f[16] << 8 | f[17];
    if (ihl < 20 || ip_len > n - 14 || ip_len < ihl + 8 || f[23] != 17)
        return 0;
    const unsigned char *u = f + 14 + ihl;
    return u[2] == 0 && u[3] == 7;
}

/* Swaps MACs, addresses and ports: the checksums stay valid. */
static void turn_round(unsigned char *f)
{
    unsigned char t[6];
    int ihl = (f[14] & 15) * 4;
    memcpy(t, f, 6), memcpy(f, f + 6, 6), memcpy(f + 6, t, 6);
    memcpy(t, f + 26, 4), memcpy(f + 26, f + 30, 4), memcpy(f + 30, t, 4);
    unsigned char *u = f + 14 + ihl;
    memcpy(t, u, 2), memcpy(u, u + 2, 2), memcpy(u + 2, t, 2);
}

static int echo(mirage_plat_handle_t h, long want, long *bad)
{
    static unsigned char in[1514];
    long done = 0;
    uint64_t deadline = mirage_plat_clock_monotonic() + 120000000000ull;
    while (done < want && mirage_plat_clock_monotonic() < deadline) {
        mirage_plat_wait(deadline);
        int n;
        while ((n = mirage_plat_net_read(h, in, sizeof in)) > 0) {
            if (!udp_to_7(in, n))
                continue;
            memcpy(peer_mac, in + 6, 6);
            turn_round(in);
            if (mirage_plat_net_write(h, in, (size_t)n) < 0)
                return printf("echo: write failed\n"), 1;
            done++;
        }
        if (n != -EAGAIN)
            (*bad)++;
    }
    return done == want ? 0 : (printf("echo: only %ld of %ld\n", done, want), 1);
}

static uint16_t ip_sum(const unsigned char *p)
{
    uint32_t s = 0;
    for (int i = 0; i < 20; i += 2)
        s += (uint32_t)(p[i] << 8 | p[i + 1]);
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

/* Frame i of the burst: 10.0.0.2:9 -> 10.0.0.1:9999, "burst <i>" padded
 * to 64 + i % 1000 bytes of payload. */
static int burst(mirage_plat_handle_t h, const uint8_t *mac, long count)
{
    static unsigned char f[1514];
    for (long i = 0; i < count; i++) {
        int pl = 64 + (int)(i % 1000);
        memset(f, 0, sizeof f);
        memcpy(f, peer_mac, 6), memcpy(f + 6, mac, 6);
        f[12] = 0x08, f[14] = 0x45, f[16] = (uint8_t)((20 + 8 + pl) >> 8);
        f[17] = (uint8_t)(20 + 8 + pl), f[22] = 64, f[23] = 17;
        static const unsigned char ips[] = {10, 0, 0, 2, 10, 0, 0, 1};
        memcpy(f + 26, ips, 8);
        uint16_t s = ip_sum(f + 14);
        f[24] = (uint8_t)(s >> 8), f[25] = (uint8_t)s;
        f[35] = 9, f[36] = 9999 >> 8, f[37] = 9999 & 255;
        f[38] = (uint8_t)((8 + pl) >> 8), f[39] = (uint8_t)(8 + pl);
        int k = snprintf((char *)f + 42, 32, "burst %ld ", i);
        memset(f + 42 + k, 'a' + (int)(i % 26), (size_t)(pl - k));
        if (mirage_plat_net_write(h, f, (size_t)(42 + pl)) < 0)
            return printf("burst: write %ld failed\n", i), 1;
    }
    return 0;
}

int mirage_app_main(int argc, char **argv)
{
    mirage_plat_handle_t h;
    struct mirage_plat_net_info ni;
    long bad = 0;
    if (argc < 3 || mirage_plat_net_acquire("service", &h, &ni) < 0)
        return printf("usage: echo N burst B, with a service NIC\n"), 2;
    if (echo(h, atol(argv[1]), &bad) || burst(h, ni.mac, atol(argv[2])))
        return 1;
    printf("guest done bad_reads=%ld\n", bad);
    return 0;
}
EOF

cat >"$TMP/manifest.c" <<'EOF'
#include "solo5/solo5_abi.h"
static const struct {
    uint32_t namesz, descsz, type;
    char name[8];
    uint32_t pad, version, entries;
    struct solo5_mft_entry e[2];
} note __attribute__((section(".note.solo5.manifest"), aligned(8), used)) = {
    6, 4 + 8 + 104 * 2, SOLO5_NOTE_MFT1, "Solo5", 0, SOLO5_MFT_VERSION, 2,
    {{.name = "", .type = SOLO5_MFT_RESERVED_FIRST},
     {.name = "service", .type = SOLO5_MFT_DEV_NET_BASIC}},
};
EOF

cat >"$TMP/Makefile" <<EOF
MIRAGE_PREFIX := $B
MIRAGE_TARGET := hvt
MIRAGE_NAME := gring
MIRAGE_SRCS := guest.c manifest.c
MIRAGE_CORE_LIBS :=
MIRAGE_CFLAGS := -I$MIRAGE_ROOT/platform -Werror
include \$(MIRAGE_PREFIX)/share/mirage/hvt.mk
EOF

# The host side: N datagrams to 10.0.0.2:7 (8 in flight) that must come
# back intact, while a thread collects the guest's burst on port 9999.
cat >"$TMP/peer.py" <<'EOF'
import socket, sys, threading
n, nburst = int(sys.argv[1]), int(sys.argv[2])
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
r.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)  # SO_RCVBUFFORCE
r.bind(("10.0.0.1", 9999))
r.settimeout(60)
got = []
def collect():
    try:
        while len(got) < nburst:
            got.append(r.recv(2048))
    except socket.timeout:
        pass
t = threading.Thread(target=collect); t.start()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(30)
def payload(i):
    return (b"echo %d " % i).ljust(1 + (i * 97) % 1472, bytes([65 + i % 26]))
sent = back = wrong = 0
while back < n:
    while sent < n and sent - back < 8:
        s.sendto(payload(sent), ("10.0.0.2", 7)); sent += 1
    try:
        d = s.recv(2048)
    except socket.timeout:
        break
    i = int(d.split(b" ")[1])
    wrong += d != payload(i)
    back += 1
t.join()
order = sum(1 for i, d in enumerate(got)
            if d != (b"burst %d " % i).ljust(64 + i % 1000, bytes([97 + i % 26])))
print("echoed=%d wrong=%d burst=%d burst_bad=%d" % (back, wrong, len(got), order))
EOF

if ! make -s -C "$TMP" >"$TMP/make.log" 2>&1; then
    fail hvt-ring-build "$(tail -n 5 "$TMP/make.log" | tr '\n' ' ')"
    exit 0
fi
pass hvt-ring-build

ip netns add "$NS" 2>/dev/null || { skip hvt-ring "cannot create a network namespace"; exit 0; }
MAC=02:00:00:00:00:02
if ! { ip -n "$NS" link set lo up && ip -n "$NS" tuntap add dev tap0 mode tap &&
    ip -n "$NS" addr add 10.0.0.1/24 dev tap0 && ip -n "$NS" link set tap0 up &&
    ip -n "$NS" neigh add 10.0.0.2 lladdr $MAC dev tap0; }; then
    skip hvt-ring "cannot set up tap0 in $NS"
    exit 0
fi

N=300 NB=1500
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1; }

# run_pair NAME [GUEST OPTIONS]: guest and peer; sets EXITS.
run_pair() {
    local name=$1
    shift
    ip netns exec "$NS" env MIRAGE_HVT_STATS=1 MIRAGE_HVT_RING=1 timeout 180 "$HVT" \
        --net:service=tap0 --net-mac:service=$MAC "$TMP/dist/gring.hvt" \
        --solo5:stats "$@" $N $NB >"$TMP/out" 2>"$TMP/err" &
    local pid=$!
    local peer
    peer=$(ip netns exec "$NS" timeout 170 /usr/bin/python3 "$TMP/peer.py" $N $NB 2>&1)
    wait $pid
    local rc=$? out err
    out=$(cat "$TMP/out") err=$(cat "$TMP/err")
    EXITS=$(field "$err" vm_exits)
    local tkicks
    tkicks=$(field "$(echo "$err" | grep 'ring writes')" kicks)
    local nw nr
    nw=$(field "$err" net_write) nr=$(field "$err" net_read)
    if [ $rc = 0 ] && [ "$(field "$peer" echoed)" = $N ] &&
        [ "$(field "$peer" wrong)" = 0 ] && [ "$(field "$peer" burst)" = $NB ] &&
        [ "$(field "$peer" burst_bad)" = 0 ] &&
        echo "$out" | grep -q "guest done bad_reads=0"; then
        pass "$name-frames"
    else
        fail "$name-frames" "exit $rc; peer '$peer'; guest '$(echo "$out" | tail -n 2 | tr '\n' ' ')' '$(echo "$err" | tail -n 3 | tr '\n' ' ')'"
        EXITS=
        return
    fi
    # The guest's own counters: "hvt: ring on: writes=... reads=... frames=...".
    local ring w
    ring=$(echo "$out" | grep "^hvt: ring")
    w=$(field "$ring" writes)
    if [ "$name" = hvt-ring ]; then
        # Kicks are exits too (handled inside KVM): count them, and the
        # guest's count must be the tender's.
        EXITS=$((EXITS + ${tkicks:-0}))
        [ "$nw" = 0 ] && [ "$nr" = 0 ] && echo "$ring" | grep -q "ring on" &&
            [ "$w" = $((N + NB)) ] && [ "$(field "$ring" frames)" -ge $N ] &&
            [ "$(field "$ring" kicks)" = "$tkicks" ] &&
            [ "$(field "$ring" stray_commits)" = 0 ] &&
            pass "$name-used" ||
            fail "$name-used" "net_write=$nw net_read=$nr, guest: $ring"
    else
        [ "$nw" = $((N + NB)) ] && [ "$nr" -gt $N ] && echo "$ring" | grep -q "ring off" &&
            pass "$name-hypercalls" ||
            fail "$name-hypercalls" "net_write=$nw net_read=$nr, guest: $ring"
    fi
    echo "# $name: exits=$EXITS (kicks included) for $N echoes + $NB sent; $ring; tender: $(echo "$err" | grep 'ring writes' | sed 's/.*stats: //')"
}

run_pair hvt-ring
ring_exits=$EXITS
run_pair hvt-noring --solo5:noring
noring_exits=$EXITS
if [ -n "$ring_exits" ] && [ -n "$noring_exits" ]; then
    # Hypercalls cost an exit per frame written and per read (>= 2100
    # here); the ring needs POLLs, a few console writes and at most a kick
    # per read.
    if [ $((ring_exits * 3)) -lt "$noring_exits" ]; then
        pass hvt-ring-fewer-exits
    else
        fail hvt-ring-fewer-exits "ring $ring_exits exits, hypercalls $noring_exits"
    fi
else
    skip hvt-ring-fewer-exits "a run failed"
fi
