/* SPDX-License-Identifier: ISC */
/* kv_rw_mem: a read-write store in memory. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/kv.h>

#include "kv_index.h"
#include "kv_priv.h"

struct mem_val {
    struct mirage_ptime mtime;
    size_t len;
    unsigned char data[]; /* len bytes and a NUL */
};

struct kv_mem {
    struct mirage_kv_rw rw;
    struct mirage__kv_index ix;
};

#define KV_MEM(kv) ((struct kv_mem *)(void *)(kv))

static struct mem_val *val_new(const void *data, size_t len)
{
    struct mem_val *v;

    if (len > SIZE_MAX - sizeof *v - 1)
        return NULL;
    v = malloc(sizeof *v + len + 1);
    if (!v)
        return NULL;
    v->len = len;
    if (data)
        memcpy(v->data, data, len);
    else
        memset(v->data, 0, len);
    v->data[len] = '\0';
    mirage__kv_now(&v->mtime);
    return v;
}

/* The value at key, or the error reading it gives. */
static int lookup(struct kv_mem *m, const char *key, struct mem_val **out)
{
    struct mirage__kv_node *n = mirage__kv_index_find(&m->ix, key);

    if (n) {
        *out = n->val;
        return 0;
    }
    return mirage__kv_index_kind(&m->ix, key) == MIRAGE_KV_DICTIONARY ? -EISDIR
                                                                      : -ENOENT;
}

static int mem_exists(struct mirage_kv_ro *kv, const char *key)
{
    return mirage__kv_index_kind(&KV_MEM(kv)->ix, key);
}

static int mem_get(struct mirage_kv_ro *kv, const char *key, void **val,
                   size_t *len)
{
    struct mem_val *v;
    int err = lookup(KV_MEM(kv), key, &v);

    if (err < 0)
        return err;
    *val = malloc(v->len + 1);
    if (!*val)
        return -ENOMEM;
    memcpy(*val, v->data, v->len + 1);
    *len = v->len;
    return 0;
}

static int64_t mem_get_partial(struct mirage_kv_ro *kv, const char *key,
                               uint64_t offset, void *buf, size_t len)
{
    struct mem_val *v;
    int err = lookup(KV_MEM(kv), key, &v);

    if (err < 0)
        return err;
    if (offset >= v->len)
        return 0;
    if (len > v->len - offset)
        len = (size_t)(v->len - offset);
    memcpy(buf, v->data + offset, len);
    return (int64_t)len;
}

static int mem_list(struct mirage_kv_ro *kv, const char *key,
                    struct mirage_kv_list *out)
{
    return mirage__kv_index_list(&KV_MEM(kv)->ix, key, out);
}

static void mtime_of(const struct mirage__kv_node *n, struct mirage_ptime *t)
{
    *t = ((const struct mem_val *)n->val)->mtime;
}

static int mem_last_modified(struct mirage_kv_ro *kv, const char *key,
                             struct mirage_ptime *out)
{
    return mirage__kv_index_last_modified(&KV_MEM(kv)->ix, key, mtime_of, out);
}

static int64_t mem_size(struct mirage_kv_ro *kv, const char *key)
{
    struct mem_val *v;
    int err = lookup(KV_MEM(kv), key, &v);

    return err < 0 ? err : (int64_t)v->len;
}

static void mem_disconnect(struct mirage_kv_ro *kv)
{
    mirage__kv_index_fini(&KV_MEM(kv)->ix, free);
    free(KV_MEM(kv));
}

/* Binds key to v (taken), replacing any value there. */
static int bind(struct kv_mem *m, const char *key, struct mem_val *v)
{
    struct mirage__kv_node *n = mirage__kv_index_find(&m->ix, key);
    int err = mirage__kv_index_check_set(&m->ix, key, NULL);

    if (err == 0 && !n &&
        !mirage__kv_index_insert(&m->ix, key, MIRAGE_KV_VALUE, v))
        err = -ENOMEM;
    if (err < 0) {
        free(v);
        return err;
    }
    if (n) {
        free(n->val);
        n->val = v;
    }
    return 0;
}

static int mem_set(struct mirage_kv_ro *kv, const char *key, const void *val,
                   size_t len)
{
    struct mem_val *v = val_new(val, len);

    return v ? bind(KV_MEM(kv), key, v) : -ENOMEM;
}

static int mem_set_partial(struct mirage_kv_ro *kv, const char *key,
                           uint64_t offset, const void *val, size_t len)
{
    struct mem_val *old, *v;
    size_t pos, newlen;
    int err = lookup(KV_MEM(kv), key, &old);

    if (err == -ENOENT)
        return mem_set(kv, key, val, len);
    if (err < 0)
        return err;
    pos = offset < old->len ? (size_t)offset : old->len;
    if (len > SIZE_MAX - pos)
        return -ENOMEM;
    newlen = pos + len > old->len ? pos + len : old->len;
    v = val_new(NULL, newlen);
    if (!v)
        return -ENOMEM;
    memcpy(v->data, old->data, old->len);
    memcpy(v->data + pos, val, len);
    return bind(KV_MEM(kv), key, v);
}

static void drop(void *val, void *arg)
{
    (void)arg;
    free(val);
}

static int mem_remove(struct mirage_kv_ro *kv, const char *key)
{
    return mirage__kv_index_apply_remove(&KV_MEM(kv)->ix, key, drop, NULL);
}

static int mem_rename(struct mirage_kv_ro *kv, const char *source,
                      const char *dest)
{
    struct mirage__kv_rename_plan plan;
    int err =
        mirage__kv_index_plan_rename(&KV_MEM(kv)->ix, source, dest, &plan);

    if (err < 0 || plan.noop)
        return err;
    return mirage__kv_index_apply_rename(&KV_MEM(kv)->ix, source, plan.target,
                                         drop, NULL);
}

static int mem_allocate(struct mirage_kv_ro *kv, const char *key,
                        const struct mirage_ptime *mtime, uint64_t size)
{
    struct mem_val *v;

    if (mirage__kv_index_kind(&KV_MEM(kv)->ix, key) != MIRAGE_KV_NONE)
        return -EEXIST;
    if (size > SIZE_MAX)
        return -ENOSPC;
    v = val_new(NULL, (size_t)size);
    if (!v)
        return -ENOSPC;
    if (mtime)
        v->mtime = *mtime;
    return bind(KV_MEM(kv), key, v);
}

static const struct mirage_kv_ops mem_ops = {
    .exists = mem_exists,
    .get = mem_get,
    .get_partial = mem_get_partial,
    .list = mem_list,
    .last_modified = mem_last_modified,
    .size = mem_size,
    .disconnect = mem_disconnect,
    .set = mem_set,
    .set_partial = mem_set_partial,
    .remove = mem_remove,
    .rename = mem_rename,
    .allocate = mem_allocate,
};

int mirage_kv_mem_connect(struct mirage_kv_rw **out)
{
    struct kv_mem *m = calloc(1, sizeof *m);

    assert(out);
    if (!m)
        return -ENOMEM;
    if (mirage__kv_index_init(&m->ix) < 0) {
        free(m);
        return -ENOMEM;
    }
    m->rw.ro.ops = &mem_ops;
    *out = &m->rw;
    return 0;
}
