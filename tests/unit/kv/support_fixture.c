/* SPDX-License-Identifier: ISC */
/* The fixture tree of the KV behaviour suite. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kv_suite.h"

int kv_suite_fails;
const char *kv_suite_ctx = "";

#define LONGNAME                                                   \
    "n123456789n123456789n123456789n123456789n123456789n123456789" \
    "n123456789n123456789n123456789n123456789n123456789n12345678"

const struct kv_fixture_file kv_fixture[] = {
    {"/a", "a", 5},           {"/empty", "empty", 0},
    {"/d/x", "d/x", 1},       {"/d/y", "d/y", 3000},
    {"/d/e/f", "d/e/f", 512}, {"/d/e/g", "d/e/g", 513},
    {"/big", "big", 200000},  {"/long/" LONGNAME, "long/" LONGNAME, 77},
    {"/d-x", "d-x", 10},      {"/sp ace/f.txt", "sp ace/f.txt", 12},
};
const size_t kv_fixture_count = sizeof kv_fixture / sizeof kv_fixture[0];

int kv_suite_failures(void)
{
    return kv_suite_fails;
}

void kv_fixture_content(size_t i, unsigned char *out)
{
    for (size_t j = 0; j < kv_fixture[i].len; j++)
        out[j] = (unsigned char)(j * 31 + i * 7 + (j >> 8) + 'A');
}

void kv_fixture_fill(struct mirage_kv_rw *kv)
{
    for (size_t i = 0; i < kv_fixture_count; i++) {
        unsigned char *buf = malloc(kv_fixture[i].len + 1);
        kv_fixture_content(i, buf);
        KCHECK_INT(mirage_kv_set(kv, kv_fixture[i].key, buf, kv_fixture[i].len),
                   0);
        free(buf);
    }
}

/* mkdir -p of the parents of path. */
static int make_parents(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0755) < 0 && errno != EEXIST)
            return -errno;
        *p = '/';
    }
    return 0;
}

int kv_fixture_write_dir(const char *dir)
{
    char path[4096];

    if (mkdir(dir, 0755) < 0 && errno != EEXIST)
        return -errno;
    for (size_t i = 0; i < kv_fixture_count; i++) {
        unsigned char *buf = malloc(kv_fixture[i].len + 1);
        FILE *f;
        int err;

        snprintf(path, sizeof path, "%s/%s", dir, kv_fixture[i].path);
        err = make_parents(path);
        if (err < 0 || !(f = fopen(path, "wb"))) {
            free(buf);
            return err < 0 ? err : -errno;
        }
        kv_fixture_content(i, buf);
        fwrite(buf, 1, kv_fixture[i].len, f);
        fclose(f);
        free(buf);
    }
    return 0;
}
