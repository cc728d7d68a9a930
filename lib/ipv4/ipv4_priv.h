/* SPDX-License-Identifier: ISC */
/* lib/ipv4 internals: the layer's state, wire accessors, reassembly. */
#ifndef MIRAGE_IPV4_PRIV_H
#define MIRAGE_IPV4_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <mirage/ipv4.h>
#include <mirage/log.h>
#include <mirage/timer.h>

#define IPV4_MF 0x2000
#define IPV4_DF 0x4000
#define IPV4_OFFSET_MASK 0x1fff
#define IPV4_MAX_LEN 65535

static inline uint16_t mirage__rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}
static inline uint32_t mirage__rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}
static inline void mirage__wr16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}
static inline void mirage__wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* A fragment's data, in a datagram's list sorted by offset. */
struct mirage__ipv4_frag {
    struct mirage__ipv4_frag *next;
    uint16_t off, len;
    uint8_t data[];
};

/* A datagram being reassembled. */
struct mirage__ipv4_reasm {
    bool used, have_first, have_last;
    uint8_t proto;
    uint16_t id;
    uint32_t src, dst;
    uint32_t end; /* total payload length, known from the last fragment */
    uint32_t nfrags, bytes;
    uint64_t expires;
    uint8_t hdr[MIRAGE_IPV4_HLEN]; /* the first fragment's header */
    struct mirage__ipv4_frag *frags;
};

struct mirage__ipv4_proto {
    mirage_ip_handler fn;
    void *arg;
};

struct mirage__ipv4 {
    struct mirage_ip ip;
    struct mirage_ethernet *eth;
    struct mirage_arp *arp;
    struct mirage_ipv4_config cfg;
    uint32_t addr, mask, bcast, gw; /* host order; gw 0: none */
    uint16_t next_id;
    struct mirage__ipv4_proto protos[256];
    struct mirage__ipv4_reasm *reasm;
    uint32_t reasm_bytes;
    struct mirage_timer reasm_timer;
    struct mirage_ipv4_stats st;
};

extern struct mirage_log_src mirage__ipv4_log;

static inline struct mirage_ipaddr mirage__ipv4_addr(uint32_t v)
{
    return mirage_ipv4((uint8_t)(v >> 24), (uint8_t)(v >> 16),
                       (uint8_t)(v >> 8), (uint8_t)v);
}

void mirage__ipv4_drop(struct mirage__ipv4 *d, enum mirage_ipv4_drop why);
/* Ethernet handler for IPv4 frames (ipv4_input.c). */
void mirage__ipv4_input(void *arg, struct mirage_ethernet *e,
                        const struct mirage_macaddr *src,
                        const struct mirage_macaddr *dst, struct mirage_buf *b);
/* Hands a datagram's payload (b, borrowed) to its transport; h is its
 * header (hlen bytes), maybe elsewhere than b's headroom. */
void mirage__ipv4_deliver(struct mirage__ipv4 *d, const uint8_t *h,
                          struct mirage_buf *b);
/* Sending (ipv4_output.c). */
int mirage__ipv4_write(struct mirage_ip *ip, const struct mirage_ipaddr *src,
                       const struct mirage_ipaddr *dst, uint8_t proto,
                       struct mirage_buf *b);
/* Reassembly (ipv4_frag.c): takes a fragment (h its header, b its data,
 * borrowed) and delivers the datagram it completes. */
int mirage__ipv4_reasm_init(struct mirage__ipv4 *d);
void mirage__ipv4_reasm_fini(struct mirage__ipv4 *d);
void mirage__ipv4_reasm_input(struct mirage__ipv4 *d, const uint8_t *h,
                              struct mirage_buf *b);

#endif
