/* SPDX-License-Identifier: ISC */
/* The platform's block device (file on unix, manifest device on hvt/spt). */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include <mirage/block.h>

#include "block_priv.h"
#include "platform.h"

struct plat_block {
    struct mirage_block dev;
    mirage_plat_handle_t handle;
    struct mirage_block_info info;
};

#define PLAT_BLOCK(b) ((struct plat_block *)(void *)(b))

static void plat_info(struct mirage_block *b, struct mirage_block_info *out)
{
    *out = PLAT_BLOCK(b)->info;
}

static int plat_read(struct mirage_block *b, uint64_t start, void *buf,
                     size_t len)
{
    struct plat_block *p = PLAT_BLOCK(b);
    int err = mirage__block_check(&p->info, start, len);

    assert(buf);
    if (err < 0 || len == 0)
        return err;
    err = mirage_plat_block_read(p->handle, start * p->info.sector_size, buf,
                                 len);
    return err < 0 ? err : 0;
}

static int plat_write(struct mirage_block *b, uint64_t start, const void *buf,
                      size_t len)
{
    struct plat_block *p = PLAT_BLOCK(b);
    int err = mirage__block_check(&p->info, start, len);

    assert(buf);
    if (err < 0 || len == 0)
        return err;
    err = mirage_plat_block_write(p->handle, start * p->info.sector_size, buf,
                                  len);
    return err < 0 ? err : 0;
}

static void plat_disconnect(struct mirage_block *b)
{
    free(PLAT_BLOCK(b));
}

static const struct mirage_block_ops plat_ops = {
    .info = plat_info,
    .read = plat_read,
    .write = plat_write,
    .disconnect = plat_disconnect,
};

int mirage_block_connect(const char *name, struct mirage_block **out)
{
    struct mirage_plat_block_info pi;
    struct plat_block *p;
    mirage_plat_handle_t h;
    int err;

    assert(name && out);
    err = mirage_plat_block_acquire(name, &h, &pi);
    if (err < 0)
        return err;
    if (pi.block_size < 512 || pi.block_size > (1u << 20) ||
        (pi.block_size & (pi.block_size - 1)) != 0)
        return -EINVAL;
    p = calloc(1, sizeof *p);
    if (!p)
        return -ENOMEM;
    p->dev.ops = &plat_ops;
    p->handle = h;
    p->info.read_write = true;
    p->info.sector_size = (uint32_t)pi.block_size;
    p->info.size_sectors = pi.capacity / pi.block_size;
    *out = &p->dev;
    return 0;
}
