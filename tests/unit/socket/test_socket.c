/* SPDX-License-Identifier: ISC */
/* The socket stack over the host's loopback: UDP and TCP, errors, wake-ups. */
#include <mirage.h>
#include <mirage/stack.h>

#include "../netsupport/netsupport.h"
#include "check.h"

#include <dirent.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>

#define MS 1000000ull
static struct mirage_stack *stack;
static const struct mirage_ipaddr lo4 = {MIRAGE_IPV4, {127, 0, 0, 1}};

static struct {
    int count;
    struct mirage_ipaddr src, dst;
    uint16_t sport, dport;
    char data[64];
} got;

static void collect(void *arg, struct mirage_udp *u,
                    const struct mirage_ipaddr *src, uint16_t sport,
                    const struct mirage_ipaddr *dst, uint16_t dport,
                    struct mirage_buf *b)
{
    (void)arg, (void)u;
    got.count++;
    got.src = *src;
    got.dst = *dst;
    got.sport = sport;
    got.dport = dport;
    size_t n = b->len < sizeof(got.data) - 1 ? b->len : sizeof(got.data) - 1;
    memcpy(got.data, mirage_buf_data(b), n);
    got.data[n] = 0;
}

static void echo(void *arg, struct mirage_udp *u,
                 const struct mirage_ipaddr *src, uint16_t sport,
                 const struct mirage_ipaddr *dst, uint16_t dport,
                 struct mirage_buf *b)
{
    (void)arg;
    mirage_udp_write(u, dst, dport, src, sport, mirage_buf_data(b), b->len);
}

static bool wait_count(int n)
{
    for (int i = 0; i < 200 && got.count < n; i++)
        mirage_sleep_ns(5 * MS);
    return got.count >= n;
}

static void test_udp(void)
{
    struct mirage_udp *u = mirage_stack_udp(stack);
    CHECK_INT_EQ(mirage_udp_listen(u, 17001, echo, NULL), 0);
    CHECK_INT_EQ(mirage_udp_listen(u, 17002, collect, NULL), 0);
    CHECK_INT_EQ(mirage_udp_listen(u, 17002, collect, NULL), -EADDRINUSE);
    CHECK_INT_EQ(mirage_udp_listen(u, 0, collect, NULL), -EINVAL);
    CHECK_INT_EQ(mirage_udp_write(u, NULL, 17002, &lo4, 17001, "marco", 5), 0);
    CHECK(wait_count(1));
    CHECK_STR_EQ(got.data, "marco");
    CHECK_UINT_EQ(got.sport, 17001);
    CHECK_UINT_EQ(got.dport, 17002);
    CHECK(mirage_ipaddr_equal(&got.src, &lo4));
    CHECK(mirage_ipaddr_equal(&got.dst, &lo4));
    /* From a random port to the collector. */
    CHECK_INT_EQ(mirage_stack_udp_write(stack, &lo4, 17002, "polo", 4), 0);
    CHECK(wait_count(2));
    CHECK_STR_EQ(got.data, "polo");
    CHECK(got.sport != 0 && got.sport != 17001);
    /* From a fixed port nobody listens on. */
    CHECK_INT_EQ(mirage_udp_write(u, NULL, 17003, &lo4, 17002, "fixed", 5), 0);
    CHECK(wait_count(3));
    CHECK_UINT_EQ(got.sport, 17003);
    /* IPv6 loopback, when the host has it. */
    struct mirage_ipaddr lo6;
    mirage_ipaddr_parse("::1", &lo6);
    if (mirage_udp_write(u, NULL, 17001, &lo6, 17002, "six", 3) == 0) {
        CHECK(wait_count(4));
        CHECK_STR_EQ(got.data, "six");
        CHECK_INT_EQ(got.dst.family, MIRAGE_IPV6);
    }
    CHECK_INT_EQ(mirage_udp_write(u, NULL, 1, &lo4, 0, "x", 1), -EINVAL);
    mirage_udp_unlisten(u, 17001);
    mirage_udp_unlisten(u, 17002);
    CHECK_INT_EQ(mirage_udp_listen(u, 17002, collect, NULL), 0);
    mirage_udp_unlisten(u, 17002);
}

