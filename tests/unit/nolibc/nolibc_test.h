/* SPDX-License-Identifier: ISC */
/* Shared declarations of the nolibc unit tests. */
#ifndef NOLIBC_TEST_H
#define NOLIBC_TEST_H

#include <setjmp.h>

#include "nolibc/nolibc_impl.h"

/* When set, mirage__nolibc_fatal() longjmps here instead of aborting. */
extern jmp_buf *nolibc_test_fatal_jmp;
extern const char *nolibc_test_fatal_why;

#endif
