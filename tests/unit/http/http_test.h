/* SPDX-License-Identifier: ISC */
/* Helpers for HTTP server tests: run a server over a fake flow, parse
 * what it answered. */
#ifndef MIRAGE_TEST_HTTP_H
#define MIRAGE_TEST_HTTP_H

#include "fakeflow.h"

#include <mirage/http.h>

#include <stdbool.h>
#include <stddef.h>

/* Runs fn as the main fiber of a unikernel; returns its result. */
int ht_main(int (*fn)(void));

/* Serves f with a server made from cfg (NULL: defaults) until the
 * connection is closed and freed; copies the server's counters to stats
 * (may be NULL).  Returns 0, or -1 if the connection did not end within
 * 20 s of test time. */
int ht_serve(const struct mirage_http_config *cfg, mirage_http_handler h,
             void *arg, struct fakeflow *f, struct mirage_http_stats *stats);

/* A response as a client reads it. */
struct ht_resp {
    int status;
    char head[8192]; /* the header lines, NUL-terminated */
    char *body;      /* malloc'd, NUL-terminated */
    size_t body_len;
    bool chunked, has_length;
    size_t chunks; /* chunks in a chunked body */
};

/* Parses the responses in out[0, len).  no_body[i] says response i (not
 * counting interim 1xx ones) answers a HEAD request.  Returns how many
 * final responses, or -1 if the bytes are not a valid sequence of
 * responses (the reason goes to stderr).  *interim counts 1xx ones. */
int ht_parse(const char *out, size_t len, const bool *no_body, size_t nnb,
             struct ht_resp *r, size_t max, int *interim);
void ht_free(struct ht_resp *r, size_t n);
/* The value of header name in r (case-insensitive), or NULL; valid until
 * the next call. */
const char *ht_header(const struct ht_resp *r, const char *name);

/* An echo handler: reads the whole body (up to 64 KiB) and answers 200
 * with "METHOD path query version len:body".  If the body read fails it
 * records the error and does not respond. */
struct ht_echo {
    int calls;
    ssize_t body_result; /* of the last read_all */
    char last_method[32];
    char last_host[128];
};
void ht_echo_handler(void *arg, struct mirage_http_request *req,
                     struct mirage_http_response *resp);

/* Serves in (len bytes) read in pieces of chunk bytes with the echo
 * handler and cfg; returns the output (malloc'd, NUL-terminated) and
 * whether the flow was closed. */
char *ht_echo_run(const struct mirage_http_config *cfg, const char *in,
                  size_t len, size_t chunk, struct ht_echo *echo, bool *closed);

#endif
