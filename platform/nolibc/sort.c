/* SPDX-License-Identifier: ISC */
/* nolibc: qsort (heapsort: O(n log n) worst case, no recursion), bsearch. */
#include "nolibc_impl.h"

typedef int (*cmp_fn)(const void *, const void *);

static void swap(unsigned char *a, unsigned char *b, size_t size)
{
    while (size--) {
        unsigned char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

/* Moves element i down the max-heap of n elements. */
static void sift_down(unsigned char *base, size_t i, size_t n, size_t size,
                      cmp_fn cmp)
{
    for (;;) {
        size_t child = 2 * i + 1, top = i;
        if (child < n && cmp(base + child * size, base + top * size) > 0)
            top = child;
        if (child + 1 < n &&
            cmp(base + (child + 1) * size, base + top * size) > 0)
            top = child + 1;
        if (top == i)
            return;
        swap(base + i * size, base + top * size, size);
        i = top;
    }
}

void mirage__nolibc_qsort(void *base, size_t n, size_t size, cmp_fn cmp)
{
    unsigned char *b = base;
    if (n < 2 || size == 0)
        return;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(b, i, n, size, cmp);
    for (size_t end = n - 1; end > 0; end--) {
        swap(b, b + end * size, size);
        sift_down(b, 0, end, size, cmp);
    }
}

void *mirage__nolibc_bsearch(const void *key, const void *base, size_t n,
                             size_t size, cmp_fn cmp)
{
    const unsigned char *b = base;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp(key, b + mid * size);
        if (c == 0)
            return (void *)(b + mid * size);
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

MIRAGE__NOLIBC_ALIAS(qsort);
MIRAGE__NOLIBC_ALIAS(bsearch);
