/* SPDX-License-Identifier: ISC */
/* The flow and TCP operations: user calls that suspend the calling fiber. */
#include <stdlib.h>
#include <string.h>

#include <mirage/buf.h>

#include "tcp_priv.h"

/*
 * Each operation tries the non-blocking call of tcp_user.c and, on
 * -EAGAIN, waits on the connection's (or listener's) condition, which the
 * engine broadcasts whenever data, buffer space, a state change or an
 * error arrives.  A cancelled fiber gets -ECANCELED from the wait.
 */

static ssize_t flow_read(struct mirage_flow *f, void *buf, size_t len)
{
    struct mirage__tcp_conn *c = mirage__tcp_conn_of(f);
    for (;;) {
        long n = mirage__tcp_recv(c, buf, len);
        if (n != -EAGAIN)
            return n;
        int err = mirage_cond_wait(&c->cond);
        if (err < 0)
            return err;
    }
}

static ssize_t flow_write(struct mirage_flow *f, const void *buf, size_t len)
{
    struct mirage__tcp_conn *c = mirage__tcp_conn_of(f);
    const uint8_t *p = buf;
    size_t done = 0;
    while (done < len) {
        long n = mirage__tcp_send(c, p + done, len - done);
        if (n == -EAGAIN) {
            int err = mirage_cond_wait(&c->cond);
            if (err < 0)
                return err;
            continue;
        }
        if (n < 0)
            return n;
        done += (size_t)n;
    }
    return (ssize_t)len;
}

static int flow_write_buf(struct mirage_flow *f, struct mirage_buf *b)
{
    struct mirage__tcp_conn *c = mirage__tcp_conn_of(f);
    for (;;) {
        int err = mirage__tcp_send_buf(c, b);
        if (err != -EAGAIN)
            return err;
        err = mirage_cond_wait(&c->cond);
        if (err < 0) {
            mirage_buf_unref(b);
            return err;
        }
    }
}

static int flow_shutdown(struct mirage_flow *f, int how)
{
    return mirage__tcp_shutdown(mirage__tcp_conn_of(f), how);
}

static void flow_close(struct mirage_flow *f)
{
    mirage__tcp_close(mirage__tcp_conn_of(f));
}

static int flow_peer(struct mirage_flow *f, struct mirage_ipaddr *a,
                     uint16_t *port)
{
    struct mirage__tcp_conn *c = mirage__tcp_conn_of(f);
    *a = c->raddr;
    *port = c->rport;
    return 0;
}

static int flow_local(struct mirage_flow *f, struct mirage_ipaddr *a,
                      uint16_t *port)
{
    struct mirage__tcp_conn *c = mirage__tcp_conn_of(f);
    *a = c->laddr;
    *port = c->lport;
    return 0;
}

const struct mirage_flow_ops mirage__tcp_flow_ops = {
    .read = flow_read,
    .write = flow_write,
    .write_buf = flow_write_buf,
    .shutdown = flow_shutdown,
    .close = flow_close,
    .peer = flow_peer,
    .local = flow_local,
};

static int tcp_listen(struct mirage_tcp *t, uint16_t port, int backlog,
                      struct mirage_tcp_listener **out)
{
    struct mirage__tcp_listener *l;
    int err = mirage__tcp_listen_open(mirage__tcp_of(t), port, backlog, &l);
    if (err == 0)
        *out = &l->pub;
    return err;
}

static struct mirage__tcp_listener *listener_of(struct mirage_tcp_listener *l)
{
    return MIRAGE__TCP_CONTAINER(l, struct mirage__tcp_listener, pub);
}

static int tcp_accept(struct mirage_tcp_listener *pub, struct mirage_flow **out)
{
    struct mirage__tcp_listener *l = listener_of(pub);
    for (;;) {
        struct mirage__tcp_conn *c = mirage__tcp_listen_take(l);
        if (c) {
            *out = &c->flow;
            return 0;
        }
        l->waiters++;
        int err = mirage_cond_wait(&l->cond);
        l->waiters--;
        if (l->closed) {
            if (l->waiters == 0)
                free(l);
            return -ECANCELED;
        }
        if (err < 0)
            return err;
    }
}

static void tcp_unlisten(struct mirage_tcp_listener *pub)
{
    mirage__tcp_listen_close(listener_of(pub));
}

static int tcp_connect(struct mirage_tcp *t, const struct mirage_ipaddr *dst,
                       uint16_t port, struct mirage_flow **out)
{
    struct mirage__tcp_conn *c;
    int err = mirage__tcp_open(mirage__tcp_of(t), dst, port, &c);
    if (err < 0)
        return err;
    while ((err = mirage__tcp_open_status(c)) == -EAGAIN) {
        int w = mirage_cond_wait(&c->cond);
        if (w < 0) {
            err = w;
            break;
        }
    }
    if (err < 0) {
        mirage__tcp_close(c);
        return err;
    }
    c->tcp->st.conn_opened++;
    *out = &c->flow;
    return 0;
}

static int tcp_set_nodelay(struct mirage_tcp *t, struct mirage_flow *f, bool on)
{
    struct mirage__tcp_conn *c = mirage__tcp_conn_of(f);
    (void)t;
    if (on) {
        c->flags |= MIRAGE__TCPF_NODELAY;
        mirage__tcp_output(c);
    } else {
        c->flags &= ~MIRAGE__TCPF_NODELAY;
    }
    return 0;
}

static int tcp_set_keepalive(struct mirage_tcp *t, struct mirage_flow *f,
                             const struct mirage_tcp_keepalive *ka)
{
    (void)t;
    mirage__tcp_set_keepalive(mirage__tcp_conn_of(f), ka);
    return 0;
}

const struct mirage_tcp_ops mirage__tcp_ops = {
    .listen = tcp_listen,
    .accept = tcp_accept,
    .unlisten = tcp_unlisten,
    .connect = tcp_connect,
    .set_nodelay = tcp_set_nodelay,
    .set_keepalive = tcp_set_keepalive,
};