/* Echoes a connection until end of stream, then closes it. */
static void serve(void *arg)
{
    struct mirage_flow *f = arg;
    static char buf[65536];
    ssize_t n;
    while ((n = mirage_flow_read(f, buf, sizeof(buf))) > 0)
        if (mirage_flow_write(f, buf, (size_t)n) != n)
            break;
    mirage_flow_close(f);
}

static void acceptor(void *arg)
{
    struct mirage_tcp_listener *l = arg;
    struct mirage_flow *f;
    while (mirage_tcp_accept(l, &f) == 0)
        mirage_spawn(serve, f);
}

#define BIG (2 * 1024 * 1024)
static uint8_t out[BIG], in[BIG];

static void writer(void *arg)
{
    struct mirage_flow *f = arg;
    for (size_t off = 0; off < BIG; off += 100000) {
        size_t n = BIG - off < 100000 ? BIG - off : 100000;
        CHECK_INT_EQ(mirage_flow_write(f, out + off, n), (ssize_t)n);
    }
    CHECK_INT_EQ(mirage_flow_shutdown(f, MIRAGE_FLOW_SHUT_WR), 0);
}

static void test_tcp(void)
{
    struct mirage_tcp_listener *l;
    CHECK_INT_EQ(mirage_stack_tcp_listen(stack, 17010, 8, &l), 0);
    struct mirage_tcp_listener *l2;
    CHECK_INT_EQ(mirage_stack_tcp_listen(stack, 17010, 8, &l2), -EADDRINUSE);
    struct mirage_fiber *acc;
    mirage_fiber_create(&acc, NULL, acceptor, l);
    struct mirage_flow *f;
    CHECK_INT_EQ(mirage_stack_tcp_connect(stack, &lo4, 17010, &f), 0);
    struct mirage_ipaddr a;
    uint16_t port;
    CHECK_INT_EQ(mirage_flow_peer(f, &a, &port), 0);
    CHECK_UINT_EQ(port, 17010);
    CHECK(mirage_ipaddr_equal(&a, &lo4));
    CHECK_INT_EQ(mirage_flow_local(f, &a, &port), 0);
    CHECK(port != 0);
    uint32_t x = 99;
    for (size_t i = 0; i < BIG; i++) {
        x = x * 1103515245 + 12345;
        out[i] = (uint8_t)(x >> 16);
    }
    struct mirage_fiber *w;
    mirage_fiber_create(&w, NULL, writer, f);
    size_t got_bytes = 0;
    ssize_t n;
    while ((n = mirage_flow_read(f, in + got_bytes, BIG - got_bytes)) > 0)
        got_bytes += (size_t)n;
    CHECK_INT_EQ(n, 0); /* the server closed after our shutdown */
    CHECK_UINT_EQ(got_bytes, BIG);
    CHECK_MEM_EQ(in, out, BIG);
    mirage_fiber_join(w);
    CHECK_INT_EQ(mirage_tcp_set_nodelay(mirage_stack_tcp(stack), f, true), 0);
    struct mirage_tcp_keepalive ka = {5000 * MS, 1000 * MS, 3};
    CHECK_INT_EQ(mirage_tcp_set_keepalive(mirage_stack_tcp(stack), f, &ka), 0);
    mirage_flow_close(f);
    /* unlisten wakes the fiber in accept. */
    mirage_tcp_unlisten(l);
    CHECK_INT_EQ(mirage_fiber_join(acc), 0);
    CHECK_INT_EQ(mirage_stack_tcp_connect(stack, &lo4, 17010, &f),
                 -ECONNREFUSED);
    CHECK_INT_EQ(mirage_stack_tcp_listen(stack, 0, 8, &l), -EINVAL);
}

static void cancel_reader(void *arg)
{
    struct mirage_flow *f = arg;
    char c;
    CHECK_INT_EQ(mirage_flow_read(f, &c, 1), -ECANCELED);
}

