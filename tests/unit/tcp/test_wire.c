/* SPDX-License-Identifier: ISC */
/* Wire format, sequence arithmetic, SipHash and SYN cookies. */
#include <string.h>

#include "check.h"
#include "sim.h"

static void parse_syn_options(void)
{
    struct mirage__tcp_hdr h = {.sport = 1234,
                                .dport = 80,
                                .seq = 0xfffffff0,
                                .ack = 7,
                                .flags = MIRAGE__TCP_SYN,
                                .wnd = 65535};
    mirage__tcp_opt_mss(&h, 1460);
    mirage__tcp_opt_ws(&h, 7);
    mirage__tcp_opt_sack_ok(&h);
    mirage__tcp_opt_ts(&h, 0xdeadbeef, 0);
    uint8_t p[60];
    CHECK_UINT_EQ(mirage__tcp_write_hdr(p, &h), 20 + 24);
    struct mirage__tcp_seg s;
    CHECK_INT_EQ(mirage__tcp_parse(p, 44, &s), MIRAGE__TCP_OK);
    CHECK_INT_EQ(s.sport, 1234);
    CHECK_INT_EQ(s.dport, 80);
    CHECK_UINT_EQ(s.seq, 0xfffffff0);
    CHECK_UINT_EQ(s.ack, 7);
    CHECK_INT_EQ(s.flags, MIRAGE__TCP_SYN);
    CHECK_INT_EQ(s.wnd, 65535);
    CHECK_INT_EQ(s.hlen, 44);
    CHECK_INT_EQ(s.len, 0);
    CHECK(s.has_mss && s.mss == 1460);
    CHECK(s.has_ws && s.ws == 7);
    CHECK(s.sack_ok);
    CHECK(s.has_ts && s.tsval == 0xdeadbeef && s.tsecr == 0);
}

static void parse_sack_and_data(void)
{
    struct mirage__tcp_hdr h = {
        .flags = MIRAGE__TCP_ACK, .sport = 1, .dport = 2};
    mirage__tcp_opt_ts(&h, 1, 2);
    struct mirage__tcp_sackblk b[4] = {{10, 20}, {30, 40}, {50, 60}, {1, 2}};
    /* Only three blocks fit beside the timestamps (RFC 2018). */
    CHECK_INT_EQ(mirage__tcp_opt_sack(&h, b, 4), 3);
    CHECK_INT_EQ(h.optlen, 40);
    uint8_t p[80];
    uint32_t hl = mirage__tcp_write_hdr(p, &h);
    memcpy(p + hl, "payload", 7);
    struct mirage__tcp_seg s;
    CHECK_INT_EQ(mirage__tcp_parse(p, hl + 7, &s), MIRAGE__TCP_OK);
    CHECK_INT_EQ(s.nsack, 3);
    CHECK_UINT_EQ(s.sack[2].l, 50);
    CHECK_UINT_EQ(s.sack[2].r, 60);
    CHECK_INT_EQ(s.len, 7);
    CHECK_MEM_EQ(s.data, "payload", 7);
    /* No room at all: nothing is added. */
    CHECK_INT_EQ(mirage__tcp_opt_sack(&h, b, 1), 0);
}

static int parse_opts(const uint8_t *o, uint8_t n, struct mirage__tcp_seg *s)
{
    uint8_t p[60] = {0};
    p[12] = (uint8_t)(((20 + n) / 4) << 4);
    memcpy(p + 20, o, n);
    return mirage__tcp_parse(p, 20u + n, s);
}

