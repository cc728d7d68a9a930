/* SPDX-License-Identifier: ISC */
/* Fiber life cycle: creation, stacks, completion, join, cancel. */
#include "runtime_priv.h"

#include "platform.h"

#include <assert.h>
#include <stdlib.h>

/* AddressSanitizer's frames are larger: give sanitized builds more stack. */
#if defined(__SANITIZE_ADDRESS__)
#define STACK_SCALE 4
void __asan_unpoison_memory_region(const volatile void *addr, size_t size);
#else
#define STACK_SCALE 1
#endif

/* A few default-size stacks are kept for reuse: mapping a stack (and its
 * guard page) costs far more than the rest of a spawn. */
#define STACK_CACHE_MAX 32
#define MIN_STACK (8192 * STACK_SCALE)

static void *stack_cache[STACK_CACHE_MAX];
static size_t stack_cache_len;
static struct mirage_fiber *all_fibers;
static struct mirage_fiber *zombies; /* finished detached fibers */
static size_t live_fibers;
static uint64_t done_counter;

static size_t default_stack(void)
{
    return (size_t)MIRAGE_FIBER_STACK_DEFAULT * STACK_SCALE;
}

static void *stack_get(size_t size)
{
    if (size == default_stack() && stack_cache_len > 0) {
        void *s = stack_cache[--stack_cache_len];
#if defined(__SANITIZE_ADDRESS__)
        /* Frames that never returned (the fiber's last) stay poisoned. */
        __asan_unpoison_memory_region(s, size);
#endif
        return s;
    }
    return mirage_plat_stack_alloc(size);
}

/* Unmapped memory may be mapped again for anything: it must not keep the
 * poison of the frames that never returned. */
static void stack_release(void *s, size_t size)
{
#if defined(__SANITIZE_ADDRESS__)
    __asan_unpoison_memory_region(s, size);
#endif
    mirage_plat_stack_free(s, size);
}

static void stack_put(void *s, size_t size)
{
    if (size == default_stack() && stack_cache_len < STACK_CACHE_MAX)
        stack_cache[stack_cache_len++] = s;
    else
        stack_release(s, size);
}

int mirage__fiber_new(struct mirage_fiber **out,
                      const struct mirage_fiber_attr *attr, mirage_fiber_fn fn,
                      void *arg, bool detached)
{
    struct mirage_fiber *f = calloc(1, sizeof(*f));
    size_t size = attr && attr->stack_size ? attr->stack_size * STACK_SCALE
                                           : default_stack();

    if (size < MIN_STACK)
        size = MIN_STACK;
    if (!f)
        return -ENOMEM;
    f->stack = stack_get(size);
    if (!f->stack) {
        free(f);
        return -ENOMEM;
    }
    f->stack_size = size;
    f->fn = fn;
    f->arg = arg;
    f->name = attr ? attr->name : NULL;
    f->detached = detached;
    mirage_cond_init(&f->done_cond);
    mirage__sched_init_ctx(f);
    f->all_next = all_fibers;
    if (all_fibers)
        all_fibers->all_prev = f;
    all_fibers = f;
    live_fibers++;
    f->state = MIRAGE__FIBER_READY;
    mirage__sched_ready(f);
    if (out)
        *out = f;
    return 0;
}

int mirage_fiber_create(struct mirage_fiber **out,
                        const struct mirage_fiber_attr *attr,
                        mirage_fiber_fn fn, void *arg)
{
    assert(out != NULL && fn != NULL);
    return mirage__fiber_new(out, attr, fn, arg, false);
}

int mirage_spawn(mirage_fiber_fn fn, void *arg)
{
    assert(fn != NULL);
    return mirage__fiber_new(NULL, NULL, fn, arg, true);
}

void mirage__fiber_free(struct mirage_fiber *f)
{
    if (f->all_prev)
        f->all_prev->all_next = f->all_next;
    else
        all_fibers = f->all_next;
    if (f->all_next)
        f->all_next->all_prev = f->all_prev;
    live_fibers--;
    stack_put(f->stack, f->stack_size);
    free(f);
}

/* Runs on the fiber's own stack, called by the trampoline. */
void mirage__fiber_entry(struct mirage_fiber *f)
{
    mirage__sched_started();
    f->fn(f->arg);
    f->state = MIRAGE__FIBER_DONE;
    f->done_seq = ++done_counter;
    mirage_cond_broadcast(&f->done_cond);
    if (f->notify)
        mirage_cond_broadcast(f->notify);
    if (f->detached) {
        /* Freed by the loop: not here, this stack is still in use. */
        f->next_ready = zombies;
        zombies = f;
    }
    mirage__sched_exit();
}

void mirage__fiber_reap(void)
{
    while (zombies) {
        struct mirage_fiber *f = zombies;
        zombies = f->next_ready;
        mirage__fiber_free(f);
    }
}

/* After a run: frees every fiber left (abandoned while blocked, or never
 * joined) and the stack cache. */
void mirage__fiber_reset(void)
{
    zombies = NULL;
    while (all_fibers)
        mirage__fiber_free(all_fibers);
    while (stack_cache_len > 0)
        stack_release(stack_cache[--stack_cache_len], default_stack());
}

size_t mirage__fiber_live(void)
{
    return live_fibers;
}

bool mirage_fiber_done(const struct mirage_fiber *f)
{
    return f->state == MIRAGE__FIBER_DONE;
}

int mirage_fiber_join_until(struct mirage_fiber *f, uint64_t deadline_ns)
{
    assert(f != NULL && !f->detached && f != mirage__current);
    while (f->state != MIRAGE__FIBER_DONE) {
        int r = mirage__wait(&f->done_cond, deadline_ns, true);
        if (r < 0)
            return r;
    }
    mirage__fiber_free(f);
    return 0;
}

int mirage_fiber_join(struct mirage_fiber *f)
{
    return mirage_fiber_join_until(f, MIRAGE__NO_DEADLINE);
}

void mirage_fiber_cancel(struct mirage_fiber *f)
{
    assert(f != NULL);
    if (f->state == MIRAGE__FIBER_DONE)
        return;
    f->cancelled = true;
    if (f->waiter && f->waiter->cancellable)
        mirage__waiter_wake(f->waiter, -ECANCELED);
}

struct mirage_fiber *mirage_fiber_self(void)
{
    return mirage__current;
}

bool mirage_fiber_cancelled(void)
{
    return mirage__current && mirage__current->cancelled;
}
