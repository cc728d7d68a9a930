/* SPDX-License-Identifier: ISC */
/* Virtio-net framing for guests that declare it (Mirage NET1 note). */

#include <linux/if_tun.h>
#include <sys/ioctl.h>

#include "tender.h"

/*
 * A tap opened with IFF_VNET_HDR carries a 10-byte virtio_net_hdr before
 * every frame, both ways.  With TUN_F_CSUM the kernel may hand over frames
 * whose checksum is left to finish (NEEDS_CSUM) and takes such frames from
 * the guest; with TUN_F_TSO4 it hands over and takes TCP/IPv4 segments of
 * up to 64 KiB, which the other side cuts to the MTU.  Nothing else
 * (UFO, TSO6, ECN) is enabled: the guest is not promised those.
 *
 * The offloads belong to the interface and outlive the fd: a persistent
 * tap would keep handing partial checksums to its next user, which
 * breaks a plain one such as Solo5's tender.  So every way out of a
 * tender (tender_die, guest faults, signals, the guest's exit) turns
 * them off again on the taps it opened by name; only SIGKILL escapes.
 */

int tender_vnet_setup(int fd)
{
    int hdr = (int)MIRAGE_NET_VNET_HDR_LEN;
    if (ioctl(fd, TUNSETVNETHDRSZ, &hdr) < 0)
        return -1;
    if (ioctl(fd, TUNSETOFFLOAD, (unsigned long)(TUN_F_CSUM | TUN_F_TSO4)) < 0)
        return -1;
    return 0;
}

void tender_net_offer(const struct tender_opts *o,
                      const struct tender_image *img, const struct solo5_mft *m,
                      struct tender_dev *devs, bool allowed)
{
    bool offer = allowed && !o->net_offload_off &&
                 (img->mirage_net & MIRAGE_NET_GRANT_VNET) != 0;
    for (unsigned i = 1; i < m->entries; i++)
        devs[i].vnet_offer = offer && m->e[i].type == SOLO5_MFT_DEV_NET_BASIC;
}

/* The devices tender_net_release resets. */
static const struct solo5_mft *rel_m;
static const struct tender_dev *rel_devs;

void tender_net_remember(const struct solo5_mft *m,
                         const struct tender_dev *devs)
{
    rel_m = m;
    rel_devs = devs;
}

void tender_net_release(void)
{
    for (unsigned i = 1; rel_m != NULL && i < rel_m->entries; i++) {
        const struct tender_dev *d = &rel_devs[i];
        if (rel_m->e[i].type == SOLO5_MFT_DEV_NET_BASIC && d->vnet &&
            d->attach[0] != '@' && d->fd >= 0)
            (void)ioctl(d->fd, TUNSETOFFLOAD, 0UL);
    }
    rel_m = NULL;
}

uint64_t tender_net_frame_max(const struct solo5_mft_entry *ent,
                              const struct tender_dev *d)
{
    if (d->vnet)
        return MIRAGE_NET_VNET_FRAME_MAX;
    return (uint64_t)ent->u.net_basic.mtu + 14;
}
