/* SPDX-License-Identifier: ISC */
/* Block devices: a file (or a host block device) read and written by offset. */
#include "unix_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECTOR 512

static int open_file(const char *path, bool *read_only)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);

    *read_only = false;
    if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        *read_only = true;
    }
    if (fd < 0)
        return errno == ENOENT || errno == ENXIO ? -ENODEV : -errno;
    return fd;
}

/* Bytes of the file or device, rounded down to whole blocks. */
static int capacity(int fd, uint64_t *out)
{
    struct stat st;
    uint64_t size;

    if (fstat(fd, &st) < 0)
        return -errno;
    if (S_ISBLK(st.st_mode)) {
        if (ioctl(fd, BLKGETSIZE64, &size) < 0)
            return -errno;
    } else if (S_ISREG(st.st_mode)) {
        size = (uint64_t)st.st_size;
    } else {
        return -EINVAL;
    }
    *out = size & ~(uint64_t)(SECTOR - 1);
    return 0;
}

int mirage_plat_block_acquire(const char *name, mirage_plat_handle_t *h,
                              struct mirage_plat_block_info *info)
{
    struct mirage__unix_dev *d;
    bool ro;
    int hd, fd, r;

    if (!name || !*name)
        return -EINVAL;
    hd = mirage__unix_dev_reserve(name, MIRAGE__UNIX_BLOCK);
    if (hd < 0)
        return hd;
    d = &mirage__unix_devs[hd];
    fd = open_file(name, &ro);
    r = fd < 0 ? fd : capacity(fd, &d->capacity);
    if (r < 0) {
        if (fd >= 0)
            close(fd);
        mirage__unix_dev_release((unsigned)hd);
        return r;
    }
    d->fd = fd;
    d->read_only = ro;
    info->capacity = d->capacity;
    info->block_size = SECTOR;
    *h = (mirage_plat_handle_t)hd;
    return 0;
}

/* The device behind h if [offset, offset+len) is whole blocks inside it. */
static struct mirage__unix_dev *check(mirage_plat_handle_t h, uint64_t offset,
                                      size_t len)
{
    struct mirage__unix_dev *d = mirage__unix_dev_get(h, MIRAGE__UNIX_BLOCK);

    if (!d || offset % SECTOR || len % SECTOR)
        return NULL;
    if (offset > d->capacity || len > d->capacity - offset)
        return NULL;
    return d;
}

int mirage_plat_block_write(mirage_plat_handle_t h, uint64_t offset,
                            const void *buf, size_t len)
{
    struct mirage__unix_dev *d = check(h, offset, len);
    const char *p = buf;

    if (!d)
        return -EINVAL;
    if (d->read_only)
        return -EIO;
    while (len > 0) {
        ssize_t n = pwrite(d->fd, p, len, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -EIO;
        p += n;
        offset += (uint64_t)n;
        len -= (size_t)n;
    }
    return 0;
}

int mirage_plat_block_read(mirage_plat_handle_t h, uint64_t offset, void *buf,
                           size_t len)
{
    struct mirage__unix_dev *d = check(h, offset, len);
    char *p = buf;

    if (!d)
        return -EINVAL;
    while (len > 0) {
        ssize_t n = pread(d->fd, p, len, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) /* an error, or the file shrank under us */
            return -EIO;
        p += n;
        offset += (uint64_t)n;
        len -= (size_t)n;
    }
    return 0;
}
