/* SPDX-License-Identifier: ISC */
/* Hostile input: resets, stray SYNs, bad checksums and options, floods. */
#include <stdlib.h>
#include <string.h>

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
    if (c)
        mirage__tcp_close(c);
    if (d)
        mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(s));
    sim_fini(s);
}

/* A segment to c (on host 0) as if from its peer. */
static struct sim_seg to_conn(const struct mirage__tcp_conn *c, uint32_t seq,
                              uint8_t flags)
{
    struct sim_seg g = {.sport = c->rport,
                        .dport = c->lport,
                        .seq = seq,
                        .ack = c->snd_nxt,
                        .flags = flags,
                        .wnd = 1000};
    return g;
}

static struct mirage_tcp_direct_stats stats(struct sim *s, int i)
{
    struct mirage_tcp_direct_stats st;
    mirage_tcp_direct_stats(s->h[i].tcp, &st);
    return st;
}

static void rst_checks(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, NULL);
    c->flags &= ~MIRAGE__TCPF_TS; /* hand-made segments carry no TS */
    /* Outside the window: silently dropped. */
    struct sim_seg g = to_conn(c, c->rcv_nxt + 10000000, MIRAGE__TCP_RST);
    sim_inject(&s, 0, &s.h[1].addr, &g);
    CHECK_INT_EQ(c->state, MIRAGE__TCPS_ESTABLISHED);
    CHECK_INT_EQ(stats(&s, 0).drop_out_of_window, 1);
    CHECK_INT_EQ(stats(&s, 0).challenge_acks, 0);
    /* In the window but not exact: a challenge ACK (RFC 5961 3.2). */
    uint64_t sent = s.h[0].sent;
    g = to_conn(c, c->rcv_nxt + 100, MIRAGE__TCP_RST);
    sim_inject(&s, 0, &s.h[1].addr, &g);
    CHECK_INT_EQ(c->state, MIRAGE__TCPS_ESTABLISHED);
    CHECK_INT_EQ(stats(&s, 0).challenge_acks, 1);
    CHECK_INT_EQ(stats(&s, 0).drop_rst, 1);
    CHECK_INT_EQ(s.h[0].sent, sent + 1);
    /* A SYN on an established connection: challenge ACK (4.2). */
    g = to_conn(c, c->rcv_nxt + 5, MIRAGE__TCP_SYN);
    sim_inject(&s, 0, &s.h[1].addr, &g);
    CHECK_INT_EQ(c->state, MIRAGE__TCPS_ESTABLISHED);
    CHECK_INT_EQ(stats(&s, 0).challenge_acks, 2);
    /* Exactly rcv_nxt: reset. */
    g = to_conn(c, c->rcv_nxt, MIRAGE__TCP_RST);
    sim_inject(&s, 0, &s.h[1].addr, &g);
    CHECK_INT_EQ(c->state, MIRAGE__TCPS_CLOSED);
    char buf[4];
    CHECK_INT_EQ(mirage__tcp_recv(c, buf, 4), -ECONNRESET);
    CHECK_INT_EQ(stats(&s, 0).conn_reset, 1);
    /* d does not know: abort it. */
    mirage__tcp_close(c);
    sim_run_for(&s, SIM_SEC);
    mirage__tcp_send(d, "?", 1); /* answered with a reset by host 0 */
    sim_run_for(&s, SIM_SEC);
    CHECK_INT_EQ(d->state, MIRAGE__TCPS_CLOSED);
    teardown(&s, l, NULL, d);
}

