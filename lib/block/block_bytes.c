/* SPDX-License-Identifier: ISC */
/* Byte-granular reads over any block device. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/block.h>

uint64_t mirage_block_size(struct mirage_block *b)
{
    struct mirage_block_info info;

    mirage_block_get_info(b, &info);
    return info.size_sectors * info.sector_size;
}

/* Reads the sector holding byte offset and copies n bytes from it. */
static int read_partial(struct mirage_block *b, uint32_t ss, unsigned char *tmp,
                        uint64_t offset, unsigned char *dst, size_t n)
{
    int err = mirage_block_read(b, offset / ss, tmp, ss);

    if (err < 0)
        return err;
    memcpy(dst, tmp + offset % ss, n);
    return 0;
}

int mirage_block_read_bytes(struct mirage_block *b, uint64_t offset, void *buf,
                            size_t len)
{
    struct mirage_block_info info;
    unsigned char *dst = buf, *tmp = NULL;
    uint32_t ss;
    int err = 0;

    assert(b && (buf || len == 0));
    mirage_block_get_info(b, &info);
    ss = info.sector_size;
    if (offset > info.size_sectors * ss ||
        len > info.size_sectors * ss - offset)
        return -EINVAL;
    if (offset % ss != 0 || len % ss != 0) {
        tmp = malloc(ss);
        if (!tmp)
            return -ENOMEM;
    }
    if (offset % ss != 0 && len > 0) {
        size_t n = ss - offset % ss;
        if (n > len)
            n = len;
        err = read_partial(b, ss, tmp, offset, dst, n);
        offset += n, dst += n, len -= n;
    }
    if (err == 0 && len >= ss) {
        size_t whole = len - len % ss;
        err = mirage_block_read(b, offset / ss, dst, whole);
        offset += whole, dst += whole, len -= whole;
    }
    if (err == 0 && len > 0)
        err = read_partial(b, ss, tmp, offset, dst, len);
    free(tmp);
    return err;
}
