/* SPDX-License-Identifier: ISC */
/* direct_kv_ro / direct_kv_rw (hostfs) against the KV behaviour suite. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kv_suite.h"

static char base[64];
static int round_no;
static char dir[128];

static struct mirage_kv_rw *fs_open(void *ctx)
{
    struct mirage_kv_rw *kv = NULL;

    (void)ctx;
    snprintf(dir, sizeof dir, "%s/r%d", base, round_no++);
    if (kv_test_sh("mkdir -p %s", dir) < 0)
        return NULL;
    return mirage_kv_direct_rw_connect(dir, &kv) == 0 ? kv : NULL;
}

static struct mirage_kv_rw *fs_reopen(void *ctx, struct mirage_kv_rw *kv)
{
    (void)ctx;
    mirage_kv_disconnect(mirage_kv_rw_ro(kv));
    CHECK_INT_EQ(mirage_kv_direct_rw_connect(dir, &kv), 0);
    return kv;
}

static void fs_close(void *ctx, struct mirage_kv_rw *kv)
{
    (void)ctx;
    mirage_kv_disconnect(mirage_kv_rw_ro(kv));
}

/* The fixture written by the host, read through direct_kv_ro. */
static void test_ro(void)
{
    struct mirage_kv_ro *kv;
    char tree[128];
    void *v;
    size_t n;

    snprintf(tree, sizeof tree, "%s/tree", base);
    CHECK_INT_EQ(kv_fixture_write_dir(tree), 0);
    CHECK_INT_EQ(mirage_kv_direct_ro_connect(tree, &kv), 0);
    kv_suite_ctx = "direct_ro";
    kv_suite_ro(kv);
    kv_suite_ctx = "";
    /* Read-only: writes are refused. */
    CHECK_INT_EQ(mirage_kv_set((struct mirage_kv_rw *)(void *)kv, "/x", "1", 1),
                 -EROFS);
    CHECK_INT_EQ(mirage_kv_get(kv, "/x", &v, &n), -ENOENT);
    mirage_kv_disconnect(kv);
    CHECK_INT_EQ(mirage_kv_direct_ro_connect("/nonexistent/dir", &kv), -ENOENT);
}

/* A set leaves no temporary file behind, and the value is a plain file. */
static void test_files(void)
{
    struct mirage_kv_rw *kv = fs_open(NULL);
    char path[256];
    FILE *f;
    char buf[16] = {0};

    CHECK_INT_EQ(mirage_kv_set(kv, "/a/b", "hello", 5), 0);
    snprintf(path, sizeof path, "%s/a/b", dir);
    f = fopen(path, "r");
    CHECK(f != NULL);
    if (f) {
        CHECK(fread(buf, 1, sizeof buf, f) == 5);
        fclose(f);
    }
    CHECK_STR_EQ(buf, "hello");
    CHECK_INT_EQ(kv_test_sh("test $(ls -A %s | wc -l) -eq 1", dir), 0);
    fs_close(NULL, kv);
}

int main(void)
{
    struct kv_suite_store s = {"hostfs", NULL, fs_open, fs_reopen, fs_close};

    strcpy(base, "/tmp/kv-hostfs-test.XXXXXX");
    CHECK(mkdtemp(base) != NULL);
    RUN(test_ro);
    RUN(test_files);
    kv_suite_rw(&s);
    kv_suite_model(&s, 3, 1500);
    kv_test_sh("rm -rf %s", base);
    CHECK_INT_EQ(kv_suite_failures(), 0);
    CHECK_DONE();
}
