/* SPDX-License-Identifier: ISC */
/* IP addresses and prefixes: parsing, printing, comparing; checksums. */
#include <mirage/error.h>
#include <mirage/ip.h>
#include <mirage/ipaddr.h>

#include "check.h"

static const char *fmt(const char *in, char *buf)
{
    struct mirage_ipaddr a;
    if (mirage_ipaddr_parse(in, &a) < 0)
        return "(error)";
    return mirage_ipaddr_format(&a, buf, MIRAGE_IPADDR_STRLEN);
}

static void test_v4(void)
{
    char buf[MIRAGE_IPADDR_STRLEN];
    struct mirage_ipaddr a;
    CHECK_INT_EQ(mirage_ipaddr_parse("10.0.0.2", &a), 0);
    CHECK_INT_EQ(a.family, MIRAGE_IPV4);
    CHECK_UINT_EQ(mirage_ipv4_to_u32(&a), 0x0a000002);
    CHECK_STR_EQ(fmt("255.255.255.255", buf), "255.255.255.255");
    CHECK_STR_EQ(fmt("0.0.0.0", buf), "0.0.0.0");
    const char *bad[] = {"",         "1.2.3",     "1.2.3.4.5", "256.1.1.1",
                         "01.2.3.4", "1.2.3.4 ",  "1..2.3",    "a.b.c.d",
                         "1.2.3.-4", "1.2.3.1000"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK_INT_EQ(mirage_ipaddr_parse(bad[i], &a), -EINVAL);
}

static void test_v6(void)
{
    char buf[MIRAGE_IPADDR_STRLEN];
    CHECK_STR_EQ(fmt("::", buf), "::");
    CHECK_STR_EQ(fmt("::1", buf), "::1");
    CHECK_STR_EQ(fmt("2001:DB8:0:0:0:0:2:1", buf), "2001:db8::2:1");
    CHECK_STR_EQ(fmt("2001:db8:0:1:1:1:1:1", buf), "2001:db8:0:1:1:1:1:1");
    CHECK_STR_EQ(fmt("2001:0:0:1:0:0:0:1", buf), "2001:0:0:1::1");
    CHECK_STR_EQ(fmt("2001:db8:0:0:1:0:0:1", buf), "2001:db8::1:0:0:1");
    CHECK_STR_EQ(fmt("fe80::", buf), "fe80::");
    CHECK_STR_EQ(fmt("::ffff:10.0.0.1", buf), "::ffff:10.0.0.1");
    CHECK_STR_EQ(fmt("1:2:3:4:5:6:7:8", buf), "1:2:3:4:5:6:7:8");
    CHECK_STR_EQ(fmt("1::3:4:5:6:7:8", buf), "1:0:3:4:5:6:7:8");
    struct mirage_ipaddr a;
    const char *bad[] = {
        ":",   ":::", "1:2:3:4:5:6:7:8:9", "1::2::3",      "12345::",
        "1:",  ":1",  "1::2:3:4:5:6:7:8",  "fe80::1%eth0", "::1.2.3",
        "g::1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (mirage_ipaddr_parse(bad[i], &a) != -EINVAL)
            CHECK__FAIL("accepted \"%s\"", bad[i]);
    }
}

static void test_prefix(void)
{
    struct mirage_ipprefix p;
    struct mirage_ipaddr a;
    CHECK_INT_EQ(mirage_ipprefix_parse("10.0.0.2/24", &p), 0);
    CHECK_INT_EQ(p.len, 24);
    mirage_ipaddr_parse("10.0.0.200", &a);
    CHECK(mirage_ipprefix_contains(&p, &a));
    mirage_ipaddr_parse("10.0.1.1", &a);
    CHECK(!mirage_ipprefix_contains(&p, &a));
    CHECK_INT_EQ(mirage_ipprefix_parse("10.0.0.0/25", &p), 0);
    mirage_ipaddr_parse("10.0.0.127", &a);
    CHECK(mirage_ipprefix_contains(&p, &a));
    mirage_ipaddr_parse("10.0.0.128", &a);
    CHECK(!mirage_ipprefix_contains(&p, &a));
    CHECK_INT_EQ(mirage_ipprefix_parse("fe80::1/64", &p), 0);
    mirage_ipaddr_parse("fe80::abcd", &a);
    CHECK(mirage_ipprefix_contains(&p, &a));
    mirage_ipaddr_parse("10.0.0.1", &a);
    CHECK(!mirage_ipprefix_contains(&p, &a)); /* other family */
    CHECK_INT_EQ(mirage_ipprefix_parse("0.0.0.0/0", &p), 0);
    CHECK(mirage_ipprefix_contains(&p, &a));
    const char *bad[] = {"10.0.0.1",   "10.0.0.1/33", "10.0.0.1/",
                         "10.0.0.1/x", "::/129",      "1.2.3.4/08"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK_INT_EQ(mirage_ipprefix_parse(bad[i], &p), -EINVAL);
    struct mirage_ipaddr b;
    mirage_ipaddr_parse("10.0.0.1", &a);
    mirage_ipaddr_parse("10.0.0.1", &b);
    CHECK(mirage_ipaddr_equal(&a, &b));
    mirage_ipaddr_parse("::ffff:10.0.0.1", &b);
    CHECK(!mirage_ipaddr_equal(&a, &b));
}

/* Reference: a byte at a time. */
static uint16_t ref_csum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < len; i++)
        sum += i % 2 ? p[i] : (uint32_t)p[i] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static void test_csum(void)
{
    /* RFC 1071's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2. */
    static const uint8_t ex[] = {0x00, 0x01, 0xf2, 0x03,
                                 0xf4, 0xf5, 0xf6, 0xf7};
    CHECK_UINT_EQ(mirage_csum_fold(mirage_csum_partial(ex, 8, 0)),
                  (uint16_t)~0xddf2);
    uint8_t data[1501];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof(data); i++) {
        x = x * 1103515245 + 12345;
        data[i] = (uint8_t)(x >> 16);
    }
    for (size_t len = 0; len <= sizeof(data); len += len < 40 ? 1 : 97)
        for (size_t off = 0; off < 4; off++)
            if (off + len <= sizeof(data))
                CHECK_UINT_EQ(
                    mirage_csum_fold(mirage_csum_partial(data + off, len, 0)),
                    ref_csum(data + off, len));
    /* Split sums: even-length pieces chain. */
    uint32_t s = mirage_csum_partial(data, 600, 0);
    s = mirage_csum_partial(data + 600, 901, s);
    CHECK_UINT_EQ(mirage_csum_fold(s), ref_csum(data, 1501));
    /* All ones: the folding carries. */
    memset(data, 0xff, sizeof(data));
    CHECK_UINT_EQ(mirage_csum_fold(mirage_csum_partial(data, 1500, 0)),
                  ref_csum(data, 1500));
}

