/* SPDX-License-Identifier: ISC */
/* kv_ring: the KV_RW operations. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kv_priv.h"
#include "ring_priv.h"

static struct ring_entry *lookup(struct kv_ring *r, const char *key, int *err)
{
    struct mirage__kv_node *n = mirage__kv_index_find(&r->ix, key);

    if (n)
        return n->val;
    *err = mirage__kv_index_kind(&r->ix, key) == MIRAGE_KV_DICTIONARY ? -EISDIR
                                                                      : -ENOENT;
    return NULL;
}

static int ring_exists(struct mirage_kv_ro *kv, const char *key)
{
    return mirage__kv_index_kind(&KV_RING(kv)->ix, key);
}

/* Reads the whole value of e into a new buffer, checking its CRC. */
static int read_value(struct kv_ring *r, const struct ring_entry *e,
                      unsigned char **out)
{
    unsigned char *buf;
    int err = 0;

    if (e->dlen >= SIZE_MAX)
        return -ENOMEM;
    buf = malloc((size_t)e->dlen + 1);
    if (!buf)
        return -ENOMEM;
    if (e->flags & RING_F_ZERO)
        memset(buf, 0, (size_t)e->dlen);
    else
        err =
            mirage__ring_read_bytes(r, e->lsn + e->doff, buf, (size_t)e->dlen);
    if (err == 0 && !(e->flags & RING_F_ZERO) &&
        mirage__ring_crc32c(0, buf, (size_t)e->dlen) != e->dcrc) {
        r->st.checksum_errors++;
        err = -EIO;
    }
    if (err < 0) {
        free(buf);
        return err;
    }
    buf[e->dlen] = '\0';
    *out = buf;
    return 0;
}

static int ring_get(struct mirage_kv_ro *kv, const char *key, void **val,
                    size_t *len)
{
    struct kv_ring *r = KV_RING(kv);
    int err = 0;
    struct ring_entry *e = lookup(r, key, &err);
    unsigned char *buf;

    if (!e)
        return err;
    err = read_value(r, e, &buf);
    if (err < 0)
        return err;
    *val = buf;
    *len = (size_t)e->dlen;
    return 0;
}

static int64_t ring_get_partial(struct mirage_kv_ro *kv, const char *key,
                                uint64_t offset, void *buf, size_t len)
{
    struct kv_ring *r = KV_RING(kv);
    int err = 0;
    struct ring_entry *e = lookup(r, key, &err);

    if (!e)
        return err;
    if (offset >= e->dlen)
        return 0;
    if (len > e->dlen - offset)
        len = (size_t)(e->dlen - offset);
    if (e->flags & RING_F_ZERO)
        memset(buf, 0, len);
    else if ((err = mirage__ring_read_bytes(r, e->lsn + e->doff + offset, buf,
                                            len)) < 0)
        return err;
    return (int64_t)len;
}

static int ring_list(struct mirage_kv_ro *kv, const char *key,
                     struct mirage_kv_list *out)
{
    return mirage__kv_index_list(&KV_RING(kv)->ix, key, out);
}

static void mtime_of(const struct mirage__kv_node *n, struct mirage_ptime *t)
{
    *t = ((const struct ring_entry *)n->val)->mtime;
}

static int ring_last_modified(struct mirage_kv_ro *kv, const char *key,
                              struct mirage_ptime *out)
{
    return mirage__kv_index_last_modified(&KV_RING(kv)->ix, key, mtime_of, out);
}

static int64_t ring_size(struct mirage_kv_ro *kv, const char *key)
{
    int err = 0;
    struct ring_entry *e = lookup(KV_RING(kv), key, &err);

    return e ? (int64_t)e->dlen : err;
}

static int mem_read(void *arg, uint64_t off, void *dst, size_t n)
{
    memcpy(dst, (const unsigned char *)arg + off, n);
    return 0;
}

/* Writes the SET record h for key and binds key to it. */
static int write_value(struct kv_ring *r, const char *key, struct ring_hdr *h,
                       const struct ring_src *src)
{
    uint64_t foot =
        mirage__ring_foot(r, RING_HDR + h->klen + mirage__ring_stored(h));
    struct mirage__kv_node *n = mirage__kv_index_find(&r->ix, key);
    struct ring_entry *e = calloc(1, sizeof *e);
    bool fresh = !n;
    int err;

    if (e && fresh)
        n = mirage__kv_index_insert(&r->ix, key, MIRAGE_KV_VALUE, NULL);
    if (!e || !n) {
        free(e);
        return -ENOMEM;
    }
    err = mirage__ring_admit(r, foot, foot, 0, true);
    h->lsn = r->head;
    if (err == 0)
        err = mirage__ring_append(r, h, key, src);
    if (err < 0) {
        if (fresh)
            mirage__kv_index_remove(&r->ix, n);
        free(e);
        return err;
    }
    if (!fresh)
        mirage__ring_drop(n->val, r);
    n->val = e;
    e->node = n;
    mirage__ring_entry_set(r, e, h, h->klen);
    return 0;
}

static int ring_set(struct mirage_kv_ro *kv, const char *key, const void *val,
                    size_t len)
{
    struct kv_ring *r = KV_RING(kv);
    struct ring_src src = {mem_read, (void *)(uintptr_t)val};
    struct ring_hdr h = {.type = RING_SET, .dlen = len};
    int err = mirage__kv_index_check_set(&r->ix, key, NULL);

    if (err < 0)
        return err;
    h.klen = (uint16_t)strlen(key);
    if (len > r->cap || RING_HDR + h.klen + len > r->cap)
        return -ENOSPC;
    h.dcrc = mirage__ring_crc32c(0, val, len);
    mirage__kv_now(&h.mtime);
    return write_value(r, key, &h, &src);
}

