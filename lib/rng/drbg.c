/* SPDX-License-Identifier: ISC */
/* A fast-key-erasure DRBG over ChaCha20, reseeded from platform entropy. */
#include "rng_priv.h"

#include <errno.h>
#include <string.h>

static const uint8_t zero_nonce[12];

void mirage__rng_wipe(void *p, size_t n)
{
    volatile uint8_t *v = p;

    while (n--)
        *v++ = 0;
}

int mirage__drbg_init(struct mirage__drbg *d,
                      int (*entropy)(void *buf, size_t len))
{
    memset(d, 0, sizeof(*d));
    d->entropy = entropy;
    if (entropy(d->key, sizeof(d->key)) < 0)
        return -EIO;
    return 0;
}

/* XORs fresh entropy into the key: the result is at least as unpredictable
 * as either, and the next request's rekeying mixes it through. */
static void reseed(struct mirage__drbg *d)
{
    uint8_t fresh[32];

    d->bytes = 0;
    d->requests = 0;
    if (d->entropy(fresh, sizeof(fresh)) < 0) {
        d->reseed_failures++;
        return;
    }
    for (size_t i = 0; i < sizeof(fresh); i++)
        d->key[i] ^= fresh[i];
    mirage__rng_wipe(fresh, sizeof(fresh));
    d->reseeds++;
}

/* One request of len <= CHUNK bytes: block 0 gives the next key and the
 * first 32 output bytes, blocks 1.. the rest. */
static void request(struct mirage__drbg *d, uint8_t *out, size_t len)
{
    uint8_t block[64], next_key[32];
    uint32_t counter = 0;

    mirage__chacha20_block(d->key, counter++, zero_nonce, block);
    memcpy(next_key, block, 32);
    size_t n = len < 32 ? len : 32;
    memcpy(out, block + 32, n);
    out += n;
    len -= n;
    while (len > 0) {
        mirage__chacha20_block(d->key, counter++, zero_nonce, block);
        n = len < 64 ? len : 64;
        memcpy(out, block, n);
        out += n;
        len -= n;
    }
    memcpy(d->key, next_key, 32);
    mirage__rng_wipe(next_key, sizeof(next_key));
    mirage__rng_wipe(block, sizeof(block));
}

void mirage__drbg_fill(struct mirage__drbg *d, void *buf, size_t len)
{
    uint8_t *out = buf;

    do {
        size_t n = len < MIRAGE__DRBG_CHUNK ? len : MIRAGE__DRBG_CHUNK;
        if (d->bytes >= MIRAGE__DRBG_RESEED_BYTES ||
            d->requests >= MIRAGE__DRBG_RESEED_REQUESTS)
            reseed(d);
        request(d, out, n);
        d->bytes += n;
        d->requests++;
        out += n;
        len -= n;
    } while (len > 0);
}
