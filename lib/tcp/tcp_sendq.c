/* SPDX-License-Identifier: ISC */
/* The send queue: written data from snd_una on, in segment-sized blocks. */
#include <stdlib.h>
#include <string.h>

#include <mirage/buf.h>

#include "tcp_priv.h"

/*
 * write copies into engine blocks of at most one full segment each, with
 * MIRAGE_BUF_HEADROOM in front, so a segment is usually sent from its
 * block in place (tcp_output.c pushes the header into the headroom).
 * write_buf links the caller's buffer as one element without copying.
 * Element i covers sequence numbers [seq, seq+len); they are contiguous
 * and the first starts at snd_una.
 */

static void link_tail(struct mirage__tcp_conn *c, struct mirage__tcp_sqe *q)
{
    q->seq = c->snd_una + c->sq_bytes;
    q->next = NULL;
    if (c->sq_tail)
        c->sq_tail->next = q;
    else
        c->sq_head = q;
    c->sq_tail = q;
}

/* Room left in the tail block for more bytes of the same segment, or 0 if
 * the tail cannot grow (foreign, already sent, or held by the IP layer). */
static uint32_t tail_room(struct mirage__tcp_conn *c)
{
    struct mirage__tcp_sqe *q = c->sq_tail;
    if (!q || !q->own || q->buf->refs != 1 ||
        mirage__seq_lt(q->seq, c->snd_max) || q->len >= c->mss)
        return 0;
    uint32_t room = q->buf->cap - (q->off + q->len);
    uint32_t seg = c->mss - q->len;
    return room < seg ? room : seg;
}

uint32_t mirage__tcp_sq_append(struct mirage__tcp_conn *c, const void *p,
                               uint32_t n)
{
    const uint8_t *src = p;
    uint32_t done = 0;
    while (done < n) {
        uint32_t room = tail_room(c);
        if (room == 0) {
            struct mirage__tcp_sqe *q = mirage__tcp_sqe_new(c->tcp);
            if (!q)
                break;
            link_tail(c, q);
            room = tail_room(c);
            if (room == 0) /* the segment is smaller than a block header */
                break;
        }
        struct mirage__tcp_sqe *q = c->sq_tail;
        uint32_t k = n - done < room ? n - done : room;
        memcpy(q->buf->base + q->off + q->len, src + done, k);
        q->len += k;
        c->sq_bytes += k;
        done += k;
    }
    return done;
}

int mirage__tcp_sq_append_buf(struct mirage__tcp_conn *c, struct mirage_buf *b)
{
    if (b->len == 0) {
        mirage_buf_unref(b);
        return 0;
    }
    struct mirage__tcp_sqe *q = malloc(sizeof *q);
    if (!q) {
        mirage_buf_unref(b);
        return -ENOMEM;
    }
    q->buf = b;
    q->off = b->off;
    q->len = b->len;
    q->own = false;
    link_tail(c, q);
    c->sq_bytes += b->len;
    return 0;
}

void mirage__tcp_sq_drop(struct mirage__tcp_conn *c, uint32_t n)
{
    while (n > 0 && c->sq_head) {
        struct mirage__tcp_sqe *q = c->sq_head;
        if (q->len > n) {
            q->off += n;
            q->seq += n;
            q->len -= n;
            c->sq_bytes -= n;
            return;
        }
        n -= q->len;
        c->sq_bytes -= q->len;
        c->sq_head = q->next;
        if (!c->sq_head)
            c->sq_tail = NULL;
        if (c->sq_cur == q)
            c->sq_cur = NULL;
        mirage__tcp_sqe_free(q);
    }
}

struct mirage__tcp_sqe *mirage__tcp_sq_find(struct mirage__tcp_conn *c,
                                            uint32_t seq)
{
    struct mirage__tcp_sqe *q = c->sq_cur;
    if (!q || mirage__seq_lt(seq, q->seq))
        q = c->sq_head;
    for (; q; q = q->next) {
        if (mirage__seq_lt(seq, q->seq + q->len)) {
            c->sq_cur = q;
            return mirage__seq_ge(seq, q->seq) ? q : NULL;
        }
    }
    return NULL;
}

void mirage__tcp_sq_copy(struct mirage__tcp_conn *c, uint32_t seq, uint8_t *dst,
                         uint32_t n)
{
    struct mirage__tcp_sqe *q = mirage__tcp_sq_find(c, seq);
    uint32_t skip = q ? seq - q->seq : 0;
    for (; q && n > 0; q = q->next, skip = 0) {
        uint32_t k = q->len - skip;
        if (k > n)
            k = n;
        memcpy(dst, q->buf->base + q->off + skip, k);
        dst += k;
        n -= k;
    }
}

void mirage__tcp_sq_free(struct mirage__tcp_conn *c)
{
    while (c->sq_head) {
        struct mirage__tcp_sqe *q = c->sq_head;
        c->sq_head = q->next;
        mirage__tcp_sqe_free(q);
    }
    c->sq_tail = c->sq_cur = NULL;
    c->sq_bytes = 0;
}
