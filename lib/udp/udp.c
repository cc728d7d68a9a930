/* SPDX-License-Identifier: ISC */
/* UDP (RFC 768) over an IP layer: ports, checksums, port unreachable. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/log.h>
#include <mirage/udp.h>

static MIRAGE_LOG_SRC(log_src, "udp", "UDP layer");

#define BUCKETS 64
#define POOL_BUFS 64
#define POOL_BUFSIZE 2048
#define EPHEMERAL_LO 49152

struct listener {
    struct listener *next;
    uint16_t port;
    mirage_udp_callback fn;
    void *arg;
};

struct udp {
    struct mirage_udp u;
    struct mirage_ip *ip;
    struct mirage_icmp *icmp;
    struct mirage_random *rng;
    struct listener *buckets[BUCKETS];
    struct mirage_buf_pool pool;
    struct mirage_udp_stats st;
};

static struct udp *of(struct mirage_udp *u)
{
    return (struct udp *)u;
}

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void wr16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static struct listener **find(struct udp *d, uint16_t port)
{
    struct listener **l = &d->buckets[port % BUCKETS];
    while (*l && (*l)->port != port)
        l = &(*l)->next;
    return l;
}

static void drop(struct udp *d, enum mirage_udp_drop why)
{
    d->st.drops[why]++;
    mirage_log_debug(&log_src, "drop: %s", mirage_udp_drop_name(why));
}

/* Checks the header; returns why to drop, or DROP_COUNT (b trimmed to the
 * UDP length). */
static enum mirage_udp_drop check(struct udp *d,
                                  const struct mirage_ipaddr *src,
                                  const struct mirage_ipaddr *dst,
                                  struct mirage_buf *b)
{
    const uint8_t *h = mirage_buf_data(b);
    if (b->len < MIRAGE_UDP_HLEN)
        return MIRAGE_UDP_DROP_SHORT;
    uint16_t ulen = rd16(h + 4);
    if (ulen < MIRAGE_UDP_HLEN || ulen > b->len)
        return MIRAGE_UDP_DROP_BAD_LENGTH;
    mirage_buf_trim(b, ulen);
    if (mirage_buf_rx_csum_done(b, 6)) {
        /* checked by the host, or from the host and never damaged */
    } else if (rd16(h + 6) == 0) { /* no checksum: allowed over IPv4 only */
        if (src->family != MIRAGE_IPV4)
            return MIRAGE_UDP_DROP_BAD_CHECKSUM;
        d->st.rx_no_checksum++;
    } else {
        uint32_t sum = mirage_csum_pseudo(src, dst, MIRAGE_IP_PROTO_UDP, ulen);
        if (mirage_csum_fold(mirage_csum_partial(h, ulen, sum)) != 0)
            return MIRAGE_UDP_DROP_BAD_CHECKSUM;
    }
    if (rd16(h + 2) == 0)
        return MIRAGE_UDP_DROP_BAD_PORT;
    return MIRAGE_UDP_DROP_COUNT;
}

static void udp_input(void *arg, struct mirage_ip *ip,
                      const struct mirage_ipaddr *src,
                      const struct mirage_ipaddr *dst, struct mirage_buf *b)
{
    (void)ip;
    struct udp *d = arg;
    d->st.rx_datagrams++;
    enum mirage_udp_drop why = check(d, src, dst, b);
    if (why != MIRAGE_UDP_DROP_COUNT) {
        drop(d, why);
        return;
    }
    const uint8_t *h = mirage_buf_data(b);
    uint16_t sport = rd16(h), dport = rd16(h + 2);
    struct listener *l = *find(d, dport);
    if (!l) {
        drop(d, MIRAGE_UDP_DROP_NO_LISTENER);
        if (d->icmp) /* b still starts at the UDP header, for the quote */
            mirage_icmp_unreachable(d->icmp, MIRAGE_ICMP_UNREACH_PORT, src, dst,
                                    MIRAGE_IP_PROTO_UDP, b);
        return;
    }
    mirage_buf_pull(b, MIRAGE_UDP_HLEN);
    d->st.rx_delivered++;
    l->fn(l->arg, &d->u, src, sport, dst, dport, b);
}

static int udp_listen(struct mirage_udp *u, uint16_t port,
                      mirage_udp_callback fn, void *arg)
{
    struct udp *d = of(u);
    if (port == 0 || !fn)
        return -EINVAL;
    struct listener **at = find(d, port);
    if (*at)
        return -EADDRINUSE;
    struct listener *l = malloc(sizeof(*l));
    if (!l)
        return -ENOMEM;
    *l = (struct listener){NULL, port, fn, arg};
    *at = l;
    return 0;
}

static void udp_unlisten(struct mirage_udp *u, uint16_t port)
{
    struct listener **at = find(of(u), port), *l = *at;
    if (l) {
        *at = l->next;
        free(l);
    }
}

static uint16_t ephemeral(struct udp *d)
{
    uint16_t p = EPHEMERAL_LO;
    for (int i = 0; i < 8; i++) {
        p = (uint16_t)(EPHEMERAL_LO +
                       mirage_random_uniform(d->rng, 65536 - EPHEMERAL_LO));
        if (!*find(d, p))
            break;
    }
    return p;
}

