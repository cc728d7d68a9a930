/* SPDX-License-Identifier: ISC */
/* Test guest primitives on hvt: hypercalls (outl to 0x500 + n). */

#define BOOT_INFO_T struct hvt_boot_info

static void hc(unsigned nr, void *arg)
{
    __asm__ volatile("outl %0, %1"
                     :
                     : "a"((uint32_t)(uintptr_t)arg),
                       "d"((uint16_t)(HVT_HYPERCALL_PIO_BASE + nr))
                     : "memory");
}

static void g_write(const void *s, size_t n)
{
    struct hvt_hc_puts a = {.data = (uintptr_t)s, .len = n};
    hc(HVT_HYPERCALL_PUTS, &a);
}

static _Noreturn void g_exit(int status)
{
    struct hvt_hc_halt a = {.cookie = 0, .exit_status = status};
    for (;;)
        hc(HVT_HYPERCALL_HALT, &a);
}

/* Returns the ready set after waiting at most timeout_ns. */
static uint64_t g_poll(uint64_t timeout_ns)
{
    struct hvt_hc_poll a = {.timeout_nsecs = timeout_ns};
    hc(HVT_HYPERCALL_POLL, &a);
    return a.ready_set;
}

/* Block I/O; returns a solo5_result_t. */
static int g_block(int write, uint64_t h, uint64_t off, void *buf, uint64_t len)
{
    struct hvt_hc_block a = {
        .handle = h, .offset = off, .data = (uintptr_t)buf, .len = len};
    hc(write ? HVT_HYPERCALL_BLOCK_WRITE : HVT_HYPERCALL_BLOCK_READ, &a);
    return a.ret;
}

/* Net I/O; returns a solo5_result_t, *len = frame length on reads. */
static int g_net(int write, uint64_t h, void *buf, uint64_t *len)
{
    struct hvt_hc_net a = {.handle = h, .data = (uintptr_t)buf, .len = *len};
    hc(write ? HVT_HYPERCALL_NET_WRITE : HVT_HYPERCALL_NET_READ, &a);
    *len = a.len;
    return a.ret;
}
