/* SPDX-License-Identifier: ISC */
/* The TCP header and options on the wire (RFC 9293, 7323, 2018). */
#ifndef MIRAGE_TCP_WIRE_H
#define MIRAGE_TCP_WIRE_H

/*
 * Segments are read through byte-order-aware accessors after the length has
 * been checked: mirage__tcp_parse() validates the data offset against the
 * segment length and every option length against what remains, and fills
 * a struct mirage__tcp_seg in host order.  Nothing here casts the packet.
 */

#include <stdbool.h>
#include <stdint.h>

#define MIRAGE__TCP_FIN 0x01
#define MIRAGE__TCP_SYN 0x02
#define MIRAGE__TCP_RST 0x04
#define MIRAGE__TCP_PSH 0x08
#define MIRAGE__TCP_ACK 0x10
#define MIRAGE__TCP_URG 0x20

#define MIRAGE__TCP_HLEN 20   /* header without options */
#define MIRAGE__TCP_MAXOPT 40 /* options at most */
#define MIRAGE__TCP_MAXSACK 4 /* SACK blocks in one option */

/* Option kinds and lengths. */
#define MIRAGE__TCPOPT_EOL 0
#define MIRAGE__TCPOPT_NOP 1
#define MIRAGE__TCPOPT_MSS 2
#define MIRAGE__TCPOPT_WS 3
#define MIRAGE__TCPOPT_SACK_OK 4
#define MIRAGE__TCPOPT_SACK 5
#define MIRAGE__TCPOPT_TS 8
#define MIRAGE__TCPOLEN_TS 10
#define MIRAGE__TCP_MAXWS 14 /* RFC 7323 2.3 */

/* Parse results. */
#define MIRAGE__TCP_OK 0
#define MIRAGE__TCP_ESHORT (-1) /* header longer than the segment */
#define MIRAGE__TCP_EOPTS (-2)  /* malformed option */

struct mirage__tcp_sackblk {
    uint32_t l, r; /* [l, r) */
};

/* A parsed segment; data points into the borrowed packet. */
struct mirage__tcp_seg {
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint16_t wnd;
    uint8_t flags;
    uint8_t hlen;
    const uint8_t *data;
    uint32_t len; /* payload bytes */
    bool has_mss, has_ws, sack_ok, has_ts;
    uint16_t mss;
    uint8_t ws;
    uint32_t tsval, tsecr;
    uint8_t nsack;
    struct mirage__tcp_sackblk sack[MIRAGE__TCP_MAXSACK];
};

static inline uint16_t mirage__tcp_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}
static inline uint32_t mirage__tcp_get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}
static inline void mirage__tcp_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}
static inline void mirage__tcp_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Sequence-space comparisons (RFC 9293 3.4), modulo 2^32. */
static inline bool mirage__seq_lt(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}
static inline bool mirage__seq_le(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) <= 0;
}
static inline bool mirage__seq_gt(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) > 0;
}
static inline bool mirage__seq_ge(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) >= 0;
}
static inline uint32_t mirage__seq_max(uint32_t a, uint32_t b)
{
    return mirage__seq_gt(a, b) ? a : b;
}
static inline uint32_t mirage__seq_min(uint32_t a, uint32_t b)
{
    return mirage__seq_lt(a, b) ? a : b;
}

/* Parses the len bytes at p: MIRAGE__TCP_OK, _ESHORT or _EOPTS. */
int mirage__tcp_parse(const uint8_t *p, uint32_t len,
                      struct mirage__tcp_seg *s);

/* Writes the 20-byte header (checksum 0) and opts; returns the header
 * length.  optlen must be a multiple of 4, at most 40. */
struct mirage__tcp_hdr {
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
    uint16_t wnd;
    uint8_t optlen;
    uint8_t opts[MIRAGE__TCP_MAXOPT];
};
uint32_t mirage__tcp_write_hdr(uint8_t *p, const struct mirage__tcp_hdr *h);

/* Option builders: append to h->opts, keeping 4-byte alignment. */
void mirage__tcp_opt_mss(struct mirage__tcp_hdr *h, uint16_t mss);
void mirage__tcp_opt_ws(struct mirage__tcp_hdr *h, uint8_t shift);
void mirage__tcp_opt_sack_ok(struct mirage__tcp_hdr *h);
void mirage__tcp_opt_ts(struct mirage__tcp_hdr *h, uint32_t val, uint32_t ecr);
/* Appends up to n blocks, as many as fit; returns how many. */
unsigned mirage__tcp_opt_sack(struct mirage__tcp_hdr *h,
                              const struct mirage__tcp_sackblk *b, unsigned n);

#endif
