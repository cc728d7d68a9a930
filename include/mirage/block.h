/* SPDX-License-Identifier: ISC */
/* BLOCK: a device of fixed-size sectors (Mirage_block.S). */
#ifndef MIRAGE_BLOCK_H
#define MIRAGE_BLOCK_H

/*
 * A block device is an array of sectors of sector_size bytes (a power of
 * two, at least 512: the platform's block size).  Reads and writes move
 * whole sectors: the start is a sector number, the length a multiple of
 * sector_size, and the request must lie inside the device.  A write that
 * returned 0 is on the device (the platform's write is synchronous); there
 * is no write cache to flush.  The calls may suspend the calling fiber; on
 * the platforms here they do not, as the platform's block I/O is
 * synchronous.
 *
 * Implementations (lib/block, library `block`):
 *   - mirage_block_connect(): the platform's device.  On unix the name is a
 *     file path (the file is the disk; its size rounded down to 512 bytes
 *     is the capacity); on hvt/spt it is the device name in the manifest,
 *     attached with --block:NAME=FILE.  Both go through platform.h.
 *   - mirage_block_ramdisk_connect(): a disk in memory.  Two connects with
 *     the same name share one disk while either is connected.
 *
 * Errors: -EINVAL (length not a multiple of sector_size, request beyond the
 * end), -EROFS (write to a read-only device), -ENODEV (no such device at
 * connect), -ENOMEM, -EIO (the device failed).  A NULL device or buffer is
 * a programmer error (assert).
 *
 * Buffers are borrowed: the call reads or fills them and keeps nothing.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mirage_block_ops;
struct mirage_block {
    const struct mirage_block_ops *ops;
};

struct mirage_block_info {
    bool read_write;       /* false: writes fail with -EROFS */
    uint32_t sector_size;  /* bytes */
    uint64_t size_sectors; /* capacity in sectors */
};

/* The platform's block device NAME (block_of_file in config.c). */
int mirage_block_connect(const char *name, struct mirage_block **out);
/* A zero-filled disk of size_bytes (rounded down to 512-byte sectors, at
 * least one sector) in memory, shared by name (ramdisk in config.c). */
int mirage_block_ramdisk_connect(const char *name, uint64_t size_bytes,
                                 struct mirage_block **out);

static inline void mirage_block_get_info(struct mirage_block *b,
                                         struct mirage_block_info *out);
/* Reads len bytes (whole sectors) from sector start into buf. */
static inline int mirage_block_read(struct mirage_block *b, uint64_t start,
                                    void *buf, size_t len);
/* Writes len bytes (whole sectors) from buf at sector start. */
static inline int mirage_block_write(struct mirage_block *b, uint64_t start,
                                     const void *buf, size_t len);
/* Releases the device; b is invalid afterwards. */
static inline void mirage_block_disconnect(struct mirage_block *b);

/*
 * Byte-granular helpers over any device (Mirage_block_combinators): they
 * read whole sectors and copy the requested range, so offset and len need
 * no alignment.  mirage_block_read_bytes() fails with -EINVAL if the range
 * is not inside the device.  mirage_block_size() is the capacity in bytes.
 */
int mirage_block_read_bytes(struct mirage_block *b, uint64_t offset, void *buf,
                            size_t len);
uint64_t mirage_block_size(struct mirage_block *b);

/* Implementing this interface. */
struct mirage_block_ops {
    void (*info)(struct mirage_block *b, struct mirage_block_info *out);
    int (*read)(struct mirage_block *b, uint64_t start, void *buf, size_t len);
    int (*write)(struct mirage_block *b, uint64_t start, const void *buf,
                 size_t len);
    void (*disconnect)(struct mirage_block *b); /* optional */
};

static inline void mirage_block_get_info(struct mirage_block *b,
                                         struct mirage_block_info *out)
{
    b->ops->info(b, out);
}

static inline int mirage_block_read(struct mirage_block *b, uint64_t start,
                                    void *buf, size_t len)
{
    return b->ops->read(b, start, buf, len);
}

static inline int mirage_block_write(struct mirage_block *b, uint64_t start,
                                     const void *buf, size_t len)
{
    return b->ops->write(b, start, buf, len);
}

static inline void mirage_block_disconnect(struct mirage_block *b)
{
    if (b->ops->disconnect)
        b->ops->disconnect(b);
}

#endif
