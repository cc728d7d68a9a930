/* SPDX-License-Identifier: ISC */
/* Entropy: RDRAND where the CPU has it, TSC jitter mixed otherwise. */
#include <errno.h>
#include <string.h>

#include "../platform.h"
#include "solo5/solo5_priv.h"

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static bool has_rdrand(void)
{
    uint32_t a = 1, b, c = 0, d;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    return (c >> 30) & 1;
}

/* One RDRAND value; false if the CPU keeps saying it has none ready. */
static bool rdrand64(uint64_t *v)
{
    for (int tries = 0; tries < 16; tries++) {
        unsigned char ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
        if (ok)
            return true;
    }
    return false;
}

/* A 64-bit mix (the splitmix64 finaliser). */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* Without RDRAND: the low bits of many TSC reads taken around work whose
 * duration varies, folded together.  Weak, but all there is. */
static uint64_t tsc_mix(void)
{
    uint64_t acc = rdtsc();
    for (int i = 0; i < 64; i++) {
        uint64_t t = rdtsc();
        acc = mix(acc ^ t ^ ((uint64_t)i << 56));
    }
    return acc;
}

uint64_t mirage__solo5_early_seed(void)
{
    uint64_t v;
    if (has_rdrand() && rdrand64(&v))
        return v ^ rdtsc();
    return tsc_mix();
}

int mirage_plat_entropy(void *buf, size_t len)
{
    bool hw = has_rdrand();
    unsigned char *p = buf;
    while (len) {
        uint64_t v;
        if (!hw || !rdrand64(&v))
            v = tsc_mix();
        size_t k = len < sizeof v ? len : sizeof v;
        memcpy(p, &v, k);
        p += k;
        len -= k;
    }
    return 0;
}
