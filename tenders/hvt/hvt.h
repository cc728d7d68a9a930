/* SPDX-License-Identifier: ISC */
/* mirage-hvt internals: the KVM virtual machine and its hypercalls. */
#ifndef MIRAGE_HVT_H
#define MIRAGE_HVT_H

/*
 * One vCPU, one memory slot at guest-physical 0, identity-mapped page
 * tables, no interrupts.  The guest talks to the tender only through
 * hypercalls (a 32-bit OUT to port 0x500 + n carrying the guest-physical
 * address of an argument struct).  Anything the guest does wrong ends it
 * with a message naming the fault and exit status 1; nothing it does can
 * make the tender touch host memory outside the guest's.
 */

#include <linux/kvm.h>
#include <pthread.h>
#include <stdint.h>

#include "../common/tender.h"

#define HVT_MEM_STEP (2ULL << 20)
#define HVT_MEM_MAX (4ULL << 30)

struct hvt_stats {
    uint64_t exits; /* KVM_RUN returns */
    uint64_t hypercalls[HVT_HYPERCALL_MAX];
    /* Net ring (written by the ring thread). */
    uint64_t ring_writes, ring_reads, ring_kicks, ring_dropped, ring_einval;
};

/* The net ring (docs/abi.md section 6): a region of HVT_RING_REGION_SIZE
 * bytes right after guest memory, served by a tender thread. */
struct hvt_ring_state {
    bool reserved;         /* region allocated after mem.size */
    bool on;               /* offered to the guest, thread running */
    struct hvt_ring *ring; /* host address of the shared ring */
    int efd;               /* eventfd signalled by a guest kick */
    pthread_t thread;
    uint32_t ent_head, com_tail; /* the tender's own copies */
    int started;                 /* set by the thread once running */
    int stop;                    /* set (atomically) after HALT */
};

struct hvt {
    int kvm, vm, vcpu;
    struct kvm_run *run;
    size_t run_size;
    struct tender_guest mem;
    uint64_t tsc_hz;
    struct solo5_mft *mft;
    struct tender_dev *devs;
    int epoll, timerfd;
    struct hvt_stats stats;
    struct hvt_ring_state ring;
};

/* hvt_kvm_x86_64.c: the VM, its memory and the boot vCPU state. */
/* Guest memory is mem_size bytes, plus the ring region when
 * h->ring.reserved. */
void hvt_vm_create(struct hvt *h, uint64_t mem_size);
void hvt_protect_segments(struct hvt *h, const struct tender_image *img);
void hvt_vcpu_init(struct hvt *h, uint64_t entry);
uint64_t hvt_guest_rip(struct hvt *h);

/* hvt_hypercall.c */
void hvt_io_setup(struct hvt *h);
/* Handles one hypercall; returns -1 to continue or the guest's exit status
 * (HALT). Dies on guest errors. */
int hvt_hypercall(struct hvt *h, unsigned nr, uint64_t gpa);

/* hvt_run.c */
/* SIGINT/SIGTERM end the guest (exit 1); call after hvt_vm_create. */
void hvt_signals_install(struct hvt *h);
/* Exits with a message if one of them has arrived. */
void hvt_check_signal(struct hvt *h);
int hvt_run(struct hvt *h);
void hvt_stats_print(const struct hvt *h);

/* hvt_ring.c */
/* Whether to reserve the ring region: a net device is attached and
 * MIRAGE_HVT_RING is "1". */
bool hvt_ring_wanted(const struct hvt *h);
/* Offers the ring if KVM can signal kicks through an ioeventfd and the
 * thread starts; otherwise leaves it off (the guest uses hypercalls). */
void hvt_ring_setup(struct hvt *h);
/* Wakes the thread early when POLL finds a net device readable. */
void hvt_ring_prewake(struct hvt *h);
/* After HALT: lets the thread send what is queued, then joins it. */
void hvt_ring_stop(struct hvt *h);

/* hvt_seccomp.c */
void hvt_seccomp_install(const struct hvt *h);

/* Ends the guest: "mirage-hvt: guest fault: WHAT (rip 0x...)", exit 1. */
_Noreturn void hvt_guest_fault(struct hvt *h, const char *what);

#endif
