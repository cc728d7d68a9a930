#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The hvt and spt guest platforms, run on our tenders: command line split
# with escapes, exit status, console ordering and batching, monotonic and
# wall clocks against the host's, waits whose deadline has passed, heap and
# fiber stacks, entropy, and block I/O through the Solo5 ABI.  The guest is
# built from the staged prefix with the target's .mk, linking only the
# platform and nolibc (no runtime), so this tests the platform alone.
set -u
cd "$MIRAGE_ROOT"
BUILD=${BUILD:-build}
B=$(cd "$BUILD" 2>/dev/null && pwd || echo "$MIRAGE_ROOT/$BUILD")
TMP=$(mktemp -d /tmp/mirage-guest-platform.XXXXXX)
NS=mirage-guest-$$
trap 'ip netns del "$NS" 2>/dev/null; rm -rf "$TMP"' EXIT

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }
skip() { echo "SKIP: $1: $2"; }

kvm_unusable() {
    [ -e /dev/kvm ] || { echo "/dev/kvm does not exist"; return; }
    { exec 9<>/dev/kvm; } 2>/dev/null || { echo "/dev/kvm cannot be opened"; return; }
    exec 9<&-
}

# run TENDER ARGS...: sets RC, OUT, ERR.
run() {
    timeout 60 "$@" >"$TMP/out" 2>"$TMP/err"
    RC=$?
    OUT=$(cat "$TMP/out")
    ERR=$(cat "$TMP/err")
}

cat >"$TMP/guest.c" <<'EOF'
/* Test guest: one command per run, chosen by argv[1]. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "platform.h"

int mirage_app_main(int argc, char **argv);

static int cmd_args(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=<%s>\n", i, argv[i]);
    return 0;
}

static int cmd_clock(long ms)
{
    uint64_t t0 = mirage_plat_clock_monotonic(), prev = t0;
    int backwards = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t now = mirage_plat_clock_monotonic();
        backwards += now < prev;
        prev = now;
    }
    uint64_t m0 = mirage_plat_clock_monotonic();
    uint64_t w0 = mirage_plat_clock_wall();
    uint64_t deadline = t0 + (uint64_t)ms * 1000000;
    while (mirage_plat_clock_monotonic() < deadline)
        mirage_plat_wait(deadline);
    uint64_t t1 = mirage_plat_clock_monotonic();
    uint64_t w1 = mirage_plat_clock_wall();
    struct timespec ts;
    int ts_ok = timespec_get(&ts, TIME_UTC) == TIME_UTC &&
                ts.tv_sec - (time_t)(w1 / 1000000000) <= 1;
    int time_ok = time(NULL) - (time_t)(w1 / 1000000000) <= 1;
    printf("backwards=%d slept_ms=%lu wall_s=%lu wall_delta_ms=%lu "
           "mono_delta_ms=%lu time_ok=%d\n",
           backwards, (t1 - t0) / 1000000, w1 / 1000000000,
           (w1 - w0) / 1000000, (t1 - m0) / 1000000, ts_ok && time_ok);
    return 0;
}

static int cmd_past(void)
{
    uint64_t ready = 0;
    for (int i = 0; i < 100; i++) {
        ready |= mirage_plat_wait(0);
        ready |= mirage_plat_wait(mirage_plat_clock_monotonic());
    }
    printf("past ready=%lu\n", ready);
    return 0;
}

static int cmd_console(void)
{
    static char big[1501];
    printf("part1 ");
    printf("part2 %d\n", 42);
    puts("line via puts");
    fputs("to stderr\n", stderr);
    memset(big, 'x', 1500);
    printf("%s\n", big);
    mirage_plat_console_write("direct\n", 7);
    printf("pending ");
    mirage_plat_console_write("after pending\n", 14);
    printf("no newline at exit");
    return 0;
}

static int cmd_heap(void)
{
    static unsigned char *p[1000];
    for (int i = 0; i < 1000; i++) {
        size_t n = (size_t)(i * 37 % 5000) + 1;
        p[i] = malloc(n);
        if (!p[i] || ((uintptr_t)p[i] & 15))
            return printf("heap: bad block %d\n", i), 1;
        memset(p[i], i & 0xff, n);
    }
    for (int i = 0; i < 1000; i += 2)
        free(p[i]);
    for (int i = 1; i < 1000; i += 2)
        if (p[i][0] != (i & 0xff) || p[i][(i * 37 % 5000)] != (i & 0xff))
            return printf("heap: block %d changed\n", i), 1;
    for (int i = 1; i < 1000; i += 2)
        free(p[i]);
    void *huge = malloc((size_t)1 << 40);
    void *st[10];
    for (int i = 0; i < 10; i++) {
        st[i] = mirage_plat_stack_alloc(64 * 1024);
        if (!st[i])
            return printf("heap: no stack\n"), 1;
        memset(st[i], 0xee, 64 * 1024);
    }
    mirage_plat_wait(0); /* checks every stack's canary */
    for (int i = 0; i < 10; i++)
        mirage_plat_stack_free(st[i], 64 * 1024);
    printf("heap ok huge=%s\n", huge ? "allocated" : "NULL");
    return 0;
}

