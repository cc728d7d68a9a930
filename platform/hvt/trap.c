/* SPDX-License-Identifier: ISC */
/* hvt fatal traps: print what happened, where, and how we got there. */
#include <stdbool.h>
#include <stdio.h>

#include "hvt/hvt_priv.h"
#include "nolibc/nolibc_impl.h"

#define BACKTRACE_MAX 16

static const char *const trap_names[32] = {
    [0] = "#DE divide error",
    [1] = "#DB debug",
    [2] = "NMI",
    [3] = "#BP breakpoint",
    [4] = "#OF overflow",
    [5] = "#BR bound range exceeded",
    [6] = "#UD invalid opcode",
    [7] = "#NM device not available",
    [8] = "#DF double fault",
    [9] = "coprocessor segment overrun",
    [10] = "#TS invalid TSS",
    [11] = "#NP segment not present",
    [12] = "#SS stack-segment fault",
    [13] = "#GP general protection",
    [14] = "#PF page fault",
    [16] = "#MF x87 floating-point error",
    [17] = "#AC alignment check",
    [18] = "#MC machine check",
    [19] = "#XM SIMD floating-point error",
    [20] = "#VE virtualization exception",
    [21] = "#CP control protection",
};

struct report {
    char buf[1536];
    size_t len;
};

__attribute__((format(printf, 2, 3))) static void say(struct report *r,
                                                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = sizeof r->buf - r->len;
    int n = vsnprintf(r->buf + r->len, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        r->len += (size_t)n < room ? (size_t)n : room - 1;
}

static void registers(struct report *r, const struct mirage__hvt_trap_frame *f)
{
    say(r, "rip %016lx  rsp %016lx  rflags %08lx\n", f->rip, f->rsp, f->rflags);
    say(r, "rax %016lx  rbx %016lx  rcx %016lx\n", f->rax, f->rbx, f->rcx);
    say(r, "rdx %016lx  rsi %016lx  rdi %016lx\n", f->rdx, f->rsi, f->rdi);
    say(r, "rbp %016lx  r8  %016lx  r9  %016lx\n", f->rbp, f->r8, f->r9);
    say(r, "r10 %016lx  r11 %016lx  r12 %016lx\n", f->r10, f->r11, f->r12);
    say(r, "r13 %016lx  r14 %016lx  r15 %016lx\n", f->r13, f->r14, f->r15);
}

/* Follows the saved frame pointers (guests keep them) while each frame is
 * an aligned address inside guest memory, above the last one. */
static void backtrace(struct report *r, const struct mirage__hvt_trap_frame *f)
{
    uint64_t fp = f->rbp;
    say(r, "backtrace: %lx", f->rip);
    for (int i = 0; i < BACKTRACE_MAX; i++) {
        if (fp % 8 || fp < SOLO5_GUEST_MIN_BASE ||
            fp + 16 > mirage__hvt_mem_size)
            break;
        const uint64_t *frame = (const uint64_t *)fp;
        if (frame[1] == 0)
            break;
        say(r, " %lx", frame[1]);
        if (frame[0] <= fp)
            break;
        fp = frame[0];
    }
    say(r, "\n");
}

_Noreturn void mirage__hvt_trap(struct mirage__hvt_trap_frame *f,
                                uint64_t vector)
{
    static bool in_trap;
    static struct report r; /* not on the trap stack: it is small */
    if (in_trap) {
        static const char again[] = "ABORT: trap inside the trap handler\n";
        mirage__solo5_console_raw(again, sizeof again - 1);
        mirage__solo5_halt(255, NULL);
    }
    in_trap = true;
    const char *name =
        vector < 32 && trap_names[vector] ? trap_names[vector] : "reserved";
    mirage__nolibc_flush();
    say(&r, "mirage: trap %s (vector %lu), error code 0x%lx, cr2 0x%lx\n", name,
        vector, f->ec, f->cr2);
    registers(&r, f);
    backtrace(&r, f);
    say(&r, "ABORT: fatal trap %s\n", name);
    mirage__solo5_console_raw(r.buf, r.len);
    mirage__solo5_halt(255, &f->cr2);
}