static void odd_options(void)
{
    struct mirage__tcp_seg s;
    /* Unknown kinds are skipped; EOL ends the list. */
    static const uint8_t a[8] = {30, 4, 9, 9, 0, 2, 0, 0};
    CHECK_INT_EQ(parse_opts(a, 8, &s), MIRAGE__TCP_OK);
    CHECK(!s.has_mss);
    /* A window shift above 14 is taken as 14 (RFC 7323 2.3). */
    static const uint8_t b[4] = {3, 3, 20, 1};
    CHECK_INT_EQ(parse_opts(b, 4, &s), MIRAGE__TCP_OK);
    CHECK_INT_EQ(s.ws, 14);
    /* Malformed: each is rejected, never read past the header. */
    static const uint8_t bad[][4] = {
        {2, 5, 1, 1}, {2, 1, 0, 0}, {1, 1, 1, 8}, {4, 3, 0, 0}, {5, 2, 0, 0},
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT_EQ(parse_opts(bad[i], 4, &s), MIRAGE__TCP_EOPTS);
    /* Data offsets below 5 words or beyond the segment. */
    uint8_t p[24] = {0};
    p[12] = 4 << 4;
    CHECK_INT_EQ(mirage__tcp_parse(p, 24, &s), MIRAGE__TCP_ESHORT);
    p[12] = 7 << 4;
    CHECK_INT_EQ(mirage__tcp_parse(p, 24, &s), MIRAGE__TCP_ESHORT);
    CHECK_INT_EQ(mirage__tcp_parse(p, 19, &s), MIRAGE__TCP_ESHORT);
}

static void sequence_space(void)
{
    CHECK(mirage__seq_lt(0xfffffff0u, 0x10));
    CHECK(mirage__seq_gt(0x10, 0xfffffff0u));
    CHECK(mirage__seq_le(5, 5) && mirage__seq_ge(5, 5));
    CHECK(!mirage__seq_lt(5, 5));
    CHECK_UINT_EQ(mirage__seq_max(0xffffffffu, 1), 1);
    CHECK_UINT_EQ(mirage__seq_min(0xffffffffu, 1), 0xffffffffu);
}

static void siphash_vectors(void)
{
    /* From the SipHash paper (Aumasson, Bernstein): key 00..0f. */
    uint64_t key[2] = {0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};
    uint8_t msg[15];
    for (int i = 0; i < 15; i++)
        msg[i] = (uint8_t)i;
    CHECK_UINT_EQ(mirage__tcp_siphash(key, msg, 15), 0xa129ca6149be45e5ull);
    CHECK_UINT_EQ(mirage__tcp_siphash(key, msg, 0), 0x726fdb47dd0e0e31ull);
}

static void cookies(void)
{
    struct sim s;
    sim_init(&s, NULL);
    struct mirage__tcp *t = sim_tcp(&s, 1);
    struct mirage__tcp_conn c = {.tcp = t, .lport = 80, .rport = 5555};
    c.laddr = mirage_ipv4(10, 0, 0, 2);
    c.raddr = mirage_ipv4(10, 0, 0, 1);
    uint32_t k = mirage__tcp_cookie_make(t, &c, 1000, 1460);
    CHECK_INT_EQ(mirage__tcp_cookie_check(t, &c, 1000, k), 1460);
    CHECK_INT_EQ(mirage__tcp_cookie_check(t, &c, 1001, k), 0);
    CHECK_INT_EQ(mirage__tcp_cookie_check(t, &c, 1000, k ^ 1), 0);
    c.rport++;
    CHECK_INT_EQ(mirage__tcp_cookie_check(t, &c, 1000, k), 0);
    c.rport--;
    /* An MSS between table entries rounds down. */
    uint32_t k2 = mirage__tcp_cookie_make(t, &c, 1000, 1400);
    CHECK_INT_EQ(mirage__tcp_cookie_check(t, &c, 1000, k2), 1360);
    /* Valid for one more 64 s period, not two. */
    s.now += 64 * SIM_SEC;
    CHECK_INT_EQ(mirage__tcp_cookie_check(t, &c, 1000, k), 1460);
    s.now += 64 * SIM_SEC;
    CHECK_INT_EQ(mirage__tcp_cookie_check(t, &c, 1000, k), 0);
    /* Options in the timestamp, never ahead of the clock. */
    uint8_t ws;
    bool sack;
    for (uint32_t now = 1000; now < 1200; now += 7) {
        uint32_t v = mirage__tcp_cookie_tsval(now, 9, true);
        CHECK(mirage__seq_le(v, now) && now - v < 128);
        CHECK(mirage__tcp_cookie_tsopts(v, &ws, &sack));
        CHECK(ws == 9 && sack);
    }
    CHECK(!mirage__tcp_cookie_tsopts(0x40, &ws, &sack));
    sim_fini(&s);
}

int main(void)
{
    RUN(parse_syn_options);
    RUN(parse_sack_and_data);
    RUN(odd_options);
    RUN(sequence_space);
    RUN(siphash_vectors);
    RUN(cookies);
    CHECK_DONE();
}
