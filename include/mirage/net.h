/* SPDX-License-Identifier: ISC */
/* NETWORK: a network interface that sends and receives Ethernet frames. */
#ifndef MIRAGE_NET_H
#define MIRAGE_NET_H

/*
 * A network device (Mirage_net.S) carries whole Ethernet frames, header
 * included, of at most mtu + 14 bytes.  lib/netif implements it over the
 * platform's device (a tap on unix, the Solo5 net device on hvt/spt): a
 * reader in the event loop drains every waiting frame into pooled buffers
 * and hands each to the function set with mirage_net_listen().
 *
 * Receive: the listen function runs in the event loop, must not block, and
 * borrows the frame (data = the whole frame); it takes a reference
 * (mirage_buf_ref) if it keeps it.  Frames arriving while nobody listens
 * are counted and dropped.
 *
 * Offloads: a device may take partial checksums and TCP segmentation
 * (mirage_net_offloads; the buffer metadata of buf.h); a frame marked
 * MIRAGE_BUF_TX_GSO_TCPV4 may then be up to MIRAGE_NET_GSO_MAX + 14 bytes,
 * and received frames may be that long too (gso_size set).
 *
 * Errors: write returns -EMSGSIZE (longer than mtu + 14; counted),
 * -EAGAIN (the platform cannot take the frame now; counted as dropped) or
 * -EIO.  mirage_netif_connect() returns -ENODEV (no such device), -ENOMEM.
 * A NULL device is a programmer error.
 *
 * Counters: each device and each protocol layer reports its counters as
 * (name, value) pairs through a mirage_net_counter_fn, names dotted by
 * layer ("netif.rx_packets", "ipv4.drop.bad_checksum"), so an application
 * can print or export all of them without knowing each layer's struct.
 */

#include <stddef.h>
#include <stdint.h>

#include <mirage/buf.h>

#define MIRAGE_ETHERNET_HLEN 14

struct mirage_macaddr {
    uint8_t b[6];
};
#define MIRAGE_MACADDR_STRLEN 18 /* "aa:bb:cc:dd:ee:ff" and a NUL */

/* "aa:bb:cc:dd:ee:ff"; returns buf (which needs MIRAGE_MACADDR_STRLEN). */
char *mirage_macaddr_format(const struct mirage_macaddr *m, char *buf);

typedef void (*mirage_net_counter_fn)(void *arg, const char *name,
                                      uint64_t value);

struct mirage_net_stats {
    uint64_t rx_packets, rx_bytes;
    uint64_t tx_packets, tx_bytes;
    uint64_t rx_drop_nobuf;    /* no free buffer: frame read and dropped */
    uint64_t rx_drop_nolisten; /* nobody listening */
    uint64_t rx_errors;        /* the platform reported an error */
    uint64_t tx_drop_toobig;   /* longer than mtu + 14 */
    uint64_t tx_drop_busy;     /* the platform said -EAGAIN */
    uint64_t tx_errors;        /* any other platform error */
    /* With virtio-net headers (MIRAGE_NET_OFFLOAD_*): */
    uint64_t rx_drop_vnet; /* malformed or unsupported header: dropped */
    uint64_t rx_gso;       /* coalesced packets (longer than the MTU) */
    uint64_t tx_gso;       /* packets the host will segment */
    uint64_t tx_csum;      /* partial checksums the host completes */
};

/* Offloads a device takes (mirage_net_offloads): */
/* write takes MIRAGE_BUF_TX_CSUM_PARTIAL; received frames may carry
 * MIRAGE_BUF_RX_CSUM_* and gso_size (see buf.h). */
#define MIRAGE_NET_OFFLOAD_CSUM 1u
/* write takes MIRAGE_BUF_TX_GSO_TCPV4 packets of up to 64 KiB. */
#define MIRAGE_NET_OFFLOAD_TSO4 2u
/* Largest IP packet a GSO frame may carry. */
#define MIRAGE_NET_GSO_MAX 65535u

struct mirage_net;
typedef void (*mirage_net_rx_fn)(void *arg, struct mirage_net *n,
                                 struct mirage_buf *frame);

/* lib/netif: acquires the platform network device called name ("service"
 * on hvt/spt, a tap interface such as "tap0" on unix) and starts reading.
 * Returns 0, -ENODEV, -ENOMEM. */
int mirage_netif_connect(const char *name, struct mirage_net **out);

/* Implementing this interface. */
struct mirage_net_ops {
    /* Sends one frame (takes b). */
    int (*write)(struct mirage_net *n, struct mirage_buf *b);
    /* Sets (fn non-NULL) or clears the receive function. */
    void (*listen)(struct mirage_net *n, mirage_net_rx_fn fn, void *arg);
    void (*mac)(struct mirage_net *n, struct mirage_macaddr *out);
    /* Largest payload of a frame (the Ethernet header excluded). */
    uint32_t (*mtu)(struct mirage_net *n);
    void (*stats)(struct mirage_net *n, struct mirage_net_stats *out);
    void (*reset_stats)(struct mirage_net *n);
    /* Stops reading and releases the device and n. */
    void (*disconnect)(struct mirage_net *n);
    /* MIRAGE_NET_OFFLOAD_* flags; NULL: none. */
    uint32_t (*offloads)(struct mirage_net *n);
};

struct mirage_net {
    const struct mirage_net_ops *ops;
};

static inline int mirage_net_write(struct mirage_net *n, struct mirage_buf *b)
{
    return n->ops->write(n, b);
}
static inline void mirage_net_listen(struct mirage_net *n, mirage_net_rx_fn fn,
                                     void *arg)
{
    n->ops->listen(n, fn, arg);
}
static inline void mirage_net_mac(struct mirage_net *n,
                                  struct mirage_macaddr *out)
{
    n->ops->mac(n, out);
}
static inline uint32_t mirage_net_mtu(struct mirage_net *n)
{
    return n->ops->mtu(n);
}
static inline void mirage_net_stats(struct mirage_net *n,
                                    struct mirage_net_stats *out)
{
    n->ops->stats(n, out);
}
static inline void mirage_net_reset_stats(struct mirage_net *n)
{
    n->ops->reset_stats(n);
}
static inline void mirage_net_disconnect(struct mirage_net *n)
{
    n->ops->disconnect(n);
}

static inline uint32_t mirage_net_offloads(struct mirage_net *n)
{
    return n->ops->offloads ? n->ops->offloads(n) : 0;
}

/* Reports the device's counters as "<prefix>.rx_packets" etc. */
void mirage_net_counters(struct mirage_net *n, const char *prefix,
                         mirage_net_counter_fn fn, void *arg);

#endif
