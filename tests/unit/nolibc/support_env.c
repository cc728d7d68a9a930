/* SPDX-License-Identifier: ISC */
/* What nolibc expects from its environment, for host unit tests. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "nolibc_test.h"

jmp_buf *nolibc_test_fatal_jmp;
const char *nolibc_test_fatal_why;

_Noreturn void mirage__nolibc_fatal(const char *why)
{
    nolibc_test_fatal_why = why;
    if (nolibc_test_fatal_jmp)
        longjmp(*nolibc_test_fatal_jmp, 1);
    fprintf(stderr, "nolibc fatal: %s\n", why);
    abort();
}
