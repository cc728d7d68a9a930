/* SPDX-License-Identifier: ISC */
/* Fixed-size buffer pools: allocated once, counted, returned on the last unref.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include <mirage/buf.h>

/* Each slot is a struct mirage_buf then its storage, each part rounded to
 * 64 bytes so that every data area starts on a cache line. */
static size_t round64(size_t n)
{
    return (n + 63) & ~(size_t)63;
}

#define HDR_SIZE round64(sizeof(struct mirage_buf))

static size_t slot_size(uint32_t bufsize)
{
    return HDR_SIZE + round64(bufsize);
}

static void pool_release(struct mirage_buf *b)
{
    struct mirage_buf_pool *p = b->pool;
    assert(p->in_use > 0);
    b->next = p->free_list;
    p->free_list = b;
    p->in_use--;
}

int mirage_buf_pool_init(struct mirage_buf_pool *p, uint32_t count,
                         uint32_t bufsize)
{
    if (count == 0 || bufsize == 0)
        return -EINVAL;
    size_t slot = slot_size(bufsize);
    if (count > SIZE_MAX / slot)
        return -ENOMEM;
    uint8_t *mem = aligned_alloc(64, slot * count);
    if (!mem)
        return -ENOMEM;
    *p = (struct mirage_buf_pool){
        .bufsize = bufsize, .count = count, .storage = mem};
    for (uint32_t i = count; i-- > 0;) {
        struct mirage_buf *b = (struct mirage_buf *)(mem + i * slot);
        *b = (struct mirage_buf){
            .base = (uint8_t *)b + HDR_SIZE,
            .cap = bufsize,
            .pool = p,
            .release = pool_release,
            .next = p->free_list,
        };
        p->free_list = b;
    }
    return 0;
}

void mirage_buf_pool_destroy(struct mirage_buf_pool *p)
{
    /* Buffers still out would point into freed storage. */
    assert(p->in_use == 0);
    free(p->storage);
    p->storage = NULL;
    p->free_list = NULL;
    p->count = 0;
}

struct mirage_buf *mirage_buf_pool_get(struct mirage_buf_pool *p,
                                       uint32_t headroom)
{
    assert(headroom <= p->bufsize);
    struct mirage_buf *b = p->free_list;
    if (!b)
        return NULL;
    p->free_list = b->next;
    b->next = NULL;
    b->off = headroom;
    b->len = 0;
    b->refs = 1;
    b->user = NULL;
    mirage_buf_clear_offload(b);
    if (++p->in_use > p->peak)
        p->peak = p->in_use;
    return b;
}
