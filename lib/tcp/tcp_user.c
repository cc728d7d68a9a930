/* SPDX-License-Identifier: ISC */
/* The user calls of RFC 9293 3.10, non-blocking: -EAGAIN means "wait". */
#include <mirage/ip.h>
#include <mirage/random.h>

#include "tcp_priv.h"

/* A free local port for the tuple, starting at a random place. */
static int pick_port(struct mirage__tcp *t, struct mirage__tcp_conn *c)
{
    uint32_t lo = t->cfg.port_lo, n = (uint32_t)t->cfg.port_hi - lo + 1;
    uint32_t start = (uint32_t)mirage_random_uniform(t->rng, n);
    for (uint32_t i = 0; i < n; i++) {
        uint16_t port = (uint16_t)(lo + (start + i) % n);
        if (!mirage__tcp_conn_find(t, &c->laddr, port, &c->raddr, c->rport) &&
            !mirage__tcp_listener_find(t, port)) {
            c->lport = port;
            return 0;
        }
    }
    return -EADDRNOTAVAIL;
}

int mirage__tcp_open(struct mirage__tcp *t, const struct mirage_ipaddr *dst,
                     uint16_t port, struct mirage__tcp_conn **out)
{
    if (port == 0)
        return -EINVAL;
    struct mirage__tcp_conn *c = mirage__tcp_conn_new(t);
    if (!c)
        return -ENOMEM;
    c->raddr = *dst;
    c->rport = port;
    int err = mirage_ip_src(t->ip, dst, &c->laddr);
    if (err == 0)
        err = pick_port(t, c);
    if (err < 0) {
        mirage__tcp_conn_maybe_free(c);
        return err;
    }
    mirage__tcp_conn_offer(c);
    mirage__tcp_conn_init_seq(c);
    c->flags |= MIRAGE__TCPF_APP | MIRAGE__TCPF_EVER_APP;
    mirage__tcp_set_state(c, MIRAGE__TCPS_SYN_SENT);
    mirage__tcp_conn_hash(c);
    mirage__tcp_send_syn(c);
    mirage__tcp_rtx_arm(c);
    *out = c;
    return 0;
}

int mirage__tcp_open_status(struct mirage__tcp_conn *c)
{
    if (c->err)
        return c->err;
    if (c->state == MIRAGE__TCPS_SYN_SENT || c->state == MIRAGE__TCPS_SYN_RCVD)
        return -EAGAIN;
    return c->state == MIRAGE__TCPS_CLOSED ? -ECONNRESET : 0;
}

static int send_check(struct mirage__tcp_conn *c)
{
    if (c->err)
        return c->err;
    if (c->flags & MIRAGE__TCPF_FIN_Q)
        return -EPIPE;
    if (c->state != MIRAGE__TCPS_ESTABLISHED &&
        c->state != MIRAGE__TCPS_CLOSE_WAIT)
        return c->state == MIRAGE__TCPS_CLOSED ? -ENOTCONN : -EAGAIN;
    if (c->sq_bytes >= c->tcp->cfg.snd_buf)
        return -EAGAIN;
    return 0;
}

long mirage__tcp_send(struct mirage__tcp_conn *c, const void *p, size_t n)
{
    int err = send_check(c);
    if (err < 0)
        return err;
    uint32_t room = c->tcp->cfg.snd_buf - c->sq_bytes;
    uint32_t k = mirage__tcp_sq_append(c, p, n < room ? (uint32_t)n : room);
    if (k == 0 && n > 0)
        return -ENOMEM;
    mirage__tcp_output(c);
    return k;
}

int mirage__tcp_send_buf(struct mirage__tcp_conn *c, struct mirage_buf *b)
{
    int err = send_check(c);
    if (err == -EAGAIN)
        return err; /* b is not taken: the caller waits and retries */
    if (err < 0) {
        mirage_buf_unref(b);
        return err;
    }
    err = mirage__tcp_sq_append_buf(c, b);
    mirage__tcp_output(c);
    return err;
}

/* After a read: announce a window that opened a lot (by a segment or
 * half the buffer, and at least doubled), so a stalled sender resumes. */
