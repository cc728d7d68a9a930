/* SPDX-License-Identifier: ISC */
/* The flow and TCP interfaces with fibers, on the real runtime and timers. */
#include <stdlib.h>
#include <string.h>

#include <mirage.h>
#include <mirage/buf.h>
#include <mirage/flow.h>
#include <mirage/tcp.h>
#include <mirage/tcp_direct.h>

#include "check.h"
#include "sim.h"

/*
 * Two engines on the default clock, joined by a link that delivers every
 * segment from a runtime timer at the next loop iteration (so handlers are
 * never re-entered from inside a write).
 */

struct link_pkt {
    struct link_pkt *next;
    int to;
    struct mirage_ipaddr src, dst;
    uint32_t len;
    uint8_t data[];
};

struct rhost {
    struct mirage_ip ip;
    int idx;
    struct mirage_ipaddr addr;
    mirage_ip_handler fn;
    void *arg;
    struct mirage_tcp *tcp;
};

static struct rhost hosts[2];
static struct link_pkt *q_head, *q_tail;
static struct mirage_timer link_timer;

static void link_fire(struct mirage_timer *t, void *arg)
{
    (void)t, (void)arg;
    struct link_pkt *p = q_head;
    q_head = q_tail = NULL;
    while (p) {
        struct link_pkt *next = p->next;
        struct rhost *h = &hosts[p->to];
        if (h->fn) {
            struct mirage_buf *b = mirage_buf_alloc(0, p->len);
            memcpy(mirage_buf_put(b, p->len), p->data, p->len);
            h->fn(h->arg, &h->ip, &p->src, &p->dst, b);
            mirage_buf_unref(b);
        }
        free(p);
        p = next;
    }
}

static int link_write(struct mirage_ip *ip, const struct mirage_ipaddr *src,
                      const struct mirage_ipaddr *dst, uint8_t proto,
                      struct mirage_buf *b)
{
    struct rhost *h = (struct rhost *)ip;
    (void)proto;
    struct link_pkt *p = malloc(sizeof *p + b->len);
    p->next = NULL;
    p->to = 1 - h->idx;
    p->src = src ? *src : h->addr;
    p->dst = *dst;
    p->len = b->len;
    memcpy(p->data, mirage_buf_data(b), b->len);
    mirage_buf_unref(b);
    if (q_tail)
        q_tail->next = p;
    else
        q_head = p;
    q_tail = p;
    if (!mirage_timer_armed(&link_timer))
        mirage_timer_arm(&link_timer, mirage_now_ns());
    return 0;
}

static int link_src(struct mirage_ip *ip, const struct mirage_ipaddr *dst,
                    struct mirage_ipaddr *out)
{
    (void)dst;
    *out = ((struct rhost *)ip)->addr;
    return 0;
}

static uint32_t link_mtu(struct mirage_ip *ip, const struct mirage_ipaddr *d)
{
    (void)ip, (void)d;
    return 1480;
}

static void link_set_handler(struct mirage_ip *ip, uint8_t proto,
                             mirage_ip_handler fn, void *arg)
{
    (void)proto;
    ((struct rhost *)ip)->fn = fn;
    ((struct rhost *)ip)->arg = arg;
}

static const struct mirage_ip_ops link_ops = {link_write, link_src, link_mtu,
                                              link_set_handler};

static struct sim rngsim; /* only for its deterministic random source */

static void hosts_up(const struct mirage_tcp_direct_config *cfg)
{
    mirage_timer_init(&link_timer, link_fire, NULL);
    for (int i = 0; i < 2; i++) {
        hosts[i].ip.ops = &link_ops;
        hosts[i].idx = i;
        hosts[i].addr = mirage_ipv4(10, 0, 0, (uint8_t)(i + 1));
        CHECK_INT_EQ(mirage_tcp_direct_create(&hosts[i].ip, &rngsim.rng, cfg,
                                              &hosts[i].tcp),
                     0);
    }
}

/* Waits for every connection to go (TIME_WAIT is short here), then
 * checks nothing is left and destroys the engines. */
static void hosts_down(void)
{
    struct mirage_tcp_direct_stats st[2];
    for (int i = 0; i < 200; i++) {
        mirage_tcp_direct_stats(hosts[0].tcp, &st[0]);
        mirage_tcp_direct_stats(hosts[1].tcp, &st[1]);
        if (st[0].conns + st[1].conns == 0)
            break;
        mirage_sleep_ns(10 * SIM_MS);
    }
    for (int i = 0; i < 2; i++) {
        CHECK_INT_EQ(st[i].conns, 0);
        CHECK_INT_EQ(st[i].buffers, 0);
        mirage_tcp_direct_destroy(hosts[i].tcp);
    }
    mirage_timer_cancel(&link_timer);
}

