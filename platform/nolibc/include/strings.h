/* SPDX-License-Identifier: ISC */
/* nolibc: case-insensitive comparisons (POSIX strings.h). */
#ifndef _NOLIBC_STRINGS_H
#define _NOLIBC_STRINGS_H

#include <stddef.h>

int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);

#endif
