/* SPDX-License-Identifier: ISC */
/* Read-write behaviour every KV_RW store must show. */
#include <stdlib.h>
#include <string.h>

#include "../../../lib/kv/kv_priv.h"
#include "kv_suite.h"

/* True if key holds exactly the NUL-terminated string want. */
static int holds(struct mirage_kv_rw *kv, const char *key, const char *want)
{
    void *v = NULL;
    size_t len = 0;
    int ok = mirage_kv_get(mirage_kv_rw_ro(kv), key, &v, &len) == 0 &&
             len == strlen(want) && memcmp(v, want, len) == 0;

    if (!ok)
        fprintf(stderr, "[%s] %s: want \"%s\", have \"%.*s\"\n", kv_suite_ctx,
                key, want, v ? (int)len : 6, v ? (char *)v : "(none)");
    free(v);
    return ok;
}

static int kind(struct mirage_kv_rw *kv, const char *key)
{
    return mirage_kv_exists(mirage_kv_rw_ro(kv), key);
}

static int set(struct mirage_kv_rw *kv, const char *key, const char *val)
{
    return mirage_kv_set(kv, key, val, strlen(val));
}

static void t_basic(struct mirage_kv_rw *kv)
{
    KCHECK_INT(kind(kv, "/"), MIRAGE_KV_DICTIONARY);
    KCHECK_INT(kind(kv, "/k"), MIRAGE_KV_NONE);
    KCHECK_INT(set(kv, "/k", "one"), 0);
    KCHECK(holds(kv, "/k", "one"));
    KCHECK_INT(set(kv, "k", "second value"), 0);
    KCHECK(holds(kv, "/k", "second value"));
    KCHECK_INT(mirage_kv_size(mirage_kv_rw_ro(kv), "/k"), 12);
    KCHECK_INT(set(kv, "/e", ""), 0);
    KCHECK(holds(kv, "/e", ""));
    KCHECK_INT(kind(kv, "/e"), MIRAGE_KV_VALUE);
    KCHECK_INT(set(kv, "/x/y/z", "deep"), 0);
    KCHECK_INT(kind(kv, "/x"), MIRAGE_KV_DICTIONARY);
    KCHECK_INT(kind(kv, "/x/y"), MIRAGE_KV_DICTIONARY);
    KCHECK(holds(kv, "/x/y/z", "deep"));
}

static void t_conflicts(struct mirage_kv_rw *kv)
{
    struct mirage_kv_list l;
    void *v;
    size_t n;

    KCHECK_INT(set(kv, "/a", "1"), 0);
    KCHECK_INT(set(kv, "/a/b", "2"), -ENOTDIR);
    KCHECK_INT(set(kv, "/a/b/c", "2"), -ENOTDIR);
    KCHECK_INT(set(kv, "/d/x", "3"), 0);
    KCHECK_INT(set(kv, "/d", "4"), -EISDIR);
    KCHECK_INT(set(kv, "/", "5"), -EISDIR);
    KCHECK_INT(mirage_kv_get(mirage_kv_rw_ro(kv), "/d", &v, &n), -EISDIR);
    KCHECK_INT(mirage_kv_list(mirage_kv_rw_ro(kv), "/a", &l), -ENOTDIR);
    KCHECK_INT(set(kv, "/../x", "6"), -EINVAL);
    KCHECK_INT(set(kv, "/d/./x", "6"), -EINVAL);
    KCHECK(holds(kv, "/a", "1"));
    KCHECK(holds(kv, "/d/x", "3"));
    KCHECK_INT(kind(kv, "/a/b"), MIRAGE_KV_NONE);
}

