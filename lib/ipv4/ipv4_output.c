/* SPDX-License-Identifier: ISC */
/* IPv4 output: source check, routing, header, fragmentation. */
#include <errno.h>
#include <string.h>

#include "ipv4_priv.h"

struct route {
    bool link_direct; /* broadcast or multicast: no ARP */
    struct mirage_macaddr mac;
    struct mirage_ipaddr next_hop;
};

static int route(const struct mirage__ipv4 *d, uint32_t dst, struct route *rt)
{
    rt->link_direct = false;
    if (dst == 0xffffffffu || (d->bcast != d->addr && dst == d->bcast)) {
        rt->link_direct = true;
        rt->mac = mirage_macaddr_broadcast;
        return 0;
    }
    if ((dst >> 28) == 0xe) { /* multicast: RFC 1112 section 6.4 */
        rt->link_direct = true;
        rt->mac = (struct mirage_macaddr){{0x01, 0x00, 0x5e,
                                           (uint8_t)(dst >> 16 & 0x7f),
                                           (uint8_t)(dst >> 8), (uint8_t)dst}};
        return 0;
    }
    if (dst == d->addr || dst == 0 || (dst >> 24) == 127)
        return -EHOSTUNREACH;
    if ((dst & d->mask) == (d->addr & d->mask)) {
        rt->next_hop = mirage__ipv4_addr(dst);
        return 0;
    }
    if (!d->gw)
        return -EHOSTUNREACH;
    rt->next_hop = mirage__ipv4_addr(d->gw);
    return 0;
}

static int send_frame(struct mirage__ipv4 *d, const struct route *rt,
                      struct mirage_buf *b)
{
    if (rt->link_direct)
        return mirage_ethernet_write(d->eth, &rt->mac, MIRAGE_ETHERTYPE_IPV4,
                                     b);
    return mirage_arp_output(d->arp, &rt->next_hop, b);
}

struct hdr {
    uint32_t src, dst;
    uint16_t id;
    uint8_t proto;
};

static void push_header(const struct mirage__ipv4 *d, const struct hdr *x,
                        struct mirage_buf *b, uint16_t frag)
{
    uint8_t *h = mirage_buf_push(b, MIRAGE_IPV4_HLEN);
    h[0] = 0x45;
    h[1] = 0;
    mirage__wr16(h + 2, (uint16_t)b->len);
    mirage__wr16(h + 4, x->id);
    mirage__wr16(h + 6, frag);
    h[8] = d->cfg.ttl;
    h[9] = x->proto;
    mirage__wr16(h + 10, 0);
    mirage__wr32(h + 12, x->src);
    mirage__wr32(h + 16, x->dst);
    mirage__wr16(h + 10, mirage_csum_fold(mirage_csum_partial(h, 20, 0)));
}

/* Sends b's payload in fragments of at most the MTU (borrows b). */
static int fragment(struct mirage__ipv4 *d, const struct route *rt,
                    const struct hdr *x, const struct mirage_buf *b,
                    uint32_t mtu)
{
    uint32_t chunk = (mtu - MIRAGE_IPV4_HLEN) & ~7u;
    const uint8_t *data = mirage_buf_data(b);
    for (uint32_t off = 0; off < b->len; off += chunk) {
        uint32_t n = b->len - off < chunk ? b->len - off : chunk;
        struct mirage_buf *f = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, n);
        if (!f)
            return -ENOBUFS;
        memcpy(mirage_buf_put(f, n), data + off, n);
        uint16_t frag = (uint16_t)(off / 8);
        if (off + n < b->len)
            frag |= IPV4_MF;
        push_header(d, x, f, frag);
        d->st.tx_fragments++;
        int r = send_frame(d, rt, f);
        if (r < 0 && r != -EAGAIN)
            return r;
    }
    return 0;
}

static int write_routed(struct mirage__ipv4 *d, const struct hdr *x,
                        struct mirage_buf *b)
{
    struct route rt;
    if (route(d, x->dst, &rt) < 0) {
        d->st.tx_noroute++;
        mirage_buf_unref(b);
        return -EHOSTUNREACH;
    }
    uint32_t mtu = mirage_ethernet_mtu(d->eth);
    d->st.tx_packets++;
    /* A GSO packet is cut by the device, never fragmented. */
    if (b->len + MIRAGE_IPV4_HLEN <= mtu ||
        (b->tx_offload & MIRAGE_BUF_TX_GSO_TCPV4)) {
        push_header(d, x, b, 0);
        return send_frame(d, &rt, b);
    }
    int r = fragment(d, &rt, x, b, mtu);
    mirage_buf_unref(b);
    if (r < 0)
        d->st.tx_errors++;
    return r;
}

int mirage__ipv4_write(struct mirage_ip *ip, const struct mirage_ipaddr *src,
                       const struct mirage_ipaddr *dst, uint8_t proto,
                       struct mirage_buf *b)
{
    struct mirage__ipv4 *d = (struct mirage__ipv4 *)ip;
    struct hdr x = {.src = d->addr, .proto = proto};
    int r = 0;
    if (dst->family != MIRAGE_IPV4 || (src && src->family != MIRAGE_IPV4))
        r = -EAFNOSUPPORT;
    else if (src && mirage_ipv4_to_u32(src) != d->addr &&
             mirage_ipv4_to_u32(src) != 0)
        r = -EADDRNOTAVAIL;
    else if (b->len + MIRAGE_IPV4_HLEN > IPV4_MAX_LEN)
        r = -EMSGSIZE;
    if (r < 0) {
        if (r == -EMSGSIZE)
            d->st.tx_toobig++;
        mirage_buf_unref(b);
        return r;
    }
    if (src)
        x.src = mirage_ipv4_to_u32(src);
    x.dst = mirage_ipv4_to_u32(dst);
    x.id = d->next_id++;
    return write_routed(d, &x, b);
}
