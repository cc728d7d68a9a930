/* SPDX-License-Identifier: ISC */
/* Clocks: CLOCK_MONOTONIC counted from the first reading, and CLOCK_REALTIME.
 */
#include "unix_priv.h"

#include <time.h>

static uint64_t start_ns;

static uint64_t read_clock(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

uint64_t mirage__unix_clock_raw(void)
{
    return read_clock(CLOCK_MONOTONIC);
}

uint64_t mirage_plat_clock_monotonic(void)
{
    uint64_t now = read_clock(CLOCK_MONOTONIC);

    if (start_ns == 0)
        start_ns = now;
    return now - start_ns;
}

uint64_t mirage_plat_clock_wall(void)
{
    return read_clock(CLOCK_REALTIME);
}
