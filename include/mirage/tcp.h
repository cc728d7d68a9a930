/* SPDX-License-Identifier: ISC */
/* TCP: listening for and opening connections; each connection is a flow. */
#ifndef MIRAGE_TCP_H
#define MIRAGE_TCP_H

/*
 * The TCP interface of a stack (MirageOS's TCP and the TCP half of STACK).
 * lib/tcp implements it over an IP layer (see tcp_direct.h); the unix
 * socket stack implements it over host sockets.  Connections are flows
 * (flow.h); read, write and close them through mirage_flow_*.
 *
 *     struct mirage_tcp_listener *l;
 *     int err = mirage_tcp_listen(tcp, 8080, 16, &l);
 *     for (struct mirage_flow *f; err == 0 && mirage_tcp_accept(l, &f) == 0;)
 *         mirage_spawn(serve, f);
 *
 * listen accepts connections to port on every local address of the stack;
 * up to backlog of them (completed handshakes not yet accepted) wait for
 * accept, further ones are refused until accept makes room.  accept and
 * connect suspend the calling fiber.  unlisten stops listening: connections
 * not yet accepted are reset, a fiber suspended in accept on l returns
 * -ECANCELED, and l must not be used afterwards.
 *
 * Errors: listen: -EADDRINUSE (port already listened on), -EINVAL (port 0),
 * -ENOMEM.  accept: -ECANCELED (the fiber was cancelled or l was
 * unlistened).  connect: -ECONNREFUSED (the peer answered with a reset),
 * -ETIMEDOUT (no answer), -EHOSTUNREACH (no route), -EADDRNOTAVAIL (no
 * free local port), -ECANCELED, -ENOMEM.  The per-connection options are
 * optional (-ENOTSUP when the implementation lacks them).  A NULL handle is
 * a programmer error.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include <mirage/flow.h>
#include <mirage/ipaddr.h>

struct mirage_tcp_ops;
struct mirage_tcp {
    const struct mirage_tcp_ops *ops;
};

/* Implementations embed this as the first member of their listener. */
struct mirage_tcp_listener {
    struct mirage_tcp *tcp;
};

/* Keep-alive (RFC 9293 3.8.4): after idle_ns without a segment from the
 * peer, send a probe every interval_ns; after probes unanswered ones, the
 * connection fails with -ETIMEDOUT. */
struct mirage_tcp_keepalive {
    uint64_t idle_ns;
    uint64_t interval_ns;
    unsigned probes;
};

/* Implementing this interface. */
struct mirage_tcp_ops {
    int (*listen)(struct mirage_tcp *t, uint16_t port, int backlog,
                  struct mirage_tcp_listener **out);
    /* Suspends until a connection is established. */
    int (*accept)(struct mirage_tcp_listener *l, struct mirage_flow **out);
    void (*unlisten)(struct mirage_tcp_listener *l);
    /* Suspends until the connection is established or fails. */
    int (*connect)(struct mirage_tcp *t, const struct mirage_ipaddr *dst,
                   uint16_t port, struct mirage_flow **out);
    /* Optional: disable (true) or enable Nagle's algorithm on f. */
    int (*set_nodelay)(struct mirage_tcp *t, struct mirage_flow *f, bool on);
    /* Optional: enable keep-alive on f (ka NULL: disable it). */
    int (*set_keepalive)(struct mirage_tcp *t, struct mirage_flow *f,
                         const struct mirage_tcp_keepalive *ka);
};

static inline int mirage_tcp_listen(struct mirage_tcp *t, uint16_t port,
                                    int backlog,
                                    struct mirage_tcp_listener **out)
{
    return t->ops->listen(t, port, backlog, out);
}
static inline int mirage_tcp_accept(struct mirage_tcp_listener *l,
                                    struct mirage_flow **out)
{
    return l->tcp->ops->accept(l, out);
}
static inline void mirage_tcp_unlisten(struct mirage_tcp_listener *l)
{
    l->tcp->ops->unlisten(l);
}
static inline int mirage_tcp_connect(struct mirage_tcp *t,
                                     const struct mirage_ipaddr *dst,
                                     uint16_t port, struct mirage_flow **out)
{
    return t->ops->connect(t, dst, port, out);
}
static inline int mirage_tcp_set_nodelay(struct mirage_tcp *t,
                                         struct mirage_flow *f, bool on)
{
    return t->ops->set_nodelay ? t->ops->set_nodelay(t, f, on) : -ENOTSUP;
}
static inline int
mirage_tcp_set_keepalive(struct mirage_tcp *t, struct mirage_flow *f,
                         const struct mirage_tcp_keepalive *ka)
{
    return t->ops->set_keepalive ? t->ops->set_keepalive(t, f, ka) : -ENOTSUP;
}

#endif
