/* SPDX-License-Identifier: ISC */
/* Deciding what to send: Nagle, sender SWS avoidance, windows, recovery. */
#include <mirage/net.h>

#include "tcp_priv.h"

/*
 * mirage__tcp_output() runs after every input segment, user call and
 * timer: it sends as many segments as the receive window, the congestion
 * window (or, in SACK recovery, cwnd minus the RFC 6675 pipe) and Nagle's
 * rule allow, then an ACK if one is owed and nothing carried it, and arms
 * the persist timer if data waits behind a closed window.
 */

static uint32_t min32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

/* Room the congestion window leaves for one more segment. */
static uint32_t cwnd_room(const struct mirage__tcp_conn *c)
{
    uint32_t inflight;
    if ((c->flags & MIRAGE__TCPF_RECOVERY) && (c->flags & MIRAGE__TCPF_SACK))
        inflight = mirage__tcp_sack_pipe(c);
    else
        inflight = c->snd_nxt - c->snd_una;
    return c->cwnd > inflight ? c->cwnd - inflight : 0;
}

static uint32_t wnd_room(const struct mirage__tcp_conn *c)
{
    uint32_t edge = c->snd_una + c->snd_wnd;
    return mirage__seq_gt(edge, c->snd_nxt) ? edge - c->snd_nxt : 0;
}

static bool fin_due(const struct mirage__tcp_conn *c, uint32_t off,
                    uint32_t len)
{
    return (c->flags & MIRAGE__TCPF_FIN_Q) &&
           !(c->flags & MIRAGE__TCPF_FIN_ACKED) && off + len == c->sq_bytes;
}

/* Nagle (RFC 9293 3.7.4) and sender SWS avoidance (3.8.6.2.1) for a
 * segment shorter than a full one. */
static bool small_ok(const struct mirage__tcp_conn *c, uint32_t len,
                     uint32_t avail)
{
    if (mirage__seq_lt(c->snd_nxt, c->snd_max))
        return true; /* resending after a timeout */
    if (len == avail &&
        ((c->flags & (MIRAGE__TCPF_NODELAY | MIRAGE__TCPF_FIN_Q)) ||
         c->snd_una == c->snd_max))
        return true;
    return c->max_snd_wnd > 0 && len >= c->max_snd_wnd / 2;
}

static void note_sent(struct mirage__tcp_conn *c, uint32_t seq, uint32_t len)
{
    if (mirage__seq_lt(seq, c->snd_max)) {
        c->tcp->st.retransmits++;
        c->flags &= ~MIRAGE__TCPF_RTT; /* Karn: no sample from it */
    } else if (!(c->flags & (MIRAGE__TCPF_TS | MIRAGE__TCPF_RTT))) {
        c->rtt_seq = seq;
        c->rtt_start = mirage__tcp_now(c->tcp);
        c->flags |= MIRAGE__TCPF_RTT;
    }
    (void)len;
}

/* The longest data segment: one MSS, or with TSO as many whole MSS as an
 * IPv4 packet holds (headers with the longest options included). */
static uint32_t seg_max(const struct mirage__tcp_conn *c)
{
    if (!(c->tcp->cfg.offloads & MIRAGE_NET_OFFLOAD_TSO4) ||
        c->raddr.family != MIRAGE_IPV4)
        return c->mss;
    uint32_t room = MIRAGE_NET_GSO_MAX - 20 - 60;
    return room > c->mss ? room - room % c->mss : c->mss;
}

/* A TSO segment ends on an MSS boundary unless its tail may go now as a
 * short segment would (the end of the data with Nagle off or a FIN, or a
 * resend after a timeout): otherwise the tail waits like any short one. */
static uint32_t tso_trim(const struct mirage__tcp_conn *c, uint32_t len,
                         uint32_t avail, bool force)
{
    uint32_t rem = len % c->mss;
    if (len <= c->mss || rem == 0 || force ||
        mirage__seq_lt(c->snd_nxt, c->snd_max))
        return len;
    if (len == avail &&
        (c->flags & (MIRAGE__TCPF_NODELAY | MIRAGE__TCPF_FIN_Q)))
        return len;
    return len - rem;
}

