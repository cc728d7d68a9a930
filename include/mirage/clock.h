/* SPDX-License-Identifier: ISC */
/* MCLOCK (monotonic) and PCLOCK (POSIX wall clock) devices. */
#ifndef MIRAGE_CLOCK_H
#define MIRAGE_CLOCK_H

/*
 * A monotonic clock counts nanoseconds from an arbitrary origin and never
 * goes back; a POSIX clock tells the wall time since 1970-01-01T00:00:00Z,
 * which may jump.  Neither call suspends.
 *
 * Errors: none; a NULL clock is a programmer error.
 */

#include <stdint.h>

struct mirage_mclock_ops;
struct mirage_mclock {
    const struct mirage_mclock_ops *ops;
};

struct mirage_ptime {
    int64_t sec;   /* seconds since the epoch */
    uint32_t nsec; /* 0..999999999 */
};

struct mirage_pclock_ops;
struct mirage_pclock {
    const struct mirage_pclock_ops *ops;
};

/* The platform clocks (default_monotonic_clock, default_posix_clock). */
int mirage_mclock_default_connect(struct mirage_mclock **out);
int mirage_pclock_default_connect(struct mirage_pclock **out);

/* Formats t as RFC 3339 in UTC ("2026-11-23T20:05:01-00:00"); buf needs 26
 * bytes.  Returns buf. */
char *mirage_ptime_rfc3339(const struct mirage_ptime *t, char *buf);

/* Implementing this interface. */
struct mirage_mclock_ops {
    uint64_t (*elapsed_ns)(struct mirage_mclock *c);
};
struct mirage_pclock_ops {
    void (*now)(struct mirage_pclock *c, struct mirage_ptime *out);
    int (*tz_offset_s)(struct mirage_pclock *c); /* 0 on every platform here */
};

static inline uint64_t mirage_mclock_elapsed_ns(struct mirage_mclock *c)
{
    return c->ops->elapsed_ns(c);
}
static inline void mirage_pclock_now(struct mirage_pclock *c,
                                     struct mirage_ptime *out)
{
    c->ops->now(c, out);
}
static inline int mirage_pclock_tz_offset_s(struct mirage_pclock *c)
{
    return c->ops->tz_offset_s ? c->ops->tz_offset_s(c) : 0;
}

#endif
