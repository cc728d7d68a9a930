/* SPDX-License-Identifier: ISC */
/* Parsing and writing TCP headers and options, every length checked. */
#include <string.h>

#include "tcp_wire.h"

/* One option of kind k with its olen bytes at p (kind and length
 * included).  Returns false if its length is wrong for its kind. */
static bool parse_option(struct mirage__tcp_seg *s, const uint8_t *p,
                         uint32_t olen)
{
    switch (p[0]) {
    case MIRAGE__TCPOPT_MSS:
        if (olen != 4)
            return false;
        s->has_mss = true;
        s->mss = mirage__tcp_get16(p + 2);
        return true;
    case MIRAGE__TCPOPT_WS:
        if (olen != 3)
            return false;
        s->has_ws = true;
        s->ws = p[2] > MIRAGE__TCP_MAXWS ? MIRAGE__TCP_MAXWS : p[2];
        return true;
    case MIRAGE__TCPOPT_SACK_OK:
        if (olen != 2)
            return false;
        s->sack_ok = true;
        return true;
    case MIRAGE__TCPOPT_SACK:
        if (olen < 10 || (olen - 2) % 8 != 0 ||
            (olen - 2) / 8 > MIRAGE__TCP_MAXSACK)
            return false;
        s->nsack = (uint8_t)((olen - 2) / 8);
        for (unsigned i = 0; i < s->nsack; i++) {
            s->sack[i].l = mirage__tcp_get32(p + 2 + 8 * i);
            s->sack[i].r = mirage__tcp_get32(p + 6 + 8 * i);
        }
        return true;
    case MIRAGE__TCPOPT_TS:
        if (olen != MIRAGE__TCPOLEN_TS)
            return false;
        s->has_ts = true;
        s->tsval = mirage__tcp_get32(p + 2);
        s->tsecr = mirage__tcp_get32(p + 6);
        return true;
    default:
        return true; /* unknown kinds are skipped (RFC 9293 3.2) */
    }
}

static int parse_options(struct mirage__tcp_seg *s, const uint8_t *p,
                         uint32_t n)
{
    uint32_t i = 0;
    while (i < n) {
        if (p[i] == MIRAGE__TCPOPT_EOL)
            break;
        if (p[i] == MIRAGE__TCPOPT_NOP) {
            i++;
            continue;
        }
        if (n - i < 2)
            return MIRAGE__TCP_EOPTS;
        uint32_t olen = p[i + 1];
        if (olen < 2 || olen > n - i)
            return MIRAGE__TCP_EOPTS;
        if (!parse_option(s, p + i, olen))
            return MIRAGE__TCP_EOPTS;
        i += olen;
    }
    return MIRAGE__TCP_OK;
}

int mirage__tcp_parse(const uint8_t *p, uint32_t len, struct mirage__tcp_seg *s)
{
    memset(s, 0, sizeof *s);
    if (len < MIRAGE__TCP_HLEN)
        return MIRAGE__TCP_ESHORT;
    uint32_t hlen = (uint32_t)(p[12] >> 4) * 4;
    if (hlen < MIRAGE__TCP_HLEN || hlen > len)
        return MIRAGE__TCP_ESHORT;
    s->sport = mirage__tcp_get16(p);
    s->dport = mirage__tcp_get16(p + 2);
    s->seq = mirage__tcp_get32(p + 4);
    s->ack = mirage__tcp_get32(p + 8);
    s->flags = p[13] & 0x3f;
    s->wnd = mirage__tcp_get16(p + 14);
    s->hlen = (uint8_t)hlen;
    s->data = p + hlen;
    s->len = len - hlen;
    return parse_options(s, p + MIRAGE__TCP_HLEN, hlen - MIRAGE__TCP_HLEN);
}

uint32_t mirage__tcp_write_hdr(uint8_t *p, const struct mirage__tcp_hdr *h)
{
    uint32_t hlen = MIRAGE__TCP_HLEN + h->optlen;
    mirage__tcp_put16(p, h->sport);
    mirage__tcp_put16(p + 2, h->dport);
    mirage__tcp_put32(p + 4, h->seq);
    mirage__tcp_put32(p + 8, h->ack);
    p[12] = (uint8_t)((hlen / 4) << 4);
    p[13] = h->flags;
    mirage__tcp_put16(p + 14, h->wnd);
    mirage__tcp_put16(p + 16, 0);
    mirage__tcp_put16(p + 18, 0);
    memcpy(p + MIRAGE__TCP_HLEN, h->opts, h->optlen);
    return hlen;
}

static uint8_t *opt_room(struct mirage__tcp_hdr *h, uint8_t n)
{
    if (h->optlen + n > MIRAGE__TCP_MAXOPT)
        return 0;
    uint8_t *p = h->opts + h->optlen;
    h->optlen = (uint8_t)(h->optlen + n);
    return p;
}

void mirage__tcp_opt_mss(struct mirage__tcp_hdr *h, uint16_t mss)
{
    uint8_t *p = opt_room(h, 4);
    if (!p)
        return;
    p[0] = MIRAGE__TCPOPT_MSS;
    p[1] = 4;
    mirage__tcp_put16(p + 2, mss);
}

void mirage__tcp_opt_ws(struct mirage__tcp_hdr *h, uint8_t shift)
{
    uint8_t *p = opt_room(h, 4);
    if (!p)
        return;
    p[0] = MIRAGE__TCPOPT_NOP;
    p[1] = MIRAGE__TCPOPT_WS;
    p[2] = 3;
    p[3] = shift;
}

void mirage__tcp_opt_sack_ok(struct mirage__tcp_hdr *h)
{
    uint8_t *p = opt_room(h, 4);
    if (!p)
        return;
    p[0] = MIRAGE__TCPOPT_NOP;
    p[1] = MIRAGE__TCPOPT_NOP;
    p[2] = MIRAGE__TCPOPT_SACK_OK;
    p[3] = 2;
}

void mirage__tcp_opt_ts(struct mirage__tcp_hdr *h, uint32_t val, uint32_t ecr)
{
    uint8_t *p = opt_room(h, 12);
    if (!p)
        return;
    p[0] = MIRAGE__TCPOPT_NOP;
    p[1] = MIRAGE__TCPOPT_NOP;
    p[2] = MIRAGE__TCPOPT_TS;
    p[3] = MIRAGE__TCPOLEN_TS;
    mirage__tcp_put32(p + 4, val);
    mirage__tcp_put32(p + 8, ecr);
}

unsigned mirage__tcp_opt_sack(struct mirage__tcp_hdr *h,
                              const struct mirage__tcp_sackblk *b, unsigned n)
{
    unsigned room = (MIRAGE__TCP_MAXOPT - h->optlen);
    if (room < 12 || n == 0)
        return 0;
    unsigned fit = (room - 4) / 8;
    if (n > fit)
        n = fit;
    if (n > MIRAGE__TCP_MAXSACK)
        n = MIRAGE__TCP_MAXSACK;
    uint8_t *p = opt_room(h, (uint8_t)(4 + 8 * n));
    p[0] = MIRAGE__TCPOPT_NOP;
    p[1] = MIRAGE__TCPOPT_NOP;
    p[2] = MIRAGE__TCPOPT_SACK;
    p[3] = (uint8_t)(2 + 8 * n);
    for (unsigned i = 0; i < n; i++) {
        mirage__tcp_put32(p + 4 + 8 * i, b[i].l);
        mirage__tcp_put32(p + 8 + 8 * i, b[i].r);
    }
    return n;
}
