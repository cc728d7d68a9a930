/* SPDX-License-Identifier: ISC */
/* FLOW: a reliable, ordered byte stream (a TCP connection, a host socket). */
#ifndef MIRAGE_FLOW_H
#define MIRAGE_FLOW_H

/*
 * A flow is what MirageOS calls Mirage_flow.S: a bidirectional byte stream
 * that an application reads and writes sequentially.  read and write
 * suspend the calling fiber only; every other fiber keeps running.  One
 * fiber may read while another writes the same flow; two concurrent
 * readers (or writers) are allowed but get the bytes in no defined split.
 *
 * Ownership: write copies the caller's bytes (at most once) and returns
 * when all of them are queued, not when they are acknowledged.  write_buf
 * takes one reference to b whether it succeeds or fails and sends its data
 * without copying it into the flow (the data must not change until the
 * flow drops the reference: use it for constant data).  close releases the
 * flow: the handle must not be used afterwards; queued data is still sent
 * and the connection closes gracefully in the background.
 *
 * Errors: read returns 0 at end of stream (the peer shut down its sending
 * side); -ECONNRESET (the peer reset the connection), -ETIMEDOUT
 * (retransmissions or keep-alive probes went unanswered), -ECANCELED (the
 * calling fiber was cancelled; the flow stays usable).  write returns len
 * or -EPIPE (this side was shut down for writing), -ECONNRESET, -ETIMEDOUT,
 * -ECANCELED (some of the bytes may have been queued).  An optional
 * operation an implementation lacks returns -ENOTSUP.  A NULL flow, or use
 * after close, is a programmer error.
 */

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <mirage/buf.h>

struct mirage_ipaddr;
struct mirage_flow_ops;

struct mirage_flow {
    const struct mirage_flow_ops *ops;
};

#define MIRAGE_FLOW_SHUT_RD 1
#define MIRAGE_FLOW_SHUT_WR 2
#define MIRAGE_FLOW_SHUT_RDWR 3

/* Implementing this interface. */
struct mirage_flow_ops {
    /* Suspends until data: a count > 0, 0 at end of stream, or an error. */
    ssize_t (*read)(struct mirage_flow *f, void *buf, size_t len);
    /* Suspends until all of buf is queued: len or an error. */
    ssize_t (*write)(struct mirage_flow *f, const void *buf, size_t len);
    /* Optional (NULL: -ENOTSUP).  Takes b; 0 or an error. */
    int (*write_buf)(struct mirage_flow *f, struct mirage_buf *b);
    /* MIRAGE_FLOW_SHUT_RD / _WR / _RDWR: 0 or an error. */
    int (*shutdown)(struct mirage_flow *f, int how);
    /* Releases f (does not suspend). */
    void (*close)(struct mirage_flow *f);
    /* The remote and local endpoints: 0, or -ENOTCONN. */
    int (*peer)(struct mirage_flow *f, struct mirage_ipaddr *a, uint16_t *port);
    int (*local)(struct mirage_flow *f, struct mirage_ipaddr *a,
                 uint16_t *port);
};

static inline ssize_t mirage_flow_read(struct mirage_flow *f, void *buf,
                                       size_t len)
{
    return f->ops->read(f, buf, len);
}
static inline ssize_t mirage_flow_write(struct mirage_flow *f, const void *buf,
                                        size_t len)
{
    return f->ops->write(f, buf, len);
}
/* Takes b, even when the flow cannot send buffers (-ENOTSUP). */
static inline int mirage_flow_write_buf(struct mirage_flow *f,
                                        struct mirage_buf *b)
{
    if (!f->ops->write_buf) {
        mirage_buf_unref(b);
        return -ENOTSUP;
    }
    return f->ops->write_buf(f, b);
}
static inline int mirage_flow_shutdown(struct mirage_flow *f, int how)
{
    return f->ops->shutdown(f, how);
}
static inline void mirage_flow_close(struct mirage_flow *f)
{
    f->ops->close(f);
}
static inline int mirage_flow_peer(struct mirage_flow *f,
                                   struct mirage_ipaddr *a, uint16_t *port)
{
    return f->ops->peer ? f->ops->peer(f, a, port) : -ENOTSUP;
}
static inline int mirage_flow_local(struct mirage_flow *f,
                                    struct mirage_ipaddr *a, uint16_t *port)
{
    return f->ops->local ? f->ops->local(f, a, port) : -ENOTSUP;
}

#endif
