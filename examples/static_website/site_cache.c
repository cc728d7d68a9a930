/* SPDX-License-Identifier: ISC */
/* static_website: a small direct-mapped cache of entity tags by key. */
#include "site.h"

#include <stdlib.h>
#include <string.h>

#define SLOTS 256

struct slot {
    char *key;
    uint64_t size;
    int64_t mtime;
    char etag[35];
};

static struct slot slots[SLOTS];

/* FNV-1a, folded onto the slots. */
static struct slot *slot_of(const char *key)
{
    uint32_t h = 2166136261u;

    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return &slots[h % SLOTS];
}

bool site_etag_cached(const char *key, uint64_t size, int64_t mtime,
                      char etag[35])
{
    struct slot *s = slot_of(key);

    if (!s->key || strcmp(s->key, key) != 0 || s->size != size ||
        s->mtime != mtime)
        return false;
    memcpy(etag, s->etag, 35);
    return true;
}

void site_etag_remember(const char *key, uint64_t size, int64_t mtime,
                        const char etag[35])
{
    struct slot *s = slot_of(key);
    size_t n = strlen(key) + 1;
    char *k = malloc(n);

    if (!k)
        return;
    memcpy(k, key, n);
    free(s->key);
    s->key = k;
    s->size = size;
    s->mtime = mtime;
    memcpy(s->etag, etag, 35);
}
