/* SPDX-License-Identifier: ISC */
/* Loss: retransmission timeout, fast retransmit, SACK and NewReno recovery. */
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

static void stats(struct sim *s, int i, struct mirage_tcp_direct_stats *st)
{
    mirage_tcp_direct_stats(s->h[i].tcp, st);
}

static void random_loss(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, NULL);
    s.loss_ppm = 20000;    /* 2 % */
    s.reorder_ppm = 20000; /* 2 % arrive 3 ms late */
    s.dup_ppm = 10000;     /* 1 % twice */
    struct xfer2 x;
    xfer_init(&x.a, c, d, 2 << 20, 3);
    xfer_init(&x.b, d, c, 2 << 20, 4);
    x.a.shut = x.b.shut = true;
    CHECK(sim_run(&s, xfer2_step, &x, 3600 * SIM_SEC));
    CHECK_UINT_EQ(x.a.recvd, 2 << 20);
    CHECK_UINT_EQ(x.b.recvd, 2 << 20);
    CHECK_UINT_EQ(x.a.mismatch + x.b.mismatch, 0);
    CHECK(x.a.eof && x.b.eof);
    struct mirage_tcp_direct_stats st;
    stats(&s, 0, &st);
    CHECK(st.retransmits > 0);
    CHECK(st.fast_retransmits > 0);
    CHECK(s.dropped > 0 && s.reordered > 0 && s.duplicated > 0);
    fprintf(stderr,
            "  2%% loss: %llu dropped, %llu retransmits, %llu "
            "recoveries, %llu timeouts, %.1f s virtual\n",
            (unsigned long long)s.dropped, (unsigned long long)st.retransmits,
            (unsigned long long)st.fast_retransmits,
            (unsigned long long)st.timeouts,
            (double)(s.now - 1000 * SIM_SEC) / SIM_SEC);
    s.loss_ppm = s.reorder_ppm = s.dup_ppm = 0;
    teardown(&s, l, c, d);
}

/* Drops the first transmission of data segments starting at the listed
 * offsets (from the first data byte) sent by host 0. */
struct dropper {
    uint32_t base;
    uint32_t off[8];
    unsigned n;
    unsigned dropped;
    uint32_t seen[8];
};

static bool drop_offsets(struct sim *s, int from, const uint8_t *seg,
                         uint32_t len, void *arg)
{
    struct dropper *dr = arg;
    struct mirage__tcp_seg g;
    (void)s;
    if (from != 0 || mirage__tcp_parse(seg, len, &g) != 0 || g.len == 0)
        return true;
    for (unsigned i = 0; i < dr->n; i++) {
        if (g.seq == dr->base + dr->off[i] && !dr->seen[i]) {
            dr->seen[i] = 1;
            dr->dropped++;
            return false;
        }
    }
    return true;
}

static void one_loss(const struct mirage_tcp_direct_config *cfg, unsigned nlost,
                     struct mirage_tcp_direct_stats *out)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, cfg);
    struct dropper dr = {.base = c->snd_nxt, .n = nlost};
    /* Segments 30, 33, 36, ... of the transfer: inside one window. */
    for (unsigned i = 0; i < nlost; i++)
        dr.off[i] = (30 + 3 * i) * c->mss;
    s.filter = drop_offsets;
    s.filter_arg = &dr;
    struct xfer x;
    xfer_init(&x, c, d, 1 << 20, 5);
    x.chunk = c->mss; /* segment-aligned writes */
    CHECK(sim_run(&s, xfer_step, &x, 600 * SIM_SEC));
    CHECK_UINT_EQ(x.recvd, 1 << 20);
    CHECK_UINT_EQ(x.mismatch, 0);
    CHECK_INT_EQ(dr.dropped, nlost);
    stats(&s, 0, out);
    s.filter = NULL;
    teardown(&s, l, c, d);
}

static void fast_retransmit(void)
{
    struct mirage_tcp_direct_stats st;
    one_loss(NULL, 1, &st);
    CHECK_INT_EQ(st.fast_retransmits, 1);
    CHECK_INT_EQ(st.timeouts, 0);
    CHECK_INT_EQ(st.retransmits, 1);
    struct mirage_tcp_direct_config nosack = {.no_sack = true};
    one_loss(&nosack, 1, &st);
    CHECK_INT_EQ(st.fast_retransmits, 1);
    CHECK_INT_EQ(st.timeouts, 0);
    CHECK_INT_EQ(st.retransmits, 1);
}

