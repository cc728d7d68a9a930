/* SPDX-License-Identifier: ISC */
/* HTTP: an HTTP/1.1 server over flows, with a sequential handler API. */
#ifndef MIRAGE_HTTP_H
#define MIRAGE_HTTP_H

/*
 * An HTTP/1.1 server (RFC 9110, RFC 9112) that runs over any flow, so over
 * either stack (direct or socket) through the TCP interface.  The
 * application gives a handler; the server calls it once per request, in
 * the fiber that runs the connection, with the parsed request and a
 * response writer.  The handler reads the request body sequentially
 * (mirage_http_body_read suspends its fiber only) and answers with a
 * sized body, a zero-copy buffer, or a streamed body.
 *
 *     static void handler(void *arg, struct mirage_http_request *req,
 *                         struct mirage_http_response *resp)
 *     {
 *         if (strcmp(req->path, "/") != 0)
 *             mirage_http_respond_status(resp, 404);
 *         else
 *             mirage_http_respond(resp, 200, "text/plain", "hello\n", 6);
 *     }
 *     ...
 *     struct mirage_http_server *srv;
 *     int err = mirage_http_server_create(NULL, handler, NULL, &srv);
 *     if (err == 0)  // suspends while serving
 *         err = mirage_http_serve_tcp(srv, mirage_stack_tcp(stack), 80);
 *
 * Connections: keep-alive (HTTP/1.1 by default, HTTP/1.0 when the request
 * asks with "Connection: keep-alive") and pipelining (requests that arrive
 * together are answered in order, one at a time).  Each connection uses
 * two fibers (the handler's, and one that reads the flow so that every
 * read can time out) and one allocation sized from the limits; nothing is
 * allocated per request.
 *
 * The server answers by itself, with a short text body and
 * "Connection: close", when a request cannot reach the handler:
 *   400 malformed request line, header, chunked body, obs-fold, bare CR or
 *       LF, both Content-Length and Transfer-Encoding, differing
 *       Content-Lengths, Transfer-Encoding whose last coding is not
 *       chunked, HTTP/1.1 without exactly one Host
 *   408 the request head (or the body, while the handler reads it) did not
 *       arrive in time
 *   413 the body is larger than max_body
 *   414 the request line is longer than max_request_line
 *   417 an Expect header other than 100-continue
 *   431 more than max_headers header lines or max_header_bytes bytes
 *   500 the handler returned without responding
 *   501 a transfer coding other than chunked
 *   503 the server already has max_connections connections
 *   505 an HTTP version other than 1.x
 * A connection idle between requests for idle_timeout_ns is closed
 * silently.  404, 405 and the like are the handler's to send
 * (mirage_http_respond_status).
 *
 * Errors: mirage_http_server_create returns -EINVAL (a limit out of
 * range) or -ENOMEM.  Response calls return 0 (or the count written) or
 * the flow's error (-EPIPE, -ECONNRESET, -ETIMEDOUT, -ECANCELED), after
 * which the connection is closed; -EINVAL for a header name or value that
 * is not valid HTTP, a body on a status that has none, or more bytes than
 * the declared length; -ENOSPC when the response headers exceed
 * MIRAGE_HTTP_RESPONSE_HEADERS bytes; -EALREADY for a call that is too
 * late (a header after the head was sent, a second response).  Body reads
 * return -EBADMSG (malformed chunked body), -EFBIG (larger than max_body),
 * -ETIMEDOUT (nothing arrived for body_timeout_ns), -ECONNABORTED (the
 * peer closed before the end of the body), -ECANCELED; the server then
 * answers 400, 413 or 408 if the handler does not, and closes the
 * connection.  NULL handles are programmer errors (assert).
 */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <mirage/buf.h>
#include <mirage/clock.h>
#include <mirage/flow.h>
#include <mirage/tcp.h>

/* Timeouts that never fire, and a body limit that never applies. */
#define MIRAGE_HTTP_NO_TIMEOUT UINT64_MAX
#define MIRAGE_HTTP_UNLIMITED UINT64_MAX