static int cmd_entropy(void)
{
    unsigned char a[32] = {0}, b[32] = {0}, zero[32] = {0};
    int ra = mirage_plat_entropy(a, sizeof a);
    int rb = mirage_plat_entropy(b, sizeof b);
    printf("entropy %s\n", ra == 0 && rb == 0 && memcmp(a, b, 32) &&
                                   memcmp(a, zero, 32) && memcmp(b, zero, 32)
                               ? "ok"
                               : "BAD");
    return 0;
}

static int cmd_block(void)
{
    mirage_plat_handle_t h, n;
    struct mirage_plat_block_info bi;
    struct mirage_plat_net_info ni;
    static unsigned char w[4 * 512], r[4 * 512];
    if (mirage_plat_block_acquire("storage", &h, &bi) < 0)
        return printf("block: no storage\n"), 1;
    int nodev = mirage_plat_net_acquire("storage", &n, &ni);
    for (size_t i = 0; i < sizeof w; i++)
        w[i] = (unsigned char)(i * 7 + 3);
    int wr = mirage_plat_block_write(h, 512, w, sizeof w); /* 4 blocks */
    int rd = mirage_plat_block_read(h, 512, r, sizeof r);
    int past = mirage_plat_block_read(h, bi.capacity, r, 512);
    int odd = mirage_plat_block_read(h, 100, r, 512);
    int part = mirage_plat_block_read(h, 0, r, 100);
    int bad = mirage_plat_block_read(h + 7, 0, r, 512);
    printf("block capacity=%lu block_size=%lu write=%d read=%d same=%d "
           "past=%d odd=%d part=%d badhandle=%d netnodev=%d\n",
           bi.capacity, bi.block_size, wr, rd, !memcmp(w, r, sizeof w), past,
           odd, part, bad, nodev);
    return 0;
}

/* Asks who has 10.0.0.1 and waits for Linux's ARP reply.  With
 * MIRAGE_PLAT_NET_VNET (granted by our tenders to images that declare it)
 * every frame starts with a virtio-net header: zero on the way out,
 * skipped on the way in. */
