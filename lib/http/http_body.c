/* SPDX-License-Identifier: ISC */
/* Request bodies: Content-Length and chunked (RFC 9112 6 and 7.1). */
#include "http_priv.h"

#include <stddef.h>
#include <string.h>

#define CONN_OF(req)                                      \
    ((struct mirage__http_conn *)((char *)(req)-offsetof( \
        struct mirage__http_conn, req)))

static const char continue_line[] = "HTTP/1.1 100 Continue\r\n\r\n";

void mirage__http_body_init(struct mirage__http_conn *c)
{
    c->body_base = c->start;
    c->chunk = MIRAGE__HTTP_CHUNK_SIZE;
    c->body_total = 0;
    c->trailer_bytes = 0;
    c->body_status = 0;
    c->body_done = c->body_kind == MIRAGE__HTTP_BODY_NONE;
    c->body_started = false;
    c->sent_continue = false;
}

/* Fails the body: the server answers status (if the handler does not)
 * and closes the connection. */
static ssize_t body_fail(struct mirage__http_conn *c, int status, int err)
{
    c->body_status = status;
    c->body_err = err;
    c->close = true;
    return err;
}

/* Makes room in the body region, then reads more of the body. */
static ssize_t body_fill(struct mirage__http_conn *c)
{
    ssize_t n;

    if (c->start == c->end) {
        c->start = c->end = c->body_base;
    } else if (c->end == c->cap) {
        memmove(c->buf + c->body_base, c->buf + c->start, c->end - c->start);
        c->end -= c->start - c->body_base;
        c->start = c->body_base;
    }
    if (c->end == c->cap)
        return body_fail(c, 400, -EBADMSG); /* a line longer than the room */
    n = mirage__http_fill(c,
                          mirage__http_deadline(c->srv->cfg.body_timeout_ns));
    if (n > 0)
        return n;
    if (n == 0)
        return body_fail(c, 400, -ECONNABORTED);
    if (n == -ETIMEDOUT)
        return body_fail(c, 408, -ETIMEDOUT);
    return body_fail(c, 0, (int)n);
}

/* The line at the read position, up to max bytes: 1 with *len (without
 * its CRLF), or an error. */
static ssize_t body_line(struct mirage__http_conn *c, size_t max, size_t *len)
{
    for (;;) {
        char *p = c->buf + c->start;
        char *lf = memchr(p, '\n', c->end - c->start);
        ssize_t r;

        if (lf) {
            if (lf == p || lf[-1] != '\r' || (size_t)(lf - p) > max + 1)
                return body_fail(c, 400, -EBADMSG);
            *len = (size_t)(lf - p) - 1;
            return 1;
        }
        if (c->end - c->start > max + 1)
            return body_fail(c, 400, -EBADMSG);
        r = body_fill(c);
        if (r < 0)
            return r;
    }
}

/* chunk = chunk-size [ chunk-ext ] CRLF; chunk-ext is tolerated and
 * ignored (it must still be made of valid field characters). */
static ssize_t chunk_size(struct mirage__http_conn *c)
{
    size_t len, i = 0;
    uint64_t size = 0, room = c->srv->cfg.max_body - c->body_total;
    const char *p;
    ssize_t r = body_line(c, MIRAGE__HTTP_CHUNK_LINE, &len);

    if (r < 0)
        return r;
    p = c->buf + c->start;
    for (; i < len; i++) {
        int d = p[i] >= '0' && p[i] <= '9'   ? p[i] - '0'
                : p[i] >= 'a' && p[i] <= 'f' ? p[i] - 'a' + 10
                : p[i] >= 'A' && p[i] <= 'F' ? p[i] - 'A' + 10
                                             : -1;
        if (d < 0)
            break;
        if (size > (UINT64_MAX >> 4) || size * 16 + (unsigned)d > room)
            return body_fail(c, 413, -EFBIG);
        size = size * 16 + (unsigned)d;
    }
    while (i < len && (p[i] == ' ' || p[i] == '\t'))
        i++;
    if (i == 0 || (i < len && p[i] != ';') ||
        !mirage__http_value(p + i, len - i))
        return body_fail(c, 400, -EBADMSG);
    c->start += len + 2;
    c->remaining = size;
    c->chunk = size ? MIRAGE__HTTP_CHUNK_DATA : MIRAGE__HTTP_CHUNK_TRAILER;
    return 0;
}

