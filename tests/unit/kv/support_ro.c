/* SPDX-License-Identifier: ISC */
/* Read-only checks: a store must hold exactly the fixture tree. */
#include <stdlib.h>
#include <string.h>

#include "../../../lib/kv/kv_priv.h"
#include "kv_suite.h"

static void check_value(struct mirage_kv_ro *kv, size_t i)
{
    const struct kv_fixture_file *f = &kv_fixture[i];
    unsigned char *want = malloc(f->len + 1), part[64];
    uint8_t d[MIRAGE_KV_DIGEST_LEN], dwant[MIRAGE_KV_DIGEST_LEN];
    const void *map;
    size_t len = 12345, mlen;
    void *got = NULL;
    int err;

    kv_fixture_content(i, want);
    KCHECK_INT(mirage_kv_exists(kv, f->key), MIRAGE_KV_VALUE);
    KCHECK_INT(mirage_kv_size(kv, f->key), f->len);
    KCHECK_INT(mirage_kv_get(kv, f->key, &got, &len), 0);
    if (got) {
        KCHECK_INT(len, f->len);
        KCHECK(len == f->len && memcmp(got, want, len) == 0);
        KCHECK(((char *)got)[len] == '\0');
        free(got);
    }
    /* Partial reads: inside, across the end, at and past the end. */
    KCHECK_INT(mirage_kv_get_partial(kv, f->key, 0, part, sizeof part),
               f->len < sizeof part ? f->len : sizeof part);
    KCHECK(memcmp(part, want, f->len < sizeof part ? f->len : sizeof part) ==
           0);
    if (f->len > 3) {
        KCHECK_INT(mirage_kv_get_partial(kv, f->key, 1, part, 2), 2);
        KCHECK(memcmp(part, want + 1, 2) == 0);
        KCHECK_INT(mirage_kv_get_partial(kv, f->key, f->len - 1, part, 10), 1);
        KCHECK(part[0] == want[f->len - 1]);
    }
    KCHECK_INT(mirage_kv_get_partial(kv, f->key, f->len, part, 5), 0);
    KCHECK_INT(mirage_kv_get_partial(kv, f->key, f->len + 100, part, 5), 0);
    KCHECK_INT(mirage_kv_digest(kv, f->key, d), 0);
    mirage__kv_sha256(want, f->len, dwant);
    KCHECK(memcmp(d, dwant, sizeof d) == 0);
    err = mirage_kv_map(kv, f->key, &map, &mlen);
    KCHECK(err == 0 || err == -ENOTSUP);
    if (err == 0)
        KCHECK(mlen == f->len && memcmp(map, want, mlen) == 0);
    free(want);
}

static void check_list(struct mirage_kv_ro *kv, const char *key,
                       const char *const *want_keys, const int *want_kinds,
                       size_t n)
{
    struct mirage_kv_list l;

    KCHECK_INT(mirage_kv_list(kv, key, &l), 0);
    KCHECK_INT(l.n, n);
    for (size_t i = 0; i < l.n && i < n; i++) {
        if (strcmp(l.entries[i].key, want_keys[i]) != 0)
            fprintf(stderr, "list %s: entry %zu is %s, want %s\n", key, i,
                    l.entries[i].key, want_keys[i]);
        KCHECK(strcmp(l.entries[i].key, want_keys[i]) == 0);
        KCHECK_INT(l.entries[i].kind, want_kinds[i]);
    }
    mirage_kv_list_free(&l);
}

static void check_lists(struct mirage_kv_ro *kv)
{
    static const char *const root[] = {"/a",     "/big",  "/d",     "/d-x",
                                       "/empty", "/long", "/sp ace"};
    static const int root_k[] = {1, 1, 2, 1, 1, 2, 2};
    static const char *const d[] = {"/d/e", "/d/x", "/d/y"};
    static const int d_k[] = {2, 1, 1};
    static const char *const de[] = {"/d/e/f", "/d/e/g"};
    static const int de_k[] = {1, 1};
    struct mirage_kv_list l;

    check_list(kv, "/", root, root_k, 7);
    check_list(kv, "", root, root_k, 7);
    check_list(kv, "/d", d, d_k, 3);
    check_list(kv, "d/", d, d_k, 3);
    check_list(kv, "/d/e", de, de_k, 2);
    KCHECK_INT(mirage_kv_list(kv, "/a", &l), -ENOTDIR);
    KCHECK_INT(mirage_kv_list(kv, "/nope", &l), -ENOENT);
    KCHECK_INT(mirage_kv_list(kv, "/d/e/f", &l), -ENOTDIR);
}

