/* SPDX-License-Identifier: ISC */
/* Responses: sized, zero-copy, streamed, HEAD, bodiless, errors, headers. */
#include "check.h"
#include "http_test.h"

#include <mirage.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ht_resp resps[8];
static char big[20000];
static int released;
static int results[8]; /* what the handler's calls returned */

#define H "Host: h\r\n"

static void release(struct mirage_buf *b)
{
    released++;
    mirage_buf_free_wrapper(b);
}

static struct mirage_buf *const_buf(const char *s)
{
    return mirage_buf_wrap(s, (uint32_t)strlen(s), release, NULL);
}

/* Answers according to the path. */
static void handler(void *arg, struct mirage_http_request *req,
                    struct mirage_http_response *resp)
{
    const char *p = req->path;

    (void)arg;
    memset(results, 0, sizeof(results));
    if (strcmp(p, "/sized") == 0) {
        results[0] = mirage_http_add_header(resp, "X-Custom", "v 1");
        results[1] = mirage_http_respond(resp, 201, "text/html", "<p>", 3);
        results[2] = mirage_http_respond(resp, 200, NULL, "again", 5);
    } else if (strcmp(p, "/buf") == 0) {
        results[0] = mirage_http_respond_buf(resp, 200, "text/plain",
                                             const_buf("zero copy"));
    } else if (strcmp(p, "/bigbuf") == 0) {
        results[0] = mirage_http_respond_buf(
            resp, 200, NULL, mirage_buf_wrap(big, sizeof(big), release, NULL));
    } else if (strcmp(p, "/chunked") == 0) {
        results[0] = mirage_http_set_status(resp, 202);
        results[1] = mirage_http_add_header(resp, "Content-Type", "x/y");
        results[2] = (int)mirage_http_write(resp, "abc", 3);
        results[3] = (int)mirage_http_write(resp, "", 0);
        results[4] = (int)mirage_http_write(resp, big, sizeof(big));
        results[5] = mirage_http_write_buf(resp, const_buf("tail"));
        results[6] = mirage_http_finish(resp);
        results[7] = mirage_http_add_header(resp, "Late", "x");
    } else if (strcmp(p, "/length") == 0) {
        results[0] = mirage_http_set_length(resp, 6);
        results[1] = (int)mirage_http_write(resp, "abc", 3);
        results[2] = mirage_http_write_buf(resp, const_buf("def"));
        results[3] = (int)mirage_http_write(resp, "g", 1);
        results[4] = mirage_http_finish(resp);
    } else if (strcmp(p, "/short") == 0) {
        results[0] = mirage_http_set_length(resp, 10);
        results[1] = (int)mirage_http_write(resp, "abc", 3);
        results[2] = mirage_http_finish(resp);
    } else if (strcmp(p, "/unfinished") == 0) {
        results[0] = (int)mirage_http_write(resp, "part", 4);
    } else if (strcmp(p, "/empty") == 0) {
        results[0] = mirage_http_finish(resp);
    } else if (strcmp(p, "/204") == 0) {
        results[0] = mirage_http_respond(resp, 204, NULL, "x", 1);
        results[1] = mirage_http_respond(resp, 204, NULL, NULL, 0);
    } else if (strcmp(p, "/304") == 0) {
        results[0] = mirage_http_respond_status(resp, 304);
    } else if (strcmp(p, "/405") == 0) {
        results[0] = mirage_http_add_header(resp, "Allow", "GET, HEAD");
        results[1] = mirage_http_respond_status(resp, 405);
    } else if (strcmp(p, "/badheaders") == 0) {
        results[0] = mirage_http_add_header(resp, "Bad Name", "v");
        results[1] = mirage_http_add_header(resp, "X", "a\r\nInjected: 1");
        results[2] = mirage_http_add_header(resp, "content-length", "1");
        results[3] = mirage_http_add_header(resp, "Transfer-Encoding", "x");
        results[4] = mirage_http_add_header(resp, "Connection", "close");
        results[5] = mirage_http_set_status(resp, 99);
        results[6] = mirage_http_respond(resp, 200, "a\nb", "", 0);
        results[7] = mirage_http_respond_status(resp, 404);
    } else if (strcmp(p, "/server") == 0) {
        results[0] = mirage_http_add_header(resp, "server", "custom/1");
        results[1] = mirage_http_respond(resp, 200, NULL, "", 0);
    } else if (strcmp(p, "/many") == 0) {
        int r = 0;
        while (r == 0)
            r = mirage_http_add_header(resp, "X-Filler", "0123456789");
        results[0] = r;
        results[1] = mirage_http_respond(resp, 200, NULL, "", 0);
    }
    /* "/none": no response at all */
}

