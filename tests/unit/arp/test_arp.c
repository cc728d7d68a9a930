/* SPDX-License-Identifier: ISC */
/* ARP: replies, announcements, the cache policy, resolution and its limits. */
#include <mirage/arp.h>
#include <mirage/ethernet.h>

#include "../netsupport/netsupport.h"
#include "check.h"

#define MS 1000000ull
static const uint32_t US = NS_IP(10, 0, 0, 2), PEER = NS_IP(10, 0, 0, 1);
static const struct mirage_macaddr zero_mac,
    evil = {{0x02, 0xe, 0xe, 0xe, 0xe, 0xe}};

static struct fakenet fn;
static struct mirage_ethernet *eth;
static struct mirage_arp *arp;

static const struct mirage_arp_config cfg = {
    .cache_size = 8,
    .entry_ttl_ns = 200 * MS,
    .retry_ns = 20 * MS,
    .retries = 3,
    .queue_len = 64,
    .announcements = 2,
    .announce_ns = 50 * MS,
};

struct arp_frame {
    int len;
    struct mirage_macaddr eth_dst, sha, tha;
    uint16_t type, op;
    uint32_t spa, tpa;
    uint8_t raw[1600];
};

/* Takes the next frame written; returns false if there is none. */
static bool take(struct arp_frame *f)
{
    f->len = fakenet_take(&fn, f->raw, sizeof(f->raw));
    if (f->len < 0)
        return false;
    memcpy(f->eth_dst.b, f->raw, 6);
    f->type = ns_rd16(f->raw + 12);
    if (f->type == MIRAGE_ETHERTYPE_ARP && f->len >= 42) {
        f->op = ns_rd16(f->raw + 20);
        memcpy(f->sha.b, f->raw + 22, 6);
        f->spa = ns_rd32(f->raw + 28);
        memcpy(f->tha.b, f->raw + 32, 6);
        f->tpa = ns_rd32(f->raw + 38);
    }
    return true;
}

static void inject_arp(uint16_t op, const struct mirage_macaddr *sha,
                       uint32_t spa, const struct mirage_macaddr *tha,
                       uint32_t tpa)
{
    uint8_t f[64];
    size_t n = ns_eth(f, op == 1 ? &ns_mac_bcast : &ns_mac_us, sha,
                      MIRAGE_ETHERTYPE_ARP);
    n += ns_arp(f + n, op, sha, spa, tha, tpa);
    fakenet_inject(&fn, f, n);
}

static uint64_t drops(enum mirage_arp_drop d)
{
    struct mirage_arp_stats s;
    mirage_arp_stats(arp, &s);
    return s.drops[d];
}

static struct mirage_arp_stats stats(void)
{
    struct mirage_arp_stats s;
    mirage_arp_stats(arp, &s);
    return s;
}

static struct mirage_buf *packet(uint8_t tag)
{
    struct mirage_buf *b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 20);
    memset(mirage_buf_put(b, 20), tag, 20);
    return b;
}

static void test_announce(void)
{
    struct mirage_ipaddr a = mirage_ipv4(10, 0, 0, 2);
    CHECK_INT_EQ(mirage_arp_set_ips(arp, &a, 1), 0);
    struct arp_frame f;
    CHECK(take(&f));
    CHECK_MEM_EQ(f.eth_dst.b, ns_mac_bcast.b, 6);
    CHECK_UINT_EQ(f.op, 1);
    CHECK_UINT_EQ(f.spa, US);
    CHECK_UINT_EQ(f.tpa, US);
    CHECK_MEM_EQ(f.sha.b, ns_mac_us.b, 6);
    CHECK_MEM_EQ(f.tha.b, zero_mac.b, 6);
    CHECK(!take(&f));
    mirage_sleep_ns(60 * MS);
    CHECK(take(&f));
    CHECK_UINT_EQ(f.spa, US);
    mirage_sleep_ns(120 * MS);
    CHECK(!take(&f)); /* two announcements only */
    CHECK_UINT_EQ(stats().tx_announcements, 2);
    struct mirage_ipaddr got[4];
    CHECK_UINT_EQ(mirage_arp_get_ips(arp, got, 4), 1);
    CHECK(mirage_ipaddr_equal(&got[0], &a));
}

