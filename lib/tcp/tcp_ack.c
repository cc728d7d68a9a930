/* SPDX-License-Identifier: ISC */
/* The ACK field: handshake completion, RTT, windows, loss recovery. */
#include "tcp_priv.h"

/*
 * RFC 9293 3.10.7.4 step 5 with RFC 5961 5.2 (an ACK for data never sent,
 * or older than the largest window, is dropped and answered), RFC 6298
 * timer rules, RFC 7323 RTT measurement from TSecr, RFC 5681/6582 duplicate
 * ACKs and NewReno partial ACKs, and RFC 6675's SACK-based entry into loss
 * recovery.
 */

static void rtt_from_ack(struct mirage__tcp_conn *c,
                         const struct mirage__tcp_seg *s)
{
    if ((c->flags & MIRAGE__TCPF_TS) && s->has_ts && s->tsecr) {
        uint32_t ms = mirage__tcp_tsval(c) - s->tsecr;
        if (ms < 0x80000000u &&
            (uint64_t)ms * 1000000 <= c->tcp->cfg.rto_max_ns)
            mirage__tcp_rtt_sample(c, ms * 1000);
        return;
    }
    if ((c->flags & MIRAGE__TCPF_RTT) && mirage__seq_gt(s->ack, c->rtt_seq)) {
        uint64_t ns = mirage__tcp_now(c->tcp) - c->rtt_start;
        mirage__tcp_rtt_sample(c, (uint32_t)(ns / 1000));
        c->flags &= ~MIRAGE__TCPF_RTT;
    }
}

static void take_window(struct mirage__tcp_conn *c,
                        const struct mirage__tcp_seg *s)
{
    uint32_t shift = (s->flags & MIRAGE__TCP_SYN) ? 0 : c->snd_ws;
    c->snd_wnd = (uint32_t)s->wnd << shift;
    c->snd_wl1 = s->seq;
    c->snd_wl2 = s->ack;
    if (c->snd_wnd > c->max_snd_wnd)
        c->max_snd_wnd = c->snd_wnd;
    if (c->snd_wnd > 0 && (c->flags & MIRAGE__TCPF_PERSIST)) {
        c->flags &= ~MIRAGE__TCPF_PERSIST;
        c->retries = 0;
        mirage__tcp_timer_set(c, MIRAGE__TCPT_RTX, 0);
        if (c->snd_una != c->snd_max)
            mirage__tcp_rtx_arm(c);
    }
}

/* SYN_SENT or SYN_RCVD to ESTABLISHED; false if the segment is dropped. */
static bool establish(struct mirage__tcp_conn *c,
                      const struct mirage__tcp_seg *s)
{
    struct mirage__tcp *t = c->tcp;
    if (mirage__seq_le(s->ack, c->snd_una) ||
        mirage__seq_gt(s->ack, c->snd_max)) {
        t->st.drop_bad_ack++;
        mirage__tcp_send_rst(t, &c->laddr, &c->raddr, s);
        return false;
    }
    if (c->listener && !mirage__tcp_listen_established(c))
        return false; /* accept queue full: the peer will retry */
    if (c->flags & MIRAGE__TCPF_TS)
        rtt_from_ack(c, s);
    else if (c->retries == 0 && c->rtt_start)
        mirage__tcp_rtt_sample(
            c, (uint32_t)((mirage__tcp_now(t) - c->rtt_start) / 1000));
    c->snd_una = c->iss + 1;
    c->flags |= MIRAGE__TCPF_SYN_ACKED;
    mirage__tcp_cc_init(c);
    c->retries = 0;
    c->recover = c->snd_una;
    take_window(c, s);
    mirage__tcp_timer_set(c, MIRAGE__TCPT_RTX, 0);
    mirage__tcp_set_state(c, MIRAGE__TCPS_ESTABLISHED);
    mirage__tcp_idle_arm(c);
    mirage__tcp_wake(c);
    return true;
}

static void recovery_ack(struct mirage__tcp_conn *c, uint32_t acked)
{
    if (mirage__seq_ge(c->snd_una, c->recover)) {
        /* Full acknowledgement (RFC 6582 3.2 step 6, option 1). */
        uint32_t flight = mirage__tcp_flight(c) + c->mss;
        c->flags &= ~MIRAGE__TCPF_RECOVERY;
        c->cwnd = (c->flags & MIRAGE__TCPF_SACK) || flight > c->ssthresh
                      ? c->ssthresh
                      : flight;
        c->dupacks = 0;
        return;
    }
    if (c->flags & MIRAGE__TCPF_SACK)
        return; /* the pipe drives what goes next (tcp_output.c) */
    /* Partial acknowledgement (step 5): resend the next hole, deflate. */
    mirage__tcp_rexmit_first(c);
    c->cwnd = c->cwnd > acked ? c->cwnd - acked : 0;
    if (acked >= c->mss)
        c->cwnd += c->mss;
    if (c->cwnd < c->mss)
        c->cwnd = c->mss;
}

