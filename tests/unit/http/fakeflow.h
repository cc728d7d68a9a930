/* SPDX-License-Identifier: ISC */
/* An in-memory flow for HTTP tests: scripted input, captured output. */
#ifndef MIRAGE_TEST_FAKEFLOW_H
#define MIRAGE_TEST_FAKEFLOW_H

#include <mirage/fiber.h>
#include <mirage/flow.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One piece of input, delivered after a delay (from the first read that
 * reaches it). */
struct fake_seg {
    const char *data;
    size_t len;
    uint64_t delay_ns;
};

#define FAKE_MAX_SEGS 16

struct fakeflow {
    struct mirage_flow flow;
    struct fake_seg segs[FAKE_MAX_SEGS];
    size_t nsegs, seg, seg_pos;
    size_t chunk; /* at most this many bytes per read; 0: no limit */
    bool hold;    /* after the input: block (until cancelled), not EOF */
    struct mirage_cond cond;
    char *out; /* everything written */
    size_t out_len, out_cap;
    size_t write_limit; /* writes past this many bytes fail (-EPIPE) */
    bool shut_wr, closed;
    unsigned reads, writes, write_bufs;
};

/* A flow that delivers in (len bytes) in reads of at most chunk bytes,
 * then end of stream; with_write_buf: it has the write_buf operation. */
void fakeflow_init(struct fakeflow *f, const void *in, size_t len, size_t chunk,
                   bool with_write_buf);
/* Appends an input segment delivered after delay_ns. */
void fakeflow_add(struct fakeflow *f, const void *data, size_t len,
                  uint64_t delay_ns);
void fakeflow_free(struct fakeflow *f);

#endif
