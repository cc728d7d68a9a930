/* SPDX-License-Identifier: ISC */
/* The network device over the platform: pooled receive, counted drops. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/error.h>
#include <mirage/fiber.h>
#include <mirage/io.h>
#include <mirage/log.h>
#include <mirage/timer.h>

#include "netif_priv.h"

static MIRAGE_LOG_SRC(log_src, "netif", "network device");

struct netif {
    struct mirage_net net;
    const struct mirage__netif_plat *plat;
    mirage_plat_handle_t h;
    struct mirage_plat_net_info info;
    struct mirage_buf_pool pool;
    uint8_t *scratch; /* a frame read only to be dropped */
    mirage_net_rx_fn fn;
    void *arg;
    struct mirage_net_stats st;
    struct mirage_timer resume; /* more frames than one turn's budget */
};

static struct netif *of(struct mirage_net *n)
{
    return (struct netif *)n;
}

static bool vnet(const struct netif *d)
{
    return (d->info.offloads & MIRAGE_PLAT_NET_VNET) != 0;
}

/* The longest read: a frame, or a virtio-net header and a GSO frame. */
static uint32_t frame_max(const struct netif *d)
{
    if (vnet(d))
        return MIRAGE_PLAT_NET_VNET_FRAME_MAX;
    return (uint32_t)d->info.mtu + MIRAGE_ETHERNET_HLEN;
}

/* After the virtio-net header is stripped the frame has the usual
 * headroom (and its IP header the usual alignment). */
static uint32_t rx_headroom(const struct netif *d)
{
    return MIRAGE__NETIF_RX_HEADROOM -
           (vnet(d) ? MIRAGE_PLAT_NET_VNET_HDR_LEN : 0);
}

/* Strips and checks the virtio-net header of a frame just read; false
 * (counted) if the frame must be dropped. */
static bool rx_header(struct netif *d, struct mirage_buf *b)
{
    if (!vnet(d))
        return true;
    if (mirage__netif_vnet_rx(b, (uint32_t)d->info.mtu) < 0) {
        d->st.rx_drop_vnet++;
        return false;
    }
    if (b->gso_size)
        d->st.rx_gso++;
    return true;
}

/* Reads up to max frames (counting those dropped for want of a buffer);
 * returns how many it kept in bs, and whether the device said -EAGAIN. */
static int read_batch(struct netif *d, struct mirage_buf **bs, int max,
                      bool *drained)
{
    int n = 0;
    for (int tries = 0; tries < max; tries++) {
        struct mirage_buf *b = mirage_buf_pool_get(&d->pool, rx_headroom(d));
        uint8_t *dst = b ? mirage_buf_data(b) : d->scratch;
        int r = d->plat->read(d->h, dst, frame_max(d));
        if (r <= 0 || (uint32_t)r > frame_max(d)) {
            if (b)
                mirage_buf_unref(b);
            if (r != -EAGAIN) {
                d->st.rx_errors++;
                mirage_log_debug(&log_src, "read: %s", mirage_strerror(r));
            }
            *drained = true;
            return n;
        }
        if (!b) {
            d->st.rx_drop_nobuf++;
            continue;
        }
        mirage_buf_put(b, (uint32_t)r);
        if (!rx_header(d, b)) {
            mirage_buf_unref(b);
            continue;
        }
        d->st.rx_packets++;
        d->st.rx_bytes += b->len;
        bs[n++] = b;
    }
    return n;
}

static void deliver(struct netif *d, struct mirage_buf *b)
{
    if (d->fn)
        d->fn(d->arg, &d->net, b);
    else
        d->st.rx_drop_nolisten++;
    mirage_buf_unref(b);
}

static void drain(struct netif *d)
{
    struct mirage_buf *bs[MIRAGE__NETIF_BATCH];
    bool drained = false;
    for (int done = 0; !drained && done < MIRAGE__NETIF_BUDGET;
         done += MIRAGE__NETIF_BATCH) {
        int n = read_batch(d, bs, MIRAGE__NETIF_BATCH, &drained);
        for (int i = 0; i < n; i++)
            deliver(d, bs[i]);
    }
    if (!drained)
        mirage_timer_arm(&d->resume, mirage_now_ns());
}

static void on_ready(unsigned h, void *arg)
{
    (void)h;
    drain(arg);
}

static void on_resume(struct mirage_timer *t, void *arg)
{
    (void)t;
    drain(arg);
}

/* Room for the virtio-net header in front of b: b itself, or a copy
 * (NULL if memory is out) when a layer left too little headroom. */
static struct mirage_buf *with_headroom(struct mirage_buf *b)
{
    if (mirage_buf_headroom(b) >= MIRAGE_PLAT_NET_VNET_HDR_LEN)
        return b;
    struct mirage_buf *c = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, b->len);
    if (c) {
        memcpy(mirage_buf_put(c, b->len), mirage_buf_data(b), b->len);
        c->tx_offload = b->tx_offload;
        c->gso_size = b->gso_size;
        c->csum_offset = b->csum_offset;
        c->csum_start = b->csum_start - b->off + c->off;
    }
    mirage_buf_unref(b);
    return c;
}

/* Checks b's metadata and, with vnet, prepends the header; 0 or an error
 * (counted). */
