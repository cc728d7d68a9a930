/* SPDX-License-Identifier: ISC */
/* UDP: datagrams to and from ports, over the direct stack or host sockets. */
#ifndef MIRAGE_UDP_H
#define MIRAGE_UDP_H

/*
 * The UDP interface (Tcpip.Udp.S) is dual-stack: addresses are IPv4 or
 * IPv6.  lib/udp implements it over an IP layer (checksums computed on
 * send and verified on receive; a datagram to a port nobody listens on is
 * answered with ICMP port unreachable); the unix socket stack implements
 * it over host sockets.
 *
 * Receive: mirage_udp_listen(u, port, fn, arg) makes fn receive every
 * datagram to port (any local address).  fn runs in the event loop, must
 * not block, and borrows b (data = the payload); it may take a reference
 * (mirage_buf_ref) and hand the datagram to a fiber.
 *
 * Send: mirage_udp_write() copies len bytes and sends them from src (NULL:
 * chosen by the stack) and src_port (0: a random ephemeral port) to
 * dst:dst_port without suspending.
 *
 * Errors: listen returns -EINVAL (port 0), -EADDRINUSE, -ENOMEM; write
 * returns -EMSGSIZE (over 65507 bytes, or what the host allows),
 * -EINVAL (port 0), -ENOBUFS, -EAFNOSUPPORT, and the IP layer's or the
 * host's errors (-EHOSTUNREACH, -EADDRNOTAVAIL).  A datagram waiting for
 * address resolution counts as sent (it is dropped and counted by ARP if
 * resolution fails).
 * A NULL handle is a programmer error.
 */

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/buf.h>
#include <mirage/icmp.h>
#include <mirage/ip.h>
#include <mirage/ipaddr.h>
#include <mirage/net.h>
#include <mirage/random.h>

#define MIRAGE_UDP_HLEN 8
#define MIRAGE_UDP_MAX_PAYLOAD 65507

struct mirage_udp;
typedef void (*mirage_udp_callback)(void *arg, struct mirage_udp *u,
                                    const struct mirage_ipaddr *src,
                                    uint16_t src_port,
                                    const struct mirage_ipaddr *dst,
                                    uint16_t dst_port, struct mirage_buf *b);

/* Implementing this interface. */
struct mirage_udp_ops {
    int (*listen)(struct mirage_udp *u, uint16_t port, mirage_udp_callback fn,
                  void *arg);
    void (*unlisten)(struct mirage_udp *u, uint16_t port);
    int (*write)(struct mirage_udp *u, const struct mirage_ipaddr *src,
                 uint16_t src_port, const struct mirage_ipaddr *dst,
                 uint16_t dst_port, const void *data, size_t len);
    /* Optional: as write, taking b (data = the payload, with at least
     * MIRAGE_BUF_HEADROOM of headroom) instead of copying. */
    int (*write_buf)(struct mirage_udp *u, const struct mirage_ipaddr *src,
                     uint16_t src_port, const struct mirage_ipaddr *dst,
                     uint16_t dst_port, struct mirage_buf *b);
};

struct mirage_udp {
    const struct mirage_udp_ops *ops;
};

static inline int mirage_udp_listen(struct mirage_udp *u, uint16_t port,
                                    mirage_udp_callback fn, void *arg)
{
    return u->ops->listen(u, port, fn, arg);
}
static inline void mirage_udp_unlisten(struct mirage_udp *u, uint16_t port)
{
    u->ops->unlisten(u, port);
}
static inline int
mirage_udp_write(struct mirage_udp *u, const struct mirage_ipaddr *src,
                 uint16_t src_port, const struct mirage_ipaddr *dst,
                 uint16_t dst_port, const void *data, size_t len)
{
    return u->ops->write(u, src, src_port, dst, dst_port, data, len);
}
/* Takes b in every case; -ENOTSUP (b released) if unsupported. */
static inline int mirage_udp_write_buf(struct mirage_udp *u,
                                       const struct mirage_ipaddr *src,
                                       uint16_t src_port,
                                       const struct mirage_ipaddr *dst,
                                       uint16_t dst_port, struct mirage_buf *b)
{
    if (!u->ops->write_buf) {
        mirage_buf_unref(b);
        return -ENOTSUP;
    }
    return u->ops->write_buf(u, src, src_port, dst, dst_port, b);
}

/* lib/udp: the direct stack's UDP over ip.  icmp (may be NULL) is told
 * about datagrams to closed ports; rng picks ephemeral ports.  Returns 0
 * or -ENOMEM. */
int mirage_udp_direct_create(struct mirage_ip *ip, struct mirage_icmp *icmp,
                             struct mirage_random *rng,
                             struct mirage_udp **out);
void mirage_udp_direct_destroy(struct mirage_udp *u);

enum mirage_udp_drop {
    MIRAGE_UDP_DROP_SHORT,        /* shorter than the header */
    MIRAGE_UDP_DROP_BAD_LENGTH,   /* length field vs the IP payload */
    MIRAGE_UDP_DROP_BAD_CHECKSUM, /* checksum */
    MIRAGE_UDP_DROP_BAD_PORT,     /* destination port 0 */
    MIRAGE_UDP_DROP_NO_LISTENER,  /* closed port */
    MIRAGE_UDP_DROP_COUNT
};

struct mirage_udp_stats {
    uint64_t rx_datagrams, rx_delivered, rx_no_checksum;
    uint64_t tx_datagrams, tx_errors;
    uint64_t drops[MIRAGE_UDP_DROP_COUNT];
};

void mirage_udp_direct_stats(struct mirage_udp *u,
                             struct mirage_udp_stats *out);
const char *mirage_udp_drop_name(enum mirage_udp_drop d);
void mirage_udp_direct_counters(struct mirage_udp *u, mirage_net_counter_fn fn,
                                void *arg);

#endif
