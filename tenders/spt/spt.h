/* SPDX-License-Identifier: ISC */
/* mirage-spt internals: the sandboxed guest process and its supervisor. */
#ifndef MIRAGE_SPT_H
#define MIRAGE_SPT_H

/*
 * The tender checks the image and attaches the devices, then forks.  The
 * child maps guest memory at the guest's own addresses (0x10000 up to
 * mem_size), loads the image with its real page permissions, installs a
 * seccomp filter that allows only the system calls the ABI names, on the
 * attached devices' fds, and jumps to the guest's entry point.  The parent
 * waits and reports how the guest ended; its exit status is the guest's
 * (128+N when the guest was killed by signal N).
 */

#include <signal.h>
#include <stdint.h>

#include "../common/tender.h"

#define SPT_MEM_MAX_MIB (1ULL << 20) /* 1 TiB: far below the tender's PIE */

struct spt {
    uint64_t mem_size;
    struct solo5_mft *mft;
    struct tender_dev *devs;
    int epoll, timerfd;
};

/* What the child's fault handler saw, shared with the parent. */
#define SPT_REPORT_MAGIC 0x6d697261676521ULL
struct spt_report {
    uint64_t magic;
    int sig, code, syscall_nr;
    uint64_t addr, rip;
};

/* spt_launch.c: in the child; never returns. */
_Noreturn void spt_launch(struct spt *s, const struct tender_image *img,
                          const char *cmdline, struct spt_report *report);

/* spt_seccomp.c: builds the filter into a BPF program (before anything
 * else can fail) and installs it as the last step before the jump. */
struct sock_fprog;
void spt_seccomp_build(const struct spt *s, struct sock_fprog *prog);
void spt_seccomp_install(const struct sock_fprog *prog);

/* spt_report.c */
struct spt_report *spt_report_create(void);
void spt_report_handlers(struct spt_report *report);
int spt_supervise(pid_t child, const struct spt_report *report);

#endif
