/* SPDX-License-Identifier: ISC */
/* Dictionary semantics over the key index: kinds, listings, renames. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kv_index.h"
#include "kv_priv.h"

struct mirage__kv_node *mirage__kv_index_first_in(struct mirage__kv_index *ix,
                                                  const char *dir)
{
    char pfx[MIRAGE_KV_KEY_MAX + 2];
    size_t plen = mirage__kv_key_dir_prefix(dir, pfx);
    struct mirage__kv_node *n = mirage__kv_index_ceil(ix, pfx, plen);

    return mirage__kv_node_in(n, pfx, plen) ? n : NULL;
}

int mirage__kv_index_kind(struct mirage__kv_index *ix, const char *key)
{
    struct mirage__kv_node *n;

    if (mirage__kv_key_is_root(key))
        return MIRAGE_KV_DICTIONARY;
    n = mirage__kv_index_find(ix, key);
    if (n)
        return n->kind;
    return mirage__kv_index_first_in(ix, key) ? MIRAGE_KV_DICTIONARY
                                              : MIRAGE_KV_NONE;
}

int mirage__kv_index_check_parents(struct mirage__kv_index *ix, const char *key,
                                   const char *ignore)
{
    size_t ilen = ignore ? strlen(ignore) : 0;

    for (size_t i = 1; key[i]; i++) {
        struct mirage__kv_node *n;
        if (key[i] != '/')
            continue;
        n = mirage__kv_index_ceil(ix, key, i);
        if (!n || n->klen != i || memcmp(n->key, key, i) != 0)
            continue;
        if (n->kind == MIRAGE_KV_VALUE &&
            !(ignore && ilen == i && memcmp(ignore, key, i) == 0))
            return -ENOTDIR;
    }
    return 0;
}

int mirage__kv_index_check_set(struct mirage__kv_index *ix, const char *key,
                               const char *ignore)
{
    struct mirage__kv_node *n;
    int err;

    if (mirage__kv_key_is_root(key))
        return -EISDIR;
    err = mirage__kv_index_check_parents(ix, key, ignore);
    if (err < 0)
        return err;
    n = mirage__kv_index_find(ix, key);
    if (n && n->kind == MIRAGE_KV_DICTIONARY)
        return -EISDIR;
    return mirage__kv_index_first_in(ix, key) ? -EISDIR : 0;
}

/* Sorts l and drops repeated keys (a dictionary seen both as an explicit
 * node and through its contents). */
static void sort_unique(struct mirage_kv_list *l)
{
    size_t w = 0;

    mirage_kv_list_sort(l);
    for (size_t r = 0; r < l->n; r++) {
        if (w > 0 && strcmp(l->entries[w - 1].key, l->entries[r].key) == 0) {
            l->entries[w - 1].kind = MIRAGE_KV_DICTIONARY;
            free(l->entries[r].key);
            continue;
        }
        l->entries[w++] = l->entries[r];
    }
    l->n = w;
}

static int list_children(struct mirage__kv_index *ix, const char *pfx,
                         size_t plen, struct mirage_kv_list *out)
{
    struct mirage__kv_node *n = mirage__kv_index_ceil(ix, pfx, plen);
    char seek[MIRAGE_KV_KEY_MAX + 2];

    while (mirage__kv_node_in(n, pfx, plen)) {
        const char *rest = n->key + plen;
        const char *slash = memchr(rest, '/', n->klen - plen);
        size_t clen;
        int err;

        if (!slash) {
            err = mirage_kv_list_add(out, n->key, n->klen, n->kind);
            if (err < 0)
                return err;
            n = mirage__kv_index_next(n);
            continue;
        }
        /* A dictionary child: list it once, then skip past "child/". */
        clen = (size_t)(slash - n->key);
        err = mirage_kv_list_add(out, n->key, clen, MIRAGE_KV_DICTIONARY);
        if (err < 0)
            return err;
        memcpy(seek, n->key, clen);
        seek[clen] = '/' + 1;
        n = mirage__kv_index_ceil(ix, seek, clen + 1);
    }
    return 0;
}

