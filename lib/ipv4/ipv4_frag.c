/* SPDX-License-Identifier: ISC */
/* IPv4 reassembly, bounded in datagrams, fragments, bytes and time. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/fiber.h>

#include "ipv4_priv.h"

static void on_timer(struct mirage_timer *t, void *arg);

int mirage__ipv4_reasm_init(struct mirage__ipv4 *d)
{
    d->reasm = calloc(d->cfg.reasm_datagrams, sizeof(*d->reasm));
    if (!d->reasm)
        return -ENOMEM;
    mirage_timer_init(&d->reasm_timer, on_timer, d);
    return 0;
}

/* Frees r's fragments, counting them under why unless it is the count. */
static void discard(struct mirage__ipv4 *d, struct mirage__ipv4_reasm *r,
                    enum mirage_ipv4_drop why)
{
    while (r->frags) {
        struct mirage__ipv4_frag *f = r->frags;
        r->frags = f->next;
        free(f);
        if (why != MIRAGE_IPV4_DROP_COUNT)
            mirage__ipv4_drop(d, why);
    }
    d->reasm_bytes -= r->bytes;
    memset(r, 0, sizeof(*r));
}

void mirage__ipv4_reasm_fini(struct mirage__ipv4 *d)
{
    mirage_timer_cancel(&d->reasm_timer);
    for (uint32_t i = 0; i < d->cfg.reasm_datagrams; i++)
        discard(d, &d->reasm[i], MIRAGE_IPV4_DROP_COUNT);
    free(d->reasm);
}

static void rearm(struct mirage__ipv4 *d)
{
    uint64_t next = UINT64_MAX;
    for (uint32_t i = 0; i < d->cfg.reasm_datagrams; i++)
        if (d->reasm[i].used && d->reasm[i].expires < next)
            next = d->reasm[i].expires;
    if (next == UINT64_MAX)
        mirage_timer_cancel(&d->reasm_timer);
    else
        mirage_timer_arm(&d->reasm_timer, next);
}

static void on_timer(struct mirage_timer *t, void *arg)
{
    (void)t;
    struct mirage__ipv4 *d = arg;
    uint64_t now = mirage_now_ns();
    for (uint32_t i = 0; i < d->cfg.reasm_datagrams; i++)
        if (d->reasm[i].used && d->reasm[i].expires <= now)
            discard(d, &d->reasm[i], MIRAGE_IPV4_DROP_FRAG_TIMEOUT);
    rearm(d);
}

static struct mirage__ipv4_reasm *oldest(struct mirage__ipv4 *d,
                                         const struct mirage__ipv4_reasm * not )
{
    struct mirage__ipv4_reasm *o = NULL;
    for (uint32_t i = 0; i < d->cfg.reasm_datagrams; i++) {
        struct mirage__ipv4_reasm *r = &d->reasm[i];
        if (r->used && r != not &&(!o || r->expires < o->expires))
            o = r;
    }
    return o;
}

/* The datagram h belongs to, created if new (the oldest one gives way
 * when the table is full). */
static struct mirage__ipv4_reasm *find(struct mirage__ipv4 *d, const uint8_t *h)
{
    uint32_t src = mirage__rd32(h + 12), dst = mirage__rd32(h + 16);
    uint16_t id = mirage__rd16(h + 4);
    struct mirage__ipv4_reasm *free_slot = NULL;
    for (uint32_t i = 0; i < d->cfg.reasm_datagrams; i++) {
        struct mirage__ipv4_reasm *r = &d->reasm[i];
        if (!r->used) {
            free_slot = free_slot ? free_slot : r;
            continue;
        }
        if (r->src == src && r->dst == dst && r->id == id && r->proto == h[9])
            return r;
    }
    if (!free_slot) {
        free_slot = oldest(d, NULL);
        discard(d, free_slot, MIRAGE_IPV4_DROP_FRAG_NO_ROOM);
    }
    *free_slot = (struct mirage__ipv4_reasm){
        .used = true,
        .proto = h[9],
        .id = id,
        .src = src,
        .dst = dst,
        .expires = mirage_now_ns() + d->cfg.reasm_timeout_ns};
    rearm(d);
    return free_slot;
}

/* Where a fragment [off, end) goes in r's sorted list: returns the link
 * to insert at, or NULL for an overlap (*dup set for an exact copy). */
static struct mirage__ipv4_frag **slot(struct mirage__ipv4_reasm *r,
                                       uint32_t off, uint32_t end, bool *dup)
{
    struct mirage__ipv4_frag **link = &r->frags;
    *dup = false;
    for (; *link; link = &(*link)->next) {
        struct mirage__ipv4_frag *f = *link;
        uint32_t fend = (uint32_t)f->off + f->len;
        if (end <= f->off)
            break;
        if (off >= fend)
            continue;
        *dup = off == f->off && end == fend;
        return NULL;
    }
    return link;
}

/* Checks the new fragment against what r knows; returns the reason to
 * discard the whole datagram, or DROP_COUNT if it fits. */
