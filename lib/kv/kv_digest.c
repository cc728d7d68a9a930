/* SPDX-License-Identifier: ISC */
/* Digests computed through a store's own read ops. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kv_priv.h"

#define CHUNK (64 * 1024)

static int digest_value(struct mirage_kv_ro *kv, const char *key,
                        uint8_t out[MIRAGE_KV_DIGEST_LEN])
{
    struct mirage__kv_sha256 s;
    uint8_t *buf = malloc(CHUNK);
    uint64_t off = 0;
    int64_t n;

    if (!buf)
        return -ENOMEM;
    mirage__kv_sha256_init(&s);
    while ((n = kv->ops->get_partial(kv, key, off, buf, CHUNK)) > 0) {
        mirage__kv_sha256_update(&s, buf, (size_t)n);
        off += (uint64_t)n;
    }
    free(buf);
    if (n < 0)
        return (int)n;
    mirage__kv_sha256_final(&s, out);
    return 0;
}

/* A queue of dictionaries still to visit, in breadth-first order. */
struct queue {
    char **keys;
    size_t head, n, cap;
};

static int push(struct queue *q, const char *key)
{
    char *copy;

    if (q->n == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 16;
        char **more = realloc(q->keys, cap * sizeof *more);
        if (!more)
            return -ENOMEM;
        q->keys = more, q->cap = cap;
    }
    copy = malloc(strlen(key) + 1);
    if (!copy)
        return -ENOMEM;
    strcpy(copy, key);
    q->keys[q->n++] = copy;
    return 0;
}

/* Hashes one listing: for each entry its key relative to the top, its kind
 * and, for values, the value's digest; queues the sub-dictionaries. */
static int hash_listing(struct mirage_kv_ro *kv, struct mirage__kv_sha256 *s,
                        size_t toplen, const struct mirage_kv_list *l,
                        struct queue *q)
{
    uint8_t d[MIRAGE_KV_DIGEST_LEN];
    int err = 0;

    for (size_t i = 0; i < l->n && err == 0; i++) {
        const char *rel = l->entries[i].key + toplen;
        uint8_t kind = l->entries[i].kind == MIRAGE_KV_VALUE ? 'v' : 'd';

        mirage__kv_sha256_update(s, rel, strlen(rel) + 1);
        mirage__kv_sha256_update(s, &kind, 1);
        if (kind == 'v') {
            err = digest_value(kv, l->entries[i].key, d);
            if (err == 0)
                mirage__kv_sha256_update(s, d, sizeof d);
        } else {
            err = push(q, l->entries[i].key);
        }
    }
    return err;
}

static int digest_dict(struct mirage_kv_ro *kv, const char *key,
                       uint8_t out[MIRAGE_KV_DIGEST_LEN])
{
    struct mirage__kv_sha256 s;
    struct queue q = {0};
    size_t toplen = mirage__kv_key_is_root(key) ? 0 : strlen(key);
    int err = push(&q, key);

    mirage__kv_sha256_init(&s);
    while (err == 0 && q.head < q.n) {
        struct mirage_kv_list l = {0};
        err = kv->ops->list(kv, q.keys[q.head++], &l);
        if (err == 0)
            err = hash_listing(kv, &s, toplen, &l, &q);
        mirage_kv_list_free(&l);
    }
    for (size_t i = 0; i < q.n; i++)
        free(q.keys[i]);
    free(q.keys);
    if (err == 0)
        mirage__kv_sha256_final(&s, out);
    return err;
}

int mirage__kv_digest_generic(struct mirage_kv_ro *kv, const char *key,
                              uint8_t out[MIRAGE_KV_DIGEST_LEN])
{
    int kind = kv->ops->exists(kv, key);

    if (kind < 0)
        return kind;
    if (kind == MIRAGE_KV_NONE)
        return -ENOENT;
    if (kind == MIRAGE_KV_VALUE)
        return digest_value(kv, key, out);
    return digest_dict(kv, key, out);
}
