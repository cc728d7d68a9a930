/* SPDX-License-Identifier: ISC */
/* Ramdisks: block devices in memory, shared by name while connected. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/block.h>

#include "block_priv.h"

#define RAMDISK_SECTOR 512

/* The storage behind one name; freed when its last handle disconnects. */
struct ramdisk_store {
    struct ramdisk_store *next;
    char *name;
    unsigned char *data;
    struct mirage_block_info info;
    unsigned users;
};

struct ramdisk {
    struct mirage_block dev;
    struct ramdisk_store *store;
};

static struct ramdisk_store *stores;

#define RAMDISK(b) ((struct ramdisk *)(void *)(b))

static void rd_info(struct mirage_block *b, struct mirage_block_info *out)
{
    *out = RAMDISK(b)->store->info;
}

static int rd_read(struct mirage_block *b, uint64_t start, void *buf,
                   size_t len)
{
    struct ramdisk_store *s = RAMDISK(b)->store;
    int err = mirage__block_check(&s->info, start, len);

    assert(buf);
    if (err < 0)
        return err;
    memcpy(buf, s->data + start * RAMDISK_SECTOR, len);
    return 0;
}

static int rd_write(struct mirage_block *b, uint64_t start, const void *buf,
                    size_t len)
{
    struct ramdisk_store *s = RAMDISK(b)->store;
    int err = mirage__block_check(&s->info, start, len);

    assert(buf);
    if (err < 0)
        return err;
    memcpy(s->data + start * RAMDISK_SECTOR, buf, len);
    return 0;
}

static void store_release(struct ramdisk_store *s)
{
    struct ramdisk_store **pp;

    if (--s->users > 0)
        return;
    for (pp = &stores; *pp != s; pp = &(*pp)->next)
        ;
    *pp = s->next;
    free(s->data);
    free(s->name);
    free(s);
}

static void rd_disconnect(struct mirage_block *b)
{
    store_release(RAMDISK(b)->store);
    free(RAMDISK(b));
}

static const struct mirage_block_ops ramdisk_ops = {
    .info = rd_info,
    .read = rd_read,
    .write = rd_write,
    .disconnect = rd_disconnect,
};

static struct ramdisk_store *store_find(const char *name)
{
    for (struct ramdisk_store *s = stores; s; s = s->next)
        if (strcmp(s->name, name) == 0)
            return s;
    return NULL;
}

static struct ramdisk_store *store_new(const char *name, uint64_t size_bytes)
{
    uint64_t sectors = size_bytes / RAMDISK_SECTOR;
    struct ramdisk_store *s;

    if (sectors == 0)
        sectors = 1;
    if (sectors > SIZE_MAX / RAMDISK_SECTOR)
        return NULL;
    s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->name = malloc(strlen(name) + 1);
    s->data = calloc((size_t)sectors, RAMDISK_SECTOR);
    if (!s->name || !s->data) {
        free(s->name);
        free(s->data);
        free(s);
        return NULL;
    }
    strcpy(s->name, name);
    s->info.read_write = true;
    s->info.sector_size = RAMDISK_SECTOR;
    s->info.size_sectors = sectors;
    s->next = stores;
    stores = s;
    return s;
}

int mirage_block_ramdisk_connect(const char *name, uint64_t size_bytes,
                                 struct mirage_block **out)
{
    struct ramdisk_store *s;
    struct ramdisk *rd;

    assert(name && out);
    rd = calloc(1, sizeof *rd);
    if (!rd)
        return -ENOMEM;
    s = store_find(name);
    if (!s)
        s = store_new(name, size_bytes);
    if (!s) {
        free(rd);
        return -ENOMEM;
    }
    s->users++;
    rd->dev.ops = &ramdisk_ops;
    rd->store = s;
    *out = &rd->dev;
    return 0;
}