/* trailer-section: field lines until an empty line; parsed and ignored. */
static ssize_t trailer(struct mirage__http_conn *c)
{
    size_t len, nlen, voff, vlen;
    ssize_t r = body_line(c, c->srv->cfg.max_header_bytes, &len);

    if (r < 0)
        return r;
    if (len == 0) {
        c->start += 2;
        c->body_done = true;
        return 0;
    }
    c->trailer_bytes += len + 2;
    if (c->trailer_bytes > c->srv->cfg.max_header_bytes ||
        mirage__http_field(c->buf + c->start, len, &nlen, &voff, &vlen) < 0)
        return body_fail(c, 400, -EBADMSG);
    c->start += len + 2;
    return 0;
}

/* The CRLF after chunk data. */
static ssize_t chunk_crlf(struct mirage__http_conn *c)
{
    while (c->end - c->start < 2) {
        ssize_t r = body_fill(c);
        if (r < 0)
            return r;
    }
    if (c->buf[c->start] != '\r' || c->buf[c->start + 1] != '\n')
        return body_fail(c, 400, -EBADMSG);
    c->start += 2;
    c->chunk = MIRAGE__HTTP_CHUNK_SIZE;
    return 0;
}

/* Data bytes of the body (or the current chunk) in the buffer: up to max
 * of them at *p, consumed. */
static ssize_t body_data(struct mirage__http_conn *c, size_t max,
                         const char **p)
{
    size_t n;

    if (c->start == c->end) {
        ssize_t r = body_fill(c);
        if (r < 0)
            return r;
    }
    n = c->end - c->start;
    if (n > max)
        n = max;
    if (n > c->remaining)
        n = (size_t)c->remaining;
    *p = c->buf + c->start;
    c->start += n;
    c->remaining -= n;
    c->body_total += n;
    if (c->remaining == 0) {
        if (c->body_kind == MIRAGE__HTTP_BODY_LENGTH)
            c->body_done = true;
        else
            c->chunk = MIRAGE__HTTP_CHUNK_CRLF;
    }
    return (ssize_t)n;
}

/* The next body bytes, up to max, at *p: a count, 0 at the end, or an
 * error. */
static ssize_t body_next(struct mirage__http_conn *c, size_t max,
                         const char **p)
{
    if (c->body_err)
        return c->body_err;
    while (!c->body_done) {
        ssize_t r = 0;

        if (c->body_kind == MIRAGE__HTTP_BODY_LENGTH)
            return body_data(c, max, p);
        switch (c->chunk) {
        case MIRAGE__HTTP_CHUNK_SIZE:
            r = chunk_size(c);
            break;
        case MIRAGE__HTTP_CHUNK_DATA:
            return body_data(c, max, p);
        case MIRAGE__HTTP_CHUNK_CRLF:
            r = chunk_crlf(c);
            break;
        case MIRAGE__HTTP_CHUNK_TRAILER:
            r = trailer(c);
            break;
        }
        if (r < 0)
            return r;
    }
    return 0;
}

ssize_t mirage_http_body_read(struct mirage_http_request *req, void *buf,
                              size_t len)
{
    struct mirage__http_conn *c = CONN_OF(req);
    const char *p;
    ssize_t n;

    if (len == 0 || c->body_done)
        return c->body_err;
    if (c->expect_continue && !c->sent_continue &&
        c->resp.state == MIRAGE__HTTP_RESP_IDLE) {
        int r = mirage__http_send(c, continue_line, sizeof(continue_line) - 1);
        if (r < 0)
            return body_fail(c, 0, r);
        c->sent_continue = true;
    }
    c->body_started = true;
    n = body_next(c, len, &p);
    if (n > 0)
        memcpy(buf, p, (size_t)n);
    return n;
}

ssize_t mirage_http_body_read_all(struct mirage_http_request *req, void *buf,
                                  size_t len)
{
    size_t got = 0;
    char extra;

    for (;;) {
        ssize_t n =
            got < len ? mirage_http_body_read(req, (char *)buf + got, len - got)
                      : mirage_http_body_read(req, &extra, 1);
        if (n < 0)
            return n;
        if (n == 0)
            return (ssize_t)got;
        if (got == len)
            return -EFBIG;
        got += (size_t)n;
    }
}

int mirage__http_body_drain(struct mirage__http_conn *c)
{
    size_t skipped = 0;
    const char *p;

    if (c->body_done)
        return c->body_err;
    if (c->expect_continue && !c->sent_continue)
        return -EAGAIN; /* the client may not send it: close instead */
    while (skipped <= MIRAGE__HTTP_DRAIN_MAX) {
        ssize_t n = body_next(c, SIZE_MAX, &p);
        if (n <= 0)
            return (int)n;
        skipped += (size_t)n;
    }
    return -EFBIG;
}
