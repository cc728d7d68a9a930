/* SPDX-License-Identifier: ISC */
/* Block devices: a file (or host block device) of whole blocks. */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tender.h"

#define DEFAULT_SECTOR 512

static int open_file(const char *path, struct tender_err *e)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return tender_errf(e, "%s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0 || (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))) {
        close(fd);
        return tender_errf(e, "not a regular file or block device");
    }
    return fd;
}

int tender_block_attach(struct solo5_mft_entry *ent, struct tender_dev *d,
                        struct tender_err *e)
{
    struct tender_err why;
    unsigned ss = d->sector_size ? d->sector_size : DEFAULT_SECTOR;
    int fd = open_file(d->attach, &why);
    if (fd < 0)
        return tender_errf(e, "--block:%s=%s: %s", ent->name, d->attach,
                           why.msg);
    off_t cap = lseek(fd, 0, SEEK_END);
    if (cap < 0) {
        close(fd);
        return tender_errf(e, "--block:%s=%s: cannot find its size", ent->name,
                           d->attach);
    }
    if ((uint64_t)cap < ss || (uint64_t)cap % ss != 0) {
        close(fd);
        return tender_errf(e,
                           "--block:%s=%s: size %lld bytes is not a "
                           "non-zero multiple of the block size %u",
                           ent->name, d->attach, (long long)cap, ss);
    }
    d->fd = fd;
    ent->u.block_basic.capacity = (uint64_t)cap;
    ent->u.block_basic.block_size = (uint16_t)ss;
    return 0;
}
