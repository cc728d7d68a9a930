/* SPDX-License-Identifier: ISC */
/* Consistency checks of the engine's structures, for tests and fuzzing. */
#include "tcp_priv.h"

/*
 * mirage__tcp_check() walks every connection in the demux table and the
 * timer heap and returns a description of the first broken invariant, or
 * NULL.  Nothing calls it in production; the unit tests run it after every
 * simulated event and the fuzz harness after every input record.
 */

static const char *check_sendq(const struct mirage__tcp_conn *c)
{
    uint32_t n = 0, seq = c->sq_head ? c->sq_head->seq : 0;
    const struct mirage__tcp_sqe *last = NULL;
    for (const struct mirage__tcp_sqe *q = c->sq_head; q; q = q->next) {
        if (q->seq != seq)
            return "send queue elements not contiguous";
        if (q->len == 0 && q->next)
            return "empty send queue element in the middle";
        seq += q->len;
        n += q->len;
        last = q;
    }
    if (n != c->sq_bytes)
        return "sq_bytes differs from the queued bytes";
    if (last != c->sq_tail)
        return "send queue tail is not the last element";
    if (c->sq_head && (c->flags & MIRAGE__TCPF_SYN_ACKED) &&
        c->sq_head->seq != c->snd_una)
        return "send queue does not start at snd_una";
    return NULL;
}

static const char *check_recvq(const struct mirage__tcp_conn *c)
{
    uint32_t n = 0;
    const struct mirage__tcp_rxc *last = NULL;
    for (const struct mirage__tcp_rxc *r = c->rq_head; r; r = r->next) {
        if (r->start > r->end || r->end > MIRAGE__TCP_RXC_DATA)
            return "receive block bounds";
        n += (uint32_t)(r->end - r->start);
        last = r;
    }
    if (n != c->rq_bytes)
        return "rq_bytes differs from the queued bytes";
    if (last != c->rq_tail)
        return "receive queue tail is not the last block";
    uint32_t blocks = 0, prev_end = c->rcv_nxt;
    for (const struct mirage__tcp_rxc *x = c->ooo; x; x = x->seg_next) {
        uint32_t len = 0;
        for (const struct mirage__tcp_rxc *r = x; r; r = r->next) {
            len += (uint32_t)(r->end - r->start);
            blocks++;
        }
        if (len != x->len || len == 0)
            return "out-of-order segment length";
        if (mirage__seq_lt(x->seq, prev_end))
            return "out-of-order segments overlap or precede rcv_nxt";
        prev_end = x->seq + x->len;
    }
    if (blocks != c->ooo_blocks)
        return "ooo_blocks differs from the blocks held";
    return NULL;
}

static const char *check_seq(const struct mirage__tcp_conn *c)
{
    if (c->state < MIRAGE__TCPS_ESTABLISHED)
        return NULL;
    if (mirage__seq_gt(c->snd_una, c->snd_nxt) ||
        mirage__seq_gt(c->snd_nxt, c->snd_max))
        return "snd_una <= snd_nxt <= snd_max broken";
    if (c->snd_max - c->snd_una > c->sq_bytes + 2)
        return "more in flight than queued (plus SYN and FIN)";
    uint32_t prev = c->snd_una;
    for (unsigned i = 0; i < c->nsacked; i++) {
        if (mirage__seq_lt(c->sacked[i].l, prev) ||
            mirage__seq_ge(c->sacked[i].l, c->sacked[i].r) ||
            mirage__seq_gt(c->sacked[i].r, c->snd_max))
            return "SACK scoreboard out of order or range";
        prev = c->sacked[i].r;
    }
    if (c->cwnd < c->mss && c->mss)
        return "cwnd below one segment";
    return NULL;
}

static const char *check_heap(const struct mirage__tcp *t)
{
    for (uint32_t i = 0; i < t->heap_len; i++) {
        const struct mirage__tcp_conn *c = t->heap[i];
        if (c->heap_idx != i)
            return "heap index mismatch";
        bool armed = false;
        for (int k = 0; k < MIRAGE__TCPT_N; k++)
            armed |= c->deadline[k] != 0;
        if (!armed)
            return "connection in the timer heap with no deadline";
    }
    if (t->heap_len > t->heap_cap)
        return "heap overflow";
    return NULL;
}

const char *mirage__tcp_check(struct mirage__tcp *t)
{
    uint32_t hashed = 0;
    for (uint32_t b = 0; b < t->tab_size; b++) {
        for (const struct mirage__tcp_conn *c = t->tab[b]; c; c = c->hnext) {
            const char *why = check_sendq(c);
            if (!why)
                why = check_recvq(c);
            if (!why)
                why = check_seq(c);
            if (why)
                return why;
            if (c->state == MIRAGE__TCPS_CLOSED)
                return "closed connection still in the demux table";
            hashed++;
        }
    }
    if (hashed > t->st.conns)
        return "more connections hashed than counted";
    return check_heap(t);
}