static void t_remove(struct mirage_kv_rw *kv)
{
    KCHECK_INT(set(kv, "/d/x", "1"), 0);
    KCHECK_INT(set(kv, "/d/e/y", "2"), 0);
    KCHECK_INT(set(kv, "/d-x", "3"), 0);
    KCHECK_INT(set(kv, "/d0", "4"), 0);
    KCHECK_INT(set(kv, "/v", "5"), 0);
    KCHECK_INT(mirage_kv_remove(kv, "/v"), 0);
    KCHECK_INT(kind(kv, "/v"), MIRAGE_KV_NONE);
    KCHECK_INT(mirage_kv_remove(kv, "/v"), 0);
    KCHECK_INT(mirage_kv_remove(kv, "/nothing/here"), 0);
    KCHECK_INT(mirage_kv_remove(kv, "/d"), 0);
    KCHECK_INT(kind(kv, "/d"), MIRAGE_KV_NONE);
    KCHECK_INT(kind(kv, "/d/e/y"), MIRAGE_KV_NONE);
    KCHECK(holds(kv, "/d-x", "3"));
    KCHECK(holds(kv, "/d0", "4"));
    KCHECK_INT(mirage_kv_remove(kv, "/"), 0);
    KCHECK_INT(kind(kv, "/d-x"), MIRAGE_KV_NONE);
    KCHECK_INT(kind(kv, "/d0"), MIRAGE_KV_NONE);
    KCHECK_INT(kind(kv, "/"), MIRAGE_KV_DICTIONARY);
    KCHECK_INT(set(kv, "/after", "ok"), 0);
    KCHECK(holds(kv, "/after", "ok"));
}

static void t_rename_values(struct mirage_kv_rw *kv)
{
    KCHECK_INT(set(kv, "/a", "A"), 0);
    KCHECK_INT(set(kv, "/b", "B"), 0);
    KCHECK_INT(mirage_kv_rename(kv, "/a", "/b"), 0);
    KCHECK_INT(kind(kv, "/a"), MIRAGE_KV_NONE);
    KCHECK(holds(kv, "/b", "A"));
    KCHECK_INT(mirage_kv_rename(kv, "/b", "/new/place"), 0);
    KCHECK(holds(kv, "/new/place", "A"));
    KCHECK_INT(mirage_kv_rename(kv, "/missing", "/x"), -ENOENT);
    KCHECK_INT(mirage_kv_rename(kv, "/new/place", "/new/place"), 0);
    KCHECK(holds(kv, "/new/place", "A"));
    /* Into a dictionary: the value moves inside it. */
    KCHECK_INT(set(kv, "/v", "V"), 0);
    KCHECK_INT(mirage_kv_rename(kv, "/v", "/new"), 0);
    KCHECK(holds(kv, "/new/v", "V"));
    /* A value onto a dictionary of the same name inside dest: refused. */
    KCHECK_INT(set(kv, "/w", "W"), 0);
    KCHECK_INT(set(kv, "/dd/w/inner", "I"), 0);
    KCHECK_INT(mirage_kv_rename(kv, "/w", "/dd"), -EISDIR);
    KCHECK(holds(kv, "/w", "W"));
    /* Under a value: refused; a value may move under its own old name. */
    KCHECK_INT(mirage_kv_rename(kv, "/w", "/new/place/x"), -ENOTDIR);
    KCHECK_INT(mirage_kv_rename(kv, "/w", "/w/inside"), 0);
    KCHECK(holds(kv, "/w/inside", "W"));
    KCHECK_INT(mirage_kv_rename(kv, "/", "/x"), -EINVAL);
}

