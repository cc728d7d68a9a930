/* SPDX-License-Identifier: ISC */
/* What the storage fuzz harnesses need of the runtime and the platform,
 * without either: quiet logs, fixed clocks, no entropy. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <mirage/error.h>
#include <mirage/log.h>

#include "platform.h"

bool mirage_log_enabled(struct mirage_log_src *src, enum mirage_log_level l)
{
    (void)src, (void)l;
    return false;
}

void mirage_log(struct mirage_log_src *src, enum mirage_log_level l,
                const char *fmt, ...)
{
    (void)src, (void)l, (void)fmt;
}

const char *mirage_strerror(int err)
{
    (void)err;
    return "error";
}

uint64_t mirage_plat_clock_wall(void)
{
    return 1700000000ull * 1000000000ull;
}

uint64_t mirage_plat_clock_monotonic(void)
{
    return 1;
}

int mirage_plat_entropy(void *buf, size_t len)
{
    memset(buf, 0x42, len);
    return 0;
}

/* The platform's block device is not fuzzed: ramdisks only. */
int mirage_plat_block_acquire(const char *name, mirage_plat_handle_t *h,
                              struct mirage_plat_block_info *info)
{
    (void)name, (void)h, (void)info;
    return -ENODEV;
}

int mirage_plat_block_read(mirage_plat_handle_t h, uint64_t off, void *buf,
                           size_t len)
{
    (void)h, (void)off, (void)buf, (void)len;
    return -EIO;
}

int mirage_plat_block_write(mirage_plat_handle_t h, uint64_t off,
                            const void *buf, size_t len)
{
    (void)h, (void)off, (void)buf, (void)len;
    return -EIO;
}
