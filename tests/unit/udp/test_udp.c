/* SPDX-License-Identifier: ISC */
/* UDP over IPv4: delivery, checksums, length checks, closed ports, sending. */
#include "../netsupport/nsstack.h"
#include "check.h"

static struct ns_stack s;

static struct {
    int count;
    uint32_t src, dst;
    uint16_t sport, dport;
    uint32_t len;
    uint8_t data[2000];
} got;

static void rx(void *arg, struct mirage_udp *u, const struct mirage_ipaddr *src,
               uint16_t sport, const struct mirage_ipaddr *dst, uint16_t dport,
               struct mirage_buf *b)
{
    (void)arg, (void)u;
    got.count++;
    got.src = mirage_ipv4_to_u32(src);
    got.dst = mirage_ipv4_to_u32(dst);
    got.sport = sport;
    got.dport = dport;
    got.len = b->len;
    memcpy(got.data, mirage_buf_data(b), b->len);
}

static uint64_t drops(enum mirage_udp_drop d)
{
    struct mirage_udp_stats st;
    mirage_udp_direct_stats(s.udp, &st);
    return st.drops[d];
}

static void inject_udp(uint16_t sport, uint16_t dport, const char *msg)
{
    uint8_t p[1500];
    size_t n = ns_udp(p, NS_PEER, NS_US, sport, dport, msg, strlen(msg));
    ns_inject_ip(&s, NS_PEER, NS_US, 17, p, n);
}

static void test_listen_deliver(void)
{
    CHECK_INT_EQ(mirage_udp_listen(s.udp, 7, rx, NULL), 0);
    CHECK_INT_EQ(mirage_udp_listen(s.udp, 7, rx, NULL), -EADDRINUSE);
    CHECK_INT_EQ(mirage_udp_listen(s.udp, 0, rx, NULL), -EINVAL);
    inject_udp(5000, 7, "hello udp");
    CHECK_INT_EQ(got.count, 1);
    CHECK_UINT_EQ(got.src, NS_PEER);
    CHECK_UINT_EQ(got.dst, NS_US);
    CHECK_UINT_EQ(got.sport, 5000);
    CHECK_UINT_EQ(got.dport, 7);
    CHECK_UINT_EQ(got.len, 9);
    CHECK_MEM_EQ(got.data, "hello udp", 9);
    inject_udp(0, 7, ""); /* source port 0 and an empty payload are fine */
    CHECK_INT_EQ(got.count, 2);
    CHECK_UINT_EQ(got.len, 0);
    /* No checksum (0) is allowed over IPv4. */
    uint8_t p[64];
    size_t n = ns_udp(p, NS_PEER, NS_US, 1, 7, "nock", 4);
    ns_wr16(p + 6, 0);
    ns_inject_ip(&s, NS_PEER, NS_US, 17, p, n);
    CHECK_INT_EQ(got.count, 3);
    struct mirage_udp_stats st;
    mirage_udp_direct_stats(s.udp, &st);
    CHECK_UINT_EQ(st.rx_no_checksum, 1);
    /* IP payload longer than the UDP length: the extra is ignored. */
    n = ns_udp(p, NS_PEER, NS_US, 1, 7, "abc", 3);
    memcpy(p + n, "TRAILER", 7);
    ns_inject_ip(&s, NS_PEER, NS_US, 17, p, n + 7);
    CHECK_INT_EQ(got.count, 4);
    CHECK_UINT_EQ(got.len, 3);
}

