/* SPDX-License-Identifier: ISC */
/* The socket stack's epoll instance and its dispatch in the event loop. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <mirage/io.h>

#include "socket_priv.h"
#include "unix/plat_unix.h"

MIRAGE_LOG_SRC(mirage__socket_log, "socket", "socket stack");

static int epfd = -1;
static unsigned handle;
static bool dispatching;
static struct mirage__sock *graveyard;

static void bury(void)
{
    while (graveyard) {
        struct mirage__sock *s = graveyard;
        graveyard = s->next_dead;
        free(s);
    }
}

static void on_ready(unsigned h, void *arg)
{
    (void)h, (void)arg;
    struct epoll_event ev[64];
    int n;
    dispatching = true;
    do {
        n = epoll_wait(epfd, ev, 64, 0);
        for (int i = 0; i < n; i++) {
            struct mirage__sock *s = ev[i].data.ptr;
            uint32_t e = ev[i].events;
            if (s->dead)
                continue;
            if (e & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP))
                mirage_cond_broadcast(&s->rd);
            if (e & (EPOLLOUT | EPOLLERR | EPOLLHUP))
                mirage_cond_broadcast(&s->wr);
            if (s->event)
                s->event(s, e);
        }
    } while (n == 64);
    dispatching = false;
    bury();
}

int mirage__sock_init(void)
{
    if (epfd < 0) {
        int fd = epoll_create1(EPOLL_CLOEXEC);
        if (fd < 0)
            return -errno;
        int r = mirage_plat_unix_watch_fd(fd, &handle);
        if (r < 0) {
            close(fd);
            return r;
        }
        epfd = fd;
    }
    /* The runtime forgets watches between runs (tests): set it each time. */
    mirage_io_watch(handle, on_ready, NULL);
    return 0;
}

int mirage__sock_add(struct mirage__sock *s, int fd,
                     void (*event)(struct mirage__sock *s, uint32_t ev),
                     void *owner)
{
    memset(s, 0, sizeof(*s));
    s->fd = fd;
    s->event = event;
    s->owner = owner;
    mirage_cond_init(&s->rd);
    mirage_cond_init(&s->wr);
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -errno;
    struct epoll_event ev = {
        .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
        .data.ptr = s,
    };
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

void mirage__sock_close(struct mirage__sock *s)
{
    epoll_ctl(epfd, EPOLL_CTL_DEL, s->fd, NULL);
    close(s->fd);
    s->fd = -1;
    s->dead = true;
    /* Fibers waiting on s must not stay asleep forever. */
    mirage_cond_broadcast(&s->rd);
    mirage_cond_broadcast(&s->wr);
    if (dispatching) {
        s->next_dead = graveyard;
        graveyard = s;
    } else {
        free(s);
    }
}

int mirage__sock_wait(struct mirage__sock *s, bool write)
{
    return mirage_cond_wait(write ? &s->wr : &s->rd);
}

int mirage__sock_err(void)
{
    switch (errno) {
    case ENETUNREACH:
        return -EHOSTUNREACH;
    case EWOULDBLOCK:
        return -EAGAIN;
    default:
        return -errno;
    }
}

int mirage__sockaddr_from(const struct mirage_ipaddr *a, uint16_t port,
                          struct sockaddr_storage *ss, socklen_t *len)
{
    memset(ss, 0, sizeof(*ss));
    if (a->family == MIRAGE_IPV4) {
        struct sockaddr_in *in = (struct sockaddr_in *)ss;
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        memcpy(&in->sin_addr, a->addr, 4);
        *len = sizeof(*in);
        return 0;
    }
    if (a->family == MIRAGE_IPV6) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        memcpy(&in6->sin6_addr, a->addr, 16);
        *len = sizeof(*in6);
        return 0;
    }
    return -EAFNOSUPPORT;
}

void mirage__sockaddr_to(const struct sockaddr_storage *ss,
                         struct mirage_ipaddr *a, uint16_t *port)
{
    memset(a, 0, sizeof(*a));
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)ss;
        a->family = MIRAGE_IPV4;
        memcpy(a->addr, &in->sin_addr, 4);
        *port = ntohs(in->sin_port);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;
        a->family = MIRAGE_IPV6;
        memcpy(a->addr, &in6->sin6_addr, 16);
        *port = ntohs(in6->sin6_port);
    } else {
        *port = 0;
    }
}

int mirage__sock_bind(int af, int type, const struct mirage_ipaddr *a,
                      uint16_t port)
{
    int fd = socket(af, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (af == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    struct sockaddr_storage ss;
    socklen_t len;
    int r = mirage__sockaddr_from(a, port, &ss, &len);
    if (r == 0 && bind(fd, (struct sockaddr *)&ss, len) < 0)
        r = -errno;
    if (r < 0) {
        close(fd);
        return r;
    }
    return fd;
}
