/* SPDX-License-Identifier: ISC */
/* A unikernel for the TCP interop tests: echo, slow sink, source, stats. */
#include <mirage.h>
#include <mirage/buf.h>
#include <mirage/flow.h>
#include <mirage/ip.h>
#include <mirage/stack.h>
#include <mirage/tcp.h>
#include <mirage/tcp_direct.h>
#include <mirage/udp.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Boot arguments: --interface=tap0 --ipv4=10.0.0.2/24 [--loss=PPM]
 * [--reorder=PPM].  The direct stack is built without TCP; this program
 * creates the TCP engine itself over a shim of the IP layer that can drop
 * segments (both directions) and hold some back 3 to 10 ms (reordering),
 * for when the host has no netem qdisc.
 *
 *   TCP 7   echo
 *   TCP 9   slow sink: reads 4 KiB every 10 ms until EOF, then answers
 *           "<bytes> <fnv1a-64 hex>\n" and closes
 *   TCP 10  source: reads a decimal byte count and a newline, sends that
 *           many bytes of the test pattern, closes
 *   UDP 9   "stats": every counter as "name value" lines; "quit": exit
 */

static struct mirage_key key_interface = {.name = "interface",
                                          .doc = "The tap interface.",
                                          .docv = "NAME",
                                          .type = MIRAGE_KEY_STRING,
                                          .default_text = "tap0"};
static struct mirage_key key_ipv4 = {.name = "ipv4",
                                     .doc = "Address and prefix.",
                                     .docv = "PREFIX",
                                     .type = MIRAGE_KEY_STRING,
                                     .default_text = "10.0.0.2/24"};
static struct mirage_key key_loss = {
    .name = "loss",
    .doc = "Segments dropped per million, each way.",
    .docv = "PPM",
    .type = MIRAGE_KEY_INT,
    .default_text = "0"};
static struct mirage_key key_reorder = {
    .name = "reorder",
    .doc = "Segments delayed per million, each way.",
    .docv = "PPM",
    .type = MIRAGE_KEY_INT,
    .default_text = "0"};
static struct mirage_key *const keys[] = {&key_interface, &key_ipv4, &key_loss,
                                          &key_reorder};

static struct mirage_stack *stack;
static struct mirage_tcp *tcp;
static struct mirage_cond quit = MIRAGE_COND_INIT;
static bool quitting;
static struct mirage_random *rng;

/* The lossy shim between TCP and the IP layer. */
struct held {
    struct held *next;
    struct mirage_timer t;
    bool in; /* towards TCP (a copy) or towards IP (the buffer) */
    struct mirage_ipaddr src, dst;
    struct mirage_buf *b;
};
static struct {
    struct mirage_ip ip;
    struct mirage_ip *lower;
    mirage_ip_handler fn;
    void *arg;
    uint64_t dropped, delayed;
} shim;

static bool chance(int64_t ppm)
{
    return ppm > 0 && mirage_random_uniform(rng, 1000000) < (uint64_t)ppm;
}

static void release_held(struct mirage_timer *t, void *arg)
{
    struct held *h = arg;
    (void)t;
    if (h->in) {
        if (shim.fn)
            shim.fn(shim.arg, &shim.ip, &h->src, &h->dst, h->b);
        mirage_buf_unref(h->b);
    } else {
        mirage_ip_write(shim.lower, &h->src, &h->dst, MIRAGE_IP_PROTO_TCP,
                        h->b);
    }
    free(h);
}

static bool hold(bool in, const struct mirage_ipaddr *src,
                 const struct mirage_ipaddr *dst, struct mirage_buf *b)
{
    struct held *h = calloc(1, sizeof *h);
    if (!h)
        return false;
    h->in = in;
    h->src = *src;
    h->dst = *dst;
    h->b = b;
    mirage_timer_init(&h->t, release_held, h);
    uint64_t delay = 3000000 + mirage_random_uniform(rng, 7000000);
    mirage_timer_arm(&h->t, mirage_now_ns() + delay);
    shim.delayed++;
    return true;
}

