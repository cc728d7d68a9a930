/* SPDX-License-Identifier: ISC */
/* nolibc: a two-level segregated-fit allocator with O(1) malloc and free. */
#include "nolibc_impl.h"

#include <errno.h>
#include <stdbool.h>

/*
 * Every block starts with a 16-byte header: the payload size of the previous
 * block (meaningful only while that block is free) and this block's payload
 * size, whose low bits carry FREE and PREV_FREE.  Payloads are multiples of
 * 16 and 16-aligned.  A free block keeps its list links in its payload, so a
 * payload is at least 16 bytes.  Free neighbours are always merged, so a
 * free block's physical neighbours are in use; a zero-size block in use
 * closes the heap so nothing walks past its end.
 *
 * Free blocks sit in lists by size class: the first level is the position
 * of the highest set bit, the second level splits each power of two into
 * 16 ranges (sizes below 256 use 16-byte classes).  Two bitmaps record
 * which lists are non-empty, so finding a list that only holds big enough
 * blocks is a few bit scans: malloc and free do a constant amount of work.
 */

#define ALIGN 16u
#define HDR 16u
#define MIN_PAYLOAD 16u
#define SL_LOG2 4u
#define SL_COUNT (1u << SL_LOG2)
#define SMALL (1u << (SL_LOG2 + 4u)) /* 256: below it, 16-byte classes */
#define FL_COUNT 40u                 /* heaps below 2^46 bytes */
#define MAX_REQUEST ((size_t)1 << 44)
#define FREE 1u
#define PREV_FREE 2u
#define FLAGS 15u
#define DEAD ((size_t)-1) /* header of a block merged into its neighbour */

struct block {
    size_t prev_size;
    size_t size;
    struct block *next_free; /* in the payload, while free */
    struct block *prev_free;
};

static struct heap {
    char *lo, *hi; /* the first header and the closing block */
    uint64_t fl_map;
    uint32_t sl_map[FL_COUNT];
    struct block *lists[FL_COUNT][SL_COUNT];
} heap;

static size_t size_of(const struct block *b)
{
    return b->size & ~(size_t)FLAGS;
}

static struct block *next_of(const struct block *b)
{
    return (struct block *)((char *)b + HDR + size_of(b));
}

static struct block *block_of(const void *p)
{
    return (struct block *)((char *)p - HDR);
}

static void *payload_of(struct block *b)
{
    return (char *)b + HDR;
}

static unsigned fls64(size_t x)
{
    return 63u - (unsigned)__builtin_clzll((unsigned long long)x);
}

static void mapping(size_t size, unsigned *fl, unsigned *sl)
{
    if (size < SMALL) {
        *fl = 0;
        *sl = (unsigned)(size / ALIGN);
        return;
    }
    unsigned f = fls64(size);
    *sl = (unsigned)(size >> (f - SL_LOG2)) & (SL_COUNT - 1);
    *fl = f - (SL_LOG2 + 4u) + 1;
}

static void list_insert(struct block *b)
{
    unsigned fl, sl;
    mapping(size_of(b), &fl, &sl);
    struct block *head = heap.lists[fl][sl];
    b->next_free = head;
    b->prev_free = NULL;
    if (head)
        head->prev_free = b;
    heap.lists[fl][sl] = b;
    heap.fl_map |= 1ull << fl;
    heap.sl_map[fl] |= 1u << sl;
}

static void list_remove(struct block *b)
{
    unsigned fl, sl;
    mapping(size_of(b), &fl, &sl);
    if (b->next_free)
        b->next_free->prev_free = b->prev_free;
    if (b->prev_free) {
        b->prev_free->next_free = b->next_free;
        return;
    }
    heap.lists[fl][sl] = b->next_free;
    if (!b->next_free) {
        heap.sl_map[fl] &= ~(1u << sl);
        if (!heap.sl_map[fl])
            heap.fl_map &= ~(1ull << fl);
    }
}

/* A free block of at least size bytes, or NULL.  Rounding the request up to
 * the next class boundary makes every block of the class found big enough. */
static struct block *list_find(size_t size)
{
    unsigned fl, sl;
    if (size >= SMALL)
        size += ((size_t)1 << (fls64(size) - SL_LOG2)) - 1;
    mapping(size, &fl, &sl);
    if (fl >= FL_COUNT)
        return NULL;
    uint32_t sl_map = heap.sl_map[fl] & (~0u << sl);
    if (!sl_map) {
        uint64_t fl_map = fl + 1 < 64 ? heap.fl_map & (~0ull << (fl + 1)) : 0;
        if (!fl_map)
            return NULL;
        fl = (unsigned)__builtin_ctzll(fl_map);
        sl_map = heap.sl_map[fl];
    }
    return heap.lists[fl][(unsigned)__builtin_ctz(sl_map)];
}

