/* SPDX-License-Identifier: ISC */
/* Exit and main-loop hooks, as Mirage_runtime's at_exit / at_enter_iter /
 * at_leave_iter. */
#ifndef MIRAGE_HOOKS_H
#define MIRAGE_HOOKS_H

/*
 * Hooks run last-registered-first.  Exit hooks run in a fiber once the
 * unikernel's start function has returned (or mirage_exit() was called) and
 * may block; iteration hooks run at the start and end of every event-loop
 * iteration and must not block.  A hook registered from inside a hook of the
 * same kind runs from the next round.
 *
 * Errors: -ENOMEM.
 */

int mirage_at_exit(void (*fn)(void *arg), void *arg);
int mirage_at_enter_iter(void (*fn)(void *arg), void *arg);
int mirage_at_leave_iter(void (*fn)(void *arg), void *arg);

/* Ends the unikernel from any fiber: runs the exit hooks, then exits with
 * status.  Does not return. */
_Noreturn void mirage_exit(int status);

#endif
