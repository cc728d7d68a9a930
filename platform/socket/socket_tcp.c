/* SPDX-License-Identifier: ISC */
/* TCP of the socket stack: listeners and connections over host sockets. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "socket_priv.h"

struct stcp {
    struct mirage_tcp tcp;
    struct mirage__socket_cfg cfg;
};

struct tlisten;
struct tlsock {
    struct mirage__sock s; /* first: freed through it */
    struct tlisten *l;
};

struct tlisten {
    struct mirage_tcp_listener base;
    struct tlsock *sk[2];
    struct mirage_cond cond;
    bool closed;
    unsigned waiting; /* fibers in accept: the last one out frees */
};

struct sflow {
    struct mirage__sock s; /* first: freed through it */
    struct mirage_flow flow;
};

static struct sflow *flow_of(struct mirage_flow *f)
{
    return (struct sflow *)((char *)f - offsetof(struct sflow, flow));
}

/* Errors as flow.h names them. */
static int flow_err(void)
{
    switch (errno) {
    case EPIPE:
        return -EPIPE;
    case ECONNRESET:
    case ECONNABORTED:
        return -ECONNRESET;
    default:
        return mirage__sock_err();
    }
}

static ssize_t flow_read(struct mirage_flow *f, void *buf, size_t len)
{
    struct sflow *s = flow_of(f);
    for (;;) {
        ssize_t n = recv(s->s.fd, buf, len, MSG_DONTWAIT);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return flow_err();
        int r = mirage__sock_wait(&s->s, false);
        if (r < 0)
            return r;
    }
}

static ssize_t flow_write(struct mirage_flow *f, const void *buf, size_t len)
{
    struct sflow *s = flow_of(f);
    const uint8_t *p = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t n =
            send(s->s.fd, p + done, len - done, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n >= 0) {
            done += (size_t)n;
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return flow_err();
        int r = mirage__sock_wait(&s->s, true);
        if (r < 0)
            return r;
    }
    return (ssize_t)len;
}

static int flow_write_buf(struct mirage_flow *f, struct mirage_buf *b)
{
    ssize_t r = flow_write(f, mirage_buf_data(b), b->len);
    mirage_buf_unref(b);
    return r < 0 ? (int)r : 0;
}

static int flow_shutdown(struct mirage_flow *f, int how)
{
    int h = how == MIRAGE_FLOW_SHUT_RD   ? SHUT_RD
            : how == MIRAGE_FLOW_SHUT_WR ? SHUT_WR
                                         : SHUT_RDWR;
    if (how < MIRAGE_FLOW_SHUT_RD || how > MIRAGE_FLOW_SHUT_RDWR)
        return -EINVAL;
    return shutdown(flow_of(f)->s.fd, h) < 0 ? flow_err() : 0;
}

static void flow_close(struct mirage_flow *f)
{
    mirage__sock_close(&flow_of(f)->s);
}

static int endpoint(int fd, bool peer, struct mirage_ipaddr *a, uint16_t *port)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    int r = peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
                 : getsockname(fd, (struct sockaddr *)&ss, &len);
    if (r < 0)
        return errno == ENOTCONN ? -ENOTCONN : -errno;
    uint16_t p;
    mirage__sockaddr_to(&ss, a, &p);
    if (port)
        *port = p;
    return 0;
}

static int flow_peer(struct mirage_flow *f, struct mirage_ipaddr *a,
                     uint16_t *port)
{
    return endpoint(flow_of(f)->s.fd, true, a, port);
}

static int flow_local(struct mirage_flow *f, struct mirage_ipaddr *a,
                      uint16_t *port)
{
    return endpoint(flow_of(f)->s.fd, false, a, port);
}

static const struct mirage_flow_ops flow_ops = {
    .read = flow_read,
    .write = flow_write,
    .write_buf = flow_write_buf,
    .shutdown = flow_shutdown,
    .close = flow_close,
    .peer = flow_peer,
    .local = flow_local,
};