static int shim_write(struct mirage_ip *ip, const struct mirage_ipaddr *src,
                      const struct mirage_ipaddr *dst, uint8_t proto,
                      struct mirage_buf *b)
{
    (void)ip;
    if (chance(key_loss.value.scalar.i)) {
        shim.dropped++;
        mirage_buf_unref(b);
        return 0;
    }
    struct mirage_ipaddr s;
    if (!src && mirage_ip_src(shim.lower, dst, &s) == 0)
        src = &s;
    if (src && chance(key_reorder.value.scalar.i) && hold(false, src, dst, b))
        return 0;
    return mirage_ip_write(shim.lower, src, dst, proto, b);
}

static void shim_input(void *arg, struct mirage_ip *ip,
                       const struct mirage_ipaddr *src,
                       const struct mirage_ipaddr *dst, struct mirage_buf *b)
{
    (void)arg, (void)ip;
    if (chance(key_loss.value.scalar.i)) {
        shim.dropped++;
        return;
    }
    if (chance(key_reorder.value.scalar.i)) {
        struct mirage_buf *copy = mirage_buf_alloc(0, b->len);
        if (copy) {
            memcpy(mirage_buf_put(copy, b->len), mirage_buf_data(b), b->len);
            if (hold(true, src, dst, copy))
                return;
            mirage_buf_unref(copy);
        }
    }
    if (shim.fn)
        shim.fn(shim.arg, &shim.ip, src, dst, b);
}

static int shim_src(struct mirage_ip *ip, const struct mirage_ipaddr *dst,
                    struct mirage_ipaddr *out)
{
    (void)ip;
    return mirage_ip_src(shim.lower, dst, out);
}

static uint32_t shim_mtu(struct mirage_ip *ip, const struct mirage_ipaddr *dst)
{
    (void)ip;
    return mirage_ip_mtu(shim.lower, dst);
}

static void shim_set_handler(struct mirage_ip *ip, uint8_t proto,
                             mirage_ip_handler fn, void *arg)
{
    (void)ip, (void)proto;
    shim.fn = fn;
    shim.arg = arg;
}

static const struct mirage_ip_ops shim_ops = {shim_write, shim_src, shim_mtu,
                                              shim_set_handler};

static uint8_t pattern(uint64_t i)
{
    return (uint8_t)(i * 7 + (i >> 8) + (i >> 16) * 3);
}

static void serve_echo(void *arg)
{
    struct mirage_flow *f = arg;
    /* One buffer per fiber: a write may suspend while others read. */
    char *buf = malloc(16384);
    ssize_t n;
    while (buf && (n = mirage_flow_read(f, buf, 16384)) > 0)
        if (mirage_flow_write(f, buf, (size_t)n) != n)
            break;
    free(buf);
    mirage_flow_close(f);
}

