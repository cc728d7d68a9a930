/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: frames with virtio-net headers through lib/netif. */
#include "../net_common/fuzz_net.h"

#include "../../lib/netif/netif_priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input is a series of records, each a two-byte length then that many
 * bytes: a virtio-net header and a frame, read by lib/netif from a fake
 * platform device offering MIRAGE_PLAT_NET_VNET.  Over it run Ethernet,
 * ARP, IPv4, ICMP and UDP (an echo on port 7), so accepted headers reach
 * the checksum shortcuts and replies go back through the header builder.
 * Receive buffers must all be back after each input.
 */

static struct {
    const uint8_t *rec;
    size_t len;
    bool pending;
    struct mirage_net *net;
    uint64_t written;
} vz;

static int vz_acquire(const char *name, mirage_plat_handle_t *h,
                      struct mirage_plat_net_info *info)
{
    (void)name;
    *h = 1;
    memcpy(info->mac, fz_us.b, 6);
    info->mtu = 1500;
    info->offloads = MIRAGE_PLAT_NET_VNET;
    return 0;
}

static int vz_read(mirage_plat_handle_t h, void *buf, size_t len)
{
    (void)h;
    if (!vz.pending)
        return -EAGAIN;
    vz.pending = false;
    size_t n = vz.len < len ? vz.len : len;
    memcpy(buf, vz.rec, n);
    return (int)n;
}

static int vz_write(mirage_plat_handle_t h, const void *buf, size_t len)
{
    (void)h, (void)buf;
    if (len < MIRAGE_PLAT_NET_VNET_HDR_LEN + 14 ||
        len > MIRAGE_PLAT_NET_VNET_FRAME_MAX)
        abort(); /* netif must never hand the device such a frame */
    vz.written++;
    return 0;
}

static const struct mirage__netif_plat vz_plat = {vz_acquire, vz_read,
                                                  vz_write};

static void vz_up(void)
{
    struct mirage_ipv4_config cfg;
    struct mirage_random *rng;
    if (mirage__netif_connect_with(&vz_plat, "fuzz", &vz.net) < 0 ||
        mirage_ethernet_create(vz.net, &fz.eth) < 0 ||
        mirage_arp_create(fz.eth, NULL, &fz.arp) < 0 ||
        mirage_ipv4_config_parse(&cfg, "10.0.0.2/24", "10.0.0.1") < 0 ||
        mirage_ipv4_create(fz.eth, fz.arp, &cfg, &fz.v4) < 0)
        abort();
    fz.ip = mirage_ipv4_ip(fz.v4);
    if (mirage_icmpv4_create(fz.ip, &fz.icmp) < 0 ||
        mirage_random_default_connect(&rng) < 0 ||
        mirage_udp_direct_create(fz.ip, fz.icmp, rng, &fz.udp) < 0 ||
        mirage_udp_listen(fz.udp, 7, fz_echo, NULL) < 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool up;
    if (!up) {
        vz_up();
        up = true;
    }
    while (size >= 2) {
        size_t n = (size_t)data[0] << 8 | data[1];
        data += 2, size -= 2;
        n = n < size ? n : size;
        vz.rec = data;
        vz.len = n;
        vz.pending = true;
        mirage__netif_poll(vz.net);
        data += n, size -= n;
    }
    if (mirage__netif_rx_in_use(vz.net) != 0)
        abort();
    return 0;
}