static void window_update(struct mirage__tcp_conn *c)
{
    if (c->state != MIRAGE__TCPS_ESTABLISHED &&
        c->state != MIRAGE__TCPS_FIN_WAIT_1 &&
        c->state != MIRAGE__TCPS_FIN_WAIT_2)
        return;
    uint32_t cur =
        mirage__seq_gt(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;
    uint32_t space = mirage__tcp_rcv_space(c);
    uint32_t step = c->tcp->cfg.rcv_buf / 2; /* as tcp_xmit.c's window */
    if (step > c->mss)
        step = c->mss;
    if (space >= cur + step && space >= 2 * cur) {
        c->flags |= MIRAGE__TCPF_ACKNOW;
        mirage__tcp_output(c);
    }
}

long mirage__tcp_recv(struct mirage__tcp_conn *c, void *p, size_t n)
{
    if (c->rq_bytes > 0 && n > 0) {
        uint32_t k = mirage__tcp_rq_read(
            c, p, n > UINT32_MAX ? UINT32_MAX : (uint32_t)n);
        window_update(c);
        return k;
    }
    if (c->err)
        return c->err;
    if ((c->flags & (MIRAGE__TCPF_FIN_RCVD | MIRAGE__TCPF_SHUT_RD)) ||
        c->state == MIRAGE__TCPS_CLOSED || n == 0)
        return 0;
    return -EAGAIN;
}

static void shut_wr(struct mirage__tcp_conn *c)
{
    if (c->flags & MIRAGE__TCPF_FIN_Q)
        return;
    c->flags |= MIRAGE__TCPF_FIN_Q;
    if (c->state == MIRAGE__TCPS_ESTABLISHED)
        mirage__tcp_set_state(c, MIRAGE__TCPS_FIN_WAIT_1);
    else if (c->state == MIRAGE__TCPS_CLOSE_WAIT)
        mirage__tcp_set_state(c, MIRAGE__TCPS_LAST_ACK);
    mirage__tcp_output(c);
}

int mirage__tcp_shutdown(struct mirage__tcp_conn *c, int how)
{
    if (how < MIRAGE_FLOW_SHUT_RD || how > MIRAGE_FLOW_SHUT_RDWR)
        return -EINVAL;
    if (c->state == MIRAGE__TCPS_CLOSED)
        return c->err ? c->err : -ENOTCONN;
    if (how & MIRAGE_FLOW_SHUT_RD) {
        c->flags |= MIRAGE__TCPF_SHUT_RD;
        mirage__tcp_rq_free(c);
    }
    if (how & MIRAGE_FLOW_SHUT_WR)
        shut_wr(c);
    mirage__tcp_wake(c);
    return 0;
}

void mirage__tcp_close(struct mirage__tcp_conn *c)
{
    c->flags &= ~MIRAGE__TCPF_APP;
    switch (c->state) {
    case MIRAGE__TCPS_CLOSED:
        mirage__tcp_conn_maybe_free(c);
        return;
    case MIRAGE__TCPS_SYN_SENT:
    case MIRAGE__TCPS_SYN_RCVD:
        mirage__tcp_conn_done(c, 0);
        return;
    default:
        break;
    }
    if (c->rq_bytes > 0) { /* unread data: abort (RFC 2525 2.17) */
        mirage__tcp_send_rst_conn(c);
        mirage__tcp_conn_done(c, 0);
        return;
    }
    c->flags |= MIRAGE__TCPF_SHUT_RD;
    c->flags &= ~MIRAGE__TCPF_KEEPALIVE;
    shut_wr(c);
    if (c->state != MIRAGE__TCPS_TIME_WAIT)
        mirage__tcp_idle_arm(c); /* orphan FIN_WAIT_2 limit */
}

void mirage__tcp_set_keepalive(struct mirage__tcp_conn *c,
                               const struct mirage_tcp_keepalive *ka)
{
    if (!ka) {
        c->flags &= ~MIRAGE__TCPF_KEEPALIVE;
    } else {
        uint64_t idle = ka->idle_ns / 1000000,
                 intvl = ka->interval_ns / 1000000;
        c->ka_idle_ms = (uint32_t)(idle < 1            ? 1
                                   : idle > UINT32_MAX ? UINT32_MAX
                                                       : idle);
        c->ka_intvl_ms = (uint32_t)(intvl < 1            ? 1
                                    : intvl > UINT32_MAX ? UINT32_MAX
                                                         : intvl);
        c->ka_probes = (uint8_t)(ka->probes < 1     ? 1
                                 : ka->probes > 255 ? 255
                                                    : ka->probes);
        c->ka_sent = 0;
        c->flags |= MIRAGE__TCPF_KEEPALIVE;
    }
    mirage__tcp_idle_arm(c);
}
