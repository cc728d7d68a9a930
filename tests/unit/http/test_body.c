/* SPDX-License-Identifier: ISC */
/* Request bodies: Content-Length, chunked, errors, skipping, 100-continue. */
#include "check.h"
#include "http_test.h"

#include <mirage.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ht_resp resps[8];

#define H "Host: h\r\n"

/* Serves in with the echo handler at several fragmentations; checks
 * that every run gives the same bytes, n responses, and returns the
 * output of the first run. */
static char *echo_all(const struct mirage_http_config *cfg, const char *in,
                      size_t len, struct ht_echo *echo, bool *closed)
{
    static const size_t chunks[] = {0, 1, 2, 7, 100};
    char *first = NULL;

    for (size_t i = 0; i < 5; i++) {
        struct ht_echo e = {0};
        bool cl;
        char *out = ht_echo_run(cfg, in, len, chunks[i], &e, &cl);

        if (!first) {
            first = out;
            *echo = e;
            *closed = cl;
            continue;
        }
        if (strcmp(first, out) != 0)
            CHECK__FAIL("chunk %zu differs:\n%s\n--- vs ---\n%s", chunks[i],
                        out, first);
        CHECK_INT_EQ(e.calls, echo->calls);
        free(out);
    }
    return first;
}

static int parse(const char *out, int *interim)
{
    int n = ht_parse(out, strlen(out), NULL, 0, resps, 8, interim);

    CHECK(n >= 0);
    return n;
}

static void test_content_length(void)
{
    const char in[] = "POST /up?k=v HTTP/1.1\r\n" H "Content-Length: 11\r\n"
                      "\r\nhello world";
    struct ht_echo echo;
    bool closed;
    char *out = echo_all(NULL, in, sizeof(in) - 1, &echo, &closed);
    int n = parse(out, NULL);

    CHECK_INT_EQ(n, 1);
    if (n == 1) {
        CHECK_INT_EQ(resps[0].status, 200);
        CHECK_STR_EQ(resps[0].body, "POST /up k=v 11 11:hello world");
        CHECK(ht_header(&resps[0], "Connection") == NULL);
    }
    CHECK(closed);
    ht_free(resps, n > 0 ? (size_t)n : 0);
    free(out);
}

static void test_chunked(void)
{
    const char in[] =
        "POST / HTTP/1.1\r\n" H "Transfer-Encoding: Chunked\r\n\r\n"
        "4;name=val;x=\"q\"\r\nWiki\r\n"
        "0005 \r\npedia\r\n"
        "B\r\n in\r\nchunks\r\n"
        "0\r\nTrailer-One: x\r\nTrailer-Two: y z\r\n\r\n"
        "GET /next HTTP/1.1\r\n" H "\r\n";
    struct ht_echo echo;
    bool closed;
    char *out = echo_all(NULL, in, sizeof(in) - 1, &echo, &closed);
    int n = parse(out, NULL);

    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(echo.calls, 2);
    if (n == 2) {
        CHECK_STR_EQ(resps[0].body, "POST / - 11 20:Wikipedia in\r\nchunks");
        CHECK_STR_EQ(resps[1].body, "GET /next - 11 0:");
    }
    ht_free(resps, n > 0 ? (size_t)n : 0);
    free(out);
}

/* A body error: the handler's read fails with err and it does not
 * respond, so the server answers status and closes. */
static void expect_body_error(const char *name, const char *in, int err,
                              int status, const struct mirage_http_config *cfg)
{
    struct ht_echo echo;
    bool closed;
    char *out = echo_all(cfg, in, strlen(in), &echo, &closed);
    int n = parse(out, NULL);

    if (echo.calls != 1 || echo.body_result != err || n != 1 ||
        resps[0].status != status)
        CHECK__FAIL("%s: calls %d, read %zd (want %d), %d responses, "
                    "status %d (want %d)",
                    name, echo.calls, echo.body_result, err, n,
                    n > 0 ? resps[0].status : 0, status);
    else
        CHECK_STR_EQ(ht_header(&resps[0], "Connection"), "close");
    CHECK(closed);
    ht_free(resps, n > 0 ? (size_t)n : 0);
    free(out);
}

#define CHUNKED "POST / HTTP/1.1\r\n" H "Transfer-Encoding: chunked\r\n\r\n"

