/* SPDX-License-Identifier: ISC */
/* Waiting for platform devices (network, block) to become ready. */
#ifndef MIRAGE_IO_H
#define MIRAGE_IO_H

/*
 * Platform devices are numbered by a small handle (0..63, the Solo5 manifest
 * index on hvt/spt).  When every fiber is blocked, the event loop asks the
 * platform to wait until the next deadline or until a device has input; the
 * devices found ready are then announced in two ways:
 *   - mirage_io_cond(h) is broadcast, for fibers that wait sequentially;
 *   - the callback set with mirage_io_watch(h) runs, for event-driven engines.
 * Readiness is level-triggered: a reader drains the device until it reports
 * -EAGAIN, then waits again.
 *
 * Errors: a handle >= MIRAGE_IO_MAX_HANDLES is a programmer error (assert).
 */

#include <stdint.h>

#define MIRAGE_IO_MAX_HANDLES 64

struct mirage_cond;

/* The condition broadcast when handle h is found ready. */
struct mirage_cond *mirage_io_cond(unsigned h);
/* Sets (fn non-NULL) or clears the readiness callback of handle h.  fn runs
 * in the event loop and must not block. */
void mirage_io_watch(unsigned h, void (*fn)(unsigned h, void *arg), void *arg);

#endif
