/* SPDX-License-Identifier: ISC */
/* Packet buffers: headroom arithmetic, reference counts, heap and wrapped
 * buffers. */
#include <assert.h>
#include <stdlib.h>

#include <mirage/buf.h>

uint8_t *mirage_buf_push(struct mirage_buf *b, uint32_t n)
{
    assert(n <= b->off);
    b->off -= n;
    b->len += n;
    return b->base + b->off;
}

uint8_t *mirage_buf_pull(struct mirage_buf *b, uint32_t n)
{
    if (b->len < n)
        return NULL;
    uint8_t *old = b->base + b->off;
    b->off += n;
    b->len -= n;
    return old;
}

uint8_t *mirage_buf_put(struct mirage_buf *b, uint32_t n)
{
    assert(n <= mirage_buf_tailroom(b));
    uint8_t *p = b->base + b->off + b->len;
    b->len += n;
    return p;
}

void mirage_buf_trim(struct mirage_buf *b, uint32_t len)
{
    if (len < b->len)
        b->len = len;
}

void mirage_buf_ref(struct mirage_buf *b)
{
    assert(b->refs > 0);
    b->refs++;
}

void mirage_buf_unref(struct mirage_buf *b)
{
    assert(b->refs > 0);
    if (--b->refs == 0 && b->release)
        b->release(b);
}

static void heap_release(struct mirage_buf *b)
{
    free(b);
}

struct mirage_buf *mirage_buf_alloc(uint32_t headroom, uint32_t size)
{
    if (size > UINT32_MAX - headroom ||
        (size_t)headroom + size > SIZE_MAX - sizeof(struct mirage_buf))
        return NULL;
    struct mirage_buf *b = malloc(sizeof(*b) + headroom + size);
    if (!b)
        return NULL;
    *b = (struct mirage_buf){
        .base = (uint8_t *)(b + 1),
        .cap = headroom + size,
        .off = headroom,
        .refs = 1,
        .release = heap_release,
    };
    return b;
}

struct mirage_buf *mirage_buf_wrap(const void *data, uint32_t len,
                                   void (*release)(struct mirage_buf *b),
                                   void *user)
{
    struct mirage_buf *b = malloc(sizeof(*b));
    if (!b)
        return NULL;
    /* Constant data: no headroom, so a layer that must prepend a header
     * copies the data into a buffer of its own. */
    *b = (struct mirage_buf){
        .base = (uint8_t *)(uintptr_t)data,
        .cap = len,
        .len = len,
        .refs = 1,
        .release = release ? release : mirage_buf_free_wrapper,
        .user = user,
    };
    return b;
}

void mirage_buf_free_wrapper(struct mirage_buf *b)
{
    free(b);
}
