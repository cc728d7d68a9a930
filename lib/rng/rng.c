/* SPDX-License-Identifier: ISC */
/* The default RANDOM device and the integer helpers of <mirage/random.h>. */
#include "rng_priv.h"

#include "platform.h"

#include <assert.h>
#include <errno.h>
#include <mirage/random.h>

struct default_rng {
    struct mirage_random dev; /* first: the device is the struct */
    struct mirage__drbg drbg;
    bool seeded;
};

static void default_fill(struct mirage_random *r, void *buf, size_t len);

static const struct mirage_random_ops default_ops = {
    .fill = default_fill,
};
static struct default_rng rng = {{&default_ops}, {{0}, 0, 0, 0, 0, 0}, false};

static void default_fill(struct mirage_random *r, void *buf, size_t len)
{
    struct default_rng *d = (struct default_rng *)r;

    assert(d->seeded);
    mirage__drbg_fill(&d->drbg, buf, len);
}

int mirage_random_default_connect(struct mirage_random **out)
{
    if (!rng.seeded) {
        if (mirage__drbg_init(&rng.drbg, mirage_plat_entropy) < 0)
            return -EIO;
        rng.seeded = true;
    }
    *out = &rng.dev;
    return 0;
}

uint32_t mirage_random_u32(struct mirage_random *r)
{
    uint8_t b[4];

    mirage_random_fill(r, b, sizeof(b));
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

uint64_t mirage_random_u64(struct mirage_random *r)
{
    uint8_t b[8];
    uint64_t v = 0;

    mirage_random_fill(r, b, sizeof(b));
    for (int i = 7; i >= 0; i--)
        v = v << 8 | b[i];
    return v;
}

/* Rejection sampling: values below 2^64 mod bound would make the low
 * residues more likely, so they are drawn again (less than half the time,
 * whatever the bound). */
uint64_t mirage_random_uniform(struct mirage_random *r, uint64_t bound)
{
    uint64_t threshold, v;

    assert(bound > 0);
    threshold = (0 - bound) % bound;
    do
        v = mirage_random_u64(r);
    while (v < threshold);
    return v % bound;
}
