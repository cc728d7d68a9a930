/* SPDX-License-Identifier: ISC */
/* Windows: scaling, zero-window stall and persist probes, delayed ACK, Nagle.
 */
#include <stdlib.h>

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

static void teardown(struct sim *s, struct mirage__tcp_listener *l,
                     struct mirage__tcp_conn *c, struct mirage__tcp_conn *d)
{
    mirage__tcp_close(c);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(s));
    sim_fini(s);
}

static uint64_t transfer_time(const struct mirage_tcp_direct_config *cfg,
                              uint8_t *ws)
{
    struct sim s;
    sim_init(&s, cfg);
    s.delay_ns = 50 * SIM_MS; /* 100 ms round trip */
    struct mirage__tcp_listener *l = sim_listen(&s, 1, 80, 4);
    struct mirage__tcp_conn *c, *d;
    CHECK_INT_EQ(sim_connect(&s, 0, 1, 80, l, &c, &d), 0);
    *ws = c->snd_ws;
    struct xfer x;
    xfer_init(&x, c, d, 8 << 20, 6);
    uint64_t t0 = s.now;
    CHECK(sim_run(&s, xfer_step, &x, 600 * SIM_SEC));
    CHECK_UINT_EQ(x.recvd, 8 << 20);
    CHECK_UINT_EQ(x.mismatch, 0);
    uint64_t took = s.now - t0;
    teardown(&s, l, c, d);
    return took;
}

static void window_scaling(void)
{
    struct mirage_tcp_direct_config big = {.rcv_buf = 1 << 20,
                                           .snd_buf = 1 << 20},
                                    noscale = {.rcv_buf = 1 << 20,
                                               .snd_buf = 1 << 20,
                                               .no_window_scale = true};
    uint8_t ws1, ws2;
    uint64_t fast = transfer_time(&big, &ws1);
    uint64_t slow = transfer_time(&noscale, &ws2);
    fprintf(stderr, "  8 MiB over 100 ms RTT: %.2f s scaled, %.2f s not\n",
            (double)fast / SIM_SEC, (double)slow / SIM_SEC);
    CHECK_INT_EQ(ws1, 5); /* 65535 << 4 < 1 MiB <= 65535 << 5 */
    CHECK_INT_EQ(ws2, 0);
    /* Without scaling 64 KiB per RTT is at most 640 KiB/s: > 12 s. */
    CHECK(slow > 12 * SIM_SEC);
    CHECK(fast < slow / 3);
}

/* Drops window updates from host 1 until a deadline. */
struct update_dropper {
    uint64_t until;
    unsigned dropped;
};

static bool drop_updates(struct sim *s, int from, const uint8_t *seg,
                         uint32_t len, void *arg)
{
    struct update_dropper *u = arg;
    struct mirage__tcp_seg g;
    if (from != 1 || s->now >= u->until || mirage__tcp_parse(seg, len, &g))
        return true;
    if (g.len == 0 && g.wnd > 0) {
        u->dropped++;
        return false;
    }
    return true;
}

static void zero_window(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, NULL);
    struct xfer x;
    xfer_init(&x, c, d, 1 << 20, 7);
    x.no_read = true;
    sim_run(&s, xfer_step, &x, 5 * SIM_SEC);
    /* The reader's buffer is full and its window closed; the sender
     * holds the rest. */
    CHECK_UINT_EQ(d->rq_bytes, 262144);
    CHECK_UINT_EQ(c->snd_wnd, 0);
    CHECK_UINT_EQ(c->sq_bytes, 262144);
    CHECK(x.sent < x.total);
    struct mirage_tcp_direct_stats st;
    mirage_tcp_direct_stats(s.h[0].tcp, &st);
    uint64_t probes0 = st.persist_probes;
    CHECK(probes0 > 0); /* probing while stalled */
    /* The reader drains everything, but its window updates (and the
     * answers to probes) are lost for the next 20 s: only the sender's
     * persist probes can restart the transfer after that. */
    struct update_dropper u = {.until = s.now + 20 * SIM_SEC};
    s.filter = drop_updates;
    s.filter_arg = &u;
    x.no_read = false;
    xfer_step(&x);
    CHECK(sim_run(&s, xfer_step, &x, 600 * SIM_SEC));
    CHECK_UINT_EQ(x.recvd, 1 << 20);
    CHECK_UINT_EQ(x.mismatch, 0);
    CHECK(u.dropped > 0);
    CHECK(s.now > u.until);
    mirage_tcp_direct_stats(s.h[0].tcp, &st);
    CHECK(st.persist_probes > probes0);
    CHECK_INT_EQ(c->state, MIRAGE__TCPS_ESTABLISHED);
    fprintf(stderr, "  zero window: %llu probes, %u updates lost\n",
            (unsigned long long)st.persist_probes, u.dropped);
    s.filter = NULL;
    teardown(&s, l, c, d);
}

