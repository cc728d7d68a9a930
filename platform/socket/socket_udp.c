/* SPDX-License-Identifier: ISC */
/* UDP of the socket stack: one host socket per port and family. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "socket_priv.h"

struct ulisten;
struct usock {
    struct mirage__sock s; /* first: freed through it */
    struct ulisten *l;
};

struct ulisten {
    struct ulisten *next;
    struct sudp *u;
    uint16_t port;
    mirage_udp_callback fn;
    void *arg;
    struct usock *sk[2]; /* IPv4, IPv6 */
};

struct sudp {
    struct mirage_udp udp;
    struct mirage__socket_cfg cfg;
    struct ulisten *listeners;
    int sender[2]; /* unbound sockets for writes from port 0 */
    uint8_t scratch[65536];
};

static struct sudp *of(struct mirage_udp *u)
{
    return (struct sudp *)u;
}

static int fam_index(const struct mirage_ipaddr *a)
{
    return a->family == MIRAGE_IPV6;
}

/* The destination of a received datagram, from its packet info. */
static void dst_of(struct msghdr *m, const struct usock *k,
                   struct mirage_ipaddr *dst)
{
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            struct in_pktinfo pi;
            memcpy(&pi, CMSG_DATA(c), sizeof(pi));
            *dst = (struct mirage_ipaddr){MIRAGE_IPV4, {0}};
            memcpy(dst->addr, &pi.ipi_addr, 4);
            return;
        }
        if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
            struct in6_pktinfo pi;
            memcpy(&pi, CMSG_DATA(c), sizeof(pi));
            *dst = (struct mirage_ipaddr){MIRAGE_IPV6, {0}};
            memcpy(dst->addr, &pi.ipi6_addr, 16);
            return;
        }
    }
    *dst = k == k->l->sk[1] ? k->l->u->cfg.bind6 : k->l->u->cfg.bind4;
}

/* Receives one datagram into a buffer; returns it, or NULL when drained. */
static struct mirage_buf *receive(struct usock *k, struct mirage_ipaddr *src,
                                  uint16_t *sport, struct mirage_ipaddr *dst)
{
    struct sudp *u = k->l->u;
    struct sockaddr_storage ss;
    union {
        struct cmsghdr align;
        uint8_t buf[256];
    } ctl;
    struct iovec iov = {u->scratch, sizeof(u->scratch)};
    struct msghdr m = {.msg_name = &ss,
                       .msg_namelen = sizeof(ss),
                       .msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = ctl.buf,
                       .msg_controllen = sizeof(ctl.buf)};
    ssize_t n = recvmsg(k->s.fd, &m, MSG_DONTWAIT);
    if (n < 0)
        return NULL;
    struct mirage_buf *b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, (uint32_t)n);
    if (!b)
        return NULL;
    memcpy(mirage_buf_put(b, (uint32_t)n), u->scratch, (size_t)n);
    mirage__sockaddr_to(&ss, src, sport);
    dst_of(&m, k, dst);
    return b;
}

static void on_event(struct mirage__sock *s, uint32_t ev)
{
    (void)ev;
    struct usock *k = (struct usock *)s;
    struct mirage_ipaddr src, dst;
    uint16_t sport;
    struct mirage_buf *b;
    /* Edge-triggered: drain until the socket says EAGAIN. */
    while (!s->dead && (b = receive(k, &src, &sport, &dst))) {
        struct ulisten *l = k->l;
        l->fn(l->arg, &l->u->udp, &src, sport, &dst, l->port, b);
        mirage_buf_unref(b);
    }
}

static int open_one(struct ulisten *l, int i)
{
    const struct mirage__socket_cfg *c = &l->u->cfg;
    int fd = mirage__sock_bind(i ? AF_INET6 : AF_INET, SOCK_DGRAM,
                               i ? &c->bind6 : &c->bind4, l->port);
    if (fd < 0)
        return fd;
    int one = 1;
    if (i)
        setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one));
    else
        setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
    struct usock *k = malloc(sizeof(*k));
    if (!k) {
        close(fd);
        return -ENOMEM;
    }
    int r = mirage__sock_add(&k->s, fd, on_event, l);
    k->l = l;
    l->sk[i] = k;
    return r;
}

static void close_listener(struct ulisten *l)
{
    for (int i = 0; i < 2; i++)
        if (l->sk[i])
            mirage__sock_close(&l->sk[i]->s);
    free(l);
}

static struct ulisten **find(struct sudp *u, uint16_t port)
{
    struct ulisten **l = &u->listeners;
    while (*l && (*l)->port != port)
        l = &(*l)->next;
    return l;
}

static int udp_listen(struct mirage_udp *udp, uint16_t port,
                      mirage_udp_callback fn, void *arg)
{
    struct sudp *u = of(udp);
    if (port == 0 || !fn)
        return -EINVAL;
    if (*find(u, port))
        return -EADDRINUSE;
    struct ulisten *l = calloc(1, sizeof(*l));
    if (!l)
        return -ENOMEM;
    *l = (struct ulisten){.u = u, .port = port, .fn = fn, .arg = arg};
    int r = 0;
    if (u->cfg.v4)
        r = open_one(l, 0);
    if (r == 0 && u->cfg.v6) {
        int r6 = open_one(l, 1);
        /* A host without IPv6 still serves IPv4. */
        if (r6 < 0 && !(r6 == -EAFNOSUPPORT && u->cfg.v4))
            r = r6;
    }
    if (r < 0) {
        close_listener(l);
        return r;
    }
    l->next = u->listeners;
    u->listeners = l;
    return 0;
}

