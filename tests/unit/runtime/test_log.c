/* SPDX-License-Identifier: ISC */
/* Log levels, -l specs, per-source thresholds, the line format, RFC 3339. */
#include "../../../runtime/runtime_priv.h"
#include "check.h"
#include "support.h"

#include <mirage.h>
#include <stdlib.h>
#include <time.h>

static MIRAGE_LOG_SRC(tcp_src, "tcp", "TCP");
static MIRAGE_LOG_SRC(arp_src, "arp", "ARP");

static void test_parse_level(void)
{
    static const char *const names[] = {"quiet",   "app",  "error",
                                        "warning", "info", "debug"};
    enum mirage_log_level l;

    for (int i = 0; i < 6; i++) {
        CHECK_INT_EQ(mirage_log_parse_level(names[i], &l), 0);
        CHECK_INT_EQ(l, i);
        CHECK_STR_EQ(mirage_log_level_name(l), names[i]);
    }
    CHECK_INT_EQ(mirage_log_parse_level("verbose", &l), -EINVAL);
    CHECK_INT_EQ(mirage_log_parse_level("INFO", &l), -EINVAL);
    CHECK_INT_EQ(mirage_log_parse_level("", &l), -EINVAL);
}

static bool on(struct mirage_log_src *s, enum mirage_log_level l)
{
    return mirage_log_enabled(s, l);
}

static void test_thresholds(void)
{
    /* Default: info for everyone. */
    CHECK(on(&tcp_src, MIRAGE_LOG_INFO) && !on(&tcp_src, MIRAGE_LOG_DEBUG));
    CHECK_INT_EQ(mirage_log_set_levels("*:info,tcp:debug"), 0);
    CHECK(on(&tcp_src, MIRAGE_LOG_DEBUG));
    CHECK(on(&arp_src, MIRAGE_LOG_INFO) && !on(&arp_src, MIRAGE_LOG_DEBUG));
    CHECK_INT_EQ(tcp_src.level, MIRAGE_LOG_DEBUG);
    /* A specific source beats '*' whatever the order; last one wins. */
    CHECK_INT_EQ(mirage_log_set_levels("tcp:debug,*:error,tcp:warning"), 0);
    CHECK(on(&tcp_src, MIRAGE_LOG_WARNING) && !on(&tcp_src, MIRAGE_LOG_INFO));
    CHECK(on(&arp_src, MIRAGE_LOG_ERROR) && !on(&arp_src, MIRAGE_LOG_WARNING));
    /* No source means all; quiet silences even app messages. */
    CHECK_INT_EQ(mirage_log_set_levels("debug,arp:quiet"), 0);
    CHECK(on(&mirage_log_app, MIRAGE_LOG_DEBUG));
    CHECK(!on(&arp_src, MIRAGE_LOG_APP) && !on(&arp_src, MIRAGE_LOG_ERROR));
    CHECK(!on(&tcp_src, MIRAGE_LOG_QUIET));
    /* A source that never logs may be named. */
    CHECK_INT_EQ(mirage_log_set_levels("nosuchsource:debug"), 0);
    CHECK(!on(&tcp_src, MIRAGE_LOG_DEBUG) && on(&tcp_src, MIRAGE_LOG_INFO));
}

static void bad_spec(const char *spec, const char *why)
{
    char buf[200] = "";

    CHECK_INT_EQ(mirage_log_set_levels(spec), -EINVAL);
    CHECK_INT_EQ(mirage__log_check_levels(spec, buf, sizeof(buf)), -EINVAL);
    CHECK_STR_EQ(buf, why);
}

