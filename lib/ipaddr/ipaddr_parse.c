/* SPDX-License-Identifier: ISC */
/* Parsing IPv4 and IPv6 addresses and prefixes from text. */
#include <errno.h>
#include <string.h>

#include <mirage/ipaddr.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Dotted quad, decimal, no leading zeros (so "010" is not read as octal);
 * reads up to end and stores 4 bytes. */
static int parse_v4(const char *s, const char *end, uint8_t out[4])
{
    for (int i = 0; i < 4; i++) {
        unsigned v = 0, digits = 0;
        while (s < end && *s >= '0' && *s <= '9') {
            if (digits == 1 && v == 0)
                return -EINVAL;
            v = v * 10 + (unsigned)(*s++ - '0');
            if (++digits > 3 || v > 255)
                return -EINVAL;
        }
        if (digits == 0)
            return -EINVAL;
        out[i] = (uint8_t)v;
        if (i < 3 && (s >= end || *s++ != '.'))
            return -EINVAL;
    }
    return s == end ? 0 : -EINVAL;
}

/* Reads hex groups separated by ':' into w[] (at most max), stopping at
 * end or at "::"; an embedded dotted quad at the end counts as two
 * groups when allow_v4.  Returns the number of groups or -EINVAL and sets
 * *stop to where parsing ended. */
static int parse_groups(const char *s, const char *end, uint16_t *w, int max,
                        const char **stop)
{
    int n = 0;
    while (s < end) {
        const char *g = s;
        unsigned v = 0;
        int digits = 0, h;
        while (s < end && (h = hexval(*s)) >= 0) {
            if (++digits > 4)
                return -EINVAL;
            v = v << 4 | (unsigned)h;
            s++;
        }
        if (s < end && *s == '.') {
            uint8_t q[4];
            if (n + 2 > max || parse_v4(g, end, q) < 0)
                return -EINVAL;
            w[n++] = (uint16_t)(q[0] << 8 | q[1]);
            w[n++] = (uint16_t)(q[2] << 8 | q[3]);
            s = end;
            break;
        }
        if (digits == 0 || n >= max)
            return -EINVAL;
        w[n++] = (uint16_t)v;
        if (s == end)
            break;
        if (*s != ':')
            return -EINVAL;
        if (s + 1 < end && s[1] == ':')
            break; /* "::" */
        if (++s == end)
            return -EINVAL; /* trailing single ':' */
    }
    *stop = s;
    return n;
}

static int parse_v6(const char *s, const char *end, uint8_t out[16])
{
    uint16_t head[8], tail[8];
    int nh = 0, nt = 0;
    const char *p = s;
    if (end - s >= 2 && s[0] == ':' && s[1] == ':') {
        p = s; /* leading "::" */
    } else {
        if ((nh = parse_groups(s, end, head, 8, &p)) < 0)
            return -EINVAL;
    }
    bool gap = p < end;
    if (gap) {
        p += 2; /* at "::" */
        if (p < end && (nt = parse_groups(p, end, tail, 8 - nh, &p)) < 0)
            return -EINVAL;
        if (p != end || nh + nt > 7)
            return -EINVAL;
    } else if (nh != 8) {
        return -EINVAL;
    }
    uint16_t w[8] = {0};
    memcpy(w, head, (size_t)nh * 2);
    memcpy(w + 8 - nt, tail, (size_t)nt * 2);
    for (int i = 0; i < 8; i++) {
        out[2 * i] = (uint8_t)(w[i] >> 8);
        out[2 * i + 1] = (uint8_t)w[i];
    }
    return 0;
}

static int parse_range(const char *s, const char *end, struct mirage_ipaddr *o)
{
    struct mirage_ipaddr a = {0};
    if (memchr(s, ':', (size_t)(end - s))) {
        a.family = MIRAGE_IPV6;
        if (parse_v6(s, end, a.addr) < 0)
            return -EINVAL;
    } else {
        a.family = MIRAGE_IPV4;
        if (parse_v4(s, end, a.addr) < 0)
            return -EINVAL;
    }
    *o = a;
    return 0;
}

int mirage_ipaddr_parse(const char *s, struct mirage_ipaddr *out)
{
    if (!s)
        return -EINVAL;
    return parse_range(s, s + strlen(s), out);
}

int mirage_ipprefix_parse(const char *s, struct mirage_ipprefix *out)
{
    if (!s)
        return -EINVAL;
    const char *slash = strchr(s, '/');
    if (!slash)
        return -EINVAL;
    struct mirage_ipprefix p = {0};
    if (parse_range(s, slash, &p.addr) < 0)
        return -EINVAL;
    unsigned len = 0, max = p.addr.family == MIRAGE_IPV4 ? 32 : 128;
    const char *d = slash + 1;
    if (!*d || (d[0] == '0' && d[1]))
        return -EINVAL;
    for (; *d; d++) {
        if (*d < '0' || *d > '9')
            return -EINVAL;
        len = len * 10 + (unsigned)(*d - '0');
        if (len > max)
            return -EINVAL;
    }
    p.len = (uint8_t)len;
    *out = p;
    return 0;
}