static int ring_set_partial(struct mirage_kv_ro *kv, const char *key,
                            uint64_t offset, const void *val, size_t len)
{
    struct kv_ring *r = KV_RING(kv);
    int err = 0;
    struct ring_entry *e = lookup(r, key, &err);
    unsigned char *old, *buf;
    size_t pos, newlen;

    if (!e)
        return err == -ENOENT ? ring_set(kv, key, val, len) : err;
    err = read_value(r, e, &old);
    if (err < 0)
        return err;
    pos = offset < e->dlen ? (size_t)offset : (size_t)e->dlen;
    newlen = len <= SIZE_MAX - pos && pos + len > e->dlen ? pos + len
                                                          : (size_t)e->dlen;
    buf = len > SIZE_MAX - pos ? NULL : realloc(old, newlen ? newlen : 1);
    if (!buf) {
        free(old);
        return -ENOMEM;
    }
    memcpy(buf + pos, val, len);
    err = ring_set(kv, key, buf, newlen);
    free(buf);
    return err;
}

static int ring_remove(struct mirage_kv_ro *kv, const char *key)
{
    struct kv_ring *r = KV_RING(kv);
    struct ring_hdr h = {.type = RING_DEL, .lsn = r->head};
    struct ring_src none = {mem_read, NULL};
    int err;

    if (mirage__kv_index_kind(&r->ix, key) == MIRAGE_KV_NONE)
        return 0;
    h.klen = (uint16_t)strlen(key);
    mirage__kv_now(&h.mtime);
    err = mirage__ring_admit(r, mirage__ring_foot(r, RING_HDR + h.klen), 0, 0,
                             false);
    h.lsn = r->head;
    if (err == 0)
        err = mirage__ring_append(r, &h, key, &none);
    return err < 0 ? err : mirage__ring_apply(r, &h, key, NULL);
}

/* How a rename changes the footprints of the entries it moves. */
struct growth {
    struct kv_ring *r;
    size_t slen, tlen;
    int64_t delta;
    uint64_t max;
};

static int measure(struct mirage__kv_node *n, void *arg)
{
    struct growth *g = arg;
    struct ring_entry *e = n->val;
    uint64_t stored = (e->flags & RING_F_ZERO) ? 0 : e->dlen;
    uint64_t now = mirage__ring_foot(g->r, RING_HDR + n->klen - g->slen +
                                               g->tlen + stored);
    uint64_t foot = now > e->foot_disk ? now : e->foot_disk;

    g->delta += (int64_t)foot - (int64_t)e->foot;
    if (foot > g->max)
        g->max = foot;
    return 0;
}

static int ring_rename(struct mirage_kv_ro *kv, const char *source,
                       const char *dest)
{
    struct kv_ring *r = KV_RING(kv);
    struct mirage__kv_rename_plan plan;
    struct growth g = {r, strlen(source), 0, 0, 0};
    struct ring_hdr h = {.type = RING_RENAME};
    struct ring_src src = {mem_read, plan.target};
    int err = mirage__kv_index_plan_rename(&r->ix, source, dest, &plan);

    if (err < 0 || plan.noop)
        return err;
    g.tlen = strlen(plan.target);
    err = mirage__kv_index_each_at(&r->ix, source, measure, &g);
    if (err < 0)
        return err;
    h.klen = (uint16_t)g.slen;
    h.dlen = g.tlen;
    h.dcrc = mirage__ring_crc32c(0, plan.target, g.tlen);
    mirage__kv_now(&h.mtime);
    err =
        mirage__ring_admit(r, mirage__ring_foot(r, RING_HDR + h.klen + h.dlen),
                           g.max, g.delta > 0 ? (uint64_t)g.delta : 0, true);
    h.lsn = r->head;
    if (err == 0)
        err = mirage__ring_append(r, &h, source, &src);
    return err < 0 ? err : mirage__ring_apply(r, &h, source, plan.target);
}

static int zero_read(void *arg, uint64_t off, void *dst, size_t n)
{
    (void)arg, (void)off;
    memset(dst, 0, n);
    return 0;
}

static int ring_allocate(struct mirage_kv_ro *kv, const char *key,
                         const struct mirage_ptime *mtime, uint64_t size)
{
    struct kv_ring *r = KV_RING(kv);
    struct ring_src src = {zero_read, NULL};
    struct ring_hdr h = {.type = RING_SET, .flags = RING_F_ZERO, .dlen = size};
    int err;

    if (mirage__kv_index_kind(&r->ix, key) != MIRAGE_KV_NONE)
        return -EEXIST;
    err = mirage__kv_index_check_set(&r->ix, key, NULL);
    if (err < 0)
        return err;
    if (size > INT64_MAX)
        return -ENOSPC;
    h.klen = (uint16_t)strlen(key);
    if (mtime)
        h.mtime = *mtime;
    else
        mirage__kv_now(&h.mtime);
    return write_value(r, key, &h, &src);
}

static void ring_disconnect(struct mirage_kv_ro *kv)
{
    struct kv_ring *r = KV_RING(kv);

    mirage__kv_index_fini(&r->ix, free);
    free(r->buf);
    free(r);
}

const struct mirage_kv_ops mirage__ring_ops = {
    .exists = ring_exists,
    .get = ring_get,
    .get_partial = ring_get_partial,
    .list = ring_list,
    .last_modified = ring_last_modified,
    .size = ring_size,
    .disconnect = ring_disconnect,
    .set = ring_set,
    .set_partial = ring_set_partial,
    .remove = ring_remove,
    .rename = ring_rename,
    .allocate = ring_allocate,
};
