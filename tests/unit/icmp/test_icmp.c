/* SPDX-License-Identifier: ISC */
/* ICMPv4: echo replies, checks and counters, unreachables and their rules. */
#include "../netsupport/nsstack.h"
#include "check.h"

static struct ns_stack s;

static struct mirage_icmp_stats stats(void)
{
    struct mirage_icmp_stats st;
    mirage_icmpv4_stats(s.icmp, &st);
    return st;
}

static void test_echo(void)
{
    uint8_t req[100], pkt[2000];
    size_t n = ns_echo(req, 8, 0xbeef, 7, "0123456789abcdef", 16);
    ns_inject_ip(&s, NS_PEER, NS_US, 1, req, n);
    int len = ns_take_ip(&s, pkt, sizeof(pkt));
    CHECK_INT_EQ(len, (int)n);
    CHECK_UINT_EQ(pkt[9], 1);
    CHECK_UINT_EQ(ns_rd32(pkt + 12), NS_US);
    CHECK_UINT_EQ(ns_rd32(pkt + 16), NS_PEER);
    const uint8_t *icmp = pkt + 20;
    CHECK_UINT_EQ(icmp[0], 0);
    CHECK_UINT_EQ(icmp[1], 0);
    CHECK_UINT_EQ(ns_rd16(icmp + 4), 0xbeef);
    CHECK_UINT_EQ(ns_rd16(icmp + 6), 7);
    CHECK_MEM_EQ(icmp + 8, "0123456789abcdef", 16);
    CHECK_UINT_EQ(ns_csum(icmp, (size_t)len, 0), 0);
    /* Odd length payload. */
    n = ns_echo(req, 8, 1, 2, "abc", 3);
    ns_inject_ip(&s, NS_PEER, NS_US, 1, req, n);
    len = ns_take_ip(&s, pkt, sizeof(pkt));
    CHECK_INT_EQ(len, 11);
    CHECK_UINT_EQ(ns_csum(pkt + 20, 11, 0), 0);
    CHECK_UINT_EQ(stats().tx_echo_replies, 2);
}

static void test_drops(void)
{
    uint8_t req[100], pkt[2000];
    size_t n = ns_echo(req, 8, 1, 1, "data", 4);
    req[9] ^= 1; /* payload changed: checksum wrong */
    ns_inject_ip(&s, NS_PEER, NS_US, 1, req, n);
    ns_inject_ip(&s, NS_PEER, NS_US, 1, req, 7); /* short */
    req[9] ^= 1;
    ns_inject_ip(&s, NS_PEER, NS_IP(10, 0, 0, 255), 1, req, n);
    ns_inject_ip(&s, NS_PEER, NS_IP(255, 255, 255, 255), 1, req, n);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof(pkt)), -1);
    struct mirage_icmp_stats st = stats();
    CHECK_UINT_EQ(st.drops[MIRAGE_ICMP_DROP_BAD_CHECKSUM], 1);
    CHECK_UINT_EQ(st.drops[MIRAGE_ICMP_DROP_SHORT], 1);
    CHECK_UINT_EQ(st.drops[MIRAGE_ICMP_DROP_BROADCAST], 2);
    /* An error quoting less than a header and 8 bytes. */
    uint8_t err[40] = {3, 3};
    ns_wr16(err + 2, ns_csum(err, 20, 0));
    ns_inject_ip(&s, NS_PEER, NS_US, 1, err, 20);
    CHECK_UINT_EQ(stats().drops[MIRAGE_ICMP_DROP_BAD_ERROR], 1);
    /* Echo replies and others with no listener. */
    n = ns_echo(req, 0, 1, 1, "x", 1);
    ns_inject_ip(&s, NS_PEER, NS_US, 1, req, n);
    CHECK_UINT_EQ(stats().drops[MIRAGE_ICMP_DROP_UNHANDLED], 1);
    CHECK_UINT_EQ(stats().rx_echo_replies, 1);
}

static int heard;
static uint8_t heard_type;
static void listener(void *arg, struct mirage_icmp *i,
                     const struct mirage_ipaddr *src,
                     const struct mirage_ipaddr *dst, struct mirage_buf *b)
{
    (void)arg, (void)i, (void)dst;
    CHECK_UINT_EQ(mirage_ipv4_to_u32(src), NS_PEER);
    heard++;
    heard_type = mirage_buf_data(b)[0];
}

static void test_listen_and_write(void)
{
    mirage_icmp_listen(s.icmp, listener, NULL);
    uint8_t req[100], pkt[2000];
    size_t n = ns_echo(req, 0, 5, 6, "pong", 4);
    ns_inject_ip(&s, NS_PEER, NS_US, 1, req, n);
    CHECK_INT_EQ(heard, 1);
    CHECK_UINT_EQ(heard_type, 0);
    /* An application's own echo request; the checksum is filled in. */
    struct mirage_buf *b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 12);
    uint8_t *p = mirage_buf_put(b, 12);
    memset(p, 0, 12);
    p[0] = 8;
    memcpy(p + 8, "ping", 4);
    struct mirage_ipaddr peer = mirage_ipv4(10, 0, 0, 1);
    CHECK_INT_EQ(mirage_icmp_write(s.icmp, NULL, &peer, b), 0);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof(pkt)), 12);
    CHECK_UINT_EQ(ns_csum(pkt + 20, 12, 0), 0);
    b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 4);
    mirage_buf_put(b, 4);
    CHECK_INT_EQ(mirage_icmp_write(s.icmp, NULL, &peer, b), -EINVAL);
    mirage_icmp_listen(s.icmp, NULL, NULL);
}

/* A delivered datagram as UDP would pass it: the 20-byte header just
 * before the data, as lib/ipv4 leaves it. */
