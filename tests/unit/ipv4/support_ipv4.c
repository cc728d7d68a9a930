/* SPDX-License-Identifier: ISC */
/* Shared set-up of the IPv4 tests. */
#include "ipv4_test.h"

struct fakenet fn;
struct mirage_ethernet *eth;
struct mirage_arp *arp;
struct mirage_ipv4 *v4;
struct mirage_ip *ip;
struct delivery got;

static void handler(void *arg, struct mirage_ip *i,
                    const struct mirage_ipaddr *src,
                    const struct mirage_ipaddr *dst, struct mirage_buf *b)
{
    (void)arg, (void)i;
    got.count++;
    got.src = mirage_ipv4_to_u32(src);
    got.dst = mirage_ipv4_to_u32(dst);
    got.len = b->len;
    memcpy(got.data, mirage_buf_data(b), b->len);
    if (mirage_buf_headroom(b) >= 20)
        memcpy(got.hdr, mirage_buf_data(b) - 20, 20);
    else
        memset(got.hdr, 0, 20);
}

void setup(const struct mirage_ipv4_config *extra, bool no_gw)
{
    static const struct mirage_arp_config acfg = {.retry_ns = 20 * MS};
    struct mirage_ipv4_config cfg =
        extra ? *extra : (struct mirage_ipv4_config){0};
    mirage_ipprefix_parse("10.0.0.2/24", &cfg.cidr);
    if (!no_gw)
        mirage_ipaddr_parse("10.0.0.1", &cfg.gateway);
    fakenet_init(&fn, 1500);
    CHECK_INT_EQ(mirage_ethernet_create(&fn.net, &eth), 0);
    CHECK_INT_EQ(mirage_arp_create(eth, &acfg, &arp), 0);
    CHECK_INT_EQ(mirage_ipv4_create(eth, arp, &cfg, &v4), 0);
    ip = mirage_ipv4_ip(v4);
    mirage_ip_set_handler(ip, PROTO_TEST, handler, NULL);
    mirage_ip_set_handler(ip, MIRAGE_IP_PROTO_UDP, handler, NULL);
    uint8_t f[64];
    size_t n = ns_eth(f, &ns_mac_bcast, &ns_mac_peer, MIRAGE_ETHERTYPE_ARP);
    static const struct mirage_macaddr zero;
    n += ns_arp(f + n, 1, &ns_mac_peer, PEER, &zero, US);
    fakenet_inject(&fn, f, n);
    fakenet_clear(&fn); /* the announcement and the reply */
    memset(&got, 0, sizeof(got));
}

void teardown(void)
{
    mirage_ipv4_destroy(v4);
    mirage_arp_destroy(arp);
    mirage_ethernet_destroy(eth);
    CHECK_UINT_EQ(fakenet_fini(&fn), 0);
}

uint64_t drops(enum mirage_ipv4_drop d)
{
    struct mirage_ipv4_stats s;
    mirage_ipv4_stats(v4, &s);
    return s.drops[d];
}

void inject_raw(const uint8_t *pkt, size_t len)
{
    static uint8_t f[70000];
    size_t n = ns_eth(f, &ns_mac_us, &ns_mac_peer, MIRAGE_ETHERTYPE_IPV4);
    memcpy(f + n, pkt, len);
    fakenet_inject(&fn, f, n + len);
}

void inject_ip(uint32_t src, uint32_t dst, uint8_t proto, const void *data,
               size_t len, uint16_t id, uint16_t frag)
{
    static uint8_t p[70000];
    size_t n = ns_ipv4(p, src, dst, proto, len, id, frag);
    memcpy(p + n, data, len);
    inject_raw(p, n + len);
}