static void udp_unlisten(struct mirage_udp *udp, uint16_t port)
{
    struct ulisten **at = find(of(udp), port), *l = *at;
    if (l) {
        *at = l->next;
        close_listener(l);
    }
}

/* The socket to send from: the listener's on sport, a temporary one
 * bound to sport, or the family's unbound sender.  *tmp is set when the
 * caller must close it. */
static int pick_socket(struct sudp *u, int i, uint16_t sport, bool *tmp)
{
    *tmp = false;
    if (sport) {
        struct ulisten *l = *find(u, sport);
        if (l && l->sk[i])
            return l->sk[i]->s.fd;
        *tmp = true;
        return mirage__sock_bind(i ? AF_INET6 : AF_INET, SOCK_DGRAM,
                                 i ? &u->cfg.bind6 : &u->cfg.bind4, sport);
    }
    if (u->sender[i] < 0) {
        int fd = socket(i ? AF_INET6 : AF_INET,
                        SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return -errno;
        u->sender[i] = fd;
    }
    return u->sender[i];
}

/* Sends with the source address src (unless unspecified) as packet info. */
static int send_from(int fd, const struct mirage_ipaddr *src,
                     const struct sockaddr_storage *to, socklen_t tolen,
                     const void *data, size_t len)
{
    union {
        struct cmsghdr align;
        uint8_t buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
    } ctl;
    struct iovec iov = {(void *)(uintptr_t)data, len};
    struct msghdr m = {.msg_name = (void *)(uintptr_t)to,
                       .msg_namelen = tolen,
                       .msg_iov = &iov,
                       .msg_iovlen = 1};
    static const uint8_t any[16];
    if (src && memcmp(src->addr, any, 16) != 0) {
        memset(&ctl, 0, sizeof(ctl));
        m.msg_control = ctl.buf;
        struct cmsghdr *c = (struct cmsghdr *)ctl.buf;
        if (src->family == MIRAGE_IPV4) {
            struct in_pktinfo pi = {0};
            memcpy(&pi.ipi_spec_dst, src->addr, 4);
            c->cmsg_level = IPPROTO_IP;
            c->cmsg_type = IP_PKTINFO;
            c->cmsg_len = CMSG_LEN(sizeof(pi));
            memcpy(CMSG_DATA(c), &pi, sizeof(pi));
            m.msg_controllen = CMSG_SPACE(sizeof(pi));
        } else {
            struct in6_pktinfo pi = {0};
            memcpy(&pi.ipi6_addr, src->addr, 16);
            c->cmsg_level = IPPROTO_IPV6;
            c->cmsg_type = IPV6_PKTINFO;
            c->cmsg_len = CMSG_LEN(sizeof(pi));
            memcpy(CMSG_DATA(c), &pi, sizeof(pi));
            m.msg_controllen = CMSG_SPACE(sizeof(pi));
        }
    }
    return sendmsg(fd, &m, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ? mirage__sock_err()
                                                            : 0;
}

static int udp_write(struct mirage_udp *udp, const struct mirage_ipaddr *src,
                     uint16_t sport, const struct mirage_ipaddr *dst,
                     uint16_t dport, const void *data, size_t len)
{
    struct sudp *u = of(udp);
    int i = fam_index(dst);
    if (dport == 0)
        return -EINVAL;
    if (len > MIRAGE_UDP_MAX_PAYLOAD)
        return -EMSGSIZE;
    if ((i ? !u->cfg.v6 : !u->cfg.v4) || (src && src->family != dst->family))
        return -EAFNOSUPPORT;
    struct sockaddr_storage to;
    socklen_t tolen;
    int r = mirage__sockaddr_from(dst, dport, &to, &tolen);
    if (r < 0)
        return r;
    bool tmp;
    int fd = pick_socket(u, i, sport, &tmp);
    if (fd < 0)
        return fd;
    r = send_from(fd, src, &to, tolen, data, len);
    if (tmp)
        close(fd);
    return r;
}

static int udp_write_buf(struct mirage_udp *udp,
                         const struct mirage_ipaddr *src, uint16_t sport,
                         const struct mirage_ipaddr *dst, uint16_t dport,
                         struct mirage_buf *b)
{
    int r = udp_write(udp, src, sport, dst, dport, mirage_buf_data(b), b->len);
    mirage_buf_unref(b);
    return r;
}

static const struct mirage_udp_ops udp_ops = {
    .listen = udp_listen,
    .unlisten = udp_unlisten,
    .write = udp_write,
    .write_buf = udp_write_buf,
};

int mirage__socket_udp_create(const struct mirage__socket_cfg *c,
                              struct mirage_udp **out)
{
    struct sudp *u = calloc(1, sizeof(*u));
    if (!u)
        return -ENOMEM;
    u->udp.ops = &udp_ops;
    u->cfg = *c;
    u->sender[0] = u->sender[1] = -1;
    *out = &u->udp;
    return 0;
}

void mirage__socket_udp_destroy(struct mirage_udp *udp)
{
    struct sudp *u = of(udp);
    while (u->listeners) {
        struct ulisten *l = u->listeners;
        u->listeners = l->next;
        close_listener(l);
    }
    for (int i = 0; i < 2; i++)
        if (u->sender[i] >= 0)
            close(u->sender[i]);
    free(u);
}
