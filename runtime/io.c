/* SPDX-License-Identifier: ISC */
/* Device readiness: one condition and one optional callback per handle. */
#include "runtime_priv.h"

#include <assert.h>

struct watch {
    void (*fn)(unsigned h, void *arg);
    void *arg;
};

static struct mirage_cond conds[MIRAGE_IO_MAX_HANDLES];
static struct watch watches[MIRAGE_IO_MAX_HANDLES];
static uint64_t watched; /* bit h: handle h has a callback */

struct mirage_cond *mirage_io_cond(unsigned h)
{
    assert(h < MIRAGE_IO_MAX_HANDLES);
    return &conds[h];
}

void mirage_io_watch(unsigned h, void (*fn)(unsigned h, void *arg), void *arg)
{
    assert(h < MIRAGE_IO_MAX_HANDLES);
    watches[h].fn = fn;
    watches[h].arg = fn ? arg : NULL;
    if (fn)
        watched |= (uint64_t)1 << h;
    else
        watched &= ~((uint64_t)1 << h);
}

/* True if a device becoming ready could wake anything. */
bool mirage__io_waited(void)
{
    if (watched)
        return true;
    for (unsigned h = 0; h < MIRAGE_IO_MAX_HANDLES; h++)
        if (conds[h].head)
            return true;
    return false;
}

void mirage__io_dispatch(uint64_t ready)
{
    while (ready) {
        unsigned h = (unsigned)__builtin_ctzll(ready);
        ready &= ready - 1;
        mirage_cond_broadcast(&conds[h]);
        if (watches[h].fn)
            watches[h].fn(h, watches[h].arg);
    }
}

void mirage__io_reset(void)
{
    for (unsigned h = 0; h < MIRAGE_IO_MAX_HANDLES; h++) {
        mirage_cond_init(&conds[h]);
        watches[h].fn = NULL;
        watches[h].arg = NULL;
    }
    watched = 0;
}