int mirage__kv_index_list(struct mirage__kv_index *ix, const char *key,
                          struct mirage_kv_list *out)
{
    char pfx[MIRAGE_KV_KEY_MAX + 2];
    size_t plen;
    int kind = mirage__kv_index_kind(ix, key), err;

    out->n = 0;
    out->entries = NULL;
    if (kind == MIRAGE_KV_NONE)
        return -ENOENT;
    if (kind == MIRAGE_KV_VALUE)
        return -ENOTDIR;
    plen = mirage__kv_key_dir_prefix(key, pfx);
    err = list_children(ix, pfx, plen, out);
    if (err < 0) {
        mirage_kv_list_free(out);
        return err;
    }
    sort_unique(out);
    return 0;
}

int mirage__kv_index_last_modified(
    struct mirage__kv_index *ix, const char *key,
    void (*mtime_of)(const struct mirage__kv_node *n, struct mirage_ptime *t),
    struct mirage_ptime *out)
{
    char pfx[MIRAGE_KV_KEY_MAX + 2];
    size_t plen = mirage__kv_key_dir_prefix(key, pfx);
    struct mirage__kv_node *n = mirage__kv_index_find(ix, key);
    struct mirage_ptime t;
    bool found = false;

    out->sec = 0;
    out->nsec = 0;
    if (n) {
        mtime_of(n, out);
        if (n->kind == MIRAGE_KV_VALUE)
            return 0;
        found = true;
    }
    for (n = mirage__kv_index_ceil(ix, pfx, plen);
         mirage__kv_node_in(n, pfx, plen); n = mirage__kv_index_next(n)) {
        mtime_of(n, &t);
        if (!found || mirage__kv_ptime_cmp(&t, out) > 0)
            *out = t;
        found = true;
    }
    return found || mirage__kv_key_is_root(key) ? 0 : -ENOENT;
}

static size_t longest_inside(struct mirage__kv_index *ix, const char *dir)
{
    char pfx[MIRAGE_KV_KEY_MAX + 2];
    size_t plen = mirage__kv_key_dir_prefix(dir, pfx), max = 0;

    for (struct mirage__kv_node *n = mirage__kv_index_ceil(ix, pfx, plen);
         mirage__kv_node_in(n, pfx, plen); n = mirage__kv_index_next(n))
        if (n->klen > max)
            max = n->klen;
    return max;
}

int mirage__kv_index_plan_rename(struct mirage__kv_index *ix,
                                 const char *source, const char *dest,
                                 struct mirage__kv_rename_plan *plan)
{
    int ks, kd, kt, err;

    if (mirage__kv_key_is_root(source))
        return -EINVAL;
    ks = mirage__kv_index_kind(ix, source);
    if (ks == MIRAGE_KV_NONE)
        return -ENOENT;
    kd = mirage__kv_index_kind(ix, dest);
    if (ks == MIRAGE_KV_DICTIONARY) {
        if (kd == MIRAGE_KV_VALUE)
            return -EISDIR;
        if (strcmp(dest, source) == 0 || mirage__kv_key_inside(dest, source))
            return -EINVAL;
    }
    if (kd == MIRAGE_KV_DICTIONARY) {
        err = mirage__kv_key_join(dest, mirage__kv_key_basename(source),
                                  plan->target);
        if (err < 0)
            return err;
    } else {
        strcpy(plan->target, dest);
    }
    plan->noop = strcmp(plan->target, source) == 0;
    if (plan->noop)
        return 0;
    kt = mirage__kv_index_kind(ix, plan->target);
    if (ks == MIRAGE_KV_VALUE && kt == MIRAGE_KV_DICTIONARY)
        return -EISDIR;
    if (ks == MIRAGE_KV_DICTIONARY &&
        longest_inside(ix, source) - strlen(source) + strlen(plan->target) >
            MIRAGE_KV_KEY_MAX)
        return -ENAMETOOLONG;
    return mirage__kv_index_check_parents(ix, plan->target, source);
}

struct drop_ctx {
    struct mirage__kv_index *ix;
    const char *keep; /* nodes at or inside keep survive (may be NULL) */
    void (*drop)(void *val, void *arg);
    void *arg;
};

