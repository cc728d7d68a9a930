/* SPDX-License-Identifier: ISC */
/* STACK: a dual-stack TCP/IP stack: its TCP, its UDP and its addresses. */
#ifndef MIRAGE_STACK_H
#define MIRAGE_STACK_H

/*
 * A stack (Tcpip.Stack.V4V6) is what an application gets from config.c:
 * TCP and UDP over IPv4 and (later) IPv6, and the addresses it answers on.
 * Two implementations:
 *   - the direct stack (lib/stack): netif, Ethernet, ARP, IPv4, ICMP, UDP
 *     and TCP in the unikernel, for every target;
 *   - the socket stack (platform/socket, unix target only): TCP and UDP
 *     over host sockets, for development without a tap device.
 * Both are driven by the event loop: nothing needs to run a receive loop,
 * and mirage_stack_listen() merely suspends its caller until the stack is
 * disconnected (MirageOS's S.listen).
 *
 *     struct mirage_tcp_listener *l;
 *     int err = mirage_stack_tcp_listen(stack, 8080, 16, &l);
 *
 * Errors: listen returns -ECANCELED when the calling fiber is cancelled;
 * the optional operations return -ENOTSUP where missing.  The
 * constructors return -ENODEV (no network device), -EINVAL (bad
 * configuration), -ENOMEM, or the errors of the layers they create.
 */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/arp.h>
#include <mirage/ethernet.h>
#include <mirage/icmp.h>
#include <mirage/ip.h>
#include <mirage/ipaddr.h>
#include <mirage/ipv4.h>
#include <mirage/net.h>
#include <mirage/random.h>
#include <mirage/tcp.h>
#include <mirage/tcp_direct.h>
#include <mirage/udp.h>

struct mirage_stack_ops;
struct mirage_stack {
    const struct mirage_stack_ops *ops;
};

/* Implementing this interface. */
struct mirage_stack_ops {
    struct mirage_tcp *(*tcp)(struct mirage_stack *s);
    struct mirage_udp *(*udp)(struct mirage_stack *s);
    /* Copies up to max configured addresses (with their prefixes) to out;
     * returns how many the stack has. */
    size_t (*addresses)(struct mirage_stack *s, struct mirage_ipprefix *out,
                        size_t max);
    /* Optional: the IP layer (direct stacks only). */
    struct mirage_ip *(*ip)(struct mirage_stack *s);
    /* Optional: reports every layer's counters as (name, value). */
    void (*counters)(struct mirage_stack *s, mirage_net_counter_fn fn,
                     void *arg);
    /* Suspends until the stack is disconnected: 0, or -ECANCELED. */
    int (*listen)(struct mirage_stack *s);
    /* Wakes listen, then releases the stack and what it created. */
    void (*disconnect)(struct mirage_stack *s);
};

static inline struct mirage_tcp *mirage_stack_tcp(struct mirage_stack *s)
{
    return s->ops->tcp(s);
}
static inline struct mirage_udp *mirage_stack_udp(struct mirage_stack *s)
{
    return s->ops->udp(s);
}
static inline size_t mirage_stack_addresses(struct mirage_stack *s,
                                            struct mirage_ipprefix *out,
                                            size_t max)
{
    return s->ops->addresses(s, out, max);
}
static inline struct mirage_ip *mirage_stack_ip(struct mirage_stack *s)
{
    return s->ops->ip ? s->ops->ip(s) : NULL;
}
static inline void mirage_stack_counters(struct mirage_stack *s,
                                         mirage_net_counter_fn fn, void *arg)
{
    if (s->ops->counters)
        s->ops->counters(s, fn, arg);
}
static inline int mirage_stack_listen(struct mirage_stack *s)
{
    return s->ops->listen(s);
}
static inline void mirage_stack_disconnect(struct mirage_stack *s)
{
    s->ops->disconnect(s);
}

/* Conveniences over the stack's TCP and UDP. */
static inline int mirage_stack_tcp_listen(struct mirage_stack *s, uint16_t port,
                                          int backlog,
                                          struct mirage_tcp_listener **out)
{
    return mirage_tcp_listen(mirage_stack_tcp(s), port, backlog, out);
}
static inline int mirage_stack_tcp_connect(struct mirage_stack *s,
                                           const struct mirage_ipaddr *dst,
                                           uint16_t port,
                                           struct mirage_flow **out)
{
    return mirage_tcp_connect(mirage_stack_tcp(s), dst, port, out);
}
static inline int mirage_stack_udp_listen(struct mirage_stack *s, uint16_t port,
                                          mirage_udp_callback fn, void *arg)
{
    return mirage_udp_listen(mirage_stack_udp(s), port, fn, arg);
}
static inline int mirage_stack_udp_write(struct mirage_stack *s,
                                         const struct mirage_ipaddr *dst,
                                         uint16_t port, const void *data,
                                         size_t len)
{
    return mirage_udp_write(mirage_stack_udp(s), NULL, 0, dst, port, data, len);
}

/*
 * The direct stack (lib/stack).  mirage_stack_direct_connect() assembles
 * layers created one by one (as the generated main.c does, in dependency
 * order); the stack does not own them.  mirage_stack_direct_create()
 * creates every layer itself from one configuration, and disconnect
 * destroys them.
 */
struct mirage_stack_direct_parts {
    struct mirage_net *net;
    struct mirage_ethernet *eth;
    struct mirage_arp *arp;
    struct mirage_ipv4 *ipv4;
    struct mirage_ip *ip; /* what the transports use */
    struct mirage_icmp *icmp;
    struct mirage_udp *udp;
    struct mirage_tcp *tcp; /* NULL: mirage_stack_tcp() returns NULL */
};
int mirage_stack_direct_connect(const struct mirage_stack_direct_parts *p,
                                struct mirage_stack **out);

struct mirage_stack_direct_config {
    const char *interface;                      /* "tap0", "service" */
    struct mirage_ipv4_config ipv4;             /* see ipv4.h */
    const struct mirage_arp_config *arp;        /* NULL: defaults */
    const struct mirage_tcp_direct_config *tcp; /* NULL: defaults */
    bool no_tcp;               /* build the stack without TCP */
    struct mirage_random *rng; /* NULL: the default generator */
};
int mirage_stack_direct_create(const struct mirage_stack_direct_config *cfg,
                               struct mirage_stack **out);
/* The layers of a direct stack (for statistics and tests). */
void mirage_stack_direct_parts(struct mirage_stack *s,
                               struct mirage_stack_direct_parts *out);

/*
 * The socket stack (platform/socket, unix target only): TCP and UDP over
 * host sockets bound to the given addresses (0.0.0.0/0 and ::/0, the
 * defaults, mean any).  MirageOS's --ipv4, --ipv6, --ipv4-only and
 * --ipv6-only map onto these fields.
 */
struct mirage_stack_socket_config {
    struct mirage_ipprefix ipv4; /* family 0: 0.0.0.0/0 */
    struct mirage_ipprefix ipv6; /* family 0: ::/0 */
    bool ipv4_only, ipv6_only;
};
int mirage_stack_socket_create(const struct mirage_stack_socket_config *cfg,
                               struct mirage_stack **out);

#endif