static void test_reply_and_learn(void)
{
    inject_arp(1, &ns_mac_peer, PEER, &zero_mac, US);
    struct arp_frame f;
    CHECK(take(&f));
    CHECK_MEM_EQ(f.eth_dst.b, ns_mac_peer.b, 6);
    CHECK_UINT_EQ(f.op, 2);
    CHECK_MEM_EQ(f.sha.b, ns_mac_us.b, 6);
    CHECK_UINT_EQ(f.spa, US);
    CHECK_MEM_EQ(f.tha.b, ns_mac_peer.b, 6);
    CHECK_UINT_EQ(f.tpa, PEER);
    struct mirage_macaddr m;
    struct mirage_ipaddr peer = mirage_ipv4(10, 0, 0, 1);
    CHECK_INT_EQ(mirage_arp_lookup(arp, &peer, &m), 0);
    CHECK_MEM_EQ(m.b, ns_mac_peer.b, 6);
    /* Output to a resolved address goes at once. */
    CHECK_INT_EQ(mirage_arp_output(arp, &peer, packet(0x11)), 0);
    CHECK(take(&f));
    CHECK_MEM_EQ(f.eth_dst.b, ns_mac_peer.b, 6);
    CHECK_UINT_EQ(f.type, MIRAGE_ETHERTYPE_IPV4);
    CHECK_UINT_EQ(f.raw[14], 0x11);
}

static void test_policy(void)
{
    struct mirage_ipaddr peer = mirage_ipv4(10, 0, 0, 1),
                         m7 = mirage_ipv4(10, 0, 0, 7);
    struct mirage_macaddr m;
    struct arp_frame f;
    /* About other hosts: ignored. */
    inject_arp(1, &ns_mac_peer, NS_IP(10, 0, 0, 9), &zero_mac,
               NS_IP(10, 0, 0, 3));
    CHECK(!take(&f));
    CHECK_UINT_EQ(drops(MIRAGE_ARP_DROP_NOT_FOR_US), 1);
    /* A reply nobody asked for creates nothing. */
    inject_arp(2, &evil, NS_IP(10, 0, 0, 7), &ns_mac_us, US);
    CHECK_UINT_EQ(drops(MIRAGE_ARP_DROP_UNSOLICITED), 1);
    CHECK_INT_EQ(mirage_arp_lookup(arp, &m7, &m), -ENOENT);
    /* Spoofing a resolved address: ignored, counted. */
    inject_arp(2, &evil, PEER, &ns_mac_us, US);
    inject_arp(1, &evil, PEER, &zero_mac, NS_IP(10, 0, 0, 1));
    CHECK_UINT_EQ(drops(MIRAGE_ARP_DROP_CONFLICT), 2);
    CHECK_INT_EQ(mirage_arp_lookup(arp, &peer, &m), 0);
    CHECK_MEM_EQ(m.b, ns_mac_peer.b, 6);
    /* A request for us with a conflicting MAC is still answered. */
    inject_arp(1, &evil, PEER, &zero_mac, US);
    CHECK_UINT_EQ(drops(MIRAGE_ARP_DROP_CONFLICT), 3);
    CHECK(take(&f));
    CHECK_UINT_EQ(f.op, 2);
    CHECK_INT_EQ(mirage_arp_lookup(arp, &peer, &m), 0);
    CHECK_MEM_EQ(m.b, ns_mac_peer.b, 6);
    /* Another host claiming our address. */
    inject_arp(1, &evil, US, &zero_mac, US);
    CHECK_UINT_EQ(drops(MIRAGE_ARP_DROP_OUR_ADDRESS), 1);
    CHECK(!take(&f));
    /* A probe (sender 0.0.0.0) for our address is defended. */
    inject_arp(1, &evil, 0, &zero_mac, US);
    CHECK(take(&f));
    CHECK_UINT_EQ(f.op, 2);
    CHECK_UINT_EQ(f.tpa, 0);
    CHECK_MEM_EQ(f.eth_dst.b, evil.b, 6);
    struct mirage_ipaddr zero = mirage_ipv4(0, 0, 0, 0);
    CHECK_INT_EQ(mirage_arp_lookup(arp, &zero, &m), -ENOENT);
}

