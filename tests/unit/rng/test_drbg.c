/* SPDX-License-Identifier: ISC */
/* The DRBG: construction, key erasure, chunking, reseeding, integer helpers. */
#include "../../../lib/rng/rng_priv.h"
#include "check.h"

#include <errno.h>
#include <mirage/random.h>
#include <stdbool.h>

static int entropy_calls;
static bool entropy_fails;

/* Scripted entropy: bytes 0, 1, 2, ... continuing across calls. */
static int fake_entropy(void *buf, size_t len)
{
    static uint8_t next;
    uint8_t *p = buf;

    entropy_calls++;
    if (entropy_fails)
        return -EIO;
    for (size_t i = 0; i < len; i++)
        p[i] = next++;
    return 0;
}

/* Output is block 0's second half then blocks 1.. of the old key; the new
 * key is block 0's first half. */
static void test_construction(void)
{
    static const uint8_t nonce[12];
    struct mirage__drbg d;
    uint8_t k0[32], b0[64], b1[64], b2[64], want[100], got[100];

    CHECK_INT_EQ(mirage__drbg_init(&d, fake_entropy), 0);
    memcpy(k0, d.key, 32);
    mirage__chacha20_block(k0, 0, nonce, b0);
    mirage__chacha20_block(k0, 1, nonce, b1);
    mirage__chacha20_block(k0, 2, nonce, b2);
    memcpy(want, b0 + 32, 32);
    memcpy(want + 32, b1, 64);
    memcpy(want + 96, b2, 4);
    mirage__drbg_fill(&d, got, sizeof(got));
    CHECK_MEM_EQ(got, want, 100);
    CHECK_MEM_EQ(d.key, b0, 32); /* the old key is gone */
    CHECK_UINT_EQ(d.requests, 1);
    CHECK_UINT_EQ(d.bytes, 100);
}

static void test_determinism(void)
{
    struct mirage__drbg a, b;
    uint8_t x[300], y[300];

    mirage__drbg_init(&a, fake_entropy);
    b = a;
    mirage__drbg_fill(&a, x, sizeof(x));
    mirage__drbg_fill(&b, y, sizeof(y));
    CHECK_MEM_EQ(x, y, sizeof(x));
    mirage__drbg_fill(&a, x, sizeof(x)); /* the next request differs */
    CHECK(memcmp(x, y, sizeof(x)) != 0);
    mirage__drbg_init(&b, fake_entropy); /* another seed */
    mirage__drbg_fill(&b, y, sizeof(y));
    CHECK(memcmp(x, y, sizeof(x)) != 0);
}

static void test_chunks_and_reseed(void)
{
    static uint8_t big[10000];
    struct mirage__drbg d;
    uint8_t small[8];

    mirage__drbg_init(&d, fake_entropy);
    mirage__drbg_fill(&d, big, sizeof(big));
    CHECK_UINT_EQ(d.requests, 3); /* 4096 + 4096 + 1808 */
    d.requests = 0;
    d.bytes = 0;
    entropy_calls = 0;
    for (int i = 0; i < MIRAGE__DRBG_RESEED_REQUESTS; i++)
        mirage__drbg_fill(&d, small, sizeof(small));
    CHECK_INT_EQ(entropy_calls, 0);
    mirage__drbg_fill(&d, small, sizeof(small));
    CHECK_INT_EQ(entropy_calls, 1);
    CHECK_UINT_EQ(d.reseeds, 1);
    CHECK_UINT_EQ(d.requests, 1);
    /* By volume too: the first request past the limit reseeds. */
    for (uint64_t n = 0; n < MIRAGE__DRBG_RESEED_BYTES; n += sizeof(big))
        mirage__drbg_fill(&d, big, sizeof(big));
    CHECK_UINT_EQ(d.reseeds, 1);
    mirage__drbg_fill(&d, small, sizeof(small));
    CHECK_UINT_EQ(d.reseeds, 2);
    /* A failing source: counted, output goes on. */
    entropy_fails = true;
    d.requests = MIRAGE__DRBG_RESEED_REQUESTS;
    mirage__drbg_fill(&d, small, sizeof(small));
    CHECK_UINT_EQ(d.reseed_failures, 1);
    CHECK_UINT_EQ(d.reseeds, 2);
    CHECK_INT_EQ(mirage__drbg_init(&d, fake_entropy), -EIO);
    entropy_fails = false;
}

/* A RANDOM device replaying scripted 64-bit values. */
static const uint64_t *script;
static void scripted_fill(struct mirage_random *r, void *buf, size_t len)
{
    uint8_t *p = buf;
    uint64_t v = *script++;

    (void)r;
    for (size_t i = 0; i < len; i++)
        p[i] = (uint8_t)(v >> (8 * (i % 8)));
}
static const struct mirage_random_ops scripted_ops = {.fill = scripted_fill};

/* Values below 2^64 mod bound are rejected, so every residue is equally
 * likely. */
static void test_uniform_rejection(void)
{
    struct mirage_random r = {&scripted_ops};
    const uint64_t half = (uint64_t)1 << 63;
    static const uint64_t values[] = {5, ((uint64_t)1 << 63) + 7, 17,
                                      0x0102030405060708ull};

    script = values;
    /* bound 2^63 + 1: threshold 2^63 - 1, so 5 is drawn again. */
    CHECK_UINT_EQ(mirage_random_uniform(&r, half + 1), 6);
    CHECK_UINT_EQ(mirage_random_uniform(&r, 10), 7);
    CHECK_UINT_EQ(mirage_random_u64(&r), 0x0102030405060708ull);
}

static void test_default_device(void)
{
    struct mirage_random *r;
    unsigned counts[6] = {0};
    uint64_t a, b;

    CHECK_INT_EQ(mirage_random_default_connect(&r), 0);
    a = mirage_random_u64(r);
    b = mirage_random_u64(r);
    CHECK(a != b);
    CHECK(mirage_random_u32(r) != mirage_random_u32(r) ||
          mirage_random_u32(r) != mirage_random_u32(r));
    for (int i = 0; i < 60000; i++) {
        uint64_t v = mirage_random_uniform(r, 6);
        CHECK(v < 6);
        counts[v < 6 ? v : 0]++;
    }
    /* 10000 each expected; 5 standard deviations is about +-456. */
    for (int i = 0; i < 6; i++)
        CHECK(counts[i] > 9500 && counts[i] < 10500);
    CHECK_UINT_EQ(mirage_random_uniform(r, 1), 0);
}

int main(void)
{
    RUN(test_construction);
    RUN(test_determinism);
    RUN(test_chunks_and_reseed);
    RUN(test_uniform_rejection);
    RUN(test_default_device);
    CHECK_DONE();
}
