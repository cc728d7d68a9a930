/* SPDX-License-Identifier: ISC */
/* Blocking: condition variables with deadlines and cancellation, sleep, yield.
 */
#include "runtime_priv.h"

#include "platform.h"

#include <assert.h>

static void unlink_waiter(struct mirage__waiter *w)
{
    struct mirage_cond *c = w->cond;

    if (!c)
        return;
    if (w->prev)
        w->prev->next = w->next;
    else
        c->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        c->tail = w->prev;
    w->prev = w->next = NULL;
    w->cond = NULL;
}

/* Makes the fiber blocked in w ready, its wait returning result. */
void mirage__waiter_wake(struct mirage__waiter *w, int result)
{
    struct mirage_fiber *f = w->fiber;

    unlink_waiter(w);
    mirage_timer_cancel(&w->timer);
    w->result = result;
    f->waiter = NULL;
    f->state = MIRAGE__FIBER_READY;
    mirage__sched_ready(f);
}

static void waiter_timeout(struct mirage_timer *t, void *arg)
{
    (void)t;
    mirage__waiter_wake(arg, -ETIMEDOUT);
}

int mirage__wait(struct mirage_cond *c, uint64_t deadline, bool cancellable)
{
    struct mirage_fiber *self = mirage__current;
    struct mirage__waiter w = {0};

    assert(self != NULL && "blocking outside a fiber");
    if (cancellable && self->cancelled)
        return -ECANCELED;
    w.fiber = self;
    w.cancellable = cancellable;
    w.cond = c;
    if (c) {
        w.prev = c->tail;
        if (c->tail)
            c->tail->next = &w;
        else
            c->head = &w;
        c->tail = &w;
    }
    mirage_timer_init(&w.timer, waiter_timeout, &w);
    if (deadline != MIRAGE__NO_DEADLINE)
        mirage_timer_arm(&w.timer, deadline);
    self->waiter = &w;
    self->state = MIRAGE__FIBER_BLOCKED;
    mirage__sched_block();
    return w.result;
}

void mirage_cond_init(struct mirage_cond *c)
{
    c->head = c->tail = NULL;
}

int mirage_cond_wait(struct mirage_cond *c)
{
    assert(c != NULL);
    return mirage__wait(c, MIRAGE__NO_DEADLINE, true);
}

int mirage_cond_wait_until(struct mirage_cond *c, uint64_t deadline_ns)
{
    assert(c != NULL);
    return mirage__wait(c, deadline_ns, true);
}

void mirage_cond_signal(struct mirage_cond *c)
{
    if (c->head)
        mirage__waiter_wake(c->head, 0);
}

void mirage_cond_broadcast(struct mirage_cond *c)
{
    while (c->head)
        mirage__waiter_wake(c->head, 0);
}

void mirage_yield(void)
{
    struct mirage_fiber *self = mirage__current;

    assert(self != NULL && "yield outside a fiber");
    self->state = MIRAGE__FIBER_READY;
    mirage__sched_ready(self);
    mirage__sched_block();
}

uint64_t mirage_now_ns(void)
{
    return mirage_plat_clock_monotonic();
}

int mirage_sleep_until(uint64_t deadline_ns)
{
    int r = mirage__wait(NULL, deadline_ns, true);

    return r == -ETIMEDOUT ? 0 : r;
}

int mirage_sleep_ns(uint64_t ns)
{
    uint64_t now;

    if (ns == 0) {
        if (mirage_fiber_cancelled())
            return -ECANCELED;
        mirage_yield();
        return 0;
    }
    now = mirage_now_ns();
    /* Saturate: a sleep past the end of time is a sleep forever. */
    return mirage_sleep_until(
        ns >= MIRAGE__NO_DEADLINE - now ? MIRAGE__NO_DEADLINE - 1 : now + ns);
}
