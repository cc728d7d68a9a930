/* SPDX-License-Identifier: ISC */
/* Segment arrival: checksum, parsing, demux, and the checks before ACK. */
#include <mirage/buf.h>
#include <mirage/ip.h>

#include "tcp_priv.h"

/*
 * The order of RFC 9293 3.10.7.4 is kept: PAWS (RFC 7323), sequence
 * acceptability with trimming, RST (RFC 5961 3.2: exact match resets,
 * in-window draws a challenge ACK), SYN (RFC 5961 4.2: challenge ACK),
 * timestamps, then the ACK field (tcp_ack.c), data and FIN (tcp_recv.c).
 */

static bool csum_ok(const struct mirage_ipaddr *src,
                    const struct mirage_ipaddr *dst, struct mirage_buf *b)
{
    if (mirage_buf_rx_csum_done(b, 16))
        return true; /* checked by the host, or never damaged */
    uint32_t sum = mirage_csum_pseudo(src, dst, MIRAGE_IP_PROTO_TCP, b->len);
    sum = mirage_csum_partial(mirage_buf_data(b), b->len, sum);
    return mirage_csum_fold(sum) == 0;
}

void mirage__tcp_take_synopts(struct mirage__tcp_conn *c,
                              const struct mirage__tcp_seg *s)
{
    uint32_t peer = s->has_mss                       ? s->mss
                    : c->raddr.family == MIRAGE_IPV6 ? 1220
                                                     : 536;
    uint32_t mtu = mirage_ip_mtu(c->tcp->ip, &c->raddr);
    uint32_t local = mtu > 60 ? mtu - MIRAGE__TCP_HLEN : 40;
    uint32_t mss = peer < local ? peer : local;
    if (mss < 64)
        mss = 64;
    if (!(s->has_ws && (c->flags & MIRAGE__TCPF_WANT_WS))) {
        c->flags &= ~MIRAGE__TCPF_WANT_WS;
        c->snd_ws = c->rcv_ws = 0;
    } else {
        c->flags |= MIRAGE__TCPF_WS;
        c->snd_ws = s->ws;
    }
    if (s->sack_ok && (c->flags & MIRAGE__TCPF_WANT_SACK))
        c->flags |= MIRAGE__TCPF_SACK;
    else
        c->flags &= ~MIRAGE__TCPF_WANT_SACK;
    if (s->has_ts && (c->flags & MIRAGE__TCPF_WANT_TS)) {
        c->flags |= MIRAGE__TCPF_TS;
        c->ts_recent = s->tsval;
        mss -= 12;
    } else {
        c->flags &= ~MIRAGE__TCPF_WANT_TS;
    }
    c->mss = (uint16_t)(mss > 65535 ? 65535 : mss);
    c->rcv_mss = c->mss;
}

/* SYN_SENT (RFC 9293 3.10.7.3). */
static void syn_sent(struct mirage__tcp_conn *c, struct mirage__tcp_seg *s)
{
    struct mirage__tcp *t = c->tcp;
    bool ack = (s->flags & MIRAGE__TCP_ACK) != 0;
    if (ack && (mirage__seq_le(s->ack, c->iss) ||
                mirage__seq_gt(s->ack, c->snd_max))) {
        t->st.drop_bad_ack++;
        mirage__tcp_send_rst(t, &c->laddr, &c->raddr, s);
        return;
    }
    if (s->flags & MIRAGE__TCP_RST) {
        if (ack)
            mirage__tcp_conn_done(c, -ECONNREFUSED);
        else
            t->st.drop_rst++;
        return;
    }
    if (!(s->flags & MIRAGE__TCP_SYN)) {
        t->st.drop_other++;
        return;
    }
    c->irs = s->seq;
    c->rcv_nxt = s->seq + 1;
    c->rcv_adv = c->rcv_nxt;
    mirage__tcp_take_synopts(c, s);
    if (!ack) { /* simultaneous open */
        mirage__tcp_set_state(c, MIRAGE__TCPS_SYN_RCVD);
        mirage__tcp_send_syn(c);
        return;
    }
    if (!mirage__tcp_ack(c, s)) /* establishes, takes the window */
        return;
    c->flags |= MIRAGE__TCPF_ACKNOW;
    mirage__tcp_output(c);
}

