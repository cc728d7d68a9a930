/* SPDX-License-Identifier: ISC */
/* Key value converters: every type, ranges, and the exact reasons. */
#include "../../../runtime/runtime_priv.h"
#include "check.h"

#include <mirage.h>

static struct mirage_key key_of(enum mirage_key_type t)
{
    struct mirage_key k = {0};

    k.name = "k";
    k.type = t;
    return k;
}

/* Parses text, expecting failure r with exactly the reason `why`. */
static void bad(const struct mirage_key *k, const char *text, int r,
                const char *why)
{
    union mirage_key_value v;
    char buf[256] = "";

    CHECK_INT_EQ(mirage_key_parse_value(k, text, &v, buf, sizeof(buf)), r);
    CHECK_STR_EQ(buf, why);
}

static void test_int(void)
{
    struct mirage_key k = key_of(MIRAGE_KEY_INT);
    union mirage_key_value v;

    CHECK_INT_EQ(mirage_key_parse_value(&k, "8080", &v, NULL, 0), 0);
    CHECK_INT_EQ(v.scalar.i, 8080);
    CHECK_INT_EQ(mirage_key_parse_value(&k, "-17", &v, NULL, 0), 0);
    CHECK_INT_EQ(v.scalar.i, -17);
    CHECK_INT_EQ(mirage_key_parse_value(&k, "+5", &v, NULL, 0), 0);
    CHECK_INT_EQ(v.scalar.i, 5);
    CHECK_INT_EQ(mirage_key_parse_value(&k, "0x1F", &v, NULL, 0), 0);
    CHECK_INT_EQ(v.scalar.i, 31);
    CHECK_INT_EQ(mirage_key_parse_value(&k, "-0x10", &v, NULL, 0), 0);
    CHECK_INT_EQ(v.scalar.i, -16);
    CHECK_INT_EQ(mirage_key_parse_value(&k, "2147483647", &v, NULL, 0), 0);
    CHECK_INT_EQ(v.scalar.i, 2147483647);
    CHECK_INT_EQ(mirage_key_parse_value(&k, "-2147483648", &v, NULL, 0), 0);
    CHECK_INT_EQ(v.scalar.i, -2147483647 - 1);
    bad(&k, "x", -EINVAL, "invalid value 'x', expected an int");
    bad(&k, "", -EINVAL, "invalid value '', expected an int");
    bad(&k, "12a", -EINVAL, "invalid value '12a', expected an int");
    bad(&k, " 12", -EINVAL, "invalid value ' 12', expected an int");
    bad(&k, "0x", -EINVAL, "invalid value '0x', expected an int");
    bad(&k, "--1", -EINVAL, "invalid value '--1', expected an int");
    bad(&k, "2147483648", -ERANGE,
        "invalid value '2147483648', out of range for an int "
        "(-2147483648..2147483647)");
    bad(&k, "-2147483649", -ERANGE,
        "invalid value '-2147483649', out of range for an int "
        "(-2147483648..2147483647)");
    bad(&k, "0x80000000", -ERANGE,
        "invalid value '0x80000000', out of range for an int "
        "(-2147483648..2147483647)");
}

static void test_int64(void)
{
    struct mirage_key k = key_of(MIRAGE_KEY_INT64);
    union mirage_key_value v;

    CHECK_INT_EQ(mirage_key_parse_value(&k, "9223372036854775807", &v, NULL, 0),
                 0);
    CHECK(v.scalar.i == INT64_MAX);
    CHECK_INT_EQ(
        mirage_key_parse_value(&k, "-9223372036854775808", &v, NULL, 0), 0);
    CHECK(v.scalar.i == INT64_MIN);
    CHECK_INT_EQ(mirage_key_parse_value(&k, "0x7fffffffffffffff", &v, NULL, 0),
                 0);
    CHECK(v.scalar.i == INT64_MAX);
    CHECK_INT_EQ(mirage_key_parse_value(&k, "4294967296", &v, NULL, 0), 0);
    CHECK(v.scalar.i == 4294967296LL);
    bad(&k, "9223372036854775808", -ERANGE,
        "invalid value '9223372036854775808', out of range for an int64 "
        "(-9223372036854775808..9223372036854775807)");
    bad(&k, "99999999999999999999999", -ERANGE,
        "invalid value '99999999999999999999999', out of range for an int64 "
        "(-9223372036854775808..9223372036854775807)");
    bad(&k, "1.5", -EINVAL, "invalid value '1.5', expected an int64");
}

