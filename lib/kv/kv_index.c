/* SPDX-License-Identifier: ISC */
/* The ordered key index: a skip list. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kv_index.h"

static int keycmp(const struct mirage__kv_node *n, const char *key, size_t klen)
{
    size_t m = n->klen < klen ? n->klen : klen;
    int c = memcmp(n->key, key, m);

    if (c != 0)
        return c;
    return n->klen < klen ? -1 : n->klen > klen;
}

static struct mirage__kv_node *node_alloc(unsigned height)
{
    struct mirage__kv_node *n =
        calloc(1, sizeof *n + height * sizeof n->next[0]);

    if (n)
        n->height = height;
    return n;
}

int mirage__kv_index_init(struct mirage__kv_index *ix)
{
    ix->head = node_alloc(MIRAGE__KV_INDEX_MAXH);
    if (!ix->head)
        return -ENOMEM;
    ix->height = 1;
    ix->count = 0;
    ix->rng = 0x9e3779b97f4a7c15ull;
    return 0;
}

void mirage__kv_index_fini(struct mirage__kv_index *ix,
                           void (*free_val)(void *val))
{
    struct mirage__kv_node *n, *next;

    if (!ix->head)
        return;
    for (n = ix->head->next[0]; n; n = next) {
        next = n->next[0];
        if (free_val)
            free_val(n->val);
        free(n->key);
        free(n);
    }
    free(ix->head);
    ix->head = NULL;
    ix->count = 0;
}

/* Finds the first node >= key, recording the last node before it at each
 * level in update (if not NULL). */
static struct mirage__kv_node *search(struct mirage__kv_index *ix,
                                      const char *key, size_t klen,
                                      struct mirage__kv_node **update)
{
    struct mirage__kv_node *x = ix->head;

    for (int i = (int)ix->height - 1; i >= 0; i--) {
        while (x->next[i] && keycmp(x->next[i], key, klen) < 0)
            x = x->next[i];
        if (update)
            update[i] = x;
    }
    return x->next[0];
}

struct mirage__kv_node *mirage__kv_index_ceil(struct mirage__kv_index *ix,
                                              const char *key, size_t klen)
{
    return search(ix, key, klen, NULL);
}

struct mirage__kv_node *mirage__kv_index_find(struct mirage__kv_index *ix,
                                              const char *key)
{
    size_t klen = strlen(key);
    struct mirage__kv_node *n = search(ix, key, klen, NULL);

    return n && keycmp(n, key, klen) == 0 ? n : NULL;
}

static unsigned random_height(struct mirage__kv_index *ix)
{
    unsigned h = 1;
    uint64_t x = ix->rng;

    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    ix->rng = x;
    /* Each extra level with probability 1/4. */
    while (h < MIRAGE__KV_INDEX_MAXH && (x & 3) == 0) {
        h++;
        x >>= 2;
    }
    return h;
}

static void link_node(struct mirage__kv_index *ix, struct mirage__kv_node *n)
{
    struct mirage__kv_node *update[MIRAGE__KV_INDEX_MAXH];
    struct mirage__kv_node *at = search(ix, n->key, n->klen, update);

    assert(!at || keycmp(at, n->key, n->klen) != 0);
    (void)at;
    for (unsigned i = ix->height; i < n->height; i++)
        update[i] = ix->head;
    if (n->height > ix->height)
        ix->height = n->height;
    for (unsigned i = 0; i < n->height; i++) {
        n->next[i] = update[i]->next[i];
        update[i]->next[i] = n;
    }
    ix->count++;
}

static void unlink_node(struct mirage__kv_index *ix, struct mirage__kv_node *n)
{
    struct mirage__kv_node *update[MIRAGE__KV_INDEX_MAXH];

    search(ix, n->key, n->klen, update);
    for (unsigned i = 0; i < n->height && i < ix->height; i++)
        if (update[i]->next[i] == n)
            update[i]->next[i] = n->next[i];
    while (ix->height > 1 && !ix->head->next[ix->height - 1])
        ix->height--;
    ix->count--;
}

struct mirage__kv_node *mirage__kv_index_insert(struct mirage__kv_index *ix,
                                                const char *key,
                                                enum mirage_kv_kind kind,
                                                void *val)
{
    size_t klen = strlen(key);
    struct mirage__kv_node *n = node_alloc(random_height(ix));

    if (!n)
        return NULL;
    n->key = malloc(klen + 1);
    if (!n->key) {
        free(n);
        return NULL;
    }
    memcpy(n->key, key, klen + 1);
    n->klen = klen;
    n->kind = kind;
    n->val = val;
    link_node(ix, n);
    return n;
}

void *mirage__kv_index_remove(struct mirage__kv_index *ix,
                              struct mirage__kv_node *n)
{
    void *val = n->val;

    unlink_node(ix, n);
    free(n->key);
    free(n);
    return val;
}

void mirage__kv_index_detach(struct mirage__kv_index *ix,
                             struct mirage__kv_node *n)
{
    unlink_node(ix, n);
}

void mirage__kv_index_attach(struct mirage__kv_index *ix,
                             struct mirage__kv_node *n, char *key)
{
    free(n->key);
    n->key = key;
    n->klen = strlen(key);
    link_node(ix, n);
}

int mirage__kv_index_rekey(struct mirage__kv_index *ix,
                           struct mirage__kv_node *n, const char *newkey)
{
    size_t klen = strlen(newkey);
    char *copy = malloc(klen + 1);

    if (!copy)
        return -ENOMEM;
    memcpy(copy, newkey, klen + 1);
    unlink_node(ix, n);
    mirage__kv_index_attach(ix, n, copy);
    return 0;
}