static void t_rename_dicts(struct mirage_kv_rw *kv)
{
    KCHECK_INT(set(kv, "/s/a", "1"), 0);
    KCHECK_INT(set(kv, "/s/b/c", "2"), 0);
    KCHECK_INT(set(kv, "/s-x", "3"), 0);
    KCHECK_INT(mirage_kv_rename(kv, "/s", "/t"), 0);
    KCHECK_INT(kind(kv, "/s"), MIRAGE_KV_NONE);
    KCHECK(holds(kv, "/t/a", "1"));
    KCHECK(holds(kv, "/t/b/c", "2"));
    KCHECK(holds(kv, "/s-x", "3"));
    KCHECK_INT(mirage_kv_rename(kv, "/t", "/t/b"), -EINVAL);
    KCHECK_INT(mirage_kv_rename(kv, "/t", "/t/b/new"), -EINVAL);
    KCHECK_INT(mirage_kv_rename(kv, "/t", "/s-x"), -EISDIR);
    /* Into an existing dictionary: moves inside, replacing what is there. */
    KCHECK_INT(set(kv, "/u/t/old", "gone"), 0);
    KCHECK_INT(set(kv, "/u/keep", "k"), 0);
    KCHECK_INT(mirage_kv_rename(kv, "/t", "/u"), 0);
    KCHECK(holds(kv, "/u/t/a", "1"));
    KCHECK(holds(kv, "/u/t/b/c", "2"));
    KCHECK_INT(kind(kv, "/u/t/old"), MIRAGE_KV_NONE);
    KCHECK(holds(kv, "/u/keep", "k"));
    /* A dictionary moved up over its own parent. */
    KCHECK_INT(set(kv, "/p/p/q", "Q"), 0);
    KCHECK_INT(set(kv, "/p/p/p/r", "R"), 0);
    KCHECK_INT(set(kv, "/p/other", "O"), 0);
    KCHECK_INT(mirage_kv_rename(kv, "/p/p", "/"), 0);
    KCHECK(holds(kv, "/p/q", "Q"));
    KCHECK(holds(kv, "/p/p/r", "R"));
    KCHECK_INT(kind(kv, "/p/other"), MIRAGE_KV_NONE);
    /* Onto a parent dictionary that already holds it: nothing moves. */
    KCHECK_INT(mirage_kv_rename(kv, "/u/t", "/u"), 0);
    KCHECK(holds(kv, "/u/t/a", "1"));
}

static void t_set_partial(struct mirage_kv_rw *kv)
{
    KCHECK_INT(mirage_kv_set_partial(kv, "/p", 5, "hello", 5), 0);
    KCHECK(holds(kv, "/p", "hello"));
    KCHECK_INT(mirage_kv_set_partial(kv, "/p", 1, "EL", 2), 0);
    KCHECK(holds(kv, "/p", "hELlo"));
    KCHECK_INT(mirage_kv_set_partial(kv, "/p", 4, "O world", 7), 0);
    KCHECK(holds(kv, "/p", "hELlO world"));
    KCHECK_INT(mirage_kv_set_partial(kv, "/p", 100, "!", 1), 0);
    KCHECK(holds(kv, "/p", "hELlO world!"));
    KCHECK_INT(mirage_kv_set_partial(kv, "/p", 0, "", 0), 0);
    KCHECK(holds(kv, "/p", "hELlO world!"));
    KCHECK_INT(set(kv, "/dir/x", "x"), 0);
    KCHECK_INT(mirage_kv_set_partial(kv, "/dir", 0, "y", 1), -EISDIR);
    KCHECK_INT(mirage_kv_set_partial(kv, "/p/under", 0, "y", 1), -ENOTDIR);
    KCHECK_INT(mirage_kv_set_partial(kv, "/q/r", 3, "new", 3), 0);
    KCHECK(holds(kv, "/q/r", "new"));
}

static void t_allocate(struct mirage_kv_rw *kv)
{
    struct mirage_ptime t = {1234567890, 42}, got;
    unsigned char buf[4096];
    int zero = 1;

    KCHECK_INT(mirage_kv_allocate(kv, "/z", &t, 3000), 0);
    KCHECK_INT(mirage_kv_size(mirage_kv_rw_ro(kv), "/z"), 3000);
    KCHECK_INT(
        mirage_kv_get_partial(mirage_kv_rw_ro(kv), "/z", 0, buf, sizeof buf),
        3000);
    for (size_t i = 0; i < 3000; i++)
        zero &= buf[i] == 0;
    KCHECK(zero);
    KCHECK_INT(mirage_kv_last_modified(mirage_kv_rw_ro(kv), "/z", &got), 0);
    KCHECK_INT(got.sec, t.sec);
    KCHECK_INT(got.nsec, t.nsec);
    KCHECK_INT(mirage_kv_allocate(kv, "/z", NULL, 10), -EEXIST);
    KCHECK_INT(set(kv, "/dd/x", "x"), 0);
    KCHECK_INT(mirage_kv_allocate(kv, "/dd", NULL, 10), -EEXIST);
    KCHECK_INT(mirage_kv_allocate(kv, "/dd/x/y", NULL, 10), -ENOTDIR);
    KCHECK_INT(mirage_kv_allocate(kv, "/empty", NULL, 0), 0);
    KCHECK(holds(kv, "/empty", ""));
    /* An allocated value takes partial writes like any other. */
    KCHECK_INT(mirage_kv_set_partial(kv, "/z", 2999, "E", 1), 0);
    KCHECK_INT(mirage_kv_get_partial(mirage_kv_rw_ro(kv), "/z", 2998, buf, 8),
               2);
    KCHECK(buf[0] == 0 && buf[1] == 'E');
}

