/* SPDX-License-Identifier: ISC */
/* nolibc: the C11 time types, time() and timespec_get() (wall clock). */
#ifndef _NOLIBC_TIME_H
#define _NOLIBC_TIME_H

#include <stddef.h>

typedef long time_t;
typedef long clock_t;
#define CLOCKS_PER_SEC 1000000l
#define TIME_UTC 1

struct timespec {
    time_t tv_sec;
    long tv_nsec;
};

struct tm {
    int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year;
    int tm_wday, tm_yday, tm_isdst;
};

/* Seconds since the epoch, from the platform's wall clock. */
time_t time(time_t *t);
/* base must be TIME_UTC; returns it, or 0. */
int timespec_get(struct timespec *ts, int base);

#endif
