/* SPDX-License-Identifier: ISC */
/* Connection timers: one heap per engine, one runtime timer for it. */
#include <stdlib.h>

#include "tcp_priv.h"

/*
 * Each connection has three deadlines (retransmission or persist,
 * delayed ACK, idle: keep-alive, TIME_WAIT or FIN_WAIT_2) and sits in the
 * engine's binary min-heap under the earliest of them.  The engine arms
 * a single runtime timer for the top of the heap; it is only moved
 * earlier, so a connection going quiet costs no re-arm (the timer fires,
 * finds nothing due, and re-arms for the next deadline).
 */

static uint64_t due(const struct mirage__tcp_conn *c)
{
    uint64_t d = 0;
    for (int k = 0; k < MIRAGE__TCPT_N; k++)
        if (c->deadline[k] && (!d || c->deadline[k] < d))
            d = c->deadline[k];
    return d;
}

static void place(struct mirage__tcp *t, uint32_t i, struct mirage__tcp_conn *c)
{
    t->heap[i] = c;
    c->heap_idx = i;
}

static void sift_up(struct mirage__tcp *t, uint32_t i)
{
    struct mirage__tcp_conn *c = t->heap[i];
    uint64_t d = due(c);
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (due(t->heap[p]) <= d)
            break;
        place(t, i, t->heap[p]);
        i = p;
    }
    place(t, i, c);
}

static void sift_down(struct mirage__tcp *t, uint32_t i)
{
    struct mirage__tcp_conn *c = t->heap[i];
    uint64_t d = due(c);
    for (;;) {
        uint32_t l = 2 * i + 1, m = i;
        uint64_t md = d;
        if (l < t->heap_len && due(t->heap[l]) < md)
            m = l, md = due(t->heap[l]);
        if (l + 1 < t->heap_len && due(t->heap[l + 1]) < md)
            m = l + 1;
        if (m == i)
            break;
        place(t, i, t->heap[m]);
        i = m;
    }
    place(t, i, c);
}

static void heap_remove(struct mirage__tcp *t, struct mirage__tcp_conn *c)
{
    uint32_t i = c->heap_idx;
    c->heap_idx = UINT32_MAX;
    struct mirage__tcp_conn *last = t->heap[--t->heap_len];
    if (i == t->heap_len)
        return;
    place(t, i, last);
    sift_up(t, i);
    sift_down(t, last->heap_idx);
}

static void rearm(struct mirage__tcp *t)
{
    if (t->heap_len == 0 || t->running)
        return;
    uint64_t d = due(t->heap[0]);
    if (t->armed == 0 || d < t->armed) {
        t->armed = d;
        t->arm_fn(t->clock_arg, d);
    }
}

/* The heap has room for every connection (tcp_conn.c grows it first). */
void mirage__tcp_timer_set(struct mirage__tcp_conn *c, int kind,
                           uint64_t deadline)
{
    struct mirage__tcp *t = c->tcp;
    c->deadline[kind] = deadline;
    bool in = c->heap_idx != UINT32_MAX;
    if (!due(c)) {
        if (in)
            heap_remove(t, c);
        return;
    }
    if (!in) {
        place(t, t->heap_len++, c);
        sift_up(t, c->heap_idx);
    } else {
        sift_up(t, c->heap_idx);
        sift_down(t, c->heap_idx);
    }
    rearm(t);
}

void mirage__tcp_timer_clear_all(struct mirage__tcp_conn *c)
{
    for (int k = 0; k < MIRAGE__TCPT_N; k++)
        c->deadline[k] = 0;
    if (c->heap_idx != UINT32_MAX)
        heap_remove(c->tcp, c);
}

void mirage__tcp_rtx_arm(struct mirage__tcp_conn *c)
{
    mirage__tcp_timer_set(c, MIRAGE__TCPT_RTX,
                          mirage__tcp_now(c->tcp) + mirage__tcp_rto_ns(c));
}

void mirage__tcp_idle_arm(struct mirage__tcp_conn *c)
{
    const struct mirage_tcp_direct_config *cfg = &c->tcp->cfg;
    uint64_t now = mirage__tcp_now(c->tcp);
    if (c->state == MIRAGE__TCPS_TIME_WAIT)
        mirage__tcp_timer_set(c, MIRAGE__TCPT_IDLE, now + cfg->time_wait_ns);
    else if (c->state == MIRAGE__TCPS_FIN_WAIT_2 &&
             !(c->flags & MIRAGE__TCPF_APP))
        mirage__tcp_timer_set(c, MIRAGE__TCPT_IDLE, now + cfg->fin_wait2_ns);
    else if ((c->flags & MIRAGE__TCPF_KEEPALIVE) && mirage__tcp_synced(c))
        mirage__tcp_timer_set(c, MIRAGE__TCPT_IDLE,
                              c->last_rcv + c->ka_idle_ms * 1000000ull);
    else
        mirage__tcp_timer_set(c, MIRAGE__TCPT_IDLE, 0);
}

