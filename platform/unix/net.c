/* SPDX-License-Identifier: ISC */
/* Network devices: Linux tap interfaces opened through /dev/net/tun. */
#include "unix_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define ETH_HEADER 14
#define DEFAULT_MTU 1500
#define VNET_HDR MIRAGE_PLAT_NET_VNET_HDR_LEN

/* Taps opened with virtio-net headers (MIRAGE_PLAT_NET_VNET), by handle. */
static bool vnet_on[MIRAGE__UNIX_MAX_DEVS];

/* Virtio-net headers unless the environment says MIRAGE_NET_VNET=0 (for
 * comparisons). */
static bool vnet_wanted(void)
{
    const char *e = getenv("MIRAGE_NET_VNET");
    return !(e && strcmp(e, "0") == 0);
}

/* The tap's MTU as Linux sees it (the Ethernet header excluded). */
static size_t tap_mtu(const char *name)
{
    struct ifreq ifr;
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    size_t mtu = DEFAULT_MTU;

    if (s < 0)
        return mtu;
    memset(&ifr, 0, sizeof(ifr));
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(s, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0)
        mtu = (size_t)ifr.ifr_mtu;
    close(s);
    return mtu;
}

static int tap_attach(const char *name, bool vnet)
{
    struct ifreq ifr;
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0)
        return errno == ENOENT ? -ENODEV : -errno;
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | (vnet ? IFF_VNET_HDR : 0);
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        int e = errno;
        close(fd);
        return e == ENOENT || e == ENXIO ? -ENODEV : -e;
    }
    return fd;
}

/* Header size 10 and what the kernel may hand us: partial checksums and
 * TCP/IPv4 segments of up to 64 KiB (no TSO6: no IPv6 yet; no UFO). */
static int vnet_setup(int fd)
{
    int hdr = VNET_HDR;
    unsigned long off = TUN_F_CSUM | TUN_F_TSO4;

    if (ioctl(fd, TUNSETVNETHDRSZ, &hdr) < 0 ||
        ioctl(fd, TUNSETOFFLOAD, off) < 0)
        return -errno;
    return 0;
}

/* Opens the tap, with virtio-net headers if wanted and the kernel agrees
 * (*vnet says which), else with plain frames. */
static int tap_open(const char *name, bool *vnet)
{
    int fd;

    *vnet = false;
    if (vnet_wanted()) {
        fd = tap_attach(name, true);
        if (fd >= 0 && vnet_setup(fd) == 0) {
            *vnet = true;
            return fd;
        }
        if (fd >= 0)
            close(fd);
        else if (fd == -ENODEV)
            return fd;
    }
    fd = tap_attach(name, false);
    /* A previous user may have left offloads on: the kernel would then
     * hand us frames with partial checksums and no header to say so. */
    if (fd >= 0)
        (void)ioctl(fd, TUNSETOFFLOAD, 0ul);
    return fd;
}

int mirage_plat_net_acquire(const char *name, mirage_plat_handle_t *h,
                            struct mirage_plat_net_info *info)
{
    struct mirage__unix_dev *d;
    int hd, fd;
    bool vnet;

    if (!name || !*name || strlen(name) >= IFNAMSIZ)
        return -EINVAL;
    hd = mirage__unix_dev_reserve(name, MIRAGE__UNIX_NET);
    if (hd < 0)
        return hd;
    fd = tap_open(name, &vnet);
    if (fd < 0) {
        mirage__unix_dev_release((unsigned)hd);
        return fd;
    }
    d = &mirage__unix_devs[hd];
    d->fd = fd;
    d->mtu = tap_mtu(name);
    /* A random, locally administered, unicast address. */
    if (mirage_plat_entropy(info->mac, sizeof(info->mac)) < 0)
        memset(info->mac, 0x5a, sizeof(info->mac));
    info->mac[0] = (uint8_t)((info->mac[0] & 0xfc) | 0x02);
    info->mtu = d->mtu;
    info->offloads = vnet ? MIRAGE_PLAT_NET_VNET : 0;
    vnet_on[hd] = vnet;
    mirage__unix_wait_add((unsigned)hd, fd);
    *h = (mirage_plat_handle_t)hd;
    return 0;
}

static size_t frame_min(mirage_plat_handle_t h)
{
    return vnet_on[h] ? VNET_HDR + ETH_HEADER : ETH_HEADER;
}

static size_t frame_max(mirage_plat_handle_t h,
                        const struct mirage__unix_dev *d)
{
    return vnet_on[h] ? MIRAGE_PLAT_NET_VNET_FRAME_MAX : d->mtu + ETH_HEADER;
}

int mirage_plat_net_write(mirage_plat_handle_t h, const void *buf, size_t len)
{
    struct mirage__unix_dev *d = mirage__unix_dev_get(h, MIRAGE__UNIX_NET);
    ssize_t n;

    if (!d || len < frame_min(h) || len > frame_max(h, d))
        return -EINVAL;
    do
        n = write(d->fd, buf, len);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return errno == EAGAIN ? -EAGAIN : -EIO;
    return (size_t)n == len ? 0 : -EIO;
}

int mirage_plat_net_read(mirage_plat_handle_t h, void *buf, size_t len)
{
    struct mirage__unix_dev *d = mirage__unix_dev_get(h, MIRAGE__UNIX_NET);
    ssize_t n;

    if (!d || len < frame_max(h, d))
        return -EINVAL;
    do
        n = read(d->fd, buf, len);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return errno == EAGAIN ? -EAGAIN : -EIO;
    return (int)n;
}
