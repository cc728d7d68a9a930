/* SPDX-License-Identifier: ISC */
/* CONSOLE: a byte sink for human-readable output. */
#ifndef MIRAGE_CONSOLE_H
#define MIRAGE_CONSOLE_H

/*
 * The console of the platform (stdout on unix, the tender's stdout on
 * hvt/spt).  mirage_console_write() writes all of buf or fails; it may
 * suspend the fiber while the console drains.  Log lines go to the same
 * console through log.h.
 *
 * Errors: -EIO if the platform console failed.  A NULL console is a
 * programmer error.
 */

#include <stddef.h>
#include <sys/types.h>

struct mirage_console_ops;
struct mirage_console {
    const struct mirage_console_ops *ops;
};

static inline ssize_t mirage_console_write(struct mirage_console *c,
                                           const void *buf, size_t len);
/* printf-style convenience; returns the count written or an error. */
ssize_t mirage_console_printf(struct mirage_console *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The platform console (default_console in config.c). */
int mirage_console_default_connect(struct mirage_console **out);

/* Implementing this interface. */
struct mirage_console_ops {
    ssize_t (*write)(struct mirage_console *c, const void *buf, size_t len);
};

static inline ssize_t mirage_console_write(struct mirage_console *c,
                                           const void *buf, size_t len)
{
    return c->ops->write(c, buf, len);
}

#endif
