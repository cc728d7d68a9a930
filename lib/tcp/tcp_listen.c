/* SPDX-License-Identifier: ISC */
/* Listeners: SYN queue, accept queue (backlog), SYN cookies under flood. */
#include <stdlib.h>
#include <string.h>

#include "tcp_priv.h"

/*
 * A SYN to a listening port creates a SYN_RCVD connection in the
 * listener's SYN queue, bounded per listener (cfg.syn_queue) and in all
 * (cfg.max_half_open).  Beyond those bounds the engine answers with a SYN
 * cookie and keeps nothing (tcp_cookie.c), or, with cookies disabled,
 * evicts the oldest half-open connection.  A completed handshake moves the
 * connection to the accept queue; when that holds backlog connections,
 * new SYNs are dropped and final ACKs ignored (the peer retries).
 */

struct mirage__tcp_listener *mirage__tcp_listener_find(struct mirage__tcp *t,
                                                       uint16_t port)
{
    for (struct mirage__tcp_listener *l = t->listeners; l; l = l->next)
        if (l->port == port)
            return l;
    return NULL;
}

int mirage__tcp_listen_open(struct mirage__tcp *t, uint16_t port, int backlog,
                            struct mirage__tcp_listener **out)
{
    if (port == 0)
        return -EINVAL;
    if (mirage__tcp_listener_find(t, port))
        return -EADDRINUSE;
    struct mirage__tcp_listener *l = calloc(1, sizeof *l);
    if (!l)
        return -ENOMEM;
    l->pub.tcp = &t->pub;
    l->tcp = t;
    l->port = port;
    l->backlog = backlog < 1 ? 1 : backlog > 65535 ? 65535 : (unsigned)backlog;
    mirage_cond_init(&l->cond);
    l->next = t->listeners;
    t->listeners = l;
    t->st.listeners++;
    *out = l;
    return 0;
}

static void unlink_syn(struct mirage__tcp_listener *l,
                       struct mirage__tcp_conn *c)
{
    for (struct mirage__tcp_conn **pp = &l->syn_q; *pp; pp = &(*pp)->qnext) {
        if (*pp == c) {
            *pp = c->qnext;
            l->syn_len--;
            return;
        }
    }
}

static void unlink_acc(struct mirage__tcp_listener *l,
                       struct mirage__tcp_conn *c)
{
    struct mirage__tcp_conn *prev = NULL;
    for (struct mirage__tcp_conn *x = l->acc_head; x; prev = x, x = x->qnext) {
        if (x != c)
            continue;
        if (prev)
            prev->qnext = x->qnext;
        else
            l->acc_head = x->qnext;
        if (l->acc_tail == x)
            l->acc_tail = prev;
        l->acc_len--;
        return;
    }
}

void mirage__tcp_listen_forget(struct mirage__tcp_conn *c)
{
    struct mirage__tcp_listener *l = c->listener;
    if (c->flags & MIRAGE__TCPF_QUEUED)
        unlink_acc(l, c);
    else
        unlink_syn(l, c);
    c->flags &= ~MIRAGE__TCPF_QUEUED;
    c->qnext = NULL;
    c->listener = NULL;
}

bool mirage__tcp_listen_established(struct mirage__tcp_conn *c)
{
    struct mirage__tcp_listener *l = c->listener;
    if (l->acc_len >= l->backlog) {
        c->tcp->st.drop_listen_overflow++;
        return false;
    }
    unlink_syn(l, c);
    c->qnext = NULL;
    if (l->acc_tail)
        l->acc_tail->qnext = c;
    else
        l->acc_head = c;
    l->acc_tail = c;
    l->acc_len++;
    c->flags |= MIRAGE__TCPF_QUEUED;
    if (l->cond.head)
        mirage_cond_broadcast(&l->cond);
    return true;
}

