/* SPDX-License-Identifier: ISC */
/* IP addresses and prefixes, IPv4 or IPv6, with parsing and printing. */
#ifndef MIRAGE_IPADDR_H
#define MIRAGE_IPADDR_H

/*
 * The stack interfaces are dual-stack: an address is IPv4 or IPv6.  Bytes
 * are in network order; an IPv4 address uses the first 4 bytes of addr.
 *
 * Errors: parsing returns -EINVAL for malformed text.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mirage_ip_family {
    MIRAGE_IPV4 = 4,
    MIRAGE_IPV6 = 6,
};

struct mirage_ipaddr {
    uint8_t family; /* enum mirage_ip_family */
    uint8_t addr[16];
};

struct mirage_ipprefix {
    struct mirage_ipaddr addr;
    uint8_t len; /* prefix length in bits */
};

#define MIRAGE_IPADDR_STRLEN 46 /* enough for any address and a NUL */

int mirage_ipaddr_parse(const char *s, struct mirage_ipaddr *out);
/* "10.0.0.2/24" or "fe80::1/64". */
int mirage_ipprefix_parse(const char *s, struct mirage_ipprefix *out);
/* Writes the canonical text form; returns buf. */
char *mirage_ipaddr_format(const struct mirage_ipaddr *a, char *buf,
                           size_t len);
bool mirage_ipaddr_equal(const struct mirage_ipaddr *a,
                         const struct mirage_ipaddr *b);
bool mirage_ipprefix_contains(const struct mirage_ipprefix *p,
                              const struct mirage_ipaddr *a);
static inline struct mirage_ipaddr mirage_ipv4(uint8_t a, uint8_t b, uint8_t c,
                                               uint8_t d)
{
    struct mirage_ipaddr r = {MIRAGE_IPV4, {a, b, c, d}};
    return r;
}
static inline uint32_t mirage_ipv4_to_u32(const struct mirage_ipaddr *a)
{
    return (uint32_t)a->addr[0] << 24 | (uint32_t)a->addr[1] << 16 |
           (uint32_t)a->addr[2] << 8 | a->addr[3];
}

#endif
