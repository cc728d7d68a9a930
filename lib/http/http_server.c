/* SPDX-License-Identifier: ISC */
/* The server: limits, connection accounting, the accept loop, shutdown. */
#include "http_priv.h"

#include <assert.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KIB 1024u
#define SEC 1000000000ull
#define SIZE_LIMIT (1024 * KIB)

static void set_default(size_t *v, size_t d)
{
    if (*v == 0)
        *v = d;
}

static void set_default64(uint64_t *v, uint64_t d)
{
    if (*v == 0)
        *v = d;
}

static int apply_defaults(struct mirage_http_config *cfg)
{
    set_default(&cfg->max_request_line, 8 * KIB);
    set_default(&cfg->max_header_bytes, 16 * KIB);
    if (cfg->max_headers == 0)
        cfg->max_headers = 100;
    set_default64(&cfg->max_body, 1024 * KIB);
    set_default64(&cfg->header_timeout_ns, 10 * SEC);
    set_default64(&cfg->idle_timeout_ns, 30 * SEC);
    set_default64(&cfg->body_timeout_ns, 30 * SEC);
    if (cfg->max_connections == 0)
        cfg->max_connections = 256;
    if (!cfg->server)
        cfg->server = "mirage";
    if (cfg->max_request_line > SIZE_LIMIT ||
        cfg->max_header_bytes > SIZE_LIMIT || cfg->max_headers > 10000 ||
        strlen(cfg->server) > 256 ||
        !mirage__http_value(cfg->server, strlen(cfg->server)))
        return -EINVAL;
    return 0;
}

int mirage_http_server_create(const struct mirage_http_config *cfg,
                              mirage_http_handler handler, void *arg,
                              struct mirage_http_server **out)
{
    struct mirage_http_server *srv;
    struct mirage_http_config c = cfg ? *cfg : (struct mirage_http_config){0};
    int r;

    assert(handler != NULL && out != NULL);
    r = apply_defaults(&c);
    if (r < 0)
        return r;
    srv = calloc(1, sizeof(*srv));
    if (!srv)
        return -ENOMEM;
    srv->cfg = c;
    srv->handler = handler;
    srv->arg = arg;
    mirage_cond_init(&srv->idle);
    /* The longest head (request line, header lines, their CRLFs and the
     * empty line) and room for body framing after it. */
    srv->buf_size = c.max_request_line + 2 + c.max_header_bytes + 2 +
                    MIRAGE__HTTP_BODY_SLACK;
    srv->date_sec = -1;
    *out = srv;
    return 0;
}

void mirage_http_server_destroy(struct mirage_http_server *srv)
{
    if (!srv)
        return;
    assert(srv->conns == NULL && "connections still open");
    free(srv);
}

void mirage_http_server_stats(const struct mirage_http_server *srv,
                              struct mirage_http_stats *out)
{
    *out = srv->stats;
}

/* One allocation: the connection, its header table, the input buffer,
 * the output buffer, the response's extra headers and the path. */
static struct mirage__http_conn *conn_new(struct mirage_http_server *srv,
                                          struct mirage_flow *flow)
{
    size_t hdrs = srv->cfg.max_headers * sizeof(struct mirage_http_header);
    size_t head =
        (sizeof(struct mirage__http_conn) + alignof(max_align_t) - 1) /
        alignof(max_align_t) * alignof(max_align_t);
    struct mirage__http_conn *c;
    char *p;

    if (srv->stats.active >= srv->cfg.max_connections || srv->stopping)
        return NULL;
    p = malloc(head + hdrs + srv->buf_size + MIRAGE__HTTP_OUT +
               MIRAGE_HTTP_RESPONSE_HEADERS + srv->cfg.max_request_line + 1);
    if (!p)
        return NULL;
    c = (struct mirage__http_conn *)p;
    memset(c, 0, sizeof(*c));
    c->srv = srv;
    c->flow = flow;
    c->refs = 1;
    c->hdrs = (struct mirage_http_header *)(p + head);
    c->buf = p + head + hdrs;
    c->cap = srv->buf_size;
    c->out = c->buf + c->cap;
    c->resp.hdr = c->out + MIRAGE__HTTP_OUT;
    c->path = c->resp.hdr + MIRAGE_HTTP_RESPONSE_HEADERS;
    mirage_cond_init(&c->rd.want);
    mirage_cond_init(&c->rd.got);
    c->next = srv->conns;
    if (srv->conns)
        srv->conns->prev = c;
    srv->conns = c;
    srv->stats.active++;
    srv->stats.connections++;
    return c;
}

