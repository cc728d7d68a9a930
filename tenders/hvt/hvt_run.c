/* SPDX-License-Identifier: ISC */
/* The vCPU run loop: hypercalls continue it, every other VM exit ends it. */

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hvt.h"

#ifndef KVM_EXIT_MEMORY_FAULT
#define KVM_EXIT_MEMORY_FAULT 39
#endif

static volatile sig_atomic_t hvt_signal;
static struct kvm_run *volatile hvt_run_area;

/* KVM_RUN returns EINTR at once when immediate_exit is set, so a signal
 * that arrives between two KVM_RUN calls still stops a guest that never
 * exits. */
static void on_signal(int sig)
{
    hvt_signal = sig;
    if (hvt_run_area != NULL)
        hvt_run_area->immediate_exit = 1;
}

void hvt_signals_install(struct hvt *h)
{
    hvt_run_area = h->run;
    struct sigaction sa = {.sa_handler = on_signal}; /* no SA_RESTART */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

void hvt_stats_print(const struct hvt *h)
{
    const char *env = getenv("MIRAGE_HVT_STATS");
    if (env == NULL || strcmp(env, "1") != 0)
        return;
    const uint64_t *c = h->stats.hypercalls;
    uint64_t total = 0;
    for (unsigned i = 0; i < HVT_HYPERCALL_MAX; i++)
        total += c[i];
    fprintf(stderr,
            "%s: stats: vm_exits=%llu hypercalls=%llu walltime=%llu "
            "puts=%llu poll=%llu block_write=%llu block_read=%llu "
            "net_write=%llu net_read=%llu halt=%llu\n",
            tender_prog, (unsigned long long)h->stats.exits,
            (unsigned long long)total, (unsigned long long)c[1],
            (unsigned long long)c[2], (unsigned long long)c[3],
            (unsigned long long)c[4], (unsigned long long)c[5],
            (unsigned long long)c[6], (unsigned long long)c[7],
            (unsigned long long)c[8]);
    if (h->ring.on)
        fprintf(stderr,
                "%s: stats: ring writes=%llu reads=%llu kicks=%llu "
                "dropped=%llu einval=%llu\n",
                tender_prog, (unsigned long long)h->stats.ring_writes,
                (unsigned long long)h->stats.ring_reads,
                (unsigned long long)h->stats.ring_kicks,
                (unsigned long long)h->stats.ring_dropped,
                (unsigned long long)h->stats.ring_einval);
    else
        fprintf(stderr, "%s: stats: ring off\n", tender_prog);
}

void hvt_guest_fault(struct hvt *h, const char *what)
{
    unsigned long long rip = hvt_guest_rip(h);
    fflush(stdout);
    fprintf(stderr, "%s: guest fault: %s (rip 0x%llx); guest stopped\n",
            tender_prog, what, rip);
    hvt_stats_print(h);
    tender_net_release();
    _exit(TENDER_EXIT_ERROR);
}

static const char *exit_name(uint32_t reason)
{
    switch (reason) {
    case KVM_EXIT_HLT:
        return "HLT (the guest halted the CPU)";
    case KVM_EXIT_MMIO:
        return "MMIO";
    case KVM_EXIT_SHUTDOWN:
        return "SHUTDOWN (triple fault: an exception the guest could not "
               "handle)";
    case KVM_EXIT_FAIL_ENTRY:
        return "FAIL_ENTRY (invalid vCPU state)";
    case KVM_EXIT_INTERNAL_ERROR:
        return "INTERNAL_ERROR (KVM could not emulate an instruction)";
    case KVM_EXIT_MEMORY_FAULT:
        return "MEMORY_FAULT";
    case KVM_EXIT_EXCEPTION:
        return "EXCEPTION";
    case KVM_EXIT_DEBUG:
        return "DEBUG";
    default:
        return "unknown";
    }
}

static void unhandled_exit(struct hvt *h)
{
    struct kvm_run *r = h->run;
    char msg[200];
    if (r->exit_reason == KVM_EXIT_MMIO)
        snprintf(msg, sizeof msg,
                 "%s of %u bytes at 0x%llx: memory the guest may not %s "
                 "(VM exit MMIO)",
                 r->mmio.is_write ? "write" : "read", r->mmio.len,
                 (unsigned long long)r->mmio.phys_addr,
                 r->mmio.is_write ? "write" : "read");
    else
        snprintf(msg, sizeof msg, "unhandled VM exit %s (%u)",
                 exit_name(r->exit_reason), r->exit_reason);
    hvt_guest_fault(h, msg);
}

/* A port write: a hypercall if it is one, otherwise the guest's end. */
static int handle_io(struct hvt *h)
{
    struct kvm_run *r = h->run;
    unsigned port = r->io.port;
    if (r->io.direction != KVM_EXIT_IO_OUT || r->io.size != 4 ||
        r->io.count != 1 || port < HVT_HYPERCALL_PIO_BASE ||
        port >= HVT_HYPERCALL_PIO_BASE + HVT_HYPERCALL_MAX ||
        r->io.data_offset > h->run_size - 4) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "invalid guest port access: %s of %u bytes, port 0x%x",
                 r->io.direction == KVM_EXIT_IO_OUT ? "out" : "in", r->io.size,
                 port);
        hvt_guest_fault(h, msg);
    }
    uint32_t gpa;
    memcpy(&gpa, (uint8_t *)r + r->io.data_offset, sizeof gpa);
    return hvt_hypercall(h, port - HVT_HYPERCALL_PIO_BASE, gpa);
}

void hvt_check_signal(struct hvt *h)
{
    if (hvt_signal == 0)
        return;
    fflush(stdout);
    fprintf(stderr, "%s: exiting on signal %d (%s)\n", tender_prog,
            (int)hvt_signal, hvt_signal == SIGINT ? "SIGINT" : "SIGTERM");
    hvt_stats_print(h);
    tender_net_release();
    _exit(TENDER_EXIT_ERROR);
}

int hvt_run(struct hvt *h)
{
    for (;;) {
        int rc = ioctl(h->vcpu, KVM_RUN, 0);
        h->stats.exits++;
        hvt_check_signal(h);
        if (rc < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (rc < 0 && errno == EFAULT)
            hvt_guest_fault(h, "host/guest translation fault (KVM_RUN: "
                               "EFAULT): the guest wrote to read-only "
                               "memory");
        if (rc < 0)
            tender_die("KVM_RUN: %s", strerror(errno));
        if (h->run->exit_reason != KVM_EXIT_IO)
            unhandled_exit(h);
        int status = handle_io(h);
        if (status >= 0)
            return status;
    }
}