static void test_bad_specs(void)
{
    char buf[200];

    CHECK_INT_EQ(mirage_log_set_levels("tcp:debug"), 0);
    bad_spec("tcp:verbose", "unknown log level 'verbose' (expected quiet, "
                            "app, error, warning, info or debug)");
    bad_spec("", "empty item in log spec ''");
    bad_spec("info,,tcp:debug", "empty item in log spec 'info,,tcp:debug'");
    bad_spec("*:info,", "empty item in log spec '*:info,'");
    bad_spec(":debug", "empty log source before ':debug'");
    bad_spec("tcp:", "unknown log level '' (expected quiet, app, error, "
                     "warning, info or debug)");
    /* Nothing changed. */
    CHECK(on(&tcp_src, MIRAGE_LOG_DEBUG) && !on(&arp_src, MIRAGE_LOG_DEBUG));
    CHECK_INT_EQ(mirage__log_check_levels("*:warning,a:b:debug", buf, 200), 0);
}

static void test_rfc3339(void)
{
    struct mirage_ptime t = {0, 0};
    char buf[26], want[64];
    struct tm tm;

    CHECK_STR_EQ(mirage_ptime_rfc3339(&t, buf), "1970-01-01T00:00:00-00:00");
    t.sec = 951782400;
    CHECK_STR_EQ(mirage_ptime_rfc3339(&t, buf), "2000-02-29T00:00:00-00:00");
    t.sec = -1;
    CHECK_STR_EQ(mirage_ptime_rfc3339(&t, buf), "1969-12-31T23:59:59-00:00");
    t.sec = 253402300800; /* year 10000: clamped */
    CHECK_STR_EQ(mirage_ptime_rfc3339(&t, buf), "9999-12-31T23:59:59-00:00");
    srand(4242);
    for (int i = 0; i < 100000; i++) {
        /* Any second of years 0001..9999. */
        uint64_t r = (uint64_t)rand() << 31 | (uint64_t)rand();
        int64_t s = (int64_t)(r % (253402300800 + 62135596800)) - 62135596800;
        time_t tt = (time_t)s;
        t.sec = s;
        gmtime_r(&tt, &tm);
        snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02d-00:00",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
        mirage_ptime_rfc3339(&t, buf);
        if (strcmp(buf, want) != 0) {
            CHECK_STR_EQ(buf, want);
            break;
        }
    }
}

static void test_header(void)
{
    char buf[128];
    size_t n = mirage__log_header(buf, sizeof(buf), 1795464301000000000ull,
                                  MIRAGE_LOG_WARNING, "tcp");

    CHECK_STR_EQ(buf, "2026-11-23T20:05:01-00:00: [WARNING] [tcp] ");
    CHECK_UINT_EQ(n, strlen(buf));
}

/* Lines go to the console whole, with the wall-clock date. */
static void test_lines(void)
{
    char out[8192], big[3000];
    time_t before = time(NULL);
    size_t n;

    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    CHECK_INT_EQ(mirage_log_set_levels("*:info"), 0);
    capture_begin();
    mirage_log_info(&tcp_src, "hello %d", 42);
    mirage_log_debug(&tcp_src, "not shown");
    mirage_log_app_msg(&mirage_log_app, "%s", big);
    n = capture_end(out, sizeof(out));
    CHECK_UINT_EQ(n, 26 + strlen(" [INFO] [tcp] hello 42\n") + 26 +
                         strlen(" [APP] [application] \n") + strlen(big));
    CHECK(strncmp(out + 25, ": [INFO] [tcp] hello 42\n", 24) == 0);
    CHECK(out[4] == '-' && out[10] == 'T' && out[19] == '-');
    struct tm tm;
    time_t t0 = before;
    gmtime_r(&t0, &tm);
    char year[8];
    snprintf(year, sizeof(year), "%04d-", tm.tm_year + 1900);
    CHECK(strncmp(out, year, 5) == 0);
    CHECK(strstr(out, "[APP] [application] xxxx") != NULL);
    CHECK(out[n - 1] == '\n' && out[n - 2] == 'x');
}

int main(void)
{
    RUN(test_parse_level);
    RUN(test_thresholds);
    RUN(test_bad_specs);
    RUN(test_rfc3339);
    RUN(test_header);
    RUN(test_lines);
    mirage__log_reset();
    CHECK_DONE();
}
