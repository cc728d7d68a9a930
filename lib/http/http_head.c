/* SPDX-License-Identifier: ISC */
/* Request header fields and the message framing they decide (RFC 9112 6). */
#include "http_priv.h"

#include <string.h>

/* What the header fields say about framing and the connection. */
struct framing {
    bool has_length, huge, has_te, te_chunked_last, te_other;
    unsigned te_chunked, hosts;
    uint64_t length;
    bool conn_close, conn_keep_alive, expect_continue, expect_other;
};

static bool sep(char ch)
{
    return ch == ',' || ch == ' ' || ch == '\t';
}

/* Calls fn on each element of a comma-separated list (empty ones
 * skipped); stops at the first nonzero result. */
static int each_element(const char *v,
                        int (*fn)(struct framing *f, const char *e, size_t n),
                        struct framing *f)
{
    while (*v) {
        size_t n = 0;
        int r;

        while (sep(*v))
            v++;
        while (v[n] && v[n] != ',')
            n++;
        while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
            n--;
        if (n > 0 && (r = fn(f, v, n)) != 0)
            return r;
        v += n;
        while (*v && *v != ',')
            v++;
    }
    return 0;
}

/* Content-Length = 1*DIGIT; a list of identical values is one value
 * (RFC 9110 8.6); differing values are 400; one past 2^64 is 413. */
static int length_element(struct framing *f, const char *e, size_t n)
{
    uint64_t v = 0;
    bool huge = false;

    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(e[i] - '0');
        if (d > 9)
            return -400;
        if (v > (UINT64_MAX - d) / 10)
            huge = true;
        else
            v = v * 10 + d;
    }
    if (f->has_length && (f->huge != huge || f->length != v))
        return -400;
    f->has_length = true;
    f->huge = huge;
    f->length = v;
    return 0;
}

static int coding_element(struct framing *f, const char *e, size_t n)
{
    f->has_te = true;
    f->te_chunked_last = mirage__http_ieq(e, n, "chunked");
    if (f->te_chunked_last)
        f->te_chunked++;
    else
        f->te_other = true;
    return 0;
}

static int connection_element(struct framing *f, const char *e, size_t n)
{
    if (mirage__http_ieq(e, n, "close"))
        f->conn_close = true;
    else if (mirage__http_ieq(e, n, "keep-alive"))
        f->conn_keep_alive = true;
    return 0;
}

static int field(struct framing *f, const char *name, size_t nlen,
                 const char *value)
{
    if (mirage__http_ieq(name, nlen, "content-length")) {
        if (!*value)
            return -400;
        return each_element(value, length_element, f);
    }
    if (mirage__http_ieq(name, nlen, "transfer-encoding")) {
        f->has_te = true;
        return each_element(value, coding_element, f);
    }
    if (mirage__http_ieq(name, nlen, "connection"))
        return each_element(value, connection_element, f);
    if (mirage__http_ieq(name, nlen, "host"))
        f->hosts++;
    else if (mirage__http_ieq(name, nlen, "expect")) {
        if (mirage__http_ieq(value, strlen(value), "100-continue"))
            f->expect_continue = true;
        else
            f->expect_other = true;
    }
    return 0;
}

/* The framing rules of RFC 9112 6.1-6.3 for a request. */
static int decide(struct mirage__http_conn *c, const struct framing *f)
{
    struct mirage_http_request *req = &c->req;

    if (req->version == 11 && f->hosts != 1)
        return -400;
    if (req->version == 10 && f->hosts > 1)
        return -400;
    if (f->has_te) {
        /* Both is request smuggling; HTTP/1.0 has no transfer codings. */
        if (f->has_length || req->version == 10 || f->te_chunked != 1 ||
            !f->te_chunked_last)
            return -400;
        if (f->te_other)
            return -501;
        c->body_kind = MIRAGE__HTTP_BODY_CHUNKED;
        req->content_length = -1;
    } else if (f->has_length) {
        if (f->huge || f->length > c->srv->cfg.max_body ||
            f->length > INT64_MAX)
            return -413;
        c->body_kind =
            f->length ? MIRAGE__HTTP_BODY_LENGTH : MIRAGE__HTTP_BODY_NONE;
        c->remaining = f->length;
        req->content_length = (int64_t)f->length;
    }
    if (f->expect_other)
        return -417;
    c->expect_continue = f->expect_continue && req->version == 11 &&
                         c->body_kind != MIRAGE__HTTP_BODY_NONE;
    req->keep_alive = req->version == 11 ? !f->conn_close
                                         : f->conn_keep_alive && !f->conn_close;
    return 0;
}

/* Header field lines [p, end), each ended by CRLF, before the empty
 * line. */
static int parse_fields(struct mirage__http_conn *c, char *p, char *end,
                        struct framing *f)
{
    while (p < end) {
        char *cr = memchr(p, '\r', (size_t)(end - p));
        size_t nlen, voff, vlen;
        int r;

        if (!cr || cr[1] != '\n')
            return -400; /* a bare CR (the scan saw the CRLFs) */
        if (mirage__http_field(p, (size_t)(cr - p), &nlen, &voff, &vlen) < 0)
            return -400;
        p[nlen] = '\0';
        p[voff + vlen] = '\0';
        c->hdrs[c->req.nheaders].name = p;
        c->hdrs[c->req.nheaders].value = p + voff;
        c->req.nheaders++;
        r = field(f, p, nlen, p + voff);
        if (r < 0)
            return r;
        p = cr + 2;
    }
    return 0;
}

int mirage__http_parse_head(struct mirage__http_conn *c, char *head, size_t len)
{
    struct framing f = {0};
    char *cr = memchr(head, '\r', len);
    int r;

    memset(&c->req, 0, sizeof(c->req));
    c->req.headers = c->hdrs;
    c->body_kind = MIRAGE__HTTP_BODY_NONE;
    c->expect_continue = false;
    if (!cr || cr[1] != '\n')
        return -400;
    r = mirage__http_parse_request_line(c, head, (size_t)(cr - head));
    if (r < 0)
        return r;
    /* The head ends with the empty line's CRLF. */
    r = parse_fields(c, cr + 2, head + len - 2, &f);
    if (r < 0)
        return r;
    return decide(c, &f);
}
