/* SPDX-License-Identifier: ISC */
/* Connection control blocks: allocation, the demux table, state changes. */
#include <stdlib.h>
#include <string.h>

#include "tcp_priv.h"

extern const struct mirage_flow_ops mirage__tcp_flow_ops;

/* Makes room in the timer heap for one more connection. */
static bool heap_room(struct mirage__tcp *t)
{
    if (t->st.conns < t->heap_cap)
        return true;
    uint32_t n = t->heap_cap ? t->heap_cap * 2 : 64;
    struct mirage__tcp_conn **h = realloc(t->heap, n * sizeof *h);
    if (!h)
        return false;
    t->heap = h;
    t->heap_cap = n;
    return true;
}

struct mirage__tcp_conn *mirage__tcp_conn_new(struct mirage__tcp *t)
{
    if (!heap_room(t))
        return NULL;
    struct mirage__tcp_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->flow.ops = &mirage__tcp_flow_ops;
    c->tcp = t;
    c->heap_idx = UINT32_MAX;
    c->state = MIRAGE__TCPS_CLOSED;
    mirage_cond_init(&c->cond);
    t->st.conns++;
    return c;
}

static bool same(const struct mirage__tcp_conn *c,
                 const struct mirage_ipaddr *l, uint16_t lp,
                 const struct mirage_ipaddr *r, uint16_t rp)
{
    return c->lport == lp && c->rport == rp &&
           mirage_ipaddr_equal(&c->raddr, r) &&
           mirage_ipaddr_equal(&c->laddr, l);
}

static uint32_t bucket(struct mirage__tcp *t, const struct mirage_ipaddr *l,
                       uint16_t lp, const struct mirage_ipaddr *r, uint16_t rp)
{
    return mirage__tcp_tuple_hash(t, l, lp, r, rp) & (t->tab_size - 1);
}

/* Doubles the table when it holds twice as many blocks as buckets. */
static void grow(struct mirage__tcp *t)
{
    uint32_t n = t->tab_size * 2;
    struct mirage__tcp_conn **tab = calloc(n, sizeof *tab);
    if (!tab)
        return; /* longer chains, still correct */
    struct mirage__tcp_conn **old = t->tab;
    uint32_t old_n = t->tab_size;
    t->tab = tab;
    t->tab_size = n;
    for (uint32_t i = 0; i < old_n; i++) {
        for (struct mirage__tcp_conn *c = old[i], *next; c; c = next) {
            next = c->hnext;
            uint32_t h = bucket(t, &c->laddr, c->lport, &c->raddr, c->rport);
            c->hnext = tab[h];
            tab[h] = c;
        }
    }
    free(old);
}

void mirage__tcp_conn_hash(struct mirage__tcp_conn *c)
{
    struct mirage__tcp *t = c->tcp;
    if (t->st.conns > t->tab_size * 2)
        grow(t);
    uint32_t h = bucket(t, &c->laddr, c->lport, &c->raddr, c->rport);
    c->hnext = t->tab[h];
    t->tab[h] = c;
    c->flags |= MIRAGE__TCPF_HASHED;
}

static void unhash(struct mirage__tcp_conn *c)
{
    struct mirage__tcp *t = c->tcp;
    if (!(c->flags & MIRAGE__TCPF_HASHED))
        return;
    uint32_t h = bucket(t, &c->laddr, c->lport, &c->raddr, c->rport);
    for (struct mirage__tcp_conn **pp = &t->tab[h]; *pp; pp = &(*pp)->hnext) {
        if (*pp == c) {
            *pp = c->hnext;
            break;
        }
    }
    c->hnext = NULL;
    c->flags &= ~MIRAGE__TCPF_HASHED;
    if (t->last == c)
        t->last = NULL;
}

