/* SPDX-License-Identifier: ISC */
/* One connection: request heads under timeouts, the handler, keep-alive. */
#include "http_priv.h"

#include <string.h>

MIRAGE_LOG_SRC(mirage__http_log, "http", "HTTP server");

/* Moves the unread bytes to the front of the buffer. */
static void compact(struct mirage__http_conn *c)
{
    memmove(c->buf, c->buf + c->start, c->end - c->start);
    c->end -= c->start;
    c->start = 0;
}

/* Skips empty lines before a request line and scans for the end of the
 * head: 1 found, 0 more needed, -status. */
static int scan_head(struct mirage__http_conn *c)
{
    const struct mirage_http_config *cfg = &c->srv->cfg;
    size_t skip;
    int r;

    if (c->scan.in_reqline) {
        r = mirage__http_skip_empty(c->buf + c->start, c->end - c->start,
                                    &skip);
        if (r < 0)
            return r;
        if (skip) {
            c->start += skip;
            mirage__http_scan_reset(&c->scan);
        }
    }
    if (c->start == c->end)
        return 0;
    return mirage__http_scan(cfg, &c->scan, c->buf + c->start,
                             c->end - c->start);
}

/* Waits for a complete request head: 1 (parsed into c->req), 0 (close
 * silently: end of stream, idle, error), or -status. */
static int read_head(struct mirage__http_conn *c, uint64_t wait_deadline)
{
    const struct mirage_http_config *cfg = &c->srv->cfg;
    uint64_t head_deadline = 0;
    size_t len;
    int r;

    mirage__http_scan_reset(&c->scan);
    if (c->start == c->end && !c->rd.pending)
        c->start = c->end = 0;
    while ((r = scan_head(c)) == 0) {
        ssize_t n;

        if (c->start < c->end && !head_deadline)
            head_deadline = c->first
                                ? wait_deadline
                                : mirage__http_deadline(cfg->header_timeout_ns);
        if (c->end == c->cap && !c->rd.pending)
            compact(c);
        if (c->end == c->cap)
            return -431;
        n = mirage__http_fill(c, head_deadline ? head_deadline : wait_deadline);
        if (n == -ETIMEDOUT && c->start < c->end)
            return -408;
        if (n == -ETIMEDOUT)
            c->srv->stats.idle_closed++;
        if (n <= 0)
            return 0;
    }
    if (r < 0)
        return r;
    len = c->scan.head_len;
    /* Leave the body its room after the head. */
    if (c->cap - c->start - len < MIRAGE__HTTP_BODY_SLACK && !c->rd.pending)
        compact(c);
    r = mirage__http_parse_head(c, c->buf + c->start, len);
    c->start += len;
    return r < 0 ? r : 1;
}

/* After the last response: stop sending, then read and discard what the
 * peer still sends for a while, so that closing with unread data (which
 * resets the connection) does not destroy that response in transit. */
static void linger(struct mirage__http_conn *c)
{
    uint64_t deadline = mirage__http_deadline(MIRAGE__HTTP_LINGER_NS);
    size_t total = 0;

    if (c->eof || c->rd_err || c->stop || mirage_fiber_cancelled())
        return;
    if (mirage_flow_shutdown(c->flow, MIRAGE_FLOW_SHUT_WR) < 0)
        return;
    while (total < MIRAGE__HTTP_LINGER_MAX) {
        ssize_t n;

        if (!c->rd.pending)
            c->start = c->end = 0;
        n = mirage__http_fill(c, deadline);
        if (n <= 0)
            return;
        total += (size_t)n;
    }
}

/* One request: 1 to go on with the next, 0 to close, -1 to close after
 * lingering. */
static int one_request(struct mirage__http_conn *c, uint64_t wait_deadline)
{
    struct mirage_http_server *srv = c->srv;
    int r;

    mirage__http_resp_init(c);
    c->close = false;
    r = read_head(c, wait_deadline);
    if (r == 0)
        return 0;
    if (r < 0) {
        mirage_log_debug(&mirage__http_log, "request refused: %d", -r);
        mirage__http_send_error(c, -r);
        return r == -408 ? 0 : -1; /* a slow peer is not sending */
    }
    mirage__http_body_init(c);
    c->resp.head_only = strcmp(c->req.method, "HEAD") == 0;
    srv->stats.requests++;
    srv->handler(srv->arg, &c->req, &c->resp);
    r = mirage__http_resp_complete(c);
    if (r < 0 || c->resp.state == MIRAGE__HTTP_RESP_FAILED)
        return 0;
    if (c->close || c->stop)
        return c->body_status == 408 ? 0 : -1;
    if (mirage__http_body_drain(c) < 0) {
        c->close = true;
        return -1;
    }
    return 1;
}

void mirage__http_conn_serve(struct mirage__http_conn *c)
{
    uint64_t deadline = mirage__http_deadline(c->srv->cfg.header_timeout_ns);
    int r;

    c->first = true;
    while ((r = one_request(c, deadline)) > 0) {
        c->first = false;
        deadline = mirage__http_deadline(c->srv->cfg.idle_timeout_ns);
    }
    if (r < 0)
        linger(c);
}
