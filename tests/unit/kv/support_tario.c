/* SPDX-License-Identifier: ISC */
/* Helpers of the tar tests: files onto ramdisks, shell commands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kv_suite.h"

/* Copies the file at path onto a new ramdisk named name (size rounded up
 * to 512 bytes, zero-padded).  NULL if the file cannot be read. */
struct mirage_block *kv_test_file_disk(const char *path, const char *name)
{
    FILE *f = fopen(path, "rb");
    struct mirage_block *b = NULL;
    unsigned char *data;
    long len;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = calloc(1, (size_t)len + 512);
    if (data && fread(data, 1, (size_t)len, f) == (size_t)len &&
        mirage_block_ramdisk_connect(name, ((uint64_t)len + 511) / 512 * 512,
                                     &b) == 0 &&
        len > 0 &&
        mirage_block_write(b, 0, data, ((size_t)len + 511) / 512 * 512) < 0) {
        mirage_block_disconnect(b);
        b = NULL;
    }
    free(data);
    fclose(f);
    return b;
}

/* Runs a shell command; 0 if it exits 0. */
int kv_test_sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    return system(cmd) == 0 ? 0 : -1;
}
