/* SPDX-License-Identifier: ISC */
/* Request parsing: the fields a handler sees, and every refusal. */
#include "check.h"
#include "http_test.h"

#include <mirage.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ht_resp resps[8];

/* What the handler saw. */
struct seen {
    int calls;
    char method[32], target[256], path[256], query[256];
    int query_null, version;
    char host[64], accept[64], missing[8];
    size_t nheaders;
    char h0name[32], h0value[64];
    int64_t content_length;
    int keep_alive;
};

static void record(void *arg, struct mirage_http_request *req,
                   struct mirage_http_response *resp)
{
    struct seen *s = arg;
    const char *v;

    s->calls++;
    snprintf(s->method, sizeof(s->method), "%s", req->method);
    snprintf(s->target, sizeof(s->target), "%s", req->target);
    snprintf(s->path, sizeof(s->path), "%s", req->path);
    s->query_null = req->query == NULL;
    snprintf(s->query, sizeof(s->query), "%s", req->query ? req->query : "");
    s->version = req->version;
    v = mirage_http_header(req, "HOST");
    snprintf(s->host, sizeof(s->host), "%s", v ? v : "(none)");
    v = mirage_http_header(req, "accept");
    snprintf(s->accept, sizeof(s->accept), "%s", v ? v : "(none)");
    snprintf(s->missing, sizeof(s->missing), "%s",
             mirage_http_header(req, "x-missing") ? "found" : "none");
    s->nheaders = req->nheaders;
    if (req->nheaders) {
        snprintf(s->h0name, sizeof(s->h0name), "%s", req->headers[0].name);
        snprintf(s->h0value, sizeof(s->h0value), "%s", req->headers[0].value);
    }
    s->content_length = req->content_length;
    s->keep_alive = req->keep_alive;
    mirage_http_respond(resp, 200, "text/plain", "ok", 2);
}

static void parse_one(const char *in, size_t chunk, struct seen *s)
{
    struct fakeflow f;

    memset(s, 0, sizeof(*s));
    fakeflow_init(&f, in, strlen(in), chunk, true);
    CHECK(ht_serve(NULL, record, s, &f, NULL) == 0);
    CHECK(f.out && strncmp(f.out, "HTTP/1.1 200 OK\r\n", 17) == 0);
    fakeflow_free(&f);
}

static void test_fields(void)
{
    static const size_t chunks[] = {0, 1, 5};
    const char *in = "\r\n\r\nGET /a/b%20c?x=1&y=2 HTTP/1.1\r\n"
                     "host:  example.org \r\n"
                     "Accept: text/html,\t*/*\t\r\n"
                     "X-Empty:\r\n"
                     "\r\n";

    for (size_t i = 0; i < 3; i++) {
        struct seen s;
        parse_one(in, chunks[i], &s);
        CHECK_INT_EQ(s.calls, 1);
        CHECK_STR_EQ(s.method, "GET");
        CHECK_STR_EQ(s.target, "/a/b%20c?x=1&y=2");
        CHECK_STR_EQ(s.path, "/a/b%20c");
        CHECK_STR_EQ(s.query, "x=1&y=2");
        CHECK_INT_EQ(s.version, 11);
        CHECK_STR_EQ(s.host, "example.org");
        CHECK_STR_EQ(s.accept, "text/html,\t*/*");
        CHECK_STR_EQ(s.missing, "none");
        CHECK_UINT_EQ(s.nheaders, 3);
        CHECK_STR_EQ(s.h0name, "host");
        CHECK_INT_EQ(s.content_length, 0);
        CHECK_INT_EQ(s.keep_alive, 1);
    }
}