static void test_bool_string(void)
{
    struct mirage_key b = key_of(MIRAGE_KEY_BOOL);
    struct mirage_key s = key_of(MIRAGE_KEY_STRING);
    union mirage_key_value v;

    CHECK_INT_EQ(mirage_key_parse_value(&b, "true", &v, NULL, 0), 0);
    CHECK(v.scalar.b);
    CHECK_INT_EQ(mirage_key_parse_value(&b, "false", &v, NULL, 0), 0);
    CHECK(!v.scalar.b);
    bad(&b, "yes", -EINVAL, "invalid value 'yes', expected true or false");
    bad(&b, "TRUE", -EINVAL, "invalid value 'TRUE', expected true or false");
    CHECK_INT_EQ(mirage_key_parse_value(&s, "hello, world", &v, NULL, 0), 0);
    CHECK_STR_EQ(v.scalar.s, "hello, world");
    CHECK_INT_EQ(mirage_key_parse_value(&s, "", &v, NULL, 0), 0);
    CHECK_STR_EQ(v.scalar.s, "");
}

static void test_list(void)
{
    struct mirage_key k = key_of(MIRAGE_KEY_LIST);
    union mirage_key_value v;

    k.elem[0] = MIRAGE_KEY_INT;
    CHECK_INT_EQ(mirage_key_parse_value(&k, "1,0x2,-3", &v, NULL, 0), 0);
    CHECK_UINT_EQ(v.list.len, 3);
    CHECK_INT_EQ(v.list.items[0].i, 1);
    CHECK_INT_EQ(v.list.items[1].i, 2);
    CHECK_INT_EQ(v.list.items[2].i, -3);
    mirage_key_value_free(&k, &v);
    CHECK_INT_EQ(mirage_key_parse_value(&k, "", &v, NULL, 0), 0);
    CHECK_UINT_EQ(v.list.len, 0);
    mirage_key_value_free(&k, &v);
    bad(&k, "1,x,3", -EINVAL, "invalid element 'x', expected an int");
    bad(&k, "1,,3", -EINVAL, "invalid element '', expected an int");

    k.elem[0] = MIRAGE_KEY_STRING;
    k.sep = ';';
    CHECK_INT_EQ(mirage_key_parse_value(&k, "a;b,c;", &v, NULL, 0), 0);
    CHECK_UINT_EQ(v.list.len, 3);
    CHECK_STR_EQ(v.list.items[0].s, "a");
    CHECK_STR_EQ(v.list.items[1].s, "b,c");
    CHECK_STR_EQ(v.list.items[2].s, "");
    mirage_key_value_free(&k, &v);
}

static void test_pair(void)
{
    struct mirage_key k = key_of(MIRAGE_KEY_PAIR);
    union mirage_key_value v;

    k.elem[0] = MIRAGE_KEY_STRING;
    k.elem[1] = MIRAGE_KEY_INT;
    k.sep = ':';
    CHECK_INT_EQ(mirage_key_parse_value(&k, "host:53", &v, NULL, 0), 0);
    CHECK_STR_EQ(v.pair.first.s, "host");
    CHECK_INT_EQ(v.pair.second.i, 53);
    mirage_key_value_free(&k, &v);
    bad(&k, "host", -EINVAL,
        "invalid value 'host', expected a pair string:int");
    bad(&k, "host:x", -EINVAL, "invalid second element 'x', expected an int");

    k.elem[0] = MIRAGE_KEY_BOOL;
    k.elem[1] = MIRAGE_KEY_STRING;
    k.sep = 0; /* the default: ',' */
    CHECK_INT_EQ(mirage_key_parse_value(&k, "true,a,b", &v, NULL, 0), 0);
    CHECK(v.pair.first.b);
    CHECK_STR_EQ(v.pair.second.s, "a,b");
    mirage_key_value_free(&k, &v);
    bad(&k, "maybe,a", -EINVAL,
        "invalid first element 'maybe', expected true or false");
}