static void test_bad_chunks(void)
{
    struct mirage_http_config small = {.max_body = 10};

    expect_body_error("not hex", CHUNKED "zz\r\nab\r\n0\r\n\r\n", -EBADMSG, 400,
                      NULL);
    expect_body_error("empty size", CHUNKED "\r\nab\r\n0\r\n\r\n", -EBADMSG,
                      400, NULL);
    expect_body_error("negative", CHUNKED "-2\r\nab\r\n0\r\n\r\n", -EBADMSG,
                      400, NULL);
    expect_body_error("junk after size", CHUNKED "2x\r\nab\r\n0\r\n\r\n",
                      -EBADMSG, 400, NULL);
    expect_body_error("no CRLF after data", CHUNKED "2\r\nabc\r\n0\r\n\r\n",
                      -EBADMSG, 400, NULL);
    expect_body_error("bare LF after size", CHUNKED "2\nab\r\n0\r\n\r\n",
                      -EBADMSG, 400, NULL);
    expect_body_error("size overflow",
                      CHUNKED "10000000000000000\r\nab\r\n0\r\n\r\n", -EFBIG,
                      413, NULL);
    expect_body_error("size past the limit", CHUNKED "b\r\n", -EFBIG, 413,
                      &small);
    expect_body_error("total past the limit",
                      CHUNKED "6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n", -EFBIG,
                      413, &small);
    expect_body_error("bad trailer", CHUNKED "0\r\nno colon\r\n\r\n", -EBADMSG,
                      400, NULL);
    expect_body_error("folded trailer", CHUNKED "0\r\nA: b\r\n c\r\n\r\n",
                      -EBADMSG, 400, NULL);
    expect_body_error("end of stream in chunk", CHUNKED "10\r\nabc",
                      -ECONNABORTED, 400, NULL);
    expect_body_error("end of stream in length",
                      "POST / HTTP/1.1\r\n" H "Content-Length: 9\r\n\r\nab",
                      -ECONNABORTED, 400, NULL);
    {
        /* A chunk-size line longer than we accept. */
        size_t n = strlen(CHUNKED) + 2000;
        char *s = malloc(n + 1);
        memcpy(s, CHUNKED, strlen(CHUNKED));
        memset(s + strlen(CHUNKED), '0', 2000);
        s[n] = '\0';
        expect_body_error("endless size line", s, -EBADMSG, 400, NULL);
        free(s);
    }
}

/* A handler that reads at most limit bytes with read_all. */
static void small_reader(void *arg, struct mirage_http_request *req,
                         struct mirage_http_response *resp)
{
    ssize_t *result = arg;
    char buf[4];

    *result = mirage_http_body_read_all(req, buf, sizeof(buf));
    mirage_http_respond(resp, 200, NULL, "x", 1);
}

static void test_read_all(void)
{
    const char *in = "POST / HTTP/1.1\r\n" H "Content-Length: 5\r\n\r\nabcde";
    const char *fits = "POST / HTTP/1.1\r\n" H "Content-Length: 4\r\n\r\nabcd";
    struct fakeflow f;
    ssize_t result = 0;

    fakeflow_init(&f, in, strlen(in), 0, true);
    CHECK(ht_serve(NULL, small_reader, &result, &f, NULL) == 0);
    CHECK_INT_EQ(result, -EFBIG);
    fakeflow_free(&f);
    fakeflow_init(&f, fits, strlen(fits), 0, true);
    CHECK(ht_serve(NULL, small_reader, &result, &f, NULL) == 0);
    CHECK_INT_EQ(result, 4);
    fakeflow_free(&f);
}

/* A handler that never reads the body. */
static void lazy(void *arg, struct mirage_http_request *req,
                 struct mirage_http_response *resp)
{
    int *calls = arg;
    char body[32];
    int n = snprintf(body, sizeof(body), "%s", req->path);

    (*calls)++;
    mirage_http_respond(resp, 200, NULL, body, (size_t)n);
}

static int serve_lazy(const char *in, size_t len, size_t chunk, int *calls,
                      char **out)
{
    struct fakeflow f;
    int n;

    *calls = 0;
    fakeflow_init(&f, in, len, chunk, true);
    CHECK(ht_serve(NULL, lazy, calls, &f, NULL) == 0);
    *out = strdup(f.out ? f.out : "");
    fakeflow_free(&f);
    n = ht_parse(*out, strlen(*out), NULL, 0, resps, 8, NULL);
    return n;
}