static void test_drops(void)
{
    uint8_t p[64], pkt[2000];
    int count = got.count;
    for (size_t len = 0; len < 8; len++)
        ns_inject_ip(&s, NS_PEER, NS_US, 17, "\0\1\0\7\0\10\0\0", len);
    CHECK_UINT_EQ(drops(MIRAGE_UDP_DROP_SHORT), 8);
    size_t n = ns_udp(p, NS_PEER, NS_US, 1, 7, "abcd", 4);
    p[8] ^= 0x20; /* payload changed */
    ns_inject_ip(&s, NS_PEER, NS_US, 17, p, n);
    CHECK_UINT_EQ(drops(MIRAGE_UDP_DROP_BAD_CHECKSUM), 1);
    n = ns_udp(p, NS_PEER, NS_US, 1, 7, "abcd", 4);
    ns_wr16(p + 4, 13); /* longer than the IP payload */
    ns_inject_ip(&s, NS_PEER, NS_US, 17, p, n);
    ns_wr16(p + 4, 7); /* shorter than the header */
    ns_inject_ip(&s, NS_PEER, NS_US, 17, p, n);
    CHECK_UINT_EQ(drops(MIRAGE_UDP_DROP_BAD_LENGTH), 2);
    n = ns_udp(p, NS_PEER, NS_US, 1, 0, "abcd", 4);
    ns_inject_ip(&s, NS_PEER, NS_US, 17, p, n);
    CHECK_UINT_EQ(drops(MIRAGE_UDP_DROP_BAD_PORT), 1);
    CHECK_INT_EQ(got.count, count);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof(pkt)), -1); /* no ICMP for these */
}

static void test_closed_port(void)
{
    uint8_t pkt[2000];
    inject_udp(40000, 9999, "anyone?");
    CHECK_UINT_EQ(drops(MIRAGE_UDP_DROP_NO_LISTENER), 1);
    int len = ns_take_ip(&s, pkt, sizeof(pkt));
    CHECK_INT_EQ(len, 8 + 20 + 8 + 7);
    CHECK_UINT_EQ(pkt[9], 1);
    CHECK_UINT_EQ(ns_rd32(pkt + 16), NS_PEER);
    const uint8_t *m = pkt + 20;
    CHECK_UINT_EQ(m[0], 3);
    CHECK_UINT_EQ(m[1], 3);
    CHECK_UINT_EQ(ns_rd32(m + 8 + 12), NS_PEER); /* quoted header */
    CHECK_UINT_EQ(m[8 + 9], 17);
    CHECK_UINT_EQ(ns_rd16(m + 28), 40000); /* quoted UDP header */
    CHECK_UINT_EQ(ns_rd16(m + 30), 9999);
    CHECK_MEM_EQ(m + 36, "anyone?", 7);
    /* To the broadcast address: silence. */
    uint8_t p[64];
    size_t n = ns_udp(p, NS_PEER, NS_IP(10, 0, 0, 255), 1, 9999, "b", 1);
    ns_inject_ip(&s, NS_PEER, NS_IP(10, 0, 0, 255), 17, p, n);
    CHECK_UINT_EQ(drops(MIRAGE_UDP_DROP_NO_LISTENER), 2);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof(pkt)), -1);
    /* After unlisten, port 7 is closed too. */
    mirage_udp_unlisten(s.udp, 7);
    inject_udp(1, 7, "x");
    CHECK_UINT_EQ(drops(MIRAGE_UDP_DROP_NO_LISTENER), 3);
    CHECK(ns_take_ip(&s, pkt, sizeof(pkt)) > 0);
    mirage_udp_unlisten(s.udp, 7); /* twice: harmless */
}