static void bad_input_counted(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    setup(&s, &l, &c, &d, NULL);
    c->flags &= ~MIRAGE__TCPF_TS;
    /* Bad checksum: dropped, counted, the data never delivered. */
    struct sim_seg g = to_conn(c, c->rcv_nxt, MIRAGE__TCP_ACK);
    g.data = (const uint8_t *)"evil";
    g.len = 4;
    g.bad_csum = true;
    sim_inject(&s, 0, &s.h[1].addr, &g);
    CHECK_INT_EQ(stats(&s, 0).drop_checksum, 1);
    CHECK_INT_EQ(c->rq_bytes, 0);
    /* Out of window data: dropped, counted, answered with an ACK. */
    g.bad_csum = false;
    g.seq = c->rcv_nxt + 5000000;
    uint64_t sent = s.h[0].sent;
    sim_inject(&s, 0, &s.h[1].addr, &g);
    CHECK_INT_EQ(stats(&s, 0).drop_out_of_window, 1);
    CHECK_INT_EQ(c->rq_bytes, 0);
    CHECK_INT_EQ(s.h[0].sent, sent + 1);
    /* An ACK of data never sent (RFC 5961 5.2). */
    g.seq = c->rcv_nxt;
    g.ack = c->snd_nxt + 100000;
    sim_inject(&s, 0, &s.h[1].addr, &g);
    CHECK_INT_EQ(stats(&s, 0).drop_bad_ack, 1);
    CHECK_INT_EQ(c->rq_bytes, 0);
    /* Malformed options. */
    static const uint8_t bad_opts[][8] = {
        {2, 10, 5, 180, 1, 1, 1, 1}, /* MSS longer than the options */
        {2, 0, 1, 1, 1, 1, 1, 1},    /* length 0 */
        {1, 1, 1, 1, 1, 1, 1, 3},    /* WS with no length byte */
        {3, 4, 7, 1, 1, 1, 1, 1},    /* WS of length 4 */
        {5, 6, 0, 0, 0, 0, 1, 1},    /* SACK not a multiple of 8 */
        {8, 8, 0, 0, 0, 0, 0, 0},    /* timestamps of length 8 */
    };
    g.ack = c->snd_nxt;
    for (unsigned i = 0; i < sizeof bad_opts / sizeof bad_opts[0]; i++) {
        g.opts = bad_opts[i];
        g.optlen = 8;
        sim_inject(&s, 0, &s.h[1].addr, &g);
    }
    CHECK_INT_EQ(stats(&s, 0).drop_options, 6);
    CHECK_INT_EQ(c->rq_bytes, 0);
    /* Too short for a header, and a data offset beyond the segment. */
    g.opts = NULL;
    g.optlen = 0;
    g.len = 0;
    struct mirage_buf *b = mirage_buf_alloc(0, 12);
    memset(mirage_buf_put(b, 12), 0, 12);
    s.h[0].fn(s.h[0].arg, &s.h[0].ip, &s.h[1].addr, &s.h[0].addr, b);
    mirage_buf_unref(b);
    CHECK_INT_EQ(stats(&s, 0).drop_short, 1);
    /* Good data still flows afterwards. */
    g.data = (const uint8_t *)"good";
    g.len = 4;
    sim_inject(&s, 0, &s.h[1].addr, &g);
    CHECK_INT_EQ(c->rq_bytes, 4);
    CHECK_INT_EQ(c->state, MIRAGE__TCPS_ESTABLISHED);
    char buf[8];
    CHECK_INT_EQ(mirage__tcp_recv(c, buf, sizeof buf), 4);
    CHECK_MEM_EQ(buf, "good", 4);
    /* Let the real peer believe it sent them, so both close cleanly. */
    c->flags |= MIRAGE__TCPF_TS;
    d->snd_una += 4;
    d->snd_nxt += 4;
    d->snd_max += 4;
    teardown(&s, l, c, d);
}

