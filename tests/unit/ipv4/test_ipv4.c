/* SPDX-License-Identifier: ISC */
/* IPv4 input checks and their counters, delivery, routing and sending. */
#include "ipv4_test.h"

static void test_deliver(void)
{
    inject_ip(PEER, US, PROTO_TEST, "payload", 7, 1, 0);
    CHECK_INT_EQ(got.count, 1);
    CHECK_UINT_EQ(got.src, PEER);
    CHECK_UINT_EQ(got.dst, US);
    CHECK_UINT_EQ(got.len, 7);
    CHECK_MEM_EQ(got.data, "payload", 7);
    /* The header is left before the data for ICMP quotes. */
    CHECK_UINT_EQ(got.hdr[0], 0x45);
    CHECK_UINT_EQ(ns_rd16(got.hdr + 2), 27);
    CHECK_UINT_EQ(got.hdr[9], PROTO_TEST);
    CHECK_UINT_EQ(ns_rd32(got.hdr + 12), PEER);
    /* Ethernet padding is trimmed by the total length. */
    uint8_t p[60] = {0};
    size_t n = ns_ipv4(p, PEER, US, PROTO_TEST, 3, 2, 0);
    memcpy(p + n, "abc", 3);
    inject_raw(p, sizeof(p));
    CHECK_INT_EQ(got.count, 2);
    CHECK_UINT_EQ(got.len, 3);
    /* Broadcasts are for us too. */
    inject_ip(PEER, NS_IP(255, 255, 255, 255), PROTO_TEST, "b", 1, 3, 0);
    inject_ip(PEER, NS_IP(10, 0, 0, 255), PROTO_TEST, "b", 1, 4, 0);
    CHECK_INT_EQ(got.count, 4);
    CHECK_UINT_EQ(got.dst, NS_IP(10, 0, 0, 255));
    /* DF set is fine. */
    inject_ip(PEER, US, PROTO_TEST, "d", 1, 5, 0x4000);
    CHECK_INT_EQ(got.count, 5);
}

static void test_options(void)
{
    uint8_t p[64];
    got.count = 0;
    /* IHL 6: a timestamp-ish option padded with NOPs and an end. */
    memset(p, 0, sizeof(p));
    p[0] = 0x46;
    ns_wr16(p + 2, 24 + 4);
    p[8] = 64;
    p[9] = PROTO_TEST;
    ns_wr32(p + 12, PEER);
    ns_wr32(p + 16, US);
    p[20] = 1;    /* NOP */
    p[21] = 0x44; /* type 68, length 2 */
    p[22] = 2;
    p[23] = 0; /* end */
    memcpy(p + 24, "opts", 4);
    ns_wr16(p + 10, ns_csum(p, 24, 0));
    inject_raw(p, 28);
    CHECK_INT_EQ(got.count, 1);
    CHECK_MEM_EQ(got.data, "opts", 4);
    CHECK_UINT_EQ(got.hdr[0], 0x45); /* options removed from the quote */
    CHECK_UINT_EQ(ns_rd16(got.hdr + 2), 24);
    CHECK_UINT_EQ(ns_csum(got.hdr, 20, 0), 0);
    CHECK_UINT_EQ(ns_rd32(got.hdr + 16), US);
    /* Loose source routing is refused. */
    p[20] = 0x83;
    p[21] = 3;
    p[22] = 4;
    p[23] = 0;
    ns_wr16(p + 10, 0);
    ns_wr16(p + 10, ns_csum(p, 24, 0));
    inject_raw(p, 28);
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_BAD_OPTIONS), 1);
    /* An option longer than the header. */
    p[20] = 0x44;
    p[21] = 9;
    ns_wr16(p + 10, 0);
    ns_wr16(p + 10, ns_csum(p, 24, 0));
    inject_raw(p, 28);
    /* An option length below 2. */
    p[21] = 1;
    ns_wr16(p + 10, 0);
    ns_wr16(p + 10, ns_csum(p, 24, 0));
    inject_raw(p, 28);
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_BAD_OPTIONS), 3);
    CHECK_INT_EQ(got.count, 1);
}

/* A valid packet, then one field changed (checksum fixed unless asked). */
static void mutate(size_t at, uint8_t v, bool fix_csum, size_t len,
                   enum mirage_ipv4_drop why)
{
    uint8_t p[64];
    size_t n = ns_ipv4(p, PEER, US, PROTO_TEST, 8, 9, 0);
    memcpy(p + n, "12345678", 8);
    p[at] = v;
    if (fix_csum) {
        ns_wr16(p + 10, 0);
        ns_wr16(p + 10, ns_csum(p, 20, 0));
    }
    uint64_t before = drops(why);
    int count = got.count;
    inject_raw(p, len ? len : 28);
    if (drops(why) != before + 1 || got.count != count)
        CHECK__FAIL("byte %zu = %u not dropped as %s", at, v,
                    mirage_ipv4_drop_name(why));
}

