/* SPDX-License-Identifier: ISC */
/* Header-only set-up of the direct stack's layers over the fake device. */
#ifndef MIRAGE_TEST_NSSTACK_H
#define MIRAGE_TEST_NSSTACK_H

/*
 * ns_stack_up() builds fake device, Ethernet, ARP, IPv4 (10.0.0.2/24,
 * gateway 10.0.0.1), ICMP and UDP (both optional) and puts the peer
 * 10.0.0.1 (ns_mac_peer) in the ARP cache; ns_stack_down() destroys them
 * and returns the fake device's receive buffers still out (0 expected).
 */

#include <mirage/arp.h>
#include <mirage/ethernet.h>
#include <mirage/icmp.h>
#include <mirage/ipv4.h>
#include <mirage/udp.h>

#include "netsupport.h"

#define NS_US NS_IP(10, 0, 0, 2)
#define NS_PEER NS_IP(10, 0, 0, 1)

struct ns_stack {
    struct fakenet fn;
    struct mirage_ethernet *eth;
    struct mirage_arp *arp;
    struct mirage_ipv4 *v4;
    struct mirage_ip *ip;
    struct mirage_icmp *icmp;
    struct mirage_udp *udp;
    struct mirage_random *rng;
};

NS_FN int ns_stack_up(struct ns_stack *s, bool icmp, bool udp)
{
    static const struct mirage_arp_config acfg = {.retry_ns = 20000000};
    struct mirage_ipv4_config cfg;
    memset(s, 0, sizeof(*s));
    fakenet_init(&s->fn, 1500);
    int r = mirage_ipv4_config_parse(&cfg, "10.0.0.2/24", "10.0.0.1");
    if (r == 0)
        r = mirage_ethernet_create(&s->fn.net, &s->eth);
    if (r == 0)
        r = mirage_arp_create(s->eth, &acfg, &s->arp);
    if (r == 0)
        r = mirage_ipv4_create(s->eth, s->arp, &cfg, &s->v4);
    if (r < 0)
        return r;
    s->ip = mirage_ipv4_ip(s->v4);
    if (icmp && (r = mirage_icmpv4_create(s->ip, &s->icmp)) < 0)
        return r;
    if (udp &&
        ((r = mirage_random_default_connect(&s->rng)) < 0 ||
         (r = mirage_udp_direct_create(s->ip, s->icmp, s->rng, &s->udp)) < 0))
        return r;
    uint8_t f[64];
    static const struct mirage_macaddr zero;
    size_t n = ns_eth(f, &ns_mac_bcast, &ns_mac_peer, MIRAGE_ETHERTYPE_ARP);
    n += ns_arp(f + n, 1, &ns_mac_peer, NS_PEER, &zero, NS_US);
    fakenet_inject(&s->fn, f, n);
    fakenet_clear(&s->fn);
    return 0;
}

NS_FN uint32_t ns_stack_down(struct ns_stack *s)
{
    mirage_arp_destroy(s->arp);
    if (s->udp)
        mirage_udp_direct_destroy(s->udp);
    if (s->icmp)
        mirage_icmpv4_destroy(s->icmp);
    mirage_ipv4_destroy(s->v4);
    mirage_ethernet_destroy(s->eth);
    return fakenet_fini(&s->fn);
}

/* Injects an IPv4 packet (20-byte header) from the peer's MAC. */
NS_FN void ns_inject_ip(struct ns_stack *s, uint32_t src, uint32_t dst,
                        uint8_t proto, const void *payload, size_t len)
{
    static uint8_t f[2000];
    size_t n = ns_eth(f, &ns_mac_us, &ns_mac_peer, MIRAGE_ETHERTYPE_IPV4);
    n += ns_ipv4(f + n, src, dst, proto, len, 0x1234, 0);
    memcpy(f + n, payload, len);
    fakenet_inject(&s->fn, f, n + len);
}

/* Takes the next frame sent, which must be IPv4: returns the IP payload
 * length and copies the IP packet (header included) to pkt, or -1. */
NS_FN int ns_take_ip(struct ns_stack *s, uint8_t *pkt, size_t max)
{
    static uint8_t f[2000];
    int n = fakenet_take(&s->fn, f, sizeof(f));
    if (n < 34 || ns_rd16(f + 12) != 0x0800)
        return -1;
    memcpy(pkt, f + 14, (size_t)n - 14 < max ? (size_t)n - 14 : max);
    return n - 14 - 20;
}

#endif
