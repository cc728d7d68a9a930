/* SPDX-License-Identifier: ISC */
/* heads1: two fibers, "Heads" after 1 s and "Tails" after 2 s, joined. */
#include <mirage.h>

#include "mirage/keys.h"

struct flip {
    struct mirage_time *time;
    uint64_t delay_ns;
    const char *word;
};

static void flip(void *arg)
{
    struct flip *f = arg;

    if (mirage_time_sleep_ns(f->time, f->delay_ns) == 0)
        mirage_log_info(&mirage_log_app, "%s", f->word);
}

int unikernel_start(struct mirage_time *time)
{
    struct flip heads = {time, 1000000000, "Heads"};
    struct flip tails = {time, 2000000000, "Tails"};
    struct mirage_fiber *h, *t;
    int err;

    err = mirage_fiber_create(&h, NULL, flip, &heads);
    if (err < 0)
        return err;
    err = mirage_fiber_create(&t, NULL, flip, &tails);
    if (err < 0) {
        mirage_fiber_join(h);
        return err;
    }
    /* Both run meanwhile: joining h first does not delay t. */
    mirage_fiber_join(h);
    mirage_fiber_join(t);
    mirage_log_info(&mirage_log_app, "Finished");
    return 0;
}
