/* SPDX-License-Identifier: ISC */
/* crunch: a read-only store of files embedded in the image at build time
 * (by mirage-crunch); values are served from the image without a copy. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/log.h>

#include "kv_index.h"
#include "kv_priv.h"

MIRAGE_LOG_SRC(mirage__crunch_log, "kv_crunch", "embedded files");

struct kv_crunch {
    struct mirage_kv_ro ro;
    struct mirage__kv_index ix;
};

#define KV_CRUNCH(kv) ((struct kv_crunch *)(void *)(kv))

static size_t file_len(const struct mirage_kv_crunch_file *f)
{
    return (size_t)(f->end - f->data);
}

static const struct mirage_kv_crunch_file *lookup(struct kv_crunch *c,
                                                  const char *key, int *err)
{
    struct mirage__kv_node *n = mirage__kv_index_find(&c->ix, key);

    if (n)
        return n->val;
    *err = mirage__kv_index_kind(&c->ix, key) == MIRAGE_KV_DICTIONARY ? -EISDIR
                                                                      : -ENOENT;
    return NULL;
}

static int crunch_exists(struct mirage_kv_ro *kv, const char *key)
{
    return mirage__kv_index_kind(&KV_CRUNCH(kv)->ix, key);
}

static int crunch_map(struct mirage_kv_ro *kv, const char *key,
                      const void **data, size_t *len)
{
    int err = 0;
    const struct mirage_kv_crunch_file *f = lookup(KV_CRUNCH(kv), key, &err);

    if (!f)
        return err;
    *data = f->data;
    *len = file_len(f);
    return 0;
}

static int crunch_get(struct mirage_kv_ro *kv, const char *key, void **val,
                      size_t *len)
{
    const void *data = NULL;
    char *copy;
    int err = crunch_map(kv, key, &data, len);

    if (err < 0)
        return err;
    copy = malloc(*len + 1);
    if (!copy)
        return -ENOMEM;
    memcpy(copy, data, *len);
    copy[*len] = '\0';
    *val = copy;
    return 0;
}

static int64_t crunch_get_partial(struct mirage_kv_ro *kv, const char *key,
                                  uint64_t offset, void *buf, size_t len)
{
    const void *data = NULL;
    size_t size = 0;
    int err = crunch_map(kv, key, &data, &size);

    if (err < 0)
        return err;
    if (offset >= size)
        return 0;
    if (len > size - offset)
        len = (size_t)(size - offset);
    memcpy(buf, (const unsigned char *)data + offset, len);
    return (int64_t)len;
}

static int crunch_list(struct mirage_kv_ro *kv, const char *key,
                       struct mirage_kv_list *out)
{
    return mirage__kv_index_list(&KV_CRUNCH(kv)->ix, key, out);
}

static void mtime_of(const struct mirage__kv_node *n, struct mirage_ptime *t)
{
    t->sec = ((const struct mirage_kv_crunch_file *)n->val)->mtime;
    t->nsec = 0;
}

static int crunch_last_modified(struct mirage_kv_ro *kv, const char *key,
                                struct mirage_ptime *out)
{
    return mirage__kv_index_last_modified(&KV_CRUNCH(kv)->ix, key, mtime_of,
                                          out);
}

static int crunch_digest(struct mirage_kv_ro *kv, const char *key,
                         uint8_t out[MIRAGE_KV_DIGEST_LEN])
{
    const void *data = NULL;
    size_t len = 0;
    int err = crunch_map(kv, key, &data, &len);

    if (err == -EISDIR)
        return mirage__kv_digest_generic(kv, key, out);
    if (err == 0)
        mirage__kv_sha256(data, len, out);
    return err;
}

static int64_t crunch_size(struct mirage_kv_ro *kv, const char *key)
{
    int err = 0;
    const struct mirage_kv_crunch_file *f = lookup(KV_CRUNCH(kv), key, &err);

    return f ? (int64_t)file_len(f) : err;
}

static void crunch_disconnect(struct mirage_kv_ro *kv)
{
    mirage__kv_index_fini(&KV_CRUNCH(kv)->ix, NULL);
    free(KV_CRUNCH(kv));
}

static const struct mirage_kv_ops crunch_ops = {
    .exists = crunch_exists,
    .get = crunch_get,
    .get_partial = crunch_get_partial,
    .list = crunch_list,
    .last_modified = crunch_last_modified,
    .digest = crunch_digest,
    .size = crunch_size,
    .map = crunch_map,
    .disconnect = crunch_disconnect,
};

/* Indexes one file; a name that is not a canonical key, or that clashes
 * with another file, is skipped (the generator never writes one). */
static int add(struct kv_crunch *c, const struct mirage_kv_crunch_file *f)
{
    char canon[MIRAGE_KV_KEY_MAX + 1];

    if (!f->key || !f->data || f->end < f->data ||
        mirage_kv_key_normalize(f->key, canon) < 0 ||
        strcmp(canon, f->key) != 0 ||
        mirage__kv_index_check_set(&c->ix, canon, NULL) < 0 ||
        mirage__kv_index_find(&c->ix, canon)) {
        mirage_log_warn(&mirage__crunch_log, "file %s skipped",
                        f->key ? f->key : "(null)");
        return 0;
    }
    return mirage__kv_index_insert(&c->ix, canon, MIRAGE_KV_VALUE,
                                   (void *)(uintptr_t)f)
               ? 0
               : -ENOMEM;
}

int mirage_kv_crunch_connect(const struct mirage_kv_crunch_image *img,
                             struct mirage_kv_ro **out)
{
    struct kv_crunch *c = calloc(1, sizeof *c);
    int err = c ? mirage__kv_index_init(&c->ix) : -ENOMEM;

    assert(img && out);
    for (size_t i = 0; err == 0 && i < img->nfiles; i++)
        err = add(c, &img->files[i]);
    if (err < 0) {
        if (c)
            crunch_disconnect(&c->ro);
        return err;
    }
    c->ro.ops = &crunch_ops;
    *out = &c->ro;
    return 0;
}