static void conn_free(struct mirage__http_conn *c)
{
    struct mirage_http_server *srv = c->srv;

    if (c->prev)
        c->prev->next = c->next;
    else
        srv->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    srv->stats.active--;
    mirage_cond_broadcast(&srv->idle);
    free(c);
}

void mirage__http_conn_unref(struct mirage__http_conn *c)
{
    assert(c->refs > 0);
    if (--c->refs > 0)
        return;
    mirage_flow_close(c->flow);
    conn_free(c);
}

/* Answers 503 without reading (there is no room for the connection) and
 * closes. */
static void reject(struct mirage_http_server *srv, struct mirage_flow *flow)
{
    static const char body[] = "503 Service Unavailable\n";
    char head[512];
    int n = snprintf(head, sizeof(head),
                     "HTTP/1.1 503 Service Unavailable\r\n%s%s%s"
                     "Content-Type: text/plain\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\n%s",
                     *srv->cfg.server ? "Server: " : "", srv->cfg.server,
                     *srv->cfg.server ? "\r\n" : "", sizeof(body) - 1, body);

    srv->stats.rejected++;
    srv->stats.responses[5]++;
    if (n > 0 && (size_t)n < sizeof(head) &&
        mirage_flow_write(flow, head, (size_t)n) == n)
        mirage_flow_shutdown(flow, MIRAGE_FLOW_SHUT_WR);
    mirage_flow_close(flow);
}

/* Runs c in the calling fiber, then lets the reader go. */
static void conn_run(struct mirage__http_conn *c)
{
    c->fiber = mirage_fiber_self();
    if (!c->stop) {
        if (mirage__http_reader_start(c) == 0)
            mirage__http_conn_serve(c);
        else
            mirage__http_send_error(c, 503);
    }
    c->fiber = NULL;
    mirage__http_reader_stop(c);
    mirage__http_conn_unref(c);
}

int mirage_http_serve_flow(struct mirage_http_server *srv,
                           struct mirage_flow *flow)
{
    bool full = srv->stats.active >= srv->cfg.max_connections;
    struct mirage__http_conn *c = conn_new(srv, flow);

    if (!c) {
        reject(srv, flow);
        return full ? -EBUSY : -ENOMEM;
    }
    conn_run(c);
    return 0;
}

static void conn_fiber(void *arg)
{
    conn_run(arg);
}

int mirage_http_serve(struct mirage_http_server *srv,
                      struct mirage_tcp_listener *l)
{
    for (;;) {
        struct mirage_flow *flow;
        struct mirage__http_conn *c;
        int r = mirage_tcp_accept(l, &flow);

        if (r < 0)
            return r;
        /* A response is a head and a body written back to back: Nagle
         * would hold the second until the first is acknowledged. */
        (void)mirage_tcp_set_nodelay(l->tcp, flow, true);
        c = conn_new(srv, flow);
        if (c && mirage_spawn(conn_fiber, c) < 0) {
            conn_free(c);
            srv->stats.connections--;
            c = NULL;
        }
        if (!c) {
            mirage_log_debug(&mirage__http_log, "connection refused (503)");
            reject(srv, flow);
        }
    }
}

int mirage_http_serve_tcp(struct mirage_http_server *srv,
                          struct mirage_tcp *tcp, uint16_t port)
{
    struct mirage_tcp_listener *l;
    int r = mirage_tcp_listen(tcp, port, MIRAGE__HTTP_BACKLOG, &l);

    if (r < 0)
        return r;
    r = mirage_http_serve(srv, l);
    mirage_tcp_unlisten(l);
    return r;
}

void mirage_http_server_shutdown(struct mirage_http_server *srv)
{
    srv->stopping = true;
    for (struct mirage__http_conn *c = srv->conns; c; c = c->next) {
        c->stop = true;
        if (c->fiber && c->fiber != mirage_fiber_self())
            mirage_fiber_cancel(c->fiber);
        mirage__http_reader_stop(c);
    }
    while (srv->conns)
        if (mirage_cond_wait(&srv->idle) < 0)
            break;
}
