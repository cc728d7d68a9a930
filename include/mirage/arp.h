/* SPDX-License-Identifier: ISC */
/* ARP: resolving IPv4 addresses to Ethernet addresses (RFC 826). */
#ifndef MIRAGE_ARP_H
#define MIRAGE_ARP_H

/*
 * The ARP layer (Arp.S) answers requests for its own addresses, announces
 * them with gratuitous ARP when they are set, and resolves neighbours for
 * the IPv4 layer with a bounded cache: entries expire, requests are retried
 * a few times and then the address is reported unreachable for a while.
 * lib/arp implements it over a struct mirage_ethernet.
 *
 * Cache policy (defence against spoofing): an entry is created by a request
 * addressed to us or by resolving an address we asked for; a reply nobody
 * asked for is ignored; a packet claiming a different MAC for an address
 * already resolved is ignored and counted as a conflict (the entry keeps
 * its MAC until it expires and is probed again).  A packet claiming one of
 * our own addresses from another MAC is counted and logged.
 *
 * Errors: output returns -EAGAIN (the packet is queued while the address
 * is resolved; it goes when resolution succeeds, or is dropped and counted
 * when it fails), -EHOSTUNREACH (resolution failed recently), -ENOBUFS,
 * and the Ethernet layer's errors.  query returns -ETIMEDOUT or
 * -ECANCELED.  set_ips/add_ip return -ENOSPC beyond MIRAGE_ARP_MAX_IPS
 * addresses and -EAFNOSUPPORT for a non-IPv4 address.
 */

#include <stddef.h>
#include <stdint.h>

#include <mirage/buf.h>
#include <mirage/ethernet.h>
#include <mirage/ipaddr.h>
#include <mirage/net.h>

#define MIRAGE_ARP_MAX_IPS 8

struct mirage_arp;

/* Zero fields take the defaults shown. */
struct mirage_arp_config {
    uint32_t cache_size;    /* entries; 256 */
    uint64_t entry_ttl_ns;  /* life of a resolved entry; 60 s */
    uint64_t retry_ns;      /* between requests; 1 s */
    uint32_t retries;       /* requests before giving up; 3 */
    uint32_t queue_len;     /* packets held per address resolving; 64 */
    uint32_t queue_total;   /* packets held for all addresses; 256 */
    uint32_t announcements; /* gratuitous ARPs per address set; 2 */
    uint64_t announce_ns;   /* between them; 2 s */
};

enum mirage_arp_drop {
    MIRAGE_ARP_DROP_SHORT,       /* shorter than an ARP packet for IPv4 */
    MIRAGE_ARP_DROP_BAD_FORMAT,  /* hardware/protocol type or length */
    MIRAGE_ARP_DROP_BAD_OP,      /* neither request nor reply */
    MIRAGE_ARP_DROP_BAD_SENDER,  /* multicast MAC or unusable IP */
    MIRAGE_ARP_DROP_NOT_FOR_US,  /* about other hosts */
    MIRAGE_ARP_DROP_UNSOLICITED, /* a reply we did not ask for */
    MIRAGE_ARP_DROP_CONFLICT,    /* another MAC for a resolved address */
    MIRAGE_ARP_DROP_OUR_ADDRESS, /* another host claims our address */
    MIRAGE_ARP_DROP_COUNT
};

struct mirage_arp_stats {
    uint64_t rx_requests, rx_replies;
    uint64_t tx_requests, tx_replies, tx_announcements;
    uint64_t resolved, failed; /* resolutions */
    uint64_t queue_drops;      /* packets dropped while resolving */
    uint64_t evictions;        /* entries pushed out of a full cache */
    uint64_t drops[MIRAGE_ARP_DROP_COUNT];
};

/* lib/arp: an ARP layer over eth (which it registers with for ARP frames).
 * cfg may be NULL.  Returns 0, -ENOMEM, -EINVAL. */
int mirage_arp_create(struct mirage_ethernet *eth,
                      const struct mirage_arp_config *cfg,
                      struct mirage_arp **out);
/* Cancels timers, drops queued packets, wakes queries, frees a. */
void mirage_arp_destroy(struct mirage_arp *a);
/* Non-blocking cache lookup: 0 and the MAC if resolved, else -ENOENT. */
int mirage_arp_lookup(struct mirage_arp *a, const struct mirage_ipaddr *ip,
                      struct mirage_macaddr *out);
void mirage_arp_stats(struct mirage_arp *a, struct mirage_arp_stats *out);
const char *mirage_arp_drop_name(enum mirage_arp_drop d);
void mirage_arp_counters(struct mirage_arp *a, mirage_net_counter_fn fn,
                         void *arg);

/* Implementing this interface. */
struct mirage_arp_ops {
    /* Sends the IPv4 packet b (takes it) in a frame to next_hop. */
    int (*output)(struct mirage_arp *a, const struct mirage_ipaddr *next_hop,
                  struct mirage_buf *b);
    /* Resolves ip, suspending the fiber while requests go out. */
    int (*query)(struct mirage_arp *a, const struct mirage_ipaddr *ip,
                 struct mirage_macaddr *out);
    /* Replaces our addresses and announces the new ones. */
    int (*set_ips)(struct mirage_arp *a, const struct mirage_ipaddr *ips,
                   size_t n);
    int (*add_ip)(struct mirage_arp *a, const struct mirage_ipaddr *ip);
    int (*remove_ip)(struct mirage_arp *a, const struct mirage_ipaddr *ip);
    /* Copies up to max addresses to out; returns how many there are. */
    size_t (*get_ips)(struct mirage_arp *a, struct mirage_ipaddr *out,
                      size_t max);
};

struct mirage_arp {
    const struct mirage_arp_ops *ops;
};

static inline int mirage_arp_output(struct mirage_arp *a,
                                    const struct mirage_ipaddr *next_hop,
                                    struct mirage_buf *b)
{
    return a->ops->output(a, next_hop, b);
}
static inline int mirage_arp_query(struct mirage_arp *a,
                                   const struct mirage_ipaddr *ip,
                                   struct mirage_macaddr *out)
{
    return a->ops->query(a, ip, out);
}
static inline int mirage_arp_set_ips(struct mirage_arp *a,
                                     const struct mirage_ipaddr *ips, size_t n)
{
    return a->ops->set_ips(a, ips, n);
}
static inline int mirage_arp_add_ip(struct mirage_arp *a,
                                    const struct mirage_ipaddr *ip)
{
    return a->ops->add_ip(a, ip);
}
static inline int mirage_arp_remove_ip(struct mirage_arp *a,
                                       const struct mirage_ipaddr *ip)
{
    return a->ops->remove_ip(a, ip);
}
static inline size_t mirage_arp_get_ips(struct mirage_arp *a,
                                        struct mirage_ipaddr *out, size_t max)
{
    return a->ops->get_ips(a, out, max);
}

#endif
