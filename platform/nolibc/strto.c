/* SPDX-License-Identifier: ISC */
/* nolibc: strtol and friends, atoi and friends. */
#include "nolibc_impl.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>

struct parsed {
    unsigned long long mag; /* magnitude, saturated at ULLONG_MAX */
    bool neg;
    bool overflow;
};

static int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Skips the "0x" prefix where base allows one and a hex digit follows (a
 * lone "0x" parses as the number 0 ending at the 'x'). */
static const char *base_prefix(const char *p, int *base)
{
    bool hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
               digit_value((unsigned char)p[2]) < 16;
    if ((*base == 0 || *base == 16) && hex) {
        *base = 16;
        return p + 2;
    }
    if (*base == 0)
        *base = p[0] == '0' ? 8 : 10;
    return p;
}

/* Parses the subject sequence; sets *end past it (or to s if none). */
static struct parsed parse(const char *s, char **end, int base)
{
    struct parsed r = {0, false, false};
    const char *p = s, *digits;
    if (end)
        *end = (char *)s;
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;
        return r;
    }
    while (mirage__nolibc_isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        r.neg = *p++ == '-';
    p = digits = base_prefix(p, &base);
    for (int d; (d = digit_value((unsigned char)*p)) < base; p++) {
        if (r.mag > (ULLONG_MAX - (unsigned)d) / (unsigned)base)
            r.overflow = true;
        r.mag = r.overflow ? ULLONG_MAX : r.mag * (unsigned)base + d;
    }
    if (p != digits && end)
        *end = (char *)p;
    if (p == digits)
        r.neg = false;
    return r;
}

static long long to_signed(struct parsed r, long long min, long long max)
{
    unsigned long long limit =
        r.neg ? (unsigned long long)max + 1 : (unsigned long long)max;
    if (r.overflow || r.mag > limit) {
        errno = ERANGE;
        return r.neg ? min : max;
    }
    return r.neg ? (long long)(0 - r.mag) : (long long)r.mag;
}

static unsigned long long to_unsigned(struct parsed r, unsigned long long max)
{
    if (r.overflow || r.mag > max) {
        errno = ERANGE;
        return max;
    }
    return r.neg ? 0 - r.mag : r.mag;
}

long mirage__nolibc_strtol(const char *restrict s, char **restrict end,
                           int base)
{
    return (long)to_signed(parse(s, end, base), LONG_MIN, LONG_MAX);
}

long long mirage__nolibc_strtoll(const char *restrict s, char **restrict end,
                                 int base)
{
    return to_signed(parse(s, end, base), LLONG_MIN, LLONG_MAX);
}

intmax_t mirage__nolibc_strtoimax(const char *restrict s, char **restrict end,
                                  int base)
{
    return to_signed(parse(s, end, base), INTMAX_MIN, INTMAX_MAX);
}

unsigned long mirage__nolibc_strtoul(const char *restrict s,
                                     char **restrict end, int base)
{
    return (unsigned long)to_unsigned(parse(s, end, base), ULONG_MAX);
}

unsigned long long mirage__nolibc_strtoull(const char *restrict s,
                                           char **restrict end, int base)
{
    return to_unsigned(parse(s, end, base), ULLONG_MAX);
}

uintmax_t mirage__nolibc_strtoumax(const char *restrict s, char **restrict end,
                                   int base)
{
    return to_unsigned(parse(s, end, base), UINTMAX_MAX);
}

int mirage__nolibc_atoi(const char *s)
{
    return (int)mirage__nolibc_strtol(s, NULL, 10);
}

long mirage__nolibc_atol(const char *s)
{
    return mirage__nolibc_strtol(s, NULL, 10);
}

long long mirage__nolibc_atoll(const char *s)
{
    return mirage__nolibc_strtoll(s, NULL, 10);
}

MIRAGE__NOLIBC_ALIAS(strtol);
MIRAGE__NOLIBC_ALIAS(strtoll);
MIRAGE__NOLIBC_ALIAS(strtoimax);
MIRAGE__NOLIBC_ALIAS(strtoul);
MIRAGE__NOLIBC_ALIAS(strtoull);
MIRAGE__NOLIBC_ALIAS(strtoumax);
MIRAGE__NOLIBC_ALIAS(atoi);
MIRAGE__NOLIBC_ALIAS(atol);
MIRAGE__NOLIBC_ALIAS(atoll);