static void test_pseudo(void)
{
    struct mirage_ipaddr s = mirage_ipv4(10, 0, 0, 1);
    struct mirage_ipaddr d = mirage_ipv4(10, 0, 0, 2);
    uint8_t ph[12] = {10, 0, 0, 1, 10, 0, 0, 2, 0, 17, 0, 30};
    CHECK_UINT_EQ(mirage_csum_fold(mirage_csum_pseudo(&s, &d, 17, 30)),
                  ref_csum(ph, 12));
    struct mirage_ipaddr s6, d6;
    mirage_ipaddr_parse("fe80::1", &s6);
    mirage_ipaddr_parse("fe80::2", &d6);
    uint8_t ph6[40] = {0};
    memcpy(ph6, s6.addr, 16);
    memcpy(ph6 + 16, d6.addr, 16);
    ph6[33] = 0x01; /* length 0x10000: needs the 32-bit field */
    ph6[39] = 17;
    CHECK_UINT_EQ(mirage_csum_fold(mirage_csum_pseudo(&s6, &d6, 17, 0x10000)),
                  ref_csum(ph6, 40));
}

int main(void)
{
    RUN(test_v4);
    RUN(test_v6);
    RUN(test_prefix);
    RUN(test_csum);
    RUN(test_pseudo);
    CHECK_DONE();
}
