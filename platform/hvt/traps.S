/* SPDX-License-Identifier: ISC */
/* hvt trap entry stubs for vectors 0-31: save everything, call C. */

/* Vectors whose exceptions push an error code: 8 10-14 17 21 29 30.  The
 * others push a zero in its place, so every frame looks the same. */
.macro STUB n
    .p2align 4
.Ltrap\n:
    .if (\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
    .else
    pushq $0
    .endif
    pushq $\n
    jmp .Ltrap_common
.endm

    .text
    .irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    STUB \n
    .endr

/* Stack now: vector, error code, rip, cs, rflags, rsp, ss.  Push the
 * general registers so they form struct mirage__hvt_trap_frame, replace
 * the vector slot by CR2 and call mirage__hvt_trap(frame, vector). */
.Ltrap_common:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq 120(%rsp), %rsi
    movq %cr2, %rax
    movq %rax, 120(%rsp)
    movq %rsp, %rdi
    call mirage__hvt_trap
1:  hlt
    jmp 1b

    .section .rodata
    .p2align 3
    .globl mirage__hvt_trap_stubs
mirage__hvt_trap_stubs:
    .irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad .Ltrap\n
    .endr

    .section .note.GNU-stack, "", @progbits
