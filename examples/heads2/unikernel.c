/* SPDX-License-Identifier: ISC */
/* heads2: heads1 written with one call that joins both fibers (Lwt's <&>). */
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

/* Runs fn(args[i]) for every i in fibers of their own and returns once all
 * have returned: 0, or the error that kept one from starting. */
static int join_all(mirage_fiber_fn fn, void **args, size_t n)
{
    struct mirage_fiber *fs[8];
    size_t started = 0;
    int err = 0;

    if (n > 8)
        return -EINVAL;
    while (started < n && err == 0) {
        err = mirage_fiber_create(&fs[started], NULL, fn, args[started]);
        started += err == 0;
    }
    for (size_t i = 0; i < started; i++)
        mirage_fiber_join(fs[i]);
    return err;
}

int unikernel_start(struct mirage_time *time)
{
    struct flip heads = {time, 1000000000, "Heads"};
    struct flip tails = {time, 2000000000, "Tails"};
    void *both[] = {&heads, &tails};
    int err = join_all(flip, both, 2);

    if (err < 0)
        return err;
    mirage_log_info(&mirage_log_app, "Finished");
    return 0;
}
