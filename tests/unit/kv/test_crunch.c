/* SPDX-License-Identifier: ISC */
/* crunch over an image laid out as mirage-crunch lays it out. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kv_suite.h"

static int by_key(const void *a, const void *b)
{
    return strcmp(((const struct mirage_kv_crunch_file *)a)->key,
                  ((const struct mirage_kv_crunch_file *)b)->key);
}

int main(void)
{
    struct mirage_kv_crunch_file *files =
        calloc(kv_fixture_count + 1, sizeof *files);
    struct mirage_kv_crunch_image img = {"fixture", files, kv_fixture_count};
    struct mirage_kv_ro *kv;
    struct mirage_ptime t;
    const void *p, *q;
    size_t n;

    for (size_t i = 0; i < kv_fixture_count; i++) {
        unsigned char *d = malloc(kv_fixture[i].len + 1);
        kv_fixture_content(i, d);
        files[i].key = kv_fixture[i].key;
        files[i].data = d;
        files[i].end = d + kv_fixture[i].len;
        files[i].mtime = 1000 + (int64_t)i;
    }
    qsort(files, kv_fixture_count, sizeof *files, by_key);
    CHECK_INT_EQ(mirage_kv_crunch_connect(&img, &kv), 0);
    kv_suite_ctx = "crunch";
    kv_suite_ro(kv);
    /* Values are the image's own bytes: no copy. */
    CHECK_INT_EQ(mirage_kv_map(kv, "/big", &p, &n), 0);
    CHECK_INT_EQ(mirage_kv_map(kv, "big", &q, &n), 0);
    CHECK(p == q);
    CHECK_INT_EQ(mirage_kv_map(kv, "/d", &p, &n), -EISDIR);
    CHECK_INT_EQ(mirage_kv_last_modified(kv, "/d", &t), 0);
    CHECK_INT_EQ(t.sec, 1005); /* /d/e/g, the newest under /d */
    CHECK_INT_EQ(mirage_kv_set((struct mirage_kv_rw *)(void *)kv, "/x", "", 0),
                 -EROFS);
    mirage_kv_disconnect(kv);
    /* A file whose name is no canonical key is skipped, not served. */
    files[kv_fixture_count].key = "/../evil";
    files[kv_fixture_count].data = files[0].data;
    files[kv_fixture_count].end = files[0].data;
    img.nfiles++;
    CHECK_INT_EQ(mirage_kv_crunch_connect(&img, &kv), 0);
    CHECK_INT_EQ(mirage_kv_exists(kv, "/evil"), MIRAGE_KV_NONE);
    mirage_kv_disconnect(kv);
    for (size_t i = 0; i < kv_fixture_count; i++)
        free((void *)files[i].data);
    free(files);
    CHECK_INT_EQ(kv_suite_failures(), 0);
    CHECK_DONE();
}