/* Wraps a connected (or connecting) socket in a flow. */
static int new_flow(int fd, struct sflow **out)
{
    struct sflow *s = malloc(sizeof(*s));
    if (!s) {
        close(fd);
        return -ENOMEM;
    }
    int r = mirage__sock_add(&s->s, fd, NULL, NULL);
    s->flow.ops = &flow_ops;
    if (r < 0) {
        mirage__sock_close(&s->s);
        return r;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    *out = s;
    return 0;
}

static void on_listen_event(struct mirage__sock *s, uint32_t ev)
{
    (void)ev;
    mirage_cond_broadcast(&((struct tlsock *)s)->l->cond);
}

static int listen_one(struct stcp *t, struct tlisten *l, int i, uint16_t port,
                      int backlog)
{
    int fd = mirage__sock_bind(i ? AF_INET6 : AF_INET, SOCK_STREAM,
                               i ? &t->cfg.bind6 : &t->cfg.bind4, port);
    if (fd < 0)
        return fd;
    if (listen(fd, backlog > 0 ? backlog : 16) < 0) {
        int r = -errno;
        close(fd);
        return r;
    }
    struct tlsock *k = malloc(sizeof(*k));
    if (!k) {
        close(fd);
        return -ENOMEM;
    }
    int r = mirage__sock_add(&k->s, fd, on_listen_event, l);
    k->l = l;
    l->sk[i] = k;
    return r;
}

static void release_listener(struct tlisten *l)
{
    for (int i = 0; i < 2; i++)
        if (l->sk[i])
            mirage__sock_close(&l->sk[i]->s);
    l->sk[0] = l->sk[1] = NULL;
}

static int tcp_listen(struct mirage_tcp *tcp, uint16_t port, int backlog,
                      struct mirage_tcp_listener **out)
{
    struct stcp *t = (struct stcp *)tcp;
    if (port == 0)
        return -EINVAL;
    struct tlisten *l = calloc(1, sizeof(*l));
    if (!l)
        return -ENOMEM;
    l->base.tcp = tcp;
    mirage_cond_init(&l->cond);
    int r = 0;
    if (t->cfg.v4)
        r = listen_one(t, l, 0, port, backlog);
    if (r == 0 && t->cfg.v6) {
        int r6 = listen_one(t, l, 1, port, backlog);
        if (r6 < 0 && !(r6 == -EAFNOSUPPORT && t->cfg.v4))
            r = r6;
    }
    if (r < 0) {
        release_listener(l);
        free(l);
        return r;
    }
    *out = &l->base;
    return 0;
}

/*
 * A connection from this host (127.0.0.0/8, ::1, or v4-mapped 127/8) gets a
 * fixed send buffer of MIRAGE__SOCK_LOOP_SNDBUF: its round trip is
 * microseconds, so the buffer caps nothing, while Linux's autotuning would
 * grow each one to megabytes holding copies of large bodies (100 clients of
 * a 1 MiB file: ~30% fewer requests/s than with 128 KiB, bench/http).  Other
 * peers keep autotuning, which a long fat path needs.
 */
#define MIRAGE__SOCK_LOOP_SNDBUF (128 * 1024)

static bool from_loopback(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    if (getpeername(fd, (struct sockaddr *)&ss, &len) < 0)
        return false;
    if (ss.ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)&ss;
        return (ntohl(a->sin_addr.s_addr) >> 24) == 127;
    }
    if (ss.ss_family != AF_INET6)
        return false;
    const struct in6_addr *a6 = &((const struct sockaddr_in6 *)&ss)->sin6_addr;
    return IN6_IS_ADDR_LOOPBACK(a6) ||
           (IN6_IS_ADDR_V4MAPPED(a6) && a6->s6_addr[12] == 127);
}

/* One accept4 on each socket: a flow, -EAGAIN, or an error. */
static int try_accept(struct tlisten *l, struct mirage_flow **out)
{
    for (int i = 0; i < 2; i++) {
        if (!l->sk[i])
            continue;
        int fd =
            accept4(l->sk[i]->s.fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            struct sflow *s;
            if (from_loopback(fd)) {
                int sz = MIRAGE__SOCK_LOOP_SNDBUF;
                setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
            }
            int r = new_flow(fd, &s);
            if (r == 0)
                *out = &s->flow;
            return r;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
            errno != ECONNABORTED)
            return -errno;
    }
    return -EAGAIN;
}

