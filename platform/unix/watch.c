/* SPDX-License-Identifier: ISC */
/* Watching a caller's file descriptor in the platform wait (plat_unix.h). */
#include "plat_unix.h"
#include "unix_priv.h"

#include <errno.h>
#include <stdio.h>

int mirage_plat_unix_watch_fd(int fd, unsigned *handle)
{
    char name[32];
    int h;

    if (fd < 0)
        return -EBADF;
    /* One watch per descriptor number: the name keeps them apart. */
    snprintf(name, sizeof(name), "(watch fd %d)", fd);
    h = mirage__unix_dev_reserve(name, MIRAGE__UNIX_WATCH);
    if (h < 0)
        return h;
    mirage__unix_devs[h].fd = fd;
    mirage__unix_wait_add((unsigned)h, fd);
    *handle = (unsigned)h;
    return 0;
}
