/* SPDX-License-Identifier: ISC */
/* spt internals: raw Linux system calls (nothing else is allowed). */
#ifndef MIRAGE_SPT_PRIV_H
#define MIRAGE_SPT_PRIV_H

#include <stdint.h>

#include "solo5/solo5_abi.h"
#include "solo5/solo5_priv.h"

/* The only calls the tender's seccomp filter lets through. */
#define SPT_SYS_READ 0
#define SPT_SYS_WRITE 1
#define SPT_SYS_PREAD64 17
#define SPT_SYS_PWRITE64 18
#define SPT_SYS_ARCH_PRCTL 158
#define SPT_SYS_CLOCK_GETTIME 228
#define SPT_SYS_EXIT_GROUP 231
#define SPT_SYS_EPOLL_PWAIT 281
#define SPT_SYS_TIMERFD_SETTIME 286

#define SPT_ARCH_SET_FS 0x1002
#define SPT_CLOCK_REALTIME 0
#define SPT_CLOCK_MONOTONIC 1
#define SPT_TFD_TIMER_ABSTIME 1

/* Returns the raw result: a negative errno value on failure. */
static inline long mirage__spt_syscall(long nr, long a, long b, long c, long d,
                                       long e, long f)
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

struct mirage__spt_timespec {
    int64_t sec;
    int64_t nsec;
};

/* The epoll descriptor and timer the tender set up (time.c). */
void mirage__spt_time_init(int epollfd, int timerfd);

#endif
