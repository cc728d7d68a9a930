/* SPDX-License-Identifier: ISC */
/* Data transfer and closing: byte-exact streams, FIN either way, TIME_WAIT. */
#include <string.h>

#include <mirage/buf.h>

#include "check.h"
#include "sim.h"

static void setup(struct sim *s, struct mirage__tcp_listener **l,
                  struct mirage__tcp_conn **c, struct mirage__tcp_conn **d,
                  const struct mirage_tcp_direct_config *cfg)
{
    sim_init(s, cfg);
    *l = sim_listen(s, 1, 80, 4);
    CHECK_INT_EQ(sim_connect(s, 0, 1, 80, *l, c, d), 0);
}

static void bulk_both_ways(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, NULL);
    struct xfer2 x;
    xfer_init(&x.a, c, d, 4 << 20, 1);
    xfer_init(&x.b, d, c, 4 << 20, 2);
    x.a.shut = x.b.shut = true;
    x.b.chunk = 777; /* odd-sized writes the other way */
    x.a.read_max = 1000;
    CHECK(sim_run(&s, xfer2_step, &x, 600 * SIM_SEC));
    CHECK_UINT_EQ(x.a.recvd, 4 << 20);
    CHECK_UINT_EQ(x.b.recvd, 4 << 20);
    CHECK_UINT_EQ(x.a.mismatch + x.b.mismatch, 0);
    CHECK(x.a.eof && x.b.eof);
    CHECK_INT_EQ(x.a.err + x.b.err, 0);
    struct mirage_tcp_direct_stats st;
    mirage_tcp_direct_stats(s.h[0].tcp, &st);
    CHECK_UINT_EQ(st.retransmits, 0);
    /* Full segments of written data leave from the send queue in place
     * (zero copy after write's one copy): at least 2,800 of the ~2,900. */
    CHECK(s.h[0].shared > 2800);
    fprintf(stderr, "  %llu of %llu segments sent in place\n",
            (unsigned long long)s.h[0].shared, (unsigned long long)s.h[0].sent);
    /* 4 MiB over a 2 ms RTT link with a 256 KiB window: well under 1 s
     * of virtual time once slow start is over. */
    CHECK(s.now - 1000 * SIM_SEC < 2 * SIM_SEC);
    mirage__tcp_close(c);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static bool state_is(void *arg)
{
    struct mirage__tcp_conn **cs = arg;
    return cs[0]->state == (uintptr_t)cs[1];
}

static bool run_until_state(struct sim *s, struct mirage__tcp_conn *c,
                            int state)
{
    struct mirage__tcp_conn *arg[2] = {c, (void *)(uintptr_t)state};
    return sim_run(s, state_is, arg, 30 * SIM_SEC);
}

/* Active close by `a`, passive by `b`. */
static void close_from(int active)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *cd[2];
    setup(&s, &l, &cd[0], &cd[1], NULL);
    struct mirage__tcp_conn *a = cd[active], *b = cd[1 - active];
    char buf[16];
    CHECK_INT_EQ(mirage__tcp_send(a, "bye", 3), 3);
    CHECK_INT_EQ(mirage__tcp_shutdown(a, MIRAGE_FLOW_SHUT_WR), 0);
    CHECK_INT_EQ(a->state, MIRAGE__TCPS_FIN_WAIT_1);
    CHECK_INT_EQ(mirage__tcp_send(a, "x", 1), -EPIPE);
    CHECK(run_until_state(&s, a, MIRAGE__TCPS_FIN_WAIT_2));
    CHECK_INT_EQ(b->state, MIRAGE__TCPS_CLOSE_WAIT);
    CHECK_INT_EQ(mirage__tcp_recv(b, buf, sizeof buf), 3);
    CHECK_MEM_EQ(buf, "bye", 3);
    CHECK_INT_EQ(mirage__tcp_recv(b, buf, sizeof buf), 0); /* EOF */
    /* The half-closed side can still send. */
    CHECK_INT_EQ(mirage__tcp_send(b, "late", 4), 4);
    sim_run_for(&s, 100 * SIM_MS);
    CHECK_INT_EQ(mirage__tcp_recv(a, buf, sizeof buf), 4);
    CHECK_MEM_EQ(buf, "late", 4);
    mirage__tcp_close(b);
    CHECK_INT_EQ(b->state, MIRAGE__TCPS_LAST_ACK);
    CHECK(run_until_state(&s, a, MIRAGE__TCPS_TIME_WAIT));
    sim_run_for(&s, 10 * SIM_MS); /* our last ACK reaches b */
    struct mirage_tcp_direct_stats st;
    mirage_tcp_direct_stats(s.h[1 - active].tcp, &st);
    CHECK_INT_EQ(st.conns, 0); /* b is gone after LAST_ACK */
    CHECK_INT_EQ(mirage__tcp_recv(a, buf, sizeof buf), 0);
    mirage__tcp_close(a);
    mirage_tcp_direct_stats(s.h[active].tcp, &st);
    CHECK_INT_EQ(st.time_wait, 1);
    /* TIME_WAIT lasts 2 MSL (60 s by default), then nothing is left. */
    sim_run_for(&s, 59 * SIM_SEC);
    mirage_tcp_direct_stats(s.h[active].tcp, &st);
    CHECK_INT_EQ(st.time_wait, 1);
    sim_run_for(&s, 2 * SIM_SEC);
    mirage_tcp_direct_stats(s.h[active].tcp, &st);
    CHECK_INT_EQ(st.time_wait, 0);
    CHECK_INT_EQ(st.conns, 0);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static void close_from_client(void)
{
    close_from(0);
}

