/* SPDX-License-Identifier: ISC */
/* The response writer: sized, zero-copy, chunked and close-delimited bodies.
 */
#include "http_priv.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define CONN_OF(r)                                      \
    ((struct mirage__http_conn *)((char *)(r)-offsetof( \
        struct mirage__http_conn, resp)))

void mirage__http_resp_init(struct mirage__http_conn *c)
{
    struct mirage_http_response *r = &c->resp;

    r->state = MIRAGE__HTTP_RESP_IDLE;
    r->status = 200;
    r->head_only = false;
    r->has_length = r->own_server = r->own_date = false;
    r->length = r->written = 0;
    r->hdr_len = 0;
    c->out_len = 0;
}

static bool final_status(int status)
{
    return status >= 200 && status <= 599;
}

/* The body is not sent: HEAD, 204, 304. */
bool mirage__http_suppressed(const struct mirage_http_response *r)
{
    return r->head_only || mirage__http_bodyless(r->status);
}

int mirage__http_flush(struct mirage__http_conn *c)
{
    size_t n = c->out_len;

    c->out_len = 0;
    return n ? mirage__http_send(c, c->out, n) : 0;
}

/* Formats the head (sent with the first body bytes). */
int mirage__http_start(struct mirage__http_conn *c, int status, const char *ct,
                       char mode, uint64_t length)
{
    int r;

    if (!final_status(status) || (ct && !mirage__http_value(ct, strlen(ct))))
        return -EINVAL;
    r = mirage__http_head(c, status, ct, mode, length);
    if (r < 0)
        return r;
    c->resp.status = status;
    mirage__http_count(c->srv, status);
    return 0;
}

/* Sends data after what c->out holds, in one write when it fits. */
int mirage__http_body_out(struct mirage__http_conn *c, const void *data,
                          size_t len)
{
    int r;

    if (len <= MIRAGE__HTTP_OUT - c->out_len) {
        memcpy(c->out + c->out_len, data, len);
        c->out_len += len;
        return mirage__http_flush(c);
    }
    r = mirage__http_flush(c);
    return r < 0 ? r : mirage__http_send(c, data, len);
}

/* Sends b (taken) after what c->out holds: a body that fits in c->out is
 * copied there so that head and body leave in one write (one segment, one
 * wake-up of the peer); a larger one is written without copying. */
int mirage__http_buf_out(struct mirage__http_conn *c, struct mirage_buf *b)
{
    int r;

    if (b->len <= MIRAGE__HTTP_OUT - c->out_len) {
        memcpy(c->out + c->out_len, mirage_buf_data(b), b->len);
        c->out_len += b->len;
        mirage_buf_unref(b);
        return mirage__http_flush(c);
    }
    r = mirage__http_flush(c);
    if (r < 0) {
        mirage_buf_unref(b);
        return r;
    }
    if (c->flow->ops->write_buf) {
        r = mirage_flow_write_buf(c->flow, b);
        if (r < 0) {
            c->resp.state = MIRAGE__HTTP_RESP_FAILED;
            c->close = true;
        }
        return r;
    }
    r = mirage__http_send(c, mirage_buf_data(b), b->len);
    mirage_buf_unref(b);
    return r;
}

int mirage_http_set_status(struct mirage_http_response *resp, int status)
{
    if (resp->state != MIRAGE__HTTP_RESP_IDLE)
        return -EALREADY;
    if (!final_status(status))
        return -EINVAL;
    resp->status = status;
    return 0;
}

int mirage_http_add_header(struct mirage_http_response *resp, const char *name,
                           const char *value)
{
    size_t nl = strlen(name), vl = strlen(value);

    if (resp->state != MIRAGE__HTTP_RESP_IDLE)
        return -EALREADY;
    if (!mirage__http_token(name, nl) || !mirage__http_value(value, vl) ||
        mirage__http_ieq(name, nl, "content-length") ||
        mirage__http_ieq(name, nl, "transfer-encoding") ||
        mirage__http_ieq(name, nl, "connection"))
        return -EINVAL;
    if (nl + vl + 4 > MIRAGE_HTTP_RESPONSE_HEADERS - resp->hdr_len)
        return -ENOSPC;
    memcpy(resp->hdr + resp->hdr_len, name, nl);
    memcpy(resp->hdr + resp->hdr_len + nl, ": ", 2);
    memcpy(resp->hdr + resp->hdr_len + nl + 2, value, vl);
    memcpy(resp->hdr + resp->hdr_len + nl + 2 + vl, "\r\n", 2);
    resp->hdr_len += nl + vl + 4;
    resp->own_server |= mirage__http_ieq(name, nl, "server");
    resp->own_date |= mirage__http_ieq(name, nl, "date");
    return 0;
}

int mirage_http_set_close(struct mirage_http_response *resp)
{
    if (resp->state != MIRAGE__HTTP_RESP_IDLE)
        return -EALREADY;
    CONN_OF(resp)->close = true;
    return 0;
}

int mirage_http_set_length(struct mirage_http_response *resp, uint64_t len)
{
    if (resp->state != MIRAGE__HTTP_RESP_IDLE)
        return -EALREADY;
    resp->has_length = true;
    resp->length = len;
    return 0;
}

int mirage_http_respond(struct mirage_http_response *resp, int status,
                        const char *content_type, const void *data, size_t len)
{
    struct mirage__http_conn *c = CONN_OF(resp);
    int r;

    if (resp->state != MIRAGE__HTTP_RESP_IDLE)
        return -EALREADY;
    if (len && mirage__http_bodyless(status))
        return -EINVAL;
    r = mirage__http_start(c, status, content_type, 'L', len);
    if (r < 0)
        return r;
    r = mirage__http_suppressed(resp) ? mirage__http_flush(c)
                                      : mirage__http_body_out(c, data, len);
    if (r == 0) {
        resp->state = MIRAGE__HTTP_RESP_DONE;
        resp->written = len;
    }
    return r;
}

int mirage_http_respond_buf(struct mirage_http_response *resp, int status,
                            const char *content_type, struct mirage_buf *b)
{
    struct mirage__http_conn *c = CONN_OF(resp);
    int r = resp->state != MIRAGE__HTTP_RESP_IDLE     ? -EALREADY
            : b->len && mirage__http_bodyless(status) ? -EINVAL
                                                      : 0;

    if (r == 0)
        r = mirage__http_start(c, status, content_type, 'L', b->len);
    if (r < 0) {
        mirage_buf_unref(b);
        return r;
    }
    resp->written = b->len;
    if (mirage__http_suppressed(resp)) {
        mirage_buf_unref(b);
        r = mirage__http_flush(c);
    } else {
        r = mirage__http_buf_out(c, b);
    }
    if (r == 0)
        resp->state = MIRAGE__HTTP_RESP_DONE;
    return r;
}

int mirage_http_respond_status(struct mirage_http_response *resp, int status)
{
    char body[64];
    int n;

    if (mirage__http_bodyless(status))
        return mirage_http_respond(resp, status, NULL, NULL, 0);
    n = snprintf(body, sizeof(body), "%d %s\n", status,
                 mirage_http_reason(status));
    return mirage_http_respond(resp, status, "text/plain", body, (size_t)n);
}
