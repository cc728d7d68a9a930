/* SPDX-License-Identifier: ISC */
/* hvt console, network and block devices over hypercalls, and the halt. */
#include <errno.h>

#include "../platform.h"
#include "hvt/hvt_priv.h"

void mirage__solo5_console_raw(const char *buf, size_t len)
{
    struct hvt_hc_puts p = {.data = (uintptr_t)buf, .len = len};
    mirage__hvt_hypercall(HVT_HYPERCALL_PUTS, &p);
}

_Noreturn void mirage__solo5_halt(int status, void *cookie)
{
    mirage__hvt_ring_flush(); /* the tender sends what is queued, then halts */
    if (mirage__hvt_print_stats) {
        mirage__hvt_print_stats = false;
        mirage__hvt_ring_print_stats();
    }
    struct hvt_hc_halt h = {.cookie = (uintptr_t)cookie, .exit_status = status};
    for (;;)
        mirage__hvt_hypercall(HVT_HYPERCALL_HALT, &h);
}

int mirage_plat_net_write(mirage_plat_handle_t h, const void *buf, size_t len)
{
    const struct solo5_mft_entry *e =
        mirage__solo5_mft_get(h, SOLO5_MFT_DEV_NET_BASIC);
    if (!e || len > mirage__solo5_net_frame_max(e))
        return -EINVAL;
    if (mirage__hvt_ring_active()) {
        int r = mirage__hvt_ring_write(h, buf, len);
        if (r != -ENOSYS)
            return r;
    }
    struct hvt_hc_net a = {.handle = h, .data = (uintptr_t)buf, .len = len};
    mirage__hvt_hypercall(HVT_HYPERCALL_NET_WRITE, &a);
    return mirage__solo5_result(a.ret);
}

int mirage_plat_net_read(mirage_plat_handle_t h, void *buf, size_t len)
{
    const struct solo5_mft_entry *e =
        mirage__solo5_mft_get(h, SOLO5_MFT_DEV_NET_BASIC);
    if (!e || len < mirage__solo5_net_frame_max(e))
        return -EINVAL;
    if (mirage__hvt_ring_active())
        return mirage__hvt_ring_read(h, buf, len);
    struct hvt_hc_net a = {.handle = h, .data = (uintptr_t)buf, .len = len};
    mirage__hvt_hypercall(HVT_HYPERCALL_NET_READ, &a);
    int r = mirage__solo5_result(a.ret);
    if (r < 0)
        return r;
    return a.len <= len && a.len <= INT32_MAX ? (int)a.len : -EIO;
}

/* One hypercall per block: that is what tenders accept. */
static int block_io(mirage_plat_handle_t h, unsigned nr, uint64_t offset,
                    uintptr_t buf, size_t len)
{
    const struct solo5_mft_entry *e =
        mirage__solo5_mft_get(h, SOLO5_MFT_DEV_BLOCK_BASIC);
    if (!e)
        return -EINVAL;
    int r = mirage__solo5_block_check(e, offset, len);
    uint64_t bs = e->u.block_basic.block_size;
    for (size_t done = 0; r == 0 && done < len; done += bs) {
        struct hvt_hc_block a = {.handle = h,
                                 .offset = offset + done,
                                 .data = buf + done,
                                 .len = bs};
        mirage__hvt_hypercall(nr, &a);
        r = mirage__solo5_result(a.ret);
    }
    return r;
}

int mirage_plat_block_write(mirage_plat_handle_t h, uint64_t offset,
                            const void *buf, size_t len)
{
    return block_io(h, HVT_HYPERCALL_BLOCK_WRITE, offset, (uintptr_t)buf, len);
}

int mirage_plat_block_read(mirage_plat_handle_t h, uint64_t offset, void *buf,
                           size_t len)
{
    return block_io(h, HVT_HYPERCALL_BLOCK_READ, offset, (uintptr_t)buf, len);
}
