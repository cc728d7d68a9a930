/* SPDX-License-Identifier: ISC */
/* Wall-clock times of KV entries. */
#include "kv_priv.h"
#include "platform.h"

void mirage__kv_now(struct mirage_ptime *out)
{
    uint64_t ns = mirage_plat_clock_wall();

    out->sec = (int64_t)(ns / 1000000000u);
    out->nsec = (uint32_t)(ns % 1000000000u);
}

int mirage__kv_ptime_cmp(const struct mirage_ptime *a,
                         const struct mirage_ptime *b)
{
    if (a->sec != b->sec)
        return a->sec < b->sec ? -1 : 1;
    if (a->nsec != b->nsec)
        return a->nsec < b->nsec ? -1 : 1;
    return 0;
}
