/* SPDX-License-Identifier: ISC */
/* Response heads: status line, standard headers, framing and Connection. */
#include "http_priv.h"

#include <stdio.h>
#include <string.h>

struct ob {
    char *p;
    size_t len, cap;
    bool overflow;
};

static void put(struct ob *o, const char *s, size_t n)
{
    if (n > o->cap - o->len) {
        o->overflow = true;
        return;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

static void puts_(struct ob *o, const char *s)
{
    put(o, s, strlen(s));
}

static void put_u64(struct ob *o, uint64_t v)
{
    char tmp[20];
    size_t i = sizeof(tmp);

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(o, tmp + i, sizeof(tmp) - i);
}

bool mirage__http_bodyless(int status)
{
    return status < 200 || status == 204 || status == 304;
}

/* Whether the connection closes after this response: asked by either
 * side, HTTP/1.0 without keep-alive, a body left that we cannot skip, or
 * the server stopping. */
static bool will_close(struct mirage__http_conn *c)
{
    if (c->close || !c->req.keep_alive || c->srv->stopping || c->body_err)
        return true;
    if (c->body_done)
        return false;
    if (c->expect_continue && !c->sent_continue)
        return true;
    return c->body_kind == MIRAGE__HTTP_BODY_LENGTH &&
           c->remaining > MIRAGE__HTTP_DRAIN_MAX;
}

static void put_standard(struct mirage__http_conn *c, struct ob *o, int status)
{
    const char *date = c->resp.own_date ? NULL : mirage__http_date(c->srv);
    const char *server = c->srv->cfg.server;

    puts_(o, "HTTP/1.1 ");
    put_u64(o, (uint64_t)status);
    put(o, " ", 1);
    puts_(o, mirage_http_reason(status));
    put(o, "\r\n", 2);
    if (*server && !c->resp.own_server) {
        puts_(o, "Server: ");
        puts_(o, server);
        put(o, "\r\n", 2);
    }
    if (date)
        puts_(o, date);
}

/* Formats the head into c->out (after what it holds): 0, or -ENOSPC.
 * mode: 'L' Content-Length length, 'C' chunked, 'R' until the close. */
int mirage__http_head(struct mirage__http_conn *c, int status,
                      const char *content_type, char mode, uint64_t length)
{
    struct ob o = {c->out, c->out_len, MIRAGE__HTTP_OUT, false};

    put_standard(c, &o, status);
    put(&o, c->resp.hdr, c->resp.hdr_len);
    if (content_type) {
        puts_(&o, "Content-Type: ");
        puts_(&o, content_type);
        put(&o, "\r\n", 2);
    }
    if (mode == 'C' && c->req.version == 10)
        mode = 'R'; /* no chunked coding for HTTP/1.0 */
    if (mode == 'R')
        c->close = true;
    if (mirage__http_bodyless(status)) {
        /* no framing header */
    } else if (mode == 'L') {
        puts_(&o, "Content-Length: ");
        put_u64(&o, length);
        put(&o, "\r\n", 2);
    } else if (mode == 'C') {
        puts_(&o, "Transfer-Encoding: chunked\r\n");
    }
    c->close = will_close(c);
    if (c->close)
        puts_(&o, "Connection: close\r\n");
    else if (c->req.version == 10)
        puts_(&o, "Connection: keep-alive\r\n");
    put(&o, "\r\n", 2);
    if (o.overflow)
        return -ENOSPC;
    c->out_len = o.len;
    return 0;
}

int mirage__http_send_error(struct mirage__http_conn *c, int status)
{
    char body[64];
    size_t n;
    int r;

    mirage__http_count_error(c->srv, status);
    c->close = true;
    if (c->resp.state != MIRAGE__HTTP_RESP_IDLE)
        return 0; /* too late for an answer: just close */
    n = (size_t)snprintf(body, sizeof(body), "%d %s\n", status,
                         mirage_http_reason(status));
    c->out_len = 0;
    c->resp.hdr_len = 0;
    c->resp.own_server = c->resp.own_date = false;
    if (mirage__http_head(c, status, "text/plain", 'L', n) < 0)
        return -ENOSPC;
    if (!c->resp.head_only) {
        memcpy(c->out + c->out_len, body, n);
        c->out_len += n;
    }
    mirage__http_count(c->srv, status);
    r = mirage__http_send(c, c->out, c->out_len);
    c->out_len = 0;
    if (r == 0)
        c->resp.state = MIRAGE__HTTP_RESP_DONE;
    return r;
}
