/* SPDX-License-Identifier: ISC */
/* The console: standard output, written completely. */
#include "unix_priv.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

void mirage_plat_console_write(const char *buf, size_t len)
{
    /* What the application printed through stdio comes first. */
    fflush(stdout);
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, buf, len);
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
        } else if (n < 0 && errno == EAGAIN) {
            /* stdout inherited non-blocking: wait until it drains. */
            struct pollfd p = {STDOUT_FILENO, POLLOUT, 0};
            poll(&p, 1, -1);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            return; /* best effort: a closed console loses the rest */
        }
    }
}