static struct mirage_buf *delivered(uint32_t src, uint32_t dst, uint8_t proto,
                                    const void *data, size_t len)
{
    struct mirage_buf *b = mirage_buf_alloc(64, (uint32_t)len);
    memcpy(mirage_buf_put(b, (uint32_t)len), data, len);
    uint8_t *h = mirage_buf_push(b, 20);
    ns_ipv4(h, src, dst, proto, len, 0x4242, 0);
    mirage_buf_pull(b, 20);
    return b;
}

static void test_unreachable(void)
{
    uint8_t pkt[2000];
    struct mirage_ipaddr peer = mirage_ipv4(10, 0, 0, 1),
                         us = mirage_ipv4(10, 0, 0, 2);
    struct mirage_buf *b = delivered(NS_PEER, NS_US, 17, "UDPHDR..payload", 15);
    CHECK_INT_EQ(mirage_icmp_unreachable(s.icmp, MIRAGE_ICMP_UNREACH_PORT,
                                         &peer, &us, 17, b),
                 0);
    int len = ns_take_ip(&s, pkt, sizeof(pkt));
    CHECK_INT_EQ(len, 8 + 20 + 15);
    CHECK_UINT_EQ(ns_rd32(pkt + 16), NS_PEER);
    const uint8_t *m = pkt + 20;
    CHECK_UINT_EQ(m[0], 3);
    CHECK_UINT_EQ(m[1], 3);
    CHECK_UINT_EQ(ns_csum(m, (size_t)len, 0), 0);
    CHECK_UINT_EQ(ns_rd16(m + 8 + 4), 0x4242); /* the real header quoted */
    CHECK_UINT_EQ(ns_rd32(m + 8 + 12), NS_PEER);
    CHECK_MEM_EQ(m + 28, "UDPHDR..payload", 15);
    mirage_buf_unref(b);
    /* Without a header in the headroom, one is rebuilt. */
    b = mirage_buf_alloc(0, 8);
    memcpy(mirage_buf_put(b, 8), "12345678", 8);
    CHECK_INT_EQ(mirage_icmp_unreachable(s.icmp, MIRAGE_ICMP_UNREACH_PROTO,
                                         &peer, &us, 99, b),
                 0);
    len = ns_take_ip(&s, pkt, sizeof(pkt));
    CHECK_INT_EQ(len, 36);
    CHECK_UINT_EQ(pkt[21], 2);
    CHECK_UINT_EQ(pkt[28], 0x45);
    CHECK_UINT_EQ(pkt[28 + 9], 99);
    CHECK_UINT_EQ(ns_csum(pkt + 28, 20, 0), 0);
    mirage_buf_unref(b);
    /* Forbidden: about ICMP errors, to broadcasts, from odd sources. */
    uint8_t err[8] = {3, 1};
    b = delivered(NS_PEER, NS_US, 1, err, 8);
    CHECK_INT_EQ(mirage_icmp_unreachable(s.icmp, MIRAGE_ICMP_UNREACH_PROTO,
                                         &peer, &us, 1, b),
                 -EPERM);
    mirage_buf_unref(b);
    struct mirage_ipaddr bc = mirage_ipv4(10, 0, 0, 255),
                         mc = mirage_ipv4(224, 0, 0, 1),
                         zero = mirage_ipv4(0, 0, 0, 0);
    b = delivered(NS_PEER, NS_IP(10, 0, 0, 255), 17, "12345678", 8);
    CHECK_INT_EQ(mirage_icmp_unreachable(s.icmp, MIRAGE_ICMP_UNREACH_PORT,
                                         &peer, &bc, 17, b),
                 -EPERM);
    CHECK_INT_EQ(mirage_icmp_unreachable(s.icmp, MIRAGE_ICMP_UNREACH_PORT, &mc,
                                         &us, 17, b),
                 -EPERM);
    CHECK_INT_EQ(mirage_icmp_unreachable(s.icmp, MIRAGE_ICMP_UNREACH_PORT,
                                         &zero, &us, 17, b),
                 -EPERM);
    mirage_buf_unref(b);
    CHECK_INT_EQ(ns_take_ip(&s, pkt, sizeof(pkt)), -1);
    CHECK_UINT_EQ(stats().tx_suppressed, 4);
}

static void test_rate_limit(void)
{
    struct mirage_ipaddr peer = mirage_ipv4(10, 0, 0, 1),
                         us = mirage_ipv4(10, 0, 0, 2);
    struct mirage_buf *b = delivered(NS_PEER, NS_US, 17, "12345678", 8);
    int sent = 0, limited = 0;
    for (int i = 0; i < 200; i++) {
        int r = mirage_icmp_unreachable(s.icmp, MIRAGE_ICMP_UNREACH_PORT, &peer,
                                        &us, 17, b);
        sent += r == 0;
        limited += r == -EBUSY;
    }
    CHECK(sent >= 40 && sent < 100);
    CHECK_INT_EQ(sent + limited, 200);
    mirage_sleep_ns(100000000); /* refills */
    CHECK_INT_EQ(mirage_icmp_unreachable(s.icmp, MIRAGE_ICMP_UNREACH_PORT,
                                         &peer, &us, 17, b),
                 0);
    mirage_buf_unref(b);
    fakenet_clear(&s.fn);
}

static int run(void)
{
    CHECK_INT_EQ(ns_stack_up(&s, true, false), 0);
    RUN(test_echo);
    RUN(test_drops);
    RUN(test_listen_and_write);
    RUN(test_unreachable);
    RUN(test_rate_limit);
    CHECK_UINT_EQ(ns_stack_down(&s), 0);
    return 0;
}

int main(void)
{
    CHECK_INT_EQ(ns_run(run), 0);
    CHECK_DONE();
}