static enum mirage_ipv4_drop consistent(struct mirage__ipv4 *d,
                                        const struct mirage__ipv4_reasm *r,
                                        uint32_t end, bool mf)
{
    if (r->nfrags >= d->cfg.reasm_fragments)
        return MIRAGE_IPV4_DROP_FRAG_TOO_MANY;
    if (r->have_last && (end > r->end || (!mf && end != r->end)))
        return MIRAGE_IPV4_DROP_FRAG_BAD;
    if (!mf) /* the last one: nothing held may lie beyond it */
        for (const struct mirage__ipv4_frag *f = r->frags; f; f = f->next)
            if ((uint32_t)f->off + f->len > end)
                return MIRAGE_IPV4_DROP_FRAG_BAD;
    return MIRAGE_IPV4_DROP_COUNT;
}

/* Makes room for len more bytes by giving up the oldest other datagrams. */
static bool make_room(struct mirage__ipv4 *d, struct mirage__ipv4_reasm *r,
                      uint32_t len)
{
    while (d->reasm_bytes + len > d->cfg.reasm_bytes) {
        struct mirage__ipv4_reasm *o = oldest(d, r);
        if (!o)
            return false;
        discard(d, o, MIRAGE_IPV4_DROP_FRAG_NO_ROOM);
    }
    return true;
}

static bool complete(const struct mirage__ipv4_reasm *r)
{
    if (!r->have_first || !r->have_last)
        return false;
    uint32_t at = 0;
    for (const struct mirage__ipv4_frag *f = r->frags; f; f = f->next) {
        if (f->off != at)
            return false;
        at += f->len;
    }
    return at == r->end;
}

static void finish(struct mirage__ipv4 *d, struct mirage__ipv4_reasm *r)
{
    struct mirage_buf *b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, r->end);
    if (!b) {
        discard(d, r, MIRAGE_IPV4_DROP_FRAG_NO_ROOM);
        return;
    }
    for (const struct mirage__ipv4_frag *f = r->frags; f; f = f->next)
        memcpy(mirage_buf_put(b, f->len), f->data, f->len);
    uint8_t hdr[MIRAGE_IPV4_HLEN];
    memcpy(hdr, r->hdr, sizeof(hdr));
    discard(d, r, MIRAGE_IPV4_DROP_COUNT);
    rearm(d);
    d->st.rx_reassembled++;
    mirage__ipv4_deliver(d, hdr, b);
    mirage_buf_unref(b);
}

static bool add(struct mirage__ipv4 *d, struct mirage__ipv4_reasm *r,
                struct mirage__ipv4_frag **at, const uint8_t *h,
                struct mirage_buf *b, uint32_t off, bool mf)
{
    if (!make_room(d, r, b->len))
        return false;
    struct mirage__ipv4_frag *f = malloc(sizeof(*f) + b->len);
    if (!f)
        return false;
    f->off = (uint16_t)off;
    f->len = (uint16_t)b->len;
    memcpy(f->data, mirage_buf_data(b), b->len);
    f->next = *at;
    *at = f;
    r->nfrags++;
    r->bytes += b->len;
    d->reasm_bytes += b->len;
    if (off == 0) {
        r->have_first = true;
        memcpy(r->hdr, h, MIRAGE_IPV4_HLEN);
    }
    if (!mf) {
        r->have_last = true;
        r->end = off + b->len;
    }
    return true;
}

void mirage__ipv4_reasm_input(struct mirage__ipv4 *d, const uint8_t *h,
                              struct mirage_buf *b)
{
    uint16_t ff = mirage__rd16(h + 6);
    bool mf = ff & IPV4_MF;
    uint32_t off = (ff & IPV4_OFFSET_MASK) * 8u, end = off + b->len;
    if (b->len == 0 || (mf && b->len % 8)) {
        mirage__ipv4_drop(d, MIRAGE_IPV4_DROP_FRAG_BAD);
        return;
    }
    struct mirage__ipv4_reasm *r = find(d, h);
    bool dup;
    struct mirage__ipv4_frag **at = slot(r, off, end, &dup);
    if (!at && dup) {
        mirage__ipv4_drop(d, MIRAGE_IPV4_DROP_FRAG_DUP);
        return;
    }
    enum mirage_ipv4_drop why = MIRAGE_IPV4_DROP_FRAG_OVERLAP;
    if (at)
        why = consistent(d, r, end, mf);
    if (end + MIRAGE_IPV4_HLEN > IPV4_MAX_LEN)
        why = MIRAGE_IPV4_DROP_FRAG_TOO_BIG;
    if (why == MIRAGE_IPV4_DROP_COUNT && !add(d, r, at, h, b, off, mf))
        why = MIRAGE_IPV4_DROP_FRAG_NO_ROOM;
    if (why != MIRAGE_IPV4_DROP_COUNT) {
        mirage__ipv4_drop(d, why); /* this fragment */
        discard(d, r, why);        /* and those held */
        rearm(d);
        return;
    }
    if (complete(r))
        finish(d, r);
}