static void fail(struct mirage__tcp_conn *c)
{
    mirage__tcp_send_rst_conn(c);
    mirage__tcp_conn_done(c, -ETIMEDOUT);
}

static void handshake_fire(struct mirage__tcp_conn *c)
{
    if (++c->retries > c->tcp->cfg.syn_retries) {
        mirage__tcp_conn_done(c, -ETIMEDOUT);
        return;
    }
    mirage__tcp_send_syn(c);
    mirage__tcp_rtx_arm(c);
}

static void persist_fire(struct mirage__tcp_conn *c)
{
    if (c->snd_wnd > 0) {
        /* A window too small for the sender's SWS rules: send anyway. */
        c->flags &= ~MIRAGE__TCPF_PERSIST;
        c->flags |= MIRAGE__TCPF_FORCE;
        mirage__tcp_output(c);
        return;
    }
    if (c->ka_sent >= c->tcp->cfg.max_retries) {
        fail(c);
        return;
    }
    mirage__tcp_send_probe(c, true);
    c->ka_sent++;
    if (c->retries < 30)
        c->retries++;
    mirage__tcp_rtx_arm(c);
}

static void rtx_fire(struct mirage__tcp_conn *c)
{
    if (c->state == MIRAGE__TCPS_SYN_SENT ||
        c->state == MIRAGE__TCPS_SYN_RCVD) {
        handshake_fire(c);
        return;
    }
    if (c->flags & MIRAGE__TCPF_PERSIST) {
        persist_fire(c);
        return;
    }
    if (c->snd_una == c->snd_max)
        return;
    c->tcp->st.timeouts++;
    if (++c->retries > c->tcp->cfg.max_retries) {
        fail(c);
        return;
    }
    mirage__tcp_cc_timeout(c);
    c->snd_nxt = c->snd_una;
    c->rexmit_hi = c->snd_una;
    mirage__tcp_rtx_arm(c);
    mirage__tcp_output(c);
}

static void idle_fire(struct mirage__tcp_conn *c)
{
    if (c->state == MIRAGE__TCPS_TIME_WAIT ||
        (c->state == MIRAGE__TCPS_FIN_WAIT_2 &&
         !(c->flags & MIRAGE__TCPF_APP))) {
        mirage__tcp_conn_done(c, 0);
        return;
    }
    if (!(c->flags & MIRAGE__TCPF_KEEPALIVE) || !mirage__tcp_synced(c))
        return;
    uint64_t now = mirage__tcp_now(c->tcp);
    uint64_t quiet = c->last_rcv + c->ka_idle_ms * 1000000ull;
    if (c->ka_sent == 0 && now < quiet) {
        mirage__tcp_timer_set(c, MIRAGE__TCPT_IDLE, quiet);
        return;
    }
    if (c->ka_sent >= c->ka_probes) {
        fail(c);
        return;
    }
    mirage__tcp_send_probe(c, false);
    c->ka_sent++;
    mirage__tcp_timer_set(c, MIRAGE__TCPT_IDLE,
                          now + c->ka_intvl_ms * 1000000ull);
}

static void fire(struct mirage__tcp_conn *c, int kind)
{
    switch (kind) {
    case MIRAGE__TCPT_RTX:
        rtx_fire(c);
        break;
    case MIRAGE__TCPT_DELACK:
        if (mirage__tcp_synced(c)) {
            c->flags |= MIRAGE__TCPF_ACKNOW;
            mirage__tcp_output(c);
        }
        break;
    default:
        idle_fire(c);
        break;
    }
}

void mirage__tcp_timer_run(struct mirage__tcp *t)
{
    uint64_t now = mirage__tcp_now(t);
    t->armed = 0;
    t->running = true;
    while (t->heap_len > 0 && due(t->heap[0]) <= now) {
        struct mirage__tcp_conn *c = t->heap[0];
        int kind = 0;
        for (int k = 1; k < MIRAGE__TCPT_N; k++)
            if (c->deadline[k] &&
                (!c->deadline[kind] || c->deadline[k] < c->deadline[kind]))
                kind = k;
        mirage__tcp_timer_set(c, kind, 0);
        fire(c, kind); /* may free c */
    }
    t->running = false;
    rearm(t);
}
