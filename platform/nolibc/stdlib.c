/* SPDX-License-Identifier: ISC */
/* nolibc: process end, assert, errno, time() and small stdlib helpers. */
#include "nolibc_impl.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../platform.h"

int errno;

static void (*exit_fns[32])(void);
static unsigned n_exit_fns;
static unsigned long rand_state = 1;

_Noreturn void mirage__nolibc_fatal(const char *why)
{
    mirage_plat_abort(why);
}

_Noreturn void abort(void)
{
    mirage_plat_abort("abort() called");
}

_Noreturn void __assert_fail(const char *expr, const char *file, int line,
                             const char *func)
{
    char msg[256];
    snprintf(msg, sizeof msg, "assertion \"%s\" failed at %s:%d (%s)", expr,
             file, line, func);
    mirage_plat_abort(msg);
}

int atexit(void (*fn)(void))
{
    if (n_exit_fns == sizeof exit_fns / sizeof exit_fns[0])
        return -1;
    exit_fns[n_exit_fns++] = fn;
    return 0;
}

_Noreturn void exit(int status)
{
    while (n_exit_fns)
        exit_fns[--n_exit_fns]();
    mirage_plat_exit(status);
}

_Noreturn void _Exit(int status)
{
    mirage_plat_exit(status);
}

char *getenv(const char *name)
{
    (void)name;
    return NULL; /* guests have no environment */
}

int abs(int j)
{
    return j < 0 ? -j : j;
}

long labs(long j)
{
    return j < 0 ? -j : j;
}

long long llabs(long long j)
{
    return j < 0 ? -j : j;
}

intmax_t imaxabs(intmax_t j)
{
    return j < 0 ? -j : j;
}

div_t div(int n, int d)
{
    return (div_t){n / d, n % d};
}

ldiv_t ldiv(long n, long d)
{
    return (ldiv_t){n / d, n % d};
}

lldiv_t lldiv(long long n, long long d)
{
    return (lldiv_t){n / d, n % d};
}

int rand(void)
{
    rand_state = rand_state * 6364136223846793005ul + 1442695040888963407ul;
    return (int)(rand_state >> 33);
}

void srand(unsigned seed)
{
    rand_state = seed;
}

time_t time(time_t *t)
{
    time_t now = (time_t)(mirage_plat_clock_wall() / 1000000000u);
    if (t)
        *t = now;
    return now;
}

int timespec_get(struct timespec *ts, int base)
{
    if (base != TIME_UTC)
        return 0;
    uint64_t ns = mirage_plat_clock_wall();
    ts->tv_sec = (time_t)(ns / 1000000000u);
    ts->tv_nsec = (long)(ns % 1000000000u);
    return base;
}
