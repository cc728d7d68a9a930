/* SPDX-License-Identifier: ISC */
/* The receive queue and the out-of-order queue, chains of 2 KiB blocks. */
#include <string.h>

#include "tcp_priv.h"

/*
 * In-order data is copied once from the packet into the tail of the
 * receive queue and once more by read into the caller's buffer.  A segment
 * that arrives past a hole is copied into its own chain of blocks, kept in
 * sequence order with overlaps trimmed; when the hole fills the chain is
 * moved to the receive queue as it is.  The out-of-order queue may hold
 * at most twice the receive buffer in blocks, so tiny segments cannot
 * exhaust memory.
 */

static uint32_t chain_append(struct mirage__tcp *t,
                             struct mirage__tcp_rxc **head,
                             struct mirage__tcp_rxc **tail, const uint8_t *p,
                             uint32_t n)
{
    uint32_t done = 0;
    while (done < n) {
        struct mirage__tcp_rxc *r = *tail;
        if (!r || r->end >= MIRAGE__TCP_RXC_DATA) {
            r = mirage__tcp_rxc_new(t);
            if (!r)
                break;
            if (*tail)
                (*tail)->next = r;
            else
                *head = r;
            *tail = r;
        }
        uint32_t k = MIRAGE__TCP_RXC_DATA - r->end;
        if (k > n - done)
            k = n - done;
        memcpy(r->data + r->end, p + done, k);
        r->end = (uint16_t)(r->end + k);
        done += k;
    }
    return done;
}

static uint32_t chain_blocks(const struct mirage__tcp_rxc *r)
{
    uint32_t n = 0;
    for (; r; r = r->next)
        n++;
    return n;
}

int mirage__tcp_rq_append(struct mirage__tcp_conn *c, const uint8_t *p,
                          uint32_t n)
{
    uint32_t k = chain_append(c->tcp, &c->rq_head, &c->rq_tail, p, n);
    c->rq_bytes += k;
    return (int)k;
}

uint32_t mirage__tcp_rq_read(struct mirage__tcp_conn *c, uint8_t *dst,
                             uint32_t n)
{
    uint32_t done = 0;
    while (done < n && c->rq_head) {
        struct mirage__tcp_rxc *r = c->rq_head;
        uint32_t k = (uint32_t)(r->end - r->start);
        if (k > n - done)
            k = n - done;
        memcpy(dst + done, r->data + r->start, k);
        r->start = (uint16_t)(r->start + k);
        done += k;
        if (r->start == r->end) {
            c->rq_head = r->next;
            if (!c->rq_head)
                c->rq_tail = NULL;
            mirage__tcp_block_put(c->tcp->blocks, r);
        }
    }
    c->rq_bytes -= done;
    return done;
}

void mirage__tcp_rq_free(struct mirage__tcp_conn *c)
{
    mirage__tcp_rxc_free_chain(c->tcp, c->rq_head);
    c->rq_head = c->rq_tail = NULL;
    c->rq_bytes = 0;
}

static void ooo_unlink_free(struct mirage__tcp_conn *c,
                            struct mirage__tcp_rxc **pp)
{
    struct mirage__tcp_rxc *x = *pp;
    *pp = x->seg_next;
    c->ooo_blocks -= chain_blocks(x);
    mirage__tcp_rxc_free_chain(c->tcp, x);
}

static int ooo_store(struct mirage__tcp_conn *c, struct mirage__tcp_rxc **pp,
                     uint32_t seq, const uint8_t *p, uint32_t n)
{
    uint32_t need = (n + MIRAGE__TCP_RXC_DATA - 1) / MIRAGE__TCP_RXC_DATA;
    uint32_t limit = 2 * c->tcp->cfg.rcv_buf / MIRAGE__TCP_BLOCK;
    if (c->ooo_blocks + need > limit)
        return -ENOMEM;
    struct mirage__tcp_rxc *head = NULL, *tail = NULL;
    if (chain_append(c->tcp, &head, &tail, p, n) != n) {
        mirage__tcp_rxc_free_chain(c->tcp, head);
        return -ENOMEM;
    }
    head->seq = seq;
    head->len = n;
    head->seg_next = *pp;
    *pp = head;
    c->ooo_blocks += need;
    c->ooo_last = seq;
    return 0;
}