static int tcp_accept(struct mirage_tcp_listener *base,
                      struct mirage_flow **out)
{
    struct tlisten *l = (struct tlisten *)base;
    int r = -ECANCELED;
    l->waiting++;
    while (!l->closed) {
        r = try_accept(l, out);
        if (r != -EAGAIN)
            break;
        r = mirage_cond_wait(&l->cond);
        if (r < 0)
            break;
        r = -ECANCELED;
    }
    if (--l->waiting == 0 && l->closed)
        free(l);
    return r;
}

static void tcp_unlisten(struct mirage_tcp_listener *base)
{
    struct tlisten *l = (struct tlisten *)base;
    l->closed = true;
    release_listener(l);
    mirage_cond_broadcast(&l->cond);
    if (l->waiting == 0)
        free(l);
}

/* After a wake-up: 0 once connected, -EINPROGRESS while not, or the
 * connection's error. */
static int connect_state(int fd)
{
    struct pollfd p = {fd, POLLOUT, 0};
    if (poll(&p, 1, 0) == 0)
        return -EINPROGRESS;
    int err = 0;
    socklen_t len = sizeof(err);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        return -errno;
    errno = err;
    return err ? mirage__sock_err() : 0;
}

static int tcp_connect(struct mirage_tcp *tcp, const struct mirage_ipaddr *dst,
                       uint16_t port, struct mirage_flow **out)
{
    struct stcp *t = (struct stcp *)tcp;
    struct sockaddr_storage ss;
    socklen_t len;
    int r = mirage__sockaddr_from(dst, port, &ss, &len);
    if (r < 0)
        return r;
    int i = dst->family == MIRAGE_IPV6;
    if (i ? !t->cfg.v6 : !t->cfg.v4)
        return -EAFNOSUPPORT;
    int fd = socket(i ? AF_INET6 : AF_INET,
                    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    if (connect(fd, (struct sockaddr *)&ss, len) < 0 && errno != EINPROGRESS) {
        r = mirage__sock_err();
        close(fd);
        return r;
    }
    struct sflow *s;
    if ((r = new_flow(fd, &s)) < 0) /* registered after connect: see above */
        return r;
    while ((r = connect_state(fd)) == -EINPROGRESS)
        if ((r = mirage__sock_wait(&s->s, true)) < 0)
            break;
    if (r < 0) {
        mirage__sock_close(&s->s);
        return r;
    }
    *out = &s->flow;
    return 0;
}

static int tcp_set_nodelay(struct mirage_tcp *tcp, struct mirage_flow *f,
                           bool on)
{
    (void)tcp;
    int v = on;
    return setsockopt(flow_of(f)->s.fd, IPPROTO_TCP, TCP_NODELAY, &v,
                      sizeof(v)) < 0
               ? -errno
               : 0;
}

static int tcp_set_keepalive(struct mirage_tcp *tcp, struct mirage_flow *f,
                             const struct mirage_tcp_keepalive *ka)
{
    (void)tcp;
    int fd = flow_of(f)->s.fd, on = ka != NULL;
    if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) < 0)
        return -errno;
    if (!ka)
        return 0;
    int idle = (int)(ka->idle_ns / 1000000000u),
        intvl = (int)(ka->interval_ns / 1000000000u), cnt = (int)ka->probes;
    idle = idle > 0 ? idle : 1;
    intvl = intvl > 0 ? intvl : 1;
    cnt = cnt > 0 ? cnt : 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle)) < 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(intvl)) < 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(cnt)) < 0)
        return -errno;
    return 0;
}

static const struct mirage_tcp_ops tcp_ops = {
    .listen = tcp_listen,
    .accept = tcp_accept,
    .unlisten = tcp_unlisten,
    .connect = tcp_connect,
    .set_nodelay = tcp_set_nodelay,
    .set_keepalive = tcp_set_keepalive,
};

int mirage__socket_tcp_create(const struct mirage__socket_cfg *c,
                              struct mirage_tcp **out)
{
    struct stcp *t = calloc(1, sizeof(*t));
    if (!t)
        return -ENOMEM;
    t->tcp.ops = &tcp_ops;
    t->cfg = *c;
    *out = &t->tcp;
    return 0;
}

void mirage__socket_tcp_destroy(struct mirage_tcp *t)
{
    free(t);
}
