/* SPDX-License-Identifier: ISC */
/* Streamed response bodies: declared length, chunked, or until the close. */
#include "http_priv.h"

#include <stddef.h>
#include <string.h>

#define CONN_OF(r)                                      \
    ((struct mirage__http_conn *)((char *)(r)-offsetof( \
        struct mirage__http_conn, resp)))

static const char last_chunk[] = "0\r\n\r\n";

/* Sends the head on the first write: sized if a length was declared,
 * else chunked (HTTP/1.1) or until the close (HTTP/1.0). */
static int stream_start(struct mirage__http_conn *c)
{
    struct mirage_http_response *resp = &c->resp;
    int r;

    if (resp->has_length)
        r = mirage__http_start(c, resp->status, NULL, 'L', resp->length);
    else
        r = mirage__http_start(c, resp->status, NULL, 'C', 0);
    if (r < 0)
        return r;
    if (resp->has_length || mirage__http_bodyless(resp->status))
        resp->state = MIRAGE__HTTP_RESP_SIZED;
    else
        resp->state = c->req.version == 10 ? MIRAGE__HTTP_RESP_RAW
                                           : MIRAGE__HTTP_RESP_CHUNKED;
    return 0;
}

/* Checks that len more bytes may be written; starts the stream. */
static int stream_prepare(struct mirage__http_conn *c, size_t len)
{
    struct mirage_http_response *resp = &c->resp;

    switch (resp->state) {
    case MIRAGE__HTTP_RESP_IDLE:
        if (resp->has_length && len > resp->length)
            return -EINVAL;
        if (len && mirage__http_bodyless(resp->status))
            return -EINVAL;
        return stream_start(c);
    case MIRAGE__HTTP_RESP_SIZED:
        if (len > resp->length - resp->written ||
            (len && mirage__http_bodyless(resp->status)))
            return -EINVAL;
        return 0;
    case MIRAGE__HTTP_RESP_CHUNKED:
    case MIRAGE__HTTP_RESP_RAW:
        return 0;
    case MIRAGE__HTTP_RESP_DONE:
        return -EALREADY;
    case MIRAGE__HTTP_RESP_FAILED:
        break;
    }
    return -EPIPE;
}

/* "<hex size>\r\n" into line; returns its length. */
static size_t chunk_line(char line[20], size_t len)
{
    char tmp[16];
    size_t i = sizeof(tmp), n;

    do {
        tmp[--i] = "0123456789abcdef"[len & 15];
        len >>= 4;
    } while (len);
    n = sizeof(tmp) - i;
    memcpy(line, tmp + i, n);
    memcpy(line + n, "\r\n", 2);
    return n + 2;
}

/* Appends to c->out, sending what it holds first if there is no room
 * (n is at most a chunk line or the last chunk). */
static int out_put(struct mirage__http_conn *c, const void *p, size_t n)
{
    if (n > MIRAGE__HTTP_OUT - c->out_len) {
        int r = mirage__http_flush(c);
        if (r < 0)
            return r;
    }
    memcpy(c->out + c->out_len, p, n);
    c->out_len += n;
    return 0;
}

static int chunk_out(struct mirage__http_conn *c, const void *data, size_t len)
{
    char line[20];
    size_t n = chunk_line(line, len);
    int r = out_put(c, line, n);

    if (r < 0)
        return r;
    if (len + 2 <= MIRAGE__HTTP_OUT - c->out_len) {
        out_put(c, data, len);
        out_put(c, "\r\n", 2);
        return mirage__http_flush(c);
    }
    r = mirage__http_flush(c);
    if (r == 0)
        r = mirage__http_send(c, data, len);
    return r < 0 ? r : mirage__http_send(c, "\r\n", 2);
}

ssize_t mirage_http_write(struct mirage_http_response *resp, const void *data,
                          size_t len)
{
    struct mirage__http_conn *c = CONN_OF(resp);
    int r = stream_prepare(c, len);

    if (r < 0)
        return r;
    if (len == 0 || mirage__http_suppressed(resp))
        r = mirage__http_flush(c);
    else if (resp->state == MIRAGE__HTTP_RESP_CHUNKED)
        r = chunk_out(c, data, len);
    else
        r = mirage__http_body_out(c, data, len);
    if (r < 0)
        return r;
    resp->written += len;
    return (ssize_t)len;
}

int mirage_http_write_buf(struct mirage_http_response *resp,
                          struct mirage_buf *b)
{
    struct mirage__http_conn *c = CONN_OF(resp);
    size_t len = b->len;
    char line[20];
    int r = stream_prepare(c, len);

    if (r < 0 || len == 0 || mirage__http_suppressed(resp)) {
        mirage_buf_unref(b);
        if (r == 0)
            resp->written += len;
        return r < 0 ? r : mirage__http_flush(c);
    }
    if (resp->state == MIRAGE__HTTP_RESP_CHUNKED)
        r = out_put(c, line, chunk_line(line, len));
    if (r < 0) {
        mirage_buf_unref(b);
        return r;
    }
    r = mirage__http_buf_out(c, b);
    if (r == 0 && resp->state == MIRAGE__HTTP_RESP_CHUNKED)
        r = mirage__http_send(c, "\r\n", 2);
    if (r == 0)
        resp->written += len;
    return r;
}

int mirage_http_finish(struct mirage_http_response *resp)
{
    struct mirage__http_conn *c = CONN_OF(resp);
    int r = 0;

    if (resp->state == MIRAGE__HTTP_RESP_IDLE) {
        if (!resp->has_length) {
            resp->has_length = true; /* nothing written: an empty body */
            resp->length = 0;
        }
        r = stream_prepare(c, 0);
    }
    if (r < 0)
        return r;
    switch (resp->state) {
    case MIRAGE__HTTP_RESP_CHUNKED:
        if (!mirage__http_suppressed(resp))
            r = out_put(c, last_chunk, sizeof(last_chunk) - 1);
        break;
    case MIRAGE__HTTP_RESP_SIZED:
        if (resp->written < resp->length && !mirage__http_suppressed(resp)) {
            /* The head promised more: only a close can tell the client. */
            c->close = true;
            r = -EPIPE;
        }
        break;
    case MIRAGE__HTTP_RESP_DONE:
        return 0;
    case MIRAGE__HTTP_RESP_FAILED:
        return -EPIPE;
    default:
        break;
    }
    if (r == 0)
        r = mirage__http_flush(c);
    else
        c->out_len = 0;
    if (resp->state != MIRAGE__HTTP_RESP_FAILED)
        resp->state = MIRAGE__HTTP_RESP_DONE;
    return r;
}

int mirage__http_resp_complete(struct mirage__http_conn *c)
{
    switch (c->resp.state) {
    case MIRAGE__HTTP_RESP_IDLE:
        return mirage__http_send_error(c,
                                       c->body_status ? c->body_status : 500);
    case MIRAGE__HTTP_RESP_DONE:
        return 0;
    case MIRAGE__HTTP_RESP_FAILED:
        return -EPIPE;
    default:
        return mirage_http_finish(&c->resp);
    }
}
