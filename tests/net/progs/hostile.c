/* SPDX-License-Identifier: ISC */
/* A unikernel for the hostile TCP tests: echo, drop counters, heap in use. */
#include <mirage.h>
#include <mirage/buf.h>
#include <mirage/flow.h>
#include <mirage/stack.h>
#include <mirage/tcp.h>
#include <mirage/tcp_direct.h>
#include <mirage/udp.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Boot arguments: --interface=tap0 --ipv4=10.0.0.2/24.  The direct stack
 * with its TCP engine:
 *
 *   TCP 7   echo
 *   UDP 9   "stats": the engine's statistics and "heap.in_use" (bytes of
 *           the C heap in use, mallinfo2) as "name value" lines;
 *           "quit": exit, printing them
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
static struct mirage_key *const keys[] = {&key_interface, &key_ipv4};

static struct mirage_stack *stack;
static struct mirage_tcp_listener *listener;
static struct mirage_cond quit = MIRAGE_COND_INIT;
static bool quitting;

static void serve_echo(void *arg)
{
    struct mirage_flow *f = arg;
    char *buf = malloc(16384); /* one per fiber: writes may suspend */
    ssize_t n;
    while (buf && (n = mirage_flow_read(f, buf, 16384)) > 0)
        if (mirage_flow_write(f, buf, (size_t)n) != n)
            break;
    free(buf);
    mirage_flow_close(f);
}

static void acceptor(void *arg)
{
    struct mirage_flow *f;
    (void)arg;
    while (mirage_tcp_accept(listener, &f) == 0)
        if (mirage_spawn(serve_echo, f) < 0)
            mirage_flow_close(f);
}

struct text {
    char buf[8192];
    size_t len;
};

static void add(struct text *t, const char *name, uint64_t v)
{
    int n = snprintf(t->buf + t->len, sizeof(t->buf) - t->len, "%s %llu\n",
                     name, (unsigned long long)v);
    if (n > 0 && (size_t)n < sizeof(t->buf) - t->len)
        t->len += (size_t)n;
}

#define STAT(f) add(t, "tcp." #f, s.f)

static void counters(struct text *t)
{
    struct mirage_tcp_direct_stats s;
    mirage_tcp_direct_stats(mirage_stack_tcp(stack), &s);
    t->len = 0;
    STAT(segs_in), STAT(segs_out), STAT(conn_accepted), STAT(conn_reset);
    STAT(rst_sent), STAT(challenge_acks), STAT(syn_cookies_sent);
    STAT(syn_cookies_ok), STAT(persist_probes), STAT(drop_short),
        STAT(drop_checksum);
    STAT(drop_options), STAT(drop_no_conn), STAT(drop_out_of_window);
    STAT(drop_paws), STAT(drop_bad_ack), STAT(drop_rst), STAT(drop_syn);
    STAT(drop_listen_overflow), STAT(drop_memory), STAT(drop_other);
    STAT(conns), STAT(half_open), STAT(time_wait), STAT(buffers);
    struct mallinfo2 m = mallinfo2();
    add(t, "heap.in_use", m.uordblks + m.hblkhd);
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
    struct mirage_stack_direct_config cfg = {.interface =
                                                 key_interface.value.scalar.s};
    int r = mirage_ipv4_config_parse(&cfg.ipv4, key_ipv4.value.scalar.s, NULL);
    if (r == 0)
        r = mirage_stack_direct_create(&cfg, &stack);
    if (r == 0)
        r = mirage_stack_udp_listen(stack, 9, control, NULL);
    if (r == 0)
        r = mirage_stack_tcp_listen(stack, 7, 128, &listener);
    if (r == 0)
        r = mirage_spawn(acceptor, NULL);
    return r;
}

static int start(void)
{
    int r = setup();
    if (r < 0) {
        printf("hostile: %s\n", mirage_strerror(r));
        return 1;
    }
    printf("hostile: ready\n");
    fflush(stdout);
    while (!quitting)
        mirage_cond_wait(&quit);
    mirage_sleep_ns(50000000); /* let the "bye" go */
    static struct text t;
    counters(&t);
    printf("%s", t.buf);
    return 0;
}

int mirage_app_main(int argc, char **argv)
{
    static const struct mirage_app app = {
        .name = "hostile",
        .keys = keys,
        .nkeys = sizeof(keys) / sizeof(keys[0]),
        .start = start,
    };
    return mirage_main(&app, argc, argv);
}
