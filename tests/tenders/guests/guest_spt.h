/* SPDX-License-Identifier: ISC */
/* Test guest primitives on spt: raw Linux system calls. */

#define BOOT_INFO_T struct spt_boot_info

static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
                       "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

static int g_epollfd, g_timerfd;

static void g_write(const void *s, size_t n)
{
    sys6(1, 1, (long)s, (long)n, 0, 0, 0);
}

static _Noreturn void g_exit(int status)
{
    for (;;)
        sys6(231, status, 0, 0, 0, 0, 0);
}

struct g_epoll_event {
    uint32_t events;
    uint64_t data;
} __attribute__((packed));

static uint64_t g_poll(uint64_t timeout_ns)
{
    struct {
        long isec, insec, sec, nsec;
    } it = {0, 0, (long)(timeout_ns / 1000000000),
            (long)(timeout_ns % 1000000000) | 1};
    sys6(286, g_timerfd, 0, (long)&it, 0, 0, 0);
    struct g_epoll_event ev[8];
    long n = sys6(281, g_epollfd, (long)ev, 8, -1, 0, 8);
    uint64_t ready = 0;
    for (long i = 0; i < n; i++)
        if (ev[i].data != SPT_EPOLL_TIMER_TAG)
            ready |= 1ULL << ev[i].data;
    return ready;
}

static int hostfd(uint64_t h);

static int g_block(int write, uint64_t h, uint64_t off, void *buf, uint64_t len)
{
    long n =
        sys6(write ? 18 : 17, hostfd(h), (long)buf, (long)len, (long)off, 0, 0);
    return n == (long)len ? SOLO5_R_OK : SOLO5_R_EUNSPEC;
}

static int g_net(int write, uint64_t h, void *buf, uint64_t *len)
{
    long n = sys6(write ? 1 : 0, hostfd(h), (long)buf, (long)*len, 0, 0, 0);
    if (n == -11)
        return SOLO5_R_AGAIN;
    if (n < 0)
        return SOLO5_R_EUNSPEC;
    *len = (uint64_t)n;
    return SOLO5_R_OK;
}
