/* SPDX-License-Identifier: ISC */
/* IPv4: configuration, the IP interface operations, statistics. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/fiber.h>

#include "ipv4_priv.h"

MIRAGE_LOG_SRC(mirage__ipv4_log, "ipv4", "IPv4 layer");

void mirage__ipv4_drop(struct mirage__ipv4 *d, enum mirage_ipv4_drop why)
{
    d->st.drops[why]++;
    mirage_log_debug(&mirage__ipv4_log, "drop: %s", mirage_ipv4_drop_name(why));
}

static struct mirage__ipv4 *of(struct mirage_ip *ip)
{
    return (struct mirage__ipv4 *)ip;
}

static int ipv4_src(struct mirage_ip *ip, const struct mirage_ipaddr *dst,
                    struct mirage_ipaddr *out)
{
    if (dst && dst->family != MIRAGE_IPV4)
        return -EAFNOSUPPORT;
    *out = mirage__ipv4_addr(of(ip)->addr);
    return 0;
}

static uint32_t ipv4_mtu(struct mirage_ip *ip, const struct mirage_ipaddr *dst)
{
    (void)dst;
    return mirage_ethernet_mtu(of(ip)->eth) - MIRAGE_IPV4_HLEN;
}

static void ipv4_set_handler(struct mirage_ip *ip, uint8_t proto,
                             mirage_ip_handler fn, void *arg)
{
    of(ip)->protos[proto] = (struct mirage__ipv4_proto){fn, fn ? arg : NULL};
}

static const struct mirage_ip_ops ipv4_ops = {
    .write = mirage__ipv4_write,
    .src = ipv4_src,
    .mtu = ipv4_mtu,
    .set_handler = ipv4_set_handler,
};

int mirage_ipv4_config_parse(struct mirage_ipv4_config *cfg, const char *cidr,
                             const char *gateway)
{
    struct mirage_ipv4_config c = {0};
    if (mirage_ipprefix_parse(cidr, &c.cidr) < 0 ||
        c.cidr.addr.family != MIRAGE_IPV4)
        return -EINVAL;
    if (gateway && *gateway &&
        (mirage_ipaddr_parse(gateway, &c.gateway) < 0 ||
         c.gateway.family != MIRAGE_IPV4))
        return -EINVAL;
    *cfg = c;
    return 0;
}

static int configure(struct mirage__ipv4 *d, const struct mirage_ipv4_config *c)
{
    if (c->cidr.addr.family != MIRAGE_IPV4 || c->cidr.len > 32 ||
        (c->gateway.family && c->gateway.family != MIRAGE_IPV4))
        return -EINVAL;
    d->cfg = *c;
    if (!d->cfg.ttl)
        d->cfg.ttl = 64;
    if (!d->cfg.reasm_datagrams)
        d->cfg.reasm_datagrams = 16;
    if (!d->cfg.reasm_fragments)
        d->cfg.reasm_fragments = 64;
    if (!d->cfg.reasm_bytes)
        d->cfg.reasm_bytes = 256 * 1024;
    if (!d->cfg.reasm_timeout_ns)
        d->cfg.reasm_timeout_ns = 10000000000ull;
    d->addr = mirage_ipv4_to_u32(&c->cidr.addr);
    d->mask = c->cidr.len ? ~0u << (32 - c->cidr.len) : 0;
    d->bcast = c->cidr.len >= 31 ? d->addr : (d->addr | ~d->mask);
    d->gw = c->gateway.family ? mirage_ipv4_to_u32(&c->gateway) : 0;
    d->next_id = (uint16_t)(mirage_now_ns() >> 10);
    return 0;
}

int mirage_ipv4_create(struct mirage_ethernet *eth, struct mirage_arp *arp,
                       const struct mirage_ipv4_config *cfg,
                       struct mirage_ipv4 **out)
{
    struct mirage__ipv4 *d = calloc(1, sizeof(*d));
    if (!d)
        return -ENOMEM;
    int r = configure(d, cfg);
    if (r == 0)
        r = mirage__ipv4_reasm_init(d);
    if (r < 0) {
        free(d);
        return r;
    }
    d->ip.ops = &ipv4_ops;
    d->eth = eth;
    d->arp = arp;
    mirage_ethernet_set_handler(eth, MIRAGE_ETHERTYPE_IPV4, mirage__ipv4_input,
                                d);
    struct mirage_ipaddr a = mirage__ipv4_addr(d->addr);
    mirage_arp_set_ips(arp, &a, 1);
    char buf[MIRAGE_IPADDR_STRLEN];
    mirage_log_info(&mirage__ipv4_log, "address %s/%u",
                    mirage_ipaddr_format(&a, buf, sizeof(buf)), cfg->cidr.len);
    *out = (struct mirage_ipv4 *)d;
    return 0;
}

void mirage_ipv4_destroy(struct mirage_ipv4 *v4)
{
    struct mirage__ipv4 *d = (struct mirage__ipv4 *)v4;
    mirage_ethernet_set_handler(d->eth, MIRAGE_ETHERTYPE_IPV4, NULL, NULL);
    mirage__ipv4_reasm_fini(d);
    free(d);
}

struct mirage_ip *mirage_ipv4_ip(struct mirage_ipv4 *v4)
{
    return &((struct mirage__ipv4 *)v4)->ip;
}

void mirage_ipv4_prefix(struct mirage_ipv4 *v4, struct mirage_ipprefix *out)
{
    *out = ((struct mirage__ipv4 *)v4)->cfg.cidr;
}

void mirage_ipv4_stats(struct mirage_ipv4 *v4, struct mirage_ipv4_stats *out)
{
    *out = ((struct mirage__ipv4 *)v4)->st;
}

const char *mirage_ipv4_drop_name(enum mirage_ipv4_drop d)
{
    static const char *const names[MIRAGE_IPV4_DROP_COUNT] = {
        [MIRAGE_IPV4_DROP_SHORT] = "short",
        [MIRAGE_IPV4_DROP_BAD_VERSION] = "bad_version",
        [MIRAGE_IPV4_DROP_BAD_IHL] = "bad_ihl",
        [MIRAGE_IPV4_DROP_BAD_LENGTH] = "bad_length",
        [MIRAGE_IPV4_DROP_BAD_CHECKSUM] = "bad_checksum",
        [MIRAGE_IPV4_DROP_BAD_OPTIONS] = "bad_options",
        [MIRAGE_IPV4_DROP_BAD_SRC] = "bad_src",
        [MIRAGE_IPV4_DROP_NOT_FOR_US] = "not_for_us",
        [MIRAGE_IPV4_DROP_NO_HANDLER] = "no_handler",
        [MIRAGE_IPV4_DROP_FRAG_BAD] = "frag_bad",
        [MIRAGE_IPV4_DROP_FRAG_OVERLAP] = "frag_overlap",
        [MIRAGE_IPV4_DROP_FRAG_DUP] = "frag_dup",
        [MIRAGE_IPV4_DROP_FRAG_TOO_BIG] = "frag_too_big",
        [MIRAGE_IPV4_DROP_FRAG_TOO_MANY] = "frag_too_many",
        [MIRAGE_IPV4_DROP_FRAG_NO_ROOM] = "frag_no_room",
        [MIRAGE_IPV4_DROP_FRAG_TIMEOUT] = "frag_timeout",
    };
    return (unsigned)d < MIRAGE_IPV4_DROP_COUNT ? names[d] : "?";
}

void mirage_ipv4_counters(struct mirage_ipv4 *v4, mirage_net_counter_fn fn,
                          void *arg)
{
    const struct mirage_ipv4_stats *s = &((struct mirage__ipv4 *)v4)->st;
    const struct {
        const char *name;
        uint64_t v;
    } c[] = {
        {"ipv4.rx_packets", s->rx_packets},
        {"ipv4.rx_delivered", s->rx_delivered},
        {"ipv4.rx_fragments", s->rx_fragments},
        {"ipv4.rx_reassembled", s->rx_reassembled},
        {"ipv4.tx_packets", s->tx_packets},
        {"ipv4.tx_fragments", s->tx_fragments},
        {"ipv4.tx_noroute", s->tx_noroute},
        {"ipv4.tx_toobig", s->tx_toobig},
        {"ipv4.tx_errors", s->tx_errors},
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
        fn(arg, c[i].name, c[i].v);
    char name[64];
    for (int i = 0; i < MIRAGE_IPV4_DROP_COUNT; i++) {
        snprintf(name, sizeof(name), "ipv4.drop.%s",
                 mirage_ipv4_drop_name((enum mirage_ipv4_drop)i));
        fn(arg, name, s->drops[i]);
    }
}
