/* SPDX-License-Identifier: ISC */
/* An ordered map of canonical keys (a skip list) and the dictionary logic
 * over it, shared by the stores that keep an index in memory. */
#ifndef MIRAGE_KV_INDEX_H
#define MIRAGE_KV_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mirage/kv.h>

/*
 * Nodes are sorted by strcmp of their keys, so everything inside a
 * dictionary D is the contiguous run of keys starting with "D/".  A node
 * is a value, or (for stores that have them, like tar) an explicit
 * dictionary; implicit dictionaries are the parents of nodes.  A node's
 * address is stable for its life, also across mirage__kv_index_rekey().
 */
#define MIRAGE__KV_INDEX_MAXH 24

struct mirage__kv_node {
    char *key;
    size_t klen;
    void *val; /* the store's payload */
    enum mirage_kv_kind kind;
    unsigned height;
    struct mirage__kv_node *next[];
};

struct mirage__kv_index {
    struct mirage__kv_node *head;
    unsigned height;
    size_t count;
    uint64_t rng;
};

int mirage__kv_index_init(struct mirage__kv_index *ix);
/* Frees every node (free_val, if given, on each payload) and the head. */
void mirage__kv_index_fini(struct mirage__kv_index *ix,
                           void (*free_val)(void *val));

struct mirage__kv_node *mirage__kv_index_find(struct mirage__kv_index *ix,
                                              const char *key);
/* The first node whose key is >= key[0..klen). */
struct mirage__kv_node *mirage__kv_index_ceil(struct mirage__kv_index *ix,
                                              const char *key, size_t klen);
static inline struct mirage__kv_node *
mirage__kv_index_first(struct mirage__kv_index *ix)
{
    return ix->head->next[0];
}
static inline struct mirage__kv_node *
mirage__kv_index_next(struct mirage__kv_node *n)
{
    return n->next[0];
}
/* Inserts key (copied), which must be absent; NULL if out of memory. */
struct mirage__kv_node *mirage__kv_index_insert(struct mirage__kv_index *ix,
                                                const char *key,
                                                enum mirage_kv_kind kind,
                                                void *val);
/* Unlinks and frees node n; returns its payload. */
void *mirage__kv_index_remove(struct mirage__kv_index *ix,
                              struct mirage__kv_node *n);
/* Gives node n the key newkey (absent from the index); -ENOMEM leaves n
 * unchanged. */
int mirage__kv_index_rekey(struct mirage__kv_index *ix,
                           struct mirage__kv_node *n, const char *newkey);

/* Takes n out of the index without freeing it, then puts it back under
 * key (malloc'd, taken over by the node; absent from the index). */
void mirage__kv_index_detach(struct mirage__kv_index *ix,
                             struct mirage__kv_node *n);
void mirage__kv_index_attach(struct mirage__kv_index *ix,
                             struct mirage__kv_node *n, char *key);

/* The first node strictly inside dictionary dir, or NULL. */
struct mirage__kv_node *mirage__kv_index_first_in(struct mirage__kv_index *ix,
                                                  const char *dir);
/* True if n is strictly inside the dictionary whose prefix is pfx (as made
 * by mirage__kv_key_dir_prefix). */
static inline bool mirage__kv_node_in(const struct mirage__kv_node *n,
                                      const char *pfx, size_t plen)
{
    return n && n->klen > plen && memcmp(n->key, pfx, plen) == 0;
}

/* Dictionary semantics. */
int mirage__kv_index_kind(struct mirage__kv_index *ix, const char *key);
/* 0 if a value may be bound to key: -EISDIR if key is a dictionary (or
 * the root), -ENOTDIR if a parent is a value.  A parent equal to ignore
 * (may be NULL) does not count: it is about to move away. */
int mirage__kv_index_check_set(struct mirage__kv_index *ix, const char *key,
                               const char *ignore);
/* -ENOTDIR if a proper parent of key other than ignore is a value. */
int mirage__kv_index_check_parents(struct mirage__kv_index *ix, const char *key,
                                   const char *ignore);
int mirage__kv_index_list(struct mirage__kv_index *ix, const char *key,
                          struct mirage_kv_list *out);
/* Latest mtime of the value at key or of anything inside the dictionary
 * at key; mtime_of reads a payload's time. */
int mirage__kv_index_last_modified(
    struct mirage__kv_index *ix, const char *key,
    void (*mtime_of)(const struct mirage__kv_node *n, struct mirage_ptime *t),
    struct mirage_ptime *out);

/* What a rename does, decided before anything changes. */
struct mirage__kv_rename_plan {
    char target[MIRAGE_KV_KEY_MAX + 1]; /* where source ends up */
    bool noop;                          /* source is already there */
};
int mirage__kv_index_plan_rename(struct mirage__kv_index *ix,
                                 const char *source, const char *dest,
                                 struct mirage__kv_rename_plan *plan);
/* Calls fn on the node at key and every node inside it (key "/" : all);
 * fn may remove or rekey the node it is given.  Stops at fn's first
 * error. */
int mirage__kv_index_each_at(struct mirage__kv_index *ix, const char *key,
                             int (*fn)(struct mirage__kv_node *n, void *arg),
                             void *arg);

/* Removes the value or dictionary at key, calling drop on each payload. */
int mirage__kv_index_apply_remove(struct mirage__kv_index *ix, const char *key,
                                  void (*drop)(void *val, void *arg),
                                  void *arg);
/* Carries out a planned rename of source to target: clears target (but
 * not source, which may lie inside it), then moves source's nodes. */
int mirage__kv_index_apply_rename(struct mirage__kv_index *ix,
                                  const char *source, const char *target,
                                  void (*drop)(void *val, void *arg),
                                  void *arg);

#endif