static int udp_write_buf(struct mirage_udp *u, const struct mirage_ipaddr *src,
                         uint16_t sport, const struct mirage_ipaddr *dst,
                         uint16_t dport, struct mirage_buf *b)
{
    struct udp *d = of(u);
    struct mirage_ipaddr s;
    int r = 0;
    if (b->len > MIRAGE_UDP_MAX_PAYLOAD)
        r = -EMSGSIZE;
    else if (dport == 0 || mirage_buf_headroom(b) < MIRAGE_BUF_HEADROOM)
        r = -EINVAL;
    else if (src)
        s = *src;
    else
        r = mirage_ip_src(d->ip, dst, &s);
    if (r < 0) {
        d->st.tx_errors++;
        mirage_buf_unref(b);
        return r;
    }
    uint16_t ulen = (uint16_t)(b->len + MIRAGE_UDP_HLEN);
    uint8_t *h = mirage_buf_push(b, MIRAGE_UDP_HLEN);
    wr16(h, sport ? sport : ephemeral(d));
    wr16(h + 2, dport);
    wr16(h + 4, ulen);
    wr16(h + 6, 0);
    uint32_t sum = mirage_csum_pseudo(&s, dst, MIRAGE_IP_PROTO_UDP, ulen);
    uint16_t c = mirage_csum_fold(mirage_csum_partial(h, ulen, sum));
    wr16(h + 6, c ? c : 0xffff);
    d->st.tx_datagrams++;
    r = mirage_ip_write(d->ip, &s, dst, MIRAGE_IP_PROTO_UDP, b);
    if (r == -EAGAIN) /* queued for address resolution: it will go */
        r = 0;
    if (r < 0)
        d->st.tx_errors++;
    return r;
}

static int udp_write(struct mirage_udp *u, const struct mirage_ipaddr *src,
                     uint16_t sport, const struct mirage_ipaddr *dst,
                     uint16_t dport, const void *data, size_t len)
{
    struct udp *d = of(u);
    if (len > MIRAGE_UDP_MAX_PAYLOAD) {
        d->st.tx_errors++;
        return -EMSGSIZE;
    }
    struct mirage_buf *b = NULL;
    if (len + MIRAGE_BUF_HEADROOM <= POOL_BUFSIZE)
        b = mirage_buf_pool_get(&d->pool, MIRAGE_BUF_HEADROOM);
    if (!b)
        b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, (uint32_t)len);
    if (!b) {
        d->st.tx_errors++;
        return -ENOBUFS;
    }
    if (len)
        memcpy(mirage_buf_put(b, (uint32_t)len), data, len);
    return udp_write_buf(u, src, sport, dst, dport, b);
}

static const struct mirage_udp_ops udp_ops = {
    .listen = udp_listen,
    .unlisten = udp_unlisten,
    .write = udp_write,
    .write_buf = udp_write_buf,
};

int mirage_udp_direct_create(struct mirage_ip *ip, struct mirage_icmp *icmp,
                             struct mirage_random *rng, struct mirage_udp **out)
{
    struct udp *d = calloc(1, sizeof(*d));
    if (!d)
        return -ENOMEM;
    int r = mirage_buf_pool_init(&d->pool, POOL_BUFS, POOL_BUFSIZE);
    if (r < 0) {
        free(d);
        return r;
    }
    d->u.ops = &udp_ops;
    d->ip = ip;
    d->icmp = icmp;
    d->rng = rng;
    mirage_ip_set_handler(ip, MIRAGE_IP_PROTO_UDP, udp_input, d);
    *out = &d->u;
    return 0;
}

void mirage_udp_direct_destroy(struct mirage_udp *u)
{
    struct udp *d = of(u);
    mirage_ip_set_handler(d->ip, MIRAGE_IP_PROTO_UDP, NULL, NULL);
    for (int i = 0; i < BUCKETS; i++)
        while (d->buckets[i]) {
            struct listener *l = d->buckets[i];
            d->buckets[i] = l->next;
            free(l);
        }
    mirage_buf_pool_destroy(&d->pool);
    free(d);
}

void mirage_udp_direct_stats(struct mirage_udp *u, struct mirage_udp_stats *out)
{
    *out = of(u)->st;
}

const char *mirage_udp_drop_name(enum mirage_udp_drop d)
{
    static const char *const names[MIRAGE_UDP_DROP_COUNT] = {
        [MIRAGE_UDP_DROP_SHORT] = "short",
        [MIRAGE_UDP_DROP_BAD_LENGTH] = "bad_length",
        [MIRAGE_UDP_DROP_BAD_CHECKSUM] = "bad_checksum",
        [MIRAGE_UDP_DROP_BAD_PORT] = "bad_port",
        [MIRAGE_UDP_DROP_NO_LISTENER] = "no_listener",
    };
    return (unsigned)d < MIRAGE_UDP_DROP_COUNT ? names[d] : "?";
}

void mirage_udp_direct_counters(struct mirage_udp *u, mirage_net_counter_fn fn,
                                void *arg)
{
    const struct mirage_udp_stats *s = &of(u)->st;
    fn(arg, "udp.rx_datagrams", s->rx_datagrams);
    fn(arg, "udp.rx_delivered", s->rx_delivered);
    fn(arg, "udp.rx_no_checksum", s->rx_no_checksum);
    fn(arg, "udp.tx_datagrams", s->tx_datagrams);
    fn(arg, "udp.tx_errors", s->tx_errors);
    char name[64];
    for (int i = 0; i < MIRAGE_UDP_DROP_COUNT; i++) {
        snprintf(name, sizeof(name), "udp.drop.%s",
                 mirage_udp_drop_name((enum mirage_udp_drop)i));
        fn(arg, name, s->drops[i]);
    }
}