static int tx_prepare(struct netif *d, struct mirage_buf **bp)
{
    struct mirage__vnet_hdr h;
    int r =
        mirage__netif_vnet_tx_check(*bp, (uint32_t)d->info.mtu, vnet(d), &h);
    if (r == -EMSGSIZE)
        d->st.tx_drop_toobig++;
    else if (r < 0)
        d->st.tx_errors++;
    if (r < 0 || !vnet(d))
        return r;
    *bp = with_headroom(*bp);
    if (!*bp) {
        d->st.tx_errors++;
        return -ENOMEM;
    }
    mirage__netif_vnet_encode(
        mirage_buf_push(*bp, MIRAGE_PLAT_NET_VNET_HDR_LEN), &h);
    if (h.gso_type)
        d->st.tx_gso++;
    if (h.flags)
        d->st.tx_csum++;
    return 0;
}

static int netif_write(struct mirage_net *n, struct mirage_buf *b)
{
    struct netif *d = of(n);
    int r = tx_prepare(d, &b);
    if (r < 0) {
        if (b)
            mirage_buf_unref(b);
        return r;
    }
    uint32_t len = b->len;
    r = d->plat->write(d->h, mirage_buf_data(b), len);
    if (r >= 0) {
        r = 0;
        d->st.tx_packets++;
        d->st.tx_bytes += len - (vnet(d) ? MIRAGE_PLAT_NET_VNET_HDR_LEN : 0);
    } else if (r == -EAGAIN) {
        d->st.tx_drop_busy++;
    } else {
        d->st.tx_errors++;
    }
    mirage_buf_unref(b);
    return r;
}

static void netif_listen(struct mirage_net *n, mirage_net_rx_fn fn, void *arg)
{
    of(n)->fn = fn;
    of(n)->arg = arg;
}

static void netif_mac(struct mirage_net *n, struct mirage_macaddr *out)
{
    memcpy(out->b, of(n)->info.mac, 6);
}

static uint32_t netif_mtu(struct mirage_net *n)
{
    return (uint32_t)of(n)->info.mtu;
}

static void netif_stats(struct mirage_net *n, struct mirage_net_stats *out)
{
    *out = of(n)->st;
}

static void netif_reset_stats(struct mirage_net *n)
{
    memset(&of(n)->st, 0, sizeof(of(n)->st));
}

static uint32_t netif_offloads(struct mirage_net *n)
{
    if (!vnet(of(n)))
        return 0;
    return MIRAGE_NET_OFFLOAD_CSUM | MIRAGE_NET_OFFLOAD_TSO4;
}

static void netif_disconnect(struct mirage_net *n)
{
    struct netif *d = of(n);
    mirage_io_watch((unsigned)d->h, NULL, NULL);
    mirage_timer_cancel(&d->resume);
    mirage_buf_pool_destroy(&d->pool);
    free(d->scratch);
    free(d);
}

static const struct mirage_net_ops netif_ops = {
    .write = netif_write,
    .listen = netif_listen,
    .mac = netif_mac,
    .mtu = netif_mtu,
    .stats = netif_stats,
    .reset_stats = netif_reset_stats,
    .disconnect = netif_disconnect,
    .offloads = netif_offloads,
};

static const struct mirage__netif_plat platform_calls = {
    .acquire = mirage_plat_net_acquire,
    .read = mirage_plat_net_read,
    .write = mirage_plat_net_write,
};

static int setup(struct netif *d, const char *name)
{
    int r = d->plat->acquire(name, &d->h, &d->info);
    if (r < 0)
        return r;
    if (d->h >= MIRAGE_IO_MAX_HANDLES || d->info.mtu < 68 ||
        d->info.mtu > 65535 - MIRAGE_ETHERNET_HLEN)
        return -EINVAL;
    d->info.offloads &= MIRAGE_PLAT_NET_VNET; /* the flags we know */
    r = mirage_buf_pool_init(
        &d->pool, vnet(d) ? MIRAGE__NETIF_RX_BUFS_VNET : MIRAGE__NETIF_RX_BUFS,
        MIRAGE__NETIF_RX_HEADROOM + frame_max(d));
    if (r < 0)
        return r;
    d->scratch = malloc(frame_max(d));
    if (!d->scratch) {
        mirage_buf_pool_destroy(&d->pool);
        return -ENOMEM;
    }
    return 0;
}

int mirage__netif_connect_with(const struct mirage__netif_plat *plat,
                               const char *name, struct mirage_net **out)
{
    struct netif *d = calloc(1, sizeof(*d));
    if (!d)
        return -ENOMEM;
    d->net.ops = &netif_ops;
    d->plat = plat;
    int r = setup(d, name);
    if (r < 0) {
        mirage_log_err(&log_src, "%s: %s", name, mirage_strerror(r));
        free(d);
        return r;
    }
    mirage_timer_init(&d->resume, on_resume, d);
    mirage_io_watch((unsigned)d->h, on_ready, d);
    char mac[MIRAGE_MACADDR_STRLEN];
    struct mirage_macaddr m;
    netif_mac(&d->net, &m);
    mirage_log_info(&log_src, "%s: mac %s mtu %zu%s", name,
                    mirage_macaddr_format(&m, mac), d->info.mtu,
                    vnet(d) ? " offloads csum,tso4" : "");
    *out = &d->net;
    return 0;
}

int mirage_netif_connect(const char *name, struct mirage_net **out)
{
    return mirage__netif_connect_with(&platform_calls, name, out);
}

void mirage__netif_poll(struct mirage_net *n)
{
    drain(of(n));
}

uint32_t mirage__netif_rx_in_use(struct mirage_net *n)
{
    return of(n)->pool.in_use;
}