static void test_cancel_read(void)
{
    struct mirage_tcp_listener *l;
    CHECK_INT_EQ(mirage_stack_tcp_listen(stack, 17011, 8, &l), 0);
    struct mirage_flow *c, *s;
    CHECK_INT_EQ(mirage_stack_tcp_connect(stack, &lo4, 17011, &c), 0);
    CHECK_INT_EQ(mirage_tcp_accept(l, &s), 0);
    struct mirage_fiber *r;
    mirage_fiber_create(&r, NULL, cancel_reader, c);
    mirage_sleep_ns(10 * MS);
    CHECK(!mirage_fiber_done(r));
    mirage_fiber_cancel(r);
    mirage_fiber_join(r);
    /* The flow stays usable. */
    CHECK_INT_EQ(mirage_flow_write(s, "late", 4), 4);
    char buf[8];
    CHECK_INT_EQ(mirage_flow_read(c, buf, sizeof(buf)), 4);
    mirage_flow_close(s);
    CHECK_INT_EQ(mirage_flow_read(c, buf, sizeof(buf)), 0);
    mirage_flow_close(c);
    mirage_tcp_unlisten(l);
}

struct rdjob {
    struct mirage_flow *f;
    char *buf;
    size_t len;
    ssize_t n;
};

static void job_read(void *arg)
{
    struct rdjob *j = arg;
    j->n = mirage_flow_read(j->f, j->buf, j->len);
}

/* One read of at most len bytes in a fiber, cancelled (-ECANCELED) if it
 * has not returned within 2 s. */
static ssize_t read_within(struct mirage_flow *f, char *buf, size_t len)
{
    struct rdjob j = {f, buf, len, -1};
    struct mirage_fiber *r;
    mirage_fiber_create(&r, NULL, job_read, &j);
    for (int i = 0; i < 2000 && !mirage_fiber_done(r); i++)
        mirage_sleep_ns(MS);
    if (!mirage_fiber_done(r))
        mirage_fiber_cancel(r);
    mirage_fiber_join(r);
    return j.n;
}

/* Reads of every size wake up for data that arrives later, whether a
 * read waits for it or not, leave the rest for the next read, and see the
 * end of stream behind data that came with it. */
static void test_short_reads(void)
{
    struct mirage_tcp_listener *l;
    CHECK_INT_EQ(mirage_stack_tcp_listen(stack, 17012, 8, &l), 0);
    struct mirage_flow *c, *s;
    CHECK_INT_EQ(mirage_stack_tcp_connect(stack, &lo4, 17012, &c), 0);
    CHECK_INT_EQ(mirage_tcp_accept(l, &s), 0);
    char buf[64];
    CHECK_INT_EQ(mirage_flow_write(s, "abc", 3), 3);
    CHECK_INT_EQ(read_within(c, buf, sizeof(buf)), 3);
    /* Two arrivals while no read waits. */
    CHECK_INT_EQ(mirage_flow_write(s, "de", 2), 2);
    CHECK_INT_EQ(mirage_flow_write(s, "fgh", 3), 3);
    mirage_sleep_ns(5 * MS);
    size_t got_n = 0;
    ssize_t n = 1;
    while (got_n < 5 && n > 0) {
        n = read_within(c, buf + got_n, sizeof(buf) - got_n);
        got_n += n > 0 ? (size_t)n : 0;
    }
    CHECK_UINT_EQ(got_n, 5);
    CHECK_MEM_EQ(buf, "defgh", 5);
    /* Full reads leave the rest readable without a new event. */
    CHECK_INT_EQ(mirage_flow_write(s, "0123456789", 10), 10);
    mirage_sleep_ns(5 * MS);
    CHECK_INT_EQ(read_within(c, buf, 4), 4);
    CHECK_INT_EQ(read_within(c, buf + 4, 4), 4);
    CHECK_INT_EQ(read_within(c, buf + 8, 4), 2);
    CHECK_MEM_EQ(buf, "0123456789", 10);
    /* A read that waits is woken by the next data, then by the close. */
    for (int i = 0; i < 50; i++) {
        CHECK_INT_EQ(mirage_flow_write(s, "z", 1), 1);
        CHECK_INT_EQ(read_within(c, buf, sizeof(buf)), 1);
    }
    /* Data and the end of stream that arrive together: a short read of
     * the data does not mean that nothing follows. */
    CHECK_INT_EQ(mirage_flow_write(s, "end", 3), 3);
    mirage_flow_close(s);
    mirage_sleep_ns(5 * MS);
    CHECK_INT_EQ(read_within(c, buf, sizeof(buf)), 3);
    CHECK_INT_EQ(read_within(c, buf, sizeof(buf)), 0);
    mirage_flow_close(c);
    mirage_tcp_unlisten(l);
}

