/* SPDX-License-Identifier: ISC */
/* nolibc's allocator under random malloc/free/realloc/aligned_alloc runs. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "nolibc_test.h"

#define ARENA (32u << 20)
#define SLOTS 2048

struct slot {
    unsigned char *p;
    size_t size;
    unsigned char fill;
};

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Mostly small, sometimes medium, rarely large: like real programs. */
static size_t random_size(void)
{
    uint64_t r = next_rand() % 100;
    if (r < 70)
        return next_rand() % 257;
    if (r < 97)
        return next_rand() % 8192;
    return next_rand() % (256 * 1024);
}

static int intact(const struct slot *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s->p[i] != s->fill)
            return 0;
    return 1;
}

static int cmp_slot(const void *a, const void *b)
{
    const struct slot *x = a, *y = b;
    return (x->p > y->p) - (x->p < y->p);
}

/* Every live block still holds its pattern and none overlaps the next. */
static void check_live(struct slot *slots)
{
    static struct slot live[SLOTS];
    size_t n = 0;
    for (size_t i = 0; i < SLOTS; i++)
        if (slots[i].p) {
            CHECK(intact(&slots[i], slots[i].size));
            live[n++] = slots[i];
        }
    qsort(live, n, sizeof live[0], cmp_slot);
    for (size_t i = 1; i < n; i++)
        CHECK(live[i - 1].p + live[i - 1].size <= live[i].p);
    CHECK_INT_EQ(mirage__nolibc_heap_check(NULL), 0);
}

static void fill(struct slot *s, unsigned char *p, size_t size)
{
    s->p = p;
    s->size = size;
    s->fill = (unsigned char)next_rand();
    memset(p, s->fill, size);
}

static long ooms;

static void one_op(struct slot *s)
{
    unsigned op = next_rand() % 100;
    size_t size = random_size();
    if (s->p && op < 40) {
        CHECK(intact(s, s->size));
        mirage__nolibc_free(s->p);
        s->p = NULL;
    } else if (s->p && op < 70) {
        unsigned char *q = mirage__nolibc_realloc(s->p, size);
        if (size == 0) { /* freed, as glibc does */
            CHECK(q == NULL);
            s->p = NULL;
            return;
        }
        if (!q) {
            ooms++;
            return;
        }
        size_t keep = size < s->size ? size : s->size;
        CHECK(((uintptr_t)q & 15) == 0);
        struct slot old = *s;
        old.p = q;
        CHECK(intact(&old, keep));
        fill(s, q, size);
    } else if (!s->p) {
        size_t align = op < 10 ? (size_t)32 << (next_rand() % 8) : 16;
        unsigned char *p = align > 16
                               ? mirage__nolibc_aligned_alloc(align, size)
                               : mirage__nolibc_malloc(size);
        if (!p) {
            ooms++;
            return;
        }
        CHECK(((uintptr_t)p & (align - 1)) == 0);
        CHECK(mirage__nolibc_usable_size(p) >= size);
        fill(s, p, size);
    }
}

static void random_run(size_t arena_size)
{
    static struct slot slots[SLOTS];
    unsigned char *arena = malloc(arena_size);
    ooms = 0;
    mirage__nolibc_heap_init(arena + 3, arena_size - 7); /* unaligned */
    struct mirage__nolibc_heap_stats st;
    CHECK_INT_EQ(mirage__nolibc_heap_check(&st), 0);
    size_t all_free = st.free_bytes;
    CHECK(all_free >= arena_size - 64 && st.free_blocks == 1);
    CHECK_UINT_EQ(st.heap_size, all_free + 32);
    for (long i = 0; i < 300000; i++) {
        one_op(&slots[next_rand() % SLOTS]);
        if (i % 5000 == 0)
            check_live(slots);
    }
    check_live(slots);
    fprintf(stderr, "random, %zu KiB heap: %ld allocations failed\n",
            arena_size >> 10, ooms);
    for (size_t i = 0; i < SLOTS; i++) {
        mirage__nolibc_free(slots[i].p);
        slots[i].p = NULL;
    }
    CHECK_INT_EQ(mirage__nolibc_heap_check(&st), 0);
    CHECK_INT_EQ(st.used_blocks, 0);
    CHECK_INT_EQ(st.free_blocks, 1); /* everything merged back */
    CHECK_UINT_EQ(st.free_bytes, all_free);
    free(arena);
}

/* A big heap (no allocation may fail) and a small one (many fail, and the
 * heap must stay consistent through it). */
static void test_random(void)
{
    random_run(ARENA);
    CHECK_INT_EQ(ooms, 0);
    random_run(1u << 20);
    CHECK(ooms > 0);
}

