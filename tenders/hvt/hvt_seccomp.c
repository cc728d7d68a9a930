/* SPDX-License-Identifier: ISC */
/* mirage-hvt's own seccomp filter, installed just before the guest runs. */

#include <linux/if_tun.h>
#include <seccomp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "hvt.h"

static void allow(scmp_filter_ctx ctx, int nr, unsigned nargs,
                  const struct scmp_arg_cmp *args)
{
    int rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, nargs, args);
    if (rc < 0)
        tender_die("seccomp rule for syscall %d: %s", nr, strerror(-rc));
}

static void allow_fd(scmp_filter_ctx ctx, int nr, int fd)
{
    struct scmp_arg_cmp a = SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd);
    allow(ctx, nr, 1, &a);
}

/* The run loop needs KVM_RUN (and KVM_GET_REGS for fault messages), the
 * console, the device fds, the POLL timer and exiting; stdio may still
 * allocate, so brk/mmap without PROT_EXEC/munmap stay allowed.  The ring
 * thread needs its eventfd, and futex/madvise/rt_sigprocmask to end. */
static void add_rules(scmp_filter_ctx ctx, const struct hvt *h)
{
    const unsigned long ioctls[] = {KVM_RUN, KVM_GET_REGS};
    for (size_t i = 0; i < sizeof ioctls / sizeof ioctls[0]; i++) {
        struct scmp_arg_cmp a[2] = {
            SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)h->vcpu),
            SCMP_A1(SCMP_CMP_EQ, (scmp_datum_t)ioctls[i]),
        };
        allow(ctx, SCMP_SYS(ioctl), 2, a);
    }
    allow_fd(ctx, SCMP_SYS(write), 1);
    allow_fd(ctx, SCMP_SYS(write), 2);
    for (unsigned i = 1; i < h->mft->entries; i++) {
        int fd = h->devs[i].fd;
        if (h->mft->e[i].type == SOLO5_MFT_DEV_NET_BASIC) {
            allow_fd(ctx, SCMP_SYS(read), fd);
            allow_fd(ctx, SCMP_SYS(write), fd);
            if (h->devs[i].vnet) { /* offloads off at exit */
                struct scmp_arg_cmp a[2] = {
                    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd),
                    SCMP_A1(SCMP_CMP_EQ, (scmp_datum_t)TUNSETOFFLOAD),
                };
                allow(ctx, SCMP_SYS(ioctl), 2, a);
            }
        } else {
            allow_fd(ctx, SCMP_SYS(pread64), fd);
            allow_fd(ctx, SCMP_SYS(pwrite64), fd);
        }
    }
    allow_fd(ctx, SCMP_SYS(epoll_wait), h->epoll);
    allow_fd(ctx, SCMP_SYS(epoll_pwait), h->epoll);
    allow_fd(ctx, SCMP_SYS(timerfd_settime), h->timerfd);
    if (h->ring.on) { /* the ring thread sleeps on, and is woken by, it */
        allow_fd(ctx, SCMP_SYS(read), h->ring.efd);
        allow_fd(ctx, SCMP_SYS(write), h->ring.efd);
    }
    struct scmp_arg_cmp noexec = SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0);
    allow(ctx, SCMP_SYS(mmap), 1, &noexec);
    const int plain[] = {
        SCMP_SYS(clock_gettime), SCMP_SYS(exit_group), SCMP_SYS(exit),
        SCMP_SYS(rt_sigreturn),  SCMP_SYS(brk),        SCMP_SYS(munmap),
        SCMP_SYS(futex),         SCMP_SYS(madvise),    SCMP_SYS(rt_sigprocmask),
        SCMP_SYS(sched_yield)};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        allow(ctx, plain[i], 0, NULL);
}

void hvt_seccomp_install(const struct hvt *h)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    if (ctx == NULL)
        tender_die("seccomp_init failed");
    add_rules(ctx, h);
    /* TSYNC: the filter covers the ring thread, started before. */
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
    if (rc < 0)
        tender_die("seccomp TSYNC: %s", strerror(-rc));
    rc = seccomp_load(ctx);
    if (rc < 0)
        tender_die("cannot install the seccomp filter: %s", strerror(-rc));
    seccomp_release(ctx);
}