static void disconnect_later(void *arg)
{
    mirage_sleep_ns(10 * MS);
    mirage_stack_disconnect(arg);
}

static void test_listen_and_addresses(void)
{
    struct mirage_ipprefix p[4];
    CHECK_UINT_EQ(mirage_stack_addresses(stack, p, 4), 2);
    CHECK_INT_EQ(p[0].addr.family, MIRAGE_IPV4);
    CHECK_INT_EQ(p[1].addr.family, MIRAGE_IPV6);
    CHECK(mirage_stack_ip(stack) == NULL);
    mirage_spawn(disconnect_later, stack);
    CHECK_INT_EQ(mirage_stack_listen(stack), 0);
    stack = NULL;
    struct mirage_stack_socket_config bad = {.ipv4_only = true,
                                             .ipv6_only = true};
    struct mirage_stack *s2;
    CHECK_INT_EQ(mirage_stack_socket_create(&bad, &s2), -EINVAL);
    struct mirage_stack_socket_config v4 = {.ipv4_only = true};
    CHECK_INT_EQ(mirage_stack_socket_create(&v4, &s2), 0);
    CHECK_UINT_EQ(mirage_stack_addresses(s2, p, 4), 1);
    struct mirage_ipaddr lo6;
    mirage_ipaddr_parse("::1", &lo6);
    CHECK_INT_EQ(
        mirage_udp_write(mirage_stack_udp(s2), NULL, 0, &lo6, 9, "x", 1),
        -EAFNOSUPPORT);
    mirage_stack_disconnect(s2);
}

/* SO_SNDBUF of the socket whose local port is port and which has a peer
 * (the accepted one); -1 if there is none. */
static int accepted_sndbuf(uint16_t port)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int found = -1;
    while (d && (e = readdir(d)) != NULL) {
        int fd = atoi(e->d_name);
        struct sockaddr_in a, p;
        socklen_t al = sizeof(a), pl = sizeof(p);
        if (getsockname(fd, (struct sockaddr *)&a, &al) < 0 ||
            a.sin_family != AF_INET || ntohs(a.sin_port) != port ||
            getpeername(fd, (struct sockaddr *)&p, &pl) < 0)
            continue;
        socklen_t vl = sizeof(found);
        getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &found, &vl);
    }
    if (d)
        closedir(d);
    return found;
}

static struct mirage_flow *accepted;

static void accept_one(void *arg)
{
    CHECK_INT_EQ(mirage_tcp_accept(arg, &accepted), 0);
}

/* A connection from loopback gets the fixed 128 KiB send buffer (Linux
 * reports it doubled), not the autotuned one. */
static void test_loopback_sndbuf(void)
{
    struct mirage_tcp_listener *l;
    struct mirage_fiber *acc;
    struct mirage_flow *f;
    CHECK_INT_EQ(mirage_stack_tcp_listen(stack, 17013, 8, &l), 0);
    mirage_fiber_create(&acc, NULL, accept_one, l);
    CHECK_INT_EQ(mirage_stack_tcp_connect(stack, &lo4, 17013, &f), 0);
    CHECK_INT_EQ(mirage_fiber_join(acc), 0);
    CHECK_INT_EQ(accepted_sndbuf(17013), 2 * 128 * 1024);
    mirage_flow_close(accepted);
    mirage_flow_close(f);
    mirage_tcp_unlisten(l);
}

static int run(void)
{
    CHECK_INT_EQ(mirage_stack_socket_create(NULL, &stack), 0);
    RUN(test_udp);
    RUN(test_tcp);
    RUN(test_cancel_read);
    RUN(test_short_reads);
    RUN(test_loopback_sndbuf);
    RUN(test_listen_and_addresses); /* last: it disconnects the stack */
    return 0;
}

int main(void)
{
    CHECK_INT_EQ(ns_run(run), 0);
    CHECK_DONE();
}
