/* SPDX-License-Identifier: ISC */
/* Exit and iteration hooks: LIFO order, registration from inside, mirage_exit.
 */
#include "../../../runtime/runtime_priv.h"
#include "check.h"
#include "support.h"

#include "platform.h"

#include <mirage.h>
#include <string.h>

static void put(void *arg)
{
    trace((char)(uintptr_t)arg);
}

static void late_exit_hook(void *arg)
{
    (void)arg;
    trace('L');
}

/* An exit hook that blocks, then registers another. */
static void blocking_exit_hook(void *arg)
{
    (void)arg;
    CHECK_INT_EQ(mirage_sleep_ns(1000000), 0);
    trace('S');
    mirage_at_exit(late_exit_hook, NULL);
}

static int exit_main(void)
{
    mirage_at_exit(put, (void *)'1');
    mirage_at_exit(blocking_exit_hook, NULL);
    mirage_at_exit(put, (void *)'3');
    trace('M');
    return 0;
}

/* Exit hooks run after start returns, last registered first; one
 * registered by a hook runs in a later round. */
static void test_exit_hooks(void)
{
    trace_reset();
    CHECK_INT_EQ(test_run(exit_main), 0);
    CHECK_STR_EQ(trace_get(), "M3S1L");
}

static int iterations;

static void count_iter(void *arg)
{
    (void)arg;
    iterations++;
}

static void inner_hook(void *arg)
{
    (void)arg;
    trace('i');
}

static bool registered;

static void registering_hook(void *arg)
{
    (void)arg;
    trace('r');
    if (!registered) {
        registered = true;
        mirage_at_enter_iter(inner_hook, NULL);
    }
}

/* Enter hooks: LIFO each iteration; a hook added by a hook first runs in
 * the next iteration.  Leave hooks run after every wait. */
static int iter_main(void)
{
    registered = false;
    iterations = 0;
    mirage_at_enter_iter(put, (void *)'a');
    mirage_at_enter_iter(registering_hook, NULL);
    mirage_at_leave_iter(count_iter, NULL);
    trace_reset();
    mirage_yield(); /* iteration 1: "ra" */
    CHECK_STR_EQ(trace_get(), "ra");
    mirage_yield(); /* iteration 2: "ira" */
    CHECK_STR_EQ(trace_get(), "raira");
    return 0;
}

static void test_iter_hooks(void)
{
    CHECK_INT_EQ(test_run(iter_main), 0);
    CHECK(iterations >= 2);
}

static void say_bye(void *arg)
{
    (void)arg;
    mirage_plat_console_write("bye\n", 4);
}

static int exiting_main(void)
{
    mirage_at_exit(say_bye, NULL);
    mirage_exit(7);
}

static void exit_child(void *arg)
{
    (void)arg;
    test_run(exiting_main);
    mirage_plat_console_write("not reached\n", 12);
}

/* mirage_exit runs the exit hooks and exits with its status. */
static void test_mirage_exit(void)
{
    char out[256];

    CHECK_INT_EQ(test_fork(exit_child, NULL, out, sizeof(out)), 7);
    CHECK_STR_EQ(out, "bye\n");
}

static void slow_bye(void *arg)
{
    (void)arg;
    CHECK_INT_EQ(mirage_sleep_ns(1000000), 0); /* a hook may block */
    mirage_plat_console_write("slow bye\n", 9);
}

static void exit_from_timer(struct mirage_timer *t, void *arg)
{
    (void)t;
    (void)arg;
    mirage_exit(3);
}

static int timer_exit_main(void)
{
    struct mirage_timer t;
    struct mirage_cond never = MIRAGE_COND_INIT;

    mirage_at_exit(slow_bye, NULL);
    mirage_timer_init(&t, exit_from_timer, NULL);
    mirage_timer_arm(&t, mirage_now_ns() + 1000000);
    return mirage_cond_wait(&never);
}

static void timer_exit_child(void *arg)
{
    (void)arg;
    test_run(timer_exit_main);
}

/* From an event handler (no fiber), the hooks still get a fiber. */
static void test_exit_from_handler(void)
{
    char out[256];

    CHECK_INT_EQ(test_fork(timer_exit_child, NULL, out, sizeof(out)), 3);
    CHECK_STR_EQ(out, "slow bye\n");
}

int main(void)
{
    RUN(test_exit_hooks);
    RUN(test_iter_hooks);
    RUN(test_mirage_exit);
    RUN(test_exit_from_handler);
    CHECK_DONE();
}