static bool send_one(struct mirage__tcp_conn *c, bool force)
{
    uint32_t off = c->snd_nxt - c->snd_una;
    if (off > c->sq_bytes)
        return false; /* only the FIN was left, and it is out */
    uint32_t avail = c->sq_bytes - off;
    uint32_t len =
        min32(min32(avail, seg_max(c)), min32(wnd_room(c), cwnd_room(c)));
    len = tso_trim(c, len, avail, force);
    bool fin = fin_due(c, off, len);
    if (len == 0 && !fin)
        return false;
    if (len > 0 && len < c->mss && !force && !small_ok(c, len, avail))
        return false;
    uint8_t flags = MIRAGE__TCP_ACK;
    if (fin)
        flags |= MIRAGE__TCP_FIN;
    if (len > 0 && len == avail)
        flags |= MIRAGE__TCP_PSH;
    uint32_t seq = c->snd_nxt;
    if (len > 0)
        note_sent(c, seq, len);
    mirage__tcp_xmit(c, seq, len, flags);
    if (fin)
        c->flags |= MIRAGE__TCPF_FIN_SENT;
    c->snd_nxt = seq + len + fin;
    if (mirage__seq_gt(c->snd_nxt, c->snd_max))
        c->snd_max = c->snd_nxt;
    if (!c->deadline[MIRAGE__TCPT_RTX] || (c->flags & MIRAGE__TCPF_PERSIST)) {
        c->flags &= ~MIRAGE__TCPF_PERSIST;
        mirage__tcp_rtx_arm(c);
    }
    return true;
}

/* RFC 6675 NextSeg rule 1: resend lost holes while the pipe has room. */
static bool sack_rexmit(struct mirage__tcp_conn *c)
{
    bool sent = false;
    uint32_t hole, len;
    while (mirage__tcp_sack_pipe(c) + c->mss <= c->cwnd &&
           mirage__tcp_sack_hole(c, c->rexmit_hi, &hole, &len) &&
           mirage__tcp_sack_is_lost(c, hole)) {
        uint32_t data_end = c->snd_una + c->sq_bytes;
        len = min32(min32(len, c->mss), data_end - hole);
        if (len == 0 || mirage__seq_ge(hole, data_end))
            break;
        note_sent(c, hole, len);
        mirage__tcp_xmit(c, hole, len, MIRAGE__TCP_ACK);
        c->rexmit_hi = hole + len;
        sent = true;
    }
    return sent;
}

void mirage__tcp_rexmit_first(struct mirage__tcp_conn *c)
{
    uint32_t len = min32(c->sq_bytes, c->mss);
    uint8_t flags = MIRAGE__TCP_ACK;
    if (len == c->sq_bytes && (c->flags & MIRAGE__TCPF_FIN_SENT))
        flags |= MIRAGE__TCP_FIN;
    if (len == 0 && !(flags & MIRAGE__TCP_FIN))
        return;
    note_sent(c, c->snd_una, len);
    mirage__tcp_xmit(c, c->snd_una, len, flags);
    if (mirage__seq_lt(c->rexmit_hi, c->snd_una + len))
        c->rexmit_hi = c->snd_una + len;
}

static void persist_check(struct mirage__tcp_conn *c)
{
    uint32_t off = c->snd_nxt - c->snd_una;
    if (c->sq_bytes > off && c->snd_una == c->snd_max &&
        !c->deadline[MIRAGE__TCPT_RTX]) {
        c->flags |= MIRAGE__TCPF_PERSIST;
        mirage__tcp_rtx_arm(c);
    }
}

void mirage__tcp_output(struct mirage__tcp_conn *c)
{
    if (c->state < MIRAGE__TCPS_ESTABLISHED)
        return;
    if (c->state == MIRAGE__TCPS_TIME_WAIT) {
        if (c->flags & MIRAGE__TCPF_ACKNOW)
            mirage__tcp_send_ack(c);
        return;
    }
    bool sent = false;
    if ((c->flags & MIRAGE__TCPF_RECOVERY) && (c->flags & MIRAGE__TCPF_SACK))
        sent = sack_rexmit(c);
    bool force = (c->flags & MIRAGE__TCPF_FORCE) != 0;
    c->flags &= ~MIRAGE__TCPF_FORCE;
    while (send_one(c, force)) {
        sent = true;
        force = false;
    }
    if (!sent && (c->flags & MIRAGE__TCPF_ACKNOW))
        mirage__tcp_send_ack(c);
    persist_check(c);
}