static void sack_recovery(void)
{
    struct mirage_tcp_direct_stats st;
    one_loss(NULL, 4, &st);
    /* One recovery repairs all four holes, each sent once, no timeout. */
    CHECK_INT_EQ(st.fast_retransmits, 1);
    CHECK_INT_EQ(st.timeouts, 0);
    CHECK_INT_EQ(st.retransmits, 4);
}

static void newreno_recovery(void)
{
    struct mirage_tcp_direct_config nosack = {.no_sack = true};
    struct mirage_tcp_direct_stats st;
    one_loss(&nosack, 4, &st);
    /* NewReno repairs one hole per round trip with partial ACKs, still
     * within one recovery and without a timeout. */
    CHECK_INT_EQ(st.fast_retransmits, 1);
    CHECK_INT_EQ(st.timeouts, 0);
    CHECK_INT_EQ(st.retransmits, 4);
}

static void tail_loss_timeout(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, NULL);
    struct dropper dr = {.base = c->snd_nxt, .n = 1, .off = {0}};
    s.filter = drop_offsets;
    s.filter_arg = &dr;
    uint64_t t0 = s.now;
    CHECK_INT_EQ(mirage__tcp_send(c, "lonely", 6), 6);
    char buf[8];
    long n = -EAGAIN;
    for (int i = 0; i < 100 && n == -EAGAIN; i++) {
        sim_step(&s);
        n = mirage__tcp_recv(d, buf, sizeof buf);
    }
    CHECK_INT_EQ(n, 6);
    struct mirage_tcp_direct_stats st;
    stats(&s, 0, &st);
    CHECK_INT_EQ(st.timeouts, 1);
    /* RTO = max(200 ms, srtt + 4 rttvar) after a 2 ms handshake RTT. */
    fprintf(stderr, "took %llu\n", (unsigned long long)(s.now - t0));
    CHECK(s.now - t0 >= 200 * SIM_MS && s.now - t0 < 300 * SIM_MS);
    s.filter = NULL;
    teardown(&s, l, c, d);
}

static bool drop_all(struct sim *s, int from, const uint8_t *seg, uint32_t len,
                     void *arg)
{
    (void)s, (void)from, (void)seg, (void)len, (void)arg;
    return false;
}

static bool failed(void *arg)
{
    return ((struct mirage__tcp_conn *)arg)->state == MIRAGE__TCPS_CLOSED;
}

static void retries_exhausted(void)
{
    struct mirage_tcp_direct_config cfg = {.max_retries = 5};
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, &cfg);
    s.filter = drop_all;
    uint64_t t0 = s.now;
    CHECK_INT_EQ(mirage__tcp_send(c, "void", 4), 4);
    CHECK(sim_run(&s, failed, c, 3600 * SIM_SEC));
    char buf[4];
    CHECK_INT_EQ(mirage__tcp_recv(c, buf, 4), -ETIMEDOUT);
    CHECK_INT_EQ(mirage__tcp_send(c, "x", 1), -ETIMEDOUT);
    /* 0.2 + 0.4 + 0.8 + 1.6 + 3.2 + 6.4 s of exponential backoff. */
    uint64_t took = s.now - t0;
    fprintf(stderr, "took %llu\n", (unsigned long long)took);
    CHECK(took >= 12 * SIM_SEC && took < 13 * SIM_SEC);
    struct mirage_tcp_direct_stats st;
    stats(&s, 0, &st);
    CHECK_INT_EQ(st.timeouts, 6);
    CHECK_INT_EQ(st.conn_timeout, 1);
    s.filter = NULL;
    mirage__tcp_close(c);
    mirage__tcp_close(d); /* the other side learns nothing: abort it */
    mirage__tcp_listen_close(l);
    sim_run_for(&s, 10 * SIM_SEC);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

int main(void)
{
    RUN(random_loss);
    RUN(fast_retransmit);
    RUN(sack_recovery);
    RUN(newreno_recovery);
    RUN(tail_loss_timeout);
    RUN(retries_exhausted);
    CHECK_DONE();
}