static void t_times_and_digests(struct mirage_kv_rw *kv)
{
    struct mirage_ptime before, after, t1, t2, td;
    uint8_t d1[32], d2[32], d3[32];

    mirage__kv_now(&before);
    /* Host file systems stamp files with the kernel's coarse clock, which
     * may lag the clock just read by up to a tick: allow 20 ms. */
    if (before.nsec >= 20000000) {
        before.nsec -= 20000000;
    } else {
        before.sec -= 1;
        before.nsec += 1000000000 - 20000000;
    }
    KCHECK_INT(set(kv, "/m/one", "1"), 0);
    KCHECK_INT(set(kv, "/m/two", "2"), 0);
    mirage__kv_now(&after);
    KCHECK_INT(mirage_kv_last_modified(mirage_kv_rw_ro(kv), "/m/one", &t1), 0);
    KCHECK_INT(mirage_kv_last_modified(mirage_kv_rw_ro(kv), "/m/two", &t2), 0);
    KCHECK(mirage__kv_ptime_cmp(&before, &t1) <= 0);
    KCHECK(mirage__kv_ptime_cmp(&t2, &after) <= 0);
    KCHECK_INT(mirage_kv_last_modified(mirage_kv_rw_ro(kv), "/m", &td), 0);
    KCHECK(mirage__kv_ptime_cmp(&td, &t1) >= 0);
    KCHECK(mirage__kv_ptime_cmp(&td, &t2) >= 0);
    KCHECK_INT(mirage_kv_digest(mirage_kv_rw_ro(kv), "/m/one", d1), 0);
    mirage__kv_sha256("1", 1, d2);
    KCHECK(memcmp(d1, d2, 32) == 0);
    KCHECK_INT(mirage_kv_digest(mirage_kv_rw_ro(kv), "/m", d1), 0);
    KCHECK_INT(set(kv, "/m/two", "changed"), 0);
    KCHECK_INT(mirage_kv_digest(mirage_kv_rw_ro(kv), "/m", d2), 0);
    KCHECK(memcmp(d1, d2, 32) != 0);
    KCHECK_INT(set(kv, "/m/two", "2"), 0);
    KCHECK_INT(mirage_kv_digest(mirage_kv_rw_ro(kv), "/m", d3), 0);
    KCHECK(memcmp(d1, d3, 32) == 0);
}

static void t_many(const struct kv_suite_store *s, struct mirage_kv_rw **kvp)
{
    struct mirage_kv_list l;
    char key[64], val[64];
    int ok = 1;

    for (int i = 0; i < 2000; i++) {
        snprintf(key, sizeof key, "/many/%d/k%d", i % 10, i);
        snprintf(val, sizeof val, "value-%d", i * 7);
        ok &= set(*kvp, key, val) == 0;
    }
    KCHECK(ok);
    for (int i = 0; i < 2000; i += 2) {
        snprintf(key, sizeof key, "/many/%d/k%d", i % 10, i);
        ok &= mirage_kv_remove(*kvp, key) == 0;
    }
    KCHECK(ok);
    if (s->reopen)
        *kvp = s->reopen(s->ctx, *kvp);
    KCHECK_INT(mirage_kv_list(mirage_kv_rw_ro(*kvp), "/many", &l), 0);
    KCHECK_INT(l.n, 5); /* only the odd directories remain */
    mirage_kv_list_free(&l);
    KCHECK_INT(mirage_kv_list(mirage_kv_rw_ro(*kvp), "/many/3", &l), 0);
    KCHECK_INT(l.n, 200);
    mirage_kv_list_free(&l);
    for (int i = 1; i < 2000; i += 2) {
        snprintf(key, sizeof key, "/many/%d/k%d", i % 10, i);
        snprintf(val, sizeof val, "value-%d", i * 7);
        ok &= holds(*kvp, key, val);
    }
    KCHECK(ok);
}

