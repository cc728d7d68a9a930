/* SPDX-License-Identifier: ISC */
/* nolibc: non-local jumps (x86-64: callee-saved registers, stack, return). */
#ifndef _NOLIBC_SETJMP_H
#define _NOLIBC_SETJMP_H

/* rbx rbp r12 r13 r14 r15 rsp rip; no FPU state (guests use none). */
typedef unsigned long jmp_buf[8];

int setjmp(jmp_buf env) __attribute__((returns_twice));
_Noreturn void longjmp(jmp_buf env, int val);
#define setjmp setjmp

#endif