struct mirage__tcp_conn *mirage__tcp_listen_take(struct mirage__tcp_listener *l)
{
    struct mirage__tcp_conn *c = l->acc_head;
    if (!c)
        return NULL;
    mirage__tcp_listen_forget(c);
    c->flags |= MIRAGE__TCPF_APP | MIRAGE__TCPF_EVER_APP;
    c->tcp->st.conn_accepted++;
    return c;
}

/* A connection on the stack standing for a peer we keep no state for. */
static void tuple(struct mirage__tcp_conn *c, struct mirage__tcp *t,
                  const struct mirage_ipaddr *src,
                  const struct mirage_ipaddr *dst,
                  const struct mirage__tcp_seg *s)
{
    memset(c, 0, sizeof *c);
    c->tcp = t;
    c->laddr = *dst;
    c->raddr = *src;
    c->lport = s->dport;
    c->rport = s->sport;
    c->heap_idx = UINT32_MAX;
}

static void send_cookie(struct mirage__tcp *t, const struct mirage_ipaddr *src,
                        const struct mirage_ipaddr *dst,
                        const struct mirage__tcp_seg *s)
{
    struct mirage__tcp_conn tmp;
    tuple(&tmp, t, src, dst, s);
    mirage__tcp_conn_offer(&tmp);
    mirage__tcp_take_synopts(&tmp, s);
    tmp.flags |= MIRAGE__TCPF_COOKIE;
    tmp.state = MIRAGE__TCPS_SYN_RCVD;
    tmp.ts_offset = mirage__tcp_ts_offset(t, &tmp);
    tmp.rcv_nxt = s->seq + 1;
    tmp.retries = 1; /* no RTT timing */
    uint16_t peer_mss = s->has_mss ? s->mss : 536;
    tmp.iss = mirage__tcp_cookie_make(t, &tmp, s->seq, peer_mss);
    t->st.syn_cookies_sent++;
    mirage__tcp_send_syn(&tmp);
}

static void add_half_open(struct mirage__tcp_listener *l,
                          struct mirage__tcp_conn *c)
{
    c->listener = l;
    c->qnext = l->syn_q;
    l->syn_q = c;
    l->syn_len++;
    mirage__tcp_set_state(c, MIRAGE__TCPS_SYN_RCVD);
    mirage__tcp_conn_hash(c);
}

/* The final ACK of a cookie handshake; false if the cookie is bad. */
static bool cookie_ack(struct mirage__tcp_listener *l,
                       const struct mirage_ipaddr *src,
                       const struct mirage_ipaddr *dst,
                       struct mirage__tcp_seg *s)
{
    struct mirage__tcp *t = l->tcp;
    struct mirage__tcp_conn tmp;
    tuple(&tmp, t, src, dst, s);
    uint16_t mss = mirage__tcp_cookie_check(t, &tmp, s->seq - 1, s->ack - 1);
    if (!mss || (s->flags & (MIRAGE__TCP_SYN | MIRAGE__TCP_RST)))
        return false;
    if (l->acc_len >= l->backlog) {
        t->st.drop_listen_overflow++;
        return true;
    }
    struct mirage__tcp_seg syn = {
        .has_mss = true, .mss = mss, .has_ts = s->has_ts, .tsval = s->tsval};
    uint8_t ws = 0x0f;
    if (s->has_ts && mirage__tcp_cookie_tsopts(s->tsecr, &ws, &syn.sack_ok))
        syn.has_ws = ws <= MIRAGE__TCP_MAXWS, syn.ws = ws;
    struct mirage__tcp_conn *c = mirage__tcp_conn_new(t);
    if (!c) {
        t->st.drop_memory++;
        return true;
    }
    c->laddr = tmp.laddr, c->raddr = tmp.raddr;
    c->lport = tmp.lport, c->rport = tmp.rport;
    mirage__tcp_conn_offer(c);
    mirage__tcp_conn_init_seq(c);
    c->iss = c->snd_una = s->ack - 1;
    c->snd_nxt = c->snd_max = s->ack;
    c->irs = s->seq - 1;
    c->rcv_nxt = s->seq;
    mirage__tcp_take_synopts(c, &syn);
    uint32_t wnd = t->cfg.rcv_buf;
    c->rcv_adv = c->rcv_nxt + (wnd > 65535 ? 65535 : wnd);
    c->last_ack_sent = c->rcv_nxt;
    add_half_open(l, c);
    t->st.syn_cookies_ok++;
    mirage__tcp_input_conn(c, s);
    return true;
}

