/* SPDX-License-Identifier: ISC */
/* lib/netif with virtio-net headers: parsing, refusing, building them. */
#include <mirage.h>
#include <mirage/ip.h>
#include <mirage/net.h>

#include "../../../lib/netif/netif_priv.h"
#include "check.h"

#define HL MIRAGE_PLAT_NET_VNET_HDR_LEN

static struct {
    uint32_t offloads;
    uint8_t frame[MIRAGE_PLAT_NET_VNET_FRAME_MAX];
    uint32_t len; /* 0: nothing waiting */
    uint8_t last[MIRAGE_PLAT_NET_VNET_FRAME_MAX];
    size_t last_len;
} plat;

static int fake_acquire(const char *name, mirage_plat_handle_t *h,
                        struct mirage_plat_net_info *info)
{
    (void)name;
    *h = 3;
    memcpy(info->mac, "\x02\x00\x00\x00\x00\x07", 6);
    info->mtu = 1500;
    info->offloads = plat.offloads;
    return 0;
}

static int fake_read(mirage_plat_handle_t h, void *buf, size_t len)
{
    (void)h;
    uint32_t want = plat.offloads ? MIRAGE_PLAT_NET_VNET_FRAME_MAX : 1514;
    CHECK(len >= want);
    if (!plat.len)
        return -EAGAIN;
    uint32_t n = plat.len;
    memcpy(buf, plat.frame, n);
    plat.len = 0;
    return (int)n;
}

static int fake_write(mirage_plat_handle_t h, const void *buf, size_t len)
{
    (void)h;
    memcpy(plat.last, buf, len);
    plat.last_len = len;
    return 0;
}

static const struct mirage__netif_plat fake = {fake_acquire, fake_read,
                                               fake_write};

static struct mirage_net *net;
static struct {
    int count;
    uint32_t len, rel_csum_start;
    uint8_t rx_csum;
    uint16_t gso_size, csum_offset;
} got;

static void rx(void *arg, struct mirage_net *n, struct mirage_buf *b)
{
    (void)arg, (void)n;
    got.count++;
    got.len = b->len;
    got.rx_csum = b->rx_csum;
    got.gso_size = b->gso_size;
    got.csum_offset = b->csum_offset;
    got.rel_csum_start = b->csum_start - b->off;
    CHECK_UINT_EQ(b->tx_offload, 0);
}

