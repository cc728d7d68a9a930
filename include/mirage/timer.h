/* SPDX-License-Identifier: ISC */
/* One-shot timers whose callbacks run in the event loop (for protocol engines).
 */
#ifndef MIRAGE_TIMER_H
#define MIRAGE_TIMER_H

/*
 * Protocol engines (TCP retransmission, ARP expiry, reassembly timeouts) are
 * event-driven: they arm a timer and their callback runs from the event loop
 * when it fires.  A callback must not block (no sleep, no wait); it may arm
 * timers, signal conditions and spawn fibers.  The timer struct is owned by
 * the caller and must stay valid while armed.
 *
 * Errors: none; arming an armed timer moves its deadline.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mirage_timer {
    uint64_t deadline; /* absolute monotonic ns */
    void (*fn)(struct mirage_timer *t, void *arg);
    void *arg;
    size_t heap_index; /* runtime-private; SIZE_MAX if not armed */
};

void mirage_timer_init(struct mirage_timer *t,
                       void (*fn)(struct mirage_timer *t, void *arg),
                       void *arg);
/* Arms (or re-arms) t to fire at the absolute monotonic time deadline_ns. */
void mirage_timer_arm(struct mirage_timer *t, uint64_t deadline_ns);
/* Disarms t; a no-op if it is not armed. */
void mirage_timer_cancel(struct mirage_timer *t);
bool mirage_timer_armed(const struct mirage_timer *t);

#endif
