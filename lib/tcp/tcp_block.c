/* SPDX-License-Identifier: ISC */
/* Data blocks of 2 KiB: send buffers with headroom and receive chunks. */
#include <stdlib.h>

#include <mirage/buf.h>

#include "tcp_priv.h"

/*
 * Blocks come from the heap on demand and go back to a small free list, so
 * a busy connection does not call malloc per segment and an idle one holds
 * none.  A send block is a struct mirage_buf whose release hook returns it
 * here: the IP layer may still hold it after the engine is done with it
 * (a frame waiting for ARP), so the block list outlives the engine until
 * its last block comes back.
 */

#define CACHE_MAX 256

struct txb {
    struct mirage_buf buf; /* first: the block is the buffer */
    struct mirage__tcp_sqe q;
    uint8_t data[];
};
_Static_assert(sizeof(struct txb) <= MIRAGE__TCP_BLOCK - MIRAGE__TCP_TXB_CAP,
               "a send block's header must leave MIRAGE__TCP_TXB_CAP bytes");

void *mirage__tcp_block_get(struct mirage__tcp *t)
{
    struct mirage__tcp_blocks *b = t->blocks;
    void *p = b->free_list;
    if (p) {
        b->free_list = *(void **)p;
        b->nfree--;
    } else {
        p = malloc(MIRAGE__TCP_BLOCK);
        if (!p)
            return NULL;
    }
    b->in_use++;
    return p;
}

void mirage__tcp_block_put(struct mirage__tcp_blocks *b, void *p)
{
    b->in_use--;
    if (b->dead || b->nfree >= CACHE_MAX) {
        free(p);
        if (b->dead && b->in_use == 0)
            free(b);
        return;
    }
    *(void **)p = b->free_list;
    b->free_list = p;
    b->nfree++;
}

void mirage__tcp_blocks_drop(struct mirage__tcp_blocks *b)
{
    while (b->free_list) {
        void *p = b->free_list;
        b->free_list = *(void **)p;
        free(p);
    }
    b->nfree = 0;
    b->dead = true;
    if (b->in_use == 0)
        free(b);
}

static void txb_release(struct mirage_buf *buf)
{
    mirage__tcp_block_put(buf->user, buf);
}

struct mirage__tcp_sqe *mirage__tcp_sqe_new(struct mirage__tcp *t)
{
    struct txb *x = mirage__tcp_block_get(t);
    if (!x)
        return NULL;
    x->buf.base = x->data;
    x->buf.cap = MIRAGE__TCP_TXB_CAP;
    x->buf.off = MIRAGE_BUF_HEADROOM;
    x->buf.len = 0;
    x->buf.refs = 1;
    x->buf.pool = NULL;
    x->buf.release = txb_release;
    x->buf.user = t->blocks;
    x->buf.next = NULL;
    mirage_buf_clear_offload(&x->buf);
    x->q.next = NULL;
    x->q.buf = &x->buf;
    x->q.seq = 0;
    x->q.off = MIRAGE_BUF_HEADROOM;
    x->q.len = 0;
    x->q.own = true;
    return &x->q;
}

void mirage__tcp_sqe_free(struct mirage__tcp_sqe *q)
{
    if (q->own) {
        mirage_buf_unref(q->buf); /* the block goes when the IP is done */
        return;
    }
    mirage_buf_unref(q->buf);
    free(q);
}

struct mirage__tcp_rxc *mirage__tcp_rxc_new(struct mirage__tcp *t)
{
    struct mirage__tcp_rxc *r = mirage__tcp_block_get(t);
    if (!r)
        return NULL;
    r->next = NULL;
    r->seg_next = NULL;
    r->seq = 0;
    r->len = 0;
    r->start = 0;
    r->end = 0;
    return r;
}

void mirage__tcp_rxc_free_chain(struct mirage__tcp *t,
                                struct mirage__tcp_rxc *r)
{
    while (r) {
        struct mirage__tcp_rxc *n = r->next;
        mirage__tcp_block_put(t->blocks, r);
        r = n;
    }
}
