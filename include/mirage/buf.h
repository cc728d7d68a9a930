/* SPDX-License-Identifier: ISC */
/* Packet buffers with headroom, reference counts and pools. */
#ifndef MIRAGE_BUF_H
#define MIRAGE_BUF_H

/*
 * A buffer is storage [base, base+cap) holding data at [base+off,
 * base+off+len).  The space before the data (headroom) lets each layer
 * prepend its header in place (mirage_buf_push) and the receive path strip
 * headers without copying (mirage_buf_pull).  A buffer is reference-counted;
 * when the count drops to zero its release hook returns it to its pool (or
 * frees it, or tells the owner of constant data it is no longer used).
 *
 * Ownership: a function either borrows a buffer (may not keep it after it
 * returns) or takes it (consumes one reference whether it succeeds or
 * fails); each function's doc says which.
 *
 * Errors: allocation returns NULL when the pool is exhausted or memory is
 * out.  push beyond the headroom or put beyond the capacity is a programmer
 * error (assert); pull of more than len returns NULL (input may be short).
 */

#include <stddef.h>
#include <stdint.h>

struct mirage_buf_pool;

struct mirage_buf {
    uint8_t *base;
    uint32_t cap;
    uint32_t off;
    uint32_t len;
    uint32_t refs;
    struct mirage_buf_pool *pool;          /* NULL: not from a pool */
    void (*release)(struct mirage_buf *b); /* runs when refs drops to 0 */
    void *user;                            /* for the release hook */
    struct mirage_buf *next;               /* link for whoever holds it */
    /* Offload metadata (see below); zero = none.  Every allocation and
     * pool_get clears it. */
    uint8_t rx_csum;      /* MIRAGE_BUF_RX_CSUM_*: set by the device */
    uint8_t tx_offload;   /* MIRAGE_BUF_TX_*: set by the sender */
    uint16_t gso_size;    /* rx: segment size of a coalesced packet;
                             tx: payload per segment of a GSO packet */
    uint16_t csum_offset; /* checksum field offset from csum_start */
    uint32_t csum_start;  /* where checksumming starts, from base (not
                             off: stays right as headers are pushed and
                             pulled) */
};

/*
 * Offload metadata, for devices that take and deliver virtio-net headers
 * (MIRAGE_NET_OFFLOAD_* in net.h); the layers move data in place, so
 * csum_start, counted from base, stays valid through push and pull.
 *
 * Receive (written by the device only, trusted only as far as it goes):
 * MIRAGE_BUF_RX_CSUM_VALID: the host checked the transport checksum.
 * MIRAGE_BUF_RX_CSUM_PARTIAL: the packet came from the host with its
 * checksum not filled in: the field at csum_start + csum_offset holds only
 * the pseudo-header sum; data is intact.  A transport layer may skip
 * verification only when csum_start is its header and csum_offset its
 * checksum field; otherwise it verifies as usual (and so drops it).
 * gso_size: nonzero when the packet is several segments of that size
 * coalesced (it may be longer than the MTU).
 *
 * Transmit (written by the transport, read by the device):
 * MIRAGE_BUF_TX_CSUM_PARTIAL: the field at csum_start + csum_offset holds
 * the (uncomplemented, folded) pseudo-header sum; the device completes it
 * over [csum_start, end).  MIRAGE_BUF_TX_GSO_TCPV4: a TCP/IPv4 packet of
 * up to 64 KiB that the device cuts into segments of gso_size payload
 * bytes (needs TX_CSUM_PARTIAL at the TCP header too).  Layers below the
 * transport must not fragment such a packet.
 */
#define MIRAGE_BUF_RX_CSUM_VALID 1u
#define MIRAGE_BUF_RX_CSUM_PARTIAL 2u
#define MIRAGE_BUF_TX_CSUM_PARTIAL 1u
#define MIRAGE_BUF_TX_GSO_TCPV4 2u

/* Whether a received transport header at b's data, with its checksum
 * field at field_off, needs no verification: the host checked it, or the
 * packet came from the host with the checksum (at exactly that field)
 * left partial. */
static inline int mirage_buf_rx_csum_done(const struct mirage_buf *b,
                                          uint16_t field_off)
{
    if (b->rx_csum == MIRAGE_BUF_RX_CSUM_VALID)
        return 1;
    return b->rx_csum == MIRAGE_BUF_RX_CSUM_PARTIAL &&
           b->csum_start == b->off && b->csum_offset == field_off;
}

/* Clears the offload metadata (a buffer about to carry other data). */
static inline void mirage_buf_clear_offload(struct mirage_buf *b)
{
    b->rx_csum = 0;
    b->tx_offload = 0;
    b->gso_size = 0;
    b->csum_offset = 0;
    b->csum_start = 0;
}

/* Headroom every stack layer may need below the data it is given:
 * Ethernet (14) + IPv6 (40) + TCP with options (60), rounded up. */
#define MIRAGE_BUF_HEADROOM 128

static inline uint8_t *mirage_buf_data(const struct mirage_buf *b)
{
    return b->base + b->off;
}
static inline uint32_t mirage_buf_headroom(const struct mirage_buf *b)
{
    return b->off;
}
static inline uint32_t mirage_buf_tailroom(const struct mirage_buf *b)
{
    return b->cap - b->off - b->len;
}

/* Prepends n bytes; returns the new data start. */
uint8_t *mirage_buf_push(struct mirage_buf *b, uint32_t n);
/* Strips n bytes from the front; returns the old data start, or NULL (and
 * changes nothing) if len < n. */
uint8_t *mirage_buf_pull(struct mirage_buf *b, uint32_t n);
/* Appends n bytes; returns where they go. */
uint8_t *mirage_buf_put(struct mirage_buf *b, uint32_t n);
/* Shortens the data to len bytes (no-op if already shorter). */
void mirage_buf_trim(struct mirage_buf *b, uint32_t len);

void mirage_buf_ref(struct mirage_buf *b);
/* Drops one reference; at zero the release hook runs. */
void mirage_buf_unref(struct mirage_buf *b);

/* A heap buffer of headroom + size bytes of capacity, data empty at
 * offset headroom. */
struct mirage_buf *mirage_buf_alloc(uint32_t headroom, uint32_t size);
/* Wraps constant data without copying; release(b) runs (with b->user =
 * user) when the last reference goes, and must free b with
 * mirage_buf_free_wrapper(). */
struct mirage_buf *mirage_buf_wrap(const void *data, uint32_t len,
                                   void (*release)(struct mirage_buf *b),
                                   void *user);
void mirage_buf_free_wrapper(struct mirage_buf *b);

/* Fixed-size pools: count buffers of bufsize bytes each, allocated once.
 * in_use counts what is out; tests assert it returns to zero. */
struct mirage_buf_pool {
    uint32_t bufsize;
    uint32_t count;
    uint32_t in_use;
    uint32_t peak;
    struct mirage_buf *free_list;
    void *storage;
};
int mirage_buf_pool_init(struct mirage_buf_pool *p, uint32_t count,
                         uint32_t bufsize);
void mirage_buf_pool_destroy(struct mirage_buf_pool *p);
/* A buffer with data empty at offset headroom; NULL if exhausted. */
struct mirage_buf *mirage_buf_pool_get(struct mirage_buf_pool *p,
                                       uint32_t headroom);

#endif