static void test_malformed(void)
{
    uint8_t f[64];
    size_t n = ns_eth(f, &ns_mac_us, &ns_mac_peer, MIRAGE_ETHERTYPE_ARP);
    size_t a = ns_arp(f + n, 1, &ns_mac_peer, PEER, &zero_mac, US);
    uint64_t replies = stats().tx_replies;
    fakenet_inject(&fn, f, n + a - 1);
    CHECK_UINT_EQ(drops(MIRAGE_ARP_DROP_SHORT), 1);
    const struct {
        size_t at;
        uint8_t v;
        enum mirage_arp_drop why;
    } cases[] = {
        {1, 6, MIRAGE_ARP_DROP_BAD_FORMAT},    /* htype IEEE 802 */
        {2, 0x86, MIRAGE_ARP_DROP_BAD_FORMAT}, /* ptype IPv6 */
        {4, 8, MIRAGE_ARP_DROP_BAD_FORMAT},    /* hlen */
        {5, 16, MIRAGE_ARP_DROP_BAD_FORMAT},   /* plen */
        {7, 3, MIRAGE_ARP_DROP_BAD_OP},        /* RARP request */
        {8, 0x01, MIRAGE_ARP_DROP_BAD_SENDER}, /* multicast sender */
        {14, 224, MIRAGE_ARP_DROP_BAD_SENDER}, /* multicast sender IP */
        {14, 127, MIRAGE_ARP_DROP_BAD_SENDER}, /* loopback sender IP */
        {24, 255, MIRAGE_ARP_DROP_BAD_SENDER}, /* reserved target IP */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint64_t before = drops(cases[i].why);
        uint8_t g[64];
        memcpy(g, f, n + a);
        g[n + cases[i].at] = cases[i].v;
        fakenet_inject(&fn, g, n + a);
        if (drops(cases[i].why) != before + 1)
            CHECK__FAIL("case %zu not dropped as %s", i,
                        mirage_arp_drop_name(cases[i].why));
    }
    CHECK_UINT_EQ(stats().tx_replies, replies);
    /* Trailing padding is fine. */
    memset(f + n + a, 0, 18);
    fakenet_inject(&fn, f, n + a + 18);
    CHECK_UINT_EQ(stats().tx_replies, replies + 1);
    fakenet_clear(&fn);
}

static void test_resolve(void)
{
    struct mirage_ipaddr h = mirage_ipv4(10, 0, 0, 20);
    struct arp_frame f;
    for (int i = 0; i < 70; i++)
        CHECK_INT_EQ(mirage_arp_output(arp, &h, packet((uint8_t)i)), -EAGAIN);
    CHECK(take(&f));
    CHECK_UINT_EQ(f.op, 1);
    CHECK_MEM_EQ(f.eth_dst.b, ns_mac_bcast.b, 6);
    CHECK_UINT_EQ(f.tpa, NS_IP(10, 0, 0, 20));
    CHECK_UINT_EQ(f.spa, US);
    CHECK(!take(&f));
    CHECK_UINT_EQ(stats().queue_drops, 6); /* 64 kept, the oldest go */
    static const struct mirage_macaddr h_mac = {{0x02, 0, 0, 0, 0, 0x20}};
    inject_arp(2, &h_mac, NS_IP(10, 0, 0, 20), &ns_mac_us, US);
    for (int i = 6; i < 70; i++) {
        CHECK(take(&f));
        CHECK_MEM_EQ(f.eth_dst.b, h_mac.b, 6);
        if (f.raw[14] != i)
            CHECK__FAIL("queued packet %d came as %d", i, f.raw[14]);
    }
    CHECK(!take(&f));
    CHECK_UINT_EQ(stats().resolved >= 1, 1);
}

