/* SPDX-License-Identifier: ISC */
/* Checksum and segmentation offloads: TSO segments, large and partial input. */
#include <string.h>

#include <mirage/buf.h>
#include <mirage/net.h>

#include "check.h"
#include "sim.h"

static const struct mirage_tcp_direct_config tso_cfg = {
    .offloads = MIRAGE_NET_OFFLOAD_CSUM | MIRAGE_NET_OFFLOAD_TSO4};
static const struct mirage_tcp_direct_config csum_cfg = {
    .offloads = MIRAGE_NET_OFFLOAD_CSUM};

/* Data segments longer than the MSS seen by a filter. */
struct big {
    uint64_t data, big, max, not_whole;
    uint32_t mss;
};

static bool count_big(struct sim *s, int from, const uint8_t *seg, uint32_t len,
                      void *arg)
{
    (void)s;
    struct big *b = arg;
    struct mirage__tcp_seg g;
    if (from != 0 || mirage__tcp_parse(seg, len, &g) < 0 || g.len == 0)
        return true;
    b->data++;
    if (g.len > b->mss) {
        b->big++;
        /* Only the end of the stream may leave a short tail. */
        if (g.len % b->mss && !(g.flags & (MIRAGE__TCP_PSH | MIRAGE__TCP_FIN)))
            b->not_whole++;
    }
    if (g.len > b->max)
        b->max = g.len;
    return true;
}

/* A bulk transfer from host 0 (cfg0) to host 1 (cfg1); returns host 0's
 * and 1's stats through st. */
static void bulk(const struct mirage_tcp_direct_config *cfg0,
                 const struct mirage_tcp_direct_config *cfg1, bool split,
                 uint32_t loss_ppm, uint64_t total, struct big *bg,
                 struct mirage_tcp_direct_stats st[2], struct sim *s)
{
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    sim_init2(s, cfg0, cfg1);
    s->tso_split = split;
    l = sim_listen(s, 1, 80, 4);
    CHECK_INT_EQ(sim_connect(s, 0, 1, 80, l, &c, &d), 0);
    memset(bg, 0, sizeof(*bg));
    bg->mss = c->mss;
    s->filter = split ? NULL : count_big;
    s->filter_arg = bg;
    s->loss_ppm = loss_ppm;
    struct xfer x;
    xfer_init(&x, c, d, total, 7);
    x.shut = true;
    x.chunk = 50000;
    CHECK(sim_run(s, xfer_step, &x, 600 * SIM_SEC));
    CHECK_UINT_EQ(x.recvd, total);
    CHECK_UINT_EQ(x.mismatch, 0);
    CHECK(x.eof);
    CHECK_INT_EQ(x.err, 0);
    CHECK_UINT_EQ(s->bad_offload, 0);
    s->loss_ppm = 0;
    s->filter = NULL;
    mirage_tcp_direct_stats(s->h[0].tcp, &st[0]);
    mirage_tcp_direct_stats(s->h[1].tcp, &st[1]);
    mirage__tcp_close(c);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(s));
    sim_fini(s);
}

/* TSO on one side: segments of many MSS, cut on MSS boundaries, within
 * an IPv4 packet; the other side (no offloads) sees them whole, as
 * Linux's GRO would deliver them, and acknowledges them at once. */
static void test_tso_whole(void)
{
    struct sim s;
    struct big bg;
    struct mirage_tcp_direct_stats st[2];
    bulk(&tso_cfg, NULL, false, 0, 8 << 20, &bg, st, &s);
    fprintf(stderr, "  %llu of %llu data segments > MSS, longest %llu\n",
            (unsigned long long)bg.big, (unsigned long long)bg.data,
            (unsigned long long)bg.max);
    CHECK(bg.big > 50);
    CHECK(bg.max > 40000 && bg.max <= 65535 - 20 - 60);
    CHECK_UINT_EQ(bg.not_whole, 0);
    CHECK(st[0].tso_out > 50);
    CHECK(st[1].large_in > 50);
    CHECK_UINT_EQ(st[0].retransmits, 0);
    CHECK_UINT_EQ(st[1].drop_checksum, 0);
    CHECK(s.gso_seen > 50);
}

/* TSO cut by the "device" into MSS segments, with loss: retransmissions
 * (single segments or TSO ranges) still give a byte-exact stream. */
static void test_tso_split_loss(void)
{
    struct sim s;
    struct big bg;
    struct mirage_tcp_direct_stats st[2];
    bulk(&tso_cfg, &tso_cfg, true, 20000, 4 << 20, &bg, st, &s);
    CHECK(st[0].tso_out > 10);
    CHECK(st[0].retransmits > 0);
    CHECK(s.gso_seen > 10);
}

