/* SPDX-License-Identifier: ISC */
/* The socket stack: TCP and UDP of the host behind the stack interface. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "socket_priv.h"

struct sstack {
    struct mirage_stack s;
    struct mirage_stack_socket_config cfg;
    struct mirage_udp *udp;
    struct mirage_tcp *tcp;
    bool disconnected;
    unsigned listening;
    struct mirage_cond done;
};

static struct sstack *of(struct mirage_stack *s)
{
    return (struct sstack *)s;
}

static struct mirage_tcp *sock_tcp(struct mirage_stack *s)
{
    return of(s)->tcp;
}

static struct mirage_udp *sock_udp(struct mirage_stack *s)
{
    return of(s)->udp;
}

static size_t sock_addresses(struct mirage_stack *s,
                             struct mirage_ipprefix *out, size_t max)
{
    const struct sstack *d = of(s);
    size_t n = 0;
    if (!d->cfg.ipv6_only) {
        if (n < max)
            out[n] = d->cfg.ipv4;
        n++;
    }
    if (!d->cfg.ipv4_only) {
        if (n < max)
            out[n] = d->cfg.ipv6;
        n++;
    }
    return n;
}

static int sock_listen(struct mirage_stack *s)
{
    struct sstack *d = of(s);
    int r = 0;
    d->listening++;
    while (!d->disconnected && r == 0)
        r = mirage_cond_wait(&d->done);
    bool gone = d->disconnected;
    if (--d->listening == 0 && gone)
        free(d);
    return gone ? 0 : r;
}

static void sock_disconnect(struct mirage_stack *s)
{
    struct sstack *d = of(s);
    d->disconnected = true;
    mirage_cond_broadcast(&d->done);
    mirage__socket_udp_destroy(d->udp);
    mirage__socket_tcp_destroy(d->tcp);
    d->udp = NULL;
    d->tcp = NULL;
    if (d->listening == 0)
        free(d);
}

static const struct mirage_stack_ops sock_ops = {
    .tcp = sock_tcp,
    .udp = sock_udp,
    .addresses = sock_addresses,
    .listen = sock_listen,
    .disconnect = sock_disconnect,
};

/* Fills in the defaults (0.0.0.0/0, ::/0) and checks the families. */
static int configure(struct mirage_stack_socket_config *c,
                     struct mirage__socket_cfg *t)
{
    if (c->ipv4_only && c->ipv6_only)
        return -EINVAL;
    if (!c->ipv4.addr.family)
        c->ipv4 = (struct mirage_ipprefix){{MIRAGE_IPV4, {0}}, 0};
    if (!c->ipv6.addr.family)
        c->ipv6 = (struct mirage_ipprefix){{MIRAGE_IPV6, {0}}, 0};
    if (c->ipv4.addr.family != MIRAGE_IPV4 ||
        c->ipv6.addr.family != MIRAGE_IPV6)
        return -EINVAL;
    *t = (struct mirage__socket_cfg){
        .v4 = !c->ipv6_only,
        .v6 = !c->ipv4_only,
        .bind4 = c->ipv4.addr,
        .bind6 = c->ipv6.addr,
    };
    return 0;
}

int mirage_stack_socket_create(const struct mirage_stack_socket_config *cfg,
                               struct mirage_stack **out)
{
    struct sstack *d = calloc(1, sizeof(*d));
    if (!d)
        return -ENOMEM;
    if (cfg)
        d->cfg = *cfg;
    struct mirage__socket_cfg t;
    int r = configure(&d->cfg, &t);
    if (r == 0)
        r = mirage__sock_init();
    if (r == 0)
        r = mirage__socket_udp_create(&t, &d->udp);
    if (r == 0)
        r = mirage__socket_tcp_create(&t, &d->tcp);
    if (r < 0) {
        if (d->udp)
            mirage__socket_udp_destroy(d->udp);
        free(d);
        return r;
    }
    d->s.ops = &sock_ops;
    mirage_cond_init(&d->done);
    *out = &d->s;
    return 0;
}
