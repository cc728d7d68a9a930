/* SPDX-License-Identifier: ISC */
/* ICMPv4 (RFC 792): echo replies, destination unreachable, raw messages. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/fiber.h>
#include <mirage/icmp.h>
#include <mirage/log.h>

static MIRAGE_LOG_SRC(log_src, "icmp", "ICMPv4 layer");

#define ICMP_HLEN 8
#define ICMP_ECHO_REPLY 0
#define ICMP_UNREACH 3
#define ICMP_ECHO 8
#define ICMP_TIME_EXCEEDED 11
#define ICMP_PARAM_PROBLEM 12
#define IPV4_HLEN 20
/* Errors: a token bucket of RATE_BURST messages refilled at one per
 * RATE_NS (RFC 1812 4.3.2.8 asks for a limit). */
#define RATE_BURST 50
#define RATE_NS 10000000ull

struct icmp {
    struct mirage_icmp icmp;
    struct mirage_ip *ip;
    mirage_icmp_handler fn;
    void *arg;
    uint32_t tokens;
    uint64_t refilled;
    struct mirage_icmp_stats st;
};

static struct icmp *of(struct mirage_icmp *i)
{
    return (struct icmp *)i;
}

static uint16_t csum(const uint8_t *p, size_t len)
{
    return mirage_csum_fold(mirage_csum_partial(p, len, 0));
}

static void set_csum(uint8_t *p, size_t len)
{
    p[2] = p[3] = 0;
    uint16_t c = csum(p, len);
    p[2] = (uint8_t)(c >> 8);
    p[3] = (uint8_t)c;
}

static void drop(struct icmp *d, enum mirage_icmp_drop why)
{
    d->st.drops[why]++;
    mirage_log_debug(&log_src, "drop: %s", mirage_icmp_drop_name(why));
}

/* Broadcast, multicast, "this network" and loopback (IPv4, host order). */
static bool special(uint32_t a)
{
    return a == 0xffffffffu || (a >> 28) >= 0xe || (a >> 24) == 0 ||
           (a >> 24) == 127;
}

static bool is_broadcast(struct icmp *d, const struct mirage_ipaddr *dst)
{
    struct mirage_ipaddr ours;
    if (mirage_ip_src(d->ip, dst, &ours) < 0)
        return true;
    return !mirage_ipaddr_equal(&ours, dst);
}

static void echo_reply(struct icmp *d, const struct mirage_ipaddr *src,
                       const struct mirage_ipaddr *dst, struct mirage_buf *b)
{
    if (is_broadcast(d, dst)) {
        drop(d, MIRAGE_ICMP_DROP_BROADCAST);
        return;
    }
    /* A copy, so a reply waiting for ARP holds no receive buffer. */
    struct mirage_buf *r = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, b->len);
    if (!r) {
        d->st.tx_errors++;
        return;
    }
    uint8_t *p = mirage_buf_put(r, b->len);
    memcpy(p, mirage_buf_data(b), b->len);
    p[0] = ICMP_ECHO_REPLY;
    p[1] = 0;
    set_csum(p, r->len);
    d->st.tx_echo_replies++;
    int e = mirage_ip_write(d->ip, dst, src, MIRAGE_IP_PROTO_ICMP, r);
    if (e < 0 && e != -EAGAIN)
        d->st.tx_errors++;
}

static void icmp_input(void *arg, struct mirage_ip *ip,
                       const struct mirage_ipaddr *src,
                       const struct mirage_ipaddr *dst, struct mirage_buf *b)
{
    (void)ip;
    struct icmp *d = arg;
    d->st.rx_messages++;
    const uint8_t *p = mirage_buf_data(b);
    if (b->len < ICMP_HLEN) {
        drop(d, MIRAGE_ICMP_DROP_SHORT);
        return;
    }
    if (csum(p, b->len) != 0) {
        drop(d, MIRAGE_ICMP_DROP_BAD_CHECKSUM);
        return;
    }
    switch (p[0]) {
    case ICMP_ECHO:
        d->st.rx_echo_requests++;
        echo_reply(d, src, dst, b);
        return;
    case ICMP_ECHO_REPLY:
        d->st.rx_echo_replies++;
        break;
    case ICMP_UNREACH:
    case ICMP_TIME_EXCEEDED:
    case ICMP_PARAM_PROBLEM:
        d->st.rx_errors++;
        if (b->len < ICMP_HLEN + IPV4_HLEN + 8) {
            drop(d, MIRAGE_ICMP_DROP_BAD_ERROR);
            return;
        }
        break;
    default:
        break;
    }
    if (d->fn)
        d->fn(d->arg, &d->icmp, src, dst, b);
    else
        drop(d, MIRAGE_ICMP_DROP_UNHANDLED);
}