static void serve_sink(void *arg)
{
    struct mirage_flow *f = arg;
    char buf[4096];
    uint64_t total = 0, h = 0xcbf29ce484222325ull;
    ssize_t n;
    while ((n = mirage_flow_read(f, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            h = (h ^ (uint8_t)buf[i]) * 0x100000001b3ull;
        total += (uint64_t)n;
        mirage_sleep_ns(10000000);
    }
    int len = snprintf(buf, sizeof buf, "%llu %016llx\n",
                       (unsigned long long)total, (unsigned long long)h);
    if (n == 0)
        mirage_flow_write(f, buf, (size_t)len);
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
    uint8_t buf[4096];
    while (sent < want) {
        size_t k =
            want - sent < sizeof buf ? (size_t)(want - sent) : sizeof buf;
        for (size_t i = 0; i < k; i++)
            buf[i] = pattern(sent + i);
        if (mirage_flow_write(f, buf, k) != (ssize_t)k)
            break;
        sent += k;
    }
    mirage_flow_close(f);
}

struct service {
    uint16_t port;
    mirage_fiber_fn fn;
    struct mirage_tcp_listener *l;
};

static void acceptor(void *arg)
{
    struct service *s = arg;
    struct mirage_flow *f;
    while (mirage_tcp_accept(s->l, &f) == 0)
        if (mirage_spawn(s->fn, f) < 0)
            mirage_flow_close(f);
}

struct text {
    char buf[16384];
    size_t len;
};

static void add(void *arg, const char *name, uint64_t v)
{
    struct text *t = arg;
    int n = snprintf(t->buf + t->len, sizeof(t->buf) - t->len, "%s %llu\n",
                     name, (unsigned long long)v);
    if (n > 0 && (size_t)n < sizeof(t->buf) - t->len)
        t->len += (size_t)n;
}

static void counters(struct text *t)
{
    struct mirage_tcp_direct_stats s;
    mirage_tcp_direct_stats(tcp, &s);
    t->len = 0;
    add(t, "shim.dropped", shim.dropped);
    add(t, "shim.delayed", shim.delayed);
    add(t, "tcp.segs_in", s.segs_in);
    add(t, "tcp.segs_out", s.segs_out);
    add(t, "tcp.retransmits", s.retransmits);
    add(t, "tcp.fast_retransmits", s.fast_retransmits);
    add(t, "tcp.timeouts", s.timeouts);
    add(t, "tcp.persist_probes", s.persist_probes);
    add(t, "tcp.conn_accepted", s.conn_accepted);
    add(t, "tcp.conn_reset", s.conn_reset);
    add(t, "tcp.drop_checksum", s.drop_checksum);
    add(t, "tcp.drop_out_of_window", s.drop_out_of_window);
    add(t, "tcp.drop_paws", s.drop_paws);
    add(t, "tcp.conns", s.conns);
    add(t, "tcp.buffers", s.buffers);
}

static void control(void *arg, struct mirage_udp *u,
                    const struct mirage_ipaddr *src, uint16_t sport,
                    const struct mirage_ipaddr *dst, uint16_t dport,
                    struct mirage_buf *b)
{
    static struct text t;
    (void)arg, (void)dst;
    if (b->len == 4 && memcmp(mirage_buf_data(b), "quit", 4) == 0) {
        quitting = true;
        mirage_cond_broadcast(&quit);
        mirage_udp_write(u, NULL, dport, src, sport, "bye", 3);
        return;
    }
    counters(&t);
    mirage_udp_write(u, NULL, dport, src, sport, t.buf, t.len);
}

static int setup(void)
{
    struct mirage_stack_direct_config cfg = {
        .interface = key_interface.value.scalar.s, .no_tcp = true};
    int r = mirage_ipv4_config_parse(&cfg.ipv4, key_ipv4.value.scalar.s, NULL);
    if (r == 0)
        r = mirage_random_default_connect(&rng);
    cfg.rng = rng;
    if (r == 0)
        r = mirage_stack_direct_create(&cfg, &stack);
    if (r < 0)
        return r;
    shim.ip.ops = &shim_ops;
    shim.lower = mirage_stack_ip(stack);
    mirage_ip_set_handler(shim.lower, MIRAGE_IP_PROTO_TCP, shim_input, NULL);
    r = mirage_tcp_direct_create(&shim.ip, rng, NULL, &tcp);
    if (r == 0)
        r = mirage_stack_udp_listen(stack, 9, control, NULL);
    static struct service svc[3] = {
        {7, serve_echo, NULL}, {9, serve_sink, NULL}, {10, serve_source, NULL}};
    for (int i = 0; r == 0 && i < 3; i++) {
        r = mirage_tcp_listen(tcp, svc[i].port, 128, &svc[i].l);
        if (r == 0)
            r = mirage_spawn(acceptor, &svc[i]);
    }
    return r;
}

static int start(void)
{
    int r = setup();
    if (r < 0) {
        printf("tcp_server: %s\n", mirage_strerror(r));
        return 1;
    }
    printf("tcp_server: ready\n");
    fflush(stdout);
    while (!quitting)
        mirage_cond_wait(&quit);
    mirage_sleep_ns(50000000);
    static struct text t;
    counters(&t);
    printf("%s", t.buf);
    return 0;
}

int mirage_app_main(int argc, char **argv)
{
    static const struct mirage_app app = {
        .name = "tcp_server",
        .keys = keys,
        .nkeys = sizeof(keys) / sizeof(keys[0]),
        .start = start,
    };
    return mirage_main(&app, argc, argv);
}
