/* SPDX-License-Identifier: ISC */
/* IPv4 fragmentation on send and reassembly with its bounds. */
#include "ipv4_test.h"

static uint8_t data[70000];

static void fill(void)
{
    uint32_t x = 7;
    for (size_t i = 0; i < sizeof(data); i++) {
        x = x * 1103515245 + 12345;
        data[i] = (uint8_t)(x >> 16);
    }
}

/* Injects bytes [off, off+len) of data as a fragment of datagram id. */
static void frag(uint16_t id, uint32_t off, uint32_t len, bool more)
{
    uint16_t ff = (uint16_t)(off / 8) | (more ? 0x2000 : 0);
    inject_ip(PEER, US, PROTO_TEST, data + off, len, id, ff);
}

static void test_fragment_on_send(void)
{
    struct mirage_ipaddr d = mirage_ipv4(10, 0, 0, 1);
    struct mirage_buf *b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 4000);
    memcpy(mirage_buf_put(b, 4000), data, 4000);
    CHECK_INT_EQ(mirage_ip_write(ip, NULL, &d, PROTO_TEST, b), 0);
    uint8_t f[3][2000];
    int len[3];
    for (int i = 0; i < 3; i++)
        len[i] = fakenet_take(&fn, f[i], sizeof(f[i]));
    CHECK_INT_EQ(fakenet_take(&fn, f[0], 0), -1);
    CHECK_INT_EQ(len[0], 14 + 20 + 1480);
    CHECK_INT_EQ(len[1], 14 + 20 + 1480);
    CHECK_INT_EQ(len[2], 14 + 20 + 1040);
    uint16_t id = ns_rd16(f[0] + 14 + 4);
    for (int i = 0; i < 3; i++) {
        const uint8_t *h = f[i] + 14;
        CHECK_UINT_EQ(ns_csum(h, 20, 0), 0);
        CHECK_UINT_EQ(ns_rd16(h + 4), id);
        CHECK_UINT_EQ(ns_rd16(h + 6) & 0x1fff, i * 185u);
        CHECK_UINT_EQ(!!(ns_rd16(h + 6) & 0x2000), i < 2);
        CHECK_UINT_EQ(ns_rd16(h + 2), (uint32_t)len[i] - 14);
        CHECK_MEM_EQ(h + 20, data + i * 1480, (size_t)len[i] - 34);
    }
    struct mirage_ipv4_stats s;
    mirage_ipv4_stats(v4, &s);
    CHECK_UINT_EQ(s.tx_fragments, 3);
    /* Our fragments come back (as if from the peer) and reassemble. */
    got.count = 0;
    for (int i = 2; i >= 0; i--) {
        uint8_t *h = f[i] + 14;
        ns_wr32(h + 12, PEER);
        ns_wr32(h + 16, US);
        ns_wr16(h + 10, 0);
        ns_wr16(h + 10, ns_csum(h, 20, 0));
        inject_raw(h, (size_t)len[i] - 14);
    }
    CHECK_INT_EQ(got.count, 1);
    CHECK_UINT_EQ(got.len, 4000);
    CHECK_MEM_EQ(got.data, data, 4000);
    CHECK_UINT_EQ(got.hdr[0], 0x45);
    CHECK_UINT_EQ(ns_rd16(got.hdr + 2), 4020);
    CHECK_UINT_EQ(ns_rd16(got.hdr + 6), 0);
    CHECK_UINT_EQ(ns_csum(got.hdr, 20, 0), 0);
}

static void test_out_of_order_and_dup(void)
{
    got.count = 0;
    frag(100, 2000, 500, false);
    frag(100, 1000, 1000, true);
    frag(100, 1000, 1000, true); /* an exact copy */
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_FRAG_DUP), 1);
    CHECK_INT_EQ(got.count, 0);
    frag(100, 0, 1000, true);
    CHECK_INT_EQ(got.count, 1);
    CHECK_UINT_EQ(got.len, 2500);
    CHECK_MEM_EQ(got.data, data, 2500);
    /* The same id again is a new datagram. */
    frag(100, 0, 8, true);
    frag(100, 8, 8, false);
    CHECK_INT_EQ(got.count, 2);
    CHECK_UINT_EQ(got.len, 16);
}

static void test_overlap(void)
{
    got.count = 0;
    uint64_t before = drops(MIRAGE_IPV4_DROP_FRAG_OVERLAP);
    frag(200, 0, 1000, true);
    frag(200, 1000, 1000, true);
    frag(200, 1992, 16, false); /* overlaps the second by 8 bytes */
    /* This one and the two held are counted; the datagram is gone. */
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_FRAG_OVERLAP), before + 3);
    frag(200, 2000, 8, false);
    CHECK_INT_EQ(got.count, 0); /* a fresh datagram, incomplete */
    /* Teardrop-style: a later fragment inside an earlier one. */
    frag(201, 0, 1000, true);
    frag(201, 16, 8, false);
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_FRAG_OVERLAP), before + 5);
    CHECK_INT_EQ(got.count, 0);
}

