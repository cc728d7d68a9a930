/* SPDX-License-Identifier: ISC */
/* Ethernet: header checks and their drop counters, dispatch, framing. */
#include <mirage/ethernet.h>

#include "../netsupport/netsupport.h"
#include "check.h"

static struct fakenet fn;
static struct mirage_ethernet *eth;
static int got;
static uint8_t got_data[64];
static size_t got_len;
static struct mirage_macaddr got_src, got_dst;

static void handler(void *arg, struct mirage_ethernet *e,
                    const struct mirage_macaddr *src,
                    const struct mirage_macaddr *dst, struct mirage_buf *b)
{
    (void)e;
    got += *(int *)arg;
    got_src = *src;
    got_dst = *dst;
    got_len = b->len < sizeof(got_data) ? b->len : sizeof(got_data);
    memcpy(got_data, mirage_buf_data(b), got_len);
    CHECK_UINT_EQ(mirage_buf_headroom(b) >= 14, 1);
}

static uint64_t drops(enum mirage_ethernet_drop d)
{
    struct mirage_ethernet_stats s;
    mirage_ethernet_stats(eth, &s);
    return s.drops[d];
}

static void inject(const struct mirage_macaddr *dst,
                   const struct mirage_macaddr *src, uint16_t type,
                   const char *payload)
{
    uint8_t f[128];
    size_t n = ns_eth(f, dst, src, type);
    memcpy(f + n, payload, strlen(payload));
    fakenet_inject(&fn, f, n + strlen(payload));
}

static void test_dispatch(void)
{
    int one = 1;
    mirage_ethernet_set_handler(eth, MIRAGE_ETHERTYPE_IPV4, handler, &one);
    inject(&ns_mac_us, &ns_mac_peer, MIRAGE_ETHERTYPE_IPV4, "hello");
    CHECK_INT_EQ(got, 1);
    CHECK_UINT_EQ(got_len, 5);
    CHECK_MEM_EQ(got_data, "hello", 5);
    CHECK_MEM_EQ(got_src.b, ns_mac_peer.b, 6);
    CHECK_MEM_EQ(got_dst.b, ns_mac_us.b, 6);
    inject(&ns_mac_bcast, &ns_mac_peer, MIRAGE_ETHERTYPE_IPV4, "b");
    CHECK_INT_EQ(got, 2);
    static const struct mirage_macaddr mcast = {{0x01, 0, 0x5e, 0, 0, 1}};
    inject(&mcast, &ns_mac_peer, MIRAGE_ETHERTYPE_IPV4, "m");
    CHECK_INT_EQ(got, 3);
    /* Replacing a handler, then clearing it. */
    int ten = 10;
    mirage_ethernet_set_handler(eth, MIRAGE_ETHERTYPE_IPV4, handler, &ten);
    inject(&ns_mac_us, &ns_mac_peer, MIRAGE_ETHERTYPE_IPV4, "x");
    CHECK_INT_EQ(got, 13);
    mirage_ethernet_set_handler(eth, MIRAGE_ETHERTYPE_IPV4, NULL, NULL);
    inject(&ns_mac_us, &ns_mac_peer, MIRAGE_ETHERTYPE_IPV4, "x");
    CHECK_INT_EQ(got, 13);
    CHECK_UINT_EQ(drops(MIRAGE_ETHERNET_DROP_NO_HANDLER), 1);
}

