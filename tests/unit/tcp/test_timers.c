/* SPDX-License-Identifier: ISC */
/* Keep-alive probes and timeout, orphaned FIN_WAIT_2, TIME_WAIT reuse. */
#include "check.h"
#include "sim.h"

static void setup(struct sim *s, struct mirage__tcp_listener **l,
                  struct mirage__tcp_conn **c, struct mirage__tcp_conn **d)
{
    sim_init(s, NULL);
    *l = sim_listen(s, 1, 80, 4);
    CHECK_INT_EQ(sim_connect(s, 0, 1, 80, *l, c, d), 0);
}

static bool drop_from_1(struct sim *s, int from, const uint8_t *seg,
                        uint32_t len, void *arg)
{
    (void)s, (void)seg, (void)len, (void)arg;
    return from != 1;
}

static const struct mirage_tcp_keepalive ka = {
    .idle_ns = 10 * SIM_SEC, .interval_ns = SIM_SEC, .probes = 3};

static void keepalive_answered(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d);
    mirage__tcp_set_keepalive(c, &ka);
    sim_run_for(&s, 65 * SIM_SEC);
    struct mirage_tcp_direct_stats st;
    mirage_tcp_direct_stats(s.h[0].tcp, &st);
    /* One probe per 10 s of silence, each answered. */
    CHECK_INT_EQ(st.keepalive_probes, 6);
    CHECK_INT_EQ(c->state, MIRAGE__TCPS_ESTABLISHED);
    CHECK_INT_EQ(mirage__tcp_send(c, "ok", 2), 2);
    mirage__tcp_close(c);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static void keepalive_timeout(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d);
    uint64_t t0 = s.now;
    mirage__tcp_set_keepalive(c, &ka);
    s.filter = drop_from_1; /* the peer vanished */
    sim_run_for(&s, 12500 * SIM_MS);
    CHECK_INT_EQ(c->state, MIRAGE__TCPS_ESTABLISHED); /* 3 probes out */
    sim_run_for(&s, 1000 * SIM_MS);
    CHECK_INT_EQ(c->state, MIRAGE__TCPS_CLOSED);
    char buf[4];
    CHECK_INT_EQ(mirage__tcp_recv(c, buf, sizeof buf), -ETIMEDOUT);
    struct mirage_tcp_direct_stats st;
    mirage_tcp_direct_stats(s.h[0].tcp, &st);
    CHECK_INT_EQ(st.keepalive_probes, 3);
    CHECK_INT_EQ(st.conn_timeout, 1);
    CHECK(s.now - t0 >= 13 * SIM_SEC);
    /* The reset it sent on giving up reached the peer. */
    CHECK_INT_EQ(mirage__tcp_recv(d, buf, sizeof buf), -ECONNRESET);
    s.filter = NULL;
    mirage__tcp_close(c);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static void orphan_fin_wait_2(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d);
    mirage__tcp_close(c); /* the peer never closes its side */
    sim_run_for(&s, SIM_SEC);
    CHECK_INT_EQ(d->state, MIRAGE__TCPS_CLOSE_WAIT);
    struct mirage_tcp_direct_stats st;
    mirage_tcp_direct_stats(s.h[0].tcp, &st);
    CHECK_INT_EQ(st.conns, 1); /* c, orphaned, in FIN_WAIT_2 */
    sim_run_for(&s, 60 * SIM_SEC);
    mirage_tcp_direct_stats(s.h[0].tcp, &st);
    CHECK_INT_EQ(st.conns, 0);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static bool open_done(void *arg)
{
    return mirage__tcp_open_status(arg) != -EAGAIN;
}

static void time_wait_reuse(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d);
    /* The server closes first and keeps TIME_WAIT. */
    uint16_t port = c->lport;
    mirage__tcp_close(d);
    sim_run_for(&s, SIM_SEC);
    mirage__tcp_close(c);
    sim_run_for(&s, SIM_SEC);
    struct mirage_tcp_direct_stats st;
    mirage_tcp_direct_stats(s.h[1].tcp, &st);
    CHECK_INT_EQ(st.time_wait, 1);
    /* The client comes back from the same port: a newer timestamp lets
     * the SYN take over the TIME_WAIT tuple (RFC 6191). */
    struct mirage__tcp *t0 = sim_tcp(&s, 0);
    t0->cfg.port_lo = t0->cfg.port_hi = port;
    struct mirage__tcp_conn *e;
    CHECK_INT_EQ(mirage__tcp_open(t0, &s.h[1].addr, 80, &e), 0);
    CHECK(sim_run(&s, open_done, e, 10 * SIM_SEC));
    CHECK_INT_EQ(mirage__tcp_open_status(e), 0);
    CHECK(s.now - 1000 * SIM_SEC < 10 * SIM_SEC); /* no 60 s wait */
    sim_run_for(&s, 10 * SIM_MS); /* the final ACK reaches the server */
    struct mirage__tcp_conn *f = mirage__tcp_listen_take(l);
    CHECK(f != NULL);
    mirage_tcp_direct_stats(s.h[1].tcp, &st);
    CHECK_INT_EQ(st.time_wait, 0);
    mirage__tcp_close(e);
    if (f)
        mirage__tcp_close(f);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

int main(void)
{
    RUN(keepalive_answered);
    RUN(keepalive_timeout);
    RUN(orphan_fin_wait_2);
    RUN(time_wait_reuse);
    CHECK_DONE();
}
