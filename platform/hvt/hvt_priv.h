/* SPDX-License-Identifier: ISC */
/* hvt internals: hypercalls, CPU set-up, traps and the clock. */
#ifndef MIRAGE_HVT_PRIV_H
#define MIRAGE_HVT_PRIV_H

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

/* Top of guest memory, for the bounds of the backtrace. */
extern uintptr_t mirage__hvt_mem_size;

#endif