static const struct mirage_tcp_direct_config fast = {
    .time_wait_ns = 50 * SIM_MS,
    .rto_min_ns = 20 * SIM_MS,
    .rto_initial_ns = 100 * SIM_MS};

struct server {
    struct mirage_tcp_listener *l;
    int served;
};

static void echo(void *arg)
{
    struct mirage_flow *f = arg;
    static char buf[3000];
    ssize_t n;
    while ((n = mirage_flow_read(f, buf, sizeof buf)) > 0)
        if (mirage_flow_write(f, buf, (size_t)n) != n)
            break;
    mirage_flow_close(f);
}

static void acceptor(void *arg)
{
    struct server *s = arg;
    struct mirage_flow *f;
    int err;
    while ((err = mirage_tcp_accept(s->l, &f)) == 0) {
        s->served++;
        mirage_spawn(echo, f);
    }
    CHECK_INT_EQ(err, -ECANCELED); /* unlisten ends it */
}

static void writer(void *arg)
{
    struct mirage_flow *f = arg;
    static uint8_t buf[1 << 20];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = sim_pattern(42, i);
    CHECK_INT_EQ(mirage_flow_write(f, buf, sizeof buf), (long)sizeof buf);
    CHECK_INT_EQ(mirage_flow_shutdown(f, MIRAGE_FLOW_SHUT_WR), 0);
}

static int echo_main(void)
{
    hosts_up(&fast);
    struct server s = {0};
    CHECK_INT_EQ(mirage_tcp_listen(hosts[1].tcp, 7, 8, &s.l), 0);
    struct mirage_fiber *acc;
    mirage_fiber_create(&acc, NULL, acceptor, &s);
    struct mirage_flow *f;
    CHECK_INT_EQ(mirage_tcp_connect(hosts[0].tcp, &hosts[1].addr, 7, &f), 0);
    struct mirage_ipaddr a;
    uint16_t port;
    CHECK_INT_EQ(mirage_flow_peer(f, &a, &port), 0);
    CHECK(mirage_ipaddr_equal(&a, &hosts[1].addr) && port == 7);
    CHECK_INT_EQ(mirage_flow_local(f, &a, &port), 0);
    CHECK(mirage_ipaddr_equal(&a, &hosts[0].addr) && port >= 49152);
    CHECK_INT_EQ(mirage_tcp_set_nodelay(hosts[0].tcp, f, true), 0);
    struct mirage_fiber *w;
    mirage_fiber_create(&w, NULL, writer, f);
    /* Read the echo while the writer is still writing: 1 MiB > the
     * send and receive buffers, so this only works if both run. */
    static uint8_t got[1 << 20];
    size_t n = 0;
    ssize_t k;
    while ((k = mirage_flow_read(f, got + n, sizeof got - n)) > 0)
        n += (size_t)k;
    CHECK_INT_EQ(k, 0); /* EOF after the echo server closed */
    CHECK_UINT_EQ(n, sizeof got);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += got[i] != sim_pattern(42, i);
    CHECK_UINT_EQ(bad, 0);
    mirage_fiber_join(w);
    mirage_flow_close(f);
    mirage_tcp_unlisten(s.l);
    mirage_fiber_join(acc);
    CHECK_INT_EQ(s.served, 1);
    hosts_down();
    return 0;
}

static void blocked_reader(void *arg)
{
    char c;
    CHECK_INT_EQ(mirage_flow_read(arg, &c, 1), -ECANCELED);
}

static void reset_reader(void *arg)
{
    char c;
    CHECK_INT_EQ(mirage_flow_read(arg, &c, 1), -ECONNRESET);
}