/* Bytes of header lines a handler may add to one response. */
#define MIRAGE_HTTP_RESPONSE_HEADERS 4096

/* Limits and options; a zero field takes the default shown.  Use a
 * designated initialiser: (struct mirage_http_config){.max_body = 1 << 20}.
 * The sizes may not exceed 1 MiB each, max_headers 10000. */
struct mirage_http_config {
    size_t max_request_line;     /* 8 KiB; longer: 414 */
    size_t max_header_bytes;     /* 16 KiB of header lines; more: 431 */
    unsigned max_headers;        /* 100 header lines; more: 431 */
    uint64_t max_body;           /* 1 MiB; larger: 413 */
    uint64_t header_timeout_ns;  /* 10 s to receive a request head: 408 */
    uint64_t idle_timeout_ns;    /* 30 s idle between requests: close */
    uint64_t body_timeout_ns;    /* 30 s without body bytes: 408 */
    unsigned max_connections;    /* 256 at once; more: 503 and close */
    struct mirage_pclock *clock; /* if set, responses carry a Date */
    const char *server;          /* the Server header: "mirage"; "" none */
};

struct mirage_http_server;
struct mirage_http_response;

/* A header line of the request, as received: name (its case kept) and
 * value (without surrounding whitespace), both NUL-terminated. */
struct mirage_http_header {
    const char *name;
    const char *value;
};

/* The request a handler gets; valid until the handler returns.  Every
 * string is NUL-terminated. */
struct mirage_http_request {
    const char *method; /* "GET", "HEAD", ... (case-sensitive) */
    const char *target; /* the request-target as sent: "/a/b?x=1" */
    const char *path;   /* its path, not decoded: "/a/b" (absolute-form:
                           the path after the authority; "*"; CONNECT:
                           the authority) */
    const char *query;  /* after '?': "x=1"; NULL without '?' */
    int version;        /* 10 for HTTP/1.0, 11 for HTTP/1.1 (and 1.x) */
    const struct mirage_http_header *headers;
    size_t nheaders;
    int64_t content_length; /* the body's length; -1 if chunked */
    bool keep_alive;        /* the connection stays open after this one */
};

/* Called once per request in the connection's fiber.  It should answer
 * through resp before returning (otherwise the server answers 500); it may
 * read the body (or not: the server skips what is left). */
typedef void (*mirage_http_handler)(void *arg, struct mirage_http_request *req,
                                    struct mirage_http_response *resp);

/* Counters, for monitoring and tests. */
struct mirage_http_stats {
    uint64_t connections;      /* connections served */
    uint64_t active;           /* connections open now */
    uint64_t rejected;         /* answered 503: too many connections, or
                                  no memory for one */
    uint64_t requests;         /* requests given to the handler */
    uint64_t responses[6];     /* final responses sent, by class: [2] 2xx */
    uint64_t bad_request;      /* 400 */
    uint64_t timeout;          /* 408 */
    uint64_t too_large;        /* 413 */
    uint64_t uri_too_long;     /* 414 */
    uint64_t expectation;      /* 417 */
    uint64_t header_too_large; /* 431 */
    uint64_t no_response;      /* 500: the handler did not respond */
    uint64_t not_implemented;  /* 501 */
    uint64_t bad_version;      /* 505 */
    uint64_t idle_closed;      /* keep-alive connections closed when idle */
};

/* Creates a server (cfg NULL: every default).  0, -EINVAL, -ENOMEM. */
int mirage_http_server_create(const struct mirage_http_config *cfg,
                              mirage_http_handler handler, void *arg,
                              struct mirage_http_server **out);
/* Cancels every connection and suspends until all are closed. */
void mirage_http_server_shutdown(struct mirage_http_server *srv);
/* Frees srv, which must have no connection left (see shutdown). */
void mirage_http_server_destroy(struct mirage_http_server *srv);
void mirage_http_server_stats(const struct mirage_http_server *srv,
                              struct mirage_http_stats *out);