static int cmd_net(void)
{
    mirage_plat_handle_t h;
    struct mirage_plat_net_info ni;
    static unsigned char out[10 + 42], in[MIRAGE_PLAT_NET_VNET_FRAME_MAX + 1];
    if (mirage_plat_net_acquire("service", &h, &ni) < 0)
        return printf("net: no service\n"), 1;
    int vnet = (ni.offloads & MIRAGE_PLAT_NET_VNET) != 0;
    size_t hl = vnet ? MIRAGE_PLAT_NET_VNET_HDR_LEN : 0;
    size_t max = vnet ? MIRAGE_PLAT_NET_VNET_FRAME_MAX : ni.mtu + 14;
    unsigned char *f = out + hl;
    static const unsigned char head[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    memcpy(f, head, 6);
    memcpy(f + 6, ni.mac, 6);
    static const unsigned char arp[] = {0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1};
    memcpy(f + 12, arp, sizeof arp);
    memcpy(f + 22, ni.mac, 6);
    static const unsigned char ips[] = {10, 0, 0, 2, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1};
    memcpy(f + 28, ips, sizeof ips);
    int small = mirage_plat_net_read(h, in, 100);
    int big = mirage_plat_net_write(h, in, max + 1);
    if (mirage_plat_net_write(h, out, hl + 42) < 0)
        return printf("net: write failed\n"), 1;
    uint64_t deadline = mirage_plat_clock_monotonic() + 10000000000ull;
    while (mirage_plat_clock_monotonic() < deadline) {
        uint64_t ready = mirage_plat_wait(deadline);
        if (!(ready & (1ull << h)))
            continue;
        int n;
        while ((n = mirage_plat_net_read(h, in, max)) > 0) {
            const unsigned char *r = in + hl;
            if ((size_t)n >= hl + 42 && r[12] == 0x08 && r[13] == 0x06 &&
                r[21] == 2 && !memcmp(r + 28, ips + 10, 4) &&
                !memcmp(r, ni.mac, 6)) {
                printf("net reply mtu=%zu small=%d big=%d vnet=%d\n", ni.mtu,
                       small, big, vnet);
                return 0;
            }
        }
        if (n != -EAGAIN)
            return printf("net: read %d\n", n), 1;
    }
    return printf("net: no reply\n"), 1;
}

int mirage_app_main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "";
    if (!strcmp(cmd, "args"))
        return cmd_args(argc, argv);
    if (!strcmp(cmd, "exit"))
        return argc > 2 ? atoi(argv[2]) : 0;
    if (!strcmp(cmd, "clock"))
        return cmd_clock(argc > 2 ? atol(argv[2]) : 100);
    if (!strcmp(cmd, "past"))
        return cmd_past();
    if (!strcmp(cmd, "oneline")) {
        printf("a");
        printf("b");
        printf("c\n");
        return 0;
    }
    if (!strcmp(cmd, "console"))
        return cmd_console();
    if (!strcmp(cmd, "heap"))
        return cmd_heap();
    if (!strcmp(cmd, "entropy"))
        return cmd_entropy();
    if (!strcmp(cmd, "block"))
        return cmd_block();
    if (!strcmp(cmd, "net"))
        return cmd_net();
    printf("unknown command '%s'\n", cmd);
    return 2;
}
EOF

# The manifest note: the reserved entry and one block device, "storage".
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
     {.name = "storage", .type = SOLO5_MFT_DEV_BLOCK_BASIC}},
};
EOF

# A second image declares one net device, "service".
cat >"$TMP/manifest_net.c" <<'EOF'
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
MIRAGE_TARGET ?= hvt
MIRAGE_NAME := gplat
MIRAGE_SRCS := guest.c manifest.c
MIRAGE_CORE_LIBS :=
MIRAGE_CFLAGS := -I$MIRAGE_ROOT/platform -Werror
include \$(MIRAGE_PREFIX)/share/mirage/\$(MIRAGE_TARGET).mk
EOF
sed -e 's/^MIRAGE_NAME := gplat/MIRAGE_NAME := gnet/' \
    -e 's/manifest.c/manifest_net.c/' "$TMP/Makefile" >"$TMP/Makefile.net"

DISK=$TMP/disk.img
truncate -s 64K "$DISK"

# expect_out NAME RC WANT-STDOUT TENDER ARGS...: exact stdout and status.
expect_out() {
    local name=$1 want_rc=$2 want=$3
    shift 3
    run "$@"
    if [ "$RC" = "$want_rc" ] && [ "$OUT" = "$want" ]; then pass "$name"
    else fail "$name" "exit $RC (want $want_rc), stdout '$OUT' (want '$want'), stderr '$(echo "$ERR" | tail -n 2)'"; fi
}

# field NAME: the value of NAME=... in $OUT or $ERR.
field() {
    echo "$OUT $ERR" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1
}

