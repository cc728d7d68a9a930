/* SPDX-License-Identifier: ISC */
/* Connections: keep-alive, pipelining, Connection: close, HTTP/1.0. */
#include "check.h"
#include "http_test.h"

#include <mirage.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ht_resp resps[8];

#define H "Host: h\r\n"

/* Serves in (read in pieces of chunk bytes) with the echo handler;
 * returns the number of responses parsed into resps. */
static int serve(const char *in, size_t chunk, struct ht_echo *echo,
                 unsigned *reads)
{
    struct fakeflow f;
    int n;

    memset(echo, 0, sizeof(*echo));
    fakeflow_init(&f, in, strlen(in), chunk, true);
    CHECK(ht_serve(NULL, ht_echo_handler, echo, &f, NULL) == 0);
    CHECK(f.closed);
    n = ht_parse(f.out ? f.out : "", f.out_len, NULL, 0, resps, 8, NULL);
    CHECK(n >= 0);
    if (reads)
        *reads = f.reads;
    fakeflow_free(&f);
    return n;
}

static void test_pipelining(void)
{
    const char *in = "GET /1 HTTP/1.1\r\n" H "\r\n"
                     "POST /2 HTTP/1.1\r\n" H "Content-Length: 2\r\n\r\nhi"
                     "\r\n" /* an empty line between requests is ignored */
                     "GET /3?q HTTP/1.1\r\n" H "\r\n";
    static const size_t chunks[] = {0, 1, 4};

    for (size_t i = 0; i < 3; i++) {
        struct ht_echo echo;
        unsigned reads;
        int n = serve(in, chunks[i], &echo, &reads);

        CHECK_INT_EQ(n, 3);
        CHECK_INT_EQ(echo.calls, 3);
        if (n == 3) {
            CHECK_STR_EQ(resps[0].body, "GET /1 - 11 0:");
            CHECK_STR_EQ(resps[1].body, "POST /2 - 11 2:hi");
            CHECK_STR_EQ(resps[2].body, "GET /3 q 11 0:");
            for (int k = 0; k < 3; k++)
                CHECK(ht_header(&resps[k], "Connection") == NULL);
        }
        /* All three arrived in one read, answered without another. */
        if (chunks[i] == 0)
            CHECK_INT_EQ(reads, 2); /* the requests, then end of stream */
        ht_free(resps, n > 0 ? (size_t)n : 0);
    }
}

static void test_keep_alive_across_reads(void)
{
    struct fakeflow f;
    struct ht_echo echo = {0};
    struct mirage_http_stats st;
    const char *a = "GET /a HTTP/1.1\r\n" H "\r\n";
    const char *b = "GET /b HTTP/1.1\r\n" H "\r\n";
    int n;

    fakeflow_init(&f, a, strlen(a), 0, true);
    fakeflow_add(&f, b, strlen(b), 20000000); /* 20 ms later */
    CHECK(ht_serve(NULL, ht_echo_handler, &echo, &f, &st) == 0);
    n = ht_parse(f.out, f.out_len, NULL, 0, resps, 8, NULL);
    CHECK_INT_EQ(n, 2);
    CHECK_UINT_EQ(st.requests, 2);
    CHECK_UINT_EQ(st.connections, 1);
    CHECK_UINT_EQ(st.responses[2], 2);
    if (n == 2)
        CHECK_STR_EQ(resps[1].body, "GET /b - 11 0:");
    ht_free(resps, n > 0 ? (size_t)n : 0);
    fakeflow_free(&f);
}

static void test_connection_close(void)
{
    const char *in = "GET /1 HTTP/1.1\r\n" H "\r\n"
                     "GET /2 HTTP/1.1\r\n" H "Connection: foo, Close\r\n\r\n"
                     "GET /3 HTTP/1.1\r\n" H "\r\n";
    struct ht_echo echo;
    int n = serve(in, 0, &echo, NULL);

    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(echo.calls, 2);
    if (n == 2) {
        CHECK(ht_header(&resps[0], "Connection") == NULL);
        CHECK_STR_EQ(ht_header(&resps[1], "Connection"), "close");
    }
    ht_free(resps, n > 0 ? (size_t)n : 0);
}

static void test_http10(void)
{
    const char *plain = "GET /1 HTTP/1.0\r\n\r\nGET /2 HTTP/1.0\r\n\r\n";
    const char *ka = "GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                     "GET /2 HTTP/1.0\r\n\r\n";
    struct ht_echo echo;
    int n = serve(plain, 0, &echo, NULL);

    /* HTTP/1.0 closes after one response unless it asks otherwise. */
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(echo.calls, 1);
    if (n == 1) {
        CHECK_STR_EQ(ht_header(&resps[0], "Connection"), "close");
        CHECK_STR_EQ(resps[0].body, "GET /1 - 10 0:");
    }
    ht_free(resps, n > 0 ? (size_t)n : 0);
    n = serve(ka, 0, &echo, NULL);
    CHECK_INT_EQ(n, 2);
    if (n == 2) {
        CHECK_STR_EQ(ht_header(&resps[0], "Connection"), "keep-alive");
        CHECK_STR_EQ(ht_header(&resps[1], "Connection"), "close");
    }
    ht_free(resps, n > 0 ? (size_t)n : 0);
}

static void test_end_mid_head(void)
{
    struct ht_echo echo;
    unsigned reads;
    int n = serve("GET / HTTP/1.1\r\nHo", 1, &echo, &reads);

    /* The client went away: nothing to answer, the flow is closed. */
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(echo.calls, 0);
    n = serve("", 0, &echo, &reads);
    CHECK_INT_EQ(n, 0);
}

static int run(void)
{
    RUN(test_pipelining);
    RUN(test_keep_alive_across_reads);
    RUN(test_connection_close);
    RUN(test_http10);
    RUN(test_end_mid_head);
    return check__failures;
}

int main(void)
{
    ht_main(run);
    CHECK_DONE();
}
