/* SPDX-License-Identifier: ISC */
/* Device lookup in the manifest copy the tender put in the boot info. */
#include <string.h>

#include "solo5/solo5_priv.h"

/* The copy lies in memory the guest can read; it was written by the
 * tender, so its entry count is still checked before use. */
static const struct solo5_mft *mft;

bool mirage__solo5_mft_init(const struct solo5_mft *m)
{
    mft = NULL;
    if (!m || m->version != SOLO5_MFT_VERSION || m->entries < 1 ||
        m->entries > SOLO5_MFT_MAX_ENTRIES ||
        m->e[0].type != SOLO5_MFT_RESERVED_FIRST)
        return false;
    mft = m;
    return true;
}

const struct solo5_mft_entry *mirage__solo5_mft_find(const char *name,
                                                     uint32_t type, uint64_t *h)
{
    if (!mft || !name)
        return NULL;
    for (uint32_t i = 1; i < mft->entries; i++) {
        const struct solo5_mft_entry *e = &mft->e[i];
        if (e->type == type && e->attached &&
            strncmp(e->name, name, SOLO5_MFT_NAME_SIZE) == 0 &&
            memchr(e->name, '\0', SOLO5_MFT_NAME_SIZE)) {
            *h = i;
            return e;
        }
    }
    return NULL;
}

const struct solo5_mft_entry *mirage__solo5_mft_get(uint64_t h, uint32_t type)
{
    if (!mft || h == 0 || h >= mft->entries)
        return NULL;
    const struct solo5_mft_entry *e = &mft->e[h];
    return e->type == type && e->attached ? e : NULL;
}
