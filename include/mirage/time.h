/* SPDX-License-Identifier: ISC */
/* TIME: the sleep device (Mirage_time.S). */
#ifndef MIRAGE_TIME_H
#define MIRAGE_TIME_H

/*
 * mirage_time_sleep_ns() suspends the calling fiber for ns nanoseconds of
 * monotonic time (the default implementation is mirage_sleep_ns() from
 * fiber.h; a test may substitute a virtual clock).
 *
 * Errors: -ECANCELED if the fiber was cancelled while sleeping.
 */

#include <stdint.h>

struct mirage_time_ops;
struct mirage_time {
    const struct mirage_time_ops *ops;
};

int mirage_time_default_connect(struct mirage_time **out);

/* Implementing this interface. */
struct mirage_time_ops {
    int (*sleep_ns)(struct mirage_time *t, uint64_t ns);
};

static inline int mirage_time_sleep_ns(struct mirage_time *t, uint64_t ns)
{
    return t->ops->sleep_ns(t, ns);
}

#endif
