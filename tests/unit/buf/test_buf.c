/* SPDX-License-Identifier: ISC */
/* Packet buffers: headroom arithmetic, references, pools, wrapped data. */
#include <errno.h>
#include <mirage/buf.h>

#include "check.h"

static void test_push_pull(void)
{
    struct mirage_buf *b = mirage_buf_alloc(32, 100);
    CHECK(b != NULL);
    CHECK_UINT_EQ(mirage_buf_headroom(b), 32);
    CHECK_UINT_EQ(b->len, 0);
    CHECK_UINT_EQ(mirage_buf_tailroom(b), 100);
    uint8_t *p = mirage_buf_put(b, 10);
    memcpy(p, "0123456789", 10);
    uint8_t *h = mirage_buf_push(b, 4);
    memcpy(h, "HDR:", 4);
    CHECK_UINT_EQ(b->len, 14);
    CHECK_UINT_EQ(mirage_buf_headroom(b), 28);
    CHECK_MEM_EQ(mirage_buf_data(b), "HDR:0123456789", 14);
    CHECK(mirage_buf_pull(b, 15) == NULL); /* short input: nothing changes */
    CHECK_UINT_EQ(b->len, 14);
    uint8_t *old = mirage_buf_pull(b, 4);
    CHECK(old == h);
    CHECK_MEM_EQ(mirage_buf_data(b), "0123456789", 10);
    mirage_buf_trim(b, 20); /* longer: no-op */
    CHECK_UINT_EQ(b->len, 10);
    mirage_buf_trim(b, 3);
    CHECK_UINT_EQ(b->len, 3);
    CHECK(mirage_buf_pull(b, 3) != NULL);
    CHECK_UINT_EQ(b->len, 0);
    mirage_buf_unref(b);
}

static void test_pool(void)
{
    struct mirage_buf_pool p;
    CHECK_INT_EQ(mirage_buf_pool_init(&p, 3, 256), 0);
    struct mirage_buf *a = mirage_buf_pool_get(&p, 16);
    struct mirage_buf *b = mirage_buf_pool_get(&p, 0);
    struct mirage_buf *c = mirage_buf_pool_get(&p, 256);
    CHECK(a && b && c);
    CHECK(mirage_buf_pool_get(&p, 0) == NULL); /* exhausted */
    CHECK_UINT_EQ(p.in_use, 3);
    CHECK_UINT_EQ(p.peak, 3);
    CHECK_UINT_EQ(mirage_buf_headroom(a), 16);
    CHECK_UINT_EQ(mirage_buf_tailroom(a), 240);
    CHECK_UINT_EQ(mirage_buf_tailroom(c), 0);
    CHECK(((uintptr_t)mirage_buf_data(b) & 63) == 0);
    /* Distinct, non-overlapping storage. */
    memset(mirage_buf_put(a, 240), 0xaa, 240);
    memset(mirage_buf_put(b, 256), 0xbb, 256);
    CHECK(mirage_buf_data(a)[239] == 0xaa && mirage_buf_data(b)[0] == 0xbb);
    mirage_buf_ref(b);
    mirage_buf_unref(b);
    CHECK_UINT_EQ(p.in_use, 3); /* one reference left */
    mirage_buf_unref(b);
    mirage_buf_unref(a);
    mirage_buf_unref(c);
    CHECK_UINT_EQ(p.in_use, 0);
    struct mirage_buf *d = mirage_buf_pool_get(&p, 8);
    CHECK(d != NULL);
    CHECK_UINT_EQ(d->len, 0);
    CHECK_UINT_EQ(d->refs, 1);
    mirage_buf_unref(d);
    CHECK_UINT_EQ(p.peak, 3);
    mirage_buf_pool_destroy(&p);
    CHECK_INT_EQ(mirage_buf_pool_init(&p, 0, 256), -EINVAL);
}

static int released;

static void on_release(struct mirage_buf *b)
{
    released += *(int *)b->user;
    mirage_buf_free_wrapper(b);
}

static void test_wrap(void)
{
    static const char text[] = "constant data";
    int tag = 7;
    struct mirage_buf *b =
        mirage_buf_wrap(text, sizeof(text) - 1, on_release, &tag);
    CHECK(b != NULL);
    CHECK_UINT_EQ(b->len, 13);
    CHECK_UINT_EQ(mirage_buf_headroom(b), 0);
    CHECK(mirage_buf_data(b) == (const uint8_t *)text);
    mirage_buf_ref(b);
    mirage_buf_unref(b);
    CHECK_INT_EQ(released, 0);
    mirage_buf_unref(b);
    CHECK_INT_EQ(released, 7);
    /* No hook: freed by default. */
    mirage_buf_unref(mirage_buf_wrap(text, 4, NULL, NULL));
}

static void test_alloc_limits(void)
{
    CHECK(mirage_buf_alloc(UINT32_MAX, 2) == NULL);
    struct mirage_buf *b = mirage_buf_alloc(0, 0);
    CHECK(b != NULL);
    CHECK_UINT_EQ(b->cap, 0);
    mirage_buf_unref(b);
}

int main(void)
{
    RUN(test_push_pull);
    RUN(test_pool);
    RUN(test_wrap);
    RUN(test_alloc_limits);
    CHECK_DONE();
}
