/* SPDX-License-Identifier: ISC */
/* unix clocks, waiting without devices, entropy, console. */
#include "../runtime/support.h"
#include "check.h"
#include "platform.h"

#include <time.h>

#define MS 1000000ull

static void test_clocks(void)
{
    uint64_t a = mirage_plat_clock_monotonic(), b;
    uint64_t wall = mirage_plat_clock_wall();
    time_t now = time(NULL);

    for (int i = 0; i < 1000; i++) {
        b = mirage_plat_clock_monotonic();
        CHECK(b >= a);
        a = b;
    }
    CHECK(wall / 1000000000 >= (uint64_t)now - 1);
    CHECK(wall / 1000000000 <= (uint64_t)now + 1);
}

/* Without devices, wait sleeps until the deadline (not before), and a past
 * deadline returns at once. */
static void test_wait(void)
{
    uint64_t start = mirage_plat_clock_monotonic(), took;

    CHECK_UINT_EQ(mirage_plat_wait(start + 30 * MS), 0);
    took = mirage_plat_clock_monotonic() - start;
    CHECK(took >= 30 * MS);
    CHECK(took < 300 * MS);
    start = mirage_plat_clock_monotonic();
    CHECK_UINT_EQ(mirage_plat_wait(0), 0);
    CHECK_UINT_EQ(mirage_plat_wait(start), 0);
    CHECK(mirage_plat_clock_monotonic() - start < 20 * MS);
}

static void test_entropy(void)
{
    static unsigned char a[1 << 20], b[1 << 20];
    size_t zeros = 0;

    CHECK_INT_EQ(mirage_plat_entropy(a, sizeof(a)), 0);
    CHECK_INT_EQ(mirage_plat_entropy(b, sizeof(b)), 0);
    CHECK(memcmp(a, b, sizeof(a)) != 0);
    for (size_t i = 0; i < sizeof(a); i++)
        zeros += a[i] == 0;
    /* About 4096 expected; far fewer or more means it was not filled. */
    CHECK(zeros > 3000 && zeros < 5200);
}

static void test_console(void)
{
    char out[64];

    capture_begin();
    mirage_plat_console_write("one\n", 4);
    mirage_plat_console_write("two", 3);
    capture_end(out, sizeof(out));
    CHECK_STR_EQ(out, "one\ntwo");
}

int main(void)
{
    RUN(test_clocks);
    RUN(test_wait);
    RUN(test_entropy);
    RUN(test_console);
    CHECK_DONE();
}