/* Serves one connection in the calling fiber until it closes; takes flow
 * (it is closed, possibly after this returns).  0, -EBUSY (answered 503:
 * max_connections reached), -ENOMEM (answered 503). */
int mirage_http_serve_flow(struct mirage_http_server *srv,
                           struct mirage_flow *flow);
/* Accepts connections on l and serves each in a new fiber, answering 503
 * past max_connections.  Suspends until accept fails: returns its error
 * (-ECANCELED when l is unlistened or the caller cancelled). */
int mirage_http_serve(struct mirage_http_server *srv,
                      struct mirage_tcp_listener *l);
/* Listens on port of tcp (mirage_stack_tcp(stack)) and serves as above;
 * unlistens before returning.  The listen errors, or serve's. */
int mirage_http_serve_tcp(struct mirage_http_server *srv,
                          struct mirage_tcp *tcp, uint16_t port);

/* The value of the first header named name (ASCII case-insensitive), or
 * NULL. */
const char *mirage_http_header(const struct mirage_http_request *req,
                               const char *name);
/* Reads up to len bytes of the body (de-chunked): a count > 0, 0 at its
 * end, or an error (see Errors).  Suspends.  Sends "100 Continue" first if
 * the client asked for it. */
ssize_t mirage_http_body_read(struct mirage_http_request *req, void *buf,
                              size_t len);
/* Reads the whole body into buf: its length, -EFBIG if it does not fit in
 * len bytes (the rest is not read), or a body_read error. */
ssize_t mirage_http_body_read_all(struct mirage_http_request *req, void *buf,
                                  size_t len);

/* Before the head is sent: the status (default 200; 200..599), an extra
 * header line (copied; Content-Length, Transfer-Encoding and Connection
 * are the server's: -EINVAL), closing the connection after this response,
 * and a declared body length for mirage_http_write. */
int mirage_http_set_status(struct mirage_http_response *resp, int status);
int mirage_http_add_header(struct mirage_http_response *resp, const char *name,
                           const char *value);
int mirage_http_set_close(struct mirage_http_response *resp);
int mirage_http_set_length(struct mirage_http_response *resp, uint64_t len);

/* A whole response with a Content-Length body (content_type NULL: no
 * Content-Type).  Copies data.  HEAD gets the same head and no body;
 * 204 and 304 take no body (len must be 0). */
int mirage_http_respond(struct mirage_http_response *resp, int status,
                        const char *content_type, const void *data, size_t len);
/* As respond, but takes b and sends its data without copying (through
 * the flow's write_buf when it has one). */
int mirage_http_respond_buf(struct mirage_http_response *resp, int status,
                            const char *content_type, struct mirage_buf *b);
/* A response with a short text/plain body: "404 Not Found\n". */
int mirage_http_respond_status(struct mirage_http_response *resp, int status);

/* Streams the body: the first call sends the head.  With a declared
 * length (set_length) the bytes go as they are; otherwise chunked to an
 * HTTP/1.1 client, or until the connection closes to an HTTP/1.0 one.
 * write copies data; write_buf takes b.  Returns len (or 0) or an error.
 * finish ends the body (the last chunk); the server calls it if the
 * handler returns without it.  A declared length not reached by finish
 * closes the connection and returns -EPIPE. */
ssize_t mirage_http_write(struct mirage_http_response *resp, const void *data,
                          size_t len);
int mirage_http_write_buf(struct mirage_http_response *resp,
                          struct mirage_buf *b);
int mirage_http_finish(struct mirage_http_response *resp);

/* The reason phrase of a status ("Not Found"), "Unknown" if none. */
const char *mirage_http_reason(int status);
/* Percent-decodes a path into out (NUL-terminated): its length, or
 * -EINVAL (a malformed %xx, or %00), -ENAMETOOLONG (does not fit). */
ssize_t mirage_http_path_decode(const char *path, char *out, size_t len);

#endif
