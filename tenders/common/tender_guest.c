/* SPDX-License-Identifier: ISC */
/* The one accessor through which the tenders reach guest memory. */

#include "tender.h"

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t bend)
{
    return a < bend && b < a + alen;
}

void *tender_guest_ptr(const struct tender_guest *g, uint64_t gpa, uint64_t len,
                       enum tender_access access)
{
    /* gpa + len <= size, written so that it cannot overflow. */
    if (gpa < g->first || gpa >= g->size || len > g->size - gpa)
        return NULL;
    if (access == TENDER_GUEST_WRITE && len > 0) {
        if (gpa < g->low_ro)
            return NULL;
        for (unsigned i = 0; i < g->nro; i++)
            if (overlaps(gpa, len, g->ro[i].start, g->ro[i].end))
                return NULL;
    }
    return g->base + (gpa - g->first);
}