static int icmp_write(struct mirage_icmp *i, const struct mirage_ipaddr *src,
                      const struct mirage_ipaddr *dst, struct mirage_buf *b)
{
    struct icmp *d = of(i);
    int r = 0;
    if (dst->family != MIRAGE_IPV4 || (src && src->family != MIRAGE_IPV4))
        r = -EAFNOSUPPORT;
    else if (b->len < ICMP_HLEN)
        r = -EINVAL;
    if (r < 0) {
        mirage_buf_unref(b);
        return r;
    }
    set_csum(mirage_buf_data(b), b->len);
    d->st.tx_messages++;
    return mirage_ip_write(d->ip, src, dst, MIRAGE_IP_PROTO_ICMP, b);
}

static bool take_token(struct icmp *d)
{
    uint64_t now = mirage_now_ns();
    uint64_t add = (now - d->refilled) / RATE_NS;
    if (add) {
        d->tokens = (uint32_t)(d->tokens + add > RATE_BURST ? RATE_BURST
                                                            : d->tokens + add);
        d->refilled += add * RATE_NS;
    }
    if (!d->tokens)
        return false;
    d->tokens--;
    return true;
}

/* The offending datagram's header: the IP layer leaves it before the data
 * (see ipv4.h); if it is not there, one is rebuilt from what is known. */
static void quote_header(uint8_t *q, const struct mirage_ipaddr *src,
                         const struct mirage_ipaddr *dst, uint8_t proto,
                         const struct mirage_buf *b)
{
    const uint8_t *h = mirage_buf_data(b) - IPV4_HLEN;
    if (mirage_buf_headroom(b) >= IPV4_HLEN && h[0] == 0x45 && h[9] == proto &&
        memcmp(h + 12, src->addr, 4) == 0 &&
        memcmp(h + 16, dst->addr, 4) == 0) {
        memcpy(q, h, IPV4_HLEN);
        return;
    }
    uint32_t tot = b->len + IPV4_HLEN;
    uint8_t rebuilt[IPV4_HLEN] = {
        0x45, 0, (uint8_t)(tot >> 8), (uint8_t)tot, 0, 0, 0, 0, 64, proto};
    memcpy(rebuilt + 12, src->addr, 4);
    memcpy(rebuilt + 16, dst->addr, 4);
    uint16_t c = csum(rebuilt, IPV4_HLEN);
    rebuilt[10] = (uint8_t)(c >> 8);
    rebuilt[11] = (uint8_t)c;
    memcpy(q, rebuilt, IPV4_HLEN);
}

/* RFC 1122 3.2.2: no error about an error, nor to or from a broadcast or
 * multicast address. */
static bool forbidden(struct icmp *d, const struct mirage_ipaddr *src,
                      const struct mirage_ipaddr *dst, uint8_t proto,
                      const struct mirage_buf *b)
{
    if (special(mirage_ipv4_to_u32(src)) || is_broadcast(d, dst))
        return true;
    if (proto != MIRAGE_IP_PROTO_ICMP)
        return false;
    uint8_t type = b->len ? mirage_buf_data(b)[0] : ICMP_UNREACH;
    return type != ICMP_ECHO && type != ICMP_ECHO_REPLY && type != 13 &&
           type != 14;
}

