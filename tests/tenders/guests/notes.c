/* SPDX-License-Identifier: ISC */
/* ABI1, MFT1 (and Mirage NET1) notes of the test guests, set by -D. */

#include <stdint.h>

#include "solo5/solo5_abi.h"

#if defined(GUEST_HVT)
#define TARGET SOLO5_ABI_TARGET_HVT
#else
#define TARGET SOLO5_ABI_TARGET_SPT
#endif

#if defined(GUEST_DEVS_vnet)
#define GUEST_DEVS_net
#endif

#if defined(GUEST_DEVS_block) || defined(GUEST_DEVS_net)
#define NENTRIES 2
#else
#define NENTRIES 1
#endif

struct abi1_note {
    uint32_t namesz, descsz, type;
    char name[8];
    struct solo5_abi1_desc desc;
};

__attribute__((section(".note.solo5.abi"), aligned(4), used))
const struct abi1_note guest_abi1 = {
    .namesz = sizeof SOLO5_NOTE_NAME,
    .descsz = sizeof(struct solo5_abi1_desc),
    .type = SOLO5_NOTE_ABI1,
    .name = SOLO5_NOTE_NAME,
    .desc = {.abi_target = TARGET, .abi_version = SOLO5_ABI_VERSION},
};

struct mft1_note {
    uint32_t namesz, descsz, type;
    char name[8];
    uint32_t pad;
    uint32_t version, entries;
    struct solo5_mft_entry e[NENTRIES];
};

__attribute__((section(".note.solo5.manifest"), aligned(8), used))
const struct mft1_note guest_mft1 = {
    .namesz = sizeof SOLO5_NOTE_NAME,
    .descsz = 4 + 8 + NENTRIES * sizeof(struct solo5_mft_entry),
    .type = SOLO5_NOTE_MFT1,
    .name = SOLO5_NOTE_NAME,
    .version = SOLO5_MFT_VERSION,
    .entries = NENTRIES,
    .e =
        {
            {.name = "", .type = SOLO5_MFT_RESERVED_FIRST},
#if defined(GUEST_DEVS_block)
            {.name = "storage", .type = SOLO5_MFT_DEV_BLOCK_BASIC},
#elif defined(GUEST_DEVS_net)
            {.name = "service", .type = SOLO5_MFT_DEV_NET_BASIC},
#endif
        },
};

#if defined(GUEST_DEVS_vnet)
/* "vnet" guests also declare that they take virtio-net framing. */
struct net1_note {
    uint32_t namesz, descsz, type;
    char name[8];
    uint32_t flags, reserved;
};

__attribute__((section(".note.mirage"), aligned(4), used))
const struct net1_note guest_net1 = {
    .namesz = sizeof MIRAGE_NOTE_NAME,
    .descsz = MIRAGE_NOTE_NET1_DESCSZ,
    .type = MIRAGE_NOTE_NET1,
    .name = MIRAGE_NOTE_NAME,
    .flags = MIRAGE_NET_GRANT_VNET,
};
#endif
