/* SPDX-License-Identifier: ISC */
/* SipHash-2-4 and the values keyed by it: demux hash, ISNs, TS offsets. */
#include <string.h>

#include "tcp_priv.h"

/*
 * SipHash-2-4 (Aumasson and Bernstein, 2012) with a random 128-bit key:
 * an attacker who cannot see the key can neither predict initial sequence
 * numbers (RFC 6528) nor aim segments at one demux bucket.
 */

static inline uint64_t rotl(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

struct sip {
    uint64_t v0, v1, v2, v3;
};

static void sipround(struct sip *s)
{
    s->v0 += s->v1;
    s->v1 = rotl(s->v1, 13);
    s->v1 ^= s->v0;
    s->v0 = rotl(s->v0, 32);
    s->v2 += s->v3;
    s->v3 = rotl(s->v3, 16);
    s->v3 ^= s->v2;
    s->v0 += s->v3;
    s->v3 = rotl(s->v3, 21);
    s->v3 ^= s->v0;
    s->v2 += s->v1;
    s->v1 = rotl(s->v1, 17);
    s->v1 ^= s->v2;
    s->v2 = rotl(s->v2, 32);
}

static uint64_t le64(const uint8_t *p, size_t n)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= (uint64_t)p[i] << (8 * i);
    return m;
}

static void absorb(struct sip *s, uint64_t m)
{
    s->v3 ^= m;
    sipround(s);
    sipround(s);
    s->v0 ^= m;
}

uint64_t mirage__tcp_siphash(const uint64_t key[2], const void *data,
                             size_t len)
{
    const uint8_t *p = data;
    struct sip s = {
        key[0] ^ 0x736f6d6570736575ull,
        key[1] ^ 0x646f72616e646f6dull,
        key[0] ^ 0x6c7967656e657261ull,
        key[1] ^ 0x7465646279746573ull,
    };
    size_t i = 0;
    for (; i + 8 <= len; i += 8)
        absorb(&s, le64(p + i, 8));
    absorb(&s, le64(p + i, len - i) | (uint64_t)(len & 0xff) << 56);
    s.v2 ^= 0xff;
    for (int r = 0; r < 4; r++)
        sipround(&s);
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

/* The 4-tuple and two extra words as bytes, after a one-byte domain tag. */
static size_t tuple_bytes(uint8_t *out, uint8_t tag,
                          const struct mirage_ipaddr *l, uint16_t lp,
                          const struct mirage_ipaddr *r, uint16_t rp,
                          uint32_t a, uint32_t b)
{
    size_t alen = l->family == MIRAGE_IPV6 ? 16 : 4;
    size_t n = 0;
    out[n++] = tag;
    memcpy(out + n, l->addr, alen);
    n += alen;
    memcpy(out + n, r->addr, alen);
    n += alen;
    mirage__tcp_put16(out + n, lp);
    mirage__tcp_put16(out + n + 2, rp);
    mirage__tcp_put32(out + n + 4, a);
    mirage__tcp_put32(out + n + 8, b);
    return n + 12;
}

uint64_t mirage__tcp_tuple_mac(const uint64_t key[2], uint8_t tag,
                               const struct mirage__tcp_conn *c, uint32_t a,
                               uint32_t b)
{
    uint8_t buf[48];
    size_t n =
        tuple_bytes(buf, tag, &c->laddr, c->lport, &c->raddr, c->rport, a, b);
    return mirage__tcp_siphash(key, buf, n);
}

uint32_t mirage__tcp_tuple_hash(struct mirage__tcp *t,
                                const struct mirage_ipaddr *l, uint16_t lp,
                                const struct mirage_ipaddr *r, uint16_t rp)
{
    uint8_t buf[48];
    size_t n = tuple_bytes(buf, 'h', l, lp, r, rp, 0, 0);
    return (uint32_t)mirage__tcp_siphash(t->key, buf, n);
}

uint32_t mirage__tcp_isn(struct mirage__tcp *t, struct mirage__tcp_conn *c)
{
    /* RFC 6528: a 4 microsecond clock plus a keyed hash of the tuple. */
    uint32_t m = (uint32_t)(mirage__tcp_now(t) / 4000);
    return m + (uint32_t)mirage__tcp_tuple_mac(t->key, 'i', c, 0, 0);
}

uint32_t mirage__tcp_ts_offset(struct mirage__tcp *t,
                               struct mirage__tcp_conn *c)
{
    return (uint32_t)mirage__tcp_tuple_mac(t->key, 't', c, 0, 0);
}
