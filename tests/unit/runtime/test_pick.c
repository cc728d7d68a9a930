/* SPDX-License-Identifier: ISC */
/* pick (first wins, the others are cancelled and joined) and join_until. */
#include "../../../runtime/runtime_priv.h"
#include "check.h"
#include "support.h"

#include <mirage.h>

#define MS 1000000ull

static int results[4];

static void sleep_then_record(void *arg)
{
    uintptr_t i = (uintptr_t)arg;
    static const unsigned ms[4] = {400, 10, 800,
                                   5000}; /* wide gaps: load-proof */

    results[i] = mirage_sleep_ns(ms[i] * MS);
}

static int pick_main(void)
{
    struct mirage_fiber *fs[4];
    uint64_t start = mirage_now_ns();

    for (uintptr_t i = 0; i < 4; i++) {
        results[i] = 1;
        mirage_fiber_create(&fs[i], NULL, sleep_then_record, (void *)i);
    }
    CHECK_INT_EQ(mirage_fiber_pick(fs, 4), 1);
    CHECK(mirage_now_ns() - start < 1000 * MS);
    CHECK_INT_EQ(results[1], 0);
    CHECK_INT_EQ(results[0], -ECANCELED);
    CHECK_INT_EQ(results[2], -ECANCELED);
    CHECK_INT_EQ(results[3], -ECANCELED);
    CHECK_UINT_EQ(mirage__fiber_live(), 1); /* all joined and freed */
    CHECK_UINT_EQ(mirage__timer_count(), 0);
    return 0;
}

static void quick(void *arg)
{
    (void)arg;
}

/* Already finished fibers: the one that finished first wins. */
static int pick_done_main(void)
{
    struct mirage_fiber *fs[3];

    mirage_fiber_create(&fs[2], NULL, quick, NULL);
    mirage_fiber_create(&fs[0], NULL, sleep_then_record, (void *)3);
    mirage_fiber_create(&fs[1], NULL, quick, NULL);
    mirage_yield();
    CHECK_INT_EQ(mirage_fiber_pick(fs, 3), 2);
    CHECK_INT_EQ(results[3], -ECANCELED);
    return 0;
}

static void picker(void *arg)
{
    struct mirage_fiber *fs[2];

    mirage_fiber_create(&fs[0], NULL, sleep_then_record, (void *)0);
    mirage_fiber_create(&fs[1], NULL, sleep_then_record, (void *)3);
    *(int *)arg = mirage_fiber_pick(fs, 2);
}

/* A cancelled picker cancels and joins everything it picks from. */
static int pick_cancel_main(void)
{
    struct mirage_fiber *p;
    int r = 1;

    results[0] = results[3] = 1;
    mirage_fiber_create(&p, NULL, picker, &r);
    mirage_yield();
    mirage_yield();
    mirage_fiber_cancel(p);
    mirage_fiber_join(p);
    CHECK_INT_EQ(r, -ECANCELED);
    CHECK_INT_EQ(results[0], -ECANCELED);
    CHECK_INT_EQ(results[3], -ECANCELED);
    CHECK_UINT_EQ(mirage__fiber_live(), 1);
    return 0;
}

static void sleep_30ms(void *arg)
{
    (void)arg;
    mirage_sleep_ns(30 * MS);
}

/* join_until gives up at its deadline; the fiber stays joinable. */
static int join_until_main(void)
{
    struct mirage_fiber *f;
    uint64_t start = mirage_now_ns();

    mirage_fiber_create(&f, NULL, sleep_30ms, NULL);
    CHECK_INT_EQ(mirage_fiber_join_until(f, start + 10 * MS), -ETIMEDOUT);
    CHECK(mirage_now_ns() - start >= 10 * MS);
    CHECK(!mirage_fiber_done(f));
    CHECK_INT_EQ(mirage_fiber_join_until(f, start + 5000 * MS), 0);
    CHECK(mirage_now_ns() - start >= 30 * MS);
    CHECK_UINT_EQ(mirage__timer_count(), 0);
    return 0;
}

static void joiner(void *arg)
{
    struct mirage_fiber **target = arg;

    CHECK_INT_EQ(mirage_fiber_join(*target), -ECANCELED);
}

/* A cancelled joiner returns -ECANCELED; the target is still joinable. */
static int join_cancel_main(void)
{
    struct mirage_fiber *target, *j;

    mirage_fiber_create(&target, NULL, sleep_30ms, NULL);
    mirage_fiber_create(&j, NULL, joiner, &target);
    mirage_yield();
    mirage_fiber_cancel(j);
    CHECK_INT_EQ(mirage_fiber_join(j), 0);
    CHECK_INT_EQ(mirage_fiber_join(target), 0);
    return 0;
}

static void test_pick(void)
{
    CHECK_INT_EQ(test_run(pick_main), 0);
    CHECK_INT_EQ(test_run(pick_done_main), 0);
    CHECK_INT_EQ(test_run(pick_cancel_main), 0);
}

static void test_join_until(void)
{
    CHECK_INT_EQ(test_run(join_until_main), 0);
    CHECK_INT_EQ(test_run(join_cancel_main), 0);
}

int main(void)
{
    RUN(test_pick);
    RUN(test_join_until);
    CHECK_DONE();
}