static void test_bad(void)
{
    uint64_t bad = drops(MIRAGE_IPV4_DROP_FRAG_BAD);
    frag(300, 0, 1001, true); /* not a multiple of 8 with more to come */
    inject_ip(PEER, US, PROTO_TEST, data, 0, 301, 0x2000); /* empty */
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_FRAG_BAD), bad + 2);
    /* Two last fragments that disagree. */
    frag(302, 0, 16, true);
    frag(302, 32, 16, false);
    frag(302, 16, 8, false); /* a second, different end */
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_FRAG_BAD), bad + 2 + 3);
    /* A last fragment ending before data already held. */
    frag(304, 64, 16, true);
    frag(304, 32, 16, false); /* ends at 48, before 64..80 */
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_FRAG_BAD), bad + 5 + 2);
    /* Ping of death: past 65535 bytes in all. */
    uint64_t big = drops(MIRAGE_IPV4_DROP_FRAG_TOO_BIG);
    frag(303, 65528, 16, false);
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_FRAG_TOO_BIG), big + 1);
    CHECK_INT_EQ(got.count, 0);
}

static void test_too_many(void)
{
    got.count = 0;
    uint64_t before = drops(MIRAGE_IPV4_DROP_FRAG_TOO_MANY);
    for (uint32_t i = 0; i < 64; i++)
        frag(400, i * 8, 8, true);
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_FRAG_TOO_MANY), before);
    frag(400, 64 * 8, 8, false); /* the 65th */
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_FRAG_TOO_MANY), before + 65);
    CHECK_INT_EQ(got.count, 0);
    /* 64 is allowed: a full datagram in 64 pieces. */
    for (uint32_t i = 0; i < 63; i++)
        frag(401, i * 8, 8, true);
    frag(401, 63 * 8, 8, false);
    CHECK_INT_EQ(got.count, 1);
    CHECK_UINT_EQ(got.len, 512);
}

static void test_table_full(void)
{
    got.count = 0;
    uint64_t before = drops(MIRAGE_IPV4_DROP_FRAG_NO_ROOM);
    for (uint16_t id = 500; id < 516; id++) /* 16 datagrams in progress */
        frag(id, 0, 8, true);
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_FRAG_NO_ROOM), before);
    frag(516, 0, 8, true); /* the oldest (500) gives way */
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_FRAG_NO_ROOM), before + 1);
    frag(516, 8, 8, false);
    CHECK_INT_EQ(got.count, 1);
    frag(501, 8, 8, false); /* still held */
    CHECK_INT_EQ(got.count, 2);
    frag(500, 8, 8, false); /* its first part was dropped */
    CHECK_INT_EQ(got.count, 2);
}

static void test_timeout(void)
{
    /* Everything still held (from the tests above) times out, freed. */
    uint64_t before = drops(MIRAGE_IPV4_DROP_FRAG_TIMEOUT);
    frag(600, 0, 8, true);
    mirage_sleep_ns(120 * MS);
    CHECK(drops(MIRAGE_IPV4_DROP_FRAG_TIMEOUT) >= before + 1);
    got.count = 0;
    frag(600, 8, 8, false);
    CHECK_INT_EQ(got.count, 0); /* the first part expired */
    mirage_sleep_ns(120 * MS);
}

static void test_bytes_limit(void)
{
    teardown();
    struct mirage_ipv4_config c = {.reasm_bytes = 4096,
                                   .reasm_timeout_ns = 100 * MS};
    setup(&c, false);
    got.count = 0;
    frag(700, 0, 1480, true);
    frag(701, 0, 1480, true);
    frag(702, 0, 1480, true); /* 4440 > 4096: 700 gives way */
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_FRAG_NO_ROOM), 1);
    frag(702, 1480, 8, false);
    CHECK_INT_EQ(got.count, 1);
    CHECK_UINT_EQ(got.len, 1488);
    mirage_sleep_ns(150 * MS);
    CHECK_UINT_EQ(drops(MIRAGE_IPV4_DROP_FRAG_TIMEOUT), 1); /* 701 */
}

static int run(void)
{
    fill();
    struct mirage_ipv4_config c = {.reasm_timeout_ns = 100 * MS};
    setup(&c, false);
    RUN(test_fragment_on_send);
    RUN(test_out_of_order_and_dup);
    RUN(test_overlap);
    RUN(test_bad);
    RUN(test_too_many);
    RUN(test_timeout);
    RUN(test_table_full);
    RUN(test_bytes_limit);
    teardown();
    return 0;
}

int main(void)
{
    CHECK_INT_EQ(ns_run(run), 0);
    CHECK_DONE();
}
