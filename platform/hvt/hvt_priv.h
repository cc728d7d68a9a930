/* SPDX-License-Identifier: ISC */
/* hvt internals: hypercalls, CPU set-up, traps and the clock. */
#ifndef MIRAGE_HVT_PRIV_H
#define MIRAGE_HVT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "solo5/solo5_abi.h"
#include "solo5/solo5_priv.h"

/* One hypercall: a 32-bit OUT of the argument's address to port
 * 0x500 + nr.  The tender reads and writes *arg before the guest resumes. */
static inline void mirage__hvt_hypercall(unsigned nr, volatile void *arg)
{
    __asm__ volatile("outl %0, %1"
                     :
                     : "a"((uint32_t)(uintptr_t)arg),
                       "d"((uint16_t)(HVT_HYPERCALL_PIO_BASE + nr))
                     : "memory");
}

/* What the CPU and the trap stubs leave on the trap stack.  From cr2 on
 * this is the layout Solo5 tenders expect behind a HALT cookie. */
struct mirage__hvt_trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t cr2, ec, rip, cs, rflags, rsp, ss;
};

/* cpu.c: own GDT, TSS with trap stacks, IDT for vectors 0-31. */
void mirage__hvt_cpu_init(void);
/* trap.c: reports the trap and halts with 255. */
_Noreturn void mirage__hvt_trap(struct mirage__hvt_trap_frame *f,
                                uint64_t vector);
/* traps.S: the 32 entry stubs. */
extern const uint64_t mirage__hvt_trap_stubs[32];

/* time.c */
void mirage__hvt_time_init(uint64_t tsc_hz);

/* ring.c: the net ring, when the tender offers it (see §6.8 of the ABI). */
struct mirage__hvt_ring_stats {
    uint64_t writes, reads,
        frames;          /* submitted writes and reads, frames read */
    uint64_t kicks;      /* outl to port 0x600 */
    uint64_t spec_ready; /* readiness reported without a POLL */
    uint64_t read_spins, full_spins;
    uint64_t stray_commits; /* commits for no read of ours (skipped) */
};
void mirage__hvt_ring_init(const struct hvt_boot_info *bi);
bool mirage__hvt_ring_active(void);
/* One line of counters on the console (--solo5:stats, at the halt). */
void mirage__hvt_ring_print_stats(void);
/* 0, or -ENOSYS if the frame must go by hypercall (too big, no buffers). */
int mirage__hvt_ring_write(uint64_t h, const void *buf, size_t len);
/* The frame's length, -EAGAIN if none, -EIO if the tender misbehaved. */
int mirage__hvt_ring_read(uint64_t h, void *buf, size_t len);
/* Pays a kick owed for published writes (see ring.c). */
void mirage__hvt_ring_flush(void);
/* NICs worth a read now without a VM exit (the ring thread is awake). */
uint64_t mirage__hvt_ring_try_ready(void);

/* main.c: --solo5:stats was given. */
extern bool mirage__hvt_print_stats;

/* Top of guest memory, for the bounds of the backtrace. */
extern uintptr_t mirage__hvt_mem_size;

#endif
