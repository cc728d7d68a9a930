/* SPDX-License-Identifier: ISC */
/* ETHERNET: framing and demultiplexing by EtherType over a network device. */
#ifndef MIRAGE_ETHERNET_H
#define MIRAGE_ETHERNET_H

/*
 * The Ethernet layer (Ethernet.S) prepends the 14-byte header on write and,
 * on receive, checks the header and passes the payload to the handler set
 * for its EtherType.  lib/ethernet implements it over a struct mirage_net.
 *
 * Receive: handlers run in the event loop and must not block; they borrow
 * the buffer (data = the payload, the header just before it in the
 * headroom).  A frame is dropped and counted when it is shorter than the
 * header, is addressed to another station's unicast address, comes from a
 * multicast source, carries an 802.3 length or a VLAN tag instead of an
 * EtherType, or has no handler.
 *
 * Errors of write: -EMSGSIZE (payload longer than the mtu), and the
 * device's errors.  A NULL handle is a programmer error.
 */

#include <stdint.h>

#include <mirage/buf.h>
#include <mirage/net.h>

#define MIRAGE_ETHERTYPE_IPV4 0x0800
#define MIRAGE_ETHERTYPE_ARP 0x0806
#define MIRAGE_ETHERTYPE_IPV6 0x86dd

extern const struct mirage_macaddr mirage_macaddr_broadcast;

struct mirage_ethernet;
typedef void (*mirage_ethernet_handler)(void *arg, struct mirage_ethernet *e,
                                        const struct mirage_macaddr *src,
                                        const struct mirage_macaddr *dst,
                                        struct mirage_buf *b);

enum mirage_ethernet_drop {
    MIRAGE_ETHERNET_DROP_SHORT,        /* shorter than the header */
    MIRAGE_ETHERNET_DROP_NOT_FOR_US,   /* another station's unicast address */
    MIRAGE_ETHERNET_DROP_BAD_SRC,      /* multicast or broadcast source */
    MIRAGE_ETHERNET_DROP_LENGTH_FIELD, /* 802.3 length, not an EtherType */
    MIRAGE_ETHERNET_DROP_VLAN,         /* 802.1Q tag: not supported */
    MIRAGE_ETHERNET_DROP_NO_HANDLER,   /* no handler for the EtherType */
    MIRAGE_ETHERNET_DROP_COUNT
};

struct mirage_ethernet_stats {
    uint64_t rx_frames, tx_frames;
    uint64_t tx_drop_toobig;
    uint64_t drops[MIRAGE_ETHERNET_DROP_COUNT];
};

/* lib/ethernet: an Ethernet layer over net (which it listens on).
 * Returns 0 or -ENOMEM. */
int mirage_ethernet_create(struct mirage_net *net,
                           struct mirage_ethernet **out);
/* Stops listening on the device and frees e (the device stays). */
void mirage_ethernet_destroy(struct mirage_ethernet *e);
void mirage_ethernet_stats(struct mirage_ethernet *e,
                           struct mirage_ethernet_stats *out);
const char *mirage_ethernet_drop_name(enum mirage_ethernet_drop d);
/* "ethernet.rx_frames", "ethernet.drop.short", ... */
void mirage_ethernet_counters(struct mirage_ethernet *e,
                              mirage_net_counter_fn fn, void *arg);

/* Implementing this interface. */
struct mirage_ethernet_ops {
    /* Prepends the header (src = the device's MAC) and sends b (takes b;
     * its headroom must hold the header). */
    int (*write)(struct mirage_ethernet *e, const struct mirage_macaddr *dst,
                 uint16_t ethertype, struct mirage_buf *b);
    void (*set_handler)(struct mirage_ethernet *e, uint16_t ethertype,
                        mirage_ethernet_handler fn, void *arg);
    void (*mac)(struct mirage_ethernet *e, struct mirage_macaddr *out);
    /* Largest payload. */
    uint32_t (*mtu)(struct mirage_ethernet *e);
};

struct mirage_ethernet {
    const struct mirage_ethernet_ops *ops;
};

static inline int mirage_ethernet_write(struct mirage_ethernet *e,
                                        const struct mirage_macaddr *dst,
                                        uint16_t ethertype,
                                        struct mirage_buf *b)
{
    return e->ops->write(e, dst, ethertype, b);
}
static inline void mirage_ethernet_set_handler(struct mirage_ethernet *e,
                                               uint16_t ethertype,
                                               mirage_ethernet_handler fn,
                                               void *arg)
{
    e->ops->set_handler(e, ethertype, fn, arg);
}
static inline void mirage_ethernet_mac(struct mirage_ethernet *e,
                                       struct mirage_macaddr *out)
{
    e->ops->mac(e, out);
}
static inline uint32_t mirage_ethernet_mtu(struct mirage_ethernet *e)
{
    return e->ops->mtu(e);
}

#endif