static void check_dicts(struct mirage_kv_ro *kv)
{
    static const char *const dicts[] = {"/", "/d", "/d/e", "/long", "/sp ace"};
    uint8_t d1[MIRAGE_KV_DIGEST_LEN], d2[MIRAGE_KV_DIGEST_LEN];
    struct mirage_ptime t, tf;
    void *v;
    size_t len;

    for (size_t i = 0; i < sizeof dicts / sizeof dicts[0]; i++) {
        KCHECK_INT(mirage_kv_exists(kv, dicts[i]), MIRAGE_KV_DICTIONARY);
        KCHECK_INT(mirage_kv_get(kv, dicts[i], &v, &len), -EISDIR);
        KCHECK_INT(mirage_kv_size(kv, dicts[i]), -EISDIR);
        KCHECK_INT(mirage_kv_last_modified(kv, dicts[i], &t), 0);
    }
    /* A dictionary is as recent as the latest thing inside it. */
    KCHECK_INT(mirage_kv_last_modified(kv, "/d", &t), 0);
    KCHECK_INT(mirage_kv_last_modified(kv, "/d/e/f", &tf), 0);
    KCHECK(mirage__kv_ptime_cmp(&t, &tf) >= 0);
    /* Digests of dictionaries: deterministic, and not all the same. */
    KCHECK_INT(mirage_kv_digest(kv, "/d", d1), 0);
    KCHECK_INT(mirage_kv_digest(kv, "/d/", d2), 0);
    KCHECK(memcmp(d1, d2, sizeof d1) == 0);
    KCHECK_INT(mirage_kv_digest(kv, "/d/e", d2), 0);
    KCHECK(memcmp(d1, d2, sizeof d1) != 0);
    KCHECK_INT(mirage_kv_digest(kv, "/", d2), 0);
    KCHECK(memcmp(d1, d2, sizeof d1) != 0);
}

static void check_missing(struct mirage_kv_ro *kv)
{
    static const char *const missing[] = {"/nope", "/a/b", "/d/e/f/g", "/dx",
                                          "/d-"};
    char longkey[MIRAGE_KV_KEY_MAX + 10];
    uint8_t d[MIRAGE_KV_DIGEST_LEN];
    struct mirage_ptime t;
    unsigned char b[4];
    void *v;
    size_t len;

    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        KCHECK_INT(mirage_kv_exists(kv, missing[i]), MIRAGE_KV_NONE);
        KCHECK_INT(mirage_kv_get(kv, missing[i], &v, &len), -ENOENT);
        KCHECK_INT(mirage_kv_get_partial(kv, missing[i], 0, b, 4), -ENOENT);
        KCHECK_INT(mirage_kv_size(kv, missing[i]), -ENOENT);
        KCHECK_INT(mirage_kv_last_modified(kv, missing[i], &t), -ENOENT);
        KCHECK_INT(mirage_kv_digest(kv, missing[i], d), -ENOENT);
    }
    KCHECK_INT(mirage_kv_exists(kv, "/../a"), -EINVAL);
    KCHECK_INT(mirage_kv_get(kv, "/d/./x", &v, &len), -EINVAL);
    memset(longkey, 'k', sizeof longkey - 1);
    longkey[0] = '/';
    longkey[sizeof longkey - 1] = '\0';
    KCHECK_INT(mirage_kv_exists(kv, longkey), -ENAMETOOLONG);
}

void kv_suite_ro(struct mirage_kv_ro *kv)
{
    void *v = NULL;
    size_t len = 0;

    for (size_t i = 0; i < kv_fixture_count; i++)
        check_value(kv, i);
    /* Keys are normalised: no leading slash, doubled and trailing ones. */
    KCHECK_INT(mirage_kv_get(kv, "//d///x/", &v, &len), 0);
    KCHECK_INT(len, 1);
    free(v);
    KCHECK_INT(mirage_kv_exists(kv, "a"), MIRAGE_KV_VALUE);
    check_lists(kv);
    check_dicts(kv);
    check_missing(kv);
}
