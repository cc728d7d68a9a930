/* SPDX-License-Identifier: ISC */
/* timeout2: timeout1 as a race of the task and the timeout (Lwt.pick). */
#include <mirage.h>

#include "mirage/keys.h"

struct sleeper {
    struct mirage_time *time;
    uint64_t ms;
};

static void sleeper(void *arg)
{
    struct sleeper *s = arg;

    mirage_time_sleep_ns(s->time, s->ms * 1000000);
}

int unikernel_start(struct mirage_time *time, struct mirage_random *random)
{
    struct sleeper task = {time, mirage_random_uniform(random, 3000)};
    struct sleeper timeout = {time, 2000};
    struct mirage_fiber *fs[2];
    int err;

    mirage_log_info(&mirage_log_app,
                    "The task takes %u ms, the timeout is "
                    "2000 ms",
                    (unsigned)task.ms);
    err = mirage_fiber_create(&fs[0], NULL, sleeper, &task);
    if (err < 0)
        return err;
    err = mirage_fiber_create(&fs[1], NULL, sleeper, &timeout);
    if (err < 0) {
        mirage_fiber_cancel(fs[0]);
        mirage_fiber_join(fs[0]);
        return err;
    }
    /* The first to return wins; pick cancels and joins the other. */
    int first = mirage_fiber_pick(fs, 2);
    if (first < 0)
        return first;
    mirage_log_info(&mirage_log_app, "%s", first == 0 ? "Heads" : "Cancelled");
    return 0;
}
