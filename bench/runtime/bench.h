/* SPDX-License-Identifier: ISC */
/* Shared helpers of the runtime benchmark. */
#ifndef MIRAGE_BENCH_RUNTIME_H
#define MIRAGE_BENCH_RUNTIME_H

#include <stdint.h>
#include <time.h>

static inline uint64_t bench_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

/* Each returns nanoseconds per operation. */
double bench_fiber_switch(long switches);
double bench_swapcontext(long switches);
double bench_pthread_switch(long switches);
double bench_fiber_spawn(long n);
double bench_pthread_spawn(long n);

/* Sleeps `count` times for `ns`; reports lateness (observed - requested). */
struct bench_late {
    double mean_us, max_us;
};
struct bench_late bench_fiber_sleep(uint64_t ns, int count);
struct bench_late bench_nanosleep(uint64_t ns, int count);

#endif
