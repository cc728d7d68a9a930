/* SPDX-License-Identifier: ISC */
/* The sender's SACK scoreboard and RFC 6675 loss estimates over it. */
#include "tcp_priv.h"

/*
 * The scoreboard is a short sorted list of disjoint ranges the receiver
 * has SACKed above snd_una.  RFC 6675's per-octet rules are evaluated per
 * hole (a gap between two SACKed ranges): every octet of a hole has the
 * same SACKed octets above it, so a hole is lost or not as a whole.
 */

#define DUPTHRESH 3

static void remove_at(struct mirage__tcp_conn *c, unsigned i)
{
    for (unsigned j = i + 1; j < c->nsacked; j++)
        c->sacked[j - 1] = c->sacked[j];
    c->nsacked--;
}

/* Inserts [l, r) keeping the list sorted and merged; when full the
 * highest range is forgotten (the receiver will report it again). */
static void add_range(struct mirage__tcp_conn *c, uint32_t l, uint32_t r)
{
    unsigned i = 0;
    while (i < c->nsacked && mirage__seq_lt(c->sacked[i].r, l))
        i++;
    /* Merge every range that touches [l, r). */
    while (i < c->nsacked && mirage__seq_le(c->sacked[i].l, r)) {
        l = mirage__seq_min(l, c->sacked[i].l);
        r = mirage__seq_max(r, c->sacked[i].r);
        remove_at(c, i);
    }
    if (c->nsacked == MIRAGE__TCP_SCOREBOARD) {
        if (i == c->nsacked)
            return;
        c->nsacked--;
    }
    for (unsigned j = c->nsacked; j > i; j--)
        c->sacked[j] = c->sacked[j - 1];
    c->sacked[i].l = l;
    c->sacked[i].r = r;
    c->nsacked++;
}

void mirage__tcp_sack_update(struct mirage__tcp_conn *c,
                             const struct mirage__tcp_seg *s)
{
    for (unsigned i = 0; i < s->nsack; i++) {
        uint32_t l = s->sack[i].l, r = s->sack[i].r;
        if (mirage__seq_le(r, c->snd_una) || mirage__seq_gt(r, c->snd_max) ||
            mirage__seq_ge(l, r))
            continue; /* stale, D-SACK, or nonsense: ignored */
        if (mirage__seq_lt(l, c->snd_una))
            l = c->snd_una;
        add_range(c, l, r);
    }
}

void mirage__tcp_sack_trim(struct mirage__tcp_conn *c)
{
    while (c->nsacked && mirage__seq_le(c->sacked[0].r, c->snd_una))
        remove_at(c, 0);
    if (c->nsacked && mirage__seq_lt(c->sacked[0].l, c->snd_una))
        c->sacked[0].l = c->snd_una;
}

uint32_t mirage__tcp_sack_bytes(const struct mirage__tcp_conn *c)
{
    uint32_t n = 0;
    for (unsigned i = 0; i < c->nsacked; i++)
        n += c->sacked[i].r - c->sacked[i].l;
    return n;
}

uint32_t mirage__tcp_sack_high(const struct mirage__tcp_conn *c)
{
    return c->nsacked ? c->sacked[c->nsacked - 1].r : c->snd_una;
}

bool mirage__tcp_sack_is_lost(const struct mirage__tcp_conn *c, uint32_t seq)
{
    uint32_t above = 0, ranges = 0;
    for (unsigned i = 0; i < c->nsacked; i++) {
        if (mirage__seq_le(c->sacked[i].r, seq))
            continue;
        uint32_t l = mirage__seq_max(c->sacked[i].l, seq);
        above += c->sacked[i].r - l;
        ranges++;
    }
    return ranges >= DUPTHRESH || above > (DUPTHRESH - 1) * (uint32_t)c->mss;
}

bool mirage__tcp_sack_hole(const struct mirage__tcp_conn *c, uint32_t from,
                           uint32_t *seq, uint32_t *len)
{
    uint32_t at = mirage__seq_max(from, c->snd_una);
    for (unsigned i = 0; i < c->nsacked; i++) {
        if (mirage__seq_lt(at, c->sacked[i].l)) {
            *seq = at;
            *len = c->sacked[i].l - at;
            return true;
        }
        at = mirage__seq_max(at, c->sacked[i].r);
    }
    return false;
}

uint32_t mirage__tcp_sack_pipe(const struct mirage__tcp_conn *c)
{
    uint32_t high = mirage__tcp_sack_high(c);
    uint32_t pipe = mirage__seq_gt(c->snd_max, high) ? c->snd_max - high : 0;
    uint32_t at = c->snd_una, hole, len;
    while (mirage__tcp_sack_hole(c, at, &hole, &len)) {
        uint32_t end = hole + len;
        /* Octets retransmitted in this recovery are in flight again. */
        uint32_t rx_end = mirage__seq_min(end, c->rexmit_hi);
        if (mirage__seq_gt(rx_end, hole))
            pipe += rx_end - hole;
        uint32_t rest = mirage__seq_max(hole, rx_end);
        if (mirage__seq_lt(rest, end) && !mirage__tcp_sack_is_lost(c, rest))
            pipe += end - rest;
        at = end;
    }
    return pipe;
}

uint32_t mirage__tcp_sack_skip(const struct mirage__tcp_conn *c, uint32_t seq)
{
    for (unsigned i = 0; i < c->nsacked; i++)
        if (mirage__seq_le(c->sacked[i].l, seq) &&
            mirage__seq_lt(seq, c->sacked[i].r))
            return c->sacked[i].r;
    return seq;
}