platform_tests() { # target tender
    local t=$1 T=$2 g=$TMP/dist/gplat.$1
    local D=(--block:storage="$DISK")
    if ! make -s -C "$TMP" MIRAGE_TARGET="$t" >"$TMP/make-$t.log" 2>&1; then
        fail "$t-build" "$(tail -n 5 "$TMP/make-$t.log" | tr '\n' ' ')"
        return 1
    fi
    pass "$t-build"

    expect_out "$t-argv-escapes" 0 "argc=5
argv[0]=<mirage>
argv[1]=<args>
argv[2]=<a b>
argv[3]=<back\\slash>
argv[4]=<--key=v w>" "$T" "${D[@]}" "$g" --solo5:quiet args 'a\ b' 'back\\slash' '--key=v\ w'
    expect_out "$t-argv-blanks" 0 "argc=3
argv[0]=<mirage>
argv[1]=<args>
argv[2]=<x>" "$T" "${D[@]}" "$g" args '' '  x  '

    for status in 0 7 42 255; do
        expect_out "$t-exit-$status" $status "" "$T" "${D[@]}" "$g" exit $status
    done

    expect_out "$t-console" 0 "part1 part2 42
line via puts
to stderr
$(head -c 1500 /dev/zero | tr '\0' x)
direct
pending after pending
no newline at exit" "$T" "${D[@]}" "$g" console

    # The guest sleeps 1000 ms by its clock; the host must agree.
    local t0 t1
    t0=$(date +%s%N)
    run "$T" "${D[@]}" "$g" clock 1000
    t1=$(date +%s%N)
    local host_ms=$(((t1 - t0) / 1000000)) slept=$(field slept_ms)
    local wall=$(field wall_s) wdelta=$(field wall_delta_ms) now=$(date +%s)
    if [ "$RC" != 0 ] || [ -z "$slept" ]; then
        fail "$t-clock" "exit $RC, '$OUT' '$ERR'"
    else
        [ "$(field backwards)" = 0 ] && pass "$t-clock-monotonic" ||
            fail "$t-clock-monotonic" "went backwards: $OUT"
        # The host also counts the tender's start-up: allow it 700 ms.
        if [ "$slept" -ge 1000 ] && [ "$slept" -le "$host_ms" ] &&
            [ $((host_ms - slept)) -lt 700 ]; then
            pass "$t-clock-rate"
        else fail "$t-clock-rate" "guest slept ${slept} ms, host saw ${host_ms} ms"; fi
        if [ $((now - wall)) -le 5 ] && [ $((wall - now)) -le 5 ] &&
            [ "$(field time_ok)" = 1 ]; then
            pass "$t-wall-clock"
        else fail "$t-wall-clock" "guest wall $wall s, host $now s; $OUT"; fi
        local mdelta=$(field mono_delta_ms)
        if [ $((wdelta - mdelta)) -le 5 ] && [ $((mdelta - wdelta)) -le 5 ]; then
            pass "$t-wall-advances"
        else fail "$t-wall-advances" "wall advanced $wdelta ms while monotonic advanced $mdelta ms"; fi
    fi

    expect_out "$t-wait-past-deadline" 0 "past ready=0" "$T" "${D[@]}" "$g" past
    expect_out "$t-heap-and-stacks" 0 "heap ok huge=NULL" "$T" "${D[@]}" "$g" heap
    expect_out "$t-entropy" 0 "entropy ok" "$T" "${D[@]}" "$g" entropy

    truncate -s 0 "$DISK"; truncate -s 64K "$DISK"
    expect_out "$t-block" 0 "block capacity=65536 block_size=512 write=0 read=0 same=1 past=-22 odd=-22 part=-22 badhandle=-22 netnodev=-19" \
        "$T" "${D[@]}" "$g" block
    if /usr/bin/python3 - "$DISK" <<'PY'; then pass "$t-block-on-disk"; else fail "$t-block-on-disk" "the file does not hold what the guest wrote"; fi
import sys
d = open(sys.argv[1], "rb").read()
want = bytes((i * 7 + 3) & 0xff for i in range(2048))
sys.exit(0 if d[512:2560] == want and d[:512] == bytes(512) else 1)
PY
}

