/* SPDX-License-Identifier: ISC */
/* The default MCLOCK and PCLOCK devices, and RFC 3339 formatting. */
#include "runtime_priv.h"

#include "platform.h"

#include <stdio.h>

static uint64_t mclock_elapsed(struct mirage_mclock *c)
{
    (void)c;
    return mirage_plat_clock_monotonic();
}

static void pclock_now(struct mirage_pclock *c, struct mirage_ptime *out)
{
    uint64_t ns = mirage_plat_clock_wall();

    (void)c;
    out->sec = (int64_t)(ns / 1000000000);
    out->nsec = (uint32_t)(ns % 1000000000);
}

static int pclock_tz(struct mirage_pclock *c)
{
    (void)c;
    return 0;
}

static const struct mirage_mclock_ops mclock_ops = {
    .elapsed_ns = mclock_elapsed,
};
static const struct mirage_pclock_ops pclock_ops = {
    .now = pclock_now,
    .tz_offset_s = pclock_tz,
};
static struct mirage_mclock mclock = {&mclock_ops};
static struct mirage_pclock pclock = {&pclock_ops};

int mirage_mclock_default_connect(struct mirage_mclock **out)
{
    *out = &mclock;
    return 0;
}

int mirage_pclock_default_connect(struct mirage_pclock **out)
{
    *out = &pclock;
    return 0;
}

/* Days since 1970-01-01 to a proleptic Gregorian date, counting in 400-year
 * eras of 146097 days that start on March 1st (so leap days come last). */
static void civil_date(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t z = days + 719468; /* days from 0000-03-01 */
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

char *mirage_ptime_rfc3339(const struct mirage_ptime *t, char *buf)
{
    int64_t sec = t->sec;
    int64_t days = sec / 86400, rem = sec % 86400;
    int64_t y;
    unsigned m, d;

    if (rem < 0) {
        rem += 86400;
        days--;
    }
    civil_date(days, &y, &m, &d);
    if (y < 0 || y > 9999) { /* outside RFC 3339's four-digit years */
        y = y < 0 ? 0 : 9999;
        m = y ? 12 : 1;
        d = y ? 31 : 1;
        rem = y ? 86399 : 0;
    }
    snprintf(buf, 26, "%04d-%02u-%02uT%02d:%02d:%02d-00:00", (int)y, m, d,
             (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
    return buf;
}
