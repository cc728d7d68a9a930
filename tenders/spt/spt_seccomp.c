/* SPDX-License-Identifier: ISC */
/* The spt seccomp filter: exactly the ABI's system calls, on its fds. */

#include <asm/prctl.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "spt.h"

static void rule(scmp_filter_ctx ctx, int nr, unsigned n,
                 const struct scmp_arg_cmp *args)
{
    int rc = seccomp_rule_add_exact_array(ctx, SCMP_ACT_ALLOW, nr, n, args);
    if (rc < 0)
        tender_die("seccomp rule for syscall %d: %s", nr, strerror(-rc));
}

static void rule1(scmp_filter_ctx ctx, int nr, struct scmp_arg_cmp a)
{
    rule(ctx, nr, 1, &a);
}

static void block_rules(scmp_filter_ctx ctx, const struct solo5_mft_entry *e,
                        int fd)
{
    uint64_t bs = e->u.block_basic.block_size;
    uint64_t last = e->u.block_basic.capacity - bs;
    struct scmp_arg_cmp a[3] = {
        SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd),
        SCMP_A2(SCMP_CMP_EQ, bs),
        SCMP_A3(SCMP_CMP_LE, last),
    };
    rule(ctx, SCMP_SYS(pread64), 3, a);
    rule(ctx, SCMP_SYS(pwrite64), 3, a);
}

static void add_rules(scmp_filter_ctx ctx, const struct spt *s)
{
    rule1(ctx, SCMP_SYS(write), SCMP_A0(SCMP_CMP_EQ, 1));
    rule(ctx, SCMP_SYS(exit_group), 0, NULL);
    rule1(ctx, SCMP_SYS(epoll_pwait),
          SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)s->epoll));
    rule1(ctx, SCMP_SYS(timerfd_settime),
          SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)s->timerfd));
    rule1(ctx, SCMP_SYS(clock_gettime), SCMP_A0(SCMP_CMP_EQ, CLOCK_MONOTONIC));
    rule1(ctx, SCMP_SYS(clock_gettime), SCMP_A0(SCMP_CMP_EQ, CLOCK_REALTIME));
    rule1(ctx, SCMP_SYS(arch_prctl), SCMP_A0(SCMP_CMP_EQ, ARCH_SET_FS));
    for (unsigned i = 1; i < s->mft->entries; i++) {
        const struct solo5_mft_entry *e = &s->mft->e[i];
        int fd = s->devs[i].fd;
        if (e->type == SOLO5_MFT_DEV_NET_BASIC) {
            rule1(ctx, SCMP_SYS(read), SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd));
            rule1(ctx, SCMP_SYS(write), SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd));
        } else {
            block_rules(ctx, e, fd);
        }
    }
}

/* libseccomp's own buffers are freed after seccomp_load, and a free may
 * make a system call; so the program is exported once into memory that
 * stays allocated, and installed with one seccomp() call. */
void spt_seccomp_build(const struct spt *s, struct sock_fprog *prog)
{
    /* SIGSYS goes to the tender's handler, which reports the call. */
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_TRAP);
    if (ctx == NULL)
        tender_die("seccomp_init failed");
    add_rules(ctx, s);
    int fd = memfd_create("mirage-spt-bpf", MFD_CLOEXEC);
    if (fd < 0 || seccomp_export_bpf(ctx, fd) < 0)
        tender_die("cannot export the seccomp filter");
    struct stat st;
    if (fstat(fd, &st) < 0 || st.st_size <= 0 ||
        st.st_size % sizeof(struct sock_filter) != 0)
        tender_die("bad seccomp filter size");
    struct sock_filter *f = malloc((size_t)st.st_size);
    if (f == NULL || pread(fd, f, (size_t)st.st_size, 0) != st.st_size)
        tender_die("cannot read the seccomp filter back");
    close(fd);
    seccomp_release(ctx);
    prog->len = (unsigned short)(st.st_size / sizeof(struct sock_filter));
    prog->filter = f;
}

void spt_seccomp_install(const struct sock_fprog *prog)
{
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        tender_die("PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog) < 0)
        tender_die("cannot install the seccomp filter: %s", strerror(errno));
}