static void mark_free(struct block *b)
{
    struct block *next = next_of(b);
    b->size |= FREE;
    next->size |= PREV_FREE;
    next->prev_size = size_of(b);
}

/* Merges b with the free block after it, if any (b's flags are kept). */
static void absorb_next(struct block *b)
{
    struct block *next = next_of(b);
    if (next->size & FREE) {
        list_remove(next);
        b->size += HDR + size_of(next);
        next->size = DEAD;
    }
}

/* Merges b into the free block before it, if any; returns the result. */
static struct block *absorb_prev(struct block *b)
{
    if (!(b->size & PREV_FREE))
        return b;
    struct block *prev = (struct block *)((char *)b - HDR - b->prev_size);
    list_remove(prev);
    prev->size += HDR + size_of(b);
    b->size = DEAD;
    return prev;
}

/* b is in use: gives back what lies beyond its first size bytes. */
static void release_tail(struct block *b, size_t size)
{
    size_t have = size_of(b);
    if (have < size + HDR + MIN_PAYLOAD)
        return;
    struct block *rest = (struct block *)((char *)b + HDR + size);
    b->size = size | (b->size & PREV_FREE);
    rest->size = have - size - HDR;
    absorb_next(rest);
    mark_free(rest);
    list_insert(rest);
}