/* Serves in; parses (no_body: which responses answer HEAD). */
static int serve(const char *in, const bool *no_body, size_t nnb,
                 const struct mirage_http_config *cfg, bool with_write_buf,
                 struct fakeflow *f, struct mirage_http_stats *st)
{
    int n;

    fakeflow_init(f, in, strlen(in), 0, with_write_buf);
    CHECK(ht_serve(cfg, handler, NULL, f, st) == 0);
    n = ht_parse(f->out ? f->out : "", f->out_len, no_body, nnb, resps, 8,
                 NULL);
    return n;
}

static void test_sized(void)
{
    struct fakeflow f;
    int n = serve("GET /sized HTTP/1.1\r\n" H "\r\n", NULL, 0, NULL, true, &f,
                  NULL);

    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(results[0], 0);
    CHECK_INT_EQ(results[1], 0);
    CHECK_INT_EQ(results[2], -EALREADY);
    if (n == 1) {
        CHECK_INT_EQ(resps[0].status, 201);
        CHECK_STR_EQ(resps[0].body, "<p>");
        CHECK_STR_EQ(ht_header(&resps[0], "Content-Length"), "3");
        CHECK_STR_EQ(ht_header(&resps[0], "Content-Type"), "text/html");
        CHECK_STR_EQ(ht_header(&resps[0], "Server"), "mirage");
        CHECK_STR_EQ(ht_header(&resps[0], "X-Custom"), "v 1");
        CHECK(ht_header(&resps[0], "Date") == NULL);
    }
    /* Head and small body leave in one write. */
    CHECK_INT_EQ(f.writes, 1);
    ht_free(resps, n > 0 ? (size_t)n : 0);
    fakeflow_free(&f);
}

/* A small buffer is copied after the head (one write); a large one is
 * written without copying when the flow can. */
static void test_buf(void)
{
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)('a' + i % 23);
    for (int wb = 0; wb < 2; wb++) {
        struct fakeflow f;
        int n;

        released = 0;
        n = serve("GET /buf HTTP/1.1\r\n" H "\r\n", NULL, 0, NULL, wb, &f,
                  NULL);
        CHECK_INT_EQ(n, 1);
        CHECK_INT_EQ(results[0], 0);
        CHECK_INT_EQ(released, 1);
        CHECK_INT_EQ(f.write_bufs, 0);
        CHECK_INT_EQ(f.writes, 1);
        if (n == 1) {
            CHECK_STR_EQ(resps[0].body, "zero copy");
            CHECK_STR_EQ(ht_header(&resps[0], "Content-Length"), "9");
        }
        ht_free(resps, n > 0 ? (size_t)n : 0);
        fakeflow_free(&f);

        released = 0;
        n = serve("GET /bigbuf HTTP/1.1\r\n" H "\r\n", NULL, 0, NULL, wb, &f,
                  NULL);
        CHECK_INT_EQ(n, 1);
        CHECK_INT_EQ(results[0], 0);
        CHECK_INT_EQ(released, 1);
        CHECK_INT_EQ(f.write_bufs, wb ? 1 : 0);
        if (n == 1) {
            CHECK_UINT_EQ(resps[0].body_len, sizeof(big));
            CHECK(memcmp(resps[0].body, big, sizeof(big)) == 0);
        }
        ht_free(resps, n > 0 ? (size_t)n : 0);
        fakeflow_free(&f);
    }
}

/* Pipelined requests answered with copied and zero-copy buffers: every
 * response complete and in the order of the requests. */
static void test_buf_pipelined(void)
{
    struct fakeflow f;
    int n;

    released = 0;
    n = serve("GET /buf HTTP/1.1\r\n" H "\r\n"
              "GET /bigbuf HTTP/1.1\r\n" H "\r\n"
              "GET /buf HTTP/1.1\r\n" H "\r\n"
              "GET /sized HTTP/1.1\r\n" H "\r\n",
              NULL, 0, NULL, true, &f, NULL);
    CHECK_INT_EQ(n, 4);
    CHECK_INT_EQ(released, 3);
    if (n == 4) {
        CHECK_STR_EQ(resps[0].body, "zero copy");
        CHECK_UINT_EQ(resps[1].body_len, sizeof(big));
        CHECK(memcmp(resps[1].body, big, sizeof(big)) == 0);
        CHECK_STR_EQ(resps[2].body, "zero copy");
        CHECK_INT_EQ(resps[3].status, 201);
        CHECK_STR_EQ(resps[3].body, "<p>");
    }
    ht_free(resps, n > 0 ? (size_t)n : 0);
    fakeflow_free(&f);
}

