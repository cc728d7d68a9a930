/* SPDX-License-Identifier: ISC */
/* kv_ring: formatting, mounting and statistics. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/log.h>

#include "kv_priv.h"
#include "platform.h"
#include "ring_priv.h"

static uint64_t fresh_nonce(void)
{
    uint64_t n = 0;

    if (mirage_plat_entropy(&n, sizeof n) < 0 || n == 0)
        n = mirage_plat_clock_wall() * 0x9e3779b97f4a7c15ull ^
            mirage_plat_clock_monotonic();
    return n;
}

/* A store on b with its geometry and a bounce buffer, not mounted. */
static struct kv_ring *ring_new(struct mirage_block *b)
{
    struct mirage_block_info info;
    struct kv_ring *r = calloc(1, sizeof *r);

    if (!r)
        return NULL;
    mirage_block_get_info(b, &info);
    r->blk = b;
    r->ss = info.sector_size;
    r->bufsz = info.sector_size > RING_CHUNK ? info.sector_size : RING_CHUNK;
    r->buf = malloc(r->bufsz);
    if (!r->buf) {
        free(r);
        return NULL;
    }
    r->rw.ro.ops = &mirage__ring_ops;
    return r;
}

static void ring_free(struct kv_ring *r)
{
    mirage__kv_index_fini(&r->ix, free);
    free(r->buf);
    free(r);
}

int mirage_kv_ring_format(struct mirage_block *b)
{
    struct mirage_block_info info;
    struct kv_ring *r;
    int err;

    assert(b);
    mirage_block_get_info(b, &info);
    if (!info.read_write)
        return -EROFS;
    if (info.size_sectors < RING_MIN_SECTORS)
        return -ENOSPC;
    r = ring_new(b);
    if (!r)
        return -ENOMEM;
    r->cap = (info.size_sectors - 2) * info.sector_size;
    r->nonce = fresh_nonce();
    /* Slot 1 first: until slot 0 is written, no valid superblock names the
     * new store, and an interrupted format leaves no half-store behind. */
    memset(r->buf, 0, r->ss);
    err = mirage_block_write(b, 1, r->buf, r->ss);
    r->sb_seq = 1; /* the first superblock written gets sequence 2, slot 0 */
    if (err == 0)
        err = mirage__ring_sb_write(r, 0);
    ring_free(r);
    return err;
}

/* True if both superblock slots are all zeros. */
static int blank(struct kv_ring *r)
{
    for (uint64_t s = 0; s < 2; s++) {
        int err = mirage_block_read(r->blk, s, r->buf, r->ss);
        if (err < 0)
            return err;
        for (uint32_t i = 0; i < r->ss; i++)
            if (r->buf[i])
                return 0;
    }
    return 1;
}

static int mount(struct kv_ring *r, unsigned flags)
{
    int err = mirage__ring_sb_load(r);

    if (err == -EUCLEAN && (flags & MIRAGE_KV_RING_FORMAT_IF_BLANK)) {
        int b = blank(r);
        if (b < 0)
            return b;
        if (b == 1) {
            err = mirage_kv_ring_format(r->blk);
            if (err == 0)
                err = mirage__ring_sb_load(r);
        }
    }
    if (err < 0)
        return err;
    r->slack = mirage__ring_foot(r, RING_HDR + 2 * MIRAGE_KV_KEY_MAX);
    err = mirage__kv_index_init(&r->ix);
    return err < 0 ? err : mirage__ring_replay(r);
}

int mirage_kv_ring_connect(struct mirage_block *b, unsigned flags,
                           struct mirage_kv_rw **out)
{
    struct kv_ring *r;
    int err;

    assert(b && out);
    r = ring_new(b);
    if (!r)
        return -ENOMEM;
    err = mount(r, flags);
    if (err < 0) {
        mirage_log_info(&mirage__ring_log, "mount failed: %s",
                        mirage_kv_strerror(err));
        ring_free(r);
        return err;
    }
    mirage_log_debug(&mirage__ring_log,
                     "mounted: %zu keys, %llu records replayed, %llu of %llu "
                     "bytes in use",
                     r->ix.count, (unsigned long long)r->st.replayed,
                     (unsigned long long)(r->head - mirage__ring_tail(r)),
                     (unsigned long long)r->cap);
    *out = &r->rw;
    return 0;
}

int mirage_kv_ring_stats(struct mirage_kv_rw *kv,
                         struct mirage_kv_ring_stats *out)
{
    struct kv_ring *r = KV_RING(kv);

    assert(kv && out);
    if (kv->ro.ops != &mirage__ring_ops)
        return -EINVAL;
    *out = r->st;
    out->capacity = r->cap;
    out->used = r->head - mirage__ring_tail(r);
    out->live = r->live;
    out->keys = r->ix.count;
    return 0;
}
