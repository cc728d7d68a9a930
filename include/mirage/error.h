/* SPDX-License-Identifier: ISC */
/* Error convention of every Mirage/C interface. */
#ifndef MIRAGE_ERROR_H
#define MIRAGE_ERROR_H

/*
 * Functions return 0 or a non-negative count on success and a negative errno
 * value (-ENOMEM, -ECONNRESET, -ETIMEDOUT, -ECANCELED, ...) on failure.  The
 * values are Linux's on every target (platform/nolibc's <errno.h> carries the
 * same numbers), so an error crosses targets unchanged.
 *
 * Errors: mirage_strerror() never fails; an unknown code gets a generic name.
 */

#include <errno.h>

/* Returns a static, human-readable name for err (negative or positive). */
const char *mirage_strerror(int err);

#endif
