/* SPDX-License-Identifier: ISC */
/* Timer heap tests: order under random deadlines, cancel, re-arm, in the loop.
 */
#include "../../../runtime/runtime_priv.h"
#include "check.h"
#include "support.h"

#include <mirage.h>
#include <stdlib.h>

#define N 2000

static struct mirage_timer timers[N];
static uint64_t fired[N];
static size_t nfired;

static void record(struct mirage_timer *t, void *arg)
{
    (void)arg;
    fired[nfired++] = t->deadline;
}

static bool sorted(void)
{
    for (size_t i = 1; i < nfired; i++)
        if (fired[i - 1] > fired[i])
            return false;
    return true;
}

/* Many random deadlines come out in order, each exactly once. */
static void test_heap_order(void)
{
    uint64_t min = UINT64_MAX;

    srand(12345);
    nfired = 0;
    for (int i = 0; i < N; i++) {
        mirage_timer_init(&timers[i], record, NULL);
        CHECK(!mirage_timer_armed(&timers[i]));
        uint64_t d = (uint64_t)(rand() % 100000) + 1;
        mirage_timer_arm(&timers[i], d);
        min = d < min ? d : min;
    }
    CHECK_UINT_EQ(mirage__timer_count(), N);
    CHECK_UINT_EQ(mirage__timer_next(), min);
    mirage__timer_run_expired(50000); /* only the due ones */
    for (size_t i = 0; i < nfired; i++)
        CHECK(fired[i] <= 50000);
    CHECK(mirage__timer_next() > 50000);
    mirage__timer_run_expired(UINT64_MAX - 1);
    CHECK_UINT_EQ(nfired, N);
    CHECK(sorted());
    CHECK_UINT_EQ(mirage__timer_count(), 0);
    CHECK_UINT_EQ(mirage__timer_next(), MIRAGE__NO_DEADLINE);
}

/* Cancelling any subset (from anywhere in the heap) keeps the rest in
 * order; cancelling twice is harmless. */
static void test_cancel(void)
{
    size_t kept = 0;

    srand(777);
    nfired = 0;
    for (int i = 0; i < N; i++) {
        mirage_timer_init(&timers[i], record, NULL);
        mirage_timer_arm(&timers[i], (uint64_t)(rand() % 5000));
    }
    for (int i = 0; i < N; i++) {
        if (rand() % 3 == 0) {
            mirage_timer_cancel(&timers[i]);
            mirage_timer_cancel(&timers[i]);
            CHECK(!mirage_timer_armed(&timers[i]));
        } else {
            kept++;
        }
    }
    CHECK_UINT_EQ(mirage__timer_count(), kept);
    mirage__timer_run_expired(UINT64_MAX - 1);
    CHECK_UINT_EQ(nfired, kept);
    CHECK(sorted());
}

/* Re-arming moves a timer earlier or later. */
static void test_rearm(void)
{
    nfired = 0;
    for (int i = 0; i < 10; i++) {
        mirage_timer_init(&timers[i], record, NULL);
        mirage_timer_arm(&timers[i], (uint64_t)(100 + i * 10));
    }
    mirage_timer_arm(&timers[9], 5);    /* latest becomes first */
    mirage_timer_arm(&timers[0], 1000); /* first becomes last */
    mirage_timer_arm(&timers[5], 150);  /* same place */
    CHECK_UINT_EQ(mirage__timer_count(), 10);
    CHECK_UINT_EQ(mirage__timer_next(), 5);
    mirage__timer_run_expired(UINT64_MAX - 1);
    CHECK_UINT_EQ(nfired, 10);
    CHECK_UINT_EQ(fired[0], 5);
    CHECK_UINT_EQ(fired[9], 1000);
    CHECK(sorted());
}

static int chain_count;

/* A callback may re-arm its own timer. */
static void chain(struct mirage_timer *t, void *arg)
{
    (void)arg;
    if (++chain_count < 5)
        mirage_timer_arm(t, t->deadline + 10);
}

static void test_rearm_in_callback(void)
{
    struct mirage_timer t;

    chain_count = 0;
    mirage_timer_init(&t, chain, NULL);
    mirage_timer_arm(&t, 10);
    mirage__timer_run_expired(25);
    CHECK_INT_EQ(chain_count, 2); /* fired at 10 and 20; next at 30 */
    CHECK(mirage_timer_armed(&t));
    mirage__timer_run_expired(1000);
    CHECK_INT_EQ(chain_count, 5);
    CHECK(!mirage_timer_armed(&t));
}

/* In the event loop, engine timers fire in deadline order at about the
 * right time. */
static struct mirage_cond loop_done = MIRAGE_COND_INIT;
static uint64_t loop_start;

static void loop_fire(struct mirage_timer *t, void *arg)
{
    trace((char)(uintptr_t)arg);
    CHECK(mirage_now_ns() >= t->deadline);
    if ((char)(uintptr_t)arg == 'c')
        mirage_cond_signal(&loop_done);
}

static int loop_main(void)
{
    struct mirage_timer a, b, c;

    trace_reset();
    loop_start = mirage_now_ns();
    mirage_timer_init(&a, loop_fire, (void *)'a');
    mirage_timer_init(&b, loop_fire, (void *)'b');
    mirage_timer_init(&c, loop_fire, (void *)'c');
    mirage_timer_arm(&c, loop_start + 30000000);
    mirage_timer_arm(&a, loop_start + 10000000);
    mirage_timer_arm(&b, loop_start + 20000000);
    CHECK_INT_EQ(mirage_cond_wait(&loop_done), 0);
    CHECK_STR_EQ(trace_get(), "abc");
    CHECK(mirage_now_ns() - loop_start >= 30000000);
    return 0;
}

static void test_in_loop(void)
{
    CHECK_INT_EQ(test_run(loop_main), 0);
}

int main(void)
{
    RUN(test_heap_order);
    RUN(test_cancel);
    RUN(test_rearm);
    RUN(test_rearm_in_callback);
    RUN(test_in_loop);
    mirage__timer_reset();
    CHECK_DONE();
}