# Network: a tap in a namespace of our own; the guest ARPs for the host
# side's address and must read Linux's reply.
net_ready=
net_setup() {
    command -v ip >/dev/null || { echo "the ip command is missing"; return; }
    ip netns add "$NS" 2>/dev/null || { echo "cannot create a network namespace"; return; }
    ip -n "$NS" link set lo up &&
        ip -n "$NS" tuntap add dev tap0 mode tap &&
        ip -n "$NS" addr add 10.0.0.1/24 dev tap0 &&
        ip -n "$NS" link set tap0 up || echo "cannot set up tap0 in $NS"
}

net_test() { # target tender
    local t=$1 T=$2
    if [ -z "$net_ready" ]; then net_ready=$(net_setup); net_ready=${net_ready:-yes}; fi
    if [ "$net_ready" != yes ]; then skip "$t-net" "$net_ready"; return; fi
    if ! make -s -C "$TMP" -f Makefile.net MIRAGE_TARGET="$t" >"$TMP/make-net-$t.log" 2>&1; then
        fail "$t-net-build" "$(tail -n 5 "$TMP/make-net-$t.log" | tr '\n' ' ')"
        return
    fi
    # Our images declare virtio-net framing (platform/solo5/net.c) and
    # our tenders grant it unless told not to.
    expect_out "$t-net-arp" 0 "net reply mtu=1500 small=-22 big=-22 vnet=1" \
        ip netns exec "$NS" "$T" --net:service=tap0 "$TMP/dist/gnet.$t" net
    expect_out "$t-net-arp-plain" 0 "net reply mtu=1500 small=-22 big=-22 vnet=0" \
        ip netns exec "$NS" "$T" --net-offload=off --net:service=tap0 "$TMP/dist/gnet.$t" net
}

# VM exits (hvt only, counted by the tender): a guest that does nothing
# costs one exit (HALT); clock reads cost none; the wall clock one, once;
# one line built by three printf calls is one PUTS; no POLL for a deadline
# that has passed.
exit_counts() {
    local T=$1 g=$TMP/dist/gplat.hvt D=(--block:storage="$DISK")
    MIRAGE_HVT_STATS=1 run "$T" "${D[@]}" "$g" exit 0
    [ "$RC" = 0 ] && [ "$(field vm_exits)" = 1 ] && pass hvt-noop-one-exit ||
        fail hvt-noop-one-exit "exit $RC, $ERR"
    MIRAGE_HVT_STATS=1 run "$T" "${D[@]}" "$g" oneline
    [ "$RC" = 0 ] && [ "$(field puts)" = 1 ] && [ "$(field vm_exits)" = 2 ] &&
        pass hvt-line-one-puts || fail hvt-line-one-puts "exit $RC, $ERR"
    MIRAGE_HVT_STATS=1 run "$T" "${D[@]}" "$g" past
    [ "$RC" = 0 ] && [ "$(field poll)" = 0 ] && pass hvt-past-deadline-no-poll ||
        fail hvt-past-deadline-no-poll "exit $RC, $ERR"
    MIRAGE_HVT_STATS=1 run "$T" "${D[@]}" "$g" clock 50
    [ "$RC" = 0 ] && [ "$(field walltime)" = 1 ] && pass hvt-walltime-once ||
        fail hvt-walltime-once "exit $RC, $ERR"
}

HVT=$B/bin/mirage-hvt SPT=$B/bin/mirage-spt
if [ ! -x "$B/share/mirage/hvt.mk" ] && [ ! -f "$B/share/mirage/hvt.mk" ]; then
    fail build "$B/share/mirage/hvt.mk missing: run make BUILD=$BUILD first"
    exit 0
fi
if [ ! -x "$SPT" ]; then
    fail spt-tender "$SPT is not built"
else
    platform_tests spt "$SPT" && net_test spt "$SPT"
fi
why=$(kvm_unusable)
if [ ! -x "$HVT" ]; then
    fail hvt-tender "$HVT is not built"
elif [ -n "$why" ]; then
    skip hvt "$why"
else
    platform_tests hvt "$HVT" && exit_counts "$HVT" && net_test hvt "$HVT"
fi