static void backlog_overflow(void)
{
    struct sim s;
    sim_init(&s, NULL);
    struct mirage__tcp_listener *l = sim_listen(&s, 1, 80, 2);
    struct mirage__tcp_conn *cli[5];
    for (int i = 0; i < 5; i++)
        CHECK_INT_EQ(
            mirage__tcp_open(sim_tcp(&s, 0), &s.h[1].addr, 80, &cli[i]), 0);
    sim_run_for(&s, 500 * SIM_MS);
    CHECK_INT_EQ(l->acc_len, 2);
    struct mirage_tcp_direct_stats st = stats(&s, 1);
    CHECK(st.drop_listen_overflow >= 3);
    /* Accepting makes room; the others get in through SYN retries. */
    struct mirage__tcp_conn *srv[5];
    int n = 0;
    for (int round = 0; round < 100 && n < 5; round++) {
        struct mirage__tcp_conn *x;
        while (n < 5 && (x = mirage__tcp_listen_take(l)))
            srv[n++] = x;
        sim_run_for(&s, 500 * SIM_MS);
    }
    CHECK_INT_EQ(n, 5);
    for (int i = 0; i < 5; i++) {
        CHECK_INT_EQ(mirage__tcp_open_status(cli[i]), 0);
        mirage__tcp_close(cli[i]);
    }
    for (int i = 0; i < n; i++)
        mirage__tcp_close(srv[i]);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

/* SYNs from n spoofed sources to host 1, port 80. */
static void flood(struct sim *s, unsigned n, uint32_t salt)
{
    static const uint8_t mss[4] = {2, 4, 5, 180};
    for (unsigned i = 0; i < n; i++) {
        uint32_t r = (i + salt) * 2654435761u;
        struct mirage_ipaddr src =
            mirage_ipv4(10, 1, (uint8_t)(r >> 8), (uint8_t)(r >> 16));
        struct sim_seg g = {.sport = (uint16_t)(1024 + (r >> 20)),
                            .dport = 80,
                            .seq = r,
                            .flags = MIRAGE__TCP_SYN,
                            .wnd = 65535,
                            .opts = mss,
                            .optlen = 4};
        sim_inject(s, 1, &src, &g);
    }
}

static void syn_flood(bool cookies)
{
    struct mirage_tcp_direct_config cfg = {.syn_queue = 64,
                                           .no_syn_cookies = !cookies};
    struct sim s;
    sim_init(&s, &cfg);
    struct mirage__tcp_listener *l = sim_listen(&s, 1, 80, 16);
    flood(&s, 10000, 1);
    struct mirage_tcp_direct_stats st = stats(&s, 1);
    CHECK_INT_EQ(st.half_open, 64); /* bounded */
    CHECK(st.conns <= 64);
    if (cookies)
        CHECK_INT_EQ(st.syn_cookies_sent, 10000 - 64);
    else
        CHECK_INT_EQ(st.drop_syn, 10000 - 64);
    CHECK(s.blackholed >= 10000); /* SYN-ACKs to nowhere */
    /* A real client still gets in, and its connection works. */
    struct mirage__tcp_conn *c, *d;
    CHECK_INT_EQ(sim_connect(&s, 0, 1, 80, l, &c, &d), 0);
    if (!d) {
        sim_fini(&s);
        return;
    }
    st = stats(&s, 1);
    if (cookies) {
        CHECK_INT_EQ(st.syn_cookies_ok, 1); /* it came in by a cookie */
        /* Options ride in the timestamp (tcp_cookie.c). */
        CHECK(d->flags & MIRAGE__TCPF_TS);
        CHECK(d->flags & MIRAGE__TCPF_SACK);
        CHECK(d->flags & MIRAGE__TCPF_WS);
        CHECK_INT_EQ(d->snd_ws, c->rcv_ws);
        CHECK_INT_EQ(d->mss + 12, 1460);
    }
    struct xfer2 x;
    xfer_init(&x.a, c, d, 1 << 20, 10);
    xfer_init(&x.b, d, c, 1 << 20, 11);
    CHECK(sim_run(&s, xfer2_step, &x, 600 * SIM_SEC));
    CHECK_UINT_EQ(x.a.recvd + x.b.recvd, 2 << 20);
    CHECK_UINT_EQ(x.a.mismatch + x.b.mismatch, 0);
    /* A forged final ACK with a wrong cookie opens nothing. */
    struct sim_seg g = {.sport = 4242,
                        .dport = 80,
                        .seq = 77,
                        .ack = 0x12345678,
                        .flags = MIRAGE__TCP_ACK};
    struct mirage_ipaddr evil = mirage_ipv4(10, 9, 9, 9);
    uint32_t conns = stats(&s, 1).conns;
    sim_inject(&s, 1, &evil, &g);
    CHECK_INT_EQ(stats(&s, 1).conns, conns);
    mirage__tcp_close(c);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

static void syn_flood_cookies(void)
{
    syn_flood(true);
}

static void syn_flood_eviction(void)
{
    syn_flood(false);
}

static void half_open_expire(void)
{
    struct sim s;
    sim_init(&s, NULL);
    struct mirage__tcp_listener *l = sim_listen(&s, 1, 80, 16);
    flood(&s, 100, 7);
    CHECK_INT_EQ(stats(&s, 1).half_open, 100);
    sim_run_for(&s, 200 * SIM_SEC); /* SYN-ACK retries run out */
    CHECK_INT_EQ(stats(&s, 1).half_open, 0);
    CHECK_INT_EQ(stats(&s, 1).conns, 0);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

int main(void)
{
    RUN(rst_checks);
    RUN(bad_input_counted);
    RUN(backlog_overflow);
    RUN(syn_flood_cookies);
    RUN(syn_flood_eviction);
    RUN(half_open_expire);
    CHECK_DONE();
}
