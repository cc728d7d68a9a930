/* SPDX-License-Identifier: ISC */
/* Cooperative fibers, sleeping, cancellation and condition variables. */
#ifndef MIRAGE_FIBER_H
#define MIRAGE_FIBER_H

/*
 * One core, no preemption, no locks.  A fiber runs until it blocks (sleep,
 * condition wait, I/O wait, join) or yields; then the scheduler runs the next
 * ready fiber, and when none is ready the event loop waits in the platform
 * until the next timer deadline or device readiness.  This is the Lwt model
 * with sequential code: a call that "suspends the fiber" lets every other
 * fiber run meanwhile.
 *
 * Cancellation works like Lwt.cancel: mirage_fiber_cancel() marks a fiber;
 * the blocking call it is in (or its next one) returns -ECANCELED, and the
 * fiber is expected to unwind and return.  A fiber that never blocks is
 * never interrupted.
 *
 * Errors: -ENOMEM (no memory for a fiber), -ECANCELED (the calling fiber was
 * cancelled), -ETIMEDOUT (a deadline passed).  Joining a detached fiber,
 * joining twice, or blocking outside a fiber are programmer errors (assert).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mirage_fiber;
typedef void (*mirage_fiber_fn)(void *arg);

struct mirage_fiber_attr {
    size_t stack_size; /* 0: the default, MIRAGE_FIBER_STACK_DEFAULT */
    const char *name;  /* for debug logs; may be NULL */
};
#define MIRAGE_FIBER_STACK_DEFAULT (64 * 1024)

/* Creates a joinable fiber that will run fn(arg); it starts at the next
 * scheduling point, not inside this call.  Must be joined exactly once. */
int mirage_fiber_create(struct mirage_fiber **out,
                        const struct mirage_fiber_attr *attr,
                        mirage_fiber_fn fn, void *arg);
/* Creates a detached fiber: its resources go when fn returns. */
int mirage_spawn(mirage_fiber_fn fn, void *arg);

/* Suspends until f has returned, then frees it.  Returns 0, or -ECANCELED
 * if the caller was cancelled while waiting (f is then still joinable). */
int mirage_fiber_join(struct mirage_fiber *f);
/* As join, but gives up at the absolute monotonic deadline with -ETIMEDOUT
 * (f still joinable). */
int mirage_fiber_join_until(struct mirage_fiber *f, uint64_t deadline_ns);
/* True once f's function has returned. */
bool mirage_fiber_done(const struct mirage_fiber *f);
/* Marks f cancelled and wakes it if it is blocked. */
void mirage_fiber_cancel(struct mirage_fiber *f);
/* Lwt.pick: suspends until the first of fs[0..n) returns, cancels the
 * others, joins them all and returns the index of the first.  Returns
 * -ECANCELED if the caller itself was cancelled (all are then cancelled and
 * joined). */
int mirage_fiber_pick(struct mirage_fiber **fs, size_t n);

/* The running fiber (never NULL inside a fiber). */
struct mirage_fiber *mirage_fiber_self(void);
/* True if the running fiber has been cancelled. */
bool mirage_fiber_cancelled(void);

/* Lets every other ready fiber run once, then continues. */
void mirage_yield(void);
/* Suspends for ns nanoseconds of monotonic time (0 just yields).  Returns 0,
 * or -ECANCELED. */
int mirage_sleep_ns(uint64_t ns);
/* Suspends until the absolute monotonic time deadline_ns.  0 or -ECANCELED. */
int mirage_sleep_until(uint64_t deadline_ns);
/* Monotonic nanoseconds since an arbitrary origin (boot). */
uint64_t mirage_now_ns(void);

/*
 * Condition variables: a fiber waits until another fiber or an event
 * handler signals.  There is no mutex: between the test of a condition and
 * the wait nothing else runs.  Initialise with MIRAGE_COND_INIT or
 * mirage_cond_init().
 */
struct mirage__waiter;
struct mirage_cond {
    struct mirage__waiter *head, *tail;
};
#define MIRAGE_COND_INIT \
    {                    \
        0, 0             \
    }
void mirage_cond_init(struct mirage_cond *c);
/* Suspends until signalled: 0, or -ECANCELED. */
int mirage_cond_wait(struct mirage_cond *c);
/* As wait, with an absolute monotonic deadline: 0, -ETIMEDOUT, -ECANCELED. */
int mirage_cond_wait_until(struct mirage_cond *c, uint64_t deadline_ns);
/* Wakes the longest waiter / every waiter.  Callable from event handlers. */
void mirage_cond_signal(struct mirage_cond *c);
void mirage_cond_broadcast(struct mirage_cond *c);

#endif
