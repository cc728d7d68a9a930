/* SPDX-License-Identifier: ISC */
/* Network devices: a tap interface by name or an already open tap fd. */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tender.h"

#define DEFAULT_MTU 1500

int tender_mac_parse(const char *s, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]))
            return -1;
        char hex[3] = {s[0], s[1], '\0'};
        mac[i] = (uint8_t)strtoul(hex, NULL, 16);
        s += 2;
        if (*s != (i == 5 ? '\0' : ':'))
            return -1;
        s++;
    }
    return (mac[0] & 1) ? -1 : 0; /* a multicast address is no station's */
}

static void random_mac(uint8_t mac[6])
{
    if (getrandom(mac, 6, 0) != 6) {
        /* Practically impossible for 6 bytes; still give a usable MAC. */
        uint64_t v = (uint64_t)getpid() * 0x9e3779b97f4a7c15ULL;
        memcpy(mac, &v, 6);
    }
    mac[0] = (uint8_t)((mac[0] & ~1u) | 2u); /* unicast, locally assigned */
}

/* MTU of an interface of this network namespace; 0 if unknown. */
static unsigned if_mtu(const char *ifname)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return 0;
    struct ifreq ifr = {0};
    strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
    int rc = ioctl(s, SIOCGIFMTU, &ifr);
    close(s);
    return rc < 0 || ifr.ifr_mtu <= 0 ? 0 : (unsigned)ifr.ifr_mtu;
}

/* Turns segmentation and receive offloads (TSO, GSO, GRO) off, as Solo5
 * does, so that no frame larger than the MTU reaches the guest.  Best
 * effort: without CAP_NET_ADMIN the interface keeps its settings. */
static void no_offloads(const char *ifname)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return;
    const uint32_t cmds[] = {ETHTOOL_STSO, ETHTOOL_SGSO, ETHTOOL_SGRO};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        struct ethtool_value v = {.cmd = cmds[i], .data = 0};
        struct ifreq ifr = {0};
        strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
        ifr.ifr_data = (char *)&v;
        (void)ioctl(s, SIOCETHTOOL, &ifr);
    }
    close(s);
}

static int attach_tap(const char *ifname, short extra, struct tender_err *e)
{
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return tender_errf(e, "/dev/net/tun: %s", strerror(errno));
    struct ifreq ifr = {0};
    ifr.ifr_flags = (short)(IFF_TAP | IFF_NO_PI | extra);
    strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        int err = errno;
        close(fd);
        return tender_errf(e, "cannot attach to tap interface '%s': %s%s",
                           ifname, strerror(err),
                           err == EINVAL ? " (not a tap interface?)" : "");
    }
    if (strncmp(ifr.ifr_name, ifname, IFNAMSIZ) != 0) {
        close(fd);
        return tender_errf(e, "interface '%s' came back as '%s'", ifname,
                           ifr.ifr_name);
    }
    return fd;
}

/* Opens the tap; with d->vnet_offer, with virtio-net headers and the
 * offloads on (d->vnet), falling back to plain frames if the kernel
 * refuses them. */
static int open_tap(const char *ifname, struct tender_dev *d,
                    struct tender_err *e)
{
    if (strlen(ifname) >= IFNAMSIZ)
        return tender_errf(e, "interface name '%s' too long", ifname);
    if (if_nametoindex(ifname) == 0)
        return tender_errf(e, "tap interface '%s' does not exist", ifname);
    if (d->vnet_offer) {
        int fd = attach_tap(ifname, IFF_VNET_HDR, e);
        if (fd >= 0 && tender_vnet_setup(fd) == 0) {
            d->vnet = true;
            return fd;
        }
        if (fd >= 0) {
            tender_errf(e, "%s", strerror(errno));
            close(fd);
        }
        tender_warn("tap '%s': no virtio-net offloads (%s); plain frames",
                    ifname, e->msg);
    }
    int fd = attach_tap(ifname, 0, e);
    if (fd < 0)
        return -1;
    /* A previous vnet user may have left offloads on: plain frames need
     * them off, so that no frame larger than the MTU reaches the guest. */
    (void)ioctl(fd, TUNSETOFFLOAD, 0UL);
    no_offloads(ifname);
    return fd;
}

/* An @FD tap opened with IFF_VNET_HDR: granted to a guest that takes vnet
 * frames (with our header size and offloads); a plain guest keeps today's
 * behaviour, with a warning, as its frames will not parse. */
static void fd_vnet(long fd, const char *ifname, struct tender_dev *d)
{
    if (!d->vnet_offer) {
        tender_warn("fd %ld (tap '%s') has IFF_VNET_HDR set but the guest "
                    "does not take virtio-net headers",
                    fd, ifname);
        return;
    }
    if (tender_vnet_setup((int)fd) == 0) {
        d->vnet = true;
        return;
    }
    tender_warn("fd %ld (tap '%s'): cannot set its virtio-net header size "
                "and offloads (%s)",
                fd, ifname, strerror(errno));
}

/* "@FD": an open fd handed over by the caller (as albatross does).  The MTU
 * comes from the tap it is attached to, or 1500 if it is not a tap. */
static int use_fd(const char *v, unsigned *mtu, struct tender_dev *d,
                  struct tender_err *e)
{
    char *end;
    errno = 0;
    long fd = strtol(v + 1, &end, 10);
    if (!isdigit((unsigned char)v[1]) || *end != '\0' || errno != 0 || fd < 0 ||
        fd > 65535)
        return tender_errf(e, "'%s' is not @FD", v);
    int flags = fcntl((int)fd, F_GETFL);
    if (flags < 0)
        return tender_errf(e, "file descriptor %ld is not open", fd);
    if (fcntl((int)fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return tender_errf(e, "fd %ld: %s", fd, strerror(errno));
    struct ifreq ifr = {0};
    *mtu = DEFAULT_MTU;
    if (ioctl((int)fd, TUNGETIFF, &ifr) == 0) {
        if (!(ifr.ifr_flags & IFF_TAP))
            return tender_errf(e, "fd %ld is a tun device, not a tap", fd);
        if (if_mtu(ifr.ifr_name) != 0)
            *mtu = if_mtu(ifr.ifr_name);
        if (ifr.ifr_flags & IFF_VNET_HDR)
            fd_vnet(fd, ifr.ifr_name, d);
        if (!d->vnet)
            no_offloads(ifr.ifr_name);
    }
    return (int)fd;
}

int tender_net_attach(struct solo5_mft_entry *ent, struct tender_dev *d,
                      struct tender_err *e)
{
    struct tender_err why;
    unsigned mtu = 0;
    int fd;
    d->vnet = false;
    if (d->attach[0] == '@') {
        fd = use_fd(d->attach, &mtu, d, &why);
    } else {
        fd = open_tap(d->attach, d, &why);
        if (fd >= 0)
            mtu = if_mtu(d->attach);
        if (fd >= 0 && mtu == 0)
            mtu = DEFAULT_MTU;
    }
    if (fd < 0)
        return tender_errf(e, "--net:%s=%s: %s", ent->name, d->attach, why.msg);
    if (mtu > UINT16_MAX)
        mtu = UINT16_MAX;
    if (!d->have_mac)
        random_mac(d->mac);
    d->fd = fd;
    memcpy(ent->u.net_basic.mac, d->mac, 6);
    ent->u.net_basic.mtu = (uint16_t)mtu;
    ent->u.net_basic.mirage_grant = d->vnet ? MIRAGE_NET_GRANT_VNET : 0;
    return 0;
}
