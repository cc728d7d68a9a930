/* SPDX-License-Identifier: ISC */
/* The event loop: timers, ready fibers, hooks, and waiting in the platform. */
#include "runtime_priv.h"

#include "platform.h"

/* With nothing to do but wait for a device: wake up once a day anyway. */
#define FAR_FUTURE_NS (24ull * 3600 * 1000000000)
/* Ready fibers may run this many iterations without a poll of the
 * devices (see skip_poll). */
#define MIRAGE__POLL_SKIPS 3

_Noreturn static void deadlock(void)
{
    const char *name = mirage_app_name();

    mirage__printf("%s: deadlock: every fiber is blocked and no timer, "
                   "device or ready fiber can wake them\n",
                   name ? name : "mirage");
    mirage_plat_exit(255);
}

/* The absolute deadline for the platform wait. */
static uint64_t next_deadline(uint64_t now)
{
    uint64_t next;

    if (mirage__sched_has_ready())
        return now;
    next = mirage__timer_next();
    if (next != MIRAGE__NO_DEADLINE)
        return next;
    if (!mirage__io_waited())
        deadlock();
    return mirage_plat_clock_monotonic() + FAR_FUTURE_NS;
}

/*
 * Whether this iteration may skip the platform: fibers are ready (so the
 * wait would only poll) and fewer than MIRAGE__POLL_SKIPS iterations in a
 * row skipped it.  A request/response exchange readies a few fibers in
 * turn (a reader, then the handler, then the reader again): polling
 * between each is a system call that, on a busy server, almost never
 * finds anything new.  Counting iterations rather than time keeps clock
 * reads out of it (on spt each is a system call).
 */
static bool skip_poll(unsigned skipped)
{
    return mirage__sched_has_ready() && skipped < MIRAGE__POLL_SKIPS;
}

/*
 * One iteration: fire expired timers; run each ready fiber once; stop if
 * `until` has returned; enter hooks; wait in the platform until the next
 * deadline (now if a fiber is ready) or a device is ready, unless
 * skip_poll says that fibers are ready and devices were polled lately;
 * announce ready devices; leave hooks.
 */
void mirage__loop_run(struct mirage_fiber *until)
{
    unsigned skipped = 0;

    for (;;) {
        uint64_t now = mirage_plat_clock_monotonic();
        uint64_t ready;

        mirage__timer_run_expired(now);
        mirage__sched_run_batch();
        mirage__fiber_reap();
        if (until->state == MIRAGE__FIBER_DONE)
            return;
        mirage__hooks_run_enter();
        if (skip_poll(skipped)) {
            skipped++;
        } else {
            ready = mirage_plat_wait(next_deadline(now));
            skipped = 0;
            mirage__io_dispatch(ready);
        }
        mirage__hooks_run_leave();
    }
}