static void evict_oldest(struct mirage__tcp_listener *l)
{
    struct mirage__tcp_conn *c = l->syn_q;
    while (c && c->qnext)
        c = c->qnext;
    if (c)
        mirage__tcp_conn_done(c, 0);
}

static void passive_open(struct mirage__tcp_listener *l,
                         const struct mirage_ipaddr *src,
                         const struct mirage_ipaddr *dst,
                         const struct mirage__tcp_seg *s)
{
    struct mirage__tcp *t = l->tcp;
    struct mirage__tcp_conn *c = mirage__tcp_conn_new(t);
    if (!c) {
        t->st.drop_memory++;
        return;
    }
    c->laddr = *dst;
    c->raddr = *src;
    c->lport = s->dport;
    c->rport = s->sport;
    mirage__tcp_conn_offer(c);
    mirage__tcp_conn_init_seq(c);
    c->irs = s->seq;
    c->rcv_nxt = s->seq + 1;
    mirage__tcp_take_synopts(c, s);
    add_half_open(l, c);
    mirage__tcp_send_syn(c);
    mirage__tcp_rtx_arm(c);
}

void mirage__tcp_listen_input(struct mirage__tcp_listener *l,
                              const struct mirage_ipaddr *src,
                              const struct mirage_ipaddr *dst,
                              const struct mirage__tcp_seg *seg)
{
    struct mirage__tcp *t = l->tcp;
    struct mirage__tcp_seg s = *seg;
    if (s.flags & MIRAGE__TCP_RST) {
        t->st.drop_other++;
        return;
    }
    if (s.flags & MIRAGE__TCP_ACK) {
        if (t->cfg.no_syn_cookies || !cookie_ack(l, src, dst, &s)) {
            t->st.drop_no_conn++;
            mirage__tcp_send_rst(t, dst, src, &s);
        }
        return;
    }
    if (!(s.flags & MIRAGE__TCP_SYN)) {
        t->st.drop_other++;
        return;
    }
    if (l->acc_len >= l->backlog) {
        t->st.drop_listen_overflow++;
        return;
    }
    if (l->syn_len >= t->cfg.syn_queue ||
        t->st.half_open >= t->cfg.max_half_open) {
        if (!t->cfg.no_syn_cookies) {
            send_cookie(t, src, dst, &s);
            return;
        }
        if (l->syn_len == 0) {
            t->st.drop_syn++;
            return;
        }
        t->st.drop_syn++;
        evict_oldest(l);
    }
    passive_open(l, src, dst, &s);
}

void mirage__tcp_listen_close(struct mirage__tcp_listener *l)
{
    struct mirage__tcp *t = l->tcp;
    for (struct mirage__tcp_listener **pp = &t->listeners; *pp;
         pp = &(*pp)->next) {
        if (*pp == l) {
            *pp = l->next;
            break;
        }
    }
    t->st.listeners--;
    l->closed = true;
    while (l->syn_q)
        mirage__tcp_conn_done(l->syn_q, 0);
    while (l->acc_head) {
        struct mirage__tcp_conn *c = l->acc_head;
        mirage__tcp_send_rst_conn(c);
        mirage__tcp_conn_done(c, -ECONNRESET);
    }
    if (l->waiters) {
        mirage_cond_broadcast(&l->cond); /* the last waiter frees l */
        return;
    }
    free(l);
}