static void test_forms(void)
{
    struct seen s;

    parse_one("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", 0, &s);
    CHECK_STR_EQ(s.path, "*");
    CHECK_INT_EQ(s.query_null, 1);
    parse_one("GET http://h.example:80/p/q?z HTTP/1.1\r\nHost: h\r\n\r\n", 0,
              &s);
    CHECK_STR_EQ(s.path, "/p/q");
    CHECK_STR_EQ(s.query, "z");
    parse_one("GET http://h.example HTTP/1.1\r\nHost: h\r\n\r\n", 0, &s);
    CHECK_STR_EQ(s.path, "/");
    parse_one("CONNECT h.example:443 HTTP/1.1\r\nHost: h\r\n\r\n", 0, &s);
    CHECK_STR_EQ(s.method, "CONNECT");
    CHECK_STR_EQ(s.path, "h.example:443");
    /* HTTP/1.0 needs no Host; a later 1.x minor is served as 1.1. */
    parse_one("GET /old HTTP/1.0\r\n\r\n", 0, &s);
    CHECK_INT_EQ(s.version, 10);
    CHECK_INT_EQ(s.keep_alive, 0);
    CHECK_STR_EQ(s.host, "(none)");
    parse_one("GET / HTTP/1.7\r\nHost: h\r\n\r\n", 0, &s);
    CHECK_INT_EQ(s.version, 11);
    /* Custom methods are tokens like any other. */
    parse_one("PURGE-ALL /x HTTP/1.1\r\nHost: h\r\n\r\n", 1, &s);
    CHECK_STR_EQ(s.method, "PURGE-ALL");
}

/* The server must answer status alone, close, and never call the
 * handler, whatever the fragmentation. */
static void expect_status_n(const char *name, const char *in, size_t len,
                            int status, const struct mirage_http_config *cfg)
{
    static const size_t chunks[] = {0, 1, 3};

    for (size_t i = 0; i < 3; i++) {
        struct ht_echo echo = {0};
        bool closed;
        char *out = ht_echo_run(cfg, in, len, chunks[i], &echo, &closed);
        int n = ht_parse(out, strlen(out), NULL, 0, resps, 8, NULL);
        char want[64];

        if (n != 1 || resps[0].status != status) {
            CHECK__FAIL("%s (chunk %zu): want one %d, got %d responses "
                        "(first %d): %.80s",
                        name, chunks[i], status, n, n > 0 ? resps[0].status : 0,
                        out);
        } else {
            const char *conn = ht_header(&resps[0], "Connection");
            snprintf(want, sizeof(want), "%d %s\n", status,
                     mirage_http_reason(status));
            CHECK_STR_EQ(resps[0].body, want);
            CHECK(conn && strcmp(conn, "close") == 0);
        }
        CHECK_INT_EQ(echo.calls, 0);
        CHECK(closed);
        if (n > 0)
            ht_free(resps, (size_t)n);
        free(out);
    }
}

static void expect_status(const char *name, const char *in, int status,
                          const struct mirage_http_config *cfg)
{
    expect_status_n(name, in, strlen(in), status, cfg);
}

#define H "Host: h\r\n"

static void test_bad_request(void)
{
    expect_status("bad method char", "G(T / HTTP/1.1\r\n" H "\r\n", 400, NULL);
    expect_status("two spaces", "GET  / HTTP/1.1\r\n" H "\r\n", 400, NULL);
    expect_status("http/0.9", "GET /\r\n\r\n", 400, NULL);
    expect_status("lowercase version", "GET / http/1.1\r\n" H "\r\n", 400,
                  NULL);
    expect_status("version junk", "GET / HTTP/1.1x\r\n" H "\r\n", 400, NULL);
    expect_status("control in target", "GET /\x01 HTTP/1.1\r\n" H "\r\n", 400,
                  NULL);
    expect_status("bare CR in line", "GET /\r HTTP/1.1\r\n" H "\r\n", 400,
                  NULL);
    expect_status("bare LF", "GET / HTTP/1.1\n" H "\r\n", 400, NULL);
    expect_status("bare LF in headers", "GET / HTTP/1.1\r\n" H "A: b\n\r\n",
                  400, NULL);
    expect_status("bare CR in value", "GET / HTTP/1.1\r\n" H "A: b\rc\r\n\r\n",
                  400, NULL);
    expect_status("bare CR before request", "\rGET / HTTP/1.1\r\n" H "\r\n",
                  400, NULL);
    expect_status("obs-fold", "GET / HTTP/1.1\r\n" H "A: b\r\n c\r\n\r\n", 400,
                  NULL);
    expect_status("space before colon", "GET / HTTP/1.1\r\n" H "A : b\r\n\r\n",
                  400, NULL);
    expect_status("no colon", "GET / HTTP/1.1\r\n" H "Ab\r\n\r\n", 400, NULL);
    expect_status("bad name", "GET / HTTP/1.1\r\n" H "A(b: c\r\n\r\n", 400,
                  NULL);
    static const char nul[] = "GET / HTTP/1.1\r\n" H "A: b\0c\r\n\r\n";
    expect_status_n("NUL in value", nul, sizeof(nul) - 1, 400, NULL);
    expect_status("no host", "GET / HTTP/1.1\r\n\r\n", 400, NULL);
    expect_status("two hosts", "GET / HTTP/1.1\r\n" H H "\r\n", 400, NULL);
}

