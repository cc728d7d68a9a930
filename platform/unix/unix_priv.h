/* SPDX-License-Identifier: ISC */
/* Internals of the unix platform: the table of acquired devices. */
#ifndef MIRAGE_UNIX_PRIV_H
#define MIRAGE_UNIX_PRIV_H

#include "platform.h"

#include <stdbool.h>
#include <stdint.h>

enum mirage__unix_kind {
    MIRAGE__UNIX_FREE = 0,
    MIRAGE__UNIX_NET,
    MIRAGE__UNIX_BLOCK,
    MIRAGE__UNIX_WATCH, /* a caller's fd in the wait (watch.c) */
};

/* One acquired device; the index in the table is its handle. */
struct mirage__unix_dev {
    enum mirage__unix_kind kind;
    int fd;
    char *name;
    size_t mtu;        /* net */
    uint64_t capacity; /* block, bytes */
    bool read_only;    /* block */
};

#define MIRAGE__UNIX_MAX_DEVS 64

extern struct mirage__unix_dev mirage__unix_devs[MIRAGE__UNIX_MAX_DEVS];

/* Reserves a handle for name; -EBUSY if already acquired, -ENOMEM if the
 * table is full. */
int mirage__unix_dev_reserve(const char *name, enum mirage__unix_kind kind);
/* Gives back a reserved handle after a failed acquire. */
void mirage__unix_dev_release(unsigned h);
/* The device behind h if it is of that kind, else NULL. */
struct mirage__unix_dev *mirage__unix_dev_get(mirage_plat_handle_t h,
                                              enum mirage__unix_kind kind);
/* wait.c: polls fd for input as handle h. */
void mirage__unix_wait_add(unsigned h, int fd);
/* clock.c: CLOCK_MONOTONIC in ns (absolute, not since start). */
uint64_t mirage__unix_clock_raw(void);
/* stack.c: forgets the fibers' guard pages. */
void mirage__unix_stack_reset(void);

#endif