static void close_from_server(void)
{
    close_from(1);
}

static void simultaneous_close(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, NULL);
    mirage__tcp_shutdown(c, MIRAGE_FLOW_SHUT_WR);
    mirage__tcp_shutdown(d, MIRAGE_FLOW_SHUT_WR);
    CHECK(run_until_state(&s, c, MIRAGE__TCPS_TIME_WAIT));
    CHECK_INT_EQ(d->state, MIRAGE__TCPS_TIME_WAIT);
    char buf[4];
    CHECK_INT_EQ(mirage__tcp_recv(c, buf, 4), 0);
    CHECK_INT_EQ(mirage__tcp_recv(d, buf, 4), 0);
    mirage__tcp_close(c);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static int released;
static void on_release(struct mirage_buf *b)
{
    released++;
    mirage_buf_free_wrapper(b);
}

static void write_buf_constant(void)
{
    static uint8_t page[100000];
    for (size_t i = 0; i < sizeof page; i++)
        page[i] = sim_pattern(9, i);
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, NULL);
    released = 0;
    for (int i = 0; i < 3; i++) {
        struct mirage_buf *b =
            mirage_buf_wrap(page, sizeof page, on_release, NULL);
        CHECK_INT_EQ(mirage__tcp_send_buf(c, b), 0);
    }
    static uint8_t got[300000];
    size_t n = 0;
    for (int i = 0; i < 1000 && n < sizeof got; i++) {
        sim_step(&s);
        long k = mirage__tcp_recv(d, got + n, sizeof got - n);
        if (k > 0)
            n += (size_t)k;
    }
    CHECK_UINT_EQ(n, sizeof got);
    for (int i = 0; i < 3; i++)
        CHECK_MEM_EQ(got + i * sizeof page, page, sizeof page);
    sim_run_for(&s, SIM_SEC);
    CHECK_INT_EQ(released, 3); /* every reference went when acknowledged */
    mirage__tcp_close(c);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static void close_with_unread_data_resets(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, NULL);
    CHECK_INT_EQ(mirage__tcp_send(c, "unread", 6), 6);
    sim_run_for(&s, 100 * SIM_MS);
    mirage__tcp_close(d); /* 6 bytes never read: RST, not FIN */
    sim_run_for(&s, 100 * SIM_MS);
    char buf[8];
    CHECK_INT_EQ(mirage__tcp_recv(c, buf, sizeof buf), -ECONNRESET);
    CHECK_INT_EQ(mirage__tcp_send(c, "x", 1), -ECONNRESET);
    mirage__tcp_close(c);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static void data_after_close_resets(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, NULL);
    mirage__tcp_close(c); /* FIN: c can no longer read anything */
    sim_run_for(&s, 100 * SIM_MS);
    CHECK_INT_EQ(d->state, MIRAGE__TCPS_CLOSE_WAIT);
    CHECK_INT_EQ(mirage__tcp_send(d, "too late", 8), 8);
    sim_run_for(&s, 100 * SIM_MS);
    char buf[8];
    /* The reset supersedes the end of stream seen before it. */
    CHECK_INT_EQ(mirage__tcp_recv(d, buf, sizeof buf), -ECONNRESET);
    CHECK_INT_EQ(mirage__tcp_send(d, "x", 1), -ECONNRESET);
    struct mirage_tcp_direct_stats st;
    mirage_tcp_direct_stats(s.h[0].tcp, &st);
    CHECK_INT_EQ(st.rst_sent, 1);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

int main(void)
{
    RUN(bulk_both_ways);
    RUN(close_from_client);
    RUN(close_from_server);
    RUN(simultaneous_close);
    RUN(write_buf_constant);
    RUN(close_with_unread_data_resets);
    RUN(data_after_close_resets);
    CHECK_DONE();
}
