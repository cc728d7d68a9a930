/* SPDX-License-Identifier: ISC */
/* Retransmission timeout (RFC 6298) and NewReno congestion control. */
#include "tcp_priv.h"

/*
 * cwnd and ssthresh are in bytes.  Slow start grows cwnd by the bytes
 * acknowledged, at most two segments per ACK (RFC 3465 with L = 2);
 * congestion avoidance by one segment per window acknowledged (RFC 5681
 * 3.1, byte counting).  Loss recovery itself (what to retransmit) is in
 * tcp_ack.c; this file sets the windows.
 */

#define GRANULARITY_US 1000u /* G of RFC 6298: the 1 ms timestamp clock */
#define CWND_MAX 0x40000000u

static uint32_t clamp_rto(const struct mirage__tcp_conn *c, uint64_t us)
{
    const struct mirage_tcp_direct_config *cfg = &c->tcp->cfg;
    uint64_t lo = cfg->rto_min_ns / 1000, hi = cfg->rto_max_ns / 1000;
    if (us < lo)
        us = lo;
    if (us > hi)
        us = hi;
    return (uint32_t)us;
}

void mirage__tcp_cc_init(struct mirage__tcp_conn *c)
{
    uint32_t mss = c->mss;
    /* RFC 6928's initial window, one segment if the SYN was retransmitted
     * (RFC 5681 3.1). */
    c->cwnd = 10 * mss < 14600 ? 10 * mss : (2 * mss > 14600 ? 2 * mss : 14600);
    if (c->retries)
        c->cwnd = mss;
    c->bytes_acked = 0;
}

void mirage__tcp_rtt_sample(struct mirage__tcp_conn *c, uint32_t r)
{
    if (r == 0)
        r = 1;
    if (c->srtt == 0) {
        c->srtt = r;
        c->rttvar = r / 2;
    } else {
        uint32_t delta = c->srtt > r ? c->srtt - r : r - c->srtt;
        c->rttvar = (uint32_t)((3ull * c->rttvar + delta) / 4);
        c->srtt = (uint32_t)((7ull * c->srtt + r) / 8);
    }
    uint64_t var = 4ull * c->rttvar;
    c->rto =
        clamp_rto(c, c->srtt + (var > GRANULARITY_US ? var : GRANULARITY_US));
}

uint64_t mirage__tcp_rto_ns(const struct mirage__tcp_conn *c)
{
    uint64_t ns = (uint64_t)c->rto * 1000;
    uint64_t max = c->tcp->cfg.rto_max_ns;
    for (unsigned i = 0; i < c->retries && ns < max; i++)
        ns *= 2;
    return ns < max ? ns : max;
}

void mirage__tcp_cc_acked(struct mirage__tcp_conn *c, uint32_t acked)
{
    uint32_t mss = c->mss;
    if (c->cwnd < c->ssthresh) {
        c->cwnd += acked < 2 * mss ? acked : 2 * mss;
    } else {
        c->bytes_acked += acked;
        if (c->bytes_acked >= c->cwnd) {
            c->bytes_acked -= c->cwnd;
            c->cwnd += mss;
        }
    }
    if (c->cwnd > CWND_MAX)
        c->cwnd = CWND_MAX;
}

static uint32_t half_flight(const struct mirage__tcp_conn *c)
{
    uint32_t half = mirage__tcp_flight(c) / 2;
    return half > 2u * c->mss ? half : 2u * c->mss;
}

void mirage__tcp_cc_enter_recovery(struct mirage__tcp_conn *c)
{
    c->ssthresh = half_flight(c);
    c->recover = c->snd_max;
    c->flags |= MIRAGE__TCPF_RECOVERY;
    c->rexmit_hi = c->snd_una;
    if (c->flags & MIRAGE__TCPF_SACK)
        c->cwnd = c->ssthresh; /* RFC 6675 5: the pipe decides */
    else
        c->cwnd = c->ssthresh + 3u * c->mss; /* RFC 6582 3.2 step 2 */
    c->tcp->st.fast_retransmits++;
}

void mirage__tcp_cc_dupack(struct mirage__tcp_conn *c)
{
    if ((c->flags & MIRAGE__TCPF_RECOVERY) && !(c->flags & MIRAGE__TCPF_SACK))
        c->cwnd += c->mss; /* RFC 6582 3.2 step 3: inflate */
}

void mirage__tcp_cc_timeout(struct mirage__tcp_conn *c)
{
    if (c->retries <= 1)
        c->ssthresh = half_flight(c); /* RFC 5681 (4), first timeout only */
    c->cwnd = c->mss;
    c->bytes_acked = 0;
    c->recover = c->snd_max;
    c->dupacks = 0;
    c->flags &= ~(MIRAGE__TCPF_RECOVERY | MIRAGE__TCPF_RTT);
    c->nsacked = 0; /* RFC 2018 8: the receiver may have reneged */
}
