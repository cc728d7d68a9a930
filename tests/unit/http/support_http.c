/* SPDX-License-Identifier: ISC */
/* Helpers for HTTP server tests: run a server over a fake flow, parse
 * what it answered. */
#include "http_test.h"

#include <mirage.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int (*main_fn)(void);

static int main_start(void)
{
    return main_fn();
}

int ht_main(int (*fn)(void))
{
    static char arg0[] = "test";
    char *argv[] = {arg0, NULL};
    struct mirage_app app = {"test", NULL, 0, NULL, 0, main_start};

    main_fn = fn;
    return mirage_main(&app, 1, argv);
}

int ht_serve(const struct mirage_http_config *cfg, mirage_http_handler h,
             void *arg, struct fakeflow *f, struct mirage_http_stats *stats)
{
    struct mirage_http_server *srv;
    struct mirage_http_stats st;
    uint64_t deadline = mirage_now_ns() + 20000000000ull;
    int r = mirage_http_server_create(cfg, h, arg, &srv);

    if (r < 0) {
        fprintf(stderr, "server_create: %s\n", mirage_strerror(r));
        return -1;
    }
    mirage_http_serve_flow(srv, &f->flow);
    for (;;) {
        mirage_http_server_stats(srv, &st);
        if (st.active == 0 || mirage_now_ns() > deadline)
            break;
        mirage_sleep_ns(1000000);
    }
    if (stats)
        *stats = st;
    if (st.active != 0) {
        fprintf(stderr, "the connection did not end\n");
        mirage_http_server_shutdown(srv);
    }
    mirage_http_server_destroy(srv);
    return st.active == 0 && f->closed ? 0 : -1;
}

/* One line of at most max bytes ending in CRLF at *p: its length, or -1.
 */
static long line_at(const char *p, const char *end)
{
    const char *lf = memchr(p, '\n', (size_t)(end - p));

    if (!lf || lf == p || lf[-1] != '\r')
        return -1;
    return lf - p - 1;
}

static bool parse_head(const char **pp, const char *end, struct ht_resp *r)
{
    const char *p = *pp;
    long n = line_at(p, end);
    size_t hl = 0;

    if (n < 13 || strncmp(p, "HTTP/1.1 ", 9) != 0 || p[12] != ' ')
        return false;
    r->status = atoi(p + 9);
    p += n + 2;
    while ((n = line_at(p, end)) > 0) {
        if ((size_t)n + 3 > sizeof(r->head) - hl || !memchr(p, ':', (size_t)n))
            return false;
        memcpy(r->head + hl, p, (size_t)n + 2);
        hl += (size_t)n + 2;
        p += n + 2;
    }
    if (n < 0)
        return false;
    r->head[hl] = '\0';
    *pp = p + 2;
    return true;
}

static bool add_body(struct ht_resp *r, const char *p, size_t n)
{
    char *b = realloc(r->body, r->body_len + n + 1);

    if (!b)
        return false;
    memcpy(b + r->body_len, p, n);
    r->body = b;
    r->body_len += n;
    b[r->body_len] = '\0';
    return true;
}

static bool parse_chunked(const char **pp, const char *end, struct ht_resp *r)
{
    const char *p = *pp;

    for (;;) {
        long n = line_at(p, end);
        char *e;
        unsigned long size;

        if (n <= 0)
            return false;
        size = strtoul(p, &e, 16);
        if (e != p + n)
            return false;
        p += n + 2;
        if (size == 0)
            break;
        if ((size_t)(end - p) < size + 2 || p[size] != '\r' ||
            p[size + 1] != '\n' || !add_body(r, p, size))
            return false;
        r->chunks++;
        p += size + 2;
    }
    if (line_at(p, end) != 0)
        return false; /* we never send trailers */
    *pp = p + 2;
    return true;
}

const char *ht_header(const struct ht_resp *r, const char *name)
{
    static char value[4096];
    size_t nl = strlen(name);

    for (const char *p = r->head; *p;) {
        const char *eol = strstr(p, "\r\n");
        if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ')
                v++;
            snprintf(value, sizeof(value), "%.*s", (int)(eol - v), v);
            return value;
        }
        p = eol + 2;
    }
    return NULL;
}

/* The body of r at *pp, framed as its headers say. */
static bool parse_body(const char **pp, const char *end, struct ht_resp *r,
                       bool no_body)
{
    const char *cl = ht_header(r, "Content-Length");
    const char *te;
    size_t len;

    r->has_length = cl != NULL;
    len = cl ? strtoul(cl, NULL, 10) : 0;
    te = ht_header(r, "Transfer-Encoding");
    r->chunked = te && strcmp(te, "chunked") == 0;
    if (!add_body(r, "", 0))
        return false;
    if (no_body || r->status == 204 || r->status == 304)
        return true;
    if (r->chunked)
        return !cl && parse_chunked(pp, end, r);
    if (!cl)
        len = (size_t)(end - *pp); /* until the close */
    if ((size_t)(end - *pp) < len || !add_body(r, *pp, len))
        return false;
    *pp += len;
    return true;
}

int ht_parse(const char *out, size_t len, const bool *no_body, size_t nnb,
             struct ht_resp *r, size_t max, int *interim)
{
    const char *p = out, *end = out + len;
    int n = 0;

    if (interim)
        *interim = 0;
    while (p < end) {
        struct ht_resp *cur = &r[n];

        if ((size_t)n == max) {
            fprintf(stderr, "more than %zu responses\n", max);
            ht_free(r, (size_t)n);
            return -1;
        }
        memset(cur, 0, sizeof(*cur));
        if (!parse_head(&p, end, cur)) {
            fprintf(stderr, "bad response head at offset %zu\n",
                    (size_t)(p - out));
            ht_free(r, (size_t)n);
            return -1;
        }
        if (cur->status < 200) {
            if (interim)
                (*interim)++;
            continue;
        }
        if (!parse_body(&p, end, cur, (size_t)n < nnb && no_body[n])) {
            fprintf(stderr, "bad body in response %d\n", n);
            ht_free(r, (size_t)n + 1);
            return -1;
        }
        n++;
    }
    return n;
}

void ht_free(struct ht_resp *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(r[i].body);
        r[i].body = NULL;
    }
}

void ht_echo_handler(void *arg, struct mirage_http_request *req,
                     struct mirage_http_response *resp)
{
    struct ht_echo *e = arg;
    static char body[65536], reply[70000];
    const char *host = mirage_http_header(req, "host");
    ssize_t n;
    int len;

    e->calls++;
    snprintf(e->last_method, sizeof(e->last_method), "%s", req->method);
    snprintf(e->last_host, sizeof(e->last_host), "%s", host ? host : "");
    n = mirage_http_body_read_all(req, body, sizeof(body));
    e->body_result = n;
    if (n < 0)
        return;
    len = snprintf(reply, sizeof(reply), "%s %s %s %d %zd:%.*s", req->method,
                   req->path, req->query ? req->query : "-", req->version, n,
                   (int)n, body);
    mirage_http_respond(resp, 200, "text/plain", reply, (size_t)len);
}

char *ht_echo_run(const struct mirage_http_config *cfg, const char *in,
                  size_t len, size_t chunk, struct ht_echo *echo, bool *closed)
{
    struct fakeflow f;
    char *out;

    fakeflow_init(&f, in, len, chunk, true);
    if (ht_serve(cfg, ht_echo_handler, echo, &f, NULL) < 0)
        fprintf(stderr, "ht_serve failed\n");
    *closed = f.closed;
    out = strdup(f.out ? f.out : "");
    fakeflow_free(&f);
    return out;
}
