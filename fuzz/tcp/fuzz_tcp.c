/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: segments and user calls fed to a listening TCP engine. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/buf.h>
#include <mirage/ip.h>

#include "../../lib/tcp/tcp_priv.h"

/*
 * The input is a program of records.  A segment record names one of four
 * client ports and gives seq and ack as offsets from what the engine
 * expects on that connection (its rcv_nxt and snd_una, when it has one),
 * so the fuzzer reaches established, closing and recovery states without
 * guessing 32-bit numbers.  Other records move the virtual clock (firing
 * timers), make user calls (accept, send, recv, shutdown, close, connect)
 * or inject raw bytes.  The engine listens on ports 80 and 81 with tiny
 * queues so SYN cookies and overflow paths run too.  Each input runs on a
 * fresh engine, destroyed at the end: ASan reports any leak.
 *
 * The runtime is not linked: the few calls the engine makes into it are
 * stubbed below (no fiber ever waits here).
 */

/* Runtime stubs. */
void mirage_cond_init(struct mirage_cond *c)
{
    c->head = c->tail = NULL;
}
void mirage_cond_broadcast(struct mirage_cond *c)
{
    (void)c;
}
void mirage_cond_signal(struct mirage_cond *c)
{
    (void)c;
}
int mirage_cond_wait(struct mirage_cond *c)
{
    (void)c;
    return -ECANCELED;
}
void mirage_timer_init(struct mirage_timer *t,
                       void (*fn)(struct mirage_timer *, void *), void *arg)
{
    t->fn = fn;
    t->arg = arg;
    t->heap_index = SIZE_MAX;
}
void mirage_timer_arm(struct mirage_timer *t, uint64_t d)
{
    t->deadline = d;
}
void mirage_timer_cancel(struct mirage_timer *t)
{
    t->deadline = 0;
}
bool mirage_timer_armed(const struct mirage_timer *t)
{
    return t->deadline != 0;
}
uint64_t mirage_now_ns(void)
{
    return 0;
}
bool mirage_log_enabled(struct mirage_log_src *src, enum mirage_log_level l)
{
    (void)src, (void)l;
    return false;
}
void mirage_log(struct mirage_log_src *src, enum mirage_log_level l,
                const char *fmt, ...)
{
    (void)src, (void)l, (void)fmt;
}
uint64_t mirage_random_uniform(struct mirage_random *r, uint64_t bound)
{
    uint64_t x;
    mirage_random_fill(r, &x, sizeof x);
    return x % bound;
}

/* The world around the engine. */
static struct {
    struct mirage_ip ip;
    struct mirage_random rng;
    mirage_ip_handler fn;
    void *arg;
    uint64_t now, deadline, seed;
    struct mirage_tcp *tcp;
    struct mirage_ipaddr us, peer;
    struct mirage__tcp_listener *l80, *l81;
    struct mirage__tcp_conn *app[8]; /* accepted or opened */
    unsigned napp;
} w;

static void fill(struct mirage_random *r, void *buf, size_t len)
{
    (void)r;
    uint8_t *p = buf;
    for (size_t i = 0; i < len; i++) {
        w.seed = w.seed * 6364136223846793005ull + 1442695040888963407ull;
        p[i] = (uint8_t)(w.seed >> 56);
    }
}
static const struct mirage_random_ops rng_ops = {fill};

static int ip_write(struct mirage_ip *ip, const struct mirage_ipaddr *src,
                    const struct mirage_ipaddr *dst, uint8_t proto,
                    struct mirage_buf *b)
{
    (void)ip, (void)src, (void)dst, (void)proto;
    mirage_buf_unref(b);
    return 0;
}
static int ip_src(struct mirage_ip *ip, const struct mirage_ipaddr *dst,
                  struct mirage_ipaddr *out)
{
    (void)ip, (void)dst;
    *out = w.us;
    return 0;
}
static uint32_t ip_mtu(struct mirage_ip *ip, const struct mirage_ipaddr *dst)
{
    (void)ip, (void)dst;
    return 1480;
}
static void ip_set_handler(struct mirage_ip *ip, uint8_t proto,
                           mirage_ip_handler fn, void *arg)
{
    (void)ip, (void)proto;
    w.fn = fn;
    w.arg = arg;
}
static const struct mirage_ip_ops ip_ops = {ip_write, ip_src, ip_mtu,
                                            ip_set_handler};

static uint64_t clock_now(void *arg)
{
    (void)arg;
    return w.now;
}
static void clock_arm(void *arg, uint64_t d)
{
    (void)arg;
    w.deadline = d;
}

/* A cursor over the fuzzer's bytes; reads past the end give zeros. */
struct in {
    const uint8_t *p;
    size_t n;
};
static uint8_t u8(struct in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}
static uint16_t u16(struct in *in)
{
    return (uint16_t)(u8(in) << 8 | u8(in));
}

