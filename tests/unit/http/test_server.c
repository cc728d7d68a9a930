/* SPDX-License-Identifier: ISC */
/* The accept loop: a bound on connections (503), serve_flow, shutdown. */
#include "check.h"
#include "http_test.h"

#include <mirage.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS 1000000ull
#define H "Host: h\r\n"
#define MAXF 8

/* A TCP whose one listener hands out the fake flows queued on it. */
struct faketcp {
    struct mirage_tcp tcp;
    struct mirage_tcp_listener l;
    struct fakeflow *flows[MAXF];
    size_t n, next;
    bool unlistened;
    struct mirage_cond cond;
    uint16_t port;
    int backlog;
};

static int fake_accept(struct mirage_tcp_listener *l, struct mirage_flow **out)
{
    struct faketcp *t = (struct faketcp *)l->tcp;

    while (t->next == t->n && !t->unlistened)
        if (mirage_cond_wait(&t->cond) < 0)
            return -ECANCELED;
    if (t->unlistened)
        return -ECANCELED;
    *out = &t->flows[t->next++]->flow;
    return 0;
}

static void fake_unlisten(struct mirage_tcp_listener *l)
{
    struct faketcp *t = (struct faketcp *)l->tcp;

    t->unlistened = true;
    mirage_cond_broadcast(&t->cond);
}

static int fake_listen(struct mirage_tcp *tcp, uint16_t port, int backlog,
                       struct mirage_tcp_listener **out)
{
    struct faketcp *t = (struct faketcp *)tcp;

    if (port == 0)
        return -EINVAL;
    t->port = port;
    t->backlog = backlog;
    *out = &t->l;
    return 0;
}

static const struct mirage_tcp_ops fake_ops = {
    .listen = fake_listen,
    .accept = fake_accept,
    .unlisten = fake_unlisten,
};

static void connect_flow(struct faketcp *t, struct fakeflow *f)
{
    t->flows[t->n++] = f;
    mirage_cond_signal(&t->cond);
}

struct serve_args {
    struct mirage_http_server *srv;
    struct mirage_tcp_listener *l;
    int result;
};

static void serve_fiber(void *arg)
{
    struct serve_args *a = arg;

    a->result = mirage_http_serve(a->srv, a->l);
}

static void slow_handler(void *arg, struct mirage_http_request *req,
                         struct mirage_http_response *resp)
{
    int *cancelled = arg;

    if (strcmp(req->path, "/slow") == 0 &&
        mirage_sleep_ns(10000 * MS) == -ECANCELED)
        (*cancelled)++;
    mirage_http_respond(resp, 200, NULL, "ok", 2);
}

static const char keep[] = "GET / HTTP/1.1\r\n" H "\r\n";

static bool got_503(const struct fakeflow *f)
{
    return f->out &&
           strncmp(f->out, "HTTP/1.1 503 Service Unavailable\r\n", 34) == 0 &&
           strstr(f->out, "Connection: close\r\n") && f->closed;
}

static void test_max_connections(void)
{
    struct mirage_http_config cfg = {.max_connections = 2};
    struct faketcp t = {.tcp = {&fake_ops}};
    struct fakeflow f[5];
    struct serve_args a;
    struct mirage_fiber *fib;
    struct mirage_http_stats st;
    int cancelled = 0;

    t.l.tcp = &t.tcp;
    mirage_cond_init(&t.cond);
    CHECK_INT_EQ(
        mirage_http_server_create(&cfg, slow_handler, &cancelled, &a.srv), 0);
    a.l = &t.l;
    CHECK_INT_EQ(mirage_fiber_create(&fib, NULL, serve_fiber, &a), 0);
    for (int i = 0; i < 5; i++)
        fakeflow_init(&f[i], keep, sizeof(keep) - 1, 0, true);
    f[0].hold = true; /* stays connected */
    /* f[1] sends one request and goes away */
    connect_flow(&t, &f[0]);
    connect_flow(&t, &f[1]);
    mirage_sleep_ns(20 * MS);
    CHECK(f[1].closed && f[1].out && strstr(f[1].out, "200 OK"));
    /* f[1] is gone: room for f[2], but not for f[3]. */
    f[2].hold = true;
    connect_flow(&t, &f[2]);
    mirage_sleep_ns(20 * MS);
    connect_flow(&t, &f[3]);
    mirage_sleep_ns(20 * MS);
    CHECK(!f[0].closed && f[0].out && strstr(f[0].out, "200 OK"));
    CHECK(!f[2].closed && f[2].out && strstr(f[2].out, "200 OK"));
    CHECK(got_503(&f[3]));
    mirage_http_server_stats(a.srv, &st);
    CHECK_UINT_EQ(st.active, 2);
    CHECK_UINT_EQ(st.connections, 3);
    CHECK_UINT_EQ(st.rejected, 1);
    CHECK_UINT_EQ(st.responses[5], 1);

    /* Unlisten: serve returns; shutdown closes what is left. */
    mirage_tcp_unlisten(&t.l);
    CHECK_INT_EQ(mirage_fiber_join(fib), 0);
    CHECK_INT_EQ(a.result, -ECANCELED);
    mirage_http_server_shutdown(a.srv);
    mirage_http_server_stats(a.srv, &st);
    CHECK_UINT_EQ(st.active, 0);
    CHECK(f[0].closed && f[2].closed);
    mirage_http_server_destroy(a.srv);
    for (int i = 0; i < 5; i++)
        fakeflow_free(&f[i]);
}

