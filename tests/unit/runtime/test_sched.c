/* SPDX-License-Identifier: ISC */
/* Scheduler tests: FIFO start order, yield interleaving, join, detached fibers.
 */
#include "../../../runtime/runtime_priv.h"
#include "check.h"
#include "support.h"

#include <mirage.h>

static void put_char(void *arg)
{
    trace((char)(uintptr_t)arg);
}

/* Fibers start in creation order, at the next scheduling point. */
static int fifo_main(void)
{
    struct mirage_fiber *f[5];

    trace_reset();
    for (int i = 0; i < 5; i++)
        CHECK_INT_EQ(mirage_fiber_create(&f[i], NULL, put_char,
                                         (void *)(uintptr_t)('a' + i)),
                     0);
    CHECK_STR_EQ(trace_get(), ""); /* nothing ran inside create */
    for (int i = 0; i < 5; i++)
        CHECK_INT_EQ(mirage_fiber_join(f[i]), 0);
    CHECK_STR_EQ(trace_get(), "abcde");
    return 0;
}

static void yielder(void *arg)
{
    for (int i = 0; i < 3; i++) {
        trace((char)(uintptr_t)arg);
        mirage_yield();
    }
}

/* A yield lets every other ready fiber run once. */
static int yield_main(void)
{
    struct mirage_fiber *a, *b, *c;

    trace_reset();
    mirage_fiber_create(&a, NULL, yielder, (void *)'a');
    mirage_fiber_create(&b, NULL, yielder, (void *)'b');
    mirage_fiber_create(&c, NULL, yielder, (void *)'c');
    mirage_fiber_join(a);
    mirage_fiber_join(b);
    mirage_fiber_join(c);
    CHECK_STR_EQ(trace_get(), "abcabcabc");
    return 0;
}

/* The main fiber's own yields interleave with the others too. */
static int main_yield_main(void)
{
    struct mirage_fiber *a;

    trace_reset();
    mirage_fiber_create(&a, NULL, yielder, (void *)'a');
    for (int i = 0; i < 3; i++) {
        trace('M');
        mirage_yield();
    }
    mirage_fiber_join(a);
    CHECK_STR_EQ(trace_get(), "MaMaMa");
    return 0;
}

static void done_flag(void *arg)
{
    *(int *)arg = 1;
}

static int join_main(void)
{
    struct mirage_fiber *f;
    int flag = 0;

    CHECK_INT_EQ(mirage_fiber_create(&f, NULL, done_flag, &flag), 0);
    CHECK(!mirage_fiber_done(f));
    while (!mirage_fiber_done(f))
        mirage_yield();
    CHECK_INT_EQ(flag, 1);
    CHECK_INT_EQ(mirage_fiber_join(f), 0); /* already done: no wait */
    return 0;
}

static int counter;

static void count_up(void *arg)
{
    (void)arg;
    mirage_yield();
    counter++;
}

/* Detached fibers are freed by the loop once they return. */
static int detached_main(void)
{
    counter = 0;
    for (int i = 0; i < 200; i++)
        CHECK_INT_EQ(mirage_spawn(count_up, NULL), 0);
    CHECK_UINT_EQ(mirage__fiber_live(), 201);
    while (counter < 200)
        mirage_yield();
    mirage_yield(); /* one more iteration: the loop reaps them */
    CHECK_UINT_EQ(mirage__fiber_live(), 1);
    return 0;
}

static void check_self(void *arg)
{
    struct mirage_fiber **expected = arg;

    CHECK(mirage_fiber_self() == *expected);
    CHECK(!mirage_fiber_cancelled());
}

static int self_main(void)
{
    struct mirage_fiber *f;

    CHECK(mirage_fiber_self() != NULL);
    mirage_fiber_create(&f, NULL, check_self, &f);
    mirage_fiber_join(f);
    return 0;
}

/* A fiber may use most of its stack (the attr size is honoured). */
static void deep(void *arg)
{
    volatile char big[48 * 1024];

    for (size_t i = 0; i < sizeof(big); i += 512)
        big[i] = (char)i;
    *(int *)arg = big[512];
}

static int stack_main(void)
{
    struct mirage_fiber_attr attr = {128 * 1024, "deep"};
    struct mirage_fiber *f;
    int v = 0;

    CHECK_INT_EQ(mirage_fiber_create(&f, &attr, deep, &v), 0);
    mirage_fiber_join(f);
    CHECK_INT_EQ(v, (char)512);
    return 0;
}

static int status_main(void)
{
    return 42;
}

static int failing_main(void)
{
    return -ENOENT;
}

static void test_fifo(void)
{
    CHECK_INT_EQ(test_run(fifo_main), 0);
}

static void test_yield(void)
{
    CHECK_INT_EQ(test_run(yield_main), 0);
    CHECK_INT_EQ(test_run(main_yield_main), 0);
}

static void test_join(void)
{
    CHECK_INT_EQ(test_run(join_main), 0);
    CHECK_INT_EQ(test_run(self_main), 0);
}

static void test_detached(void)
{
    CHECK_INT_EQ(test_run(detached_main), 0);
    CHECK_UINT_EQ(mirage__fiber_live(), 0);
}

static void test_stack(void)
{
    CHECK_INT_EQ(test_run(stack_main), 0);
}

/* The start function's return value is the status; a negative errno is
 * reported and becomes 1. */
static void test_status(void)
{
    char out[512];

    CHECK_INT_EQ(test_run(status_main), 42);
    capture_begin();
    CHECK_INT_EQ(test_run(failing_main), 1);
    capture_end(out, sizeof(out));
    CHECK(strstr(out, "[ERROR] [application] the unikernel failed: No such "
                      "file or directory\n") != NULL);
}

int main(void)
{
    RUN(test_fifo);
    RUN(test_yield);
    RUN(test_join);
    RUN(test_detached);
    RUN(test_stack);
    RUN(test_status);
    CHECK_DONE();
}
