/* SPDX-License-Identifier: ISC */
/* virtio-net headers: checking and stripping on receive, building on send. */
#include <errno.h>
#include <string.h>

#include <mirage/ip.h>

#include "netif_priv.h"

/*
 * The header (Linux's struct virtio_net_hdr, little-endian) is
 * flags u8, gso_type u8, hdr_len u16, gso_size u16, csum_start u16,
 * csum_offset u16; csum_start counts from the Ethernet header.  Only what
 * the stack can use is accepted on receive: no GSO or TCPv4 GSO, checksum
 * flags NEEDS_CSUM and DATA_VALID; anything else is dropped and counted.
 */

static uint16_t rd16le(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void wr16le(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void mirage__netif_vnet_decode(const uint8_t *p, struct mirage__vnet_hdr *h)
{
    h->flags = p[0];
    h->gso_type = p[1];
    h->hdr_len = rd16le(p + 2);
    h->gso_size = rd16le(p + 4);
    h->csum_start = rd16le(p + 6);
    h->csum_offset = rd16le(p + 8);
}

void mirage__netif_vnet_encode(uint8_t *p, const struct mirage__vnet_hdr *h)
{
    p[0] = h->flags;
    p[1] = h->gso_type;
    wr16le(p + 2, h->hdr_len);
    wr16le(p + 4, h->gso_size);
    wr16le(p + 6, h->csum_start);
    wr16le(p + 8, h->csum_offset);
}

/* Whether header h describes frame f of n bytes in a way we can use. */
static bool rx_ok(const struct mirage__vnet_hdr *h, const uint8_t *f,
                  uint32_t n, uint32_t mtu)
{
    if (h->flags & ~(MIRAGE__VNET_F_NEEDS_CSUM | MIRAGE__VNET_F_DATA_VALID))
        return false;
    if ((h->flags & MIRAGE__VNET_F_NEEDS_CSUM) &&
        (h->csum_start < MIRAGE_ETHERNET_HLEN ||
         (uint32_t)h->csum_start + h->csum_offset + 2 > n))
        return false;
    uint8_t type = h->gso_type & (uint8_t)~MIRAGE__VNET_GSO_ECN;
    if (type == MIRAGE__VNET_GSO_NONE)
        return h->gso_type == MIRAGE__VNET_GSO_NONE &&
               n <= mtu + MIRAGE_ETHERNET_HLEN;
    if (type != MIRAGE__VNET_GSO_TCPV4)
        return false;
    /* A coalesced TCP/IPv4 packet: needs a segment size and IPv4. */
    return h->gso_size > 0 && h->hdr_len <= n && f[12] == 0x08 && f[13] == 0;
}

int mirage__netif_vnet_rx(struct mirage_buf *b, uint32_t mtu)
{
    if (b->len < MIRAGE_PLAT_NET_VNET_HDR_LEN + MIRAGE_ETHERNET_HLEN)
        return -EINVAL;
    struct mirage__vnet_hdr h;
    mirage__netif_vnet_decode(mirage_buf_data(b), &h);
    const uint8_t *f = mirage_buf_data(b) + MIRAGE_PLAT_NET_VNET_HDR_LEN;
    if (!rx_ok(&h, f, b->len - MIRAGE_PLAT_NET_VNET_HDR_LEN, mtu))
        return -EINVAL;
    mirage_buf_pull(b, MIRAGE_PLAT_NET_VNET_HDR_LEN);
    mirage_buf_clear_offload(b);
    if (h.flags & MIRAGE__VNET_F_NEEDS_CSUM) {
        b->rx_csum = MIRAGE_BUF_RX_CSUM_PARTIAL;
        b->csum_start = b->off + h.csum_start;
        b->csum_offset = h.csum_offset;
    } else if (h.flags & MIRAGE__VNET_F_DATA_VALID) {
        b->rx_csum = MIRAGE_BUF_RX_CSUM_VALID;
    }
    if (h.gso_type != MIRAGE__VNET_GSO_NONE)
        b->gso_size = h.gso_size;
    return 0;
}

/* Completes a partial checksum in software (a device without offloads). */
static void finish_csum(struct mirage_buf *b, uint32_t start)
{
    uint8_t *p = mirage_buf_data(b) + start;
    uint16_t c = mirage_csum_fold(mirage_csum_partial(p, b->len - start, 0));
    p[b->csum_offset] = (uint8_t)(c >> 8);
    p[b->csum_offset + 1] = (uint8_t)c;
}

int mirage__netif_vnet_tx_check(struct mirage_buf *b, uint32_t mtu, bool vnet,
                                struct mirage__vnet_hdr *h)
{
    memset(h, 0, sizeof(*h));
    uint32_t start = 0;
    if (b->tx_offload & MIRAGE_BUF_TX_CSUM_PARTIAL) {
        if (b->csum_start < b->off)
            return -EINVAL;
        start = b->csum_start - b->off;
        if (start < MIRAGE_ETHERNET_HLEN ||
            start + b->csum_offset + 2u > b->len)
            return -EINVAL;
    }
    if (b->tx_offload & MIRAGE_BUF_TX_GSO_TCPV4) {
        if (!vnet)
            return -EMSGSIZE;
        if (!(b->tx_offload & MIRAGE_BUF_TX_CSUM_PARTIAL) || b->gso_size == 0 ||
            start + 20 > b->len ||
            b->len > MIRAGE_NET_GSO_MAX + MIRAGE_ETHERNET_HLEN)
            return -EINVAL;
        h->gso_type = MIRAGE__VNET_GSO_TCPV4;
        h->gso_size = b->gso_size;
        h->hdr_len =
            (uint16_t)(start + (mirage_buf_data(b)[start + 12] >> 4) * 4u);
    } else if (b->len > mtu + MIRAGE_ETHERNET_HLEN) {
        return -EMSGSIZE;
    }
    if (b->tx_offload & MIRAGE_BUF_TX_CSUM_PARTIAL) {
        if (!vnet) {
            finish_csum(b, start);
        } else {
            h->flags = MIRAGE__VNET_F_NEEDS_CSUM;
            h->csum_start = (uint16_t)start;
            h->csum_offset = b->csum_offset;
        }
    }
    return 0;
}
