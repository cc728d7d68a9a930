/* SPDX-License-Identifier: ISC */
/* Creation cost (spawn+join) and sleep accuracy, ours and the host's. */
#include "bench.h"

#include <mirage.h>
#include <pthread.h>

static void nothing(void *arg)
{
    (void)arg;
}

double bench_fiber_spawn(long n)
{
    uint64_t t0 = bench_now();

    for (long i = 0; i < n; i++) {
        struct mirage_fiber *f;
        mirage_fiber_create(&f, NULL, nothing, NULL);
        mirage_fiber_join(f);
    }
    return (double)(bench_now() - t0) / (double)n;
}

static void *pt_nothing(void *arg)
{
    return arg;
}

double bench_pthread_spawn(long n)
{
    uint64_t t0 = bench_now();

    for (long i = 0; i < n; i++) {
        pthread_t t;
        pthread_create(&t, NULL, pt_nothing, NULL);
        pthread_join(t, NULL);
    }
    return (double)(bench_now() - t0) / (double)n;
}

static struct bench_late summarize(const uint64_t *late, int count)
{
    struct bench_late r = {0, 0};
    double sum = 0;

    for (int i = 0; i < count; i++) {
        sum += (double)late[i];
        if ((double)late[i] > r.max_us * 1000)
            r.max_us = (double)late[i] / 1000;
    }
    r.mean_us = sum / count / 1000;
    return r;
}

struct bench_late bench_fiber_sleep(uint64_t ns, int count)
{
    uint64_t late[1000];

    for (int i = 0; i < count && i < 1000; i++) {
        uint64_t t0 = bench_now();
        mirage_sleep_ns(ns);
        late[i] = bench_now() - t0 - ns;
    }
    return summarize(late, count < 1000 ? count : 1000);
}

struct bench_late bench_nanosleep(uint64_t ns, int count)
{
    uint64_t late[1000];

    for (int i = 0; i < count && i < 1000; i++) {
        struct timespec ts = {(time_t)(ns / 1000000000),
                              (long)(ns % 1000000000)};
        uint64_t t0 = bench_now();
        nanosleep(&ts, NULL);
        late[i] = bench_now() - t0 - ns;
    }
    return summarize(late, count < 1000 ? count : 1000);
}
