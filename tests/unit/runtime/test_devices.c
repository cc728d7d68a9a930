/* SPDX-License-Identifier: ISC */
/* The default CONSOLE, MCLOCK, PCLOCK and TIME devices. */
#include "check.h"
#include "support.h"

#include <mirage.h>
#include <time.h>

static void test_console(void)
{
    struct mirage_console *c;
    char out[2048], big[1500];

    CHECK_INT_EQ(mirage_console_default_connect(&c), 0);
    memset(big, 'y', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    capture_begin();
    CHECK_INT_EQ(mirage_console_write(c, "raw\n", 4), 4);
    CHECK_INT_EQ(mirage_console_printf(c, "%s=%d\n", "x", 5), 4);
    CHECK_INT_EQ(mirage_console_printf(c, "%s", big), (long long)strlen(big));
    capture_end(out, sizeof(out));
    CHECK(strncmp(out, "raw\nx=5\nyyy", 11) == 0);
    CHECK_UINT_EQ(strlen(out), 8 + strlen(big));
}

static void test_clocks(void)
{
    struct mirage_mclock *m;
    struct mirage_pclock *p;
    struct mirage_ptime t;
    uint64_t a, b;
    time_t now = time(NULL);

    CHECK_INT_EQ(mirage_mclock_default_connect(&m), 0);
    CHECK_INT_EQ(mirage_pclock_default_connect(&p), 0);
    a = mirage_mclock_elapsed_ns(m);
    b = mirage_mclock_elapsed_ns(m);
    CHECK(b >= a);
    mirage_pclock_now(p, &t);
    CHECK(t.sec >= now - 1 && t.sec <= now + 1);
    CHECK(t.nsec < 1000000000);
    CHECK_INT_EQ(mirage_pclock_tz_offset_s(p), 0);
}

static int time_main(void)
{
    struct mirage_time *t;
    uint64_t start = mirage_now_ns();

    CHECK_INT_EQ(mirage_time_default_connect(&t), 0);
    CHECK_INT_EQ(mirage_time_sleep_ns(t, 15000000), 0);
    CHECK(mirage_now_ns() - start >= 15000000);
    return 0;
}

static void test_time(void)
{
    CHECK_INT_EQ(test_run(time_main), 0);
}

int main(void)
{
    RUN(test_console);
    RUN(test_clocks);
    RUN(test_time);
    CHECK_DONE();
}
