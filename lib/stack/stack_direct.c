/* SPDX-License-Identifier: ISC */
/* The direct stack: netif, Ethernet, ARP, IPv4, ICMP, UDP and TCP wired up. */
#include <errno.h>
#include <stdlib.h>

#include <mirage/error.h>
#include <mirage/fiber.h>
#include <mirage/log.h>
#include <mirage/stack.h>

static MIRAGE_LOG_SRC(log_src, "stack", "direct TCP/IP stack");

struct direct {
    struct mirage_stack s;
    struct mirage_stack_direct_parts p;
    bool owned; /* created here: disconnect destroys the parts */
    bool disconnected;
    unsigned listening; /* fibers in listen: the last one frees */
    struct mirage_cond done;
};

static struct direct *of(struct mirage_stack *s)
{
    return (struct direct *)s;
}

static struct mirage_tcp *direct_tcp(struct mirage_stack *s)
{
    return of(s)->p.tcp;
}

static struct mirage_udp *direct_udp(struct mirage_stack *s)
{
    return of(s)->p.udp;
}

static struct mirage_ip *direct_ip(struct mirage_stack *s)
{
    return of(s)->p.ip;
}

static size_t direct_addresses(struct mirage_stack *s,
                               struct mirage_ipprefix *out, size_t max)
{
    struct direct *d = of(s);
    if (!d->p.ipv4)
        return 0;
    if (max > 0)
        mirage_ipv4_prefix(d->p.ipv4, &out[0]);
    return 1;
}