static void test_chunked(void)
{
    struct fakeflow f;
    int n;

    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)('A' + i % 26);
    released = 0;
    n = serve("GET /chunked HTTP/1.1\r\n" H "\r\n", NULL, 0, NULL, true, &f,
              NULL);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(results[0], 0);
    CHECK_INT_EQ(results[1], 0);
    CHECK_INT_EQ(results[2], 3);
    CHECK_INT_EQ(results[3], 0);
    CHECK_INT_EQ(results[4], (int)sizeof(big));
    CHECK_INT_EQ(results[5], 0);
    CHECK_INT_EQ(results[6], 0);
    CHECK_INT_EQ(results[7], -EALREADY);
    CHECK_INT_EQ(released, 1);
    if (n == 1) {
        CHECK_INT_EQ(resps[0].status, 202);
        CHECK(resps[0].chunked && !resps[0].has_length);
        CHECK_UINT_EQ(resps[0].chunks, 3);
        CHECK_UINT_EQ(resps[0].body_len, 3 + sizeof(big) + 4);
        CHECK(memcmp(resps[0].body, "abc", 3) == 0);
        CHECK(memcmp(resps[0].body + 3, big, sizeof(big)) == 0);
        CHECK(strcmp(resps[0].body + 3 + sizeof(big), "tail") == 0);
        CHECK_STR_EQ(ht_header(&resps[0], "Content-Type"), "x/y");
    }
    ht_free(resps, n > 0 ? (size_t)n : 0);
    fakeflow_free(&f);
}

static void test_length(void)
{
    struct fakeflow f;
    int n = serve("GET /length HTTP/1.1\r\n" H "\r\n"
                  "GET /short HTTP/1.1\r\n" H "\r\n"
                  "GET /sized HTTP/1.1\r\n" H "\r\n",
                  NULL, 0, NULL, true, &f, NULL);

    /* /short promised 10 bytes and sent 3: the connection must end
     * there, so the client sees the truncation (it reads 2 responses,
     * the second cut short). */
    CHECK_INT_EQ(n, -1);
    CHECK_INT_EQ(results[0], 0);
    CHECK_INT_EQ(results[1], 3);
    CHECK_INT_EQ(results[2], -EPIPE);
    CHECK(strstr(f.out, "Content-Length: 6\r\n") != NULL);
    CHECK(strstr(f.out, "\r\n\r\nabcdefHTTP/1.1 200 OK\r\n") != NULL);
    CHECK(strstr(f.out, "Content-Length: 10\r\n") != NULL);
    CHECK(strstr(f.out, "/sized") == NULL && strstr(f.out, "<p>") == NULL);
    CHECK(f.closed);
    fakeflow_free(&f);

    n = serve("GET /length HTTP/1.1\r\n" H "\r\n", NULL, 0, NULL, true, &f,
              NULL);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(results[1], 3);
    CHECK_INT_EQ(results[2], 0);
    CHECK_INT_EQ(results[3], -EINVAL); /* past the declared length */
    CHECK_INT_EQ(results[4], 0);
    if (n == 1)
        CHECK_STR_EQ(resps[0].body, "abcdef");
    ht_free(resps, n > 0 ? (size_t)n : 0);
    fakeflow_free(&f);
}

/* HEAD gets exactly the head GET gets, and no body. */
static void test_head(void)
{
    static const char *paths[] = {"/sized",  "/buf",  "/chunked",
                                  "/length", "/none", "/405"};
    static const bool no_body[] = {true, false};

    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        char in[256];
        struct fakeflow f;
        int n;

        snprintf(in, sizeof(in),
                 "HEAD %s HTTP/1.1\r\n" H "\r\nGET %s HTTP/1.1\r\n" H "\r\n",
                 paths[i], paths[i]);
        n = serve(in, no_body, 2, NULL, true, &f, NULL);
        if (strcmp(paths[i], "/none") == 0) {
            /* 500 closes the connection after the HEAD. */
            CHECK_INT_EQ(n, 1);
            if (n == 1) {
                CHECK_INT_EQ(resps[0].status, 500);
                CHECK_UINT_EQ(resps[0].body_len, 0);
            }
        } else {
            CHECK_INT_EQ(n, 2);
            if (n == 2) {
                CHECK_STR_EQ(resps[0].head, resps[1].head);
                CHECK_UINT_EQ(resps[0].body_len, 0);
                CHECK(resps[1].body_len > 0);
            }
            /* Nothing may follow the HEAD response but the GET's. */
            CHECK(strstr(f.out, "\r\n\r\nHTTP/1.1 ") != NULL);
        }
        ht_free(resps, n > 0 ? (size_t)n : 0);
        fakeflow_free(&f);
    }
}

