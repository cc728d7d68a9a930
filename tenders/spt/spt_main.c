/* SPDX-License-Identifier: ISC */
/* mirage-spt: runs an spt unikernel image as a seccomp-sandboxed process. */

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "spt.h"

#ifndef MIRAGE_VERSION
#define MIRAGE_VERSION "dev"
#endif

static struct tender_opts opts = {.target = SOLO5_ABI_TARGET_SPT};
static struct spt spt;
static char cmdline[SOLO5_CMDLINE_SIZE];

static void check(int rc, const struct tender_err *e)
{
    if (rc < 0)
        tender_die("%s", e->msg);
}

static uint64_t mem_size(void)
{
    if (opts.mem_mib < 2)
        tender_die("--mem=%llu: at least 2 MiB",
                   (unsigned long long)opts.mem_mib);
    if (opts.mem_mib > SPT_MEM_MAX_MIB)
        tender_die("--mem=%llu: at most %llu MiB",
                   (unsigned long long)opts.mem_mib, SPT_MEM_MAX_MIB);
    return opts.mem_mib << 20;
}

static void configure(struct tender_image *img)
{
    struct tender_err e;
    spt.devs = calloc(spt.mft->entries, sizeof *spt.devs);
    if (spt.devs == NULL)
        tender_die("out of memory");
    check(tender_devices_config(&opts, spt.mft, spt.devs, &e), &e);
    tender_net_offer(&opts, img, spt.mft, spt.devs, true);
    spt.mem_size = mem_size();
    check(tender_elf_check_mem(img, spt.mem_size, &e), &e);
    check(tender_cmdline_build(&opts, cmdline, sizeof cmdline, &e), &e);
    check(tender_devices_attach(spt.mft, spt.devs, &e), &e);
}

/* The epoll set the guest waits on: the timer, then each net device
 * tagged with its manifest index. */
static void io_setup(void)
{
    spt.epoll = epoll_create1(EPOLL_CLOEXEC);
    spt.timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (spt.epoll < 0 || spt.timerfd < 0)
        tender_die("epoll/timerfd: %s", strerror(errno));
    struct epoll_event ev = {.events = EPOLLIN,
                             .data.u64 = SPT_EPOLL_TIMER_TAG};
    if (epoll_ctl(spt.epoll, EPOLL_CTL_ADD, spt.timerfd, &ev) < 0)
        tender_die("epoll_ctl: %s", strerror(errno));
    for (unsigned i = 1; i < spt.mft->entries; i++) {
        if (spt.mft->e[i].type != SOLO5_MFT_DEV_NET_BASIC)
            continue;
        ev.data.u64 = i;
        if (epoll_ctl(spt.epoll, EPOLL_CTL_ADD, spt.devs[i].fd, &ev) < 0)
            tender_die("net device '%s': cannot poll its fd: %s",
                       spt.mft->e[i].name, strerror(errno));
    }
}

int main(int argc, char **argv)
{
    struct tender_err e;
    struct tender_image img;
    tender_prog = "mirage-spt";
    if (tender_args_parse(&opts, argc, argv, &e) < 0)
        tender_die("%s", e.msg);
    if (opts.version) {
        printf("mirage-spt %s (Solo5 spt ABI 2, manifest version 1)\n",
               MIRAGE_VERSION);
        return 0;
    }
    if (opts.help && opts.kernel == NULL) {
        tender_usage(stdout, opts.target);
        return 0;
    }
    tender_load_image(&opts, &img, &spt.mft);
    configure(&img);
    io_setup();
    struct spt_report *report = spt_report_create();
    fflush(stdout);
    fflush(stderr);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0)
        tender_die("fork: %s", strerror(errno));
    if (pid == 0) {
        /* The guest must not outlive its tender, even one killed before
         * the death signal was asked for (found by tests/system/kv_crash.t). */
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (getppid() != parent)
            _exit(128 + SIGKILL);
        spt_launch(&spt, &img, cmdline, report);
    }
    int status = spt_supervise(pid, report);
    tender_net_release();
    return status;
}
