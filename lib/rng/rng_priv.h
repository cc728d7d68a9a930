/* SPDX-License-Identifier: ISC */
/* Internals of the RNG: the ChaCha20 block function and the DRBG state. */
#ifndef MIRAGE_RNG_PRIV_H
#define MIRAGE_RNG_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 8439 section 2.3: one 64-byte block of ChaCha20 keystream. */
void mirage__chacha20_block(const uint8_t key[32], uint32_t counter,
                            const uint8_t nonce[12], uint8_t out[64]);

/*
 * The DRBG, fast-key-erasure style: each request (at most CHUNK bytes; a
 * longer fill is several requests) runs ChaCha20 under the current key
 * with a zero nonce; the first 32 bytes of keystream replace the key, the
 * rest is the output, and the old key and keystream are wiped.  So a state
 * captured later cannot reproduce earlier output.  Fresh platform entropy
 * is mixed into the key every RESEED_BYTES bytes or RESEED_REQUESTS
 * requests.
 */
#define MIRAGE__DRBG_CHUNK 4096
#define MIRAGE__DRBG_RESEED_BYTES (1u << 20)
#define MIRAGE__DRBG_RESEED_REQUESTS 4096

struct mirage__drbg {
    uint8_t key[32];
    uint64_t bytes;    /* since the last reseed */
    uint64_t requests; /* since the last reseed */
    uint64_t reseeds;  /* successful reseeds, for tests */
    uint64_t reseed_failures;
    int (*entropy)(void *buf, size_t len);
};

/* Seeds d from entropy(); -EIO if it fails. */
int mirage__drbg_init(struct mirage__drbg *d,
                      int (*entropy)(void *buf, size_t len));
void mirage__drbg_fill(struct mirage__drbg *d, void *buf, size_t len);
/* Overwrites n bytes in a way the compiler cannot drop. */
void mirage__rng_wipe(void *p, size_t n);

#endif
