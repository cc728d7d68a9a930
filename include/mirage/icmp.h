/* SPDX-License-Identifier: ISC */
/* ICMP: echo replies, error messages and raw ICMP for applications. */
#ifndef MIRAGE_ICMP_H
#define MIRAGE_ICMP_H

/*
 * The ICMP layer (Icmpv4.S) of an IP layer answers echo requests,
 * generates "destination unreachable" for the transports (UDP asks for
 * "port unreachable" when nobody listens), and passes every other valid
 * message (echo replies, errors from other hosts) to the function set with
 * mirage_icmp_listen().  lib/icmp implements ICMPv4 (RFC 792).
 *
 * Every message's checksum is verified; malformed messages are dropped and
 * counted.  Echo requests sent to a broadcast address are ignored (counted).
 * Errors are never sent about ICMP errors, broadcast or multicast
 * datagrams, or datagrams from such sources (RFC 1122 3.2.2), and are rate
 * limited.
 *
 * Receive: the listen function runs in the event loop, must not block, and
 * borrows b (data = the whole ICMP message).
 *
 * Errors: write and unreachable return -EAFNOSUPPORT for an address of the
 * other family, -EINVAL for a message shorter than 8 bytes, -EPERM when
 * the rules above forbid an error message, -EBUSY when rate limited, and
 * the IP layer's errors.
 */

#include <stdint.h>

#include <mirage/buf.h>
#include <mirage/ip.h>
#include <mirage/ipaddr.h>
#include <mirage/net.h>

enum mirage_icmp_unreach {
    MIRAGE_ICMP_UNREACH_NET,
    MIRAGE_ICMP_UNREACH_HOST,
    MIRAGE_ICMP_UNREACH_PROTO,
    MIRAGE_ICMP_UNREACH_PORT,
};

struct mirage_icmp;
typedef void (*mirage_icmp_handler)(void *arg, struct mirage_icmp *icmp,
                                    const struct mirage_ipaddr *src,
                                    const struct mirage_ipaddr *dst,
                                    struct mirage_buf *b);

enum mirage_icmp_drop {
    MIRAGE_ICMP_DROP_SHORT,        /* shorter than 8 bytes */
    MIRAGE_ICMP_DROP_BAD_CHECKSUM, /* checksum */
    MIRAGE_ICMP_DROP_BROADCAST,    /* echo request to a broadcast address */
    MIRAGE_ICMP_DROP_BAD_ERROR,    /* error message quoting too little */
    MIRAGE_ICMP_DROP_UNHANDLED,    /* no listener for this message */
    MIRAGE_ICMP_DROP_COUNT
};

struct mirage_icmp_stats {
    uint64_t rx_messages, rx_echo_requests, rx_echo_replies, rx_errors;
    uint64_t tx_echo_replies, tx_unreachables, tx_messages;
    uint64_t tx_ratelimited, tx_suppressed, tx_errors;
    uint64_t drops[MIRAGE_ICMP_DROP_COUNT];
};

/* lib/icmp: ICMPv4 over ip (registers as its protocol 1 handler).
 * Returns 0 or -ENOMEM. */
int mirage_icmpv4_create(struct mirage_ip *ip, struct mirage_icmp **out);
void mirage_icmpv4_destroy(struct mirage_icmp *icmp);
void mirage_icmpv4_stats(struct mirage_icmp *icmp,
                         struct mirage_icmp_stats *out);
const char *mirage_icmp_drop_name(enum mirage_icmp_drop d);
void mirage_icmpv4_counters(struct mirage_icmp *icmp, mirage_net_counter_fn fn,
                            void *arg);

/* Implementing this interface. */
struct mirage_icmp_ops {
    /* Sends the ICMP message b (takes it; its checksum field is filled in)
     * from src (NULL: chosen by the IP layer) to dst. */
    int (*write)(struct mirage_icmp *icmp, const struct mirage_ipaddr *src,
                 const struct mirage_ipaddr *dst, struct mirage_buf *b);
    /* Tells src that the datagram it sent to dst could not be delivered:
     * b (borrowed) is the transport data the IP layer delivered, proto its
     * protocol. */
    int (*unreachable)(struct mirage_icmp *icmp, enum mirage_icmp_unreach why,
                       const struct mirage_ipaddr *src,
                       const struct mirage_ipaddr *dst, uint8_t proto,
                       struct mirage_buf *b);
    void (*listen)(struct mirage_icmp *icmp, mirage_icmp_handler fn, void *arg);
};

struct mirage_icmp {
    const struct mirage_icmp_ops *ops;
};

static inline int mirage_icmp_write(struct mirage_icmp *icmp,
                                    const struct mirage_ipaddr *src,
                                    const struct mirage_ipaddr *dst,
                                    struct mirage_buf *b)
{
    return icmp->ops->write(icmp, src, dst, b);
}
static inline int mirage_icmp_unreachable(struct mirage_icmp *icmp,
                                          enum mirage_icmp_unreach why,
                                          const struct mirage_ipaddr *src,
                                          const struct mirage_ipaddr *dst,
                                          uint8_t proto, struct mirage_buf *b)
{
    return icmp->ops->unreachable(icmp, why, src, dst, proto, b);
}
static inline void mirage_icmp_listen(struct mirage_icmp *icmp,
                                      mirage_icmp_handler fn, void *arg)
{
    icmp->ops->listen(icmp, fn, arg);
}

#endif
