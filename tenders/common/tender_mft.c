/* SPDX-License-Identifier: ISC */
/* Manifest (MFT1) validation and look-up. */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tender.h"

size_t tender_mft_size(const struct solo5_mft *m)
{
    return sizeof *m + (size_t)m->entries * sizeof m->e[0];
}

const char *tender_mft_type_name(uint32_t type)
{
    switch (type) {
    case SOLO5_MFT_DEV_BLOCK_BASIC:
        return "BLOCK_BASIC";
    case SOLO5_MFT_DEV_NET_BASIC:
        return "NET_BASIC";
    case SOLO5_MFT_RESERVED_FIRST:
        return "RESERVED";
    default:
        return "unknown";
    }
}

static int check_name(const struct solo5_mft_entry *ent, unsigned i,
                      struct tender_err *e)
{
    const char *end = memchr(ent->name, '\0', sizeof ent->name);
    if (end == NULL)
        return tender_errf(e, "manifest entry %u: name not terminated", i);
    if (i == 0)
        return end == ent->name ? 0
                                : tender_errf(e, "manifest entry 0 must "
                                                 "have an empty name");
    if (end == ent->name)
        return tender_errf(e, "manifest entry %u: empty name", i);
    for (const char *c = ent->name; c < end; c++)
        if (!isalnum((unsigned char)*c))
            return tender_errf(e,
                               "manifest entry %u: name has a character "
                               "other than A-Z, a-z, 0-9",
                               i);
    return 0;
}

static int check_entry(const struct solo5_mft *m, unsigned i,
                       struct tender_err *e)
{
    const struct solo5_mft_entry *ent = &m->e[i];
    if (check_name(ent, i, e) < 0)
        return -1;
    if (i == 0 && ent->type != SOLO5_MFT_RESERVED_FIRST)
        return tender_errf(e, "manifest entry 0 is not the reserved entry");
    if (i > 0 && ent->type != SOLO5_MFT_DEV_BLOCK_BASIC &&
        ent->type != SOLO5_MFT_DEV_NET_BASIC)
        return tender_errf(e,
                           "manifest entry %u ('%s'): unknown device "
                           "type %u",
                           i, ent->name, ent->type);
    if (ent->attached)
        return tender_errf(e,
                           "manifest entry %u: marked attached in the "
                           "image",
                           i);
    for (unsigned j = 1; j < i; j++)
        if (strcmp(m->e[j].name, ent->name) == 0)
            return tender_errf(e, "manifest declares '%s' twice", ent->name);
    return 0;
}

int tender_mft_load(const uint8_t *bytes, size_t size, struct solo5_mft **out,
                    struct tender_err *e)
{
    struct solo5_mft hdr;
    *out = NULL;
    if (size < sizeof hdr)
        return tender_errf(e, "manifest truncated (%zu bytes)", size);
    memcpy(&hdr, bytes, sizeof hdr);
    if (hdr.version != SOLO5_MFT_VERSION)
        return tender_errf(e, "manifest version %u, want %d", hdr.version,
                           SOLO5_MFT_VERSION);
    if (hdr.entries < 1 || hdr.entries > SOLO5_MFT_MAX_ENTRIES)
        return tender_errf(e, "manifest has %u entries (must be 1 to %d)",
                           hdr.entries, SOLO5_MFT_MAX_ENTRIES);
    size_t want = sizeof hdr + (size_t)hdr.entries * sizeof(hdr.e[0]);
    if (size != want)
        return tender_errf(e, "manifest is %zu bytes, %u entries need %zu",
                           size, hdr.entries, want);
    struct solo5_mft *m = malloc(want);
    if (m == NULL)
        return tender_errf(e, "out of memory");
    memcpy(m, bytes, want);
    for (unsigned i = 0; i < m->entries; i++) {
        if (check_entry(m, i, e) < 0) {
            free(m);
            return -1;
        }
    }
    *out = m;
    return 0;
}

int tender_mft_find(const struct solo5_mft *m, const char *name)
{
    for (unsigned i = 1; i < m->entries; i++)
        if (strcmp(m->e[i].name, name) == 0)
            return (int)i;
    return -1;
}
