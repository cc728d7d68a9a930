/* SPDX-License-Identifier: ISC */
/* Storage benchmark: timing and reporting helpers. */
#ifndef BENCH_STORAGE_H
#define BENCH_STORAGE_H

#include <stddef.h>
#include <stdint.h>

uint64_t bench_now(void);

/* Latency samples of one measured loop. */
struct bench_lat {
    uint64_t *ns;
    size_t n, cap;
    uint64_t total;
};
void bench_lat_init(struct bench_lat *l, size_t cap);
void bench_lat_add(struct bench_lat *l, uint64_t ns);
/* Prints "label: N ops/s, mean/p50/p99 us" (and MB/s when bytes > 0);
 * returns ops/s.  Frees the samples. */
double bench_lat_report(struct bench_lat *l, const char *label, size_t bytes);

void bench_block(const char *image, size_t mib);
void bench_kv(const char *ring_image, const char *dir, const char *tmp);

#endif
