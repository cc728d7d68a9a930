/* SPDX-License-Identifier: ISC */
/* Connection I/O: reads with deadlines through a reader fiber, and writes.
 */
#include "http_priv.h"

#include <assert.h>

/*
 * A flow read has no deadline, and cancelling the fiber that reads would
 * cancel the handler's fiber for good.  So each connection has a reader
 * fiber that does nothing but the flow reads the connection fiber asks
 * for; the connection fiber waits for the answer on a condition with a
 * deadline.  When the connection ends, the reader is cancelled (its read
 * returns -ECANCELED) and whichever of the two fibers finishes last closes
 * the flow and frees the connection.  Reads always go into the
 * connection's own buffer, never the handler's, so a read still under way
 * after a timeout cannot write into memory the handler gave back.
 */

uint64_t mirage__http_deadline(uint64_t timeout_ns)
{
    uint64_t now = mirage_now_ns();

    if (timeout_ns == MIRAGE_HTTP_NO_TIMEOUT || timeout_ns >= UINT64_MAX - now)
        return UINT64_MAX;
    return now + timeout_ns;
}

static void reader_main(void *arg)
{
    struct mirage__http_conn *c = arg;
    struct mirage__http_reader *rd = &c->rd;

    rd->fiber = mirage_fiber_self();
    for (;;) {
        ssize_t n;

        while (!rd->requested && !rd->stop)
            if (mirage_cond_wait(&rd->want) < 0)
                goto out;
        if (rd->stop)
            break;
        rd->requested = false;
        n = mirage_flow_read(c->flow, rd->dst, rd->len);
        rd->result = n;
        rd->pending = false;
        mirage_cond_signal(&rd->got);
        if (n == -ECANCELED)
            break;
    }
out:
    rd->fiber = NULL;
    mirage__http_conn_unref(c);
}

int mirage__http_reader_start(struct mirage__http_conn *c)
{
    int r;

    c->refs++;
    r = mirage_spawn(reader_main, c);
    if (r < 0)
        c->refs--;
    return r;
}

void mirage__http_reader_stop(struct mirage__http_conn *c)
{
    c->rd.stop = true;
    if (c->rd.fiber)
        mirage_fiber_cancel(c->rd.fiber);
    else
        mirage_cond_signal(&c->rd.want);
}

/* Asks the reader for one read into buf[end, cap) unless one is already
 * under way (after a timeout: it still reads there, since nothing moved
 * the buffer since), then waits for it until deadline. */
ssize_t mirage__http_fill(struct mirage__http_conn *c, uint64_t deadline)
{
    struct mirage__http_reader *rd = &c->rd;
    ssize_t n;

    if (c->eof)
        return 0;
    if (c->rd_err)
        return c->rd_err;
    if (!rd->pending) {
        assert(c->end < c->cap);
        rd->dst = c->buf + c->end;
        rd->len = c->cap - c->end;
        rd->requested = rd->pending = true;
        mirage_cond_signal(&rd->want);
    }
    while (rd->pending) {
        int r = mirage_cond_wait_until(&rd->got, deadline);
        if (r < 0 && rd->pending)
            return r;
    }
    n = rd->result;
    if (n > 0) {
        assert(rd->dst == c->buf + c->end && (size_t)n <= rd->len);
        c->end += (size_t)n;
    } else if (n == 0) {
        c->eof = true;
    } else {
        c->rd_err = (int)n;
    }
    return n;
}

int mirage__http_send(struct mirage__http_conn *c, const void *data, size_t len)
{
    const char *p = data;

    while (len > 0) {
        ssize_t n = mirage_flow_write(c->flow, p, len);
        if (n < 0) {
            c->resp.state = MIRAGE__HTTP_RESP_FAILED;
            c->close = true;
            return (int)n;
        }
        if (n == 0 || (size_t)n > len) {
            c->resp.state = MIRAGE__HTTP_RESP_FAILED;
            c->close = true;
            return -EIO;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}