static void test_bodiless(void)
{
    struct fakeflow f;
    int n =
        serve("GET /204 HTTP/1.1\r\n" H "\r\nGET /304 HTTP/1.1\r\n" H "\r\n",
              NULL, 0, NULL, true, &f, NULL);

    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(results[0], 0);
    if (n == 2) {
        CHECK_INT_EQ(resps[0].status, 204);
        CHECK_INT_EQ(resps[1].status, 304);
        CHECK(!resps[0].has_length && !resps[0].chunked);
        CHECK(!resps[1].has_length && !resps[1].chunked);
    }
    CHECK(strstr(f.out, "204 No Content\r\nServer: mirage\r\n\r\n") != NULL);
    ht_free(resps, n > 0 ? (size_t)n : 0);
    fakeflow_free(&f);
    n = serve("GET /204 HTTP/1.1\r\n" H "\r\n", NULL, 0, NULL, true, &f, NULL);
    CHECK_INT_EQ(results[0], -EINVAL);
    CHECK_INT_EQ(results[1], 0);
    ht_free(resps, n > 0 ? (size_t)n : 0);
    fakeflow_free(&f);
}

static void test_no_response(void)
{
    struct fakeflow f;
    struct mirage_http_stats st;
    int n =
        serve("GET /none HTTP/1.1\r\n" H "\r\nGET /sized HTTP/1.1\r\n" H "\r\n",
              NULL, 0, NULL, true, &f, &st);

    CHECK_INT_EQ(n, 1);
    if (n == 1) {
        CHECK_INT_EQ(resps[0].status, 500);
        CHECK_STR_EQ(resps[0].body, "500 Internal Server Error\n");
        CHECK_STR_EQ(ht_header(&resps[0], "Connection"), "close");
    }
    CHECK_UINT_EQ(st.no_response, 1);
    CHECK_UINT_EQ(st.responses[5], 1);
    ht_free(resps, n > 0 ? (size_t)n : 0);
    fakeflow_free(&f);

    /* A stream the handler did not finish is finished for it; an empty
     * finish is an empty sized body. */
    n = serve("GET /unfinished HTTP/1.1\r\n" H "\r\nGET /empty HTTP/1.1\r\n" H
              "\r\n",
              NULL, 0, NULL, true, &f, NULL);
    CHECK_INT_EQ(n, 2);
    if (n == 2) {
        CHECK(resps[0].chunked);
        CHECK_STR_EQ(resps[0].body, "part");
        CHECK_STR_EQ(ht_header(&resps[1], "Content-Length"), "0");
    }
    ht_free(resps, n > 0 ? (size_t)n : 0);
    fakeflow_free(&f);
}

static void test_headers(void)
{
    struct fakeflow f;
    int n = serve("GET /badheaders HTTP/1.1\r\n" H "\r\n"
                  "GET /405 HTTP/1.1\r\n" H "\r\n"
                  "GET /server HTTP/1.1\r\n" H "\r\n"
                  "GET /many HTTP/1.1\r\n" H "\r\n",
                  NULL, 0, NULL, true, &f, NULL);

    CHECK_INT_EQ(n, 4);
    if (n == 4) {
        CHECK_INT_EQ(resps[0].status, 404);
        CHECK_STR_EQ(resps[0].body, "404 Not Found\n");
        CHECK(strstr(resps[0].head, "Injected") == NULL);
        CHECK_INT_EQ(resps[1].status, 405);
        CHECK_STR_EQ(ht_header(&resps[1], "Allow"), "GET, HEAD");
        CHECK_STR_EQ(ht_header(&resps[2], "Server"), "custom/1");
        CHECK(strstr(resps[2].head, "mirage") == NULL);
        CHECK(strlen(resps[3].head) > 4000);
    }
    CHECK_INT_EQ(results[0], -ENOSPC); /* /many */
    CHECK_INT_EQ(results[1], 0);
    ht_free(resps, n > 0 ? (size_t)n : 0);
    fakeflow_free(&f);
    n = serve("GET /badheaders HTTP/1.1\r\n" H "\r\n", NULL, 0, NULL, true, &f,
              NULL);
    for (int i = 0; i < 7; i++)
        if (results[i] != -EINVAL)
            CHECK__FAIL("badheaders result %d: %d", i, results[i]);
    CHECK_INT_EQ(results[7], 0);
    ht_free(resps, n > 0 ? (size_t)n : 0);
    fakeflow_free(&f);
}

