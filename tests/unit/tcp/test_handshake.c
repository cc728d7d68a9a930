/* SPDX-License-Identifier: ISC */
/* Opening connections: handshakes both ways, options, refusal, timeouts. */
#include "check.h"
#include "sim.h"

static void handshake_both_ways(void)
{
    struct sim s;
    sim_init(&s, NULL);
    struct mirage__tcp_listener *l0 = sim_listen(&s, 0, 80, 8);
    struct mirage__tcp_listener *l1 = sim_listen(&s, 1, 80, 8);
    struct mirage__tcp_conn *c, *d, *e, *f;
    CHECK_INT_EQ(sim_connect(&s, 0, 1, 80, l1, &c, &d), 0);
    CHECK_INT_EQ(sim_connect(&s, 1, 0, 80, l0, &e, &f), 0);
    CHECK_INT_EQ(c->state, MIRAGE__TCPS_ESTABLISHED);
    CHECK_INT_EQ(d->state, MIRAGE__TCPS_ESTABLISHED);
    CHECK_INT_EQ(e->state, MIRAGE__TCPS_ESTABLISHED);
    CHECK_INT_EQ(f->state, MIRAGE__TCPS_ESTABLISHED);
    /* The 4-tuples mirror each other. */
    CHECK_INT_EQ(c->lport, d->rport);
    CHECK_INT_EQ(c->rport, 80);
    CHECK(mirage_ipaddr_equal(&c->laddr, &d->raddr));
    CHECK(c->lport >= 49152);
    /* Sequence numbers agree. */
    CHECK_UINT_EQ(c->snd_nxt, d->rcv_nxt);
    CHECK_UINT_EQ(d->snd_nxt, c->rcv_nxt);
    /* Options: timestamps, SACK and window scaling on both; MSS from the
     * 1480-byte IP MTU minus the TCP header and timestamps. */
    for (int i = 0; i < 2; i++) {
        struct mirage__tcp_conn *x = i ? d : c;
        CHECK(x->flags & MIRAGE__TCPF_TS);
        CHECK(x->flags & MIRAGE__TCPF_SACK);
        CHECK(x->flags & MIRAGE__TCPF_WS);
        CHECK_INT_EQ(x->mss, 1480 - 20 - 12);
        CHECK_INT_EQ(x->rcv_ws, 3); /* 262144 > 65535 << 2 */
        CHECK_INT_EQ(x->snd_ws, 3);
    }
    struct mirage_tcp_direct_stats st;
    mirage_tcp_direct_stats(s.h[1].tcp, &st);
    CHECK_INT_EQ(st.conn_accepted, 1);
    CHECK_INT_EQ(st.conns, 2);
    CHECK_INT_EQ(st.half_open, 0);
    mirage__tcp_close(c);
    mirage__tcp_close(d);
    mirage__tcp_close(e);
    mirage__tcp_close(f);
    mirage__tcp_listen_close(l0);
    mirage__tcp_listen_close(l1);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static void options_off(void)
{
    struct mirage_tcp_direct_config a = {.no_sack = true},
                                    b = {.no_timestamps = true,
                                         .no_window_scale = true};
    struct sim s;
    sim_init2(&s, &a, &b);
    s.h[1].mtu = 1000;
    struct mirage__tcp_listener *l = sim_listen(&s, 1, 7, 1);
    struct mirage__tcp_conn *c, *d;
    CHECK_INT_EQ(sim_connect(&s, 0, 1, 7, l, &c, &d), 0);
    for (int i = 0; i < 2; i++) {
        struct mirage__tcp_conn *x = i ? d : c;
        CHECK(!(x->flags & MIRAGE__TCPF_TS));
        CHECK(!(x->flags & MIRAGE__TCPF_SACK));
        CHECK(!(x->flags & MIRAGE__TCPF_WS));
        CHECK_INT_EQ(x->rcv_ws, 0);
        CHECK_INT_EQ(x->snd_ws, 0);
        CHECK_INT_EQ(x->mss, 1000 - 20); /* the smaller side's MSS */
    }
    mirage__tcp_close(c);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static bool open_done(void *arg)
{
    return mirage__tcp_open_status(arg) != -EAGAIN;
}

static void refused(void)
{
    struct sim s;
    sim_init(&s, NULL);
    struct mirage__tcp_conn *c;
    CHECK_INT_EQ(mirage__tcp_open(sim_tcp(&s, 0), &s.h[1].addr, 9, &c), 0);
    CHECK(sim_run(&s, open_done, c, 10 * SIM_SEC));
    CHECK_INT_EQ(mirage__tcp_open_status(c), -ECONNREFUSED);
    CHECK(s.now < 1000 * SIM_SEC + 10 * SIM_MS); /* at once, not by timeout */
    struct mirage_tcp_direct_stats st;
    mirage_tcp_direct_stats(s.h[1].tcp, &st);
    CHECK_INT_EQ(st.drop_no_conn, 1);
    CHECK_INT_EQ(st.rst_sent, 1);
    mirage__tcp_close(c);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static bool drop_all(struct sim *s, int from, const uint8_t *seg, uint32_t len,
                     void *arg)
{
    (void)s, (void)from, (void)seg, (void)len, (void)arg;
    return false;
}

static void syn_timeout(void)
{
    struct mirage_tcp_direct_config cfg = {.syn_retries = 3};
    struct sim s;
    sim_init(&s, &cfg);
    struct sim_cap *cap = calloc(1, sizeof *cap);
    s.filter = drop_all;
    struct mirage__tcp_conn *c;
    uint64_t t0 = s.now;
    CHECK_INT_EQ(mirage__tcp_open(sim_tcp(&s, 0), &s.h[1].addr, 80, &c), 0);
    CHECK(sim_run(&s, open_done, c, 100 * SIM_SEC));
    CHECK_INT_EQ(mirage__tcp_open_status(c), -ETIMEDOUT);
    /* 1 + 3 SYNs, backing off 1, 2, 4, 8 s. */
    CHECK_INT_EQ(s.h[0].sent, 4);
    CHECK_UINT_EQ(s.now - t0, 15 * SIM_SEC);
    mirage__tcp_close(c);
    CHECK(sim_drained(&s));
    sim_fini(&s);
    free(cap);
}

/* Drops the first SYN-ACK only. */
static bool drop_first_synack(struct sim *s, int from, const uint8_t *seg,
                              uint32_t len, void *arg)
{
    int *n = arg;
    (void)s, (void)len;
    if (from == 1 && (seg[13] & (MIRAGE__TCP_SYN | MIRAGE__TCP_ACK)) ==
                         (MIRAGE__TCP_SYN | MIRAGE__TCP_ACK))
        return (*n)++ > 0;
    return true;
}

static void synack_lost(void)
{
    struct sim s;
    sim_init(&s, NULL);
    int n = 0;
    s.filter = drop_first_synack;
    s.filter_arg = &n;
    struct mirage__tcp_listener *l = sim_listen(&s, 1, 80, 4);
    struct mirage__tcp_conn *c, *d;
    CHECK_INT_EQ(sim_connect(&s, 0, 1, 80, l, &c, &d), 0);
    CHECK(n >= 2); /* a retransmitted one got through */
    /* RFC 5681 3.1: one segment of initial window after a lost SYN. */
    CHECK_INT_EQ(d->cwnd, d->mss);
    mirage__tcp_close(c);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static void simultaneous_open(void)
{
    struct sim s;
    sim_init(&s, NULL);
    /* Both open towards each other's fixed port: craft it by picking the
     * port range so each side's local port is the other's remote port. */
    struct mirage__tcp *t0 = sim_tcp(&s, 0), *t1 = sim_tcp(&s, 1);
    t0->cfg.port_lo = t0->cfg.port_hi = 5000;
    t1->cfg.port_lo = t1->cfg.port_hi = 6000;
    struct mirage__tcp_conn *a, *b;
    CHECK_INT_EQ(mirage__tcp_open(t0, &s.h[1].addr, 6000, &a), 0);
    CHECK_INT_EQ(mirage__tcp_open(t1, &s.h[0].addr, 5000, &b), 0);
    sim_run(&s, NULL, NULL, 0);
    CHECK(sim_run(&s, open_done, a, 10 * SIM_SEC));
    CHECK(sim_run(&s, open_done, b, 10 * SIM_SEC));
    CHECK_INT_EQ(mirage__tcp_open_status(a), 0);
    CHECK_INT_EQ(mirage__tcp_open_status(b), 0);
    CHECK_INT_EQ(a->state, MIRAGE__TCPS_ESTABLISHED);
    CHECK_INT_EQ(b->state, MIRAGE__TCPS_ESTABLISHED);
    CHECK_UINT_EQ(a->snd_nxt, b->rcv_nxt);
    CHECK_UINT_EQ(b->snd_nxt, a->rcv_nxt);
    mirage__tcp_close(a);
    mirage__tcp_close(b);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static bool both_done(void *arg)
{
    struct xfer2 *x = arg;
    return xfer2_step(x);
}

static void ipv6(void)
{
    struct sim s;
    sim_init(&s, NULL);
    for (int i = 0; i < 2; i++) {
        mirage_ipaddr_parse(i ? "fd00::2" : "fd00::1", &s.h[i].addr);
        s.h[i].mtu = 1440;
    }
    struct mirage__tcp_listener *l = sim_listen(&s, 1, 443, 4);
    struct mirage__tcp_conn *c, *d;
    CHECK_INT_EQ(sim_connect(&s, 0, 1, 443, l, &c, &d), 0);
    CHECK_INT_EQ(c->laddr.family, MIRAGE_IPV6);
    CHECK_INT_EQ(c->mss, 1440 - 20 - 12);
    struct xfer2 x;
    xfer_init(&x.a, c, d, 1 << 20, 21);
    xfer_init(&x.b, d, c, 1 << 20, 22);
    CHECK(sim_run(&s, both_done, &x, 60 * SIM_SEC));
    CHECK_UINT_EQ(x.a.recvd + x.b.recvd, 2 << 20);
    CHECK_UINT_EQ(x.a.mismatch + x.b.mismatch, 0);
    struct mirage_tcp_direct_stats st;
    mirage_tcp_direct_stats(s.h[1].tcp, &st);
    CHECK_INT_EQ(st.drop_checksum, 0);
    mirage__tcp_close(c);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static void listen_errors(void)
{
    struct sim s;
    sim_init(&s, NULL);
    struct mirage__tcp_listener *l, *l2;
    CHECK_INT_EQ(mirage__tcp_listen_open(sim_tcp(&s, 0), 0, 1, &l), -EINVAL);
    CHECK_INT_EQ(mirage__tcp_listen_open(sim_tcp(&s, 0), 80, 1, &l), 0);
    CHECK_INT_EQ(mirage__tcp_listen_open(sim_tcp(&s, 0), 80, 1, &l2),
                 -EADDRINUSE);
    mirage__tcp_listen_close(l);
    CHECK_INT_EQ(mirage__tcp_listen_open(sim_tcp(&s, 0), 80, 1, &l2), 0);
    mirage__tcp_listen_close(l2);
    struct mirage_tcp *t;
    struct mirage_tcp_direct_config bad = {.port_lo = 100, .port_hi = 50};
    CHECK_INT_EQ(mirage_tcp_direct_create(&s.h[0].ip, &s.rng, &bad, &t),
                 -EINVAL);
    sim_fini(&s);
}

int main(void)
{
    RUN(handshake_both_ways);
    RUN(options_off);
    RUN(refused);
    RUN(syn_timeout);
    RUN(synack_lost);
    RUN(simultaneous_open);
    RUN(ipv6);
    RUN(listen_errors);
    CHECK_DONE();
}
