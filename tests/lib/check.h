/* SPDX-License-Identifier: ISC */
/* Minimal assertion macros for unit tests: they print both values on failure.
 */
#ifndef MIRAGE_TEST_CHECK_H
#define MIRAGE_TEST_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check__failures;

#define CHECK__FAIL(...)                                \
    do {                                                \
        fprintf(stderr, "%s:%d: ", __FILE__, __LINE__); \
        fprintf(stderr, __VA_ARGS__);                   \
        fputc('\n', stderr);                            \
        check__failures++;                              \
    } while (0)

#define CHECK(cond)                                 \
    do {                                            \
        if (!(cond))                                \
            CHECK__FAIL("CHECK(%s) failed", #cond); \
    } while (0)

#define CHECK_INT_EQ(a, b)                                                     \
    do {                                                                       \
        long long check__a = (long long)(a), check__b = (long long)(b);        \
        if (check__a != check__b)                                              \
            CHECK__FAIL("%s == %s: %lld != %lld", #a, #b, check__a, check__b); \
    } while (0)

#define CHECK_UINT_EQ(a, b)                                                    \
    do {                                                                       \
        unsigned long long check__a = (a), check__b = (b);                     \
        if (check__a != check__b)                                              \
            CHECK__FAIL("%s == %s: %llu != %llu", #a, #b, check__a, check__b); \
    } while (0)

#define CHECK_STR_EQ(a, b)                                             \
    do {                                                               \
        const char *check__a = (a), *check__b = (b);                   \
        if (!check__a || !check__b || strcmp(check__a, check__b) != 0) \
            CHECK__FAIL("%s == %s: \"%s\" != \"%s\"", #a, #b,          \
                        check__a ? check__a : "(null)",                \
                        check__b ? check__b : "(null)");               \
    } while (0)

#define CHECK_MEM_EQ(a, b, n)                                          \
    do {                                                               \
        if (memcmp((a), (b), (n)) != 0)                                \
            CHECK__FAIL("%s and %s differ in their %zu bytes", #a, #b, \
                        (size_t)(n));                                  \
    } while (0)

/* Runs one test function, naming it. */
#define RUN(fn)                                                           \
    do {                                                                  \
        int check__before = check__failures;                              \
        fn();                                                             \
        fprintf(stderr, "%s %s\n",                                        \
                check__failures == check__before ? "ok  " : "FAIL", #fn); \
    } while (0)

/* Ends main: exit 0 if every check passed. */
#define CHECK_DONE()                                                  \
    do {                                                              \
        if (check__failures) {                                        \
            fprintf(stderr, "%d check(s) failed\n", check__failures); \
            return 1;                                                 \
        }                                                             \
        return 0;                                                     \
    } while (0)

#endif
