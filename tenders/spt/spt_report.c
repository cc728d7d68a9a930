/* SPDX-License-Identifier: ISC */
/* How an spt guest ended: fault handlers in the guest, a report in the tender.
 */

#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "spt.h"

static struct spt_report *report_page;
static pid_t guest_pid;
static uint8_t alt_stack[64 * 1024];

static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGILL,
                                    SIGFPE,  SIGSYS, SIGTRAP};

struct spt_report *spt_report_create(void)
{
    void *p = mmap(NULL, sizeof(struct spt_report), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        tender_die("mmap: %s", strerror(errno));
    return p;
}

/* Runs in the guest process, on the tender's own stack, under the guest's
 * seccomp filter: it records the fault and ends the process with the
 * status a shell gives a process killed by that signal. */
static void on_fault(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    report_page->sig = sig;
    report_page->code = si->si_code;
    report_page->addr = (uint64_t)(uintptr_t)si->si_addr;
    report_page->rip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
    report_page->syscall_nr = sig == SIGSYS ? si->si_syscall : -1;
    report_page->magic = SPT_REPORT_MAGIC;
    for (;;)
        syscall(SYS_exit_group, 128 + sig);
}

void spt_report_handlers(struct spt_report *report)
{
    report_page = report;
    stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack};
    if (sigaltstack(&ss, NULL) < 0)
        tender_die("sigaltstack: %s", strerror(errno));
    struct sigaction sa = {.sa_sigaction = on_fault,
                           .sa_flags = SA_SIGINFO | SA_ONSTACK};
    sigfillset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof fault_signals / sizeof(int); i++)
        sigaction(fault_signals[i], &sa, NULL);
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigaction(SIGINT, &dfl, NULL);
    sigaction(SIGTERM, &dfl, NULL);
    sigaction(SIGHUP, &dfl, NULL);
}

static void forward(int sig)
{
    if (guest_pid > 0)
        kill(guest_pid, sig);
}

static const char *why(const struct spt_report *r, char *buf, size_t size)
{
    switch (r->sig) {
    case SIGSEGV:
    case SIGBUS:
        snprintf(buf, size, "invalid memory access at 0x%llx, rip 0x%llx",
                 (unsigned long long)r->addr, (unsigned long long)r->rip);
        break;
    case SIGSYS: {
        char *name =
            seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, r->syscall_nr);
        snprintf(buf, size, "forbidden system call %d (%s), rip 0x%llx",
                 r->syscall_nr, name ? name : "unknown",
                 (unsigned long long)r->rip);
        free(name);
        break;
    }
    case SIGILL:
        snprintf(buf, size, "illegal instruction at rip 0x%llx",
                 (unsigned long long)r->rip);
        break;
    default:
        snprintf(buf, size, "rip 0x%llx", (unsigned long long)r->rip);
    }
    return buf;
}

int spt_supervise(pid_t child, const struct spt_report *report)
{
    guest_pid = child;
    struct sigaction sa = {.sa_handler = forward, .sa_flags = SA_RESTART};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    int st;
    while (waitpid(child, &st, 0) < 0)
        if (errno != EINTR)
            tender_die("waitpid: %s", strerror(errno));
    char buf[200];
    if (WIFEXITED(st)) {
        int code = WEXITSTATUS(st);
        if (report->magic == SPT_REPORT_MAGIC && code == 128 + report->sig)
            fprintf(stderr, "%s: guest killed by SIG%s (%s)\n", tender_prog,
                    sigabbrev_np(report->sig), why(report, buf, sizeof buf));
        return code;
    }
    int sig = WTERMSIG(st);
    const char *name = sigabbrev_np(sig);
    fprintf(stderr, "%s: guest killed by SIG%s\n", tender_prog,
            name ? name : "?");
    return 128 + sig;
}