static void test_drops(void)
{
    int one = 1;
    got = 0;
    mirage_ethernet_set_handler(eth, MIRAGE_ETHERTYPE_ARP, handler, &one);
    static const struct mirage_macaddr other = {{0x02, 9, 9, 9, 9, 9}};
    inject(&other, &ns_mac_peer, MIRAGE_ETHERTYPE_ARP, "x");
    CHECK_UINT_EQ(drops(MIRAGE_ETHERNET_DROP_NOT_FOR_US), 1);
    inject(&ns_mac_us, &ns_mac_bcast, MIRAGE_ETHERTYPE_ARP, "x");
    CHECK_UINT_EQ(drops(MIRAGE_ETHERNET_DROP_BAD_SRC), 1);
    inject(&ns_mac_us, &ns_mac_peer, 0x05dc, "x"); /* 802.3 length */
    CHECK_UINT_EQ(drops(MIRAGE_ETHERNET_DROP_LENGTH_FIELD), 1);
    inject(&ns_mac_us, &ns_mac_peer, 0x8100, "x");
    CHECK_UINT_EQ(drops(MIRAGE_ETHERNET_DROP_VLAN), 1);
    inject(&ns_mac_us, &ns_mac_peer, 0x88cc, "x"); /* LLDP */
    CHECK_UINT_EQ(drops(MIRAGE_ETHERNET_DROP_NO_HANDLER), 2);
    for (size_t n = 0; n < 14; n++) {
        uint8_t f[14] = {0};
        fakenet_inject(&fn, f, n);
    }
    CHECK_UINT_EQ(drops(MIRAGE_ETHERNET_DROP_SHORT), 14);
    CHECK_INT_EQ(got, 0);
    /* A header alone is a valid empty frame. */
    inject(&ns_mac_us, &ns_mac_peer, MIRAGE_ETHERTYPE_ARP, "");
    CHECK_INT_EQ(got, 1);
    CHECK_UINT_EQ(got_len, 0);
    struct mirage_ethernet_stats s;
    mirage_ethernet_stats(eth, &s);
    CHECK_UINT_EQ(s.rx_frames, 5 + 20); /* test_dispatch, this test */
}

static void test_write(void)
{
    struct mirage_buf *b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 100);
    memcpy(mirage_buf_put(b, 4), "data", 4);
    CHECK_INT_EQ(
        mirage_ethernet_write(eth, &ns_mac_peer, MIRAGE_ETHERTYPE_IPV4, b), 0);
    uint8_t f[2000];
    CHECK_INT_EQ(fakenet_take(&fn, f, sizeof(f)), 18);
    CHECK_MEM_EQ(f, ns_mac_peer.b, 6);
    CHECK_MEM_EQ(f + 6, ns_mac_us.b, 6);
    CHECK_UINT_EQ(ns_rd16(f + 12), 0x0800);
    CHECK_MEM_EQ(f + 14, "data", 4);
    CHECK_UINT_EQ(mirage_ethernet_mtu(eth), 1500);
    b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 1501);
    mirage_buf_put(b, 1501);
    CHECK_INT_EQ(
        mirage_ethernet_write(eth, &ns_mac_peer, MIRAGE_ETHERTYPE_IPV4, b),
        -EMSGSIZE);
    b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 1500);
    mirage_buf_put(b, 1500);
    CHECK_INT_EQ(
        mirage_ethernet_write(eth, &ns_mac_peer, MIRAGE_ETHERTYPE_IPV4, b), 0);
    CHECK_INT_EQ(fakenet_take(&fn, f, sizeof(f)), 1514);
    struct mirage_ethernet_stats s;
    mirage_ethernet_stats(eth, &s);
    CHECK_UINT_EQ(s.tx_frames, 2);
    CHECK_UINT_EQ(s.tx_drop_toobig, 1);
}

static int counted;
static void count(void *arg, const char *name, uint64_t v)
{
    (void)arg;
    if (strcmp(name, "ethernet.drop.vlan") == 0)
        CHECK_UINT_EQ(v, 1);
    counted++;
}

static int run(void)
{
    fakenet_init(&fn, 1500);
    CHECK_INT_EQ(mirage_ethernet_create(&fn.net, &eth), 0);
    RUN(test_dispatch);
    RUN(test_drops);
    RUN(test_write);
    mirage_ethernet_counters(eth, count, NULL);
    CHECK_INT_EQ(counted, 3 + MIRAGE_ETHERNET_DROP_COUNT);
    mirage_ethernet_destroy(eth);
    CHECK(fn.fn == NULL);
    CHECK_UINT_EQ(fakenet_fini(&fn), 0);
    return 0;
}

int main(void)
{
    CHECK_INT_EQ(ns_run(run), 0);
    CHECK_DONE();
}