int mirage__tcp_ooo_insert(struct mirage__tcp_conn *c, uint32_t seq,
                           const uint8_t *p, uint32_t n)
{
    uint32_t s = seq, e = seq + n;
    struct mirage__tcp_rxc **pp = &c->ooo;
    while (*pp) {
        struct mirage__tcp_rxc *x = *pp;
        uint32_t xs = x->seq, xe = x->seq + x->len;
        if (mirage__seq_le(xe, s)) {
            pp = &x->seg_next;
        } else if (mirage__seq_ge(xs, e)) {
            break;
        } else if (mirage__seq_le(xs, s) && mirage__seq_ge(xe, e)) {
            c->ooo_last = xs; /* a duplicate */
            return 0;
        } else if (mirage__seq_le(xs, s)) {
            p += xe - s; /* keep what follows x */
            s = xe;
            pp = &x->seg_next;
        } else if (mirage__seq_ge(xe, e)) {
            e = xs; /* keep what precedes x */
            break;
        } else {
            ooo_unlink_free(c, pp); /* x lies inside: replace it */
        }
    }
    if (s == e)
        return 0;
    return ooo_store(c, pp, s, p, e - s);
}

/* Drops n bytes from the front of chain r; returns the new head. */
static struct mirage__tcp_rxc *chain_skip(struct mirage__tcp *t,
                                          struct mirage__tcp_rxc *r, uint32_t n,
                                          uint32_t *freed)
{
    while (r && n > 0) {
        uint32_t k = (uint32_t)(r->end - r->start);
        if (k > n) {
            r->start = (uint16_t)(r->start + n);
            break;
        }
        n -= k;
        struct mirage__tcp_rxc *next = r->next;
        mirage__tcp_block_put(t->blocks, r);
        (*freed)++;
        r = next;
    }
    return r;
}

bool mirage__tcp_ooo_pull(struct mirage__tcp_conn *c)
{
    bool moved = false;
    struct mirage__tcp_rxc *x;
    while ((x = c->ooo) && mirage__seq_le(x->seq, c->rcv_nxt)) {
        uint32_t end = x->seq + x->len;
        if (mirage__seq_le(end, c->rcv_nxt)) {
            ooo_unlink_free(c, &c->ooo);
            continue;
        }
        c->ooo = x->seg_next;
        uint32_t freed = 0, blocks = chain_blocks(x);
        struct mirage__tcp_rxc *r =
            chain_skip(c->tcp, x, c->rcv_nxt - x->seq, &freed);
        c->ooo_blocks -= blocks;
        if (c->rq_tail)
            c->rq_tail->next = r;
        else
            c->rq_head = r;
        while (r->next)
            r = r->next;
        c->rq_tail = r;
        c->rq_bytes += end - c->rcv_nxt;
        c->rcv_nxt = end;
        moved = true;
    }
    return moved;
}

unsigned mirage__tcp_ooo_blocks(struct mirage__tcp_conn *c,
                                struct mirage__tcp_sackblk *out, unsigned max)
{
    struct mirage__tcp_sackblk runs[MIRAGE__TCP_MAXSACK + 1];
    unsigned n = 0, first = 0;
    bool seen = false;
    for (struct mirage__tcp_rxc *x = c->ooo; x; x = x->seg_next) {
        uint32_t end = x->seq + x->len;
        if (n > 0 && runs[n - 1].r == x->seq) {
            runs[n - 1].r = end;
        } else if (n < MIRAGE__TCP_MAXSACK + 1) {
            runs[n].l = x->seq;
            runs[n++].r = end;
        } else if (seen) {
            break;
        } else {
            runs[n - 1].l = x->seq; /* keep room for the newest run */
            runs[n - 1].r = end;
        }
        if (mirage__seq_le(x->seq, c->ooo_last) &&
            mirage__seq_lt(c->ooo_last, end)) {
            first = n - 1;
            seen = true;
        }
    }
    unsigned k = 0;
    if (n > 0 && k < max)
        out[k++] = runs[first];
    for (unsigned i = 0; i < n && k < max; i++)
        if (i != first)
            out[k++] = runs[i];
    return k;
}

void mirage__tcp_ooo_free(struct mirage__tcp_conn *c)
{
    while (c->ooo)
        ooo_unlink_free(c, &c->ooo);
    c->ooo_blocks = 0;
}
