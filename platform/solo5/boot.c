/* SPDX-License-Identifier: ISC */
/* The boot sequence shared by hvt and spt, and the end of a guest. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../platform.h"
#include "nolibc/nolibc_impl.h"
#include "solo5/solo5_priv.h"

#include <mirage/main.h>

#define MIN_HEAP (64u * 1024)

_Noreturn void mirage__solo5_boot(const struct mirage__solo5_boot *b)
{
    uintptr_t heap_start = ((uintptr_t)_end + 4095) & ~(uintptr_t)4095;
    uintptr_t stack_bottom =
        mirage__solo5_stack_bottom(heap_start, b->mem_size);
    if (stack_bottom < heap_start + MIN_HEAP)
        mirage_plat_abort("not enough memory for a heap: use a larger --mem");
    mirage__solo5_heap_init(heap_start, stack_bottom);
    if (!mirage__solo5_mft_init(b->mft))
        mirage_plat_abort("the tender's manifest is malformed");
    char **argv;
    int argc = mirage__solo5_split_cmdline(b->cmdline, &argv);
    if (argc < 0)
        mirage_plat_abort("no memory for the command line");
    mirage_plat_exit(mirage_app_main(argc, argv));
}

void mirage_plat_console_write(const char *buf, size_t len)
{
    mirage__nolibc_flush(); /* keeps printf's pending output in order */
    if (len)
        mirage__solo5_console_raw(buf, len);
}

_Noreturn void mirage_plat_exit(int status)
{
    mirage__nolibc_flush();
    mirage__solo5_stacks_check();
    mirage__solo5_halt(status, NULL);
}

_Noreturn void mirage_plat_abort(const char *why)
{
    static bool aborting;
    char msg[256];
    mirage__nolibc_flush();
    if (aborting) /* the abort path itself failed: stop now */
        mirage__solo5_halt(255, NULL);
    aborting = true;
    int n = snprintf(msg, sizeof msg, "ABORT: %s\n", why ? why : "(null)");
    if (n >= (int)sizeof msg) {
        n = (int)sizeof msg - 1;
        msg[n - 1] = '\n';
    }
    mirage__solo5_console_raw(msg, (size_t)n);
    mirage__solo5_halt(255, NULL);
}

int mirage__solo5_result(int32_t r)
{
    switch (r) {
    case SOLO5_R_OK:
        return 0;
    case SOLO5_R_AGAIN:
        return -EAGAIN;
    case SOLO5_R_EINVAL:
        return -EINVAL;
    default:
        return -EIO;
    }
}

int mirage__solo5_block_check(const struct solo5_mft_entry *e, uint64_t offset,
                              size_t len)
{
    uint64_t bs = e->u.block_basic.block_size;
    uint64_t cap = e->u.block_basic.capacity;
    if (bs == 0 || offset % bs || len % bs || offset > cap ||
        len > cap - offset)
        return -EINVAL;
    return 0;
}

int mirage_plat_block_acquire(const char *name, mirage_plat_handle_t *h,
                              struct mirage_plat_block_info *info)
{
    const struct solo5_mft_entry *e =
        mirage__solo5_mft_find(name, SOLO5_MFT_DEV_BLOCK_BASIC, h);
    if (!e)
        return -ENODEV;
    info->capacity = e->u.block_basic.capacity;
    info->block_size = e->u.block_basic.block_size;
    return 0;
}
