/* SPDX-License-Identifier: ISC */
/* A unikernel for the TCP interop tests: echo, slow sink, source, stats. */
#include "support.h"

#include <mirage/buf.h>
#include <mirage/ip.h>
#include <mirage/net.h>
#include <mirage/stack.h>
#include <mirage/tcp_direct.h>

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
static struct mirage_key *const keys[] = {&key_loss, &key_reorder};

static struct mirage_stack *stack;
static struct mirage_tcp *tcp;
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
            /* The device's checksum metadata moves with the data. */
            copy->rx_csum = b->rx_csum;
            copy->csum_offset = b->csum_offset;
            copy->gso_size = b->gso_size;
            copy->csum_start = b->csum_start - b->off + copy->off;
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

static void counters(struct support_text *t)
{
    struct mirage_tcp_direct_stats s;
    mirage_tcp_direct_stats(tcp, &s);
    support_add(t, "shim.dropped", shim.dropped);
    support_add(t, "shim.delayed", shim.delayed);
    support_add(t, "tcp.segs_in", s.segs_in);
    support_add(t, "tcp.segs_out", s.segs_out);
    support_add(t, "tcp.retransmits", s.retransmits);
    support_add(t, "tcp.fast_retransmits", s.fast_retransmits);
    support_add(t, "tcp.timeouts", s.timeouts);
    support_add(t, "tcp.persist_probes", s.persist_probes);
    support_add(t, "tcp.conn_accepted", s.conn_accepted);
    support_add(t, "tcp.conn_reset", s.conn_reset);
    support_add(t, "tcp.drop_checksum", s.drop_checksum);
    support_add(t, "tcp.drop_out_of_window", s.drop_out_of_window);
    support_add(t, "tcp.drop_paws", s.drop_paws);
    support_add(t, "tcp.conns", s.conns);
    support_add(t, "tcp.buffers", s.buffers);
    support_add(t, "tcp.tso_out", s.tso_out);
    support_add(t, "tcp.large_in", s.large_in);
    struct mirage_stack_direct_parts p;
    mirage_stack_direct_parts(stack, &p);
    struct mirage_net_stats n;
    mirage_net_stats(p.net, &n);
    support_add(t, "netif.tx_gso", n.tx_gso);
    support_add(t, "netif.rx_gso", n.rx_gso);
    support_add(t, "netif.tx_csum", n.tx_csum);
    support_add(t, "netif.drop.rx_vnet", n.rx_drop_vnet);
}

static int setup(void)
{
    struct mirage_stack_direct_config cfg = {
        .interface = support_key_interface.value.scalar.s, .no_tcp = true};
    int r = mirage_ipv4_config_parse(&cfg.ipv4, support_key_ipv4.value.scalar.s,
                                     NULL);
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
    /* The device's offloads, as the direct stack would give its TCP. */
    struct mirage_stack_direct_parts p;
    mirage_stack_direct_parts(stack, &p);
    struct mirage_tcp_direct_config tc = {.offloads =
                                              mirage_net_offloads(p.net)};
    r = mirage_tcp_direct_create(&shim.ip, rng, &tc, &tcp);
    if (r == 0)
        r = mirage_stack_udp_listen(stack, 9, support_control, NULL);
    static struct support_service svc[3] = {{7, support_echo, NULL},
                                            {9, serve_sink, NULL},
                                            {10, serve_source, NULL}};
    for (int i = 0; r == 0 && i < 3; i++) {
        r = mirage_tcp_listen(tcp, svc[i].port, 128, &svc[i].l);
        if (r == 0)
            r = support_serve(&svc[i]);
    }
    return r;
}

int mirage_app_main(int argc, char **argv)
{
    static const struct support_prog prog = {.name = "tcp_server",
                                             .keys = keys,
                                             .nkeys =
                                                 sizeof(keys) / sizeof(keys[0]),
                                             .setup = setup,
                                             .counters = counters};
    return support_main(&prog, argc, argv);
}
