/* SPDX-License-Identifier: ISC */
/* The run queue and the switches between fibers and the event loop. */
#include "runtime_priv.h"

#include "platform.h"

#include <assert.h>

/*
 * The event loop takes the whole run queue as a batch and runs each fiber
 * once.  A fiber that blocks or yields switches straight to the next fiber
 * of the batch (one switch, not two), and the last one back to the loop.
 * Fibers woken or yielding meanwhile join the run queue for the next
 * iteration, so a yield lets every other ready fiber run first.
 */

struct mirage_fiber *mirage__current;
static struct mirage__ctx loop_ctx;
static struct mirage_fiber *ready_head, *ready_tail;
static struct mirage_fiber *batch_head;
static struct mirage__ctx *switch_from;

#if defined(__SANITIZE_ADDRESS__)
/* AddressSanitizer must be told about stack switches (its own interface,
 * declared here to avoid a host header in portable code). */
void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom,
                                    size_t size);
void __sanitizer_finish_switch_fiber(void *fake_stack_save,
                                     const void **bottom_old, size_t *size_old);

static void asan_start(struct mirage__ctx *from, struct mirage__ctx *to,
                       bool dying)
{
    __sanitizer_start_switch_fiber(dying ? NULL : &from->fake_stack, to->bottom,
                                   to->size);
}

static void asan_finish(struct mirage__ctx *self)
{
    const void *bottom;
    size_t size;

    __sanitizer_finish_switch_fiber(self ? self->fake_stack : NULL, &bottom,
                                    &size);
    /* The loop's stack is the thread's: learn its bounds on its first
     * switch to a fiber. */
    if (switch_from == &loop_ctx) {
        loop_ctx.bottom = bottom;
        loop_ctx.size = size;
    }
}
#else
static void asan_start(struct mirage__ctx *from, struct mirage__ctx *to,
                       bool dying)
{
    (void)from;
    (void)to;
    (void)dying;
}

static void asan_finish(struct mirage__ctx *self)
{
    (void)self;
}
#endif

static void ctx_switch(struct mirage__ctx *from, struct mirage__ctx *to,
                       bool dying)
{
    asan_start(from, to, dying);
    switch_from = from;
    mirage__fiber_switch(&from->sp, to->sp);
    asan_finish(from);
}

/* Builds the frame mirage__fiber_switch pops: r15 r14 r13 r12 rbx rbp, then
 * the return address (the trampoline), leaving rsp 16-byte aligned there. */
void mirage__sched_init_ctx(struct mirage_fiber *f)
{
    uintptr_t top = ((uintptr_t)f->stack + f->stack_size) & ~(uintptr_t)15;
    void **sp = (void **)(top - 72);

    for (int i = 0; i < 9; i++)
        sp[i] = NULL;
    sp[4] = f; /* rbx */
    sp[6] = (void *)(uintptr_t)mirage__fiber_trampoline;
    f->ctx.sp = sp;
    f->ctx.fake_stack = NULL;
    f->ctx.bottom = f->stack;
    f->ctx.size = f->stack_size;
}

void mirage__sched_started(void)
{
    asan_finish(NULL);
}

void mirage__sched_ready(struct mirage_fiber *f)
{
    assert(!f->queued);
    f->queued = true;
    f->next_ready = NULL;
    if (ready_tail)
        ready_tail->next_ready = f;
    else
        ready_head = f;
    ready_tail = f;
}

bool mirage__sched_has_ready(void)
{
    return ready_head != NULL;
}

/* The context to run next: the next fiber of the batch, or the loop. */
static struct mirage__ctx *next_ctx(void)
{
    struct mirage_fiber *f = batch_head;

    if (!f) {
        mirage__current = NULL;
        return &loop_ctx;
    }
    batch_head = f->next_ready;
    f->next_ready = NULL;
    f->queued = false;
    f->state = MIRAGE__FIBER_RUNNING;
    mirage__current = f;
    return &f->ctx;
}

/* The running fiber has recorded why it stops (blocked, or queued by a
 * yield); run something else until it is resumed. */
void mirage__sched_block(void)
{
    struct mirage_fiber *self = mirage__current;
    struct mirage__ctx *to;

    assert(self != NULL);
    to = next_ctx();
    ctx_switch(&self->ctx, to, false);
}

_Noreturn void mirage__sched_exit(void)
{
    struct mirage__ctx dead;

    ctx_switch(&dead, next_ctx(), true);
    mirage_plat_abort("a finished fiber was resumed");
}

void mirage__sched_run_batch(void)
{
    struct mirage__ctx *to;

    assert(mirage__current == NULL);
    batch_head = ready_head;
    ready_head = ready_tail = NULL;
    to = next_ctx();
    if (to != &loop_ctx)
        ctx_switch(&loop_ctx, to, false);
}

void mirage__sched_reset(void)
{
    ready_head = ready_tail = batch_head = NULL;
    mirage__current = NULL;
}