static int cancel_main(void)
{
    hosts_up(&fast);
    struct mirage_tcp_listener *l;
    CHECK_INT_EQ(mirage_tcp_listen(hosts[1].tcp, 7, 8, &l), 0);
    struct mirage_flow *f, *g;
    CHECK_INT_EQ(mirage_tcp_connect(hosts[0].tcp, &hosts[1].addr, 7, &f), 0);
    CHECK_INT_EQ(mirage_tcp_accept(l, &g), 0);
    /* A reader cancelled while waiting gets -ECANCELED; the flow stays. */
    struct mirage_fiber *r;
    mirage_fiber_create(&r, NULL, blocked_reader, f);
    mirage_sleep_ns(20 * SIM_MS);
    mirage_fiber_cancel(r);
    mirage_fiber_join(r);
    CHECK_INT_EQ(mirage_flow_write(g, "hi", 2), 2);
    char buf[4];
    CHECK_INT_EQ(mirage_flow_read(f, buf, sizeof buf), 2);
    CHECK_MEM_EQ(buf, "hi", 2);
    /* Refused connections and keep-alive through the wrappers. */
    struct mirage_flow *h;
    CHECK_INT_EQ(mirage_tcp_connect(hosts[0].tcp, &hosts[1].addr, 9, &h),
                 -ECONNREFUSED);
    struct mirage_tcp_keepalive ka = {SIM_SEC, SIM_SEC, 3};
    CHECK_INT_EQ(mirage_tcp_set_keepalive(hosts[0].tcp, f, &ka), 0);
    CHECK_INT_EQ(mirage_tcp_set_keepalive(hosts[0].tcp, f, NULL), 0);
    /* Closing with unread data resets; the reset wakes a blocked reader. */
    struct mirage_fiber *r2;
    mirage_fiber_create(&r2, NULL, reset_reader, g);
    /* Without Nagle "zz" leaves at once, though "hi" may be unacked. */
    CHECK_INT_EQ(mirage_tcp_set_nodelay(hosts[1].tcp, g, true), 0);
    CHECK_INT_EQ(mirage_flow_write(g, "zz", 2), 2);
    mirage_sleep_ns(20 * SIM_MS);
    mirage_flow_close(f);
    mirage_fiber_join(r2);
    CHECK_INT_EQ(mirage_flow_write(g, "z", 1), -ECONNRESET);
    mirage_flow_close(g);
    mirage_tcp_unlisten(l);
    hosts_down();
    return 0;
}

static void unlistener(void *arg)
{
    mirage_sleep_ns(10 * SIM_MS);
    mirage_tcp_unlisten(arg);
}

static int unlisten_main(void)
{
    hosts_up(&fast);
    struct mirage_tcp_listener *l;
    CHECK_INT_EQ(mirage_tcp_listen(hosts[1].tcp, 7, 8, &l), 0);
    mirage_spawn(unlistener, l);
    struct mirage_flow *f;
    CHECK_INT_EQ(mirage_tcp_accept(l, &f), -ECANCELED);
    hosts_down();
    return 0;
}

static int released;
static void on_release(struct mirage_buf *b)
{
    released++;
    mirage_buf_free_wrapper(b);
}

static int write_buf_main(void)
{
    static const char text[] = "constant data, sent without a copy";
    hosts_up(&fast);
    struct mirage_tcp_listener *l;
    CHECK_INT_EQ(mirage_tcp_listen(hosts[1].tcp, 7, 8, &l), 0);
    struct mirage_flow *f, *g;
    CHECK_INT_EQ(mirage_tcp_connect(hosts[0].tcp, &hosts[1].addr, 7, &f), 0);
    CHECK_INT_EQ(mirage_tcp_accept(l, &g), 0);
    released = 0;
    struct mirage_buf *b = mirage_buf_wrap(text, sizeof text, on_release, NULL);
    CHECK_INT_EQ(mirage_flow_write_buf(f, b), 0);
    mirage_flow_close(f);
    char buf[64];
    size_t n = 0;
    ssize_t k;
    while ((k = mirage_flow_read(g, buf + n, sizeof buf - n)) > 0)
        n += (size_t)k;
    CHECK_UINT_EQ(n, sizeof text);
    CHECK_MEM_EQ(buf, text, sizeof text);
    mirage_sleep_ns(20 * SIM_MS); /* the ACK reaches the sender */
    CHECK_INT_EQ(released, 1);
    CHECK_INT_EQ(mirage_flow_write(g, "x", 1), 1); /* half-closed */
    mirage_flow_close(g);
    mirage_tcp_unlisten(l);
    hosts_down();
    return 0;
}

static int (*test_fn)(void);
static int start(void)
{
    return test_fn();
}

static int run(int (*fn)(void))
{
    static char arg0[] = "test";
    char *argv[] = {arg0, NULL};
    struct mirage_app app = {"test", NULL, 0, NULL, 0, start};
    test_fn = fn;
    return mirage_main(&app, 1, argv);
}

static void echo_1mib(void)
{
    CHECK_INT_EQ(run(echo_main), 0);
}
static void cancellation(void)
{
    CHECK_INT_EQ(run(cancel_main), 0);
}
static void unlisten_wakes_accept(void)
{
    CHECK_INT_EQ(run(unlisten_main), 0);
}
static void write_buf_flow(void)
{
    CHECK_INT_EQ(run(write_buf_main), 0);
}

int main(void)
{
    sim_init(&rngsim, NULL); /* its engines stay unused */
    RUN(echo_1mib);
    RUN(cancellation);
    RUN(unlisten_wakes_accept);
    RUN(write_buf_flow);
    sim_fini(&rngsim);
    CHECK_DONE();
}