static void test_write(void)
{
    uint8_t pkt[2000];
    struct mirage_ipaddr peer = mirage_ipv4(10, 0, 0, 1);
    CHECK_INT_EQ(mirage_udp_write(s.udp, NULL, 53, &peer, 5353, "query", 5), 0);
    int len = ns_take_ip(&s, pkt, sizeof(pkt));
    CHECK_INT_EQ(len, 13);
    CHECK_UINT_EQ(pkt[9], 17);
    const uint8_t *u = pkt + 20;
    CHECK_UINT_EQ(ns_rd16(u), 53);
    CHECK_UINT_EQ(ns_rd16(u + 2), 5353);
    CHECK_UINT_EQ(ns_rd16(u + 4), 13);
    CHECK_UINT_EQ(ns_csum(u, 13, ns_pseudo(NS_US, NS_PEER, 17, 13)), 0);
    CHECK_MEM_EQ(u + 8, "query", 5);
    /* Random source ports in the ephemeral range. */
    uint16_t ports[8];
    for (int i = 0; i < 8; i++) {
        CHECK_INT_EQ(mirage_udp_write(s.udp, NULL, 0, &peer, 9, "p", 1), 0);
        CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof(pkt)), 9);
        ports[i] = ns_rd16(pkt + 20);
        CHECK(ports[i] >= 49152);
    }
    int same = 0;
    for (int i = 1; i < 8; i++)
        same += ports[i] == ports[0];
    CHECK(same < 7);
    /* A datagram over the MTU goes in fragments. */
    static uint8_t big[3000];
    memset(big, 0x77, sizeof(big));
    CHECK_INT_EQ(mirage_udp_write(s.udp, NULL, 1, &peer, 2, big, sizeof(big)),
                 0);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof(pkt)), 1480);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof(pkt)), 1480);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof(pkt)), 48);
    /* Errors. */
    CHECK_INT_EQ(mirage_udp_write(s.udp, NULL, 1, &peer, 0, "x", 1), -EINVAL);
    static uint8_t huge[65508];
    CHECK_INT_EQ(mirage_udp_write(s.udp, NULL, 1, &peer, 2, huge, sizeof(huge)),
                 -EMSGSIZE);
    struct mirage_ipaddr far = mirage_ipv4(10, 0, 0, 99);
    CHECK_INT_EQ(mirage_udp_write(s.udp, NULL, 1, &far, 2, "w", 1), 0);
    fakenet_clear(&s.fn); /* the ARP request; the datagram waits */
    /* write_buf takes the buffer. */
    struct mirage_buf *b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 3);
    memcpy(mirage_buf_put(b, 3), "buf", 3);
    CHECK_INT_EQ(mirage_udp_write_buf(s.udp, NULL, 7, &peer, 8, b), 0);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof(pkt)), 11);
    CHECK_MEM_EQ(pkt + 28, "buf", 3);
    b = mirage_buf_alloc(4, 3); /* too little headroom */
    CHECK_INT_EQ(mirage_udp_write_buf(s.udp, NULL, 7, &peer, 8, b), -EINVAL);
}

/* An echo, as a unikernel would write it: reply from the callback. */
static void echo(void *arg, struct mirage_udp *u,
                 const struct mirage_ipaddr *src, uint16_t sport,
                 const struct mirage_ipaddr *dst, uint16_t dport,
                 struct mirage_buf *b)
{
    (void)arg, (void)dst;
    mirage_udp_write(u, NULL, dport, src, sport, mirage_buf_data(b), b->len);
}

static void test_echo(void)
{
    uint8_t pkt[2000];
    CHECK_INT_EQ(mirage_udp_listen(s.udp, 7, echo, NULL), 0);
    inject_udp(33333, 7, "ping");
    int len = ns_take_ip(&s, pkt, sizeof(pkt));
    CHECK_INT_EQ(len, 12);
    CHECK_UINT_EQ(ns_rd16(pkt + 20), 7);
    CHECK_UINT_EQ(ns_rd16(pkt + 22), 33333);
    CHECK_MEM_EQ(pkt + 28, "ping", 4);
}

static int run(void)
{
    CHECK_INT_EQ(ns_stack_up(&s, true, true), 0);
    RUN(test_listen_deliver);
    RUN(test_drops);
    RUN(test_closed_port);
    RUN(test_write);
    RUN(test_echo);
    CHECK_UINT_EQ(ns_stack_down(&s), 0);
    return 0;
}

int main(void)
{
    CHECK_INT_EQ(ns_run(run), 0);
    CHECK_DONE();
}