static void put16le(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

/* Queues header fields then an IPv4 Ethernet frame of n bytes. */
static void offer(uint8_t flags, uint8_t gso, uint16_t gso_size,
                  uint16_t cstart, uint16_t coff, uint32_t n)
{
    uint8_t *p = plat.frame;
    memset(p, 0, HL + n);
    p[0] = flags;
    p[1] = gso;
    put16le(p + 2, 54);
    put16le(p + 4, gso_size);
    put16le(p + 6, cstart);
    put16le(p + 8, coff);
    memcpy(p + HL, "\x02\x00\x00\x00\x00\x07\x02\x00\x00\x00\x00\x01", 12);
    p[HL + 12] = 0x08;
    plat.len = HL + n;
    memset(&got, 0, sizeof(got));
    mirage__netif_poll(net);
}

static void open_dev(uint32_t offloads)
{
    plat.offloads = offloads;
    CHECK_INT_EQ(mirage__netif_connect_with(&fake, "fake0", &net), 0);
    mirage_net_listen(net, rx, NULL);
}

static void test_rx_accepted(void)
{
    open_dev(MIRAGE_PLAT_NET_VNET);
    CHECK_UINT_EQ(mirage_net_offloads(net),
                  MIRAGE_NET_OFFLOAD_CSUM | MIRAGE_NET_OFFLOAD_TSO4);
    offer(0, 0, 0, 0, 0, 60); /* a plain frame */
    CHECK_INT_EQ(got.count, 1);
    CHECK_UINT_EQ(got.len, 60);
    CHECK_UINT_EQ(got.rx_csum, 0);
    offer(MIRAGE__VNET_F_NEEDS_CSUM, 0, 0, 34, 16, 100);
    CHECK_INT_EQ(got.count, 1);
    CHECK_UINT_EQ(got.rx_csum, MIRAGE_BUF_RX_CSUM_PARTIAL);
    CHECK_UINT_EQ(got.rel_csum_start, 34);
    CHECK_UINT_EQ(got.csum_offset, 16);
    offer(MIRAGE__VNET_F_DATA_VALID, 0, 0, 0, 0, 100);
    CHECK_UINT_EQ(got.rx_csum, MIRAGE_BUF_RX_CSUM_VALID);
    /* A coalesced segment, longer than the MTU. */
    offer(MIRAGE__VNET_F_NEEDS_CSUM, MIRAGE__VNET_GSO_TCPV4, 1448, 34, 16,
          30000);
    CHECK_INT_EQ(got.count, 1);
    CHECK_UINT_EQ(got.len, 30000);
    CHECK_UINT_EQ(got.gso_size, 1448);
    offer(0, MIRAGE__VNET_GSO_TCPV4 | MIRAGE__VNET_GSO_ECN, 1448, 0, 0, 65549);
    CHECK_INT_EQ(got.count, 1);
    struct mirage_net_stats s;
    mirage_net_stats(net, &s);
    CHECK_UINT_EQ(s.rx_packets, 5);
    CHECK_UINT_EQ(s.rx_gso, 2);
    CHECK_UINT_EQ(s.rx_drop_vnet, 0);
    CHECK_UINT_EQ(s.rx_bytes, 60 + 100 + 100 + 30000 + 65549);
    CHECK_UINT_EQ(mirage__netif_rx_in_use(net), 0);
    mirage_net_disconnect(net);
}

static void test_rx_refused(void)
{
    open_dev(MIRAGE_PLAT_NET_VNET);
    offer(4, 0, 0, 0, 0, 60);                              /* unknown flag */
    offer(0, 3, 1448, 0, 0, 60);                           /* UDP GSO */
    offer(0, 4, 1448, 0, 0, 60);                           /* TCPv6 GSO */
    offer(0, 9, 0, 0, 0, 60);                              /* unknown type */
    offer(0, MIRAGE__VNET_GSO_ECN, 0, 0, 0, 60);           /* ECN alone */
    offer(MIRAGE__VNET_F_NEEDS_CSUM, 0, 0, 34, 16, 50);    /* past the end */
    offer(MIRAGE__VNET_F_NEEDS_CSUM, 0, 0, 60000, 16, 60); /* far past */
    offer(MIRAGE__VNET_F_NEEDS_CSUM, 0, 0, 10, 0, 60);     /* in Ethernet */
    offer(MIRAGE__VNET_F_NEEDS_CSUM, 0, 0, 34, 65535, 60); /* offset huge */
    offer(0, MIRAGE__VNET_GSO_TCPV4, 0, 0, 0, 3000);       /* no gso_size */
    offer(0, 0, 0, 0, 0, 1515);                            /* > MTU, no GSO */
    plat.frame[HL + 12] = 0x86; /* GSO TCPv4 in a non-IPv4 frame */
    plat.frame[1] = MIRAGE__VNET_GSO_TCPV4;
    put16le(plat.frame + 4, 1448);
    plat.len = HL + 3000;
    mirage__netif_poll(net);
    plat.len = HL + 13; /* shorter than header and Ethernet header */
    mirage__netif_poll(net);
    CHECK_INT_EQ(got.count, 0);
    struct mirage_net_stats s;
    mirage_net_stats(net, &s);
    CHECK_UINT_EQ(s.rx_drop_vnet, 13);
    CHECK_UINT_EQ(s.rx_packets, 0);
    CHECK_UINT_EQ(mirage__netif_rx_in_use(net), 0);
    mirage_net_disconnect(net);
}

/* A frame of n bytes (Ethernet, IPv4, TCP with doff 5) with headroom. */
static struct mirage_buf *tcp_frame(uint32_t n)
{
    struct mirage_buf *b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, n);
    CHECK(b != NULL);
    uint8_t *p = mirage_buf_put(b, n);
    for (uint32_t i = 0; i < n; i++)
        p[i] = (uint8_t)(i * 7);
    p[12] = 0x08;
    p[13] = 0;
    p[14 + 20 + 12] = 0x50;
    return b;
}

static void mark(struct mirage_buf *b, uint8_t tx, uint16_t gso)
{
    b->tx_offload = tx;
    b->csum_start = b->off + 34;
    b->csum_offset = 16;
    b->gso_size = gso;
}

