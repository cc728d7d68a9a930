/* SPDX-License-Identifier: ISC */
/* nolibc's vsnprintf against glibc's on many formats, flags and sizes. */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "nolibc_test.h"

#pragma GCC diagnostic ignored "-Wformat-nonliteral"

static long compared;

/* Formats with glibc and with nolibc into buffers of several sizes and
 * checks that the results and the returned lengths agree. */
static void same(const char *fmt, ...)
{
    char want[600], got[600];
    size_t sizes[] = {sizeof want, 0, 1, 2, 5, 17};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        va_list ap, aq;
        va_start(ap, fmt);
        va_copy(aq, ap);
        memset(want, 'W', sizeof want);
        memset(got, 'W', sizeof got);
        int nw = vsnprintf(want, sizes[i], fmt, ap);
        int ng = mirage__nolibc_vsnprintf(got, sizes[i], fmt, aq);
        va_end(aq);
        va_end(ap);
        compared++;
        if (nw != ng || memcmp(want, got, sizeof want) != 0) {
            CHECK__FAIL("format \"%s\" size %zu: glibc %d \"%.*s\", nolibc "
                        "%d \"%.*s\"",
                        fmt, sizes[i], nw, (int)strnlen(want, 80), want, ng,
                        (int)strnlen(got, 80), got);
            return;
        }
    }
}

static const long long values[] = {
    0,
    1,
    -1,
    7,
    8,
    42,
    -128,
    255,
    4096,
    65535,
    -65536,
    INT_MAX,
    INT_MIN,
    UINT_MAX,
    LLONG_MAX,
    LLONG_MIN,
    0x123456789abcdefLL,
    -1000000007LL,
};

/* Passes v with the type the length modifier names. */
static void same_len(const char *fmt, const char *len, long long v)
{
    if (!strcmp(len, "l"))
        same(fmt, (long)v);
    else if (!strcmp(len, "ll"))
        same(fmt, v);
    else if (!strcmp(len, "z"))
        same(fmt, (size_t)v);
    else if (!strcmp(len, "j"))
        same(fmt, (intmax_t)v);
    else if (!strcmp(len, "t"))
        same(fmt, (ptrdiff_t)v);
    else
        same(fmt, (int)v);
}

static void test_integers(void)
{
    const char *convs = "diuoxX";
    const char *lens[] = {"", "hh", "h", "l", "ll", "z", "j", "t"};
    const char *widths[] = {"", "1", "7", "25"};
    const char *precs[] = {"", ".", ".0", ".3", ".30"};
    const char flagset[] = "-0+ #";
    for (const char *c = convs; *c; c++)
        for (size_t l = 0; l < 8; l++)
            for (unsigned f = 0; f < 32; f++)
                for (size_t w = 0; w < 4; w++)
                    for (size_t p = 0; p < 5; p++) {
                        char fmt[64], flags[8] = {0};
                        for (unsigned b = 0, k = 0; b < 5; b++)
                            if (f & (1u << b))
                                flags[k++] = flagset[b];
                        snprintf(fmt, sizeof fmt, "<%%%s%s%s%s%c>", flags,
                                 widths[w], precs[p], lens[l], *c);
                        for (size_t v = 0; v < sizeof values / sizeof *values;
                             v++)
                            same_len(fmt, lens[l], values[v]);
                    }
}

static void test_star(void)
{
    int ws[] = {-12, -1, 0, 3, 20};
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 5; j++) {
            same("[%*.*d]", ws[i], ws[j], -42);
            same("[%-*.*x]", ws[i], ws[j], 0xbeefu);
            same("[%*.*s]", ws[i], ws[j], "abcdefgh");
            same("[%0*d]", ws[i], 77);
            same("[%.*s|%*c]", ws[j], "xyz", ws[i], 'q');
        }
}

static void test_strings_chars(void)
{
    const char *strs[] = {"", "a", "hello", "a somewhat longer string", NULL};
    const char *specs[] = {"%s",     "%10s",  "%-10s", "%.3s", "%10.3s",
                           "%-8.0s", "%.10s", "%.6s",  "%.5s", "%3s"};
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 10; j++)
            same(specs[j], strs[i]);
    const char *cspecs[] = {"%c", "%5c", "%-5c", "%05c", "[%c%c]"};
    int chars[] = {'a', 'Z', ' ', '~', 200};
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 5; j++)
            same(cspecs[j], chars[i], chars[(i + 1) % 5]);
    same("%c", 0); /* a NUL in the middle: compared byte for byte */
    same("100%% sure, %d%%", 5);
    same("plain text, no conversions");
    same("");
    same("%s=%d, %s=%#x, %-6s|", "one", 1, "two", 2u, "three");
}

static void test_pointers(void)
{
    int x;
    void *ptrs[] = {NULL, (void *)1, (void *)0xdeadbeef, &x,
                    (void *)UINTPTR_MAX};
    const char *specs[] = {"%p", "%20p", "%-20p|", "%5p", "%-7p|"};
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 5; j++)
            same(specs[j], ptrs[i]);
}

/* What glibc does differently on purpose: floating point is not ours. */
static void test_unsupported(void)
{
    /* Through a variable: the compiler would rightly object to these. */
    const char *volatile f1 = "x=%f y=%d %", *volatile f2 = "%5.2e|%ld";
    char buf[64];
    int n = mirage__nolibc_snprintf(buf, sizeof buf, f1, 7);
    CHECK_STR_EQ(buf, "x=%f y=7 %");
    CHECK_INT_EQ(n, (int)strlen("x=%f y=7 %"));
    n = mirage__nolibc_snprintf(buf, sizeof buf, f2, 12L);
    CHECK_STR_EQ(buf, "%5.2e|12");
}

static void test_long_output(void)
{
    char big[3000], want[3000];
    memset(want, 'y', 2047);
    want[2047] = '\0';
    int n = mirage__nolibc_snprintf(big, sizeof big, "%2047s|%s", "", want);
    CHECK_INT_EQ(n, 2047 + 1 + 2047);
    CHECK_INT_EQ(strlen(big), sizeof big - 1);
    CHECK(big[2047] == '|' && big[2046] == ' ' && big[2048] == 'y');
    CHECK_INT_EQ(mirage__nolibc_snprintf(NULL, 0, "%d", 123456), 6);
}

int main(void)
{
    RUN(test_integers);
    RUN(test_star);
    RUN(test_strings_chars);
    RUN(test_pointers);
    RUN(test_unsupported);
    RUN(test_long_output);
    fprintf(stderr, "%ld comparisons with glibc\n", compared);
    CHECK(compared > 100000);
    CHECK_DONE();
}