static void test_failure(void)
{
    struct mirage_ipaddr h = mirage_ipv4(10, 0, 0, 50);
    struct arp_frame f;
    uint64_t qd = stats().queue_drops;
    CHECK_INT_EQ(mirage_arp_output(arp, &h, packet(1)), -EAGAIN);
    CHECK_INT_EQ(mirage_arp_output(arp, &h, packet(2)), -EAGAIN);
    mirage_sleep_ns(70 * MS); /* three requests, 20 ms apart, then failure */
    int requests = 0;
    while (take(&f))
        requests += f.op == 1 && f.tpa == NS_IP(10, 0, 0, 50);
    CHECK_INT_EQ(requests, 3);
    CHECK_UINT_EQ(stats().failed, 1);
    CHECK_UINT_EQ(stats().queue_drops, qd + 2);
    CHECK_INT_EQ(mirage_arp_output(arp, &h, packet(3)), -EHOSTUNREACH);
    CHECK(!take(&f));         /* no request while failed */
    mirage_sleep_ns(70 * MS); /* held failed for retries x retry */
    CHECK_INT_EQ(mirage_arp_output(arp, &h, packet(4)), -EAGAIN);
    CHECK(take(&f));
    CHECK_UINT_EQ(f.op, 1);
    mirage_sleep_ns(150 * MS);
    fakenet_clear(&fn);
}

static void test_expiry_and_probe(void)
{
    struct mirage_ipaddr a = mirage_ipv4(10, 0, 0, 30),
                         b = mirage_ipv4(10, 0, 0, 31);
    static const struct mirage_macaddr ma = {{2, 0, 0, 0, 0, 0x30}},
                                       mb = {{2, 0, 0, 0, 0, 0x31}};
    struct mirage_macaddr m;
    struct arp_frame f;
    inject_arp(1, &ma, NS_IP(10, 0, 0, 30), &zero_mac, US);
    inject_arp(1, &mb, NS_IP(10, 0, 0, 31), &zero_mac, US);
    fakenet_clear(&fn);
    mirage_sleep_ns(100 * MS);
    CHECK_INT_EQ(mirage_arp_output(arp, &b, packet(9)), 0); /* b in use */
    CHECK(take(&f));
    mirage_sleep_ns(130 * MS); /* past the 200 ms life */
    CHECK_INT_EQ(mirage_arp_lookup(arp, &a, &m), -ENOENT); /* unused: gone */
    CHECK_INT_EQ(mirage_arp_lookup(arp, &b, &m), 0);       /* being probed */
    CHECK(take(&f));
    CHECK_UINT_EQ(f.op, 1);
    CHECK_MEM_EQ(f.eth_dst.b, mb.b, 6); /* unicast probe */
    CHECK_UINT_EQ(f.tpa, NS_IP(10, 0, 0, 31));
    inject_arp(2, &mb, NS_IP(10, 0, 0, 31), &ns_mac_us, US); /* confirmed */
    mirage_sleep_ns(100 * MS);
    CHECK_INT_EQ(mirage_arp_lookup(arp, &b, &m), 0);
    mirage_sleep_ns(200 * MS); /* unused since: expires */
    CHECK_INT_EQ(mirage_arp_lookup(arp, &b, &m), -ENOENT);
    fakenet_clear(&fn);
}

static void answer_later(void *arg)
{
    (void)arg;
    mirage_sleep_ns(10 * MS);
    static const struct mirage_macaddr mq = {{2, 0, 0, 0, 0, 0x40}};
    inject_arp(2, &mq, NS_IP(10, 0, 0, 40), &ns_mac_us, US);
}

static void test_query(void)
{
    struct mirage_ipaddr q = mirage_ipv4(10, 0, 0, 40),
                         silent = mirage_ipv4(10, 0, 0, 41);
    struct mirage_macaddr m;
    mirage_spawn(answer_later, NULL);
    uint64_t t0 = mirage_now_ns();
    CHECK_INT_EQ(mirage_arp_query(arp, &q, &m), 0);
    CHECK_UINT_EQ(m.b[5], 0x40);
    CHECK(mirage_now_ns() - t0 >= 10 * MS);
    t0 = mirage_now_ns();
    CHECK_INT_EQ(mirage_arp_query(arp, &silent, &m), -ETIMEDOUT);
    CHECK(mirage_now_ns() - t0 >= 55 * MS);
    CHECK_INT_EQ(mirage_arp_query(arp, &q, &m), 0); /* cached: at once */
    mirage_sleep_ns(100 * MS);
    fakenet_clear(&fn);
}