struct mirage__tcp_conn *
mirage__tcp_conn_find(struct mirage__tcp *t, const struct mirage_ipaddr *l,
                      uint16_t lp, const struct mirage_ipaddr *r, uint16_t rp)
{
    if (t->last && same(t->last, l, lp, r, rp))
        return t->last;
    for (struct mirage__tcp_conn *c = t->tab[bucket(t, l, lp, r, rp)]; c;
         c = c->hnext)
        if (same(c, l, lp, r, rp))
            return t->last = c;
    return NULL;
}

void mirage__tcp_set_state(struct mirage__tcp_conn *c, int state)
{
    struct mirage_tcp_direct_stats *st = &c->tcp->st;
    if (c->state == MIRAGE__TCPS_SYN_RCVD)
        st->half_open--;
    if (c->state == MIRAGE__TCPS_TIME_WAIT)
        st->time_wait--;
    if (state == MIRAGE__TCPS_SYN_RCVD)
        st->half_open++;
    if (state == MIRAGE__TCPS_TIME_WAIT)
        st->time_wait++;
    mirage_log_debug(&mirage__tcp_log, "%u->%u: %s -> %s", c->lport, c->rport,
                     mirage__tcp_state_name(c->state),
                     mirage__tcp_state_name(state));
    c->state = (uint8_t)state;
}

void mirage__tcp_wake(struct mirage__tcp_conn *c)
{
    if (c->cond.head)
        mirage_cond_broadcast(&c->cond);
}

bool mirage__tcp_conn_maybe_free(struct mirage__tcp_conn *c)
{
    if (c->state != MIRAGE__TCPS_CLOSED || (c->flags & MIRAGE__TCPF_APP) ||
        c->listener)
        return false;
    mirage__tcp_timer_clear_all(c);
    mirage__tcp_sq_free(c);
    mirage__tcp_ooo_free(c);
    mirage__tcp_rq_free(c);
    c->tcp->st.conns--;
    if (c->tcp->last == c)
        c->tcp->last = NULL;
    free(c);
    return true;
}

void mirage__tcp_conn_done(struct mirage__tcp_conn *c, int err)
{
    if (err && !c->err)
        c->err = err;
    if (err == -ECONNRESET || err == -ECONNREFUSED)
        c->tcp->st.conn_reset++;
    if (err == -ETIMEDOUT)
        c->tcp->st.conn_timeout++;
    if (c->state != MIRAGE__TCPS_CLOSED)
        mirage__tcp_set_state(c, MIRAGE__TCPS_CLOSED);
    mirage__tcp_timer_clear_all(c);
    unhash(c);
    mirage__tcp_sq_free(c);
    mirage__tcp_ooo_free(c);
    if (c->listener)
        mirage__tcp_listen_forget(c);
    mirage__tcp_wake(c);
    mirage__tcp_conn_maybe_free(c);
}

void mirage__tcp_conn_init_seq(struct mirage__tcp_conn *c)
{
    struct mirage__tcp *t = c->tcp;
    c->iss = mirage__tcp_isn(t, c);
    c->snd_una = c->snd_nxt = c->snd_max = c->iss;
    c->ts_offset = mirage__tcp_ts_offset(t, c);
    c->last_rcv = mirage__tcp_now(t);
    c->rto = (uint32_t)(t->cfg.rto_initial_ns / 1000);
    c->ssthresh = 0x7fffffff;
    c->recover = c->iss;
}

void mirage__tcp_conn_offer(struct mirage__tcp_conn *c)
{
    const struct mirage_tcp_direct_config *cfg = &c->tcp->cfg;
    if (!cfg->no_sack)
        c->flags |= MIRAGE__TCPF_WANT_SACK;
    if (!cfg->no_timestamps)
        c->flags |= MIRAGE__TCPF_WANT_TS;
    c->rcv_ws = 0;
    if (!cfg->no_window_scale) {
        c->flags |= MIRAGE__TCPF_WANT_WS;
        while (c->rcv_ws < MIRAGE__TCP_MAXWS &&
               (65535u << c->rcv_ws) < cfg->rcv_buf)
            c->rcv_ws++;
    }
}
