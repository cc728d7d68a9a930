/* SPDX-License-Identifier: ISC */
/* spt clocks (clock_gettime) and waiting (timerfd + epoll_pwait). */
#include "../platform.h"
#include "spt/spt_priv.h"

#define NSEC_PER_SEC 1000000000ull
#define MAX_EVENTS 64

/* struct epoll_event is packed on x86-64: 12 bytes. */
struct __attribute__((packed)) epoll_event {
    uint32_t events;
    uint64_t data;
};

struct itimerspec {
    struct mirage__spt_timespec interval, value;
};

static int epoll_fd = -1, timer_fd = -1;
static uint64_t mono_boot;

static uint64_t clock_ns(long clock)
{
    struct mirage__spt_timespec ts = {0, 0};
    long r = mirage__spt_syscall(SPT_SYS_CLOCK_GETTIME, clock, (long)&ts, 0, 0,
                                 0, 0);
    if (r < 0)
        mirage_plat_abort("clock_gettime failed");
    return (uint64_t)ts.sec * NSEC_PER_SEC + (uint64_t)ts.nsec;
}

void mirage__spt_time_init(int epollfd, int timerfd)
{
    epoll_fd = epollfd;
    timer_fd = timerfd;
    mono_boot = clock_ns(SPT_CLOCK_MONOTONIC);
}

uint64_t mirage_plat_clock_monotonic(void)
{
    return clock_ns(SPT_CLOCK_MONOTONIC) - mono_boot;
}

uint64_t mirage_plat_clock_wall(void)
{
    return clock_ns(SPT_CLOCK_REALTIME);
}

/* Arms the tender's timer for an absolute CLOCK_MONOTONIC time. */
static void arm_timer(uint64_t abs_ns)
{
    struct itimerspec it = {{0, 0}, {0, 0}};
    it.value.sec = (int64_t)(abs_ns / NSEC_PER_SEC);
    it.value.nsec = (int64_t)(abs_ns % NSEC_PER_SEC) | 1; /* never 0,0 */
    long r = mirage__spt_syscall(SPT_SYS_TIMERFD_SETTIME, timer_fd,
                                 SPT_TFD_TIMER_ABSTIME, (long)&it, 0, 0, 0);
    if (r < 0)
        mirage_plat_abort("timerfd_settime failed");
}

uint64_t mirage_plat_wait(uint64_t deadline_ns)
{
    mirage__solo5_stacks_check();
    if (deadline_ns <= mirage_plat_clock_monotonic())
        return 0;
    uint64_t abs = deadline_ns + mono_boot;
    arm_timer(abs < deadline_ns ? UINT64_MAX : abs);
    struct epoll_event ev[MAX_EVENTS];
    long n = mirage__spt_syscall(SPT_SYS_EPOLL_PWAIT, epoll_fd, (long)ev,
                                 MAX_EVENTS, -1, 0, 8);
    uint64_t ready = 0;
    for (long i = 0; i < n; i++)
        if (ev[i].data < 64)
            ready |= 1ull << ev[i].data; /* the timer's tag is not < 64 */
    return ready;
}
