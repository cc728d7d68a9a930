/* SPDX-License-Identifier: ISC */
/* ARP input: validation, the learning policy, replies; statistics. */
#include <stdio.h>
#include <string.h>

#include "arp_priv.h"

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static bool drop(struct mirage__arp *d, enum mirage_arp_drop why)
{
    d->st.drops[why]++;
    mirage_log_debug(&mirage__arp_log, "drop: %s", mirage_arp_drop_name(why));
    return false;
}

static bool is_ours(const struct mirage__arp *d, uint32_t ip)
{
    for (size_t i = 0; i < d->nips; i++)
        if (mirage_ipv4_to_u32(&d->ips[i]) == ip)
            return true;
    return false;
}

/* An address no host may claim: multicast, reserved (class E, which
 * includes the limited broadcast), loopback, "this network" other than
 * 0.0.0.0 itself (a probe's sender). */
static bool unusable(uint32_t ip)
{
    return (ip >> 28) >= 0xe || (ip >> 24) == 127 ||
           (ip != 0 && (ip >> 24) == 0);
}

struct arp_pkt {
    uint16_t op;
    struct mirage_macaddr sha, tha;
    uint32_t spa, tpa;
};

static bool parse(struct mirage__arp *d, const struct mirage_buf *b,
                  struct arp_pkt *p)
{
    static const uint8_t fixed[6] = {0, 1, 8, 0, 6, 4};
    const uint8_t *h = mirage_buf_data(b);
    if (b->len < ARP_LEN)
        return drop(d, MIRAGE_ARP_DROP_SHORT);
    if (memcmp(h, fixed, 6) != 0)
        return drop(d, MIRAGE_ARP_DROP_BAD_FORMAT);
    p->op = (uint16_t)(h[6] << 8 | h[7]);
    if (p->op != ARP_OP_REQUEST && p->op != ARP_OP_REPLY)
        return drop(d, MIRAGE_ARP_DROP_BAD_OP);
    memcpy(p->sha.b, h + 8, 6);
    p->spa = rd32(h + 14);
    memcpy(p->tha.b, h + 18, 6);
    p->tpa = rd32(h + 24);
    static const struct mirage_macaddr zero;
    if ((p->sha.b[0] & 1) || memcmp(&p->sha, &zero, 6) == 0 ||
        unusable(p->spa) || unusable(p->tpa) ||
        (p->spa == 0 && p->op != ARP_OP_REQUEST))
        return drop(d, MIRAGE_ARP_DROP_BAD_SENDER);
    return true;
}

/* Updates the cache from the sender's mapping; returns false if the
 * packet was dropped as a conflict. */
static bool learn(struct mirage__arp *d, const struct arp_pkt *p, bool for_us,
                  bool *learnt)
{
    struct mirage__arp_entry *e = p->spa ? mirage__arp_find(d, p->spa) : NULL;
    *learnt = false;
    if (!e) {
        if (for_us && p->op == ARP_OP_REQUEST && p->spa) {
            e = mirage__arp_insert(d, p->spa, ARP_INCOMPLETE);
            mirage__arp_resolved(d, e, &p->sha);
            *learnt = true;
        }
        return true;
    }
    if ((e->state == ARP_REACHABLE || e->state == ARP_PROBE) &&
        memcmp(&e->mac, &p->sha, 6) != 0) {
        char m[MIRAGE_MACADDR_STRLEN];
        mirage_log_debug(&mirage__arp_log,
                         "conflict: %s claims a resolved "
                         "address",
                         mirage_macaddr_format(&p->sha, m));
        return drop(d, MIRAGE_ARP_DROP_CONFLICT);
    }
    mirage__arp_resolved(d, e, &p->sha);
    *learnt = true;
    return true;
}

static void reply(struct mirage__arp *d, const struct arp_pkt *p)
{
    d->st.tx_replies++;
    mirage__arp_send(d, ARP_OP_REPLY, &p->sha, &p->sha, p->tpa, p->spa);
}

void mirage__arp_input(void *arg, struct mirage_ethernet *eth,
                       const struct mirage_macaddr *src,
                       const struct mirage_macaddr *dst, struct mirage_buf *b);

void mirage__arp_input(void *arg, struct mirage_ethernet *eth,
                       const struct mirage_macaddr *src,
                       const struct mirage_macaddr *dst, struct mirage_buf *b)
{
    (void)eth, (void)src, (void)dst;
    struct mirage__arp *d = arg;
    struct arp_pkt p;
    if (!parse(d, b, &p))
        return;
    if (p.op == ARP_OP_REQUEST)
        d->st.rx_requests++;
    else
        d->st.rx_replies++;
    if (is_ours(d, p.spa)) {
        if (memcmp(&p.sha, &d->mac, 6) != 0) {
            char m[MIRAGE_MACADDR_STRLEN];
            mirage_log_warn(&mirage__arp_log, "%s claims our address",
                            mirage_macaddr_format(&p.sha, m));
            drop(d, MIRAGE_ARP_DROP_OUR_ADDRESS);
        }
        return;
    }
    bool for_us = is_ours(d, p.tpa), learnt;
    bool ok = learn(d, &p, for_us, &learnt);
    if (p.op == ARP_OP_REQUEST && for_us)
        reply(d, &p);
    else if (ok && !learnt)
        drop(d, p.op == ARP_OP_REPLY && for_us ? MIRAGE_ARP_DROP_UNSOLICITED
                                               : MIRAGE_ARP_DROP_NOT_FOR_US);
}

void mirage_arp_stats(struct mirage_arp *a, struct mirage_arp_stats *out)
{
    *out = ((struct mirage__arp *)a)->st;
}

const char *mirage_arp_drop_name(enum mirage_arp_drop d)
{
    static const char *const names[MIRAGE_ARP_DROP_COUNT] = {
        [MIRAGE_ARP_DROP_SHORT] = "short",
        [MIRAGE_ARP_DROP_BAD_FORMAT] = "bad_format",
        [MIRAGE_ARP_DROP_BAD_OP] = "bad_op",
        [MIRAGE_ARP_DROP_BAD_SENDER] = "bad_sender",
        [MIRAGE_ARP_DROP_NOT_FOR_US] = "not_for_us",
        [MIRAGE_ARP_DROP_UNSOLICITED] = "unsolicited",
        [MIRAGE_ARP_DROP_CONFLICT] = "conflict",
        [MIRAGE_ARP_DROP_OUR_ADDRESS] = "our_address",
    };
    return (unsigned)d < MIRAGE_ARP_DROP_COUNT ? names[d] : "?";
}

void mirage_arp_counters(struct mirage_arp *a, mirage_net_counter_fn fn,
                         void *arg)
{
    const struct mirage_arp_stats *s = &((struct mirage__arp *)a)->st;
    const struct {
        const char *name;
        uint64_t v;
    } c[] = {
        {"arp.rx_requests", s->rx_requests},
        {"arp.rx_replies", s->rx_replies},
        {"arp.tx_requests", s->tx_requests},
        {"arp.tx_replies", s->tx_replies},
        {"arp.tx_announcements", s->tx_announcements},
        {"arp.resolved", s->resolved},
        {"arp.failed", s->failed},
        {"arp.queue_drops", s->queue_drops},
        {"arp.evictions", s->evictions},
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
        fn(arg, c[i].name, c[i].v);
    char name[64];
    for (int i = 0; i < MIRAGE_ARP_DROP_COUNT; i++) {
        snprintf(name, sizeof(name), "arp.drop.%s",
                 mirage_arp_drop_name((enum mirage_arp_drop)i));
        fn(arg, name, s->drops[i]);
    }
}
