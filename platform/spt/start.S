/* SPDX-License-Identifier: ISC */
/* spt entry point, and the ELF notes that make this an spt image. */

/* ABI1 note (owner "Solo5", type "ABI1"): target 2 = spt, ABI version 2.
 * It lives in the object that defines _start, so every image has it. */
    .section .note.solo5.abi, "a", @note
    .p2align 2
    .long 6                 /* n_namesz: "Solo5\0" */
    .long 16                /* n_descsz */
    .long 0x31494241        /* n_type: "ABI1" */
    .asciz "Solo5"
    .p2align 2
    .long 2                 /* abi_target: spt */
    .long 2                 /* abi_version */
    .long 0, 0

/* A PT_INTERP that does not exist, so the host kernel refuses to run the
 * image as a program. */
    .section .interp, "a", @progbits
    .asciz "/nonexistent/mirage/"

/* The tender jumps here (no return address) with RDI = the boot info
 * (0x11000) and RSP = top of memory - 8; other registers are leftovers. */
    .text
    .globl _start
    .type _start, @function
_start:
    xorl %ebp, %ebp         /* ends the frame-pointer chain */
    andq $-16, %rsp
    call mirage__spt_start
    ud2                     /* not reached: mirage__spt_start exits */
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
