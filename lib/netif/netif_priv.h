/* SPDX-License-Identifier: ISC */
/* lib/netif internals shared with its unit tests: the platform calls it uses.
 */
#ifndef MIRAGE_NETIF_PRIV_H
#define MIRAGE_NETIF_PRIV_H

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

int mirage__netif_connect_with(const struct mirage__netif_plat *plat,
                               const char *name, struct mirage_net **out);
/* Drains the device as its readiness callback does (for tests). */
void mirage__netif_poll(struct mirage_net *n);
/* Receive buffers in use (for tests: back to zero when idle). */
uint32_t mirage__netif_rx_in_use(struct mirage_net *n);

#endif
