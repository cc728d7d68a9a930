/* SPDX-License-Identifier: ISC */
/* Internals shared by the KV libraries (lib/kv and the lib/kv_* stores). */
#ifndef MIRAGE_KV_PRIV_H
#define MIRAGE_KV_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/kv.h>

/* Canonical keys ("/" or "/a/b"). */
bool mirage__kv_key_is_root(const char *key);
size_t mirage__kv_key_parent_len(const char *key, size_t klen);
const char *mirage__kv_key_basename(const char *key);
bool mirage__kv_key_inside(const char *key, const char *dir);
int mirage__kv_key_join(const char *dir, const char *name, char *out);
size_t mirage__kv_key_dir_prefix(const char *dir, char *out);

/* SHA-256. */
struct mirage__kv_sha256 {
    uint32_t h[8];
    uint64_t len;
    uint8_t buf[64];
    size_t fill;
};
void mirage__kv_sha256_init(struct mirage__kv_sha256 *s);
void mirage__kv_sha256_update(struct mirage__kv_sha256 *s, const void *data,
                              size_t len);
void mirage__kv_sha256_final(struct mirage__kv_sha256 *s, uint8_t out[32]);
void mirage__kv_sha256(const void *data, size_t len, uint8_t out[32]);

/* Generic digest from the store's own get_partial and list ops (used when
 * a store has no digest op). */
int mirage__kv_digest_generic(struct mirage_kv_ro *kv, const char *key,
                              uint8_t out[MIRAGE_KV_DIGEST_LEN]);

/* The wall clock as a ptime. */
void mirage__kv_now(struct mirage_ptime *out);
/* -1, 0, 1 as a is before, equal to, after b. */
int mirage__kv_ptime_cmp(const struct mirage_ptime *a,
                         const struct mirage_ptime *b);

#endif
