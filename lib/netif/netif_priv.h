/* SPDX-License-Identifier: ISC */
/* lib/netif internals shared with its unit tests: the platform calls it uses.
 */
#ifndef MIRAGE_NETIF_PRIV_H
#define MIRAGE_NETIF_PRIV_H

#include <stdbool.h>

#include <mirage/net.h>

#include "platform.h"

/* The platform's network calls, replaceable by a test. */
struct mirage__netif_plat {
    int (*acquire)(const char *name, mirage_plat_handle_t *h,
                   struct mirage_plat_net_info *info);
    int (*read)(mirage_plat_handle_t h, void *buf, size_t len);
    int (*write)(mirage_plat_handle_t h, const void *buf, size_t len);
};

/* Receive buffers per device, frames read per batch and per turn of the
 * event loop (the rest waits for the next turn, so other work runs). */
#define MIRAGE__NETIF_RX_BUFS 256
#define MIRAGE__NETIF_BATCH 32
#define MIRAGE__NETIF_BUDGET 256
/* Headroom of a received frame: replies can be built in place, and the
 * IP header lands 4-byte aligned. */
#define MIRAGE__NETIF_RX_HEADROOM 66

/* Receive buffers with virtio-net headers (each holds up to 64 KiB). */
#define MIRAGE__NETIF_RX_BUFS_VNET 64

/* The virtio-net header (see platform.h) and the values we use. */
struct mirage__vnet_hdr {
    uint8_t flags, gso_type;
    uint16_t hdr_len, gso_size, csum_start, csum_offset;
};
#define MIRAGE__VNET_F_NEEDS_CSUM 1u
#define MIRAGE__VNET_F_DATA_VALID 2u
#define MIRAGE__VNET_GSO_NONE 0u
#define MIRAGE__VNET_GSO_TCPV4 1u
#define MIRAGE__VNET_GSO_ECN 0x80u

void mirage__netif_vnet_decode(const uint8_t *p, struct mirage__vnet_hdr *h);
void mirage__netif_vnet_encode(uint8_t *p, const struct mirage__vnet_hdr *h);
/* Checks the header at the front of b (header and frame of a device with
 * MTU mtu), strips it and sets b's receive metadata; -EINVAL (b's data
 * unchanged) if it is malformed or asks for what we cannot do. */
int mirage__netif_vnet_rx(struct mirage_buf *b, uint32_t mtu);
/* Checks frame b's transmit metadata against the device and fills h;
 * without vnet, completes a partial checksum in software.  Returns 0,
 * -EMSGSIZE (too long for the device) or -EINVAL (inconsistent). */
int mirage__netif_vnet_tx_check(struct mirage_buf *b, uint32_t mtu, bool vnet,
                                struct mirage__vnet_hdr *h);

int mirage__netif_connect_with(const struct mirage__netif_plat *plat,
                               const char *name, struct mirage_net **out);
/* Drains the device as its readiness callback does (for tests). */
void mirage__netif_poll(struct mirage_net *n);
/* Receive buffers in use (for tests: back to zero when idle). */
uint32_t mirage__netif_rx_in_use(struct mirage_net *n);

#endif