static void fixed_now(struct mirage_pclock *c, struct mirage_ptime *out)
{
    (void)c;
    out->sec = 784111777; /* RFC 9110's example date */
    out->nsec = 0;
}

static void test_date_and_server(void)
{
    static const struct mirage_pclock_ops ops = {.now = fixed_now};
    struct mirage_pclock clock = {&ops};
    struct mirage_http_config cfg = {.clock = &clock, .server = ""};
    struct fakeflow f;
    int n = serve("GET /sized HTTP/1.1\r\n" H "\r\n", NULL, 0, &cfg, true, &f,
                  NULL);

    CHECK_INT_EQ(n, 1);
    if (n == 1) {
        CHECK_STR_EQ(ht_header(&resps[0], "Date"),
                     "Sun, 06 Nov 1994 08:49:37 GMT");
        CHECK(ht_header(&resps[0], "Server") == NULL);
    }
    ht_free(resps, n > 0 ? (size_t)n : 0);
    fakeflow_free(&f);
}

static void test_http10_stream(void)
{
    struct fakeflow f;
    int n = serve("GET /chunked HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                  NULL, 0, NULL, true, &f, NULL);

    /* No chunked coding for HTTP/1.0: the body ends with the
     * connection. */
    CHECK_INT_EQ(n, 1);
    if (n == 1) {
        CHECK(!resps[0].chunked && !resps[0].has_length);
        CHECK_STR_EQ(ht_header(&resps[0], "Connection"), "close");
        CHECK_UINT_EQ(resps[0].body_len, 3 + sizeof(big) + 4);
    }
    ht_free(resps, n > 0 ? (size_t)n : 0);
    fakeflow_free(&f);
}

static void test_write_error(void)
{
    struct fakeflow f;
    struct mirage_http_stats st;

    fakeflow_init(&f,
                  "GET /chunked HTTP/1.1\r\n" H "\r\nGET /sized HTTP/1.1\r\n" H
                  "\r\n",
                  62, 0, true);
    f.write_limit = 200; /* the head fits, the big chunk does not */
    CHECK(ht_serve(NULL, handler, NULL, &f, &st) == 0);
    CHECK_INT_EQ(results[2], 3);
    CHECK_INT_EQ(results[4], -EPIPE);
    CHECK_INT_EQ(results[6], -EPIPE);
    CHECK(strstr(f.out, "<p>") == NULL); /* no second response */
    CHECK(f.closed);
    CHECK_UINT_EQ(st.requests, 1);
    fakeflow_free(&f);
}

/* Internal to lib/http, checked directly (expected values from Python's
 * email.utils.formatdate). */
void mirage__http_imf_date(int64_t sec, char out[30]);

static void test_imf_dates(void)
{
    static const struct {
        int64_t sec;
        const char *want;
    } cases[] = {
        {0, "Thu, 01 Jan 1970 00:00:00 GMT"},
        {951782400, "Tue, 29 Feb 2000 00:00:00 GMT"},
        {1709164799, "Wed, 28 Feb 2024 23:59:59 GMT"},
        {4107542400, "Mon, 01 Mar 2100 00:00:00 GMT"},
        {1795464301, "Mon, 23 Nov 2026 20:05:01 GMT"},
        {253402300799, "Fri, 31 Dec 9999 23:59:59 GMT"},
        {-5, "Thu, 01 Jan 1970 00:00:00 GMT"}, /* clamped */
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[30];
        mirage__http_imf_date(cases[i].sec, out);
        CHECK_STR_EQ(out, cases[i].want);
    }
}

static int run(void)
{
    RUN(test_sized);
    RUN(test_buf);
    RUN(test_buf_pipelined);
    RUN(test_chunked);
    RUN(test_length);
    RUN(test_head);
    RUN(test_bodiless);
    RUN(test_no_response);
    RUN(test_headers);
    RUN(test_date_and_server);
    RUN(test_http10_stream);
    RUN(test_write_error);
    RUN(test_imf_dates);
    return check__failures;
}

int main(void)
{
    ht_main(run);
    CHECK_DONE();
}
