/* SPDX-License-Identifier: ISC */
/* ARP: the interface operations, sending, and the configuration. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arp_priv.h"

MIRAGE_LOG_SRC(mirage__arp_log, "arp", "ARP layer");

static struct mirage__arp *of(struct mirage_arp *a)
{
    return (struct mirage__arp *)a;
}

static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

uint32_t mirage__arp_our_ip(const struct mirage__arp *d)
{
    return d->nips ? mirage_ipv4_to_u32(&d->ips[0]) : 0;
}

void mirage__arp_send(struct mirage__arp *d, uint16_t op,
                      const struct mirage_macaddr *eth_dst,
                      const struct mirage_macaddr *tha, uint32_t spa,
                      uint32_t tpa)
{
    struct mirage_buf *b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, ARP_LEN);
    if (!b)
        return;
    uint8_t *p = mirage_buf_put(b, ARP_LEN);
    static const uint8_t fixed[6] = {0, 1, 8, 0, 6, 4};
    memcpy(p, fixed, 6);
    p[6] = 0;
    p[7] = (uint8_t)op;
    memcpy(p + 8, d->mac.b, 6);
    wr32(p + 14, spa);
    memcpy(p + 18, tha->b, 6);
    wr32(p + 24, tpa);
    mirage_ethernet_write(d->eth, eth_dst, MIRAGE_ETHERTYPE_ARP, b);
}

static void announce_all(struct mirage__arp *d)
{
    static const struct mirage_macaddr zero;
    for (size_t i = 0; i < d->nips; i++) {
        uint32_t ip = mirage_ipv4_to_u32(&d->ips[i]);
        d->st.tx_announcements++;
        mirage__arp_send(d, ARP_OP_REQUEST, &mirage_macaddr_broadcast, &zero,
                         ip, ip);
    }
}

static void on_announce(struct mirage_timer *t, void *arg)
{
    struct mirage__arp *d = arg;
    announce_all(d);
    if (--d->announce_left > 0)
        mirage_timer_arm(t, mirage_now_ns() + d->cfg.announce_ns);
}

static void start_announcing(struct mirage__arp *d)
{
    mirage_timer_cancel(&d->announce);
    announce_all(d);
    d->announce_left = d->cfg.announcements - 1;
    if (d->announce_left > 0)
        mirage_timer_arm(&d->announce, mirage_now_ns() + d->cfg.announce_ns);
}

static int enqueue(struct mirage__arp *d, struct mirage__arp_entry *e,
                   struct mirage_buf *b)
{
    if (d->queued >= d->cfg.queue_total && e->qlen == 0) {
        mirage_buf_unref(b);
        d->st.queue_drops++;
        return -ENOBUFS;
    }
    if (e->qlen >= d->cfg.queue_len || d->queued >= d->cfg.queue_total) {
        /* the oldest of this address goes */
        struct mirage_buf *old = e->qhead;
        e->qhead = old->next;
        if (!e->qhead)
            e->qtail = NULL;
        old->next = NULL;
        mirage_buf_unref(old);
        e->qlen--;
        d->queued--;
        d->st.queue_drops++;
    }
    b->next = NULL;
    if (e->qtail)
        e->qtail->next = b;
    else
        e->qhead = b;
    e->qtail = b;
    e->qlen++;
    d->queued++;
    return -EAGAIN;
}

static int arp_output(struct mirage_arp *a, const struct mirage_ipaddr *nh,
                      struct mirage_buf *b)
{
    struct mirage__arp *d = of(a);
    if (nh->family != MIRAGE_IPV4) {
        mirage_buf_unref(b);
        return -EAFNOSUPPORT;
    }
    uint32_t ip = mirage_ipv4_to_u32(nh);
    struct mirage__arp_entry *e = mirage__arp_find(d, ip);
    if (!e) {
        e = mirage__arp_insert(d, ip, ARP_INCOMPLETE);
        int r = enqueue(d, e, b);
        mirage__arp_start(d, e);
        return r;
    }
    switch (e->state) {
    case ARP_INCOMPLETE:
        return enqueue(d, e, b);
    case ARP_FAILED:
        d->st.queue_drops++;
        mirage_buf_unref(b);
        return -EHOSTUNREACH;
    default:
        e->used = true;
        return mirage_ethernet_write(d->eth, &e->mac, MIRAGE_ETHERTYPE_IPV4, b);
    }
}

static int arp_query(struct mirage_arp *a, const struct mirage_ipaddr *ip,
                     struct mirage_macaddr *out)
{
    struct mirage__arp *d = of(a);
    if (ip->family != MIRAGE_IPV4)
        return -EAFNOSUPPORT;
    uint32_t v = mirage_ipv4_to_u32(ip);
    uint64_t deadline =
        mirage_now_ns() + d->cfg.retry_ns * (d->cfg.retries + 1ull);
    for (;;) {
        struct mirage__arp_entry *e = mirage__arp_find(d, v);
        if (!e) {
            e = mirage__arp_insert(d, v, ARP_INCOMPLETE);
            mirage__arp_start(d, e);
        }
        if (e->state == ARP_REACHABLE || e->state == ARP_PROBE) {
            e->used = true;
            *out = e->mac;
            return 0;
        }
        if (e->state == ARP_FAILED)
            return -ETIMEDOUT;
        int r = mirage_cond_wait_until(&e->cond, deadline);
        if (r < 0)
            return r;
    }
}