static void deliver(uint8_t *seg, uint32_t n, bool corrupt)
{
    uint32_t sum = mirage_csum_pseudo(&w.peer, &w.us, 6, n);
    uint16_t c = mirage_csum_fold(mirage_csum_partial(seg, n, sum));
    if (n >= 18 && corrupt)
        c ^= 1;
    if (n >= 18) {
        seg[16] = (uint8_t)(c >> 8);
        seg[17] = (uint8_t)c;
    }
    struct mirage_buf *b = mirage_buf_alloc(0, n);
    if (!b)
        return;
    memcpy(mirage_buf_put(b, n), seg, n);
    if (w.fn)
        w.fn(w.arg, &w.ip, &w.peer, &w.us, b);
    mirage_buf_unref(b);
}

static void segment(struct in *in)
{
    static uint8_t seg[20 + 40 + 3000];
    uint8_t flags = u8(in), sel = u8(in);
    uint16_t sport = (uint16_t)(40000 + (sel & 3)), dport = sel & 4 ? 81 : 80;
    int16_t dseq = (int16_t)u16(in), dack = (int16_t)u16(in);
    uint16_t wnd = u16(in);
    uint8_t optlen = (uint8_t)((u8(in) % 11) * 4);
    uint16_t len = u16(in) % 3000;
    struct mirage__tcp_conn *c = mirage__tcp_conn_find(
        mirage__tcp_of(w.tcp), &w.us, dport, &w.peer, sport);
    uint32_t seq = c ? c->rcv_nxt : 1000, ack = c ? c->snd_una : 0;
    memset(seg, 0, 20);
    mirage__tcp_put16(seg, sport);
    mirage__tcp_put16(seg + 2, dport);
    mirage__tcp_put32(seg + 4, seq + (uint32_t)(int32_t)dseq);
    mirage__tcp_put32(seg + 8, ack + (uint32_t)(int32_t)dack);
    seg[12] = (uint8_t)(((20 + optlen) / 4) << 4);
    seg[13] = flags;
    mirage__tcp_put16(seg + 14, wnd);
    for (unsigned i = 0; i < optlen; i++)
        seg[20 + i] = u8(in);
    for (unsigned i = 0; i < len; i++)
        seg[20 + optlen + i] = (uint8_t)i;
    deliver(seg, 20u + optlen + len, sel & 8);
}

static void raw(struct in *in)
{
    static uint8_t seg[2048];
    uint16_t n = u16(in) % sizeof seg;
    for (unsigned i = 0; i < n; i++)
        seg[i] = u8(in);
    deliver(seg, n, false);
}

static void advance(struct in *in)
{
    w.now += (uint64_t)u16(in) * 1000000;
    if (w.deadline && w.deadline <= w.now) {
        w.deadline = 0;
        mirage__tcp_timer_run(mirage__tcp_of(w.tcp));
    }
}

static void user(struct in *in)
{
    static uint8_t buf[70000];
    uint8_t op = u8(in), i = u8(in) % 8;
    struct mirage__tcp_conn *c = i < w.napp ? w.app[i] : NULL;
    switch (op % 7) {
    case 0:
        if (w.napp < 8) {
            c = mirage__tcp_listen_take(op & 8 ? w.l81 : w.l80);
            if (c)
                w.app[w.napp++] = c;
        }
        break;
    case 1:
        if (c)
            mirage__tcp_send(c, buf, u16(in));
        break;
    case 2:
        if (c)
            mirage__tcp_recv(c, buf, u16(in));
        break;
    case 3:
        if (c)
            mirage__tcp_shutdown(c, 1 + op / 8 % 3);
        break;
    case 4:
        if (c) {
            mirage__tcp_close(c);
            w.app[i] = w.app[--w.napp];
        }
        break;
    case 5:
        if (w.napp < 8 && mirage__tcp_open(mirage__tcp_of(w.tcp), &w.peer,
                                           40000 + op % 4, &c) == 0)
            w.app[w.napp++] = c;
        break;
    default:
        if (c)
            c->flags ^= MIRAGE__TCPF_NODELAY;
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    memset(&w, 0, sizeof w);
    w.ip.ops = &ip_ops;
    w.rng.ops = &rng_ops;
    w.now = 1000000000000ull;
    w.us = mirage_ipv4(10, 0, 0, 2);
    w.peer = mirage_ipv4(10, 0, 0, 1);
    struct mirage_tcp_direct_config cfg = {
        .syn_queue = 2, .rcv_buf = 8192, .snd_buf = 8192};
    if (mirage_tcp_direct_create(&w.ip, &w.rng, &cfg, &w.tcp))
        return 0;
    mirage__tcp_set_clock(w.tcp, clock_now, clock_arm, NULL);
    struct mirage__tcp *t = mirage__tcp_of(w.tcp);
    mirage__tcp_listen_open(t, 80, 2, &w.l80);
    mirage__tcp_listen_open(t, 81, 1, &w.l81);
    struct in in = {data, size};
    while (in.n) {
        const char *why = mirage__tcp_check(t);
        if (why) {
            fprintf(stderr, "invariant broken: %s\n", why);
            abort();
        }
        switch (u8(&in) % 6) {
        case 0:
        case 1:
            segment(&in);
            break;
        case 2:
            advance(&in);
            break;
        case 3:
        case 4:
            user(&in);
            break;
        default:
            raw(&in);
            break;
        }
    }
    for (unsigned i = 0; i < w.napp; i++)
        mirage__tcp_close(w.app[i]);
    mirage_tcp_direct_destroy(w.tcp);
    return 0;
}
