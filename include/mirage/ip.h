/* SPDX-License-Identifier: ISC */
/* IP: the network layer as the transports (TCP, UDP, ICMP) see it. */
#ifndef MIRAGE_IP_H
#define MIRAGE_IP_H

/*
 * An IP layer (IPv4 in lib/ipv4, IPv6 later, or a dual-stack combination)
 * sends transport payloads to a destination and delivers received ones to
 * the transport registered for their protocol number.  Transports build
 * their header in the buffer's headroom and leave MIRAGE_BUF_HEADROOM minus
 * their own header below it for the IP and link headers.
 *
 * Receive: the IP layer calls the handler set with mirage_ip_set_handler()
 * for the protocol, in the event loop, borrowing the buffer (data = the
 * transport header and payload, already reassembled and length-checked
 * against the IP header).  A handler must not block.  (lib/ipv4 also
 * leaves the datagram's 20-byte header just before the data, for ICMP
 * error quotes: see ipv4.h.)
 *
 * Errors of write: -EHOSTUNREACH (no route), -EMSGSIZE (too big and
 * fragmentation not allowed), -ENOBUFS (no buffer), -EAGAIN (link address
 * still being resolved: the packet is queued and will go, or is dropped and
 * counted if resolution fails).
 */

#include <mirage/buf.h>
#include <mirage/ipaddr.h>

#define MIRAGE_IP_PROTO_ICMP 1
#define MIRAGE_IP_PROTO_TCP 6
#define MIRAGE_IP_PROTO_UDP 17
#define MIRAGE_IP_PROTO_ICMPV6 58

struct mirage_ip;
typedef void (*mirage_ip_handler)(void *arg, struct mirage_ip *ip,
                                  const struct mirage_ipaddr *src,
                                  const struct mirage_ipaddr *dst,
                                  struct mirage_buf *b);

struct mirage_ip_ops;
struct mirage_ip {
    const struct mirage_ip_ops *ops;
};

/* Implementing this interface. */
struct mirage_ip_ops {
    /* Sends b (takes it) from src (NULL: chosen by the layer) to dst. */
    int (*write)(struct mirage_ip *ip, const struct mirage_ipaddr *src,
                 const struct mirage_ipaddr *dst, uint8_t proto,
                 struct mirage_buf *b);
    /* The source address used to reach dst. */
    int (*src)(struct mirage_ip *ip, const struct mirage_ipaddr *dst,
               struct mirage_ipaddr *out);
    /* Largest transport payload to dst without fragmentation. */
    uint32_t (*mtu)(struct mirage_ip *ip, const struct mirage_ipaddr *dst);
    void (*set_handler)(struct mirage_ip *ip, uint8_t proto,
                        mirage_ip_handler fn, void *arg);
};

static inline int mirage_ip_write(struct mirage_ip *ip,
                                  const struct mirage_ipaddr *src,
                                  const struct mirage_ipaddr *dst,
                                  uint8_t proto, struct mirage_buf *b)
{
    return ip->ops->write(ip, src, dst, proto, b);
}
static inline int mirage_ip_src(struct mirage_ip *ip,
                                const struct mirage_ipaddr *dst,
                                struct mirage_ipaddr *out)
{
    return ip->ops->src(ip, dst, out);
}
static inline uint32_t mirage_ip_mtu(struct mirage_ip *ip,
                                     const struct mirage_ipaddr *dst)
{
    return ip->ops->mtu(ip, dst);
}
static inline void mirage_ip_set_handler(struct mirage_ip *ip, uint8_t proto,
                                         mirage_ip_handler fn, void *arg)
{
    ip->ops->set_handler(ip, proto, fn, arg);
}

/* The Internet checksum helpers every transport uses (RFC 1071), in
 * lib/ipaddr.  mirage_csum_partial adds data to a running sum (pieces of a
 * packet chain if all but the last have even lengths); mirage_csum_fold
 * folds a sum and complements it: the value for the checksum field (host
 * order).  Received data whose checksum field is included verifies when
 * mirage_csum_fold(mirage_csum_partial(...)) == 0. */
uint32_t mirage_csum_partial(const void *data, size_t len, uint32_t sum);
uint16_t mirage_csum_fold(uint32_t sum);
/* Sum of the pseudo-header for a transport checksum (IPv4 or IPv6). */
uint32_t mirage_csum_pseudo(const struct mirage_ipaddr *src,
                            const struct mirage_ipaddr *dst, uint8_t proto,
                            uint32_t len);

#endif
