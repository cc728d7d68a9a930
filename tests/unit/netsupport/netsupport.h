/* SPDX-License-Identifier: ISC */
/* Shared helpers for network unit tests: a fake device, packet builders. */
#ifndef MIRAGE_TEST_NETSUPPORT_H
#define MIRAGE_TEST_NETSUPPORT_H

/*
 * Header-only (tests/build.mk links support files per area only): every
 * function is static and marked unused.  The fake device implements
 * struct mirage_net: frames injected with fakenet_inject() are copied into
 * buffers of its own pool (so a test can check they all come back) and
 * handed to the listener; frames the stack writes are captured in order
 * for fakenet_take().  Packet builders write headers with an independent
 * checksum implementation, so a bug in the library's is not masked.
 */

#include <mirage.h>
#include <mirage/net.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NS_FN static __attribute__((unused))
#define FAKENET_MAX 256

struct fakenet {
    struct mirage_net net;
    struct mirage_macaddr mac;
    uint32_t mtu;
    mirage_net_rx_fn fn;
    void *arg;
    struct mirage_net_stats st;
    struct mirage_buf_pool pool;
    int head, count;
    uint8_t *sent[FAKENET_MAX];
    uint32_t sent_len[FAKENET_MAX];
};

static const struct mirage_macaddr ns_mac_us = {{0x02, 0, 0, 0, 0, 0x02}};
static const struct mirage_macaddr ns_mac_peer = {{0x02, 0, 0, 0, 0, 0x01}};
static const struct mirage_macaddr ns_mac_bcast = {
    {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};

NS_FN int fakenet_write(struct mirage_net *n, struct mirage_buf *b)
{
    struct fakenet *f = (struct fakenet *)n;
    int r = 0;
    if (b->len > f->mtu + 14) {
        f->st.tx_drop_toobig++;
        r = -EMSGSIZE;
    } else if (f->count == FAKENET_MAX) {
        f->st.tx_drop_busy++;
        r = -EAGAIN;
    } else {
        int i = (f->head + f->count++) % FAKENET_MAX;
        f->sent[i] = malloc(b->len ? b->len : 1);
        memcpy(f->sent[i], mirage_buf_data(b), b->len);
        f->sent_len[i] = b->len;
        f->st.tx_packets++;
        f->st.tx_bytes += b->len;
    }
    mirage_buf_unref(b);
    return r;
}

NS_FN void fakenet_listen(struct mirage_net *n, mirage_net_rx_fn fn, void *arg)
{
    ((struct fakenet *)n)->fn = fn;
    ((struct fakenet *)n)->arg = arg;
}

NS_FN void fakenet_mac(struct mirage_net *n, struct mirage_macaddr *out)
{
    *out = ((struct fakenet *)n)->mac;
}

NS_FN uint32_t fakenet_mtu(struct mirage_net *n)
{
    return ((struct fakenet *)n)->mtu;
}

NS_FN void fakenet_stats(struct mirage_net *n, struct mirage_net_stats *out)
{
    *out = ((struct fakenet *)n)->st;
}

NS_FN void fakenet_reset_stats(struct mirage_net *n)
{
    memset(&((struct fakenet *)n)->st, 0, sizeof(struct mirage_net_stats));
}

NS_FN void fakenet_clear(struct fakenet *f)
{
    while (f->count) {
        free(f->sent[f->head]);
        f->head = (f->head + 1) % FAKENET_MAX;
        f->count--;
    }
}

NS_FN void fakenet_disconnect(struct mirage_net *n)
{
    fakenet_clear((struct fakenet *)n);
}

static const struct mirage_net_ops fakenet_ops = {
    .write = fakenet_write,
    .listen = fakenet_listen,
    .mac = fakenet_mac,
    .mtu = fakenet_mtu,
    .stats = fakenet_stats,
    .reset_stats = fakenet_reset_stats,
    .disconnect = fakenet_disconnect,
};

NS_FN void fakenet_init(struct fakenet *f, uint32_t mtu)
{
    memset(f, 0, sizeof(*f));
    f->net.ops = &fakenet_ops;
    f->mac = ns_mac_us;
    f->mtu = mtu;
    mirage_buf_pool_init(&f->pool, 64, 128 + mtu + 14);
}

/* Frees the captured frames and the pool; returns the pool's buffers that
 * were still out (0 when the stack gave every frame back). */
NS_FN uint32_t fakenet_fini(struct fakenet *f)
{
    fakenet_clear(f);
    uint32_t out = f->pool.in_use;
    if (out == 0)
        mirage_buf_pool_destroy(&f->pool);
    return out;
}

/* Delivers a copy of frame to the listener, as the device's reader would. */
NS_FN void fakenet_inject(struct fakenet *f, const void *frame, size_t len)
{
    struct mirage_buf *b = mirage_buf_pool_get(&f->pool, 66);
    if (!b || len > mirage_buf_tailroom(b)) {
        if (b)
            mirage_buf_unref(b);
        f->st.rx_drop_nobuf++;
        return;
    }
    memcpy(mirage_buf_put(b, (uint32_t)len), frame, len);
    f->st.rx_packets++;
    if (f->fn)
        f->fn(f->arg, &f->net, b);
    else
        f->st.rx_drop_nolisten++;
    mirage_buf_unref(b);
}

/* Pops the oldest frame written: its length (copied up to max), or -1. */
NS_FN int fakenet_take(struct fakenet *f, uint8_t *out, size_t max)
{
    if (!f->count)
        return -1;
    int i = f->head;
    uint32_t len = f->sent_len[i];
    memcpy(out, f->sent[i], len < max ? len : max);
    free(f->sent[i]);
    f->head = (f->head + 1) % FAKENET_MAX;
    f->count--;
    return (int)len;
}

/* The reference Internet checksum, a byte at a time (RFC 1071). */
NS_FN uint16_t ns_csum(const uint8_t *p, size_t len, uint32_t sum)
{
    for (size_t i = 0; i < len; i++)
        sum += i % 2 ? p[i] : (uint32_t)p[i] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

NS_FN void ns_wr16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

NS_FN void ns_wr32(uint8_t *p, uint32_t v)
{
    ns_wr16(p, v >> 16);
    ns_wr16(p + 2, v & 0xffff);
}

NS_FN uint16_t ns_rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

NS_FN uint32_t ns_rd32(const uint8_t *p)
{
    return (uint32_t)ns_rd16(p) << 16 | ns_rd16(p + 2);
}

#define NS_IP(a, b, c, d) \
    ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

/* Ethernet header at p; returns 14. */
NS_FN size_t ns_eth(uint8_t *p, const struct mirage_macaddr *dst,
                    const struct mirage_macaddr *src, uint16_t type)
{
    memcpy(p, dst->b, 6);
    memcpy(p + 6, src->b, 6);
    ns_wr16(p + 12, type);
    return 14;
}

/* A 20-byte IPv4 header at p for payload_len bytes; returns 20. */
NS_FN size_t ns_ipv4(uint8_t *p, uint32_t src, uint32_t dst, uint8_t proto,
                     size_t payload_len, uint16_t id, uint16_t frag)
{
    p[0] = 0x45;
    p[1] = 0;
    ns_wr16(p + 2, (uint32_t)(20 + payload_len));
    ns_wr16(p + 4, id);
    ns_wr16(p + 6, frag);
    p[8] = 64;
    p[9] = proto;
    ns_wr16(p + 10, 0);
    ns_wr32(p + 12, src);
    ns_wr32(p + 16, dst);
    ns_wr16(p + 10, ns_csum(p, 20, 0));
    return 20;
}

NS_FN uint32_t ns_pseudo(uint32_t src, uint32_t dst, uint8_t proto, size_t len)
{
    return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto +
           (uint32_t)len;
}

/* A UDP header and payload at p; returns 8 + len. */
NS_FN size_t ns_udp(uint8_t *p, uint32_t src, uint32_t dst, uint16_t sport,
                    uint16_t dport, const void *data, size_t len)
{
    ns_wr16(p, sport);
    ns_wr16(p + 2, dport);
    ns_wr16(p + 4, (uint32_t)(8 + len));
    ns_wr16(p + 6, 0);
    memcpy(p + 8, data, len);
    uint16_t c = ns_csum(p, 8 + len, ns_pseudo(src, dst, 17, 8 + len));
    ns_wr16(p + 6, c ? c : 0xffff);
    return 8 + len;
}

/* An ICMP echo request at p; returns 8 + len. */
NS_FN size_t ns_echo(uint8_t *p, uint8_t type, uint16_t id, uint16_t seq,
                     const void *data, size_t len)
{
    p[0] = type;
    p[1] = 0;
    ns_wr16(p + 2, 0);
    ns_wr16(p + 4, id);
    ns_wr16(p + 6, seq);
    memcpy(p + 8, data, len);
    ns_wr16(p + 2, ns_csum(p, 8 + len, 0));
    return 8 + len;
}

/* An ARP packet for IPv4 over Ethernet at p; returns 28. */
NS_FN size_t ns_arp(uint8_t *p, uint16_t op, const struct mirage_macaddr *sha,
                    uint32_t spa, const struct mirage_macaddr *tha,
                    uint32_t tpa)
{
    static const uint8_t fixed[6] = {0, 1, 8, 0, 6, 4};
    memcpy(p, fixed, 6);
    ns_wr16(p + 6, op);
    memcpy(p + 8, sha->b, 6);
    ns_wr32(p + 14, spa);
    memcpy(p + 18, tha->b, 6);
    ns_wr32(p + 24, tpa);
    return 28;
}

/* Runs fn as the main fiber under the runtime's event loop; returns its
 * result (the unikernel's exit status). */
static int (*ns_run_fn)(void);
NS_FN int ns_run_start(void)
{
    return ns_run_fn();
}
NS_FN int ns_run(int (*fn)(void))
{
    static char arg0[] = "test";
    char *argv[] = {arg0, NULL};
    struct mirage_app app = {"test", NULL, 0, NULL, 0, ns_run_start};
    ns_run_fn = fn;
    return mirage_main(&app, 1, argv);
}

#endif