void mirage__nolibc_heap_init(void *base, size_t size)
{
    uintptr_t lo = ((uintptr_t)base + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
    uintptr_t hi = ((uintptr_t)base + size) & ~(uintptr_t)(ALIGN - 1);
    heap = (struct heap){0};
    if (hi < lo || hi - lo < 2 * HDR + MIN_PAYLOAD + HDR)
        return; /* too small to hold anything: every malloc fails */
    if (hi - lo > ((size_t)1 << 45))
        hi = lo + ((size_t)1 << 45);
    struct block *first = (struct block *)lo;
    struct block *end = (struct block *)(hi - HDR);
    heap.lo = (char *)first;
    heap.hi = (char *)end;
    first->prev_size = 0;
    first->size = (hi - lo) - 2 * HDR;
    end->size = 0; /* in use, size 0: closes the heap */
    mark_free(first);
    list_insert(first);
}

/* The block of a pointer handed to free or realloc, checked for sanity. */
static struct block *checked_block(const void *p, const char *who)
{
    struct block *b = block_of(p);
    if ((uintptr_t)p % ALIGN || (char *)b < heap.lo || (char *)b >= heap.hi)
        mirage__nolibc_fatal(who);
    if (b->size & FREE)
        mirage__nolibc_fatal("free: double free or corrupted heap");
    if ((char *)next_of(b) > heap.hi || (char *)next_of(b) <= (char *)b)
        mirage__nolibc_fatal("free: corrupted block header");
    return b;
}

static size_t request_size(size_t n)
{
    return n < MIN_PAYLOAD ? MIN_PAYLOAD
                           : (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

/* Takes a free block of at least size bytes off the lists; NULL if none. */
static struct block *take(size_t size)
{
    struct block *b = list_find(size);
    if (!b) {
        errno = ENOMEM;
        return NULL;
    }
    list_remove(b);
    b->size &= ~(size_t)FREE;
    next_of(b)->size &= ~(size_t)PREV_FREE;
    release_tail(b, size);
    return b;
}

void *mirage__nolibc_malloc(size_t n)
{
    if (n > MAX_REQUEST) {
        errno = ENOMEM;
        return NULL;
    }
    struct block *b = take(request_size(n));
    return b ? payload_of(b) : NULL;
}

void mirage__nolibc_free(void *p)
{
    if (!p)
        return;
    struct block *b = checked_block(p, "free: invalid pointer");
    absorb_next(b);
    b = absorb_prev(b);
    mark_free(b);
    list_insert(b);
}

void *mirage__nolibc_calloc(size_t n, size_t size)
{
    if (size && n > MAX_REQUEST / size) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = mirage__nolibc_malloc(n * size);
    if (p)
        mirage__nolibc_memset(p, 0, n * size);
    return p;
}

void *mirage__nolibc_realloc(void *p, size_t n)
{
    if (!p)
        return mirage__nolibc_malloc(n);
    if (n == 0) { /* as glibc: frees, returns NULL */
        mirage__nolibc_free(p);
        return NULL;
    }
    if (n > MAX_REQUEST) {
        errno = ENOMEM;
        return NULL;
    }
    struct block *b = checked_block(p, "realloc: invalid pointer");
    size_t size = request_size(n), have = size_of(b);
    struct block *next = next_of(b);
    if (have < size && (next->size & FREE) &&
        have + HDR + size_of(next) >= size) {
        absorb_next(b); /* grow in place */
        next_of(b)->size &= ~(size_t)PREV_FREE;
        have = size_of(b);
    }
    if (have >= size) {
        release_tail(b, size);
        return p;
    }
    void *q = mirage__nolibc_malloc(n);
    if (q) {
        mirage__nolibc_memcpy(q, p, have);
        mirage__nolibc_free(p);
    }
    return q;
}

void *mirage__nolibc_aligned_alloc(size_t align, size_t n)
{
    if (align == 0 || (align & (align - 1))) {
        errno = EINVAL;
        return NULL;
    }
    if (align <= ALIGN)
        return mirage__nolibc_malloc(n);
    if (n > MAX_REQUEST || align > MAX_REQUEST) {
        errno = ENOMEM;
        return NULL;
    }
    size_t size = request_size(n);
    struct block *b = take(size + align + HDR + MIN_PAYLOAD);
    if (!b)
        return NULL;
    uintptr_t p = (uintptr_t)payload_of(b);
    uintptr_t a = (p + align - 1) & ~(uintptr_t)(align - 1);
    if (a != p && a - p < HDR + MIN_PAYLOAD)
        a = (p + HDR + MIN_PAYLOAD + align - 1) & ~(uintptr_t)(align - 1);
    if (a != p) { /* split off the front and free it */
        struct block *nb = block_of((void *)a);
        nb->size = size_of(b) - (a - p);
        b->size = (a - p - HDR) | (b->size & PREV_FREE);
        mirage__nolibc_free(payload_of(b));
        b = nb;
    }
    release_tail(b, size);
    return payload_of(b);
}

size_t mirage__nolibc_usable_size(const void *p)
{
    return p ? size_of(block_of(p)) : 0;
}

/* Checks each free list: members free, of the right class, linked both
 * ways, and the bitmaps agree with the lists.  Returns the member count. */
static long check_lists(void)
{
    long n = 0;
    for (unsigned fl = 0; fl < FL_COUNT; fl++) {
        for (unsigned sl = 0; sl < SL_COUNT; sl++) {
            struct block *b = heap.lists[fl][sl], *prev = NULL;
            bool bit = (heap.sl_map[fl] >> sl) & 1;
            if (bit != (b != NULL))
                return -1;
            for (; b; prev = b, b = b->next_free, n++) {
                unsigned f, s;
                mapping(size_of(b), &f, &s);
                if (!(b->size & FREE) || f != fl || s != sl ||
                    b->prev_free != prev)
                    return -2;
            }
        }
        if (((heap.fl_map >> fl) & 1) != (heap.sl_map[fl] != 0))
            return -3;
    }
    return n;
}

int mirage__nolibc_heap_check(struct mirage__nolibc_heap_stats *st)
{
    struct mirage__nolibc_heap_stats s = {0};
    long listed = check_lists();
    if (listed < 0)
        return (int)listed;
    bool prev_free = false;
    struct block *b = (struct block *)heap.lo;
    for (; heap.lo && (char *)b < heap.hi; b = next_of(b)) {
        size_t size = size_of(b);
        if (size % ALIGN || size < MIN_PAYLOAD ||
            (char *)b + HDR + size > heap.hi)
            return -4;
        if (((b->size & PREV_FREE) != 0) != prev_free)
            return -5;
        if (prev_free && (b->size & FREE))
            return -6; /* two free neighbours were not merged */
        prev_free = b->size & FREE;
        if (prev_free && next_of(b)->prev_size != size)
            return -7;
        *(prev_free ? &s.free_bytes : &s.used_bytes) += size;
        *(prev_free ? &s.free_blocks : &s.used_blocks) += 1;
    }
    if (heap.lo && ((char *)b != heap.hi || size_of(b) != 0 ||
                    ((b->size & PREV_FREE) != 0) != prev_free))
        return -8;
    if ((long)s.free_blocks != listed)
        return -9;
    s.heap_size = heap.lo ? (size_t)(heap.hi - heap.lo) + HDR : 0;
    if (st)
        *st = s;
    return 0;
}

MIRAGE__NOLIBC_ALIAS(malloc);
MIRAGE__NOLIBC_ALIAS(calloc);
MIRAGE__NOLIBC_ALIAS(realloc);
MIRAGE__NOLIBC_ALIAS(free);
MIRAGE__NOLIBC_ALIAS(aligned_alloc);
