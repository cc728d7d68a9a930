/* SPDX-License-Identifier: ISC */
/* The loop polls devices often enough while fibers keep yielding. */
#include "check.h"
#include "support.h"

#include <mirage.h>
#include <mirage/io.h>

#include "unix/plat_unix.h"

#include <unistd.h>

static unsigned handle;
static int woke_after = -1; /* the yields of the busy fiber before */
static int yields;

static void device_waiter(void *arg)
{
    (void)arg;
    CHECK_INT_EQ(mirage_cond_wait(mirage_io_cond(handle)), 0);
    woke_after = yields;
}

static bool slept;

static void sleeper(void *arg)
{
    (void)arg;
    mirage_sleep_ns(2000000);
    slept = true;
}

/* A fiber that always yields keeps the run queue non-empty: the device
 * (a pipe) that becomes ready meanwhile must still be seen within a few
 * iterations, not only once the queue drains. */
static int busy_main(void)
{
    int fds[2];
    struct mirage_fiber *w;

    CHECK_INT_EQ(pipe(fds), 0);
    CHECK_INT_EQ(mirage_plat_unix_watch_fd(fds[0], &handle), 0);
    mirage_fiber_create(&w, NULL, device_waiter, NULL);
    mirage_yield(); /* the waiter blocks */
    CHECK_INT_EQ((int)write(fds[1], "x", 1), 1);
    for (yields = 0; yields < 1000 && woke_after < 0; yields++)
        mirage_yield();
    CHECK(woke_after >= 0);
    CHECK(woke_after <= 8);
    mirage_fiber_join(w);
    /* A timer fires while the queue stays busy too. */
    struct mirage_fiber *sl;
    mirage_fiber_create(&sl, NULL, sleeper, NULL);
    uint64_t limit = mirage_now_ns() + 2000000000ull;
    while (!slept && mirage_now_ns() < limit)
        mirage_yield();
    CHECK(slept);
    mirage_fiber_join(sl);
    close(fds[0]);
    close(fds[1]);
    return 0;
}

static void test_busy_poll(void)
{
    CHECK_INT_EQ(test_run(busy_main), 0);
}

int main(void)
{
    RUN(test_busy_poll);
    CHECK_DONE();
}
