/* SPDX-License-Identifier: ISC */
/* Public extras of the unix platform for unix-only libraries. */
#ifndef MIRAGE_PLAT_UNIX_H
#define MIRAGE_PLAT_UNIX_H

/*
 * mirage_plat_unix_watch_fd adds the host file descriptor FD to the set
 * mirage_plat_wait polls for input, under a new handle stored in *HANDLE:
 * when FD is readable (or in error or hung up) the wait reports that
 * handle ready, so a library registers its callback with
 * mirage_io_watch(*HANDLE, fn, arg).  For host facilities that have no
 * platform device (e.g. an epoll instance of host sockets).
 *
 * The handle is not a network or block device: the mirage_plat_net_* and
 * mirage_plat_block_* calls refuse it.  FD stays owned by the caller and
 * must stay open; the watch lasts for the life of the process (there is
 * no unwatch).  Returns 0, -EBADF if FD is negative, -EBUSY if FD is
 * already watched, or -ENOMEM if the platform's table of handles is full.
 */
int mirage_plat_unix_watch_fd(int fd, unsigned *handle);

#endif
