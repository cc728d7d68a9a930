/* SPDX-License-Identifier: ISC */
/* nolibc: format macros and conversions for the stdint.h types (LP64). */
#ifndef _NOLIBC_INTTYPES_H
#define _NOLIBC_INTTYPES_H

#include <stdint.h>

#define __NOLIBC_PRI64 "l"
#define __NOLIBC_PRIPTR "l"

#define PRId8 "d"
#define PRId16 "d"
#define PRId32 "d"
#define PRId64 __NOLIBC_PRI64 "d"
#define PRIi8 "i"
#define PRIi16 "i"
#define PRIi32 "i"
#define PRIi64 __NOLIBC_PRI64 "i"
#define PRIu8 "u"
#define PRIu16 "u"
#define PRIu32 "u"
#define PRIu64 __NOLIBC_PRI64 "u"
#define PRIo8 "o"
#define PRIo16 "o"
#define PRIo32 "o"
#define PRIo64 __NOLIBC_PRI64 "o"
#define PRIx8 "x"
#define PRIx16 "x"
#define PRIx32 "x"
#define PRIx64 __NOLIBC_PRI64 "x"
#define PRIX8 "X"
#define PRIX16 "X"
#define PRIX32 "X"
#define PRIX64 __NOLIBC_PRI64 "X"
#define PRIdMAX "jd"
#define PRIiMAX "ji"
#define PRIuMAX "ju"
#define PRIxMAX "jx"
#define PRIXMAX "jX"
#define PRIoMAX "jo"
#define PRIdPTR __NOLIBC_PRIPTR "d"
#define PRIiPTR __NOLIBC_PRIPTR "i"
#define PRIuPTR __NOLIBC_PRIPTR "u"
#define PRIxPTR __NOLIBC_PRIPTR "x"
#define PRIXPTR __NOLIBC_PRIPTR "X"
#define PRIoPTR __NOLIBC_PRIPTR "o"

#define SCNd32 "d"
#define SCNu32 "u"
#define SCNx32 "x"
#define SCNd64 __NOLIBC_PRI64 "d"
#define SCNu64 __NOLIBC_PRI64 "u"
#define SCNx64 __NOLIBC_PRI64 "x"

typedef struct {
    intmax_t quot;
    intmax_t rem;
} imaxdiv_t;

intmax_t imaxabs(intmax_t j);
intmax_t strtoimax(const char *restrict s, char **restrict end, int base);
uintmax_t strtoumax(const char *restrict s, char **restrict end, int base);

#endif