static void test_eviction(void)
{
    uint64_t ev = stats().evictions;
    for (uint32_t i = 0; i < 12; i++) {
        struct mirage_macaddr m = {{2, 0, 0, 1, 0, (uint8_t)i}};
        inject_arp(1, &m, NS_IP(10, 0, 1, i), &zero_mac, US);
    }
    CHECK(stats().evictions >= ev + 4); /* the cache holds 8 */
    struct mirage_ipaddr last = mirage_ipv4(10, 0, 1, 11);
    struct mirage_macaddr m;
    CHECK_INT_EQ(mirage_arp_lookup(arp, &last, &m), 0);
    fakenet_clear(&fn);
}

static void test_ips(void)
{
    struct mirage_ipaddr six;
    mirage_ipaddr_parse("fe80::1", &six);
    CHECK_INT_EQ(mirage_arp_add_ip(arp, &six), -EAFNOSUPPORT);
    struct mirage_ipaddr many[MIRAGE_ARP_MAX_IPS + 1];
    for (int i = 0; i <= MIRAGE_ARP_MAX_IPS; i++)
        many[i] = mirage_ipv4(10, 0, 0, (uint8_t)(100 + i));
    CHECK_INT_EQ(mirage_arp_set_ips(arp, many, MIRAGE_ARP_MAX_IPS + 1),
                 -ENOSPC);
    struct mirage_ipaddr second = mirage_ipv4(10, 0, 0, 3);
    CHECK_INT_EQ(mirage_arp_add_ip(arp, &second), 0);
    fakenet_clear(&fn);
    inject_arp(1, &ns_mac_peer, PEER, &zero_mac, NS_IP(10, 0, 0, 3));
    struct arp_frame f;
    CHECK(take(&f));
    CHECK_UINT_EQ(f.op, 2);
    CHECK_UINT_EQ(f.spa, NS_IP(10, 0, 0, 3));
    CHECK_INT_EQ(mirage_arp_remove_ip(arp, &second), 0);
    inject_arp(1, &ns_mac_peer, PEER, &zero_mac, NS_IP(10, 0, 0, 3));
    CHECK(!take(&f));
    mirage_sleep_ns(60 * MS);
    fakenet_clear(&fn);
}

static int count_names;
static void counter(void *arg, const char *name, uint64_t v)
{
    (void)arg, (void)v;
    CHECK(strncmp(name, "arp.", 4) == 0);
    count_names++;
}

static int run(void)
{
    fakenet_init(&fn, 1500);
    CHECK_INT_EQ(mirage_ethernet_create(&fn.net, &eth), 0);
    CHECK_INT_EQ(mirage_arp_create(eth, &cfg, &arp), 0);
    RUN(test_announce);
    RUN(test_reply_and_learn);
    RUN(test_policy);
    RUN(test_malformed);
    RUN(test_resolve);
    RUN(test_failure);
    RUN(test_expiry_and_probe);
    RUN(test_query);
    RUN(test_eviction);
    RUN(test_ips);
    mirage_arp_counters(arp, counter, NULL);
    CHECK_INT_EQ(count_names, 9 + MIRAGE_ARP_DROP_COUNT);
    /* Destroy with packets queued: they are released. */
    struct mirage_ipaddr h = mirage_ipv4(10, 0, 0, 60);
    mirage_arp_output(arp, &h, packet(1));
    mirage_arp_destroy(arp);
    mirage_ethernet_destroy(eth);
    CHECK_UINT_EQ(fakenet_fini(&fn), 0);
    return 0;
}

int main(void)
{
    CHECK_INT_EQ(ns_run(run), 0);
    CHECK_DONE();
}
