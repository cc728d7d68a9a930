/* SPDX-License-Identifier: ISC */
/* Helpers for runtime tests: run a function as the main fiber, fork, capture.
 */
#ifndef MIRAGE_TEST_RUNTIME_SUPPORT_H
#define MIRAGE_TEST_RUNTIME_SUPPORT_H

#include <stddef.h>

/* Runs fn as the main fiber of a unikernel named "test" (through
 * mirage_main, no arguments); returns the exit status. */
int test_run(int (*fn)(void));

/* Runs fn(arg) in a forked child with stdout and stderr captured into out
 * (NUL-terminated, truncated to len).  Returns the child's exit status, or
 * 128 + the signal that killed it. */
int test_fork(void (*fn)(void *arg), void *arg, char *out, size_t len);

/* Redirects stdout (fd 1) to a temporary file until capture_end(), which
 * copies what was written into out (NUL-terminated) and returns its
 * length. */
void capture_begin(void);
size_t capture_end(char *out, size_t len);

/* Appends one character to a small log, for checking orders of events. */
void trace(char c);
/* The log so far; trace_reset() empties it. */
const char *trace_get(void);
void trace_reset(void);

#endif