static void test_out_of_memory(void)
{
    static unsigned char arena[64 * 1024];
    void *ps[128];
    int n = 0;
    mirage__nolibc_heap_init(arena, sizeof arena);
    errno = 0;
    CHECK(mirage__nolibc_malloc(sizeof arena) == NULL);
    CHECK_INT_EQ(errno, ENOMEM);
    CHECK(mirage__nolibc_malloc(SIZE_MAX) == NULL);
    CHECK(mirage__nolibc_calloc(SIZE_MAX / 2, 4) == NULL);
    while (n < 128 && (ps[n] = mirage__nolibc_malloc(1000)))
        n++;
    CHECK(n >= 60 && n < 66); /* 64 KiB / (1008 + 16) */
    CHECK_INT_EQ(mirage__nolibc_heap_check(NULL), 0);
    for (int i = 0; i < n; i += 2) /* free every other block */
        mirage__nolibc_free(ps[i]);
    CHECK(mirage__nolibc_malloc(3000) == NULL); /* fragmented */
    for (int i = 1; i < n; i += 2)
        mirage__nolibc_free(ps[i]);
    void *big = mirage__nolibc_malloc(60000); /* merged again */
    CHECK(big != NULL);
    mirage__nolibc_free(big);
    CHECK_INT_EQ(mirage__nolibc_heap_check(NULL), 0);
}

static void test_realloc_in_place(void)
{
    static unsigned char arena[64 * 1024];
    mirage__nolibc_heap_init(arena, sizeof arena);
    unsigned char *a = mirage__nolibc_malloc(100);
    unsigned char *b = mirage__nolibc_malloc(1000);
    unsigned char *c = mirage__nolibc_malloc(100);
    memset(a, 0xab, 100);
    mirage__nolibc_free(b);
    CHECK(mirage__nolibc_realloc(a, 900) == a); /* grows into b's space */
    CHECK(a[0] == 0xab && a[99] == 0xab);
    CHECK(mirage__nolibc_realloc(a, 50) == a); /* shrinks in place */
    CHECK_INT_EQ(mirage__nolibc_heap_check(NULL), 0);
    unsigned char *d = mirage__nolibc_realloc(a, 5000); /* must move */
    CHECK(d != a && d[0] == 0xab && d[49] == 0xab);
    CHECK(mirage__nolibc_realloc(NULL, 10) != NULL);
    CHECK(mirage__nolibc_realloc(c, 0) == NULL); /* frees */
    CHECK_INT_EQ(mirage__nolibc_heap_check(NULL), 0);
}

static void test_calloc_zeroes(void)
{
    static unsigned char arena[16 * 1024];
    mirage__nolibc_heap_init(arena, sizeof arena);
    unsigned char *p = mirage__nolibc_malloc(512);
    memset(p, 0xff, 512);
    mirage__nolibc_free(p);
    unsigned char *q = mirage__nolibc_calloc(64, 8);
    CHECK(q != NULL);
    for (int i = 0; q && i < 512; i++)
        CHECK(q[i] == 0);
}

static void expect_fatal(void (*fn)(void *), void *arg, const char *what)
{
    jmp_buf jb;
    nolibc_test_fatal_why = NULL;
    if (setjmp(jb) == 0) {
        nolibc_test_fatal_jmp = &jb;
        fn(arg);
        CHECK__FAIL("%s was not detected", what);
    }
    nolibc_test_fatal_jmp = NULL;
    CHECK(nolibc_test_fatal_why != NULL);
}

static void do_free(void *p)
{
    mirage__nolibc_free(p);
}

static void test_misuse_detected(void)
{
    static unsigned char arena[16 * 1024];
    mirage__nolibc_heap_init(arena, sizeof arena);
    void *p = mirage__nolibc_malloc(64);
    void *q = mirage__nolibc_malloc(64);
    mirage__nolibc_free(p);
    expect_fatal(do_free, p, "double free");
    mirage__nolibc_free(q); /* q merges with p's block */
    expect_fatal(do_free, q, "double free after merging");
    expect_fatal(do_free, arena + sizeof arena + 64, "foreign pointer");
    expect_fatal(do_free, (char *)mirage__nolibc_malloc(32) + 8,
                 "misaligned pointer");
}

static void test_tiny_heap(void)
{
    static unsigned char arena[40];
    mirage__nolibc_heap_init(arena, sizeof arena);
    CHECK(mirage__nolibc_malloc(1) == NULL);
    mirage__nolibc_heap_init(NULL, 0);
    CHECK(mirage__nolibc_malloc(1) == NULL);
    CHECK(mirage__nolibc_aligned_alloc(3, 8) == NULL); /* not a power of 2 */
}

int main(void)
{
    RUN(test_random);
    RUN(test_out_of_memory);
    RUN(test_realloc_in_place);
    RUN(test_calloc_zeroes);
    RUN(test_misuse_detected);
    RUN(test_tiny_heap);
    CHECK_DONE();
}
