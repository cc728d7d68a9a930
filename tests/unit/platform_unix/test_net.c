/* SPDX-License-Identifier: ISC */
/* unix network devices: a tap in a private network namespace, both ways. */
#include "check.h"
#include "platform.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define ETHERTYPE 0x88b5 /* IEEE local experimental */
#define MS 1000000ull

static int ifindex;

/* Brings the interface up through an ordinary socket ioctl. */
static int link_up(const char *name)
{
    struct ifreq ifr = {0};
    int s = socket(AF_INET, SOCK_DGRAM, 0), r;

    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    r = ioctl(s, SIOCGIFFLAGS, &ifr);
    ifr.ifr_flags |= IFF_UP;
    if (r == 0)
        r = ioctl(s, SIOCSIFFLAGS, &ifr);
    if (r == 0)
        r = ioctl(s, SIOCGIFINDEX, &ifr);
    ifindex = ifr.ifr_ifindex;
    close(s);
    return r;
}

/* A packet socket on the kernel's side of the tap, for our ethertype. */
static int packet_socket(void)
{
    struct sockaddr_ll sll = {0};
    int s = socket(AF_PACKET, SOCK_RAW, htons(ETHERTYPE));

    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETHERTYPE);
    sll.sll_ifindex = ifindex;
    if (s >= 0 && bind(s, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
        close(s);
        return -1;
    }
    return s;
}

static size_t frame(unsigned char *f, const uint8_t dst[6], char tag)
{
    memcpy(f, dst, 6);
    memcpy(f + 6, "\x02\x00\x00\x00\x00\x01", 6);
    f[12] = ETHERTYPE >> 8;
    f[13] = ETHERTYPE & 0xff;
    memset(f + 14, tag, 60);
    return 74;
}

/* Reads frames until one of our ethertype (IPv6 chatter may come first). */
static int read_ours(mirage_plat_handle_t h, unsigned char *buf, size_t len,
                     size_t hl)
{
    uint64_t deadline = mirage_plat_clock_monotonic() + 2000 * MS;

    while (mirage_plat_clock_monotonic() < deadline) {
        uint64_t ready = mirage_plat_wait(deadline);
        int n;
        if (!(ready & ((uint64_t)1 << h)))
            continue;
        while ((n = mirage_plat_net_read(h, buf, len)) > 0)
            if ((size_t)n >= hl + 14 && buf[hl + 12] == (ETHERTYPE >> 8) &&
                buf[hl + 13] == (ETHERTYPE & 0xff))
                return n;
        CHECK_INT_EQ(n, -EAGAIN);
    }
    return -ETIMEDOUT;
}

/* Prepends the 10-byte virtio-net header of a plain frame (all zeros)
 * when the tap uses them; returns its length. */
static size_t hdr(unsigned char *p, bool vnet)
{
    if (!vnet)
        return 0;
    memset(p, 0, MIRAGE_PLAT_NET_VNET_HDR_LEN);
    return MIRAGE_PLAT_NET_VNET_HDR_LEN;
}

static unsigned char out[MIRAGE_PLAT_NET_VNET_FRAME_MAX + 16];
static unsigned char in[MIRAGE_PLAT_NET_VNET_FRAME_MAX + 16];

static void tap_both_ways(const char *name, bool vnet)
{
    struct mirage_plat_net_info info;
    mirage_plat_handle_t h, h2;
    uint64_t start;
    size_t len, hl;
    int s;

    CHECK_INT_EQ(mirage_plat_net_acquire(name, &h, &info), 0);
    CHECK_UINT_EQ(info.mtu, 1500);
    CHECK_UINT_EQ(info.offloads, vnet ? MIRAGE_PLAT_NET_VNET : 0);
    CHECK((info.mac[0] & 3) == 2); /* locally administered, unicast */
    CHECK_INT_EQ(mirage_plat_net_acquire(name, &h2, &info), -EBUSY);
    /* Link down: nothing arrives, the wait lasts until the deadline. */
    /* (Another tap of this test, up, may wake the wait: not this one.) */
    start = mirage_plat_clock_monotonic();
    while (mirage_plat_clock_monotonic() < start + 30 * MS)
        CHECK_UINT_EQ(mirage_plat_wait(start + 30 * MS) & (1ull << h), 0);
    CHECK(mirage_plat_clock_monotonic() - start >= 30 * MS);
    CHECK_INT_EQ(mirage_plat_net_read(h, in, sizeof(in)), -EAGAIN);
    CHECK_INT_EQ(link_up(name), 0);
    s = packet_socket();
    CHECK(s >= 0);

    /* Kernel to us: with vnet, a header first (a plain frame: no GSO). */
    len = frame(out, info.mac, 'k');
    CHECK_INT_EQ(send(s, out, len, 0), (long long)len);
    hl = vnet ? MIRAGE_PLAT_NET_VNET_HDR_LEN : 0;
    CHECK_INT_EQ(read_ours(h, in, sizeof(in), hl), (long long)(len + hl));
    if (vnet)
        CHECK_UINT_EQ(in[1], 0); /* gso_type NONE */
    CHECK_MEM_EQ(in + hl, out, len);

    /* Us to the kernel. */
    hl = hdr(in, vnet);
    len = frame(in + hl, (const uint8_t *)"\xff\xff\xff\xff\xff\xff", 'u');
    CHECK_INT_EQ(mirage_plat_net_write(h, in, hl + len), 0);
    CHECK_INT_EQ(recv(s, out, sizeof(out), 0), (long long)len);
    CHECK_MEM_EQ(out, in + hl, len);

    /* Sizes: a frame beyond the limit, a buffer below it. */
    size_t max = vnet ? MIRAGE_PLAT_NET_VNET_FRAME_MAX : 1514;
    CHECK_INT_EQ(mirage_plat_net_write(h, in, max + 1), -EINVAL);
    CHECK_INT_EQ(mirage_plat_net_read(h, in, max - 1), -EINVAL);
    CHECK_INT_EQ(mirage_plat_net_write(h, in, hl + 13), -EINVAL);
    CHECK_INT_EQ(mirage_plat_net_write(h + 1, in, len), -EINVAL);
    close(s);
}

/* MIRAGE_NET_VNET=0: plain frames, as before virtio-net headers. */
static void test_tap_plain(void)
{
    setenv("MIRAGE_NET_VNET", "0", 1);
    tap_both_ways("mtest0", false);
    unsetenv("MIRAGE_NET_VNET");
}

static void test_tap_vnet(void)
{
    tap_both_ways("mtest1", true);
}

int main(void)
{
    struct mirage_plat_net_info info;
    mirage_plat_handle_t h;

    CHECK_INT_EQ(mirage_plat_net_acquire("", &h, &info), -EINVAL);
    CHECK_INT_EQ(mirage_plat_net_acquire("a-name-longer-than-15", &h, &info),
                 -EINVAL);
    /* Our own network namespace: the tap exists only for this process. */
    if (unshare(CLONE_NEWNET) < 0) {
        printf("cannot create a network namespace (needs CAP_SYS_ADMIN)\n");
        return 77;
    }
    RUN(test_tap_plain);
    RUN(test_tap_vnet);
    CHECK_DONE();
}
