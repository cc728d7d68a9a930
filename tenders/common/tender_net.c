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

static int open_tap(const char *ifname, struct tender_err *e)
{
    if (strlen(ifname) >= IFNAMSIZ)
        return tender_errf(e, "interface name '%s' too long", ifname);
    if (if_nametoindex(ifname) == 0)
        return tender_errf(e, "tap interface '%s' does not exist", ifname);
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return tender_errf(e, "/dev/net/tun: %s", strerror(errno));
    struct ifreq ifr = {0};
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
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
    no_offloads(ifname);
    return fd;
}

/* "@FD": an open fd handed over by the caller (as albatross does).  The MTU
 * comes from the tap it is attached to, or 1500 if it is not a tap. */
static int use_fd(const char *v, unsigned *mtu, struct tender_err *e)
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
    if (d->attach[0] == '@') {
        fd = use_fd(d->attach, &mtu, &why);
    } else {
        fd = open_tap(d->attach, &why);
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
    return 0;
}
