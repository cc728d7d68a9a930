/* SPDX-License-Identifier: ISC */
/* Net devices of hvt and spt guests, and the note asking for vnet framing. */
#include <errno.h>
#include <string.h>

#include "../platform.h"
#include "solo5/solo5_priv.h"

_Static_assert(MIRAGE_NET_VNET_HDR_LEN == MIRAGE_PLAT_NET_VNET_HDR_LEN,
               "vnet header length");
_Static_assert(MIRAGE_NET_VNET_FRAME_MAX == MIRAGE_PLAT_NET_VNET_FRAME_MAX,
               "vnet frame maximum");

#if MIRAGE_SOLO5_VNET
/*
 * Mirage's NET1 note (docs/abi.md section 3): this object defines
 * mirage_plat_net_acquire, so every image that uses a net device carries
 * it.  Our tenders then open its taps with virtio-net headers and say so
 * in each manifest entry; Solo5's tenders skip notes of other owners and
 * give plain frames.  The linker script puts it in the ABI1 note's
 * segment, after that note (Solo5 reads only the first note there).
 */
struct mirage__solo5_net1_note {
    uint32_t namesz, descsz, type;
    char name[8];
    uint32_t flags, reserved;
};

__attribute__((section(".note.mirage"), aligned(4),
               used)) static const struct mirage__solo5_net1_note net1_note = {
    .namesz = sizeof MIRAGE_NOTE_NAME,
    .descsz = MIRAGE_NOTE_NET1_DESCSZ,
    .type = MIRAGE_NOTE_NET1,
    .name = MIRAGE_NOTE_NAME,
    .flags = MIRAGE_NET_GRANT_VNET,
};
#endif

int mirage_plat_net_acquire(const char *name, mirage_plat_handle_t *h,
                            struct mirage_plat_net_info *info)
{
    const struct solo5_mft_entry *e =
        mirage__solo5_mft_find(name, SOLO5_MFT_DEV_NET_BASIC, h);
    if (!e)
        return -ENODEV;
    memcpy(info->mac, e->u.net_basic.mac, sizeof info->mac);
    info->mtu = e->u.net_basic.mtu;
    info->offloads = mirage__solo5_net_vnet(e) ? MIRAGE_PLAT_NET_VNET : 0;
    return 0;
}
