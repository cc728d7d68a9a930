/* SPDX-License-Identifier: ISC */
/* nolibc's string, ctype, strto*, qsort/bsearch and strerror against glibc. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "nolibc_test.h"

static int sign(long v)
{
    return (v > 0) - (v < 0);
}

static uint64_t rng = 88172645463325252ull;
static unsigned next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)rng;
}

static void test_mem(void)
{
    unsigned char a[300], b[300], c[300];
    for (int round = 0; round < 2000; round++) {
        for (size_t i = 0; i < sizeof a; i++)
            a[i] = (unsigned char)(next_rand() % 4);
        size_t off = next_rand() % 100, n = next_rand() % 200;
        memcpy(b, a, sizeof a);
        memcpy(c, a, sizeof a);
        /* overlapping moves, both directions */
        memmove(b + off, b + 50, n);
        CHECK(mirage__nolibc_memmove(c + off, c + 50, n) == c + off);
        CHECK_MEM_EQ(b, c, sizeof b);
        CHECK_INT_EQ(sign(mirage__nolibc_memcmp(a, a + 1, n)),
                     sign(memcmp(a, a + 1, n)));
        CHECK(mirage__nolibc_memchr(a, 3, n) == memchr(a, 3, n));
        mirage__nolibc_memset(c + off, (int)n, n);
        memset(b + off, (int)n, n);
        CHECK_MEM_EQ(b, c, sizeof b);
        CHECK(mirage__nolibc_memcpy(c, a, n) == c);
        CHECK_MEM_EQ(c, a, n);
    }
}

/* Random short strings over a tiny alphabet, so matches are frequent. */
static void random_string(char *s, size_t max)
{
    size_t n = next_rand() % max;
    for (size_t i = 0; i < n; i++)
        s[i] = "abcAB "[next_rand() % 6];
    s[n] = '\0';
}

static void test_str_random(void)
{
    char a[16], b[16], buf1[64], buf2[64];
    for (int round = 0; round < 20000; round++) {
        random_string(a, 12);
        random_string(b, 4);
        size_t n = next_rand() % 14;
        int c = "abcAB x"[next_rand() % 7];
        CHECK_INT_EQ(mirage__nolibc_strlen(a), strlen(a));
        CHECK_INT_EQ(mirage__nolibc_strnlen(a, n), strnlen(a, n));
        CHECK_INT_EQ(sign(mirage__nolibc_strcmp(a, b)), sign(strcmp(a, b)));
        CHECK_INT_EQ(sign(mirage__nolibc_strncmp(a, b, n)),
                     sign(strncmp(a, b, n)));
        CHECK_INT_EQ(sign(mirage__nolibc_strcasecmp(a, b)),
                     sign(strcasecmp(a, b)));
        CHECK_INT_EQ(sign(mirage__nolibc_strncasecmp(a, b, n)),
                     sign(strncasecmp(a, b, n)));
        CHECK(mirage__nolibc_strchr(a, c) == strchr(a, c));
        CHECK(mirage__nolibc_strchr(a, 0) == strchr(a, 0));
        CHECK(mirage__nolibc_strrchr(a, c) == strrchr(a, c));
        CHECK(mirage__nolibc_strstr(a, b) == strstr(a, b));
        CHECK_INT_EQ(mirage__nolibc_strspn(a, b), strspn(a, b));
        CHECK_INT_EQ(mirage__nolibc_strcspn(a, b), strcspn(a, b));
        CHECK(mirage__nolibc_strpbrk(a, b) == strpbrk(a, b));
        memset(buf1, 'z', sizeof buf1);
        memset(buf2, 'z', sizeof buf2);
        strncpy(buf1, a, n);
        mirage__nolibc_strncpy(buf2, a, n);
        CHECK_MEM_EQ(buf1, buf2, sizeof buf1);
        strcpy(buf1, b);
        mirage__nolibc_strcpy(buf2, b);
        strncat(buf1, a, n);
        mirage__nolibc_strncat(buf2, a, n);
        CHECK_STR_EQ(buf1, buf2);
        strcat(buf1, b);
        mirage__nolibc_strcat(buf2, b);
        CHECK_STR_EQ(buf1, buf2);
    }
}

static void test_str_misc(void)
{
    char s1[] = "  a,b;;c  ", s2[] = "  a,b;;c  ";
    char *save1, *save2;
    char *t1 = strtok_r(s1, " ,;", &save1);
    char *t2 = mirage__nolibc_strtok_r(s2, " ,;", &save2);
    while (t1 || t2) {
        CHECK(t1 && t2 && t1 - s1 == t2 - s2);
        t1 = strtok_r(NULL, " ,;", &save1);
        t2 = mirage__nolibc_strtok_r(NULL, " ,;", &save2);
    }
    char *d = mirage__nolibc_strdup("dup me");
    CHECK_STR_EQ(d, "dup me");
    free(d);
    d = mirage__nolibc_strndup("dup me", 3);
    CHECK_STR_EQ(d, "dup");
    free(d);
    CHECK(mirage__nolibc_strstr("abc", "") != NULL);
}