static void t_large(const struct kv_suite_store *s, struct mirage_kv_rw **kvp)
{
    size_t n = 1 << 20;
    unsigned char *big = malloc(n), part[100];
    void *v = NULL;
    size_t len = 0;

    for (size_t i = 0; i < n; i++)
        big[i] = (unsigned char)(i * 2654435761u >> 13);
    KCHECK_INT(mirage_kv_set(*kvp, "/big", big, n), 0);
    if (s->reopen)
        *kvp = s->reopen(s->ctx, *kvp);
    KCHECK_INT(mirage_kv_get(mirage_kv_rw_ro(*kvp), "/big", &v, &len), 0);
    KCHECK(v && len == n && memcmp(v, big, n) == 0);
    free(v);
    KCHECK_INT(mirage_kv_get_partial(mirage_kv_rw_ro(*kvp), "/big", n - 50,
                                     part, sizeof part),
               50);
    KCHECK(memcmp(part, big + n - 50, 50) == 0);
    free(big);
}

typedef void (*simple_test)(struct mirage_kv_rw *kv);

static void run_simple(const struct kv_suite_store *s, const char *name,
                       simple_test t)
{
    struct mirage_kv_rw *kv = s->open(s->ctx);
    char ctx[128];

    snprintf(ctx, sizeof ctx, "%s/%s", s->name, name);
    kv_suite_ctx = ctx;
    KCHECK(kv != NULL);
    if (!kv)
        return;
    t(kv);
    s->close(s->ctx, kv);
    kv_suite_ctx = "";
}

static void t_fixture(const struct kv_suite_store *s, struct mirage_kv_rw **kvp)
{
    kv_fixture_fill(*kvp);
    kv_suite_ro(mirage_kv_rw_ro(*kvp));
    if (s->reopen) {
        *kvp = s->reopen(s->ctx, *kvp);
        kv_suite_ro(mirage_kv_rw_ro(*kvp));
    }
}

static void run_store_test(const struct kv_suite_store *s, const char *name,
                           void (*t)(const struct kv_suite_store *s,
                                     struct mirage_kv_rw **kvp))
{
    struct mirage_kv_rw *kv = s->open(s->ctx);
    char ctx[128];

    snprintf(ctx, sizeof ctx, "%s/%s", s->name, name);
    kv_suite_ctx = ctx;
    KCHECK(kv != NULL);
    if (!kv)
        return;
    t(s, &kv);
    s->close(s->ctx, kv);
    kv_suite_ctx = "";
}

void kv_suite_rw(const struct kv_suite_store *s)
{
    int before = kv_suite_fails;

    run_simple(s, "basic", t_basic);
    run_simple(s, "conflicts", t_conflicts);
    run_simple(s, "remove", t_remove);
    run_simple(s, "rename_values", t_rename_values);
    run_simple(s, "rename_dicts", t_rename_dicts);
    run_simple(s, "set_partial", t_set_partial);
    run_simple(s, "allocate", t_allocate);
    run_simple(s, "times_digests", t_times_and_digests);
    run_store_test(s, "fixture", t_fixture);
    run_store_test(s, "many", t_many);
    run_store_test(s, "large", t_large);
    fprintf(stderr, "%s %s rw suite\n",
            kv_suite_fails == before ? "ok  " : "FAIL", s->name);
}
