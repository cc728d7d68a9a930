/* SPDX-License-Identifier: ISC */
/* Internals shared by the block device implementations. */
#ifndef MIRAGE_BLOCK_PRIV_H
#define MIRAGE_BLOCK_PRIV_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/block.h>

/* 0 if [start, start + len) is whole sectors inside the device; -EINVAL
 * otherwise. */
static inline int mirage__block_check(const struct mirage_block_info *info,
                                      uint64_t start, size_t len)
{
    uint64_t n;

    if (len % info->sector_size != 0)
        return -EINVAL;
    n = len / info->sector_size;
    if (start > info->size_sectors || n > info->size_sectors - start)
        return -EINVAL;
    return 0;
}

#endif