static void test_framing(void)
{
    expect_status("CL and TE",
                  "POST / HTTP/1.1\r\n" H "Content-Length: 3\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                  400, NULL);
    expect_status("TE and CL",
                  "POST / HTTP/1.1\r\n" H "Transfer-Encoding: chunked\r\n"
                  "Content-Length: 3\r\n\r\n0\r\n\r\n",
                  400, NULL);
    expect_status("differing CL",
                  "POST / HTTP/1.1\r\n" H "Content-Length: 3\r\n"
                  "Content-Length: 4\r\n\r\nabcd",
                  400, NULL);
    expect_status("differing CL list",
                  "POST / HTTP/1.1\r\n" H "Content-Length: 3, 4\r\n\r\nabcd",
                  400, NULL);
    expect_status("CL sign",
                  "POST / HTTP/1.1\r\n" H "Content-Length: +3\r\n\r\nabc", 400,
                  NULL);
    expect_status("CL hex",
                  "POST / HTTP/1.1\r\n" H "Content-Length: 0x3\r\n\r\nabc", 400,
                  NULL);
    expect_status("CL empty", "POST / HTTP/1.1\r\n" H "Content-Length:\r\n\r\n",
                  400, NULL);
    expect_status("TE not chunked last",
                  "POST / HTTP/1.1\r\n" H
                  "Transfer-Encoding: chunked, gzip\r\n\r\n",
                  400, NULL);
    expect_status("TE only gzip",
                  "POST / HTTP/1.1\r\n" H "Transfer-Encoding: gzip\r\n\r\n",
                  400, NULL);
    expect_status("TE chunked twice",
                  "POST / HTTP/1.1\r\n" H "Transfer-Encoding: chunked\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                  400, NULL);
    expect_status("TE in 1.0",
                  "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "0\r\n\r\n",
                  400, NULL);
    expect_status("TE gzip then chunked",
                  "POST / HTTP/1.1\r\n" H
                  "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                  501, NULL);
    expect_status("expect",
                  "POST / HTTP/1.1\r\n" H
                  "Expect: something\r\nContent-Length: 1\r\n\r\nx",
                  417, NULL);
}

static void test_versions(void)
{
    expect_status("HTTP/2.0", "GET / HTTP/2.0\r\n" H "\r\n", 505, NULL);
    expect_status("HTTP/2", "GET / HTTP/2\r\n" H "\r\n", 505, NULL);
    expect_status("HTTP/3.0", "GET / HTTP/3.0\r\n" H "\r\n", 505, NULL);
    expect_status("HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", 505, NULL);
    expect_status("HTTP/1", "GET / HTTP/1\r\n" H "\r\n", 400, NULL);
}

static char *repeat(const char *pre, char ch, size_t n, const char *post)
{
    size_t a = strlen(pre), b = strlen(post);
    char *s = malloc(a + n + b + 1);

    memcpy(s, pre, a);
    memset(s + a, ch, n);
    memcpy(s + a + n, post, b + 1);
    return s;
}

static void test_limits(void)
{
    struct mirage_http_config cfg = {.max_request_line = 100,
                                     .max_header_bytes = 200,
                                     .max_headers = 4,
                                     .max_body = 10};
    char *s;
    struct seen seen;

    /* A request line of exactly the limit passes; one more byte is 414,
     * also when its end never comes. */
    s = repeat("GET /", 'a', 100 - 14, " HTTP/1.1\r\n" H "\r\n");
    {
        struct fakeflow f;
        fakeflow_init(&f, s, strlen(s), 0, true);
        memset(&seen, 0, sizeof(seen));
        CHECK(ht_serve(&cfg, record, &seen, &f, NULL) == 0);
        CHECK_INT_EQ(seen.calls, 1);
        fakeflow_free(&f);
    }
    free(s);
    s = repeat("GET /", 'a', 100 - 13, " HTTP/1.1\r\n" H "\r\n");
    expect_status("line limit", s, 414, &cfg);
    free(s);
    s = repeat("GET /", 'a', 5000, "");
    expect_status("endless line", s, 414, &cfg);
    free(s);
    s = repeat("GET /", 'a', 9000, " HTTP/1.1\r\n" H "\r\n");
    expect_status("default line limit", s, 414, NULL);
    free(s);
    /* Header bytes and count. */
    s = repeat("GET / HTTP/1.1\r\n" H "X: ", 'b', 200, "\r\n\r\n");
    expect_status("header bytes", s, 431, &cfg);
    free(s);
    s = repeat("GET / HTTP/1.1\r\n" H "X: ", 'b', 5000, "");
    expect_status("endless header", s, 431, &cfg);
    free(s);
    expect_status("header count",
                  "GET / HTTP/1.1\r\n" H "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n",
                  431, &cfg);
    s = repeat("GET / HTTP/1.1\r\n" H "X: ", 'b', 17000, "\r\n\r\n");
    expect_status("default header bytes", s, 431, NULL);
    free(s);
    /* Body size by Content-Length, and a number past 2^64. */
    expect_status("body limit",
                  "POST / HTTP/1.1\r\n" H "Content-Length: 11\r\n\r\n", 413,
                  &cfg);
    expect_status("huge length",
                  "POST / HTTP/1.1\r\n" H
                  "Content-Length: 99999999999999999999999\r\n\r\n",
                  413, NULL);
}

static void test_config(void)
{
    struct mirage_http_server *srv;
    struct mirage_http_config bad = {.max_request_line = 2 << 20};
    struct mirage_http_config bad_server = {.server = "a\r\nb"};

    CHECK_INT_EQ(mirage_http_server_create(&bad, record, NULL, &srv), -EINVAL);
    CHECK_INT_EQ(mirage_http_server_create(&bad_server, record, NULL, &srv),
                 -EINVAL);
}

static void test_path_decode(void)
{
    char out[16];

    CHECK_INT_EQ(mirage_http_path_decode("/a%20b%2Fc", out, sizeof(out)), 6);
    CHECK_STR_EQ(out, "/a b/c");
    CHECK_INT_EQ(mirage_http_path_decode("/a%2", out, sizeof(out)), -EINVAL);
    CHECK_INT_EQ(mirage_http_path_decode("/a%zz", out, sizeof(out)), -EINVAL);
    CHECK_INT_EQ(mirage_http_path_decode("/a%00", out, sizeof(out)), -EINVAL);
    CHECK_INT_EQ(mirage_http_path_decode("/0123456789abcdef", out, sizeof(out)),
                 -ENAMETOOLONG);
    CHECK_STR_EQ(mirage_http_reason(431), "Request Header Fields Too Large");
    CHECK_STR_EQ(mirage_http_reason(299), "Unknown");
}

static int run(void)
{
    RUN(test_fields);
    RUN(test_forms);
    RUN(test_bad_request);
    RUN(test_framing);
    RUN(test_versions);
    RUN(test_limits);
    RUN(test_config);
    RUN(test_path_decode);
    return check__failures;
}

int main(void)
{
    ht_main(run);
    CHECK_DONE();
}
