/* SPDX-License-Identifier: ISC */
/* Printing and comparing IP addresses and prefixes. */
#include <stdio.h>
#include <string.h>

#include <mirage/ipaddr.h>

static size_t addr_len(const struct mirage_ipaddr *a)
{
    return a->family == MIRAGE_IPV4 ? 4 : 16;
}

bool mirage_ipaddr_equal(const struct mirage_ipaddr *a,
                         const struct mirage_ipaddr *b)
{
    return a->family == b->family &&
           (a->family == MIRAGE_IPV4 || a->family == MIRAGE_IPV6) &&
           memcmp(a->addr, b->addr, addr_len(a)) == 0;
}

bool mirage_ipprefix_contains(const struct mirage_ipprefix *p,
                              const struct mirage_ipaddr *a)
{
    if (p->addr.family != a->family)
        return false;
    unsigned bits = p->len, max = (unsigned)addr_len(a) * 8;
    if (bits > max)
        return false;
    unsigned full = bits / 8, rest = bits % 8;
    if (memcmp(p->addr.addr, a->addr, full) != 0)
        return false;
    if (rest == 0)
        return true;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return ((p->addr.addr[full] ^ a->addr[full]) & mask) == 0;
}

/* RFC 5952: lowercase, no leading zeros, the longest run (first on a tie)
 * of two or more zero groups as "::", IPv4-mapped as ::ffff:a.b.c.d. */
static void format_v6(const uint8_t *b, char *buf, size_t len)
{
    uint16_t w[8];
    for (int i = 0; i < 8; i++)
        w[i] = (uint16_t)(b[2 * i] << 8 | b[2 * i + 1]);
    int best = -1, best_n = 1;
    for (int i = 0; i < 8;) {
        int n = 0;
        while (i + n < 8 && w[i + n] == 0)
            n++;
        if (n > best_n) {
            best = i;
            best_n = n;
        }
        i += n ? n : 1;
    }
    bool mapped = best == 0 && best_n == 5 && w[5] == 0xffff;
    size_t o = 0;
    for (int i = 0; i < 8 && o < len; i++) {
        if (i == best) {
            o += (size_t)snprintf(buf + o, len - o, "::");
            i += best_n - 1;
            continue;
        }
        if (mapped && i == 6) {
            snprintf(buf + o, len - o, ":%u.%u.%u.%u", b[12], b[13], b[14],
                     b[15]);
            return;
        }
        bool sep = i > 0 && i != best + best_n;
        o += (size_t)snprintf(buf + o, len - o, "%s%x", sep ? ":" : "", w[i]);
    }
}

char *mirage_ipaddr_format(const struct mirage_ipaddr *a, char *buf, size_t len)
{
    if (len == 0)
        return buf;
    if (a->family == MIRAGE_IPV4)
        snprintf(buf, len, "%u.%u.%u.%u", a->addr[0], a->addr[1], a->addr[2],
                 a->addr[3]);
    else if (a->family == MIRAGE_IPV6)
        format_v6(a->addr, buf, len);
    else
        snprintf(buf, len, "(none)");
    return buf;
}
