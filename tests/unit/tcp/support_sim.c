/* SPDX-License-Identifier: ISC */
/* The simulated link of sim.h: fake IP layers, packet queue, virtual clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/buf.h>

#include "sim.h"

struct sim_pkt {
    struct sim_pkt *next;
    uint64_t at;
    int to;
    struct mirage_ipaddr src, dst;
    uint8_t rx_csum; /* receive metadata to set on delivery */
    int32_t csum_at;
    uint16_t csum_off, gso_size;
    uint32_t len;
    uint8_t data[];
};

static uint64_t xorshift(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static void fake_fill(struct mirage_random *r, void *buf, size_t len)
{
    struct sim *s = (struct sim *)((char *)r - offsetof(struct sim, rng));
    uint8_t *p = buf;
    for (size_t i = 0; i < len; i++)
        p[i] = (uint8_t)(xorshift(&s->rng_state) >> 32);
}

static const struct mirage_random_ops fake_rng_ops = {.fill = fake_fill};

static struct sim_host *host_of(struct mirage_ip *ip)
{
    return (struct sim_host *)ip;
}

static bool chance(struct sim *s, uint32_t ppm)
{
    return ppm && xorshift(&s->link_state) % 1000000 < ppm;
}

static void enqueue(struct sim *s, struct sim_pkt *p)
{
    struct sim_pkt **pp = &s->q;
    while (*pp && (*pp)->at <= p->at)
        pp = &(*pp)->next;
    p->next = *pp;
    *pp = p;
}

static struct sim_pkt *pkt_new(int to, const struct mirage_ipaddr *src,
                               const struct mirage_ipaddr *dst,
                               const uint8_t *data, uint32_t len)
{
    struct sim_pkt *p = calloc(1, sizeof *p + len);
    p->to = to;
    p->src = *src;
    p->dst = *dst;
    p->len = len;
    memcpy(p->data, data, len);
    return p;
}

/* One segment onto the link: filter, loss, delay, reordering, copies. */
static void emit(struct sim *s, struct sim_host *h,
                 const struct mirage_ipaddr *src,
                 const struct mirage_ipaddr *dst, const uint8_t *data,
                 uint32_t len, uint8_t rx_csum, uint16_t gso)
{
    int to = 1 - h->idx;
    /* Only the other host is reachable: spoofed sources stay silent. */
    bool keep = mirage_ipaddr_equal(dst, &s->h[to].addr);
    if (!keep)
        s->blackholed++;
    else if (s->filter)
        keep = s->filter(s, h->idx, data, len, s->filter_arg);
    if (keep && chance(s, s->loss_ppm))
        keep = false;
    if (!keep) {
        s->dropped++;
        return;
    }
    struct sim_pkt *p = pkt_new(to, src ? src : &h->addr, dst, data, len);
    p->rx_csum = rx_csum;
    p->csum_off = rx_csum == MIRAGE_BUF_RX_CSUM_PARTIAL ? 16 : 0;
    p->gso_size = gso;
    p->at = s->now + s->delay_ns;
    if (chance(s, s->reorder_ppm)) {
        p->at += s->reorder_ns;
        s->reordered++;
    }
    enqueue(s, p);
    if (chance(s, s->dup_ppm)) {
        struct sim_pkt *d = pkt_new(to, &p->src, dst, data, len);
        d->at = p->at + 1;
        enqueue(s, d);
        s->duplicated++;
    }
}

/* Completes the partial checksum of seg (n bytes) and checks it against
 * the real one; false if the engine's pseudo-header sum was wrong. */
static bool complete_csum(const struct mirage_ipaddr *src,
                          const struct mirage_ipaddr *dst, uint8_t *seg,
                          uint32_t n)
{
    uint16_t c = mirage_csum_fold(mirage_csum_partial(seg, n, 0));
    mirage__tcp_put16(seg + 16, c);
    uint32_t sum = mirage_csum_pseudo(src, dst, 6, n);
    return mirage_csum_fold(mirage_csum_partial(seg, n, sum)) == 0;
}

/* Cuts a GSO segment at gso bytes of payload as Linux does: sequence
 * numbers advance, FIN and PSH only on the last piece. */
static void split(struct sim *s, struct sim_host *h,
                  const struct mirage_ipaddr *src,
                  const struct mirage_ipaddr *dst, const uint8_t *seg,
                  uint32_t n, uint32_t gso)
{
    uint32_t hl = (uint32_t)(seg[12] >> 4) * 4;
    uint32_t seq = (uint32_t)seg[4] << 24 | (uint32_t)seg[5] << 16 |
                   (uint32_t)seg[6] << 8 | seg[7];
    static uint8_t piece[65536];
    for (uint32_t off = 0; off < n - hl; off += gso) {
        uint32_t k = n - hl - off < gso ? n - hl - off : gso;
        memcpy(piece, seg, hl);
        memcpy(piece + hl, seg + hl + off, k);
        mirage__tcp_put32(piece + 4, seq + off);
        if (off + k < n - hl)
            piece[13] &= (uint8_t) ~(MIRAGE__TCP_FIN | MIRAGE__TCP_PSH);
        mirage__tcp_put16(piece + 16, 0);
        uint32_t sum = mirage_csum_pseudo(src ? src : &h->addr, dst, 6, hl + k);
        mirage__tcp_put16(piece + 16, mirage_csum_fold(mirage_csum_partial(
                                          piece, hl + k, sum)));
        emit(s, h, src, dst, piece, hl + k, 0, 0);
    }
}

/* A segment with offload metadata: checked, completed, delivered. */
static void offloaded(struct sim *s, struct sim_host *h,
                      const struct mirage_ipaddr *src,
                      const struct mirage_ipaddr *dst, struct mirage_buf *b)
{
    s->offloaded++;
    bool gso = b->tx_offload & MIRAGE_BUF_TX_GSO_TCPV4;
    uint32_t hl =
        b->len >= 20 ? (uint32_t)(mirage_buf_data(b)[12] >> 4) * 4 : 0;
    if (!(b->tx_offload & MIRAGE_BUF_TX_CSUM_PARTIAL) ||
        b->csum_start != b->off || b->csum_offset != 16 || hl < 20 ||
        (gso && (b->gso_size == 0 || b->len - hl <= b->gso_size ||
                 b->gso_size + hl + 20 > h->mtu + 20)) ||
        (!gso && b->len + 20 > h->mtu + 20)) {
        s->bad_offload++;
        return;
    }
    uint8_t *copy = malloc(b->len);
    memcpy(copy, mirage_buf_data(b), b->len);
    if (!complete_csum(src ? src : &h->addr, dst, copy, b->len))
        s->bad_offload++;
    if (gso)
        s->gso_seen++;
    if (gso && s->tso_split)
        split(s, h, src, dst, copy, b->len, b->gso_size);
    else
        emit(s, h, src, dst, copy, b->len, MIRAGE_BUF_RX_CSUM_PARTIAL,
             gso ? b->gso_size : 0);
    free(copy);
}

static int fake_write(struct mirage_ip *ip, const struct mirage_ipaddr *src,
                      const struct mirage_ipaddr *dst, uint8_t proto,
                      struct mirage_buf *b)
{
    struct sim_host *h = host_of(ip);
    struct sim *s = h->sim;
    (void)proto;
    h->sent++;
    if (b->refs > 1)
        h->shared++;
    if (b->tx_offload)
        offloaded(s, h, src, dst, b);
    else
        emit(s, h, src, dst, mirage_buf_data(b), b->len, 0, 0);
    mirage_buf_unref(b);
    return 0;
}

static int fake_src(struct mirage_ip *ip, const struct mirage_ipaddr *dst,
                    struct mirage_ipaddr *out)
{
    (void)dst;
    *out = host_of(ip)->addr;
    return 0;
}

static uint32_t fake_mtu(struct mirage_ip *ip, const struct mirage_ipaddr *dst)
{
    (void)dst;
    return host_of(ip)->mtu;
}

static void fake_set_handler(struct mirage_ip *ip, uint8_t proto,
                             mirage_ip_handler fn, void *arg)
{
    (void)proto;
    host_of(ip)->fn = fn;
    host_of(ip)->arg = arg;
}

static const struct mirage_ip_ops fake_ip_ops = {
    .write = fake_write,
    .src = fake_src,
    .mtu = fake_mtu,
    .set_handler = fake_set_handler,
};

static uint64_t sim_now(void *arg)
{
    return ((struct sim_host *)arg)->sim->now;
}

static void sim_arm(void *arg, uint64_t deadline)
{
    ((struct sim_host *)arg)->deadline = deadline;
}

struct mirage__tcp *sim_tcp(struct sim *s, int i)
{
    return mirage__tcp_of(s->h[i].tcp);
}

void sim_init2(struct sim *s, const struct mirage_tcp_direct_config *c0,
               const struct mirage_tcp_direct_config *c1)
{
    memset(s, 0, sizeof *s);
    s->now = 1000 * SIM_SEC;
    s->rng.ops = &fake_rng_ops;
    s->rng_state = 0x9e3779b97f4a7c15ull;
    s->link_state = 0x2545f4914f6cdd1dull;
    s->delay_ns = 1 * SIM_MS;
    s->reorder_ns = 3 * SIM_MS;
    const struct mirage_tcp_direct_config *cfg[2] = {c0, c1};
    for (int i = 0; i < 2; i++) {
        struct sim_host *h = &s->h[i];
        h->ip.ops = &fake_ip_ops;
        h->sim = s;
        h->idx = i;
        h->addr = mirage_ipv4(10, 0, 0, (uint8_t)(i + 1));
        h->mtu = 1480;
        int err = mirage_tcp_direct_create(&h->ip, &s->rng, cfg[i], &h->tcp);
        if (err) {
            fprintf(stderr, "mirage_tcp_direct_create: %d\n", err);
            exit(1);
        }
        mirage__tcp_set_clock(h->tcp, sim_now, sim_arm, h);
    }
}

void sim_init(struct sim *s, const struct mirage_tcp_direct_config *cfg)
{
    sim_init2(s, cfg, cfg);
}

void sim_fini(struct sim *s)
{
    while (s->q) {
        struct sim_pkt *p = s->q;
        s->q = p->next;
        free(p);
    }
    for (int i = 0; i < 2; i++)
        mirage_tcp_direct_destroy(s->h[i].tcp);
}

/* Every engine invariant after every event: a violation ends the test. */
static void sim_check(struct sim *s)
{
    for (int i = 0; i < 2; i++) {
        const char *why = mirage__tcp_check(sim_tcp(s, i));
        if (why) {
            fprintf(stderr, "host %d at %llu ns: invariant broken: %s\n", i,
                    (unsigned long long)s->now, why);
            abort();
        }
    }
}

static void deliver(struct sim *s, struct sim_pkt *p)
{
    struct sim_host *h = &s->h[p->to];
    if (!h->fn)
        return;
    struct mirage_buf *b = mirage_buf_alloc(0, p->len);
    memcpy(mirage_buf_put(b, p->len), p->data, p->len);
    b->rx_csum = p->rx_csum;
    b->csum_start = (uint32_t)((int32_t)b->off + p->csum_at);
    b->csum_offset = p->csum_off;
    b->gso_size = p->gso_size;
    h->fn(h->arg, &h->ip, &p->src, &p->dst, b);
    mirage_buf_unref(b);
}

bool sim_step(struct sim *s)
{
    uint64_t next = s->q ? s->q->at : 0;
    for (int i = 0; i < 2; i++)
        if (s->h[i].deadline && (!next || s->h[i].deadline < next))
            next = s->h[i].deadline;
    if (!next)
        return false;
    if (next > s->now)
        s->now = next;
    while (s->q && s->q->at <= s->now) {
        struct sim_pkt *p = s->q;
        s->q = p->next;
        deliver(s, p);
        free(p);
    }
    for (int i = 0; i < 2; i++) {
        struct sim_host *h = &s->h[i];
        if (h->deadline && h->deadline <= s->now) {
            h->deadline = 0;
            mirage__tcp_timer_run(mirage__tcp_of(h->tcp));
        }
    }
    sim_check(s);
    return true;
}

bool sim_run(struct sim *s, bool (*step)(void *arg), void *arg, uint64_t max_ns)
{
    uint64_t end = s->now + max_ns;
    for (;;) {
        if (step && step(arg))
            return true;
        if (s->now > end)
            return false;
        if (!sim_step(s))
            return step ? step(arg) : true;
    }
}

void sim_run_for(struct sim *s, uint64_t ns)
{
    uint64_t end = s->now + ns;
    for (;;) {
        uint64_t next = s->q ? s->q->at : 0;
        for (int i = 0; i < 2; i++)
            if (s->h[i].deadline && (!next || s->h[i].deadline < next))
                next = s->h[i].deadline;
        if (!next || next > end) {
            s->now = end;
            return;
        }
        sim_step(s);
    }
}

void sim_inject(struct sim *s, int to, const struct mirage_ipaddr *from,
                const struct sim_seg *g)
{
    uint32_t hlen = 20 + g->optlen, n = hlen + g->len;
    uint8_t *p = calloc(1, n);
    mirage__tcp_put16(p, g->sport);
    mirage__tcp_put16(p + 2, g->dport);
    mirage__tcp_put32(p + 4, g->seq);
    mirage__tcp_put32(p + 8, g->ack);
    p[12] = (uint8_t)((hlen / 4) << 4);
    p[13] = g->flags;
    mirage__tcp_put16(p + 14, g->wnd);
    if (g->optlen)
        memcpy(p + 20, g->opts, g->optlen);
    if (g->len)
        memcpy(p + hlen, g->data, g->len);
    uint32_t sum = mirage_csum_pseudo(from, &s->h[to].addr, 6, n);
    uint16_t c = mirage_csum_fold(mirage_csum_partial(p, n, sum));
    if (g->rx_csum == MIRAGE_BUF_RX_CSUM_PARTIAL)
        c = (uint16_t)~mirage_csum_fold(sum); /* pseudo-header sum only */
    if (g->bad_csum)
        c ^= 0x5a5a;
    mirage__tcp_put16(p + 16, c);
    struct sim_pkt *k = pkt_new(to, from, &s->h[to].addr, p, n);
    k->rx_csum = g->rx_csum;
    k->csum_at = g->csum_at;
    k->csum_off = g->csum_off;
    k->gso_size = g->gso_size;
    free(p);
    deliver(s, k);
    free(k);
}

bool sim_capture(struct sim *s, int from, const uint8_t *seg, uint32_t len,
                 void *arg)
{
    struct sim_cap *cap = arg;
    (void)s;
    if (cap->n < sizeof cap->seg / sizeof cap->seg[0]) {
        cap->seg[cap->n].from = from;
        cap->seg[cap->n].at = s->now;
        mirage__tcp_parse(seg, len, &cap->seg[cap->n].seg);
        cap->seg[cap->n].seg.data = NULL;
        cap->n++;
    }
    return true;
}

struct mirage__tcp_listener *sim_listen(struct sim *s, int host, uint16_t port,
                                        int backlog)
{
    struct mirage__tcp_listener *l;
    if (mirage__tcp_listen_open(sim_tcp(s, host), port, backlog, &l) != 0)
        return NULL;
    return l;
}

struct conn_wait {
    struct mirage__tcp_conn *cli, *srv;
    struct mirage__tcp_listener *l;
};

static bool conn_step(void *arg)
{
    struct conn_wait *w = arg;
    if (!w->srv)
        w->srv = mirage__tcp_listen_take(w->l);
    return w->srv && mirage__tcp_open_status(w->cli) != -EAGAIN;
}

int sim_connect(struct sim *s, int a, int b, uint16_t port,
                struct mirage__tcp_listener *l, struct mirage__tcp_conn **cli,
                struct mirage__tcp_conn **srv)
{
    struct conn_wait w = {.l = l};
    int err = mirage__tcp_open(sim_tcp(s, a), &s->h[b].addr, port, &w.cli);
    if (err)
        return err;
    sim_run(s, conn_step, &w, 120 * SIM_SEC);
    err = mirage__tcp_open_status(w.cli);
    *cli = w.cli;
    *srv = w.srv;
    if (err == 0 && !w.srv)
        err = -EAGAIN;
    return err;
}

uint8_t sim_pattern(uint64_t seed, uint64_t i)
{
    uint64_t x = (i + seed) * 0x9e3779b97f4a7c15ull;
    return (uint8_t)(x >> 56 ^ x >> 23 ^ i);
}

void xfer_init(struct xfer *x, struct mirage__tcp_conn *tx,
               struct mirage__tcp_conn *rx, uint64_t total, uint64_t seed)
{
    memset(x, 0, sizeof *x);
    x->tx = tx;
    x->rx = rx;
    x->total = total;
    x->seed = seed;
    x->chunk = 10000;
}

static void xfer_send(struct xfer *x)
{
    static uint8_t buf[65536];
    while (x->sent < x->total && !x->err) {
        uint64_t n = x->total - x->sent;
        if (n > x->chunk)
            n = x->chunk;
        if (n > sizeof buf)
            n = sizeof buf;
        for (uint64_t i = 0; i < n; i++)
            buf[i] = sim_pattern(x->seed, x->sent + i);
        long k = mirage__tcp_send(x->tx, buf, n);
        if (k == -EAGAIN)
            break;
        if (k < 0) {
            x->err = k;
            break;
        }
        x->sent += (uint64_t)k;
    }
    if (x->sent == x->total && x->shut && !(x->tx->flags & MIRAGE__TCPF_FIN_Q))
        mirage__tcp_shutdown(x->tx, MIRAGE_FLOW_SHUT_WR);
}

static void xfer_recv(struct xfer *x)
{
    static uint8_t buf[65536];
    while (!x->no_read && !x->eof) {
        size_t want = x->read_max ? x->read_max : sizeof buf;
        long k = mirage__tcp_recv(x->rx, buf, want);
        if (k == -EAGAIN)
            break;
        if (k < 0) {
            x->err = k;
            break;
        }
        if (k == 0) {
            x->eof = true;
            break;
        }
        for (long i = 0; i < k; i++)
            if (buf[i] != sim_pattern(x->seed, x->recvd + (uint64_t)i))
                x->mismatch++;
        x->recvd += (uint64_t)k;
    }
}

bool xfer_step(void *arg)
{
    struct xfer *x = arg;
    xfer_send(x);
    xfer_recv(x);
    if (x->err)
        return true;
    return x->recvd == x->total && (!x->shut || x->eof);
}

bool xfer2_step(void *arg)
{
    struct xfer2 *x = arg;
    bool a = xfer_step(&x->a), b = xfer_step(&x->b);
    return a && b;
}

bool sim_drained(struct sim *s)
{
    sim_run_for(s, 300 * SIM_SEC);
    bool ok = true;
    for (int i = 0; i < 2; i++) {
        struct mirage_tcp_direct_stats st;
        mirage_tcp_direct_stats(s->h[i].tcp, &st);
        if (st.conns || st.buffers || st.half_open || st.time_wait) {
            fprintf(stderr,
                    "host %d: %u conns, %u buffers, %u half-open, "
                    "%u time-wait left\n",
                    i, st.conns, st.buffers, st.half_open, st.time_wait);
            ok = false;
        }
    }
    return ok;
}
