/* SPDX-License-Identifier: ISC */
/* Fiber stacks: usable memory, and overflow into the guard page reported. */
#include "../runtime/support.h"
#include "check.h"
#include "platform.h"

#include <mirage.h>

static void test_alloc(void)
{
    size_t size = 64 * 1024;
    char *s = mirage_plat_stack_alloc(size);

    CHECK(s != NULL);
    CHECK(((uintptr_t)s & 4095) == 0);
    memset(s, 0xa5, size); /* every byte usable */
    mirage_plat_stack_free(s, size);
    s = mirage_plat_stack_alloc(1000); /* rounded up to a page */
    CHECK(s != NULL);
    memset(s, 1, 4096);
    mirage_plat_stack_free(s, 1000);
}

static void touch_guard(void *arg)
{
    char *s = mirage_plat_stack_alloc(16384);

    (void)arg;
    ((volatile char *)s)[-1] = 1;
}

static void null_deref(void *arg)
{
    mirage_plat_stack_free(mirage_plat_stack_alloc(16384), 16384);
    *(volatile int *)arg = 1;
}

static unsigned recurse(unsigned n)
{
    volatile char frame[512];

    frame[0] = (char)n;
    return n == 0 ? (unsigned)frame[0] : recurse(n - 1) + (unsigned)frame[0];
}

static void deep(void *arg)
{
    *(unsigned *)arg = recurse(1000000);
}

static int overflow_main(void)
{
    struct mirage_fiber *f;
    unsigned v = 0;

    mirage_fiber_create(&f, NULL, deep, &v);
    mirage_fiber_join(f);
    return (int)v;
}

static void overflow_child(void *arg)
{
    (void)arg;
    test_run(overflow_main);
}

/* A write just below a stack, or a fiber recursing without end, ends the
 * program with this message and 255; other faults are not blamed on it. */
static void test_guard(void)
{
    char out[4096];

    CHECK_INT_EQ(test_fork(touch_guard, NULL, out, sizeof(out)), 255);
    CHECK_STR_EQ(out, "fiber stack overflow\n");
    CHECK_INT_EQ(test_fork(overflow_child, NULL, out, sizeof(out)), 255);
    CHECK_STR_EQ(out, "fiber stack overflow\n");
    CHECK(test_fork(null_deref, NULL, out, sizeof(out)) != 0);
    CHECK(strstr(out, "fiber stack overflow") == NULL);
}

int main(void)
{
    RUN(test_alloc);
    RUN(test_guard);
    CHECK_DONE();
}
