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

/* Sums in host order 32 bits at a time; RFC 1071's byte-order
 * independence lets the folded result be swapped to network order once. */
uint32_t mirage_csum_partial(const void *data, size_t len, uint32_t sum)
{
    const uint8_t *p = data;
    uint64_t acc = 0;
    while (len >= 8) {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + 4, 4);
        acc += (uint64_t)a + b;
        p += 8;
        len -= 8;
    }
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