static void tcp_counters(struct mirage_tcp *t, mirage_net_counter_fn fn,
                         void *arg)
{
    struct mirage_tcp_direct_stats s;
    mirage_tcp_direct_stats(t, &s);
    const struct {
        const char *name;
        uint64_t v;
    } c[] = {
        {"tcp.segs_in", s.segs_in},
        {"tcp.segs_out", s.segs_out},
        {"tcp.tso_out", s.tso_out},
        {"tcp.large_in", s.large_in},
        {"tcp.retransmits", s.retransmits},
        {"tcp.rst_sent", s.rst_sent},
        {"tcp.drop.short", s.drop_short},
        {"tcp.drop.checksum", s.drop_checksum},
        {"tcp.drop.options", s.drop_options},
        {"tcp.drop.no_conn", s.drop_no_conn},
        {"tcp.drop.out_of_window", s.drop_out_of_window},
        {"tcp.drop.bad_ack", s.drop_bad_ack},
        {"tcp.drop.rst", s.drop_rst},
        {"tcp.drop.syn", s.drop_syn},
        {"tcp.drop.other", s.drop_other},
        {"tcp.conns", s.conns},
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
        fn(arg, c[i].name, c[i].v);
}

static void direct_counters(struct mirage_stack *s, mirage_net_counter_fn fn,
                            void *arg)
{
    struct direct *d = of(s);
    if (d->p.net)
        mirage_net_counters(d->p.net, "netif", fn, arg);
    if (d->p.eth)
        mirage_ethernet_counters(d->p.eth, fn, arg);
    if (d->p.arp)
        mirage_arp_counters(d->p.arp, fn, arg);
    if (d->p.ipv4)
        mirage_ipv4_counters(d->p.ipv4, fn, arg);
    if (d->p.icmp)
        mirage_icmpv4_counters(d->p.icmp, fn, arg);
    if (d->p.udp)
        mirage_udp_direct_counters(d->p.udp, fn, arg);
    if (d->p.tcp)
        tcp_counters(d->p.tcp, fn, arg);
}

static int direct_listen(struct mirage_stack *s)
{
    struct direct *d = of(s);
    int r = 0;
    d->listening++;
    while (!d->disconnected && r == 0)
        r = mirage_cond_wait(&d->done);
    bool gone = d->disconnected;
    if (--d->listening == 0 && gone)
        free(d);
    return gone ? 0 : r;
}

/* Destroys what exists, the transports first; ARP goes before the layers
 * whose buffers it may still hold in its queues. */
static void teardown(struct mirage_stack_direct_parts *p)
{
    if (p->tcp)
        mirage_tcp_direct_destroy(p->tcp);
    if (p->arp)
        mirage_arp_destroy(p->arp);
    if (p->udp)
        mirage_udp_direct_destroy(p->udp);
    if (p->icmp)
        mirage_icmpv4_destroy(p->icmp);
    if (p->ipv4)
        mirage_ipv4_destroy(p->ipv4);
    if (p->eth)
        mirage_ethernet_destroy(p->eth);
    if (p->net)
        mirage_net_disconnect(p->net);
}

static void direct_disconnect(struct mirage_stack *s)
{
    struct direct *d = of(s);
    d->disconnected = true;
    mirage_cond_broadcast(&d->done);
    if (d->owned)
        teardown(&d->p);
    d->p = (struct mirage_stack_direct_parts){0};
    if (d->listening == 0)
        free(d);
}

static const struct mirage_stack_ops direct_ops = {
    .tcp = direct_tcp,
    .udp = direct_udp,
    .addresses = direct_addresses,
    .ip = direct_ip,
    .counters = direct_counters,
    .listen = direct_listen,
    .disconnect = direct_disconnect,
};

static struct direct *wrap(const struct mirage_stack_direct_parts *p)
{
    struct direct *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->s.ops = &direct_ops;
    d->p = *p;
    mirage_cond_init(&d->done);
    return d;
}

int mirage_stack_direct_connect(const struct mirage_stack_direct_parts *p,
                                struct mirage_stack **out)
{
    struct direct *d = wrap(p);
    if (!d)
        return -ENOMEM;
    *out = &d->s;
    return 0;
}

static int build(const struct mirage_stack_direct_config *cfg,
                 struct mirage_random *rng, struct mirage_stack_direct_parts *p)
{
    int r = mirage_netif_connect(cfg->interface, &p->net);
    if (r == 0)
        r = mirage_ethernet_create(p->net, &p->eth);
    if (r == 0)
        r = mirage_arp_create(p->eth, cfg->arp, &p->arp);
    if (r == 0)
        r = mirage_ipv4_create(p->eth, p->arp, &cfg->ipv4, &p->ipv4);
    if (r == 0) {
        p->ip = mirage_ipv4_ip(p->ipv4);
        r = mirage_icmpv4_create(p->ip, &p->icmp);
    }
    if (r == 0)
        r = mirage_udp_direct_create(p->ip, p->icmp, rng, &p->udp);
    if (r == 0 && !cfg->no_tcp) {
        /* TCP may leave checksums and segmentation to the device. */
        struct mirage_tcp_direct_config tcp = {0};
        if (cfg->tcp)
            tcp = *cfg->tcp;
        tcp.offloads = mirage_net_offloads(p->net);
        r = mirage_tcp_direct_create(p->ip, rng, &tcp, &p->tcp);
    }
    return r;
}

int mirage_stack_direct_create(const struct mirage_stack_direct_config *cfg,
                               struct mirage_stack **out)
{
    struct mirage_random *rng = cfg->rng;
    int r = rng ? 0 : mirage_random_default_connect(&rng);
    struct mirage_stack_direct_parts p = {0};
    if (r == 0)
        r = build(cfg, rng, &p);
    struct direct *d = r == 0 ? wrap(&p) : NULL;
    if (!d) {
        r = r < 0 ? r : -ENOMEM;
        mirage_log_err(&log_src, "%s: %s", cfg->interface, mirage_strerror(r));
        teardown(&p);
        return r;
    }
    d->owned = true;
    *out = &d->s;
    return 0;
}

void mirage_stack_direct_parts(struct mirage_stack *s,
                               struct mirage_stack_direct_parts *out)
{
    *out = of(s)->p;
}
