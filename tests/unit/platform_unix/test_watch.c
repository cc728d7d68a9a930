/* SPDX-License-Identifier: ISC */
/* mirage_plat_unix_watch_fd: a caller's fd in the unix platform's wait. */
#include "check.h"
#include "platform.h"
#include "unix/plat_unix.h"

#include <errno.h>
#include <unistd.h>

#define MS 1000000ull

static int p[2] = {-1, -1};
static unsigned h;

/* The pipe's read end, once watched, is reported only when readable. */
static void test_watch_pipe(void)
{
    uint64_t start, took;
    char c = 'x';

    CHECK_INT_EQ(pipe(p), 0);
    CHECK_INT_EQ(mirage_plat_unix_watch_fd(p[0], &h), 0);
    CHECK(h < 64);
    start = mirage_plat_clock_monotonic();
    CHECK_UINT_EQ(mirage_plat_wait(start + 30 * MS), 0);
    took = mirage_plat_clock_monotonic() - start;
    CHECK(took >= 30 * MS);
    CHECK_INT_EQ((int)write(p[1], &c, 1), 1);
    start = mirage_plat_clock_monotonic();
    CHECK_UINT_EQ(mirage_plat_wait(start + 2000 * MS), (uint64_t)1 << h);
    CHECK(mirage_plat_clock_monotonic() - start < 500 * MS);
}

/* The handle is no device: net and block calls refuse it and the byte
 * stays in the pipe. */
static void test_not_a_device(void)
{
    static char buf[65536];

    CHECK_INT_EQ(mirage_plat_net_read(h, buf, sizeof(buf)), -EINVAL);
    CHECK(mirage_plat_net_write(h, buf, 64) < 0);
    CHECK(mirage_plat_block_read(h, 0, buf, 512) < 0);
    CHECK_UINT_EQ(mirage_plat_wait(0), (uint64_t)1 << h);
    CHECK_INT_EQ((int)read(p[0], buf, sizeof(buf)), 1);
    CHECK_UINT_EQ(mirage_plat_wait(0), 0);
}

static void test_bad_arguments(void)
{
    unsigned other = 99;

    CHECK_INT_EQ(mirage_plat_unix_watch_fd(-1, &other), -EBADF);
    CHECK_INT_EQ(mirage_plat_unix_watch_fd(p[0], &other), -EBUSY);
    CHECK_UINT_EQ(other, 99);
}

/* Watches take handles from the platform's table until it is full. */
static void test_table_full(void)
{
    int q[2], r = 0, n = 0;

    while (n < 100 && pipe(q) == 0) {
        r = mirage_plat_unix_watch_fd(q[0], &h);
        if (r < 0)
            break;
        n++;
    }
    CHECK_INT_EQ(r, -ENOMEM);
    CHECK(n >= 32 && n < 64);
}

int main(void)
{
    RUN(test_watch_pipe);
    RUN(test_not_a_device);
    RUN(test_bad_arguments);
    RUN(test_table_full);
    CHECK_DONE();
}
