/* SPDX-License-Identifier: ISC */
/* IPv4 input: header checks, destination filter, delivery to transports. */
#include <string.h>

#include "ipv4_priv.h"

/* Walks the options; refuses malformed lists and source routing (which
 * would make us answer along a path the sender chose). */
static bool options_ok(const uint8_t *p, uint32_t len)
{
    for (uint32_t i = 0; i < len;) {
        uint8_t type = p[i];
        if (type == 0) /* end of list */
            return true;
        if (type == 1) { /* no operation */
            i++;
            continue;
        }
        if (len - i < 2 || p[i + 1] < 2 || p[i + 1] > len - i)
            return false;
        if (type == 0x83 || type == 0x89) /* LSRR, SSRR */
            return false;
        i += p[i + 1];
    }
    return true;
}

static bool bad_src(const struct mirage__ipv4 *d, uint32_t src)
{
    return src == 0xffffffffu || (src >> 28) >= 0xe || (src >> 24) == 127 ||
           src == d->addr || (d->bcast != d->addr && src == d->bcast);
}

static bool for_us(const struct mirage__ipv4 *d, uint32_t dst)
{
    return dst == d->addr || dst == 0xffffffffu ||
           (d->bcast != d->addr && dst == d->bcast);
}

/* Checks the header of the packet in b: returns why it must be dropped,
 * or MIRAGE_IPV4_DROP_COUNT with its header length in *hlen. */
static enum mirage_ipv4_drop check(const struct mirage__ipv4 *d,
                                   const struct mirage_buf *b, uint32_t *hlen)
{
    const uint8_t *h = mirage_buf_data(b);
    if (b->len < MIRAGE_IPV4_HLEN)
        return MIRAGE_IPV4_DROP_SHORT;
    if (h[0] >> 4 != 4)
        return MIRAGE_IPV4_DROP_BAD_VERSION;
    uint32_t hl = (h[0] & 15u) * 4, tot = mirage__rd16(h + 2);
    if (hl < MIRAGE_IPV4_HLEN || hl > b->len)
        return MIRAGE_IPV4_DROP_BAD_IHL;
    if (tot < hl || tot > b->len)
        return MIRAGE_IPV4_DROP_BAD_LENGTH;
    if (mirage_csum_fold(mirage_csum_partial(h, hl, 0)) != 0)
        return MIRAGE_IPV4_DROP_BAD_CHECKSUM;
    if (!options_ok(h + MIRAGE_IPV4_HLEN, hl - MIRAGE_IPV4_HLEN))
        return MIRAGE_IPV4_DROP_BAD_OPTIONS;
    if (bad_src(d, mirage__rd32(h + 12)))
        return MIRAGE_IPV4_DROP_BAD_SRC;
    if (!for_us(d, mirage__rd32(h + 16)))
        return MIRAGE_IPV4_DROP_NOT_FOR_US;
    *hlen = hl;
    return MIRAGE_IPV4_DROP_COUNT;
}

void mirage__ipv4_input(void *arg, struct mirage_ethernet *e,
                        const struct mirage_macaddr *src,
                        const struct mirage_macaddr *dst, struct mirage_buf *b)
{
    (void)e, (void)src, (void)dst;
    struct mirage__ipv4 *d = arg;
    d->st.rx_packets++;
    uint32_t hlen = 0;
    enum mirage_ipv4_drop why = check(d, b, &hlen);
    if (why != MIRAGE_IPV4_DROP_COUNT) {
        mirage__ipv4_drop(d, why);
        return;
    }
    mirage_buf_trim(b, mirage__rd16(mirage_buf_data(b) + 2)); /* padding */
    const uint8_t *h = mirage_buf_pull(b, hlen);
    uint16_t frag = mirage__rd16(h + 6);
    if (frag & (IPV4_MF | IPV4_OFFSET_MASK)) {
        d->st.rx_fragments++;
        mirage__ipv4_reasm_input(d, h, b);
        return;
    }
    mirage__ipv4_deliver(d, h, b);
}

/* Leaves the header without options right before the payload, for ICMP
 * error quotes (see ipv4.h). */
static void canonical_header(const uint8_t *h, struct mirage_buf *b)
{
    uint8_t *c = mirage_buf_data(b) - MIRAGE_IPV4_HLEN;
    if (c != h || (h[0] & 15) != 5 ||
        mirage__rd16(h + 2) != b->len + MIRAGE_IPV4_HLEN) {
        memmove(c, h, MIRAGE_IPV4_HLEN);
        c[0] = 0x45;
        mirage__wr16(c + 2, (uint16_t)(b->len + MIRAGE_IPV4_HLEN));
        mirage__wr16(c + 6, 0);
        mirage__wr16(c + 10, 0);
        mirage__wr16(c + 10, mirage_csum_fold(mirage_csum_partial(c, 20, 0)));
    }
}

void mirage__ipv4_deliver(struct mirage__ipv4 *d, const uint8_t *h,
                          struct mirage_buf *b)
{
    const struct mirage__ipv4_proto *p = &d->protos[h[9]];
    if (!p->fn) {
        mirage__ipv4_drop(d, MIRAGE_IPV4_DROP_NO_HANDLER);
        return;
    }
    struct mirage_ipaddr src = mirage__ipv4_addr(mirage__rd32(h + 12));
    struct mirage_ipaddr dst = mirage__ipv4_addr(mirage__rd32(h + 16));
    canonical_header(h, b);
    d->st.rx_delivered++;
    p->fn(p->arg, &d->ip, &src, &dst, b);
}