struct flow_args {
    struct mirage_http_server *srv;
    struct fakeflow *f;
    int result;
};

static void serve_flow_fiber(void *arg)
{
    struct flow_args *a = arg;

    a->result = mirage_http_serve_flow(a->srv, &a->f->flow);
}

static void test_serve_flow_busy_and_shutdown(void)
{
    struct mirage_http_config cfg = {.max_connections = 1};
    struct mirage_http_server *srv;
    struct fakeflow f1, f2;
    struct flow_args a;
    struct mirage_fiber *fib;
    const char slow[] = "GET /slow HTTP/1.1\r\n" H "\r\n";
    int cancelled = 0;
    uint64_t t0;

    CHECK_INT_EQ(
        mirage_http_server_create(&cfg, slow_handler, &cancelled, &srv), 0);
    fakeflow_init(&f1, slow, sizeof(slow) - 1, 0, true);
    fakeflow_init(&f2, keep, sizeof(keep) - 1, 0, true);
    f1.hold = true;
    a = (struct flow_args){srv, &f1, 1};
    CHECK_INT_EQ(mirage_fiber_create(&fib, NULL, serve_flow_fiber, &a), 0);
    mirage_sleep_ns(10 * MS);
    /* The one connection is busy in a slow handler. */
    CHECK_INT_EQ(mirage_http_serve_flow(srv, &f2.flow), -EBUSY);
    CHECK(got_503(&f2));
    /* Shutdown cancels the handler's sleep and waits for the end. */
    t0 = mirage_now_ns();
    mirage_http_server_shutdown(srv);
    CHECK(mirage_now_ns() - t0 < 1000 * MS);
    CHECK_INT_EQ(cancelled, 1);
    CHECK(f1.closed);
    CHECK_INT_EQ(mirage_fiber_join(fib), 0);
    CHECK_INT_EQ(a.result, 0);
    /* A stopped server takes no more connections. */
    fakeflow_free(&f2);
    fakeflow_init(&f2, keep, sizeof(keep) - 1, 0, true);
    CHECK(mirage_http_serve_flow(srv, &f2.flow) < 0);
    CHECK(got_503(&f2));
    mirage_http_server_destroy(srv);
    fakeflow_free(&f1);
    fakeflow_free(&f2);
}

struct tcp_args {
    struct mirage_http_server *srv;
    struct faketcp *t;
    uint16_t port;
    int result;
};

static void serve_tcp_fiber(void *arg)
{
    struct tcp_args *a = arg;

    a->result = mirage_http_serve_tcp(a->srv, &a->t->tcp, a->port);
}

static void test_serve_tcp(void)
{
    struct faketcp t = {.tcp = {&fake_ops}};
    struct mirage_http_server *srv;
    struct mirage_fiber *fib;
    struct fakeflow f;
    struct tcp_args a;
    int cancelled = 0;

    t.l.tcp = &t.tcp;
    mirage_cond_init(&t.cond);
    CHECK_INT_EQ(
        mirage_http_server_create(NULL, slow_handler, &cancelled, &srv), 0);
    a = (struct tcp_args){srv, &t, 0, 1};
    CHECK_INT_EQ(mirage_http_serve_tcp(srv, &t.tcp, 0), -EINVAL);
    a.port = 8080;
    CHECK_INT_EQ(mirage_fiber_create(&fib, NULL, serve_tcp_fiber, &a), 0);
    fakeflow_init(&f, keep, sizeof(keep) - 1, 0, true);
    connect_flow(&t, &f);
    mirage_sleep_ns(10 * MS);
    CHECK_INT_EQ(t.port, 8080);
    CHECK(t.backlog > 0);
    CHECK(f.closed && f.out && strstr(f.out, "200 OK"));
    /* Cancelling the serving fiber ends it and unlistens. */
    mirage_fiber_cancel(fib);
    CHECK_INT_EQ(mirage_fiber_join(fib), 0);
    CHECK_INT_EQ(a.result, -ECANCELED);
    CHECK(t.unlistened);
    mirage_http_server_destroy(srv);
    fakeflow_free(&f);
}

static int run(void)
{
    RUN(test_max_connections);
    RUN(test_serve_flow_busy_and_shutdown);
    RUN(test_serve_tcp);
    return check__failures;
}

int main(void)
{
    ht_main(run);
    CHECK_DONE();
}
