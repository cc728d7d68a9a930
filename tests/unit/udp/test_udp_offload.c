/* SPDX-License-Identifier: ISC */
/* Received frames with offload metadata through Ethernet, IPv4 and UDP. */
#include "../netsupport/nsstack.h"
#include "check.h"

static struct ns_stack s;
static struct {
    int count;
    uint32_t len;
    uint8_t data[8000];
} got;

static void rx(void *arg, struct mirage_udp *u, const struct mirage_ipaddr *src,
               uint16_t sport, const struct mirage_ipaddr *dst, uint16_t dport,
               struct mirage_buf *b)
{
    (void)arg, (void)u, (void)src, (void)sport, (void)dst, (void)dport;
    got.count++;
    got.len = b->len;
    memcpy(got.data, mirage_buf_data(b), b->len < 8000 ? b->len : 8000);
}

static uint64_t udp_drops(enum mirage_udp_drop d)
{
    struct mirage_udp_stats st;
    mirage_udp_direct_stats(s.udp, &st);
    return st.drops[d];
}

static uint64_t ip_drops(enum mirage_ipv4_drop d)
{
    struct mirage_ipv4_stats st;
    mirage_ipv4_stats(s.v4, &st);
    return st.drops[d];
}

static uint8_t payload[6000];
static uint8_t frame[7000];

/* A frame of 14 + 20 + 8 + len bytes carrying a UDP datagram to port 7;
 * partial: the checksum field holds only the pseudo-header sum. */
static size_t build(size_t len, bool partial)
{
    for (size_t i = 0; i < len; i++)
        payload[i] = (uint8_t)(i * 31 + 5);
    size_t n = ns_eth(frame, &ns_mac_us, &ns_mac_peer, MIRAGE_ETHERTYPE_IPV4);
    n += ns_ipv4(frame + n, NS_PEER, NS_US, 17, 8 + len, 0x77, 0x4000);
    n += ns_udp(frame + n, NS_PEER, NS_US, 5000, 7, payload, len);
    if (partial) {
        uint16_t c = ns_csum(frame, 0, ns_pseudo(NS_PEER, NS_US, 17, 8 + len));
        ns_wr16(frame + 34 + 6, (uint16_t)~c);
    }
    return n;
}

/* Hands the frame to the stack in a heap buffer (longer than the fake
 * device's pool buffers), with the metadata a device would set. */
static void deliver(size_t n, uint8_t rx_csum, uint32_t at, uint16_t off,
                    uint16_t gso)
{
    struct mirage_buf *b = mirage_buf_alloc(66, (uint32_t)n);
    CHECK(b != NULL);
    memcpy(mirage_buf_put(b, (uint32_t)n), frame, n);
    b->rx_csum = rx_csum;
    b->csum_start = b->off + at;
    b->csum_offset = off;
    b->gso_size = gso;
    memset(&got, 0, sizeof(got));
    s.fn.fn(s.fn.arg, &s.fn.net, b);
    mirage_buf_unref(b);
}

static void test_partial_large(void)
{
    /* Longer than the 1500-byte MTU, one frame, partial checksum at the
     * UDP checksum field: taken byte-exact. */
    size_t n = build(5000, true);
    deliver(n, MIRAGE_BUF_RX_CSUM_PARTIAL, 34, 6, 1472);
    CHECK_INT_EQ(got.count, 1);
    CHECK_UINT_EQ(got.len, 5000);
    CHECK_MEM_EQ(got.data, payload, 5000);
    /* The same claim at the wrong place: verified, so dropped. */
    uint64_t bad = udp_drops(MIRAGE_UDP_DROP_BAD_CHECKSUM);
    deliver(n, MIRAGE_BUF_RX_CSUM_PARTIAL, 34, 16, 1472);
    CHECK_INT_EQ(got.count, 0);
    deliver(n, MIRAGE_BUF_RX_CSUM_PARTIAL, 14, 6, 1472);
    CHECK_INT_EQ(got.count, 0);
    deliver(n, 0, 0, 0, 0); /* no metadata: the partial sum is wrong */
    CHECK_INT_EQ(got.count, 0);
    CHECK_UINT_EQ(udp_drops(MIRAGE_UDP_DROP_BAD_CHECKSUM), bad + 3);
}