static void test_type_names(void)
{
    struct mirage_key k = key_of(MIRAGE_KEY_INT64);
    char buf[64];

    CHECK_STR_EQ(mirage_key_type_name(&k, buf, sizeof(buf)), "int64");
    k.type = MIRAGE_KEY_LIST;
    k.elem[0] = MIRAGE_KEY_STRING;
    CHECK_STR_EQ(mirage_key_type_name(&k, buf, sizeof(buf)), "string list");
    k.type = MIRAGE_KEY_PAIR;
    k.elem[1] = MIRAGE_KEY_INT;
    k.sep = ':';
    CHECK_STR_EQ(mirage_key_type_name(&k, buf, sizeof(buf)), "string:int pair");
}

static void test_addresses(void)
{
    struct mirage_key a = key_of(MIRAGE_KEY_IPV4);
    struct mirage_key p = key_of(MIRAGE_KEY_IPV4_PREFIX);
    union mirage_key_value v;
    const char *good_a[] = {"10.0.0.1", "0.0.0.0", "255.255.255.255", ""};
    const char *bad_a[] = {"10.0.0",  "10.0.0.256", "10.0.0.1.2", "1.2.3.4/8",
                           "a.b.c.d", "10..0.1",    "1234.0.0.1", " 1.2.3.4"};
    const char *good_p[] = {"10.0.0.2/24", "0.0.0.0/0", "1.2.3.4/32",
                            "192.168.1.1/9"};
    const char *bad_p[] = {"10.0.0.2",
                           "10.0.0.2/",
                           "10.0.0.2/33",
                           "10.0.0.2/024",
                           "10.0.0.2/24x",
                           "10.0.0.300/24",
                           "",
                           "10.0.0.2/-1",
                           "10.0.0.2/0x1"};

    for (size_t i = 0; i < sizeof good_a / sizeof *good_a; i++) {
        CHECK_INT_EQ(mirage_key_parse_value(&a, good_a[i], &v, NULL, 0), 0);
        CHECK_STR_EQ(v.scalar.s, good_a[i]);
    }
    for (size_t i = 0; i < sizeof bad_a / sizeof *bad_a; i++)
        CHECK_INT_EQ(mirage_key_parse_value(&a, bad_a[i], &v, NULL, 0),
                     -EINVAL);
    for (size_t i = 0; i < sizeof good_p / sizeof *good_p; i++)
        CHECK_INT_EQ(mirage_key_parse_value(&p, good_p[i], &v, NULL, 0), 0);
    for (size_t i = 0; i < sizeof bad_p / sizeof *bad_p; i++)
        CHECK_INT_EQ(mirage_key_parse_value(&p, bad_p[i], &v, NULL, 0),
                     -EINVAL);
    bad(&p, "10.0.0.300/24", -EINVAL,
        "invalid value '10.0.0.300/24', expected an IPv4 address and prefix "
        "length like 10.0.0.2/24");
    bad(&a, "10.0.0", -EINVAL,
        "invalid value '10.0.0', expected an IPv4 address like 10.0.0.1");
}

int main(void)
{
    RUN(test_addresses);
    RUN(test_int);
    RUN(test_int64);
    RUN(test_bool_string);
    RUN(test_list);
    RUN(test_pair);
    RUN(test_type_names);
    CHECK_DONE();
}
