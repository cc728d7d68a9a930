/* SPDX-License-Identifier: ISC */
/* Timeouts: request heads (408), idle keep-alive (silent close), bodies. */
#include "check.h"
#include "http_test.h"

#include <mirage.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS 1000000ull
#define H "Host: h\r\n"

static struct ht_resp resps[8];

static const struct mirage_http_config cfg = {
    .header_timeout_ns = 100 * MS,
    .idle_timeout_ns = 150 * MS,
    .body_timeout_ns = 120 * MS,
};

struct outcome {
    int n;       /* responses */
    int status;  /* of the last one */
    uint64_t ms; /* until the connection was closed */
    struct mirage_http_stats st;
    struct ht_echo echo;
};

/* Serves f (whose segments are set up) with the echo handler and cfg. */
static void run_flow(struct fakeflow *f, struct outcome *o)
{
    uint64_t t0 = mirage_now_ns();

    memset(o, 0, sizeof(*o));
    CHECK(ht_serve(&cfg, ht_echo_handler, &o->echo, f, &o->st) == 0);
    o->ms = (mirage_now_ns() - t0) / MS;
    o->n = ht_parse(f->out ? f->out : "", f->out_len, NULL, 0, resps, 8, NULL);
    CHECK(o->n >= 0);
    o->status = o->n > 0 ? resps[o->n - 1].status : 0;
    ht_free(resps, o->n > 0 ? (size_t)o->n : 0);
    CHECK(f->closed);
    fakeflow_free(f);
}

static void test_header_timeout(void)
{
    struct fakeflow f;
    struct outcome o;

    /* Part of a head, then nothing: 408 when the head timeout ends. */
    fakeflow_init(&f, "GET / HTTP/1.1\r\nHo", 19, 0, true);
    f.hold = true;
    run_flow(&f, &o);
    CHECK_INT_EQ(o.n, 1);
    CHECK_INT_EQ(o.status, 408);
    CHECK_UINT_EQ(o.st.timeout, 1);
    CHECK(o.ms >= 100 && o.ms < 1000);
    CHECK_INT_EQ(o.echo.calls, 0);

    /* A slow drip: every piece in time, the whole head not. */
    fakeflow_init(&f, NULL, 0, 0, true);
    f.hold = true;
    for (int i = 0; i < 8; i++)
        fakeflow_add(&f, i ? "X-A: b\r\n" : "GET / HTTP/1.1\r\n", i ? 8 : 16,
                     30 * MS);
    run_flow(&f, &o);
    CHECK_INT_EQ(o.n, 1);
    CHECK_INT_EQ(o.status, 408);
    CHECK(o.ms >= 100 && o.ms < 1000);
}

static void test_no_request(void)
{
    struct fakeflow f;
    struct outcome o;

    /* A connection that never sends: closed without a word. */
    fakeflow_init(&f, NULL, 0, 0, true);
    f.hold = true;
    run_flow(&f, &o);
    CHECK_INT_EQ(o.n, 0);
    CHECK_UINT_EQ(o.st.idle_closed, 1);
    CHECK_UINT_EQ(o.st.timeout, 0);
    CHECK(o.ms >= 100 && o.ms < 1000);
    CHECK_INT_EQ((int)f.out_len, 0);
}

static void test_idle_timeout(void)
{
    struct fakeflow f;
    struct outcome o;
    const char *a = "GET /a HTTP/1.1\r\n" H "\r\n";
    const char *b = "GET /b HTTP/1.1\r\n" H "\r\n";

    /* Two requests 120 ms apart (within the idle timeout, though past
     * the head timeout), then silence: closed after the idle timeout. */
    fakeflow_init(&f, a, strlen(a), 0, true);
    fakeflow_add(&f, b, strlen(b), 120 * MS);
    f.hold = true;
    run_flow(&f, &o);
    CHECK_INT_EQ(o.n, 2);
    CHECK_INT_EQ(o.status, 200);
    CHECK_UINT_EQ(o.st.idle_closed, 1);
    CHECK_UINT_EQ(o.st.timeout, 0);
    CHECK(o.ms >= 120 + 150 && o.ms < 2000);
}

static void test_second_head_timeout(void)
{
    struct fakeflow f;
    struct outcome o;
    const char *a = "GET /a HTTP/1.1\r\n" H "\r\n";

    /* The second request starts after 50 ms and never ends: 408, 100
     * ms after its first byte. */
    fakeflow_init(&f, a, strlen(a), 0, true);
    fakeflow_add(&f, "GET /b HTTP/1.1\r\n", 17, 50 * MS);
    f.hold = true;
    run_flow(&f, &o);
    CHECK_INT_EQ(o.n, 2);
    CHECK_INT_EQ(o.status, 408);
    CHECK(o.ms >= 150 && o.ms < 1000);
}

static void test_body_timeout(void)
{
    struct fakeflow f;
    struct outcome o;
    const char *head = "POST / HTTP/1.1\r\n" H "Content-Length: 10\r\n\r\n";

    /* Body pieces 60 ms apart are fine... */
    fakeflow_init(&f, head, strlen(head), 0, true);
    fakeflow_add(&f, "01234", 5, 60 * MS);
    fakeflow_add(&f, "56789", 5, 60 * MS);
    run_flow(&f, &o);
    CHECK_INT_EQ(o.n, 1);
    CHECK_INT_EQ(o.status, 200);
    CHECK_INT_EQ(o.echo.body_result, 10);

    /* ...a body that stops is 408 after the body timeout. */
    fakeflow_init(&f, head, strlen(head), 0, true);
    fakeflow_add(&f, "012", 3, 10 * MS);
    f.hold = true;
    run_flow(&f, &o);
    CHECK_INT_EQ(o.n, 1);
    CHECK_INT_EQ(o.status, 408);
    CHECK_INT_EQ(o.echo.body_result, -ETIMEDOUT);
    CHECK(o.ms >= 120 && o.ms < 1000);
}

static void test_slow_but_in_time(void)
{
    struct fakeflow f;
    struct outcome o;

    fakeflow_init(&f, NULL, 0, 1, true); /* and byte by byte */
    fakeflow_add(&f, "GET /slow HTTP/1.1\r\n", 20, 20 * MS);
    fakeflow_add(&f, H, strlen(H), 20 * MS);
    fakeflow_add(&f, "\r\n", 2, 20 * MS);
    run_flow(&f, &o);
    CHECK_INT_EQ(o.n, 1);
    CHECK_INT_EQ(o.status, 200);
}

static int run(void)
{
    RUN(test_header_timeout);
    RUN(test_no_request);
    RUN(test_idle_timeout);
    RUN(test_second_head_timeout);
    RUN(test_body_timeout);
    RUN(test_slow_but_in_time);
    return check__failures;
}

int main(void)
{
    ht_main(run);
    CHECK_DONE();
}
