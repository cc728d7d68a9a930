/* SPDX-License-Identifier: ISC */
/* spt console, network and block devices over raw system calls, and exit. */
#include <errno.h>

#include "../platform.h"
#include "spt/spt_priv.h"

void mirage__solo5_console_raw(const char *buf, size_t len)
{
    while (len) {
        long n = mirage__spt_syscall(SPT_SYS_WRITE, 1, (long)buf, (long)len, 0,
                                     0, 0);
        if (n == -EINTR)
            continue;
        if (n <= 0)
            return; /* best effort */
        buf += n;
        len -= (size_t)n;
    }
}

_Noreturn void mirage__solo5_halt(int status, void *cookie)
{
    (void)cookie;
    for (;;)
        mirage__spt_syscall(SPT_SYS_EXIT_GROUP, status, 0, 0, 0, 0, 0);
}

int mirage_plat_net_write(mirage_plat_handle_t h, const void *buf, size_t len)
{
    const struct solo5_mft_entry *e =
        mirage__solo5_mft_get(h, SOLO5_MFT_DEV_NET_BASIC);
    if (!e || len > mirage__solo5_net_frame_max(e))
        return -EINVAL;
    long n = mirage__spt_syscall(SPT_SYS_WRITE, e->b.hostfd, (long)buf,
                                 (long)len, 0, 0, 0);
    if (n == -EAGAIN)
        return -EAGAIN;
    return n == (long)len ? 0 : -EIO;
}

int mirage_plat_net_read(mirage_plat_handle_t h, void *buf, size_t len)
{
    const struct solo5_mft_entry *e =
        mirage__solo5_mft_get(h, SOLO5_MFT_DEV_NET_BASIC);
    if (!e || len < mirage__solo5_net_frame_max(e))
        return -EINVAL;
    long n = mirage__spt_syscall(SPT_SYS_READ, e->b.hostfd, (long)buf,
                                 (long)len, 0, 0, 0);
    if (n == -EAGAIN || n == -EINTR || n == 0)
        return -EAGAIN;
    return n > 0 && (size_t)n <= len && n <= INT32_MAX ? (int)n : -EIO;
}

/* One call per block: the seccomp filter allows exactly block_size. */
static int block_io(mirage_plat_handle_t h, long nr, uint64_t offset,
                    uintptr_t buf, size_t len)
{
    const struct solo5_mft_entry *e =
        mirage__solo5_mft_get(h, SOLO5_MFT_DEV_BLOCK_BASIC);
    if (!e)
        return -EINVAL;
    int r = mirage__solo5_block_check(e, offset, len);
    uint64_t bs = e->u.block_basic.block_size;
    for (size_t done = 0; r == 0 && done < len; done += bs) {
        long n = mirage__spt_syscall(nr, e->b.hostfd, (long)(buf + done),
                                     (long)bs, (long)(offset + done), 0, 0);
        if (n != (long)bs)
            r = -EIO;
    }
    return r;
}

int mirage_plat_block_write(mirage_plat_handle_t h, uint64_t offset,
                            const void *buf, size_t len)
{
    return block_io(h, SPT_SYS_PWRITE64, offset, (uintptr_t)buf, len);
}

int mirage_plat_block_read(mirage_plat_handle_t h, uint64_t offset, void *buf,
                           size_t len)
{
    return block_io(h, SPT_SYS_PREAD64, offset, (uintptr_t)buf, len);
}
