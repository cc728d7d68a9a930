/* SPDX-License-Identifier: ISC */
/* RANDOM: a cryptographically strong random byte source. */
#ifndef MIRAGE_RANDOM_H
#define MIRAGE_RANDOM_H

/*
 * The default implementation (lib/rng) is a ChaCha20-based DRBG seeded from
 * the platform's entropy (getrandom on unix, RDRAND/RDSEED or TSC jitter on
 * hvt/spt) and reseeded from it periodically.  Filling never suspends.
 *
 * Errors: none at run time; mirage_random_default_connect() returns -EIO if
 * the platform offers no entropy at all.
 */

#include <stddef.h>
#include <stdint.h>

struct mirage_random_ops;
struct mirage_random {
    const struct mirage_random_ops *ops;
};

int mirage_random_default_connect(struct mirage_random **out);

/* Uniform integers; bound must be > 0. */
uint32_t mirage_random_u32(struct mirage_random *r);
uint64_t mirage_random_u64(struct mirage_random *r);
uint64_t mirage_random_uniform(struct mirage_random *r, uint64_t bound);

/* Implementing this interface. */
struct mirage_random_ops {
    void (*fill)(struct mirage_random *r, void *buf, size_t len);
};

static inline void mirage_random_fill(struct mirage_random *r, void *buf,
                                      size_t len)
{
    r->ops->fill(r, buf, len);
}

#endif
