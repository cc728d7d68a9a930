/* SPDX-License-Identifier: ISC */
/* timeout1: a task of random length (0-3 s) is cancelled if still running
 * after 2 s, by checking its state and cancelling it (Lwt.state + cancel). */
#include <mirage.h>

#include "mirage/keys.h"

struct task {
    struct mirage_time *time;
    uint64_t ms;
    bool finished;
};

static void task(void *arg)
{
    struct task *t = arg;

    t->finished = mirage_time_sleep_ns(t->time, t->ms * 1000000) == 0;
}

int unikernel_start(struct mirage_time *time, struct mirage_random *random)
{
    struct task t = {time, mirage_random_uniform(random, 3000), false};
    struct mirage_fiber *f;
    int err;

    mirage_log_info(&mirage_log_app,
                    "The task takes %u ms, the timeout is "
                    "2000 ms",
                    (unsigned)t.ms);
    err = mirage_fiber_create(&f, NULL, task, &t);
    if (err < 0)
        return err;
    err = mirage_time_sleep_ns(time, 2000000000);
    if (!mirage_fiber_done(f))
        mirage_fiber_cancel(f);
    mirage_fiber_join(f);
    if (err < 0)
        return err;
    mirage_log_info(&mirage_log_app, "%s", t.finished ? "Heads" : "Cancelled");
    return 0;
}