static void test_tx_headers(void)
{
    open_dev(MIRAGE_PLAT_NET_VNET);
    struct mirage__vnet_hdr h;
    struct mirage_buf *b = tcp_frame(60);
    CHECK_INT_EQ(mirage_net_write(net, b), 0);
    CHECK_UINT_EQ(plat.last_len, HL + 60);
    mirage__netif_vnet_decode(plat.last, &h);
    CHECK(h.flags == 0 && h.gso_type == 0 && h.csum_start == 0);
    b = tcp_frame(200);
    mark(b, MIRAGE_BUF_TX_CSUM_PARTIAL, 0);
    CHECK_INT_EQ(mirage_net_write(net, b), 0);
    mirage__netif_vnet_decode(plat.last, &h);
    CHECK_UINT_EQ(h.flags, MIRAGE__VNET_F_NEEDS_CSUM);
    CHECK_UINT_EQ(h.csum_start, 34);
    CHECK_UINT_EQ(h.csum_offset, 16);
    CHECK_UINT_EQ(h.gso_type, 0);
    b = tcp_frame(40000);
    mark(b, MIRAGE_BUF_TX_CSUM_PARTIAL | MIRAGE_BUF_TX_GSO_TCPV4, 1448);
    CHECK_INT_EQ(mirage_net_write(net, b), 0);
    CHECK_UINT_EQ(plat.last_len, HL + 40000);
    mirage__netif_vnet_decode(plat.last, &h);
    CHECK_UINT_EQ(h.gso_type, MIRAGE__VNET_GSO_TCPV4);
    CHECK_UINT_EQ(h.gso_size, 1448);
    CHECK_UINT_EQ(h.hdr_len, 54);
    CHECK_UINT_EQ(h.csum_start, 34);
    /* Without headroom the frame is copied; the offsets follow it. */
    static uint8_t constant[300];
    b = mirage_buf_wrap(constant, sizeof(constant), NULL, NULL);
    b->tx_offload = MIRAGE_BUF_TX_CSUM_PARTIAL;
    b->csum_start = 34;
    b->csum_offset = 6;
    CHECK_INT_EQ(mirage_net_write(net, b), 0);
    mirage__netif_vnet_decode(plat.last, &h);
    CHECK_UINT_EQ(h.csum_start, 34);
    CHECK_UINT_EQ(h.csum_offset, 6);
    CHECK_UINT_EQ(plat.last_len, HL + 300);
    struct mirage_net_stats s;
    mirage_net_stats(net, &s);
    CHECK_UINT_EQ(s.tx_packets, 4);
    CHECK_UINT_EQ(s.tx_gso, 1);
    CHECK_UINT_EQ(s.tx_csum, 3);
    CHECK_UINT_EQ(s.tx_bytes, 60 + 200 + 40000 + 300);
    mirage_net_disconnect(net);
}

static void test_tx_refused(void)
{
    open_dev(MIRAGE_PLAT_NET_VNET);
    struct mirage_buf *b = tcp_frame(40000);
    mark(b, MIRAGE_BUF_TX_GSO_TCPV4, 1448); /* no partial checksum */
    CHECK_INT_EQ(mirage_net_write(net, b), -EINVAL);
    b = tcp_frame(40000);
    mark(b, MIRAGE_BUF_TX_CSUM_PARTIAL | MIRAGE_BUF_TX_GSO_TCPV4, 0);
    CHECK_INT_EQ(mirage_net_write(net, b), -EINVAL);
    b = tcp_frame(100);
    mark(b, MIRAGE_BUF_TX_CSUM_PARTIAL, 0);
    b->csum_offset = 70; /* past the end */
    CHECK_INT_EQ(mirage_net_write(net, b), -EINVAL);
    b = tcp_frame(1515); /* longer than the MTU, not GSO */
    CHECK_INT_EQ(mirage_net_write(net, b), -EMSGSIZE);
    struct mirage_net_stats s;
    mirage_net_stats(net, &s);
    CHECK_UINT_EQ(s.tx_errors, 3);
    CHECK_UINT_EQ(s.tx_drop_toobig, 1);
    CHECK_UINT_EQ(s.tx_packets, 0);
    mirage_net_disconnect(net);
}

/* A device without headers completes partial checksums itself and
 * refuses GSO. */
static void test_tx_plain_device(void)
{
    open_dev(0);
    CHECK_UINT_EQ(mirage_net_offloads(net), 0);
    struct mirage_buf *b = tcp_frame(300);
    uint8_t *p = mirage_buf_data(b);
    struct mirage_ipaddr src = mirage_ipv4(10, 0, 0, 1);
    struct mirage_ipaddr dst = mirage_ipv4(10, 0, 0, 2);
    uint16_t pseudo =
        (uint16_t)~mirage_csum_fold(mirage_csum_pseudo(&src, &dst, 6, 266));
    p[34 + 16] = (uint8_t)(pseudo >> 8);
    p[34 + 17] = (uint8_t)pseudo;
    mark(b, MIRAGE_BUF_TX_CSUM_PARTIAL, 0);
    CHECK_INT_EQ(mirage_net_write(net, b), 0);
    CHECK_UINT_EQ(plat.last_len, 300);
    uint32_t sum = mirage_csum_pseudo(&src, &dst, 6, 266);
    CHECK_UINT_EQ(
        mirage_csum_fold(mirage_csum_partial(plat.last + 34, 266, sum)), 0);
    b = tcp_frame(40000);
    mark(b, MIRAGE_BUF_TX_CSUM_PARTIAL | MIRAGE_BUF_TX_GSO_TCPV4, 1448);
    CHECK_INT_EQ(mirage_net_write(net, b), -EMSGSIZE);
    mirage_net_disconnect(net);
}

int main(void)
{
    RUN(test_rx_accepted);
    RUN(test_rx_refused);
    RUN(test_tx_headers);
    RUN(test_tx_refused);
    RUN(test_tx_plain_device);
    CHECK_DONE();
}
