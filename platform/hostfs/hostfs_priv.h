/* SPDX-License-Identifier: ISC */
/* hostfs internals: the direct KV store over a folder of the host. */
#ifndef MIRAGE_HOSTFS_PRIV_H
#define MIRAGE_HOSTFS_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <mirage/kv.h>

/* Names the store writes for a moment and never lists. */
#define HOSTFS_TMP_PREFIX ".mirage-tmp-"

struct hostfs {
    struct mirage_kv_rw rw;
    char *root; /* no trailing slash ("/" stays "/") */
    unsigned tmp_counter;
};

#define HOSTFS(kv) ((struct hostfs *)(void *)(kv))

/* hostfs_util.c */
char *mirage__hostfs_path(const struct hostfs *h, const char *key);
int mirage__hostfs_kind(const struct hostfs *h, const char *key,
                        struct stat *st);
int mirage__hostfs_check_parents(const struct hostfs *h, const char *key,
                                 const char *ignore);
int mirage__hostfs_make_parents(const struct hostfs *h, const char *key);
int mirage__hostfs_remove_tree(const char *path);
void mirage__hostfs_prune(const struct hostfs *h, const char *key);
char *mirage__hostfs_tmp(struct hostfs *h);
int mirage__hostfs_sync_dir_of(const char *path);

/* hostfs_ro.c */
extern const struct mirage_kv_ops mirage__hostfs_ro_ops;
int mirage__hostfs_get(struct mirage_kv_ro *kv, const char *key, void **val,
                       size_t *len);

/* hostfs_rw.c (the table of both is in hostfs_ro.c) */
extern const struct mirage_kv_ops mirage__hostfs_rw_ops;
int mirage__hostfs_set(struct mirage_kv_ro *kv, const char *key,
                       const void *val, size_t len);
int mirage__hostfs_set_partial(struct mirage_kv_ro *kv, const char *key,
                               uint64_t offset, const void *val, size_t len);
int mirage__hostfs_remove(struct mirage_kv_ro *kv, const char *key);
int mirage__hostfs_rename(struct mirage_kv_ro *kv, const char *source,
                          const char *dest);
int mirage__hostfs_allocate(struct mirage_kv_ro *kv, const char *key,
                            const struct mirage_ptime *mtime, uint64_t size);

#endif
