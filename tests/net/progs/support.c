/* SPDX-License-Identifier: ISC */
/* Shared scaffolding of the network test programs: keys, control, echo. */
#include "support.h"

#include <mirage/buf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mirage_key support_key_interface = {.name = "interface",
                                           .doc = "The tap interface.",
                                           .docv = "NAME",
                                           .type = MIRAGE_KEY_STRING,
                                           .default_text = "tap0"};
struct mirage_key support_key_ipv4 = {.name = "ipv4",
                                      .doc = "Address and prefix.",
                                      .docv = "PREFIX",
                                      .type = MIRAGE_KEY_STRING,
                                      .default_text = "10.0.0.2/24"};

enum { MAX_KEYS = 8 };

static const struct support_prog *prog;
static struct mirage_cond quit = MIRAGE_COND_INIT;
static bool quitting;

void support_add(void *arg, const char *name, uint64_t v)
{
    struct support_text *t = arg;
    int n = snprintf(t->buf + t->len, sizeof(t->buf) - t->len, "%s %llu\n",
                     name, (unsigned long long)v);
    if (n > 0 && (size_t)n < sizeof(t->buf) - t->len)
        t->len += (size_t)n;
}

static void counters(struct support_text *t)
{
    t->len = 0;
    prog->counters(t);
}

void support_control(void *arg, struct mirage_udp *u,
                     const struct mirage_ipaddr *src, uint16_t sport,
                     const struct mirage_ipaddr *dst, uint16_t dport,
                     struct mirage_buf *b)
{
    static struct support_text t;
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

void support_echo(void *arg)
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

static void acceptor(void *arg)
{
    struct support_service *s = arg;
    struct mirage_flow *f;
    while (mirage_tcp_accept(s->l, &f) == 0)
        if (mirage_spawn(s->fn, f) < 0)
            mirage_flow_close(f);
}

int support_serve(struct support_service *s)
{
    return mirage_spawn(acceptor, s);
}

static int start(void)
{
    int r = prog->setup();
    if (r < 0) {
        printf("%s: %s\n", prog->name, mirage_strerror(r));
        return 1;
    }
    printf("%s: ready\n", prog->name);
    fflush(stdout);
    while (!quitting)
        mirage_cond_wait(&quit);
    mirage_sleep_ns(50000000); /* let the "bye" go */
    static struct support_text t;
    counters(&t);
    printf("%s", t.buf);
    return 0;
}

int support_main(const struct support_prog *p, int argc, char **argv)
{
    static struct mirage_key *keys[MAX_KEYS];
    static struct mirage_app app;
    if (p->nkeys > MAX_KEYS - 2) {
        printf("%s: too many keys\n", p->name);
        return 1;
    }
    prog = p;
    keys[0] = &support_key_interface;
    keys[1] = &support_key_ipv4;
    for (size_t i = 0; i < p->nkeys; i++)
        keys[2 + i] = p->keys[i];
    app.name = p->name;
    app.keys = keys;
    app.nkeys = 2 + p->nkeys;
    app.start = start;
    return mirage_main(&app, argc, argv);
}