static int check_ip(const struct mirage_ipaddr *ip)
{
    return ip->family == MIRAGE_IPV4 ? 0 : -EAFNOSUPPORT;
}

static int arp_set_ips(struct mirage_arp *a, const struct mirage_ipaddr *ips,
                       size_t n)
{
    struct mirage__arp *d = of(a);
    if (n > MIRAGE_ARP_MAX_IPS)
        return -ENOSPC;
    for (size_t i = 0; i < n; i++)
        if (check_ip(&ips[i]) < 0)
            return -EAFNOSUPPORT;
    memcpy(d->ips, ips, n * sizeof(*ips));
    d->nips = n;
    start_announcing(d);
    return 0;
}

static int arp_add_ip(struct mirage_arp *a, const struct mirage_ipaddr *ip)
{
    struct mirage__arp *d = of(a);
    if (check_ip(ip) < 0)
        return -EAFNOSUPPORT;
    for (size_t i = 0; i < d->nips; i++)
        if (mirage_ipaddr_equal(&d->ips[i], ip))
            return 0;
    if (d->nips == MIRAGE_ARP_MAX_IPS)
        return -ENOSPC;
    d->ips[d->nips++] = *ip;
    start_announcing(d);
    return 0;
}

static int arp_remove_ip(struct mirage_arp *a, const struct mirage_ipaddr *ip)
{
    struct mirage__arp *d = of(a);
    for (size_t i = 0; i < d->nips; i++) {
        if (mirage_ipaddr_equal(&d->ips[i], ip)) {
            memmove(&d->ips[i], &d->ips[i + 1],
                    (d->nips - i - 1) * sizeof(*ip));
            d->nips--;
            return 0;
        }
    }
    return 0;
}

static size_t arp_get_ips(struct mirage_arp *a, struct mirage_ipaddr *out,
                          size_t max)
{
    struct mirage__arp *d = of(a);
    for (size_t i = 0; i < d->nips && i < max; i++)
        out[i] = d->ips[i];
    return d->nips;
}

static const struct mirage_arp_ops arp_ops = {
    .output = arp_output,
    .query = arp_query,
    .set_ips = arp_set_ips,
    .add_ip = arp_add_ip,
    .remove_ip = arp_remove_ip,
    .get_ips = arp_get_ips,
};

void mirage__arp_input(void *arg, struct mirage_ethernet *e,
                       const struct mirage_macaddr *src,
                       const struct mirage_macaddr *dst, struct mirage_buf *b);

static void dflt32(uint32_t *v, uint32_t d)
{
    if (!*v)
        *v = d;
}

static void dflt64(uint64_t *v, uint64_t d)
{
    if (!*v)
        *v = d;
}

static int configure(struct mirage_arp_config *c,
                     const struct mirage_arp_config *in)
{
    static const struct mirage_arp_config defaults = {
        .cache_size = 256,
        .entry_ttl_ns = 60000000000ull,
        .retry_ns = 1000000000ull,
        .retries = 3,
        .queue_len = 64,
        .queue_total = 256,
        .announcements = 2,
        .announce_ns = 2000000000ull,
    };
    *c = in ? *in : defaults;
    dflt32(&c->cache_size, defaults.cache_size);
    dflt64(&c->entry_ttl_ns, defaults.entry_ttl_ns);
    dflt64(&c->retry_ns, defaults.retry_ns);
    dflt32(&c->retries, defaults.retries);
    dflt32(&c->queue_len, defaults.queue_len);
    dflt32(&c->queue_total, defaults.queue_total);
    dflt32(&c->announcements, defaults.announcements);
    dflt64(&c->announce_ns, defaults.announce_ns);
    return c->cache_size > 65536 || c->retries > 100 ? -EINVAL : 0;
}

int mirage_arp_create(struct mirage_ethernet *eth,
                      const struct mirage_arp_config *cfg,
                      struct mirage_arp **out)
{
    struct mirage__arp *d = calloc(1, sizeof(*d));
    if (!d)
        return -ENOMEM;
    int r = configure(&d->cfg, cfg);
    if (r == 0)
        r = mirage__arp_cache_init(d);
    if (r < 0) {
        free(d);
        return r;
    }
    d->a.ops = &arp_ops;
    d->eth = eth;
    mirage_ethernet_mac(eth, &d->mac);
    mirage_timer_init(&d->announce, on_announce, d);
    mirage_ethernet_set_handler(eth, MIRAGE_ETHERTYPE_ARP, mirage__arp_input,
                                d);
    *out = &d->a;
    return 0;
}

void mirage_arp_destroy(struct mirage_arp *a)
{
    struct mirage__arp *d = of(a);
    mirage_ethernet_set_handler(d->eth, MIRAGE_ETHERTYPE_ARP, NULL, NULL);
    mirage_timer_cancel(&d->announce);
    mirage__arp_cache_fini(d);
    free(d);
}

int mirage_arp_lookup(struct mirage_arp *a, const struct mirage_ipaddr *ip,
                      struct mirage_macaddr *out)
{
    struct mirage__arp *d = of(a);
    if (ip->family != MIRAGE_IPV4)
        return -ENOENT;
    struct mirage__arp_entry *e = mirage__arp_find(d, mirage_ipv4_to_u32(ip));
    if (!e || (e->state != ARP_REACHABLE && e->state != ARP_PROBE))
        return -ENOENT;
    *out = e->mac;
    return 0;
}
