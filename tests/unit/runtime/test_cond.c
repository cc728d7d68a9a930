/* SPDX-License-Identifier: ISC */
/* Sleeping, condition variables, deadlines and cancellation. */
#include "../../../runtime/runtime_priv.h"
#include "check.h"
#include "support.h"

#include <mirage.h>

#define MS 1000000ull

static void sleeper(void *arg)
{
    uint64_t ms = (uint64_t)(uintptr_t)arg;
    uint64_t start = mirage_now_ns();

    CHECK_INT_EQ(mirage_sleep_ns(ms * MS), 0);
    CHECK(mirage_now_ns() - start >= ms * MS);
    trace((char)('0' + ms / 10));
}

/* Fibers wake in deadline order, never early. */
static int sleep_order_main(void)
{
    struct mirage_fiber *f[4];
    const unsigned ms[4] = {40, 10, 30, 20};

    trace_reset();
    for (int i = 0; i < 4; i++)
        mirage_fiber_create(&f[i], NULL, sleeper, (void *)(uintptr_t)ms[i]);
    for (int i = 0; i < 4; i++)
        mirage_fiber_join(f[i]);
    CHECK_STR_EQ(trace_get(), "1234");
    CHECK_UINT_EQ(mirage__timer_count(), 0);
    return 0;
}

static struct mirage_cond cv = MIRAGE_COND_INIT;

static void cond_waiter(void *arg)
{
    CHECK_INT_EQ(mirage_cond_wait(&cv), 0);
    trace((char)(uintptr_t)arg);
}

/* signal wakes the longest waiter only; broadcast wakes all. */
static int signal_main(void)
{
    struct mirage_fiber *f[3];

    trace_reset();
    for (int i = 0; i < 3; i++)
        mirage_fiber_create(&f[i], NULL, cond_waiter,
                            (void *)(uintptr_t)('a' + i));
    mirage_yield(); /* all three now wait */
    mirage_cond_signal(&cv);
    mirage_yield();
    mirage_yield();
    CHECK_STR_EQ(trace_get(), "a");
    mirage_cond_broadcast(&cv);
    for (int i = 0; i < 3; i++)
        mirage_fiber_join(f[i]);
    CHECK_STR_EQ(trace_get(), "abc");
    CHECK(cv.head == NULL && cv.tail == NULL);
    mirage_cond_signal(&cv); /* no waiter: nothing happens */
    return 0;
}

/* wait_until: -ETIMEDOUT at the deadline; 0 (and no timer left) when
 * signalled first. */
static void signal_later(struct mirage_timer *t, void *arg)
{
    (void)t;
    mirage_cond_signal(arg);
}

static int wait_until_main(void)
{
    struct mirage_cond c = MIRAGE_COND_INIT;
    struct mirage_timer t;
    uint64_t start = mirage_now_ns();

    CHECK_INT_EQ(mirage_cond_wait_until(&c, start + 20 * MS), -ETIMEDOUT);
    CHECK(mirage_now_ns() - start >= 20 * MS);
    CHECK(c.head == NULL);
    mirage_timer_init(&t, signal_later, &c);
    start = mirage_now_ns();
    mirage_timer_arm(&t, start + 5 * MS);
    CHECK_INT_EQ(mirage_cond_wait_until(&c, start + 5000 * MS), 0);
    CHECK(mirage_now_ns() - start < 2000 * MS);
    CHECK_UINT_EQ(mirage__timer_count(), 0);
    return 0;
}

static void long_sleep(void *arg)
{
    *(int *)arg = mirage_sleep_ns(10000 * MS);
}

static void long_wait(void *arg)
{
    *(int *)arg = mirage_cond_wait(&cv);
}

/* Cancelling a sleeping fiber or a condition waiter wakes it at once with
 * -ECANCELED and leaves nothing behind. */
static int cancel_main(void)
{
    struct mirage_fiber *s, *w;
    int rs = 1, rw = 1;
    uint64_t start = mirage_now_ns();

    mirage_fiber_create(&s, NULL, long_sleep, &rs);
    mirage_fiber_create(&w, NULL, long_wait, &rw);
    mirage_yield();
    CHECK_UINT_EQ(mirage__timer_count(), 1);
    CHECK(cv.head != NULL);
    mirage_fiber_cancel(s);
    mirage_fiber_cancel(w);
    mirage_fiber_join(s);
    mirage_fiber_join(w);
    CHECK_INT_EQ(rs, -ECANCELED);
    CHECK_INT_EQ(rw, -ECANCELED);
    CHECK(mirage_now_ns() - start < 1000 * MS);
    CHECK_UINT_EQ(mirage__timer_count(), 0);
    CHECK(cv.head == NULL);
    return 0;
}

static void cancelled_early(void *arg)
{
    int *r = arg;

    CHECK(mirage_fiber_cancelled());
    r[0] = mirage_sleep_ns(MS);
    r[1] = mirage_cond_wait(&cv);
    r[2] = mirage_sleep_ns(0);
}

/* A fiber cancelled before it blocks: every blocking call fails. */
static int cancel_before_main(void)
{
    struct mirage_fiber *f;
    int r[3] = {1, 1, 1};

    mirage_fiber_create(&f, NULL, cancelled_early, r);
    mirage_fiber_cancel(f);
    mirage_fiber_join(f);
    CHECK_INT_EQ(r[0], -ECANCELED);
    CHECK_INT_EQ(r[1], -ECANCELED);
    CHECK_INT_EQ(r[2], -ECANCELED);
    return 0;
}

static void clear_trace(void *arg)
{
    (void)arg;
    trace_reset();
}

/* sleep 0 is a yield. */
static int sleep_zero_main(void)
{
    struct mirage_fiber *f;

    trace_reset();
    mirage_fiber_create(&f, NULL, clear_trace, NULL);
    trace('x');
    CHECK_INT_EQ(mirage_sleep_ns(0), 0);
    CHECK_STR_EQ(trace_get(), ""); /* the other fiber ran */
    mirage_fiber_join(f);
    return 0;
}

static void test_sleep_order(void)
{
    CHECK_INT_EQ(test_run(sleep_order_main), 0);
    CHECK_INT_EQ(test_run(sleep_zero_main), 0);
}

static void test_signal(void)
{
    CHECK_INT_EQ(test_run(signal_main), 0);
}

static void test_wait_until(void)
{
    CHECK_INT_EQ(test_run(wait_until_main), 0);
}

static void test_cancel(void)
{
    CHECK_INT_EQ(test_run(cancel_main), 0);
    CHECK_INT_EQ(test_run(cancel_before_main), 0);
}

int main(void)
{
    RUN(test_sleep_order);
    RUN(test_signal);
    RUN(test_wait_until);
    RUN(test_cancel);
    CHECK_DONE();
}
