/* SPDX-License-Identifier: ISC */
/* Ethernet II framing over a network device, demultiplexed by EtherType. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/ethernet.h>
#include <mirage/log.h>

static MIRAGE_LOG_SRC(log_src, "ethernet", "Ethernet layer");

const struct mirage_macaddr mirage_macaddr_broadcast = {
    {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};

#define ETH_MAX_TYPES 4

struct eth_handler {
    uint16_t type;
    mirage_ethernet_handler fn;
    void *arg;
};

struct eth {
    struct mirage_ethernet e;
    struct mirage_net *net;
    struct mirage_macaddr mac;
    struct eth_handler handlers[ETH_MAX_TYPES];
    struct mirage_ethernet_stats st;
};

static struct eth *of(struct mirage_ethernet *e)
{
    return (struct eth *)e;
}

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static const struct eth_handler *find(const struct eth *d, uint16_t type)
{
    for (int i = 0; i < ETH_MAX_TYPES; i++)
        if (d->handlers[i].fn && d->handlers[i].type == type)
            return &d->handlers[i];
    return NULL;
}

static void drop(struct eth *d, enum mirage_ethernet_drop why)
{
    d->st.drops[why]++;
    mirage_log_debug(&log_src, "drop: %s", mirage_ethernet_drop_name(why));
}

/* Classifies a frame; returns the handler or NULL after counting the
 * reason it is dropped. */
static const struct eth_handler *classify(struct eth *d, const uint8_t *h)
{
    const uint8_t *dst = h, *src = h + 6;
    uint16_t type = rd16(h + 12);
    if (!(dst[0] & 1) && memcmp(dst, d->mac.b, 6) != 0)
        return drop(d, MIRAGE_ETHERNET_DROP_NOT_FOR_US), NULL;
    if (src[0] & 1)
        return drop(d, MIRAGE_ETHERNET_DROP_BAD_SRC), NULL;
    if (type < 0x0600)
        return drop(d, MIRAGE_ETHERNET_DROP_LENGTH_FIELD), NULL;
    if (type == 0x8100 || type == 0x88a8)
        return drop(d, MIRAGE_ETHERNET_DROP_VLAN), NULL;
    const struct eth_handler *hd = find(d, type);
    if (!hd)
        drop(d, MIRAGE_ETHERNET_DROP_NO_HANDLER);
    return hd;
}

static void eth_input(void *arg, struct mirage_net *n, struct mirage_buf *b)
{
    (void)n;
    struct eth *d = arg;
    d->st.rx_frames++;
    const uint8_t *h = mirage_buf_pull(b, MIRAGE_ETHERNET_HLEN);
    if (!h) {
        drop(d, MIRAGE_ETHERNET_DROP_SHORT);
        return;
    }
    const struct eth_handler *hd = classify(d, h);
    if (!hd)
        return;
    struct mirage_macaddr src, dst;
    memcpy(dst.b, h, 6);
    memcpy(src.b, h + 6, 6);
    hd->fn(hd->arg, &d->e, &src, &dst, b);
}

static int eth_write(struct mirage_ethernet *e,
                     const struct mirage_macaddr *dst, uint16_t type,
                     struct mirage_buf *b)
{
    struct eth *d = of(e);
    uint32_t max = (b->tx_offload & MIRAGE_BUF_TX_GSO_TCPV4)
                       ? MIRAGE_NET_GSO_MAX
                       : mirage_net_mtu(d->net);
    if (b->len > max) {
        d->st.tx_drop_toobig++;
        mirage_buf_unref(b);
        return -EMSGSIZE;
    }
    uint8_t *h = mirage_buf_push(b, MIRAGE_ETHERNET_HLEN);
    memcpy(h, dst->b, 6);
    memcpy(h + 6, d->mac.b, 6);
    h[12] = (uint8_t)(type >> 8);
    h[13] = (uint8_t)type;
    d->st.tx_frames++;
    return mirage_net_write(d->net, b);
}

static void eth_set_handler(struct mirage_ethernet *e, uint16_t type,
                            mirage_ethernet_handler fn, void *arg)
{
    struct eth *d = of(e);
    struct eth_handler *free_slot = NULL;
    for (int i = 0; i < ETH_MAX_TYPES; i++) {
        struct eth_handler *hd = &d->handlers[i];
        if (hd->fn && hd->type == type) {
            free_slot = hd;
            break;
        }
        if (!hd->fn && !free_slot)
            free_slot = hd;
    }
    /* More EtherTypes than slots is a programmer error. */
    if (!free_slot) {
        mirage_log_err(&log_src, "no room for EtherType 0x%04x", type);
        return;
    }
    *free_slot = (struct eth_handler){type, fn, fn ? arg : NULL};
}

static void eth_mac(struct mirage_ethernet *e, struct mirage_macaddr *out)
{
    *out = of(e)->mac;
}

static uint32_t eth_mtu(struct mirage_ethernet *e)
{
    return mirage_net_mtu(of(e)->net);
}

static const struct mirage_ethernet_ops eth_ops = {
    .write = eth_write,
    .set_handler = eth_set_handler,
    .mac = eth_mac,
    .mtu = eth_mtu,
};

int mirage_ethernet_create(struct mirage_net *net, struct mirage_ethernet **out)
{
    struct eth *d = calloc(1, sizeof(*d));
    if (!d)
        return -ENOMEM;
    d->e.ops = &eth_ops;
    d->net = net;
    mirage_net_mac(net, &d->mac);
    mirage_net_listen(net, eth_input, d);
    *out = &d->e;
    return 0;
}

void mirage_ethernet_destroy(struct mirage_ethernet *e)
{
    struct eth *d = of(e);
    mirage_net_listen(d->net, NULL, NULL);
    free(d);
}

void mirage_ethernet_stats(struct mirage_ethernet *e,
                           struct mirage_ethernet_stats *out)
{
    *out = of(e)->st;
}

const char *mirage_ethernet_drop_name(enum mirage_ethernet_drop d)
{
    static const char *const names[MIRAGE_ETHERNET_DROP_COUNT] = {
        [MIRAGE_ETHERNET_DROP_SHORT] = "short",
        [MIRAGE_ETHERNET_DROP_NOT_FOR_US] = "not_for_us",
        [MIRAGE_ETHERNET_DROP_BAD_SRC] = "bad_src",
        [MIRAGE_ETHERNET_DROP_LENGTH_FIELD] = "length_field",
        [MIRAGE_ETHERNET_DROP_VLAN] = "vlan",
        [MIRAGE_ETHERNET_DROP_NO_HANDLER] = "no_handler",
    };
    return (unsigned)d < MIRAGE_ETHERNET_DROP_COUNT ? names[d] : "?";
}

void mirage_ethernet_counters(struct mirage_ethernet *e,
                              mirage_net_counter_fn fn, void *arg)
{
    const struct eth *d = of(e);
    char name[64];
    fn(arg, "ethernet.rx_frames", d->st.rx_frames);
    fn(arg, "ethernet.tx_frames", d->st.tx_frames);
    fn(arg, "ethernet.drop.tx_toobig", d->st.tx_drop_toobig);
    for (int i = 0; i < MIRAGE_ETHERNET_DROP_COUNT; i++) {
        snprintf(name, sizeof(name), "ethernet.drop.%s",
                 mirage_ethernet_drop_name((enum mirage_ethernet_drop)i));
        fn(arg, name, d->st.drops[i]);
    }
}
