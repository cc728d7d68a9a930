/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: arbitrary bytes from a client into the HTTP server. */
#include "fakeflow.h"
#include "http_test.h"

#include <mirage.h>
#include <mirage/http.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Input: byte 0 chooses how the fake flow splits the rest into reads
 * (bits 0-3: at most that many bytes per read, 0 for all) and whether it
 * has write_buf (bit 4); the rest is what the client sends.  The handler
 * answers in a way chosen by the path, exercising every response mode.
 * Besides the sanitizers, the harness checks what the server wrote: a
 * valid sequence of responses, one per request the handler saw, plus at
 * most one answer of the server's own.
 */

#define MAX_CALLS 256

static const uint8_t *in_data;
static size_t in_size;
static uint8_t in_flags;
static bool heads[MAX_CALLS];
static int calls;
static struct ht_resp resps[MAX_CALLS + 2];
static char body[512];

static void respond_by_path(struct mirage_http_request *req,
                            struct mirage_http_response *resp, ssize_t n)
{
    const char *p = req->path;

    if (strcmp(p, "/len") == 0) {
        mirage_http_set_length(resp, (uint64_t)n);
        mirage_http_write(resp, body, (size_t)n / 2);
        mirage_http_write(resp, body + n / 2, (size_t)n - (size_t)n / 2);
    } else if (strcmp(p, "/chunk") == 0) {
        for (ssize_t i = 0; i < n; i += 7)
            mirage_http_write(resp, body + i, n - i < 7 ? (size_t)(n - i) : 7);
        mirage_http_finish(resp);
    } else if (strcmp(p, "/buf") == 0) {
        struct mirage_buf *b = mirage_buf_alloc(0, (uint32_t)n + 1);
        if (b) {
            memcpy(mirage_buf_put(b, (uint32_t)n), body, (size_t)n);
            mirage_http_respond_buf(resp, 200, "application/octet-stream", b);
        }
    } else if (strcmp(p, "/status") == 0) {
        mirage_http_respond_status(resp, 204 + (int)(n % 300));
    } else if (strcmp(p, "/none") != 0) {
        mirage_http_respond(resp, 200, "text/plain", body, (size_t)n);
    }
}

static void handler(void *arg, struct mirage_http_request *req,
                    struct mirage_http_response *resp)
{
    const char *echo = mirage_http_header(req, "x-echo");
    ssize_t n;

    (void)arg;
    if (calls < MAX_CALLS)
        heads[calls] = strcmp(req->method, "HEAD") == 0;
    calls++;
    if (echo)
        mirage_http_add_header(resp, "X-Echo", echo);
    n = mirage_http_body_read_all(req, body, sizeof(body));
    if (n == -EFBIG)
        n = sizeof(body);
    if (n < 0)
        return; /* the server answers the body error */
    respond_by_path(req, resp, n);
}

static int one_input(void)
{
    static const struct mirage_http_config cfg = {
        .max_request_line = 200,
        .max_header_bytes = 400,
        .max_headers = 8,
        .max_body = 1000,
    };
    struct mirage_http_server *srv;
    struct mirage_http_stats st;
    struct fakeflow f;
    int n, interim, spins = 0;

    if (mirage_http_server_create(&cfg, handler, NULL, &srv) < 0)
        abort();
    fakeflow_init(&f, in_data, in_size, in_flags & 15, in_flags & 16);
    calls = 0;
    mirage_http_serve_flow(srv, &f.flow);
    for (mirage_http_server_stats(srv, &st); st.active;
         mirage_http_server_stats(srv, &st)) {
        if (++spins > 10000) {
            fprintf(stderr, "the connection never ended\n");
            abort();
        }
        mirage_yield();
    }
    mirage_http_server_destroy(srv);
    if (!f.closed)
        abort();
    n = ht_parse(f.out ? f.out : "", f.out_len, heads,
                 calls < MAX_CALLS ? (size_t)calls : MAX_CALLS, resps,
                 MAX_CALLS + 2, &interim);
    if (n < 0 || (calls < MAX_CALLS && n != calls && n != calls + 1)) {
        fprintf(stderr, "%d responses for %d handler calls:\n%.*s\n", n, calls,
                (int)f.out_len, f.out ? f.out : "");
        abort();
    }
    ht_free(resps, (size_t)n);
    fakeflow_free(&f);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    in_flags = data[0];
    in_data = data + 1;
    in_size = size - 1;
    ht_main(one_input);
    return 0;
}
