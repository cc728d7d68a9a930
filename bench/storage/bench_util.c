/* SPDX-License-Identifier: ISC */
/* Storage benchmark: timing and reporting helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_storage.h"

uint64_t bench_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void bench_lat_init(struct bench_lat *l, size_t cap)
{
    l->ns = malloc(cap * sizeof *l->ns);
    l->n = 0;
    l->cap = cap;
    l->total = 0;
}

void bench_lat_add(struct bench_lat *l, uint64_t ns)
{
    if (l->n < l->cap)
        l->ns[l->n++] = ns;
    l->total += ns;
}

static int cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

double bench_lat_report(struct bench_lat *l, const char *label, size_t bytes)
{
    double secs = (double)l->total / 1e9,
           rate = l->n / (secs > 0 ? secs : 1e-9);

    qsort(l->ns, l->n, sizeof *l->ns, cmp);
    printf("  %-34s %10.0f ops/s  mean %8.1f us  p50 %8.1f  p99 %8.1f", label,
           rate, (double)l->total / (double)(l->n ? l->n : 1) / 1e3,
           l->n ? (double)l->ns[l->n / 2] / 1e3 : 0.0,
           l->n ? (double)l->ns[l->n * 99 / 100] / 1e3 : 0.0);
    if (bytes)
        printf("  %8.1f MB/s", rate * (double)bytes / 1e6);
    printf("\n");
    free(l->ns);
    l->ns = NULL;
    return rate;
}
