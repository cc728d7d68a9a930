/* SPDX-License-Identifier: ISC */
/* The ARP cache: a fixed table with hash chains, per-entry timers, eviction. */
#include <errno.h>
#include <stdlib.h>

#include "arp_priv.h"

static uint32_t hash(const struct mirage__arp *d, uint32_t ip)
{
    return (ip * 2654435761u >> 7) & d->bucket_mask;
}

static void drop_queue(struct mirage__arp *d, struct mirage__arp_entry *e)
{
    while (e->qhead) {
        struct mirage_buf *b = e->qhead;
        e->qhead = b->next;
        b->next = NULL;
        mirage_buf_unref(b);
        d->st.queue_drops++;
        d->queued--;
    }
    e->qtail = NULL;
    e->qlen = 0;
}

static void on_timer(struct mirage_timer *t, void *arg);

int mirage__arp_cache_init(struct mirage__arp *d)
{
    uint32_t n = d->cfg.cache_size, nb = 1;
    while (nb < n)
        nb <<= 1;
    d->entries = calloc(n, sizeof(*d->entries));
    d->buckets = malloc(nb * sizeof(*d->buckets));
    if (!d->entries || !d->buckets) {
        free(d->entries);
        free(d->buckets);
        return -ENOMEM;
    }
    d->bucket_mask = nb - 1;
    for (uint32_t i = 0; i < nb; i++)
        d->buckets[i] = -1;
    for (uint32_t i = 0; i < n; i++) {
        struct mirage__arp_entry *e = &d->entries[i];
        e->owner = d;
        e->next = i + 1 < n ? (int32_t)(i + 1) : -1;
        mirage_timer_init(&e->timer, on_timer, e);
        mirage_cond_init(&e->cond);
    }
    d->free_list = 0;
    return 0;
}

void mirage__arp_cache_fini(struct mirage__arp *d)
{
    for (uint32_t i = 0; i < d->cfg.cache_size; i++)
        if (d->entries[i].state != ARP_FREE)
            mirage__arp_remove(d, &d->entries[i]);
    free(d->entries);
    free(d->buckets);
}

struct mirage__arp_entry *mirage__arp_find(struct mirage__arp *d, uint32_t ip)
{
    for (int32_t i = d->buckets[hash(d, ip)]; i >= 0; i = d->entries[i].next)
        if (d->entries[i].ip == ip)
            return &d->entries[i];
    return NULL;
}

void mirage__arp_remove(struct mirage__arp *d, struct mirage__arp_entry *e)
{
    int32_t idx = (int32_t)(e - d->entries);
    int32_t *link = &d->buckets[hash(d, e->ip)];
    while (*link >= 0 && *link != idx)
        link = &d->entries[*link].next;
    if (*link == idx)
        *link = e->next;
    mirage_timer_cancel(&e->timer);
    drop_queue(d, e);
    mirage_cond_broadcast(&e->cond);
    e->state = ARP_FREE;
    e->next = d->free_list;
    d->free_list = idx;
}

/* The entry to give up when the cache is full: the one closest to its end,
 * preferring any settled entry over one still being resolved. */
static struct mirage__arp_entry *victim(struct mirage__arp *d)
{
    struct mirage__arp_entry *best = NULL;
    for (uint32_t i = 0; i < d->cfg.cache_size; i++) {
        struct mirage__arp_entry *e = &d->entries[i];
        bool settled = e->state != ARP_INCOMPLETE;
        bool best_settled = best && best->state != ARP_INCOMPLETE;
        if (!best || (settled && !best_settled) ||
            (settled == best_settled &&
             e->timer.deadline < best->timer.deadline))
            best = e;
    }
    return best;
}

struct mirage__arp_entry *mirage__arp_insert(struct mirage__arp *d, uint32_t ip,
                                             uint8_t st)
{
    if (d->free_list < 0) {
        mirage__arp_remove(d, victim(d));
        d->st.evictions++;
    }
    int32_t idx = d->free_list;
    struct mirage__arp_entry *e = &d->entries[idx];
    d->free_list = e->next;
    e->ip = ip;
    e->state = st;
    e->tries = 0;
    e->used = false;
    e->qlen = 0;
    e->qhead = e->qtail = NULL;
    uint32_t h = hash(d, ip);
    e->next = d->buckets[h];
    d->buckets[h] = idx;
    return e;
}

void mirage__arp_resolved(struct mirage__arp *d, struct mirage__arp_entry *e,
                          const struct mirage_macaddr *mac)
{
    if (e->state == ARP_INCOMPLETE || e->state == ARP_FAILED)
        d->st.resolved++;
    e->state = ARP_REACHABLE;
    e->mac = *mac;
    e->tries = 0;
    e->used = false;
    mirage_timer_arm(&e->timer, mirage_now_ns() + d->cfg.entry_ttl_ns);
    struct mirage_buf *b = e->qhead;
    d->queued -= e->qlen;
    e->qhead = e->qtail = NULL;
    e->qlen = 0;
    while (b) {
        struct mirage_buf *next = b->next;
        b->next = NULL;
        mirage_ethernet_write(d->eth, mac, MIRAGE_ETHERTYPE_IPV4, b);
        b = next;
    }
    mirage_cond_broadcast(&e->cond);
}

static void request(struct mirage__arp *d, struct mirage__arp_entry *e,
                    const struct mirage_macaddr *to)
{
    static const struct mirage_macaddr zero;
    e->tries++;
    d->st.tx_requests++;
    mirage__arp_send(d, ARP_OP_REQUEST, to, &zero, mirage__arp_our_ip(d),
                     e->ip);
    mirage_timer_arm(&e->timer, mirage_now_ns() + d->cfg.retry_ns);
}

void mirage__arp_start(struct mirage__arp *d, struct mirage__arp_entry *e)
{
    e->state = ARP_INCOMPLETE;
    e->tries = 0;
    request(d, e, &mirage_macaddr_broadcast);
}

static void fail(struct mirage__arp *d, struct mirage__arp_entry *e)
{
    mirage_log_debug(&mirage__arp_log, "no answer from %u.%u.%u.%u",
                     e->ip >> 24, e->ip >> 16 & 255, e->ip >> 8 & 255,
                     e->ip & 255);
    d->st.failed++;
    drop_queue(d, e);
    e->state = ARP_FAILED;
    mirage_timer_arm(&e->timer,
                     mirage_now_ns() + d->cfg.retry_ns * d->cfg.retries);
    mirage_cond_broadcast(&e->cond);
}

static void on_timer(struct mirage_timer *t, void *arg)
{
    (void)t;
    struct mirage__arp_entry *e = arg;
    struct mirage__arp *d = e->owner;
    switch (e->state) {
    case ARP_INCOMPLETE:
        if (e->tries < d->cfg.retries)
            request(d, e, &mirage_macaddr_broadcast);
        else
            fail(d, e);
        break;
    case ARP_REACHABLE:
        if (!e->used) {
            mirage__arp_remove(d, e);
            break;
        }
        e->state = ARP_PROBE;
        e->tries = 0;
        request(d, e, &e->mac);
        break;
    case ARP_PROBE:
        if (e->tries < d->cfg.retries)
            request(d, e, &e->mac);
        else
            mirage__arp_remove(d, e);
        break;
    default:
        mirage__arp_remove(d, e);
        break;
    }
}
