/* SPDX-License-Identifier: ISC */
/* tar_kv_ro: the KV_RO operations over a scanned archive. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/log.h>

#include "kv_priv.h"
#include "tar_priv.h"

/* The value at key, or the error a read of it gives. */
static struct tar_entry *lookup(struct kv_tar *t, const char *key, int *err)
{
    struct mirage__kv_node *n = mirage__kv_index_find(&t->ix, key);

    if (n && n->kind == MIRAGE_KV_VALUE)
        return n->val;
    if (n || mirage__kv_index_kind(&t->ix, key) == MIRAGE_KV_DICTIONARY)
        *err = -EISDIR;
    else if (mirage__kv_index_find(&t->refused, key))
        *err = -ENOTSUP;
    else
        *err = -ENOENT;
    return NULL;
}

static int tar_exists(struct mirage_kv_ro *kv, const char *key)
{
    return mirage__kv_index_kind(&KV_TAR(kv)->ix, key);
}

static int tar_get(struct mirage_kv_ro *kv, const char *key, void **val,
                   size_t *len)
{
    struct kv_tar *t = KV_TAR(kv);
    int err = 0;
    struct tar_entry *e = lookup(t, key, &err);
    char *buf;

    if (!e)
        return err;
    if (e->size >= SIZE_MAX || !(buf = malloc((size_t)e->size + 1)))
        return -ENOMEM;
    err = mirage_block_read_bytes(t->blk, e->off, buf, (size_t)e->size);
    if (err < 0) {
        free(buf);
        return err;
    }
    buf[e->size] = '\0';
    *val = buf;
    *len = (size_t)e->size;
    return 0;
}

static int64_t tar_get_partial(struct mirage_kv_ro *kv, const char *key,
                               uint64_t offset, void *buf, size_t len)
{
    struct kv_tar *t = KV_TAR(kv);
    int err = 0;
    struct tar_entry *e = lookup(t, key, &err);

    if (!e)
        return err;
    if (offset >= e->size)
        return 0;
    if (len > e->size - offset)
        len = (size_t)(e->size - offset);
    err = mirage_block_read_bytes(t->blk, e->off + offset, buf, len);
    return err < 0 ? err : (int64_t)len;
}

static int tar_list(struct mirage_kv_ro *kv, const char *key,
                    struct mirage_kv_list *out)
{
    return mirage__kv_index_list(&KV_TAR(kv)->ix, key, out);
}

static void mtime_of(const struct mirage__kv_node *n, struct mirage_ptime *t)
{
    *t = ((const struct tar_entry *)n->val)->mtime;
}

static int tar_last_modified(struct mirage_kv_ro *kv, const char *key,
                             struct mirage_ptime *out)
{
    struct kv_tar *t = KV_TAR(kv);

    if (mirage__kv_index_kind(&t->ix, key) == MIRAGE_KV_NONE)
        return mirage__kv_index_find(&t->refused, key) ? -ENOTSUP : -ENOENT;
    return mirage__kv_index_last_modified(&t->ix, key, mtime_of, out);
}

static int64_t tar_size(struct mirage_kv_ro *kv, const char *key)
{
    int err = 0;
    struct tar_entry *e = lookup(KV_TAR(kv), key, &err);

    return e ? (int64_t)e->size : err;
}

static void tar_free(struct kv_tar *t)
{
    mirage__kv_index_fini(&t->ix, free);
    mirage__kv_index_fini(&t->refused, NULL);
    free(t);
}

static void tar_disconnect(struct mirage_kv_ro *kv)
{
    tar_free(KV_TAR(kv));
}

static const struct mirage_kv_ops tar_ops = {
    .exists = tar_exists,
    .get = tar_get,
    .get_partial = tar_get_partial,
    .list = tar_list,
    .last_modified = tar_last_modified,
    .size = tar_size,
    .disconnect = tar_disconnect,
};

int mirage_kv_tar_connect(struct mirage_block *b, struct mirage_kv_ro **out)
{
    struct kv_tar *t = calloc(1, sizeof *t);
    int err;

    assert(b && out);
    if (!t)
        return -ENOMEM;
    t->ro.ops = &tar_ops;
    t->blk = b;
    t->devsize = mirage_block_size(b);
    if (mirage__kv_index_init(&t->ix) < 0 ||
        mirage__kv_index_init(&t->refused) < 0) {
        tar_free(t);
        return -ENOMEM;
    }
    err = mirage__tar_scan(t);
    if (err < 0) {
        mirage_log_info(&mirage__tar_log, "archive refused: %s",
                        mirage_kv_strerror(err));
        tar_free(t);
        return err;
    }
    if (t->st.refused + t->st.bad_names + t->st.conflicts)
        mirage_log_info(&mirage__tar_log,
                        "%llu entries; skipped %llu links or special files, "
                        "%llu bad names, %llu conflicting entries",
                        (unsigned long long)t->st.entries,
                        (unsigned long long)t->st.refused,
                        (unsigned long long)t->st.bad_names,
                        (unsigned long long)t->st.conflicts);
    *out = &t->ro;
    return 0;
}

int mirage_kv_tar_stats(struct mirage_kv_ro *kv,
                        struct mirage_kv_tar_stats *out)
{
    assert(kv && out);
    if (kv->ops != &tar_ops)
        return -EINVAL;
    *out = KV_TAR(kv)->st;
    return 0;
}
