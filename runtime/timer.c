/* SPDX-License-Identifier: ISC */
/* One-shot timers in a binary min-heap ordered by deadline. */
#include "runtime_priv.h"

#include "platform.h"

#include <assert.h>
#include <stdlib.h>

/*
 * Sleeping fibers and engine timers share the heap.  Each timer records its
 * index in the heap, so cancelling or re-arming is O(log n) without a
 * search.
 */

#define UNARMED SIZE_MAX

static struct mirage_timer **heap;
static size_t heap_len, heap_cap;

static void place(size_t i, struct mirage_timer *t)
{
    heap[i] = t;
    t->heap_index = i;
}

static void sift_up(size_t i)
{
    struct mirage_timer *t = heap[i];

    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (heap[parent]->deadline <= t->deadline)
            break;
        place(i, heap[parent]);
        i = parent;
    }
    place(i, t);
}

static void sift_down(size_t i)
{
    struct mirage_timer *t = heap[i];

    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= heap_len)
            break;
        if (child + 1 < heap_len &&
            heap[child + 1]->deadline < heap[child]->deadline)
            child++;
        if (t->deadline <= heap[child]->deadline)
            break;
        place(i, heap[child]);
        i = child;
    }
    place(i, t);
}

static void grow(void)
{
    size_t cap = heap_cap ? heap_cap * 2 : 64;
    struct mirage_timer **h = realloc(heap, cap * sizeof(*h));

    if (!h)
        mirage_plat_abort("out of memory for timers");
    heap = h;
    heap_cap = cap;
}

void mirage_timer_init(struct mirage_timer *t,
                       void (*fn)(struct mirage_timer *t, void *arg), void *arg)
{
    t->deadline = 0;
    t->fn = fn;
    t->arg = arg;
    t->heap_index = UNARMED;
}

bool mirage_timer_armed(const struct mirage_timer *t)
{
    return t->heap_index != UNARMED;
}

void mirage_timer_arm(struct mirage_timer *t, uint64_t deadline_ns)
{
    size_t i = t->heap_index;

    assert(t->fn != NULL);
    if (i != UNARMED) {
        uint64_t old = t->deadline;
        assert(i < heap_len && heap[i] == t && "timer not initialised");
        t->deadline = deadline_ns;
        if (deadline_ns < old)
            sift_up(i);
        else
            sift_down(i);
        return;
    }
    if (heap_len == heap_cap)
        grow();
    t->deadline = deadline_ns;
    place(heap_len, t);
    heap_len++;
    sift_up(heap_len - 1);
}

void mirage_timer_cancel(struct mirage_timer *t)
{
    size_t i = t->heap_index;
    struct mirage_timer *last;

    if (i == UNARMED)
        return;
    assert(i < heap_len && heap[i] == t);
    t->heap_index = UNARMED;
    last = heap[--heap_len];
    if (last == t)
        return;
    place(i, last);
    if (i > 0 && heap[(i - 1) / 2]->deadline > last->deadline)
        sift_up(i);
    else
        sift_down(i);
}

uint64_t mirage__timer_next(void)
{
    return heap_len ? heap[0]->deadline : MIRAGE__NO_DEADLINE;
}

size_t mirage__timer_count(void)
{
    return heap_len;
}

/* Fires every timer due at now, earliest first.  A callback that re-arms
 * its timer at or before now fires again in this same call. */
void mirage__timer_run_expired(uint64_t now)
{
    while (heap_len > 0 && heap[0]->deadline <= now) {
        struct mirage_timer *t = heap[0];
        mirage_timer_cancel(t);
        t->fn(t, t->arg);
    }
}

/* After a run: forgets every armed timer (their owners may be gone). */
void mirage__timer_reset(void)
{
    for (size_t i = 0; i < heap_len; i++)
        heap[i]->heap_index = UNARMED;
    heap_len = 0;
    free(heap);
    heap = NULL;
    heap_cap = 0;
}