static void long_stall_survives(void)
{
    /* A reader that stalls for 10 minutes: probes are answered, so the
     * connection must not time out. */
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, NULL);
    struct xfer x;
    xfer_init(&x, c, d, 1 << 20, 8);
    x.no_read = true;
    sim_run(&s, xfer_step, &x, 600 * SIM_SEC);
    CHECK_INT_EQ(c->state, MIRAGE__TCPS_ESTABLISHED);
    x.no_read = false;
    CHECK(sim_run(&s, xfer_step, &x, 600 * SIM_SEC));
    CHECK_UINT_EQ(x.recvd, 1 << 20);
    CHECK_UINT_EQ(x.mismatch, 0);
    teardown(&s, l, c, d);
}

static void delayed_ack(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, NULL);
    struct sim_cap *cap = calloc(1, sizeof *cap);
    s.filter = sim_capture;
    s.filter_arg = cap;
    uint64_t t0 = s.now;
    CHECK_INT_EQ(mirage__tcp_send(c, "ping", 4), 4);
    sim_run_for(&s, SIM_SEC);
    /* One data segment, then one ACK 40 ms after it arrived (1 ms). */
    CHECK_INT_EQ(cap->n, 2);
    CHECK_INT_EQ(cap->seg[0].from, 0);
    CHECK_INT_EQ(cap->seg[0].seg.len, 4);
    CHECK_INT_EQ(cap->seg[1].from, 1);
    CHECK_UINT_EQ(cap->seg[1].at - t0, 41 * SIM_MS);
    /* Two full segments are acknowledged at once (RFC 5681 4.2). */
    cap->n = 0;
    static uint8_t two[2 * 1448];
    t0 = s.now;
    CHECK_INT_EQ(mirage__tcp_send(c, two, c->mss * 2), c->mss * 2);
    sim_run_for(&s, SIM_SEC);
    CHECK_INT_EQ(cap->n, 3);
    CHECK_INT_EQ(cap->seg[2].from, 1);
    CHECK_UINT_EQ(cap->seg[2].at - t0, 1 * SIM_MS);
    s.filter = NULL;
    free(cap);
    teardown(&s, l, c, d);
}

static unsigned data_segments(const struct sim_cap *cap, int from)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < cap->n; i++)
        if (cap->seg[i].from == from && cap->seg[i].seg.len > 0)
            n++;
    return n;
}

static void nagle(void)
{
    for (int nodelay = 0; nodelay < 2; nodelay++) {
        struct sim s;
        struct mirage__tcp_listener *l;
        struct mirage__tcp_conn *c, *d;
        setup(&s, &l, &c, &d, NULL);
        if (nodelay)
            c->flags |= MIRAGE__TCPF_NODELAY;
        struct sim_cap *cap = calloc(1, sizeof *cap);
        s.filter = sim_capture;
        s.filter_arg = cap;
        for (int i = 0; i < 10; i++)
            CHECK_INT_EQ(mirage__tcp_send(c, "x", 1), 1);
        sim_run_for(&s, SIM_SEC);
        /* Nagle: the first byte goes, the other nine wait for its ACK and
         * leave together.  Without Nagle: ten segments. */
        CHECK_INT_EQ(data_segments(cap, 0), nodelay ? 10 : 2);
        char buf[16];
        CHECK_INT_EQ(mirage__tcp_recv(d, buf, sizeof buf), 10);
        s.filter = NULL;
        free(cap);
        teardown(&s, l, c, d);
    }
}

static void tiny_window(void)
{
    /* A receive buffer smaller than a segment: every read must reopen the
     * window at once, not wait for the sender's persist timer. */
    struct mirage_tcp_direct_config small = {.rcv_buf = 1024};
    struct sim s;
    sim_init2(&s, NULL, &small);
    struct mirage__tcp_listener *l = sim_listen(&s, 1, 80, 4);
    struct mirage__tcp_conn *c, *d;
    CHECK_INT_EQ(sim_connect(&s, 0, 1, 80, l, &c, &d), 0);
    struct xfer x;
    xfer_init(&x, c, d, 200000, 12);
    uint64_t t0 = s.now;
    CHECK(sim_run(&s, xfer_step, &x, 600 * SIM_SEC));
    CHECK_UINT_EQ(x.recvd, 200000);
    CHECK_UINT_EQ(x.mismatch, 0);
    CHECK(s.now - t0 < 2 * SIM_SEC);
    teardown(&s, l, c, d);
}

int main(void)
{
    RUN(window_scaling);
    RUN(zero_window);
    RUN(long_stall_survives);
    RUN(delayed_ack);
    RUN(nagle);
    RUN(tiny_window);
    CHECK_DONE();
}