static int icmp_unreachable(struct mirage_icmp *i, enum mirage_icmp_unreach why,
                            const struct mirage_ipaddr *src,
                            const struct mirage_ipaddr *dst, uint8_t proto,
                            struct mirage_buf *b)
{
    struct icmp *d = of(i);
    if (src->family != MIRAGE_IPV4 || dst->family != MIRAGE_IPV4)
        return -EAFNOSUPPORT;
    if (forbidden(d, src, dst, proto, b)) {
        d->st.tx_suppressed++;
        return -EPERM;
    }
    if (!take_token(d)) {
        d->st.tx_ratelimited++;
        return -EBUSY;
    }
    /* As much of the datagram as fits in 576 bytes (RFC 1812 4.3.2.3). */
    uint32_t n = b->len < 528 ? b->len : 528;
    struct mirage_buf *r =
        mirage_buf_alloc(MIRAGE_BUF_HEADROOM, ICMP_HLEN + IPV4_HLEN + n);
    if (!r) {
        d->st.tx_errors++;
        return -ENOBUFS;
    }
    uint8_t *p = mirage_buf_put(r, ICMP_HLEN + IPV4_HLEN + n);
    static const uint8_t codes[] = {0, 1, 2, 3};
    memset(p, 0, ICMP_HLEN);
    p[0] = ICMP_UNREACH;
    p[1] = codes[why & 3];
    quote_header(p + ICMP_HLEN, src, dst, proto, b);
    memcpy(p + ICMP_HLEN + IPV4_HLEN, mirage_buf_data(b), n);
    set_csum(p, r->len);
    d->st.tx_unreachables++;
    int e = mirage_ip_write(d->ip, NULL, src, MIRAGE_IP_PROTO_ICMP, r);
    if (e < 0 && e != -EAGAIN)
        d->st.tx_errors++;
    return e;
}

static void icmp_listen(struct mirage_icmp *i, mirage_icmp_handler fn,
                        void *arg)
{
    of(i)->fn = fn;
    of(i)->arg = fn ? arg : NULL;
}

static const struct mirage_icmp_ops icmp_ops = {
    .write = icmp_write,
    .unreachable = icmp_unreachable,
    .listen = icmp_listen,
};

int mirage_icmpv4_create(struct mirage_ip *ip, struct mirage_icmp **out)
{
    struct icmp *d = calloc(1, sizeof(*d));
    if (!d)
        return -ENOMEM;
    d->icmp.ops = &icmp_ops;
    d->ip = ip;
    d->tokens = RATE_BURST;
    d->refilled = mirage_now_ns();
    mirage_ip_set_handler(ip, MIRAGE_IP_PROTO_ICMP, icmp_input, d);
    *out = &d->icmp;
    return 0;
}

void mirage_icmpv4_destroy(struct mirage_icmp *i)
{
    mirage_ip_set_handler(of(i)->ip, MIRAGE_IP_PROTO_ICMP, NULL, NULL);
    free(of(i));
}

void mirage_icmpv4_stats(struct mirage_icmp *i, struct mirage_icmp_stats *out)
{
    *out = of(i)->st;
}

const char *mirage_icmp_drop_name(enum mirage_icmp_drop d)
{
    static const char *const names[MIRAGE_ICMP_DROP_COUNT] = {
        [MIRAGE_ICMP_DROP_SHORT] = "short",
        [MIRAGE_ICMP_DROP_BAD_CHECKSUM] = "bad_checksum",
        [MIRAGE_ICMP_DROP_BROADCAST] = "broadcast",
        [MIRAGE_ICMP_DROP_BAD_ERROR] = "bad_error",
        [MIRAGE_ICMP_DROP_UNHANDLED] = "unhandled",
    };
    return (unsigned)d < MIRAGE_ICMP_DROP_COUNT ? names[d] : "?";
}

void mirage_icmpv4_counters(struct mirage_icmp *i, mirage_net_counter_fn fn,
                            void *arg)
{
    const struct mirage_icmp_stats *s = &of(i)->st;
    const struct {
        const char *name;
        uint64_t v;
    } c[] = {
        {"icmp.rx_messages", s->rx_messages},
        {"icmp.rx_echo_requests", s->rx_echo_requests},
        {"icmp.rx_echo_replies", s->rx_echo_replies},
        {"icmp.rx_errors", s->rx_errors},
        {"icmp.tx_echo_replies", s->tx_echo_replies},
        {"icmp.tx_unreachables", s->tx_unreachables},
        {"icmp.tx_messages", s->tx_messages},
        {"icmp.tx_ratelimited", s->tx_ratelimited},
        {"icmp.tx_suppressed", s->tx_suppressed},
        {"icmp.tx_errors", s->tx_errors},
    };
    for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++)
        fn(arg, c[k].name, c[k].v);
    char name[64];
    for (int k = 0; k < MIRAGE_ICMP_DROP_COUNT; k++) {
        snprintf(name, sizeof(name), "icmp.drop.%s",
                 mirage_icmp_drop_name((enum mirage_icmp_drop)k));
        fn(arg, name, s->drops[k]);
    }
}
