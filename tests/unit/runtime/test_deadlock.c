/* SPDX-License-Identifier: ISC */
/* A unikernel that can never wake exits 255 with one line instead of hanging.
 */
#include "../../../runtime/runtime_priv.h"
#include "check.h"
#include "support.h"

#include <mirage.h>

static struct mirage_cond never = MIRAGE_COND_INIT;

static void wait_forever(void *arg)
{
    (void)arg;
    mirage_cond_wait(&never);
}

static int stuck_main(void)
{
    struct mirage_fiber *f;

    mirage_fiber_create(&f, NULL, wait_forever, NULL);
    mirage_fiber_join(f);
    return 0;
}

static void stuck_child(void *arg)
{
    (void)arg;
    test_run(stuck_main);
}

static void test_deadlock(void)
{
    char out[512];

    CHECK_INT_EQ(test_fork(stuck_child, NULL, out, sizeof(out)), 255);
    CHECK_STR_EQ(out, "test: deadlock: every fiber is blocked and no timer, "
                      "device or ready fiber can wake them\n");
}

static void wake_up(struct mirage_timer *t, void *arg)
{
    (void)t;
    mirage_cond_signal(arg);
}

/* A pending timer, or a fiber waiting on a device, is not a deadlock. */
static int timer_main(void)
{
    struct mirage_cond c = MIRAGE_COND_INIT;
    struct mirage_timer t;

    mirage_timer_init(&t, wake_up, &c);
    mirage_timer_arm(&t, mirage_now_ns() + 20000000);
    return mirage_cond_wait(&c);
}

static void device_watcher(void *arg)
{
    (void)arg;
    /* Handle 5 never becomes ready: only the cancel below wakes us. */
    CHECK_INT_EQ(mirage_cond_wait(mirage_io_cond(5)), -ECANCELED);
}

static int io_main(void)
{
    struct mirage_fiber *f;

    mirage_fiber_create(&f, NULL, device_watcher, NULL);
    mirage_yield();
    CHECK(mirage__io_waited());
    CHECK_INT_EQ(mirage_sleep_ns(10000000), 0);
    mirage_fiber_cancel(f);
    mirage_fiber_join(f);
    CHECK(!mirage__io_waited());
    return 0;
}

static void test_not_deadlock(void)
{
    CHECK_INT_EQ(test_run(timer_main), 0);
    CHECK_INT_EQ(test_run(io_main), 0);
}

int main(void)
{
    RUN(test_deadlock);
    RUN(test_not_deadlock);
    CHECK_DONE();
}