static void test_drops(void)
{
    uint8_t p[20] = {0x45};
    for (size_t n = 0; n < 20; n++)
        inject_raw(p, n);
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_SHORT), 20);
    mutate(0, 0x65, true, 0, MIRAGE_IPV4_DROP_BAD_VERSION);
    mutate(0, 0x44, true, 0, MIRAGE_IPV4_DROP_BAD_IHL);
    mutate(0, 0x4f, true, 0, MIRAGE_IPV4_DROP_BAD_IHL);  /* 60 > 28 */
    mutate(3, 19, true, 0, MIRAGE_IPV4_DROP_BAD_LENGTH); /* total < IHL */
    mutate(3, 29, true, 0, MIRAGE_IPV4_DROP_BAD_LENGTH); /* total > frame */
    mutate(2, 0xff, true, 0, MIRAGE_IPV4_DROP_BAD_LENGTH);
    mutate(8, 1, false, 0, MIRAGE_IPV4_DROP_BAD_CHECKSUM);
    mutate(12, 255, true, 0, MIRAGE_IPV4_DROP_BAD_SRC);
    mutate(12, 224, true, 0, MIRAGE_IPV4_DROP_BAD_SRC);
    mutate(12, 127, true, 0, MIRAGE_IPV4_DROP_BAD_SRC);
    mutate(15, 2, true, 0, MIRAGE_IPV4_DROP_BAD_SRC); /* ours */
    mutate(19, 3, true, 0, MIRAGE_IPV4_DROP_NOT_FOR_US);
    mutate(16, 224, true, 0, MIRAGE_IPV4_DROP_NOT_FOR_US);
    mutate(9, 99, true, 0, MIRAGE_IPV4_DROP_NO_HANDLER);
    struct mirage_ipv4_stats s;
    mirage_ipv4_stats(v4, &s);
    uint64_t total = 0;
    for (int i = 0; i < MIRAGE_IPV4_DROP_COUNT; i++)
        total += s.drops[i];
    CHECK_UINT_EQ(s.rx_packets, total + s.rx_delivered);
}

struct sent {
    int len;
    uint8_t f[2000];
};

static bool take(struct sent *s)
{
    s->len = fakenet_take(&fn, s->f, sizeof(s->f));
    return s->len >= 0;
}

static int send(uint32_t dst, const void *data, size_t len)
{
    struct mirage_buf *b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, (uint32_t)len);
    memcpy(mirage_buf_put(b, (uint32_t)len), data, len);
    struct mirage_ipaddr d =
        mirage_ipv4((uint8_t)(dst >> 24), (uint8_t)(dst >> 16),
                    (uint8_t)(dst >> 8), (uint8_t)dst);
    return mirage_ip_write(ip, NULL, &d, PROTO_TEST, b);
}