static void test_ctype(void)
{
    for (int c = -1; c < 256; c++) {
        CHECK_INT_EQ(!!mirage__nolibc_isalnum(c), !!isalnum(c));
        CHECK_INT_EQ(!!mirage__nolibc_isalpha(c), !!isalpha(c));
        CHECK_INT_EQ(!!mirage__nolibc_isblank(c), !!isblank(c));
        CHECK_INT_EQ(!!mirage__nolibc_iscntrl(c), !!iscntrl(c));
        CHECK_INT_EQ(!!mirage__nolibc_isdigit(c), !!isdigit(c));
        CHECK_INT_EQ(!!mirage__nolibc_isgraph(c), !!isgraph(c));
        CHECK_INT_EQ(!!mirage__nolibc_islower(c), !!islower(c));
        CHECK_INT_EQ(!!mirage__nolibc_isprint(c), !!isprint(c));
        CHECK_INT_EQ(!!mirage__nolibc_ispunct(c), !!ispunct(c));
        CHECK_INT_EQ(!!mirage__nolibc_isspace(c), !!isspace(c));
        CHECK_INT_EQ(!!mirage__nolibc_isupper(c), !!isupper(c));
        CHECK_INT_EQ(!!mirage__nolibc_isxdigit(c), !!isxdigit(c));
        CHECK_INT_EQ(mirage__nolibc_tolower(c), tolower(c));
        CHECK_INT_EQ(mirage__nolibc_toupper(c), toupper(c));
    }
}

static const char *const numbers[] = {
    "0",
    "42",
    "-42",
    "+7",
    "   19 apples",
    "\t\n-0x1F",
    "0x",
    "0X1g",
    "0xg",
    "017",
    "08",
    "-",
    "+",
    "",
    "  ",
    "abc",
    "z",
    "Zz",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "-1",
    "-18446744073709551615",
    "-18446744073709551616",
    "99999999999999999999999999",
    "0x7fffffffffffffff",
    "0xffffffffffffffff",
    "0x10000000000000000",
    "1010",
    "777",
    "0b101",
    "2147483648",
    "-2147483649",
};

static void test_strto(void)
{
    int bases[] = {0, 2, 8, 10, 16, 36, 1, 37, -1};
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
        const char *s = numbers[i];
        for (size_t b = 0; b < sizeof bases / sizeof *bases; b++) {
            char *e1, *e2;
            int base = bases[b];
            errno = 0;
            long long w = strtoll(s, &e1, base);
            int ew = errno;
            errno = 0;
            long long g = mirage__nolibc_strtoll(s, &e2, base);
            CHECK_INT_EQ(g, w);
            CHECK_INT_EQ(errno, ew);
            bool valid = base == 0 || (base >= 2 && base <= 36);
            if (valid) /* glibc leaves end alone on a bad base */
                CHECK_INT_EQ(e2 - s, e1 - s);
            errno = 0;
            unsigned long long uw = strtoull(s, &e1, base);
            ew = errno;
            errno = 0;
            unsigned long long ug = mirage__nolibc_strtoull(s, &e2, base);
            if (ug != uw || errno != ew || (valid && e1 != e2))
                CHECK__FAIL("strtoull(\"%s\", %d): %llu errno %d end %td, "
                            "glibc %llu errno %d end %td",
                            s, base, ug, errno, e2 - s, uw, ew, e1 - s);
            CHECK_INT_EQ(mirage__nolibc_strtol(s, NULL, base),
                         strtol(s, NULL, base));
            CHECK_UINT_EQ(mirage__nolibc_strtoul(s, NULL, base),
                          strtoul(s, NULL, base));
            CHECK_INT_EQ(mirage__nolibc_strtoimax(s, NULL, base),
                         strtoimax(s, NULL, base));
            CHECK_UINT_EQ(mirage__nolibc_strtoumax(s, NULL, base),
                          strtoumax(s, NULL, base));
        }
        CHECK_INT_EQ(mirage__nolibc_atoi(s), (int)strtol(s, NULL, 10));
        CHECK_INT_EQ(mirage__nolibc_atoll(s), atoll(s));
    }
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void test_sort(void)
{
    static int a[1000], b[1000];
    for (size_t n = 0; n < 1000; n = n * 2 + 1) {
        for (size_t i = 0; i < n; i++)
            a[i] = b[i] = (int)(next_rand() % 50) - 25;
        qsort(a, n, sizeof *a, cmp_int);
        mirage__nolibc_qsort(b, n, sizeof *b, cmp_int);
        CHECK_MEM_EQ(a, b, n * sizeof *a);
        for (int key = -30; key < 30; key++) {
            int *f = mirage__nolibc_bsearch(&key, b, n, sizeof *b, cmp_int);
            int *g = bsearch(&key, a, n, sizeof *a, cmp_int);
            CHECK((f == NULL) == (g == NULL));
            CHECK(!f || *f == key);
        }
    }
}

static void test_strerror(void)
{
    for (int e = -3; e < 140; e++)
        CHECK_STR_EQ(mirage__nolibc_strerror(e), strerror(e));
}

int main(void)
{
    RUN(test_mem);
    RUN(test_str_random);
    RUN(test_str_misc);
    RUN(test_ctype);
    RUN(test_strto);
    RUN(test_sort);
    RUN(test_strerror);
    CHECK_DONE();
}
