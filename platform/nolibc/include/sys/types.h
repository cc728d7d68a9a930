/* SPDX-License-Identifier: ISC */
/* nolibc: POSIX scalar types the portable code uses. */
#ifndef _NOLIBC_SYS_TYPES_H
#define _NOLIBC_SYS_TYPES_H

#include <stddef.h>

typedef long ssize_t;
typedef long off_t;

#endif
