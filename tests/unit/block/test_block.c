/* SPDX-License-Identifier: ISC */
/* BLOCK: ramdisks, the platform's file-backed device, byte reads. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mirage/block.h>

#include "check.h"

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)((i * 131 + seed) ^ (i >> 9));
}

/* Whole-sector I/O and its errors, on any device of at least 64 sectors. */
static void exercise(struct mirage_block *b)
{
    struct mirage_block_info info;
    unsigned char w[4096], r[4096];

    mirage_block_get_info(b, &info);
    CHECK_INT_EQ(info.sector_size, 512);
    CHECK(info.read_write);
    CHECK(info.size_sectors >= 64);
    fill(w, sizeof w, 7);
    CHECK_INT_EQ(mirage_block_write(b, 3, w, sizeof w), 0);
    CHECK_INT_EQ(mirage_block_read(b, 3, r, sizeof r), 0);
    CHECK_MEM_EQ(r, w, sizeof w);
    CHECK_INT_EQ(mirage_block_read(b, 4, r, 512), 0);
    CHECK_MEM_EQ(r, w + 512, 512);
    /* The last sector, and just past it. */
    CHECK_INT_EQ(mirage_block_write(b, info.size_sectors - 1, w, 512), 0);
    CHECK_INT_EQ(mirage_block_write(b, info.size_sectors, w, 512), -EINVAL);
    CHECK_INT_EQ(mirage_block_read(b, info.size_sectors - 1, r, 1024), -EINVAL);
    CHECK_INT_EQ(mirage_block_read(b, UINT64_MAX, r, 512), -EINVAL);
    /* Not whole sectors. */
    CHECK_INT_EQ(mirage_block_read(b, 0, r, 100), -EINVAL);
    CHECK_INT_EQ(mirage_block_write(b, 0, w, 513), -EINVAL);
    CHECK_UINT_EQ(mirage_block_size(b), info.size_sectors * 512);
}

static void test_ramdisk(void)
{
    struct mirage_block *a, *b;
    unsigned char buf[512], zero[512] = {0}, msg[512] = "shared";

    CHECK_INT_EQ(mirage_block_ramdisk_connect("rd", 64 * 512 + 100, &a), 0);
    exercise(a);
    /* The same name is the same disk. */
    CHECK_INT_EQ(mirage_block_ramdisk_connect("rd", 1, &b), 0);
    CHECK_UINT_EQ(mirage_block_size(b), 64 * 512);
    CHECK_INT_EQ(mirage_block_write(a, 10, msg, 512), 0);
    CHECK_INT_EQ(mirage_block_read(b, 10, buf, 512), 0);
    CHECK(memcmp(buf, "shared", 6) == 0);
    mirage_block_disconnect(a);
    CHECK_INT_EQ(mirage_block_read(b, 10, buf, 512), 0);
    CHECK(memcmp(buf, "shared", 6) == 0);
    mirage_block_disconnect(b);
    /* Gone with its last user: a new one starts from zeros. */
    CHECK_INT_EQ(mirage_block_ramdisk_connect("rd", 4096, &a), 0);
    CHECK_INT_EQ(mirage_block_read(a, 0, buf, 512), 0);
    CHECK_MEM_EQ(buf, zero, 512);
    mirage_block_disconnect(a);
}

/* Byte reads at every alignment agree with the sectors. */
static void test_read_bytes(void)
{
    struct mirage_block *b;
    size_t n = 16 * 512;
    unsigned char *all = malloc(n), got[2000];

    CHECK_INT_EQ(mirage_block_ramdisk_connect("bytes", n, &b), 0);
    fill(all, n, 3);
    CHECK_INT_EQ(mirage_block_write(b, 0, all, n), 0);
    for (uint64_t off = 0; off < n; off += 37)
        for (size_t len = 0; len < sizeof got && off + len <= n; len += 211) {
            memset(got, 0, sizeof got);
            CHECK_INT_EQ(mirage_block_read_bytes(b, off, got, len), 0);
            CHECK_MEM_EQ(got, all + off, len);
        }
    CHECK_INT_EQ(mirage_block_read_bytes(b, n - 1, got, 2), -EINVAL);
    CHECK_INT_EQ(mirage_block_read_bytes(b, n + 1, got, 0), -EINVAL);
    CHECK_INT_EQ(mirage_block_read_bytes(b, n, got, 0), 0);
    free(all);
    mirage_block_disconnect(b);
}

/* The platform's device: a file, read and written in place. */
static void test_file(void)
{
    char path[] = "/tmp/mirage-block-test.XXXXXX";
    int fd = mkstemp(path);
    struct mirage_block *b;
    unsigned char w[512], r[512];
    FILE *f;

    CHECK(fd >= 0);
    CHECK(ftruncate(fd, 64 * 512 + 300) == 0);
    close(fd);
    CHECK_INT_EQ(mirage_block_connect(path, &b), 0);
    exercise(b);
    fill(w, sizeof w, 99);
    CHECK_INT_EQ(mirage_block_write(b, 20, w, 512), 0);
    mirage_block_disconnect(b);
    f = fopen(path, "rb");
    CHECK(f && fseek(f, 20 * 512, SEEK_SET) == 0 && fread(r, 1, 512, f) == 512);
    CHECK_MEM_EQ(r, w, 512);
    if (f)
        fclose(f);
    unlink(path);
    CHECK_INT_EQ(mirage_block_connect("/nonexistent/disk.img", &b), -ENODEV);
}

int main(void)
{
    RUN(test_ramdisk);
    RUN(test_read_bytes);
    RUN(test_file);
    CHECK_DONE();
}
