/* SPDX-License-Identifier: ISC */
/* Shared parts of the network fuzz harnesses: a fake device and the layers. */
#ifndef MIRAGE_FUZZ_NET_H
#define MIRAGE_FUZZ_NET_H

/*
 * Each harness builds the layers it needs once (fuzz_net_up), then feeds
 * every input as frames through a fake network device whose receive pool
 * must be back to zero after each input (a layer that kept a received
 * buffer is a bug: the harness aborts).  Frames the stack sends are
 * counted and dropped.  The peer 10.0.0.1 is resolved in the ARP cache;
 * the stack is 10.0.0.2/24 with gateway 10.0.0.1.
 */

#include <mirage.h>
#include <mirage/arp.h>
#include <mirage/ethernet.h>
#include <mirage/icmp.h>
#include <mirage/ipv4.h>
#include <mirage/net.h>
#include <mirage/udp.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FN static __attribute__((unused))
#define FUZZ_US 0x0a000002u
#define FUZZ_PEER 0x0a000001u

struct fuzz_net {
    struct mirage_net net;
    mirage_net_rx_fn fn;
    void *arg;
    struct mirage_buf_pool pool;
    uint64_t sent;
    struct mirage_ethernet *eth;
    struct mirage_arp *arp;
    struct mirage_ipv4 *v4;
    struct mirage_ip *ip;
    struct mirage_icmp *icmp;
    struct mirage_udp *udp;
};

static struct fuzz_net fz;
static const struct mirage_macaddr fz_us = {{2, 0, 0, 0, 0, 2}};
static const struct mirage_macaddr fz_peer = {{2, 0, 0, 0, 0, 1}};

FN int fz_write(struct mirage_net *n, struct mirage_buf *b)
{
    (void)n;
    fz.sent++;
    mirage_buf_unref(b);
    return 0;
}

FN void fz_listen(struct mirage_net *n, mirage_net_rx_fn fn, void *arg)
{
    (void)n;
    fz.fn = fn;
    fz.arg = arg;
}

FN void fz_mac(struct mirage_net *n, struct mirage_macaddr *out)
{
    (void)n;
    *out = fz_us;
}

FN uint32_t fz_mtu(struct mirage_net *n)
{
    (void)n;
    return 1500;
}

FN void fz_stats(struct mirage_net *n, struct mirage_net_stats *out)
{
    (void)n;
    memset(out, 0, sizeof(*out));
}

FN void fz_reset(struct mirage_net *n)
{
    (void)n;
}

FN void fz_disconnect(struct mirage_net *n)
{
    (void)n;
}

static const struct mirage_net_ops fz_ops = {
    .write = fz_write,
    .listen = fz_listen,
    .mac = fz_mac,
    .mtu = fz_mtu,
    .stats = fz_stats,
    .reset_stats = fz_reset,
    .disconnect = fz_disconnect,
};

FN void fz_wr16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

FN void fz_wr32(uint8_t *p, uint32_t v)
{
    fz_wr16(p, v >> 16);
    fz_wr16(p + 2, v & 0xffff);
}

/* Delivers one frame; aborts if a layer kept its buffer. */
FN void fuzz_net_frame(const uint8_t *frame, size_t len)
{
    struct mirage_buf *b = mirage_buf_pool_get(&fz.pool, 66);
    if (len > mirage_buf_tailroom(b))
        len = mirage_buf_tailroom(b);
    memcpy(mirage_buf_put(b, (uint32_t)len), frame, len);
    if (fz.fn)
        fz.fn(fz.arg, &fz.net, b);
    mirage_buf_unref(b);
    if (fz.pool.in_use != 0)
        abort();
}

/* An Ethernet header from the peer to us (or broadcast) at f; 14. */
FN size_t fuzz_net_eth(uint8_t *f, bool bcast, uint16_t type)
{
    static const uint8_t b[6] = {255, 255, 255, 255, 255, 255};
    memcpy(f, bcast ? b : fz_us.b, 6);
    memcpy(f + 6, fz_peer.b, 6);
    fz_wr16(f + 12, type);
    return 14;
}

FN uint16_t fuzz_net_csum(const uint8_t *p, size_t len, uint32_t sum)
{
    return mirage_csum_fold(mirage_csum_partial(p, len, sum));
}

/* A valid 20-byte IPv4 header from the peer to us at p; returns 20. */
FN size_t fuzz_net_ipv4(uint8_t *p, uint8_t proto, size_t payload)
{
    memset(p, 0, 20);
    p[0] = 0x45;
    fz_wr16(p + 2, (uint32_t)(20 + payload));
    p[8] = 64;
    p[9] = proto;
    fz_wr32(p + 12, FUZZ_PEER);
    fz_wr32(p + 16, FUZZ_US);
    fz_wr16(p + 10, fuzz_net_csum(p, 20, 0));
    return 20;
}

static void fz_echo(void *arg, struct mirage_udp *u,
                    const struct mirage_ipaddr *src, uint16_t sport,
                    const struct mirage_ipaddr *dst, uint16_t dport,
                    struct mirage_buf *b)
{
    (void)arg, (void)dst;
    mirage_udp_write(u, NULL, dport, src, sport, mirage_buf_data(b), b->len);
}

/* Builds the layers up to upto: 1 Ethernet, 2 ARP, 3 IPv4, 4 ICMP and UDP
 * (an echo on port 7). */
FN void fuzz_net_up(int upto)
{
    struct mirage_ipv4_config cfg;
    fz.net.ops = &fz_ops;
    if (mirage_buf_pool_init(&fz.pool, 4, 2048) < 0 ||
        mirage_ethernet_create(&fz.net, &fz.eth) < 0)
        abort();
    if (upto >= 2 && mirage_arp_create(fz.eth, NULL, &fz.arp) < 0)
        abort();
    if (upto >= 3 &&
        (mirage_ipv4_config_parse(&cfg, "10.0.0.2/24", "10.0.0.1") < 0 ||
         mirage_ipv4_create(fz.eth, fz.arp, &cfg, &fz.v4) < 0))
        abort();
    if (upto >= 3)
        fz.ip = mirage_ipv4_ip(fz.v4);
    if (upto >= 4) {
        struct mirage_random *rng;
        if (mirage_icmpv4_create(fz.ip, &fz.icmp) < 0 ||
            mirage_random_default_connect(&rng) < 0 ||
            mirage_udp_direct_create(fz.ip, fz.icmp, rng, &fz.udp) < 0 ||
            mirage_udp_listen(fz.udp, 7, fz_echo, NULL) < 0)
            abort();
    }
    if (upto >= 2) { /* the peer asks for us: it is then resolved */
        uint8_t f[64];
        size_t n = fuzz_net_eth(f, true, MIRAGE_ETHERTYPE_ARP);
        static const uint8_t req[8] = {0, 1, 8, 0, 6, 4, 0, 1};
        memcpy(f + n, req, 8);
        memcpy(f + n + 8, fz_peer.b, 6);
        fz_wr32(f + n + 14, FUZZ_PEER);
        memset(f + n + 18, 0, 6);
        fz_wr32(f + n + 24, FUZZ_US);
        fuzz_net_frame(f, n + 28);
    }
}

#endif
