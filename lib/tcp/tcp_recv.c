/* SPDX-License-Identifier: ISC */
/* Segment text and FIN: queueing in order or out of order, delayed ACKs. */
#include "tcp_priv.h"

/*
 * RFC 9293 3.10.7.4 steps 7 and 8.  In-order data goes to the receive
 * queue and is acknowledged at least every second full segment or after
 * the delayed-ACK timeout (RFC 5681 4.2, RFC 9293 3.8.6.3); a segment out
 * of order, or one that fills a hole, is acknowledged at once (with SACK
 * blocks when negotiated).  Data arriving after the application closed
 * the connection resets it (RFC 2525 2.17).
 */

static bool takes_data(const struct mirage__tcp_conn *c)
{
    return c->state == MIRAGE__TCPS_ESTABLISHED ||
           c->state == MIRAGE__TCPS_FIN_WAIT_1 ||
           c->state == MIRAGE__TCPS_FIN_WAIT_2;
}

static void ack_policy(struct mirage__tcp_conn *c, bool hole_filled)
{
    if (c->ooo || hole_filled ||
        c->rcv_nxt - c->last_ack_sent >= 2u * c->rcv_mss) {
        c->flags |= MIRAGE__TCPF_ACKNOW;
        return;
    }
    if (!c->deadline[MIRAGE__TCPT_DELACK])
        mirage__tcp_timer_set(c, MIRAGE__TCPT_DELACK,
                              mirage__tcp_now(c->tcp) + c->tcp->cfg.delack_ns);
}

/* The peer's segments are longer than we thought: ACK pacing follows
 * them, but never beyond the MSS we announced (a segment the host
 * coalesced, longer than the MTU, must not delay ACKs). */
static void grow_rcv_mss(struct mirage__tcp_conn *c, uint32_t len)
{
    uint32_t mtu = mirage_ip_mtu(c->tcp->ip, &c->raddr);
    uint32_t max = mtu > 60 ? mtu - MIRAGE__TCP_HLEN : 40;
    if (len > max) {
        c->tcp->st.large_in++;
        len = max;
    }
    if (len > c->rcv_mss)
        c->rcv_mss = (uint16_t)(len > 65535 ? 65535 : len);
}

static void in_order(struct mirage__tcp_conn *c,
                     const struct mirage__tcp_seg *s)
{
    uint32_t n = s->len;
    if (c->flags & MIRAGE__TCPF_SHUT_RD) {
        c->rcv_nxt += n; /* read side shut: acknowledged and discarded */
    } else {
        n = (uint32_t)mirage__tcp_rq_append(c, s->data, s->len);
        c->rcv_nxt += n;
        if (n < s->len)
            c->tcp->st.drop_memory++; /* the rest comes again */
    }
    if (s->len > c->rcv_mss)
        grow_rcv_mss(c, s->len);
    bool filled = c->ooo && mirage__tcp_ooo_pull(c);
    ack_policy(c, filled);
    mirage__tcp_wake(c);
}

static void out_of_order(struct mirage__tcp_conn *c,
                         const struct mirage__tcp_seg *s)
{
    if (mirage__tcp_ooo_insert(c, s->seq, s->data, s->len) < 0)
        c->tcp->st.drop_memory++;
    c->flags |= MIRAGE__TCPF_ACKNOW;
}

static void fin(struct mirage__tcp_conn *c)
{
    c->rcv_nxt++;
    c->flags |= MIRAGE__TCPF_FIN_RCVD | MIRAGE__TCPF_ACKNOW;
    c->flags &= ~MIRAGE__TCPF_OOO_FIN;
    switch (c->state) {
    case MIRAGE__TCPS_ESTABLISHED:
        mirage__tcp_set_state(c, MIRAGE__TCPS_CLOSE_WAIT);
        break;
    case MIRAGE__TCPS_FIN_WAIT_1:
        mirage__tcp_set_state(c, MIRAGE__TCPS_CLOSING);
        break;
    case MIRAGE__TCPS_FIN_WAIT_2:
        mirage__tcp_set_state(c, MIRAGE__TCPS_TIME_WAIT);
        mirage__tcp_timer_set(c, MIRAGE__TCPT_RTX, 0);
        mirage__tcp_idle_arm(c);
        break;
    default:
        break;
    }
    mirage__tcp_wake(c);
}

bool mirage__tcp_recv_data(struct mirage__tcp_conn *c,
                           const struct mirage__tcp_seg *s)
{
    if (s->len > 0 && takes_data(c)) {
        if ((c->flags & MIRAGE__TCPF_EVER_APP) &&
            !(c->flags & MIRAGE__TCPF_APP)) {
            mirage__tcp_send_rst_conn(c);
            mirage__tcp_conn_done(c, -ECONNRESET);
            return false;
        }
        if (s->seq == c->rcv_nxt)
            in_order(c, s);
        else
            out_of_order(c, s);
    }
    if (!takes_data(c))
        return true;
    if (s->flags & MIRAGE__TCP_FIN) {
        uint32_t fin_seq = s->seq + s->len;
        if (mirage__seq_gt(fin_seq, c->rcv_nxt)) {
            c->flags |= MIRAGE__TCPF_OOO_FIN | MIRAGE__TCPF_ACKNOW;
            c->ooo_fin_seq = fin_seq;
        } else if (fin_seq == c->rcv_nxt) {
            fin(c);
            return true;
        }
    }
    if ((c->flags & MIRAGE__TCPF_OOO_FIN) && c->ooo_fin_seq == c->rcv_nxt)
        fin(c);
    return true;
}
