/* SPDX-License-Identifier: ISC */
/* unix block devices: capacity, whole-block I/O, bounds, and bad handles. */
#include "check.h"
#include "platform.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

static char path[] = "/tmp/mirage-test-blockXXXXXX";

static void test_block(void)
{
    struct mirage_plat_block_info info;
    mirage_plat_handle_t h, h2;
    char buf[1024], back[1024], raw[512];
    int fd = mkstemp(path);

    CHECK(fd >= 0);
    CHECK_INT_EQ(ftruncate(fd, 10 * 512 + 100), 0); /* a partial block */
    CHECK_INT_EQ(mirage_plat_block_acquire(path, &h, &info), 0);
    CHECK_UINT_EQ(info.capacity, 10 * 512);
    CHECK_UINT_EQ(info.block_size, 512);
    CHECK(h < 64);
    CHECK_INT_EQ(mirage_plat_block_acquire(path, &h2, &info), -EBUSY);

    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (char)(i * 7 + 3);
    CHECK_INT_EQ(mirage_plat_block_write(h, 512 * 8, buf, 1024), 0);
    CHECK_INT_EQ(mirage_plat_block_read(h, 512 * 8, back, 1024), 0);
    CHECK_MEM_EQ(buf, back, 1024);
    CHECK_INT_EQ(pread(fd, raw, 512, 512 * 9), 512); /* really in the file */
    CHECK_MEM_EQ(raw, buf + 512, 512);

    /* Whole blocks inside the device only. */
    CHECK_INT_EQ(mirage_plat_block_read(h, 100, back, 512), -EINVAL);
    CHECK_INT_EQ(mirage_plat_block_read(h, 0, back, 100), -EINVAL);
    CHECK_INT_EQ(mirage_plat_block_read(h, 512 * 9, back, 1024), -EINVAL);
    CHECK_INT_EQ(mirage_plat_block_write(h, 512 * 10, buf, 512), -EINVAL);
    CHECK_INT_EQ(mirage_plat_block_write(h, UINT64_MAX - 511, buf, 512),
                 -EINVAL);
    CHECK_INT_EQ(mirage_plat_block_read(h, 0, back, 0), 0);
    CHECK_INT_EQ(mirage_plat_block_read(h + 1, 0, back, 512), -EINVAL);
    CHECK_INT_EQ(mirage_plat_block_read(999, 0, back, 512), -EINVAL);

    CHECK_INT_EQ(mirage_plat_block_acquire("/nonexistent/disk.img", &h2, &info),
                 -ENODEV);
    CHECK(mirage_plat_block_acquire("/tmp", &h2, &info) < 0);
    CHECK_INT_EQ(mirage_plat_block_acquire("", &h2, &info), -EINVAL);
    close(fd);
    unlink(path);
}

/* Net and block handles come from one table. */
static void test_handles_shared(void)
{
    struct mirage_plat_block_info info;
    mirage_plat_handle_t a, b;
    char p1[] = "/tmp/mirage-test-blockXXXXXX";
    int fd = mkstemp(p1);

    CHECK(fd >= 0 && ftruncate(fd, 512) == 0);
    CHECK_INT_EQ(mirage_plat_block_acquire(p1, &a, &info), 0);
    /* A net call on a block handle is refused. */
    CHECK_INT_EQ(mirage_plat_net_read(a, NULL, 0), -EINVAL);
    CHECK_INT_EQ(mirage_plat_block_acquire(p1, &b, &info), -EBUSY);
    close(fd);
    unlink(p1);
}

int main(void)
{
    RUN(test_block);
    RUN(test_handles_shared);
    CHECK_DONE();
}
