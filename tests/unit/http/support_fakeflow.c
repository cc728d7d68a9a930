/* SPDX-License-Identifier: ISC */
/* An in-memory flow for HTTP tests: scripted input, captured output. */
#include "fakeflow.h"

#include <mirage/buf.h>

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define FAKE(fl) ((struct fakeflow *)(fl))

static ssize_t fake_read(struct mirage_flow *fl, void *buf, size_t len)
{
    struct fakeflow *f = FAKE(fl);
    struct fake_seg *s;
    size_t n;

    assert(!f->closed);
    f->reads++;
    while (f->seg < f->nsegs && f->segs[f->seg].len == f->seg_pos) {
        f->seg++;
        f->seg_pos = 0;
    }
    if (f->seg == f->nsegs) {
        while (f->hold)
            if (mirage_cond_wait(&f->cond) < 0)
                return -ECANCELED;
        return 0;
    }
    s = &f->segs[f->seg];
    if (f->seg_pos == 0 && s->delay_ns) {
        if (mirage_sleep_ns(s->delay_ns) < 0)
            return -ECANCELED;
        s->delay_ns = 0;
    }
    n = s->len - f->seg_pos;
    if (n > len)
        n = len;
    if (f->chunk && n > f->chunk)
        n = f->chunk;
    memcpy(buf, s->data + f->seg_pos, n);
    f->seg_pos += n;
    return (ssize_t)n;
}

static int append(struct fakeflow *f, const void *data, size_t len)
{
    if (f->shut_wr || f->out_len + len > f->write_limit)
        return -EPIPE;
    if (f->out_len + len + 1 > f->out_cap) {
        size_t cap = (f->out_len + len + 1) * 2;
        char *p = realloc(f->out, cap);
        assert(p != NULL);
        f->out = p;
        f->out_cap = cap;
    }
    memcpy(f->out + f->out_len, data, len);
    f->out_len += len;
    f->out[f->out_len] = '\0';
    return 0;
}

static ssize_t fake_write(struct mirage_flow *fl, const void *buf, size_t len)
{
    struct fakeflow *f = FAKE(fl);
    int r;

    assert(!f->closed);
    f->writes++;
    r = append(f, buf, len);
    return r < 0 ? r : (ssize_t)len;
}

static int fake_write_buf(struct mirage_flow *fl, struct mirage_buf *b)
{
    struct fakeflow *f = FAKE(fl);
    int r;

    assert(!f->closed);
    f->write_bufs++;
    r = append(f, mirage_buf_data(b), b->len);
    mirage_buf_unref(b);
    return r;
}

static int fake_shutdown(struct mirage_flow *fl, int how)
{
    struct fakeflow *f = FAKE(fl);

    assert(!f->closed);
    if (how & MIRAGE_FLOW_SHUT_WR)
        f->shut_wr = true;
    return 0;
}

static void fake_close(struct mirage_flow *fl)
{
    struct fakeflow *f = FAKE(fl);

    assert(!f->closed);
    f->closed = true;
}

static const struct mirage_flow_ops ops_buf = {
    .read = fake_read,
    .write = fake_write,
    .write_buf = fake_write_buf,
    .shutdown = fake_shutdown,
    .close = fake_close,
};

static const struct mirage_flow_ops ops_plain = {
    .read = fake_read,
    .write = fake_write,
    .shutdown = fake_shutdown,
    .close = fake_close,
};

void fakeflow_init(struct fakeflow *f, const void *in, size_t len, size_t chunk,
                   bool with_write_buf)
{
    memset(f, 0, sizeof(*f));
    f->flow.ops = with_write_buf ? &ops_buf : &ops_plain;
    f->chunk = chunk;
    f->write_limit = SIZE_MAX;
    mirage_cond_init(&f->cond);
    if (len)
        fakeflow_add(f, in, len, 0);
}

void fakeflow_add(struct fakeflow *f, const void *data, size_t len,
                  uint64_t delay_ns)
{
    assert(f->nsegs < FAKE_MAX_SEGS);
    f->segs[f->nsegs++] = (struct fake_seg){data, len, delay_ns};
}

void fakeflow_free(struct fakeflow *f)
{
    free(f->out);
    f->out = NULL;
}
