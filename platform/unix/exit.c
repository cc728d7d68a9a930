/* SPDX-License-Identifier: ISC */
/* The end: exit with a status, or abort with a message and status 255. */
#include "unix_priv.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The console writes straight to fd 1, so only what the application put
 * in stdio buffers needs flushing; atexit handlers do not run, as in a
 * guest. */
_Noreturn void mirage_plat_exit(int status)
{
    fflush(stdout);
    fflush(stderr);
    _exit(status & 0xff);
}

_Noreturn void mirage_plat_abort(const char *why)
{
    static const char prefix[] = "mirage: abort: ";

    fflush(stdout);
    if (write(STDERR_FILENO, prefix, sizeof(prefix) - 1) >= 0 &&
        write(STDERR_FILENO, why, strlen(why)) >= 0)
        (void)!write(STDERR_FILENO, "\n", 1);
    _exit(255);
}