static void test_skip_unread(void)
{
    const char *in = "POST /a HTTP/1.1\r\n" H "Content-Length: 5\r\n\r\nabcde"
                     "POST /b HTTP/1.1\r\n" H
                     "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                     "GET /c HTTP/1.1\r\n" H "\r\n";
    int calls;
    char *out;
    int n = serve_lazy(in, strlen(in), 3, &calls, &out);

    CHECK_INT_EQ(calls, 3);
    CHECK_INT_EQ(n, 3);
    if (n == 3) {
        CHECK_STR_EQ(resps[0].body, "/a");
        CHECK_STR_EQ(resps[1].body, "/b");
        CHECK_STR_EQ(resps[2].body, "/c");
    }
    ht_free(resps, n > 0 ? (size_t)n : 0);
    free(out);
}

static void test_skip_too_much(void)
{
    /* 100 KB left unread is more than we skip: answer, then close. */
    const char *head =
        "POST /big HTTP/1.1\r\n" H "Content-Length: 100000\r\n\r\n";
    size_t hl = strlen(head), len = hl + 100000;
    char *in = malloc(len + 64);
    int calls;
    char *out;
    int n;

    memcpy(in, head, hl);
    memset(in + hl, 'x', 100000);
    strcpy(in + len, "GET /after HTTP/1.1\r\n" H "\r\n");
    n = serve_lazy(in, strlen(in), 0, &calls, &out);
    CHECK_INT_EQ(calls, 1);
    CHECK_INT_EQ(n, 1);
    if (n == 1)
        CHECK_STR_EQ(ht_header(&resps[0], "Connection"), "close");
    ht_free(resps, n > 0 ? (size_t)n : 0);
    free(out);
    free(in);
}

static void test_expect_continue(void)
{
    const char *in = "PUT /f HTTP/1.1\r\n" H "Expect: 100-Continue\r\n"
                     "Content-Length: 3\r\n\r\nabc";
    struct ht_echo echo;
    bool closed;
    int interim, calls, n;
    char *out = echo_all(NULL, in, strlen(in), &echo, &closed);

    n = parse(out, &interim);
    CHECK_INT_EQ(interim, 1);
    CHECK(strncmp(out, "HTTP/1.1 100 Continue\r\n\r\n", 25) == 0);
    CHECK_INT_EQ(n, 1);
    if (n == 1)
        CHECK_STR_EQ(resps[0].body, "PUT /f - 11 3:abc");
    ht_free(resps, n > 0 ? (size_t)n : 0);
    free(out);

    /* A handler that answers without reading: no 100, and the
     * connection closes since the client may never send the body. */
    n = serve_lazy(in, strlen(in), 0, &calls, &out);
    CHECK(strstr(out, "100 Continue") == NULL);
    CHECK_INT_EQ(n, 1);
    if (n == 1)
        CHECK_STR_EQ(ht_header(&resps[0], "Connection"), "close");
    ht_free(resps, n > 0 ? (size_t)n : 0);
    free(out);
}

static void test_large_body(void)
{
    /* A body much larger than the connection buffer, read in pieces. */
    struct mirage_http_config cfg = {.max_body = 1 << 20};
    const char *head = "POST / HTTP/1.1\r\n" H "Content-Length: 60000\r\n\r\n";
    size_t hl = strlen(head);
    char *in = malloc(hl + 60000 + 1);
    struct ht_echo echo = {0};
    bool closed;
    char *out;
    int n;

    memcpy(in, head, hl);
    for (size_t i = 0; i < 60000; i++)
        in[hl + i] = (char)('a' + i % 26);
    in[hl + 60000] = '\0';
    out = ht_echo_run(&cfg, in, hl + 60000, 1000, &echo, &closed);
    n = parse(out, NULL);
    CHECK_INT_EQ(n, 1);
    if (n == 1) {
        const char *colon = strchr(resps[0].body, ':');
        CHECK(colon && strncmp(resps[0].body, "POST / - 11 60000:", 18) == 0);
        CHECK(colon && memcmp(colon + 1, in + hl, 60000) == 0);
    }
    ht_free(resps, n > 0 ? (size_t)n : 0);
    free(out);
    free(in);
}

static int run(void)
{
    RUN(test_content_length);
    RUN(test_chunked);
    RUN(test_bad_chunks);
    RUN(test_read_all);
    RUN(test_skip_unread);
    RUN(test_skip_too_much);
    RUN(test_expect_continue);
    RUN(test_large_body);
    return check__failures;
}

int main(void)
{
    ht_main(run);
    CHECK_DONE();
}
