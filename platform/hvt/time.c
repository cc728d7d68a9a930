/* SPDX-License-Identifier: ISC */
/* hvt clocks (the TSC, no hypercall per read) and waiting (POLL). */
#include "../platform.h"
#include "hvt/hvt_priv.h"

/*
 * Monotonic time is TSC ticks since boot converted with the frequency the
 * tender measured.  Splitting ticks into whole seconds and a remainder keeps
 * the integer arithmetic exact and free of overflow for as long as the TSC
 * itself does not wrap (centuries), provided the frequency is below 18 GHz.
 * The wall clock is read once, on first use, with the WALLTIME hypercall and
 * then advanced with the monotonic clock: one VM exit in the guest's life.
 */

#define NSEC_PER_SEC 1000000000ull

static uint64_t tsc_hz, tsc_boot;
static uint64_t wall_base, mono_at_wall_base;
static bool wall_known;

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

void mirage__hvt_time_init(uint64_t hz)
{
    if (hz == 0 || hz >= 18 * NSEC_PER_SEC)
        mirage_plat_abort("the tender gave an unusable TSC frequency");
    tsc_hz = hz;
    tsc_boot = rdtsc();
}

uint64_t mirage_plat_clock_monotonic(void)
{
    uint64_t ticks = rdtsc() - tsc_boot;
    uint64_t secs = ticks / tsc_hz, rest = ticks % tsc_hz;
    return secs * NSEC_PER_SEC + rest * NSEC_PER_SEC / tsc_hz;
}

uint64_t mirage_plat_clock_wall(void)
{
    if (!wall_known) {
        struct hvt_hc_walltime w = {0};
        mirage__hvt_hypercall(HVT_HYPERCALL_WALLTIME, &w);
        mono_at_wall_base = mirage_plat_clock_monotonic();
        wall_base = w.nsecs;
        wall_known = true;
    }
    return wall_base + (mirage_plat_clock_monotonic() - mono_at_wall_base);
}

uint64_t mirage_plat_wait(uint64_t deadline_ns)
{
    mirage__solo5_stacks_check();
    mirage__hvt_ring_flush(); /* frames written this turn go out now */
    uint64_t now = mirage_plat_clock_monotonic();
    if (deadline_ns <= now) /* runnable work: no exit, maybe a ring read */
        return mirage__hvt_ring_try_ready();
    struct hvt_hc_poll p = {.timeout_nsecs = deadline_ns - now};
    mirage__hvt_hypercall(HVT_HYPERCALL_POLL, &p);
    return p.ready_set;
}