/* Returns false if c is gone (the FIN of LAST_ACK was acknowledged). */
static bool fin_acked(struct mirage__tcp_conn *c)
{
    c->flags |= MIRAGE__TCPF_FIN_ACKED;
    switch (c->state) {
    case MIRAGE__TCPS_FIN_WAIT_1:
        mirage__tcp_set_state(c, MIRAGE__TCPS_FIN_WAIT_2);
        mirage__tcp_idle_arm(c);
        return true;
    case MIRAGE__TCPS_CLOSING:
        mirage__tcp_set_state(c, MIRAGE__TCPS_TIME_WAIT);
        mirage__tcp_timer_set(c, MIRAGE__TCPT_RTX, 0);
        mirage__tcp_idle_arm(c);
        return true;
    case MIRAGE__TCPS_LAST_ACK:
        mirage__tcp_conn_done(c, 0);
        return false;
    default:
        return true;
    }
}

static bool new_ack(struct mirage__tcp_conn *c, const struct mirage__tcp_seg *s)
{
    uint32_t acked = s->ack - c->snd_una;
    bool fin = false;
    if (acked > c->sq_bytes) {
        fin = (c->flags & MIRAGE__TCPF_FIN_SENT) != 0;
        mirage__tcp_sq_drop(c, c->sq_bytes);
    } else {
        mirage__tcp_sq_drop(c, acked);
    }
    c->snd_una = s->ack;
    if (mirage__seq_lt(c->snd_nxt, c->snd_una))
        c->snd_nxt = c->snd_una;
    if (mirage__seq_lt(c->rexmit_hi, c->snd_una))
        c->rexmit_hi = c->snd_una;
    rtt_from_ack(c, s);
    c->retries = 0;
    mirage__tcp_sack_trim(c);
    if (c->flags & MIRAGE__TCPF_SACK)
        mirage__tcp_sack_update(c, s);
    if (c->flags & MIRAGE__TCPF_RECOVERY) {
        recovery_ack(c, acked);
    } else {
        c->dupacks = 0;
        mirage__tcp_cc_acked(c, acked);
    }
    if (c->snd_una == c->snd_max)
        mirage__tcp_timer_set(c, MIRAGE__TCPT_RTX, 0);
    else
        mirage__tcp_rtx_arm(c);
    mirage__tcp_wake(c); /* room in the send buffer */
    return fin ? fin_acked(c) : true;
}

static bool is_dupack(const struct mirage__tcp_conn *c,
                      const struct mirage__tcp_seg *s)
{
    return s->ack == c->snd_una && s->len == 0 &&
           !(s->flags & (MIRAGE__TCP_SYN | MIRAGE__TCP_FIN)) &&
           ((uint32_t)s->wnd << c->snd_ws) == c->snd_wnd &&
           c->snd_una != c->snd_max && !(c->flags & MIRAGE__TCPF_PERSIST);
}

static void dupack(struct mirage__tcp_conn *c, const struct mirage__tcp_seg *s)
{
    mirage__tcp_sack_update(c, s);
    if (c->dupacks < 255)
        c->dupacks++;
    if (c->flags & MIRAGE__TCPF_RECOVERY) {
        mirage__tcp_cc_dupack(c);
        return;
    }
    bool lost = (c->flags & MIRAGE__TCPF_SACK) &&
                mirage__tcp_sack_is_lost(c, c->snd_una);
    if ((c->dupacks >= 3 || lost) && mirage__seq_ge(c->snd_una, c->recover)) {
        mirage__tcp_cc_enter_recovery(c);
        mirage__tcp_rexmit_first(c);
    }
}

bool mirage__tcp_ack(struct mirage__tcp_conn *c,
                     const struct mirage__tcp_seg *s)
{
    struct mirage__tcp *t = c->tcp;
    if (c->state == MIRAGE__TCPS_SYN_SENT || c->state == MIRAGE__TCPS_SYN_RCVD)
        return establish(c, s);
    if (mirage__seq_gt(s->ack, c->snd_max)) {
        t->st.drop_bad_ack++;
        mirage__tcp_challenge_ack(c);
        return false;
    }
    if (mirage__seq_lt(s->ack, c->snd_una - c->max_snd_wnd)) {
        t->st.drop_bad_ack++;
        mirage__tcp_challenge_ack(c);
        return false;
    }
    bool dup = is_dupack(c, s);
    bool update = mirage__seq_lt(c->snd_wl1, s->seq) ||
                  (c->snd_wl1 == s->seq && mirage__seq_le(c->snd_wl2, s->ack));
    if (mirage__seq_gt(s->ack, c->snd_una)) {
        if (update)
            take_window(c, s);
        return new_ack(c, s);
    }
    if (dup)
        dupack(c, s);
    else if (c->flags & MIRAGE__TCPF_SACK)
        mirage__tcp_sack_update(c, s);
    if (update)
        take_window(c, s);
    return true;
}