/* RFC 7323 5.3 PAWS, and segments that lack a negotiated timestamp. */
static bool paws_ok(struct mirage__tcp_conn *c, const struct mirage__tcp_seg *s)
{
    if (!(c->flags & MIRAGE__TCPF_TS) || (s->flags & MIRAGE__TCP_RST))
        return true;
    if (s->has_ts && mirage__seq_ge(s->tsval, c->ts_recent))
        return true;
    c->tcp->st.drop_paws++;
    if (s->has_ts)
        mirage__tcp_send_ack(c);
    return false;
}

static bool in_window(uint32_t x, uint32_t nxt, uint32_t wnd)
{
    return mirage__seq_le(nxt, x) && mirage__seq_lt(x, nxt + wnd);
}

static bool acceptable(const struct mirage__tcp_conn *c,
                       const struct mirage__tcp_seg *s)
{
    uint32_t seglen = s->len + !!(s->flags & MIRAGE__TCP_SYN) +
                      !!(s->flags & MIRAGE__TCP_FIN);
    uint32_t wnd =
        mirage__seq_gt(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;
    if (wnd == 0) /* ACKs still count at the left edge; data is trimmed */
        return s->seq == c->rcv_nxt;
    if (seglen == 0)
        return in_window(s->seq, c->rcv_nxt, wnd);
    return in_window(s->seq, c->rcv_nxt, wnd) ||
           in_window(s->seq + seglen - 1, c->rcv_nxt, wnd);
}

/* Cuts what lies outside [rcv_nxt, rcv_adv) off the segment. */
static void trim(struct mirage__tcp_conn *c, struct mirage__tcp_seg *s)
{
    if (mirage__seq_lt(s->seq, c->rcv_nxt)) {
        uint32_t skip = c->rcv_nxt - s->seq;
        if (s->flags & MIRAGE__TCP_SYN) {
            s->flags &= (uint8_t)~MIRAGE__TCP_SYN;
            skip--;
            s->seq++;
        }
        if (skip > s->len) {
            s->flags &= (uint8_t)~MIRAGE__TCP_FIN;
            skip = s->len;
        }
        s->data += skip;
        s->len -= skip;
        s->seq += skip;
        c->flags |= MIRAGE__TCPF_ACKNOW; /* a duplicate: ACK at once */
    }
    uint32_t wnd =
        mirage__seq_gt(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;
    uint32_t room = c->rcv_nxt + wnd - s->seq;
    if (s->len > room) {
        s->len = room;
        s->flags &= (uint8_t)~MIRAGE__TCP_FIN;
        c->flags |= MIRAGE__TCPF_ACKNOW;
    }
}

static void reject(struct mirage__tcp_conn *c, const struct mirage__tcp_seg *s)
{
    c->tcp->st.drop_out_of_window++;
    if (s->flags & MIRAGE__TCP_RST)
        return;
    if (c->state == MIRAGE__TCPS_TIME_WAIT && (s->flags & MIRAGE__TCP_FIN))
        mirage__tcp_idle_arm(c); /* the peer lost our ACK: 2 MSL again */
    /* A keep-alive or zero-window probe (one below rcv_nxt) is always
     * answered; other empty segments are rate-limited against ACK wars. */
    bool probe = s->seq == c->rcv_nxt - 1 && s->len <= 1;
    if (s->len == 0 && !probe &&
        !(s->flags & (MIRAGE__TCP_SYN | MIRAGE__TCP_FIN)))
        mirage__tcp_challenge_ack(c);
    else
        mirage__tcp_send_ack(c);
}

static void got_rst(struct mirage__tcp_conn *c, const struct mirage__tcp_seg *s)
{
    if (s->seq != c->rcv_nxt) {
        c->tcp->st.drop_rst++;
        mirage__tcp_challenge_ack(c);
        return;
    }
    switch (c->state) {
    case MIRAGE__TCPS_SYN_RCVD:
    case MIRAGE__TCPS_CLOSING:
    case MIRAGE__TCPS_LAST_ACK:
    case MIRAGE__TCPS_TIME_WAIT:
        mirage__tcp_conn_done(
            c, c->state == MIRAGE__TCPS_SYN_RCVD && !c->listener ? -ECONNREFUSED
                                                                 : 0);
        break;
    default:
        mirage__tcp_conn_done(c, -ECONNRESET);
        break;
    }
}

/* A SYN for the tuple of a TIME_WAIT connection may open a new one if it
 * is newer (RFC 6191); returns true if it was handled here. */
static bool time_wait_syn(struct mirage__tcp_conn *c,
                          const struct mirage__tcp_seg *s)
{
    if ((s->flags & (MIRAGE__TCP_SYN | MIRAGE__TCP_ACK | MIRAGE__TCP_RST)) !=
        MIRAGE__TCP_SYN)
        return false;
    bool newer = (c->flags & MIRAGE__TCPF_TS) && s->has_ts
                     ? mirage__seq_gt(s->tsval, c->ts_recent)
                     : mirage__seq_gt(s->seq, c->rcv_nxt);
    struct mirage__tcp_listener *l =
        mirage__tcp_listener_find(c->tcp, c->lport);
    if (!newer || !l)
        return false;
    struct mirage_ipaddr la = c->laddr, ra = c->raddr;
    mirage__tcp_conn_done(c, 0);
    mirage__tcp_listen_input(l, &ra, &la, s);
    return true;
}

static void synchronized(struct mirage__tcp_conn *c, struct mirage__tcp_seg *s)
{
    if (c->state == MIRAGE__TCPS_SYN_RCVD &&
        (s->flags & (MIRAGE__TCP_SYN | MIRAGE__TCP_ACK)) == MIRAGE__TCP_SYN &&
        s->seq == c->irs) {
        mirage__tcp_send_syn(c); /* our SYN-ACK was lost */
        return;
    }
    if (c->state == MIRAGE__TCPS_TIME_WAIT && time_wait_syn(c, s))
        return;
    if (!paws_ok(c, s))
        return;
    if (!acceptable(c, s)) {
        reject(c, s);
        return;
    }
    if (s->flags & MIRAGE__TCP_RST) {
        got_rst(c, s);
        return;
    }
    if (s->flags & MIRAGE__TCP_SYN) {
        mirage__tcp_challenge_ack(c);
        c->tcp->st.drop_other++;
        return;
    }
    if (!(s->flags & MIRAGE__TCP_ACK)) {
        c->tcp->st.drop_other++;
        return;
    }
    trim(c, s);
    if (s->has_ts && mirage__seq_le(s->seq, c->last_ack_sent) &&
        mirage__seq_ge(s->tsval, c->ts_recent))
        c->ts_recent = s->tsval;
    if (!mirage__tcp_ack(c, s))
        return;
    if (mirage__tcp_recv_data(c, s))
        mirage__tcp_output(c);
}

void mirage__tcp_input_conn(struct mirage__tcp_conn *c,
                            struct mirage__tcp_seg *s)
{
    c->last_rcv = mirage__tcp_now(c->tcp);
    c->ka_sent = 0;
    if (c->state == MIRAGE__TCPS_SYN_SENT)
        syn_sent(c, s);
    else
        synchronized(c, s);
}

void mirage__tcp_input(void *arg, struct mirage_ip *ip,
                       const struct mirage_ipaddr *src,
                       const struct mirage_ipaddr *dst, struct mirage_buf *b)
{
    struct mirage__tcp *t = arg;
    struct mirage__tcp_seg s;
    (void)ip;
    t->st.segs_in++;
    if (b->len < MIRAGE__TCP_HLEN) {
        t->st.drop_short++;
        return;
    }
    if (!csum_ok(src, dst, b)) {
        t->st.drop_checksum++;
        return;
    }
    int r = mirage__tcp_parse(mirage_buf_data(b), b->len, &s);
    if (r != MIRAGE__TCP_OK) {
        if (r == MIRAGE__TCP_EOPTS)
            t->st.drop_options++;
        else
            t->st.drop_short++;
        return;
    }
    if (s.sport == 0 || s.dport == 0) {
        t->st.drop_other++;
        return;
    }
    t->st.bytes_in += s.len;
    struct mirage__tcp_conn *c =
        mirage__tcp_conn_find(t, dst, s.dport, src, s.sport);
    if (c) {
        mirage__tcp_input_conn(c, &s);
        return;
    }
    struct mirage__tcp_listener *l = mirage__tcp_listener_find(t, s.dport);
    if (l) {
        mirage__tcp_listen_input(l, src, dst, &s);
        return;
    }
    t->st.drop_no_conn++;
    mirage__tcp_send_rst(t, dst, src, &s);
}