static void test_valid(void)
{
    size_t n = build(3000, false);
    frame[34 + 6] ^= 0x5a; /* a wrong checksum the device vouched for */
    deliver(n, MIRAGE_BUF_RX_CSUM_VALID, 0, 0, 0);
    CHECK_INT_EQ(got.count, 1);
    CHECK_UINT_EQ(got.len, 3000);
    uint64_t bad = udp_drops(MIRAGE_UDP_DROP_BAD_CHECKSUM);
    deliver(n, 0, 0, 0, 0);
    CHECK_INT_EQ(got.count, 0);
    CHECK_UINT_EQ(udp_drops(MIRAGE_UDP_DROP_BAD_CHECKSUM), bad + 1);
}

/* Metadata never makes IPv4 trust a length: a total length beyond the
 * frame is dropped whatever the device said. */
static void test_lengths_still_checked(void)
{
    size_t n = build(3000, true);
    uint64_t before = ip_drops(MIRAGE_IPV4_DROP_BAD_LENGTH);
    deliver(n - 100, MIRAGE_BUF_RX_CSUM_PARTIAL, 34, 6, 1472);
    CHECK_INT_EQ(got.count, 0);
    CHECK_UINT_EQ(ip_drops(MIRAGE_IPV4_DROP_BAD_LENGTH), before + 1);
}

/* A GSO packet from a transport is not fragmented: it reaches the device
 * whole (this fake device then refuses it as longer than its MTU). */
static void test_gso_not_fragmented(void)
{
    struct mirage_ipv4_stats st0, st1;
    mirage_ipv4_stats(s.v4, &st0);
    struct mirage_net_stats n0;
    mirage_net_stats(&s.fn.net, &n0);
    struct mirage_buf *b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 30000);
    memset(mirage_buf_put(b, 30000), 0, 30000);
    b->tx_offload = MIRAGE_BUF_TX_CSUM_PARTIAL | MIRAGE_BUF_TX_GSO_TCPV4;
    b->csum_start = b->off;
    b->csum_offset = 16;
    b->gso_size = 1448;
    struct mirage_ipaddr peer = mirage_ipv4(10, 0, 0, 1);
    mirage_ip_write(s.ip, NULL, &peer, 6, b);
    mirage_ipv4_stats(s.v4, &st1);
    struct mirage_net_stats n1;
    mirage_net_stats(&s.fn.net, &n1);
    CHECK_UINT_EQ(st1.tx_fragments, st0.tx_fragments);
    CHECK_UINT_EQ(n1.tx_drop_toobig, n0.tx_drop_toobig + 1);
    /* Without the mark the same packet is fragmented. */
    b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 3000);
    memset(mirage_buf_put(b, 3000), 0, 3000);
    mirage_ip_write(s.ip, NULL, &peer, 6, b);
    mirage_ipv4_stats(s.v4, &st1);
    CHECK_UINT_EQ(st1.tx_fragments, st0.tx_fragments + 3);
    fakenet_clear(&s.fn);
}

static int run(void)
{
    CHECK_INT_EQ(ns_stack_up(&s, true, true), 0);
    CHECK_INT_EQ(mirage_udp_listen(s.udp, 7, rx, NULL), 0);
    RUN(test_partial_large);
    RUN(test_valid);
    RUN(test_lengths_still_checked);
    RUN(test_gso_not_fragmented);
    CHECK_UINT_EQ(ns_stack_down(&s), 0);
    return 0;
}

int main(void)
{
    CHECK_INT_EQ(ns_run(run), 0);
    CHECK_DONE();
}
