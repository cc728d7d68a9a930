/* SPDX-License-Identifier: ISC */
/* x86-64 fiber context switch: callee-saved integer registers and rsp only. */

/*
 * Guests are built with -mgeneral-regs-only, so nothing here touches the
 * SSE or x87 state (mxcsr and the x87 control word are never changed by
 * Mirage/C code, so they need no saving).
 */

        .text

/* void mirage__fiber_switch(void **save_sp, void *new_sp)
 * Pushes the callee-saved registers on the current stack, stores rsp in
 * *save_sp, loads new_sp and pops the registers saved there. */
        .globl  mirage__fiber_switch
        .type   mirage__fiber_switch, @function
        .p2align 4
mirage__fiber_switch:
        pushq   %rbp
        pushq   %rbx
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        movq    %rsp, (%rdi)
        movq    %rsi, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbx
        popq    %rbp
        ret
        .size   mirage__fiber_switch, . - mirage__fiber_switch

/* First code a new fiber runs: the initial frame built by
 * mirage__sched_init_ctx() holds the fiber in rbx and 16-byte aligns rsp. */
        .globl  mirage__fiber_trampoline
        .type   mirage__fiber_trampoline, @function
        .p2align 4
mirage__fiber_trampoline:
        movq    %rbx, %rdi
        call    mirage__fiber_entry
        ud2
        .size   mirage__fiber_trampoline, . - mirage__fiber_trampoline

        .section .note.GNU-stack, "", @progbits
