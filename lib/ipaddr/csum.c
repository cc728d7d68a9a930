/* SPDX-License-Identifier: ISC */
/* The Internet checksum (RFC 1071) and transport pseudo-header sums. */
#include <string.h>

#include <mirage/ip.h>

static uint32_t fold32(uint64_t s)
{
    s = (s & 0xffffffffu) + (s >> 32);
    s = (s & 0xffffffffu) + (s >> 32);
    return (uint32_t)s;
}

static uint16_t fold16(uint32_t s)
{
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    return (uint16_t)s;
}

/* Adds a 64-bit word to a ones'-complement accumulator, end-around carry
 * kept in a separate counter (folded in at the end). */
static inline void add64(uint64_t *acc, uint64_t *carry, uint64_t w)
{
    *acc += w;
    *carry += *acc < w;
}

/* Sums in host order 64 bits at a time (four words per loop); RFC 1071's
 * byte-order independence lets the folded result be swapped to network
 * order once. */
uint32_t mirage_csum_partial(const void *data, size_t len, uint32_t sum)
{
    const uint8_t *p = data;
    uint64_t acc = 0, carry = 0;
    while (len >= 32) {
        uint64_t w[4];
        memcpy(w, p, 32);
        add64(&acc, &carry, w[0]);
        add64(&acc, &carry, w[1]);
        add64(&acc, &carry, w[2]);
        add64(&acc, &carry, w[3]);
        p += 32;
        len -= 32;
    }
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        add64(&acc, &carry, w);
        p += 8;
        len -= 8;
    }
    acc = (uint64_t)fold32(acc) + fold32(carry);
    if (len >= 4) {
        uint32_t a;
        memcpy(&a, p, 4);
        acc += a;
        p += 4;
        len -= 4;
    }
    if (len >= 2) {
        uint16_t a;
        memcpy(&a, p, 2);
        acc += a;
        p += 2;
        len -= 2;
    }
    uint16_t host = fold16(fold32(acc));
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    host = (uint16_t)(host << 8 | host >> 8);
#endif
    uint32_t net = host;
    if (len) /* a trailing odd byte is the high byte of a zero-padded word */
        net += (uint32_t)p[0] << 8;
    uint64_t total = (uint64_t)sum + net;
    return fold32(total);
}

uint16_t mirage_csum_fold(uint32_t sum)
{
    return (uint16_t)~fold16(sum);
}

uint32_t mirage_csum_pseudo(const struct mirage_ipaddr *src,
                            const struct mirage_ipaddr *dst, uint8_t proto,
                            uint32_t len)
{
    size_t n = src->family == MIRAGE_IPV6 ? 16 : 4;
    uint32_t sum = mirage_csum_partial(src->addr, n, 0);
    sum = mirage_csum_partial(dst->addr, n, sum);
    uint64_t s = (uint64_t)sum + proto + (len >> 16) + (len & 0xffff);
    return fold32(s);
}
