/* SPDX-License-Identifier: ISC */
/* The behaviour suite every KV store is tested against. */
#ifndef KV_SUITE_H
#define KV_SUITE_H

#include <stddef.h>
#include <stdio.h>

#include <mirage/block.h>
#include <mirage/kv.h>

/* How the suite gets stores of the implementation under test. */
struct kv_suite_store {
    const char *name;
    void *ctx;
    /* A new, empty store. */
    struct mirage_kv_rw *(*open)(void *ctx);
    /* Optional: disconnects kv and mounts the same storage again, to show
     * that what was written persists. */
    struct mirage_kv_rw *(*reopen)(void *ctx, struct mirage_kv_rw *kv);
    void (*close)(void *ctx, struct mirage_kv_rw *kv);
};

/* The tree of the read-only tests: every RO store is built holding it. */
struct kv_fixture_file {
    const char *key;  /* as written to the store, e.g. "/d/e/f" */
    const char *path; /* relative path, e.g. "d/e/f" */
    size_t len;
};
extern const struct kv_fixture_file kv_fixture[];
extern const size_t kv_fixture_count;
/* The content of fixture file i (len bytes, deterministic). */
void kv_fixture_content(size_t i, unsigned char *out);
/* Writes the fixture into a RW store. */
void kv_fixture_fill(struct mirage_kv_rw *kv);
/* Writes the fixture as files under dir (created). 0 or -errno. */
int kv_fixture_write_dir(const char *dir);

/* Checks that kv holds exactly the fixture. */
void kv_suite_ro(struct mirage_kv_ro *kv);
/* Runs every read-write test on stores from s. */
void kv_suite_rw(const struct kv_suite_store *s);
/* Random operations on a store of s and on kv_mem side by side, comparing
 * every result and, at the end (and after each reopen), the contents. */
void kv_suite_model(const struct kv_suite_store *s, unsigned seed,
                    unsigned ops);

/* 1 if the trees under key of a and b are equal (keys, kinds, values). */
int kv_suite_same_tree(struct mirage_kv_ro *a, struct mirage_kv_ro *b,
                       const char *key);
/* Non-zero: kv_suite_same_tree() does not print the differences. */
extern int kv_suite_quiet;

/* Test helpers (support_tario.c). */
struct mirage_block *kv_test_file_disk(const char *path, const char *name);
int kv_test_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Failures counted by the suite so far, and the checks that count them
 * (they name the store and test being run). */
int kv_suite_failures(void);
extern int kv_suite_fails;
extern const char *kv_suite_ctx;

#define KCHECK(cond)                                                     \
    do {                                                                 \
        if (!(cond)) {                                                   \
            fprintf(stderr, "%s:%d: [%s] KCHECK(%s) failed\n", __FILE__, \
                    __LINE__, kv_suite_ctx, #cond);                      \
            kv_suite_fails++;                                            \
        }                                                                \
    } while (0)

#define KCHECK_INT(a, b)                                                      \
    do {                                                                      \
        long long kc__a = (long long)(a), kc__b = (long long)(b);             \
        if (kc__a != kc__b) {                                                 \
            fprintf(stderr, "%s:%d: [%s] %s == %s: %lld != %lld\n", __FILE__, \
                    __LINE__, kv_suite_ctx, #a, #b, kc__a, kc__b);            \
            kv_suite_fails++;                                                 \
        }                                                                     \
    } while (0)

#endif
