/* SPDX-License-Identifier: ISC */
/* mirage_fiber_pick: the first of several fibers to return wins (Lwt.pick). */
#include "runtime_priv.h"

#include <assert.h>

/* The finished fiber that finished first, or -1. */
static int first_done(struct mirage_fiber **fs, size_t n)
{
    int best = -1;

    for (size_t i = 0; i < n; i++) {
        if (fs[i]->state != MIRAGE__FIBER_DONE)
            continue;
        if (best < 0 || fs[i]->done_seq < fs[best]->done_seq)
            best = (int)i;
    }
    return best;
}

/* Joins f even if the caller has been cancelled. */
static void join_anyway(struct mirage_fiber *f)
{
    while (f->state != MIRAGE__FIBER_DONE)
        mirage__wait(&f->done_cond, MIRAGE__NO_DEADLINE, false);
    mirage__fiber_free(f);
}

int mirage_fiber_pick(struct mirage_fiber **fs, size_t n)
{
    struct mirage_cond any = MIRAGE_COND_INIT;
    int first, r = 0;

    assert(fs != NULL && n > 0 && n <= (size_t)INT32_MAX);
    for (size_t i = 0; i < n; i++) {
        assert(!fs[i]->detached && fs[i]->notify == NULL);
        fs[i]->notify = &any;
    }
    while ((first = first_done(fs, n)) < 0) {
        r = mirage__wait(&any, MIRAGE__NO_DEADLINE, true);
        if (r < 0)
            break;
    }
    for (size_t i = 0; i < n; i++) {
        fs[i]->notify = NULL;
        if ((int)i != first)
            mirage_fiber_cancel(fs[i]);
    }
    for (size_t i = 0; i < n; i++)
        join_anyway(fs[i]);
    return r < 0 ? r : first;
}