static void test_send(void)
{
    struct sent s;
    CHECK_INT_EQ(send(PEER, "hi", 2), 0);
    CHECK(take(&s));
    CHECK_INT_EQ(s.len, 14 + 20 + 2);
    CHECK_MEM_EQ(s.f, ns_mac_peer.b, 6);
    CHECK_UINT_EQ(ns_rd16(s.f + 12), 0x0800);
    const uint8_t *h = s.f + 14;
    CHECK_UINT_EQ(h[0], 0x45);
    CHECK_UINT_EQ(ns_rd16(h + 2), 22);
    CHECK_UINT_EQ(ns_rd16(h + 6), 0);
    CHECK_UINT_EQ(h[8], 64);
    CHECK_UINT_EQ(h[9], PROTO_TEST);
    CHECK_UINT_EQ(ns_rd32(h + 12), US);
    CHECK_UINT_EQ(ns_rd32(h + 16), PEER);
    CHECK_UINT_EQ(ns_csum(h, 20, 0), 0);
    uint16_t id = ns_rd16(h + 4);
    /* Off the subnet: to the gateway's MAC. */
    CHECK_INT_EQ(send(NS_IP(192, 0, 2, 7), "x", 1), 0);
    CHECK(take(&s));
    CHECK_MEM_EQ(s.f, ns_mac_peer.b, 6);
    CHECK_UINT_EQ(ns_rd32(s.f + 14 + 16), NS_IP(192, 0, 2, 7));
    CHECK_UINT_EQ(ns_rd16(s.f + 14 + 4), (uint16_t)(id + 1));
    /* Broadcasts: no ARP. */
    CHECK_INT_EQ(send(NS_IP(255, 255, 255, 255), "x", 1), 0);
    CHECK(take(&s));
    CHECK_MEM_EQ(s.f, ns_mac_bcast.b, 6);
    CHECK_INT_EQ(send(NS_IP(10, 0, 0, 255), "x", 1), 0);
    CHECK(take(&s));
    CHECK_MEM_EQ(s.f, ns_mac_bcast.b, 6);
    CHECK_INT_EQ(send(NS_IP(224, 0, 0, 251), "x", 1), 0);
    CHECK(take(&s));
    CHECK_MEM_EQ(s.f, "\x01\x00\x5e\x00\x00\xfb", 6);
    /* Unresolved neighbour: ARP first, the packet waits. */
    CHECK_INT_EQ(send(NS_IP(10, 0, 0, 77), "x", 1), -EAGAIN);
    CHECK(take(&s));
    CHECK_UINT_EQ(ns_rd16(s.f + 12), 0x0806);
    CHECK(!take(&s));
    /* Errors. */
    CHECK_INT_EQ(send(US, "x", 1), -EHOSTUNREACH);
    CHECK_INT_EQ(send(NS_IP(127, 0, 0, 1), "x", 1), -EHOSTUNREACH);
    struct mirage_ipaddr d = mirage_ipv4(10, 0, 0, 1);
    struct mirage_ipaddr bad_src = mirage_ipv4(10, 0, 0, 9);
    struct mirage_buf *b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 1);
    CHECK_INT_EQ(mirage_ip_write(ip, &bad_src, &d, PROTO_TEST, b),
                 -EADDRNOTAVAIL);
    struct mirage_ipaddr six;
    mirage_ipaddr_parse("fe80::1", &six);
    b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 1);
    CHECK_INT_EQ(mirage_ip_write(ip, NULL, &six, PROTO_TEST, b), -EAFNOSUPPORT);
    b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 65516);
    mirage_buf_put(b, 65516);
    CHECK_INT_EQ(mirage_ip_write(ip, NULL, &d, PROTO_TEST, b), -EMSGSIZE);
    CHECK(!take(&s));
    struct mirage_ipaddr src;
    CHECK_INT_EQ(mirage_ip_src(ip, &d, &src), 0);
    CHECK_UINT_EQ(mirage_ipv4_to_u32(&src), US);
    CHECK_UINT_EQ(mirage_ip_mtu(ip, &d), 1480);
    mirage_sleep_ns(100 * MS); /* let the ARP for .77 fail */
    fakenet_clear(&fn);
}

static void test_no_gateway(void)
{
    teardown();
    setup(NULL, true);
    CHECK_INT_EQ(send(NS_IP(192, 0, 2, 7), "x", 1), -EHOSTUNREACH);
    struct mirage_ipv4_stats s;
    mirage_ipv4_stats(v4, &s);
    CHECK_UINT_EQ(s.tx_noroute, 1);
    CHECK_INT_EQ(send(PEER, "x", 1), 0);
}

static void test_config(void)
{
    struct mirage_ipv4_config c;
    CHECK_INT_EQ(mirage_ipv4_config_parse(&c, "10.0.0.2/24", "10.0.0.1"), 0);
    CHECK_UINT_EQ(c.cidr.len, 24);
    CHECK_UINT_EQ(c.gateway.family, MIRAGE_IPV4);
    CHECK_INT_EQ(mirage_ipv4_config_parse(&c, "10.0.0.2/24", ""), 0);
    CHECK_UINT_EQ(c.gateway.family, 0);
    CHECK_INT_EQ(mirage_ipv4_config_parse(&c, "10.0.0.2", NULL), -EINVAL);
    CHECK_INT_EQ(mirage_ipv4_config_parse(&c, "fe80::1/64", NULL), -EINVAL);
    CHECK_INT_EQ(mirage_ipv4_config_parse(&c, "10.0.0.2/24", "fe80::1"),
                 -EINVAL);
    struct mirage_ipv4 *x;
    c.cidr.addr.family = MIRAGE_IPV6;
    CHECK_INT_EQ(mirage_ipv4_create(eth, arp, &c, &x), -EINVAL);
}

static int run(void)
{
    setup(NULL, false);
    RUN(test_deliver);
    RUN(test_options);
    RUN(test_drops);
    RUN(test_send);
    RUN(test_config);
    RUN(test_no_gateway);
    teardown();
    return 0;
}

int main(void)
{
    CHECK_INT_EQ(ns_run(run), 0);
    CHECK_DONE();
}