/* Without TSO but with checksum offload: no segment beyond the MSS, every
 * checksum left to the device and right once completed. */
static void test_csum_only(void)
{
    struct sim s;
    struct big bg;
    struct mirage_tcp_direct_stats st[2];
    bulk(&csum_cfg, &csum_cfg, false, 0, 1 << 20, &bg, st, &s);
    CHECK_UINT_EQ(bg.big, 0);
    CHECK_UINT_EQ(st[0].tso_out, 0);
    CHECK(s.offloaded > 700);
    CHECK_UINT_EQ(s.gso_seen, 0);
}

/* Same transfer without offloads (the baseline): nothing marked. */
static void test_no_offload(void)
{
    struct sim s;
    struct big bg;
    struct mirage_tcp_direct_stats st[2];
    bulk(NULL, NULL, false, 0, 1 << 20, &bg, st, &s);
    CHECK_UINT_EQ(bg.big, 0);
    CHECK_UINT_EQ(s.offloaded, 0);
}

/* Received segments with a partial checksum: accepted when the metadata
 * points at the TCP checksum field, verified (and so dropped) when not. */
static void test_partial_input(void)
{
    struct sim s;
    struct mirage__tcp_listener *l;
    struct mirage__tcp_conn *c, *d;
    static const struct mirage_tcp_direct_config no_ts = {.no_timestamps =
                                                              true};
    sim_init(&s, &no_ts); /* injected segments carry no timestamps */
    l = sim_listen(&s, 1, 80, 4);
    CHECK_INT_EQ(sim_connect(&s, 0, 1, 80, l, &c, &d), 0);
    static uint8_t data[20000];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 13);
    struct sim_seg g = {.sport = c->rport,
                        .dport = c->lport,
                        .seq = c->rcv_nxt,
                        .ack = c->snd_nxt,
                        .flags = MIRAGE__TCP_ACK,
                        .wnd = 65535,
                        .data = data,
                        .len = sizeof(data),
                        .rx_csum = MIRAGE_BUF_RX_CSUM_PARTIAL,
                        .csum_off = 16,
                        .gso_size = 1448};
    struct mirage_tcp_direct_stats st;
    /* Wrong places: the checksum is verified, fails, the segment goes. */
    g.csum_at = 4;
    sim_inject(&s, 0, &s.h[1].addr, &g);
    g.csum_at = 0;
    g.csum_off = 6;
    sim_inject(&s, 0, &s.h[1].addr, &g);
    mirage_tcp_direct_stats(s.h[0].tcp, &st);
    CHECK_UINT_EQ(st.drop_checksum, 2);
    CHECK_UINT_EQ(c->rq_bytes, 0);
    /* Right place: taken, longer than the MSS, ACKed at once. */
    g.csum_off = 16;
    uint32_t acks_before = (uint32_t)s.h[0].sent;
    sim_inject(&s, 0, &s.h[1].addr, &g);
    mirage_tcp_direct_stats(s.h[0].tcp, &st);
    CHECK_UINT_EQ(st.drop_checksum, 2);
    CHECK_UINT_EQ(st.large_in, 1);
    CHECK_UINT_EQ(c->rq_bytes, sizeof(data));
    CHECK(c->flags & MIRAGE__TCPF_ACKNOW || s.h[0].sent > acks_before);
    /* Checked by the device: no verification (a wrong sum is not seen). */
    g.seq += sizeof(data);
    g.rx_csum = MIRAGE_BUF_RX_CSUM_VALID;
    g.bad_csum = true;
    g.len = 100;
    sim_inject(&s, 0, &s.h[1].addr, &g);
    CHECK_UINT_EQ(c->rq_bytes, sizeof(data) + 100);
    /* Unmarked, a wrong sum is dropped. */
    g.seq += 100;
    g.rx_csum = 0;
    sim_inject(&s, 0, &s.h[1].addr, &g);
    mirage_tcp_direct_stats(s.h[0].tcp, &st);
    CHECK_UINT_EQ(st.drop_checksum, 3);
    mirage__tcp_close(c);
    mirage__tcp_close(d);
    mirage__tcp_listen_close(l);
    sim_fini(&s);
}

int main(void)
{
    RUN(test_tso_whole);
    RUN(test_tso_split_loss);
    RUN(test_csum_only);
    RUN(test_no_offload);
    RUN(test_partial_input);
    CHECK_DONE();
}
