/* SPDX-License-Identifier: ISC */
/* The KV_RO / KV_RW entry points: check and normalise keys, then call the
 * store's ops. */
#include <assert.h>
#include <errno.h>

#include <mirage/kv.h>

#include "kv_priv.h"

#define KEYBUF(name) char name[MIRAGE_KV_KEY_MAX + 1]

#define NORMALIZE(in, out)                                    \
    do {                                                      \
        int norm__err = mirage_kv_key_normalize((in), (out)); \
        if (norm__err < 0)                                    \
            return norm__err;                                 \
    } while (0)

int mirage_kv_exists(struct mirage_kv_ro *kv, const char *key)
{
    KEYBUF(k);

    assert(kv && key);
    NORMALIZE(key, k);
    return kv->ops->exists(kv, k);
}

int mirage_kv_get(struct mirage_kv_ro *kv, const char *key, void **val,
                  size_t *len)
{
    KEYBUF(k);

    assert(kv && key && val && len);
    NORMALIZE(key, k);
    return kv->ops->get(kv, k, val, len);
}

int64_t mirage_kv_get_partial(struct mirage_kv_ro *kv, const char *key,
                              uint64_t offset, void *buf, size_t len)
{
    KEYBUF(k);

    assert(kv && key && (buf || len == 0));
    NORMALIZE(key, k);
    return kv->ops->get_partial(kv, k, offset, buf, len);
}

int mirage_kv_list(struct mirage_kv_ro *kv, const char *key,
                   struct mirage_kv_list *out)
{
    KEYBUF(k);

    assert(kv && key && out);
    out->n = 0;
    out->entries = NULL;
    NORMALIZE(key, k);
    return kv->ops->list(kv, k, out);
}

int mirage_kv_last_modified(struct mirage_kv_ro *kv, const char *key,
                            struct mirage_ptime *out)
{
    KEYBUF(k);

    assert(kv && key && out);
    NORMALIZE(key, k);
    return kv->ops->last_modified(kv, k, out);
}

int mirage_kv_digest(struct mirage_kv_ro *kv, const char *key,
                     uint8_t out[MIRAGE_KV_DIGEST_LEN])
{
    KEYBUF(k);

    assert(kv && key && out);
    NORMALIZE(key, k);
    if (kv->ops->digest)
        return kv->ops->digest(kv, k, out);
    return mirage__kv_digest_generic(kv, k, out);
}

int64_t mirage_kv_size(struct mirage_kv_ro *kv, const char *key)
{
    KEYBUF(k);

    assert(kv && key);
    NORMALIZE(key, k);
    return kv->ops->size(kv, k);
}

int mirage_kv_map(struct mirage_kv_ro *kv, const char *key, const void **data,
                  size_t *len)
{
    KEYBUF(k);

    assert(kv && key && data && len);
    NORMALIZE(key, k);
    if (!kv->ops->map)
        return -ENOTSUP;
    return kv->ops->map(kv, k, data, len);
}

void mirage_kv_disconnect(struct mirage_kv_ro *kv)
{
    assert(kv);
    if (kv->ops->disconnect)
        kv->ops->disconnect(kv);
}

int mirage_kv_set(struct mirage_kv_rw *kv, const char *key, const void *val,
                  size_t len)
{
    KEYBUF(k);

    assert(kv && key && (val || len == 0));
    NORMALIZE(key, k);
    if (!kv->ro.ops->set)
        return -EROFS;
    return kv->ro.ops->set(&kv->ro, k, val, len);
}

int mirage_kv_set_partial(struct mirage_kv_rw *kv, const char *key,
                          uint64_t offset, const void *val, size_t len)
{
    KEYBUF(k);

    assert(kv && key && (val || len == 0));
    NORMALIZE(key, k);
    if (!kv->ro.ops->set_partial)
        return -EROFS;
    return kv->ro.ops->set_partial(&kv->ro, k, offset, val, len);
}

int mirage_kv_remove(struct mirage_kv_rw *kv, const char *key)
{
    KEYBUF(k);

    assert(kv && key);
    NORMALIZE(key, k);
    if (!kv->ro.ops->remove)
        return -EROFS;
    return kv->ro.ops->remove(&kv->ro, k);
}

int mirage_kv_rename(struct mirage_kv_rw *kv, const char *source,
                     const char *dest)
{
    KEYBUF(s);
    KEYBUF(d);

    assert(kv && source && dest);
    NORMALIZE(source, s);
    NORMALIZE(dest, d);
    if (!kv->ro.ops->rename)
        return -EROFS;
    return kv->ro.ops->rename(&kv->ro, s, d);
}

int mirage_kv_allocate(struct mirage_kv_rw *kv, const char *key,
                       const struct mirage_ptime *mtime, uint64_t size)
{
    KEYBUF(k);

    assert(kv && key);
    NORMALIZE(key, k);
    if (!kv->ro.ops->allocate)
        return -EROFS;
    return kv->ro.ops->allocate(&kv->ro, k, mtime, size);
}