static int drop_node(struct mirage__kv_node *n, void *arg)
{
    struct drop_ctx *c = arg;
    void *val;

    if (c->keep && (strcmp(n->key, c->keep) == 0 ||
                    mirage__kv_key_inside(n->key, c->keep)))
        return 0;
    val = mirage__kv_index_remove(c->ix, n);
    if (c->drop)
        c->drop(val, c->arg);
    return 0;
}

int mirage__kv_index_apply_remove(struct mirage__kv_index *ix, const char *key,
                                  void (*drop)(void *val, void *arg), void *arg)
{
    struct drop_ctx c = {ix, NULL, drop, arg};

    return mirage__kv_index_each_at(ix, key, drop_node, &c);
}

/* The nodes at or inside key, in order, as a malloc'd array. */
static int collect(struct mirage__kv_index *ix, const char *key,
                   struct mirage__kv_node ***out, size_t *count)
{
    char pfx[MIRAGE_KV_KEY_MAX + 2];
    size_t plen = mirage__kv_key_dir_prefix(key, pfx), n = 0, cap = 16;
    struct mirage__kv_node *x, **nodes = malloc(cap * sizeof *nodes);

    if (!nodes)
        return -ENOMEM;
    x = mirage__kv_index_find(ix, key);
    if (x)
        nodes[n++] = x;
    for (x = mirage__kv_index_ceil(ix, pfx, plen);
         mirage__kv_node_in(x, pfx, plen); x = mirage__kv_index_next(x)) {
        if (n == cap) {
            struct mirage__kv_node **more =
                realloc(nodes, 2 * cap * sizeof *nodes);
            if (!more) {
                free(nodes);
                return -ENOMEM;
            }
            nodes = more, cap *= 2;
        }
        nodes[n++] = x;
    }
    *out = nodes;
    *count = n;
    return 0;
}

int mirage__kv_index_each_at(struct mirage__kv_index *ix, const char *key,
                             int (*fn)(struct mirage__kv_node *n, void *arg),
                             void *arg)
{
    struct mirage__kv_node **nodes;
    size_t n;
    int err = collect(ix, key, &nodes, &n);

    if (err < 0)
        return err;
    for (size_t i = 0; i < n && err == 0; i++)
        err = fn(nodes[i], arg);
    free(nodes);
    return err;
}

/* The new keys of source's nodes under target; all or nothing. */
static char **new_keys(struct mirage__kv_node **nodes, size_t n, size_t slen,
                       const char *target)
{
    size_t tlen = strlen(target);
    char **keys = calloc(n ? n : 1, sizeof *keys);

    for (size_t i = 0; keys && i < n; i++) {
        size_t rest = nodes[i]->klen - slen;
        keys[i] =
            tlen + rest <= MIRAGE_KV_KEY_MAX ? malloc(tlen + rest + 1) : NULL;
        if (!keys[i]) {
            for (size_t j = 0; j < i; j++)
                free(keys[j]);
            free(keys);
            return NULL;
        }
        memcpy(keys[i], target, tlen);
        memcpy(keys[i] + tlen, nodes[i]->key + slen, rest + 1);
    }
    return keys;
}

int mirage__kv_index_apply_rename(struct mirage__kv_index *ix,
                                  const char *source, const char *target,
                                  void (*drop)(void *val, void *arg), void *arg)
{
    struct drop_ctx d = {ix, source, drop, arg};
    struct mirage__kv_node **nodes;
    char **keys;
    size_t n;
    int err = collect(ix, source, &nodes, &n);

    if (err < 0)
        return err;
    keys = new_keys(nodes, n, strlen(source), target);
    if (!keys) {
        free(nodes);
        return -ENOMEM;
    }
    err = mirage__kv_index_each_at(ix, target, drop_node, &d);
    if (err == 0) {
        /* Detach every node first: a new key may equal an old one. */
        for (size_t i = 0; i < n; i++)
            mirage__kv_index_detach(ix, nodes[i]);
        for (size_t i = 0; i < n; i++)
            mirage__kv_index_attach(ix, nodes[i], keys[i]);
    } else {
        for (size_t i = 0; i < n; i++)
            free(keys[i]);
    }
    free(keys);
    free(nodes);
    return err;
}
