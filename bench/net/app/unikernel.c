/* SPDX-License-Identifier: ISC */
/* netbench: the unikernel side of bench/net/run.sh (sink, source, echo,
 * idle holder and a UDP counters port). */
#include <mirage.h>
#include <mirage/tcp_direct.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mirage/keys.h"

#if defined(__MIRAGE_GUEST__)
/* The guest allocator's own accounting (platform/nolibc). */
struct mirage__nolibc_heap_stats {
    size_t heap_size, used_bytes, free_bytes, used_blocks, free_blocks;
};
int mirage__nolibc_heap_check(struct mirage__nolibc_heap_stats *st);

static long long heap_used(void)
{
    struct mirage__nolibc_heap_stats h;
    if (mirage__nolibc_heap_check(&h) < 0)
        return -1;
    return (long long)(h.used_bytes + 16 * h.used_blocks); /* + headers */
}
#elif defined(__GLIBC__)
#include <malloc.h>
static long long heap_used(void)
{
    return (long long)mallinfo2().uordblks;
}
#else
static long long heap_used(void)
{
    return -1;
}
#endif

/*
 * The same services as bench/net/netpeer.c's Linux server:
 *   TCP 5001 sink: reads until EOF, answers "<bytes>\n", closes
 *   TCP 5002 source: reads "<bytes>\n", sends that many bytes (0: until
 *            the peer goes away), closes
 *   TCP 5003 echo, no Nagle (request/response and connect/request/close)
 *   TCP 5004 hold: accepts and keeps the connection, never reads (idle)
 *   UDP 9    any datagram: "conns N held N buffers N time_wait N heap N"
 *            (heap: bytes allocated, headers included; -1 if unknown)
 */
enum { CHUNK = 65536 };

static struct mirage_stack *stack;
static struct mirage_flow **held;
static size_t nheld, capheld;

static void serve_sink(void *arg)
{
    struct mirage_flow *f = arg;
    char *buf = malloc(CHUNK), line[32];
    uint64_t total = 0;
    ssize_t n = -1;
    while (buf && (n = mirage_flow_read(f, buf, CHUNK)) > 0)
        total += (uint64_t)n;
    int len = snprintf(line, sizeof line, "%llu\n", (unsigned long long)total);
    if (n == 0)
        mirage_flow_write(f, line, (size_t)len);
    free(buf);
    mirage_flow_close(f);
}

static void serve_source(void *arg)
{
    struct mirage_flow *f = arg;
    char line[32];
    size_t got = 0;
    while (got < sizeof line - 1 && !memchr(line, '\n', got)) {
        ssize_t n = mirage_flow_read(f, line + got, sizeof line - 1 - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    line[got] = '\0';
    uint64_t want = strtoull(line, NULL, 10), sent = 0;
    char *buf = calloc(1, CHUNK);
    while (buf && (want == 0 || sent < want)) {
        size_t k =
            want == 0 || want - sent > CHUNK ? CHUNK : (size_t)(want - sent);
        if (mirage_flow_write(f, buf, k) != (ssize_t)k)
            break;
        sent += k;
    }
    free(buf);
    mirage_flow_close(f);
}

static void serve_echo(void *arg)
{
    struct mirage_flow *f = arg;
    char buf[2048];
    ssize_t n;
    mirage_tcp_set_nodelay(mirage_stack_tcp(stack), f, true);
    while ((n = mirage_flow_read(f, buf, sizeof buf)) > 0)
        if (mirage_flow_write(f, buf, (size_t)n) != n)
            break;
    mirage_flow_close(f);
}

/* No fiber per held connection: only the engine's state stays. */
static void hold(void *arg)
{
    struct mirage_flow *f = arg;
    if (nheld == capheld) {
        size_t cap = capheld ? capheld * 2 : 1024;
        struct mirage_flow **p = realloc(held, cap * sizeof *p);
        if (!p) {
            mirage_flow_close(f);
            return;
        }
        held = p;
        capheld = cap;
    }
    held[nheld++] = f;
}

struct service {
    uint16_t port;
    mirage_fiber_fn fn;
    bool fiber;
    struct mirage_tcp_listener *l;
};

static void acceptor(void *arg)
{
    struct service *s = arg;
    struct mirage_flow *f;
    while (mirage_tcp_accept(s->l, &f) == 0) {
        if (!s->fiber)
            s->fn(f);
        else if (mirage_spawn(s->fn, f) < 0)
            mirage_flow_close(f);
    }
}

static void counters(void *arg, struct mirage_udp *u,
                     const struct mirage_ipaddr *src, uint16_t sport,
                     const struct mirage_ipaddr *dst, uint16_t dport,
                     struct mirage_buf *b)
{
    struct mirage_tcp_direct_stats s;
    char text[200];
    (void)arg, (void)dst, (void)b;
    memset(&s, 0, sizeof s);
    mirage_tcp_direct_stats(mirage_stack_tcp(stack), &s);
    int n = snprintf(text, sizeof text,
                     "conns %u held %zu buffers %u time_wait %u heap %lld\n",
                     s.conns, nheld, s.buffers, s.time_wait, heap_used());
    mirage_udp_write(u, NULL, dport, src, sport, text, (size_t)n);
}

int unikernel_start(struct mirage_stack *st)
{
    static struct service svc[] = {{5001, serve_sink, true, NULL},
                                   {5002, serve_source, true, NULL},
                                   {5003, serve_echo, true, NULL},
                                   {5004, hold, false, NULL}};
    int err = 0;
    stack = st;
    for (size_t i = 0; err == 0 && i < sizeof svc / sizeof svc[0]; i++) {
        err = mirage_stack_tcp_listen(st, svc[i].port, 1024, &svc[i].l);
        if (err == 0)
            err = mirage_spawn(acceptor, &svc[i]);
    }
    if (err == 0)
        err = mirage_stack_udp_listen(st, 9, counters, NULL);
    if (err < 0) {
        mirage_log_err(&mirage_log_app, "netbench: %s", mirage_strerror(err));
        return err;
    }
    mirage_log_info(&mirage_log_app, "netbench: ready");
    for (;;)
        mirage_sleep_ns(1000000000ull);
    return 0;
}
