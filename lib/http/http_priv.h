/* SPDX-License-Identifier: ISC */
/* Internals of the HTTP server shared by its files. */
#ifndef MIRAGE_HTTP_PRIV_H
#define MIRAGE_HTTP_PRIV_H

#include <mirage/fiber.h>
#include <mirage/http.h>
#include <mirage/log.h>

#include <stddef.h>
#include <stdint.h>

extern struct mirage_log_src mirage__http_log;

/* Connections waiting for accept in mirage_http_serve_tcp. */
#define MIRAGE__HTTP_BACKLOG 128
/* Room after the request head for body framing (chunk-size lines). */
#define MIRAGE__HTTP_BODY_SLACK 4096
/* Longest chunk-size line (with extensions) we accept. */
#define MIRAGE__HTTP_CHUNK_LINE 1024
/* The output buffer: the response head, and small bodies with it. */
#define MIRAGE__HTTP_OUT 8192
/* Body left unread by a handler that is skipped to keep the connection. */
#define MIRAGE__HTTP_DRAIN_MAX (64 * 1024)
/* How long, and how much, a closing connection reads and discards so that
 * the peer receives the last response before the close. */
#define MIRAGE__HTTP_LINGER_NS (2ull * 1000000000)
#define MIRAGE__HTTP_LINGER_MAX (64 * 1024)

enum mirage__http_body_kind {
    MIRAGE__HTTP_BODY_NONE,
    MIRAGE__HTTP_BODY_LENGTH,
    MIRAGE__HTTP_BODY_CHUNKED,
};

enum mirage__http_chunk_state {
    MIRAGE__HTTP_CHUNK_SIZE,    /* expecting a chunk-size line */
    MIRAGE__HTTP_CHUNK_DATA,    /* inside chunk data */
    MIRAGE__HTTP_CHUNK_CRLF,    /* expecting the CRLF after the data */
    MIRAGE__HTTP_CHUNK_TRAILER, /* trailer lines until an empty one */
};

enum mirage__http_resp_state {
    MIRAGE__HTTP_RESP_IDLE,    /* nothing sent */
    MIRAGE__HTTP_RESP_SIZED,   /* head sent, Content-Length body */
    MIRAGE__HTTP_RESP_CHUNKED, /* head sent, chunked body */
    MIRAGE__HTTP_RESP_RAW,     /* head sent, body until the close */
    MIRAGE__HTTP_RESP_DONE,    /* complete */
    MIRAGE__HTTP_RESP_FAILED,  /* a write failed; the connection ends */
};

/* The reader fiber's mailbox: the connection fiber asks for one read into
 * [dst, dst+len) and waits (with a deadline) for the answer. */
struct mirage__http_reader {
    struct mirage_cond want, got;
    struct mirage_fiber *fiber; /* while it runs */
    char *dst;
    size_t len;
    ssize_t result;
    bool requested; /* a read waits to be started */
    bool pending;   /* a read was asked and not yet answered */
    bool stop;
};

struct mirage_http_response {
    enum mirage__http_resp_state state;
    int status;
    bool head_only; /* HEAD: the body is not sent */
    bool has_length;
    bool own_server, own_date;
    uint64_t length;  /* declared by set_length */
    uint64_t written; /* body bytes sent (or skipped for HEAD) */
    size_t hdr_len;   /* bytes in hdr */
    char *hdr;        /* extra header lines */
};

/* Incremental search for the end of the request head. */
struct mirage__http_scan {
    size_t pos;     /* next byte to look at, from the request start */
    size_t line;    /* start of the current line, from the request start */
    size_t hbytes;  /* bytes of complete header lines */
    unsigned lines; /* complete header lines */
    bool in_reqline;
    size_t head_len; /* set when complete */
};

struct mirage__http_conn {
    struct mirage_http_server *srv;
    struct mirage_flow *flow;
    struct mirage_fiber *fiber; /* the connection's, while it runs */
    struct mirage__http_conn *prev, *next;
    int refs;
    bool stop;  /* shutdown asked */
    bool close; /* close after the current response */
    bool eof;   /* the peer shut down its side */
    bool first; /* the first request (its head timeout runs from accept) */
    int rd_err; /* a read error seen */

    /* The input buffer: unread bytes in [start, end). */
    char *buf;
    size_t cap, start, end;
    struct mirage__http_reader rd;
    struct mirage__http_scan scan;

    /* The request being handled. */
    struct mirage_http_request req;
    struct mirage_http_header *hdrs;
    char *path;
    size_t body_base; /* where the body region starts in buf */
    enum mirage__http_body_kind body_kind;
    enum mirage__http_chunk_state chunk;
    uint64_t remaining; /* of the body (length) or of the chunk */
    uint64_t body_total;
    size_t trailer_bytes;
    int body_status; /* 400/408/413 after a body error, else 0 */
    int body_err;    /* the error body reads return after one */
    bool body_done;
    bool body_started;
    bool expect_continue, sent_continue;

    struct mirage_http_response resp;
    char *out;
    size_t out_len;
};

struct mirage_http_server {
    struct mirage_http_config cfg;
    mirage_http_handler handler;
    void *arg;
    struct mirage_http_stats stats;
    struct mirage__http_conn *conns;
    struct mirage_cond idle;
    size_t buf_size;
    bool stopping;
    int64_t date_sec;
    char date[40]; /* "Date: ...\r\n" for date_sec */
};

/* http_parse.c */
/* Looks for the end of the request head in buf[0, n): 1 found (scan->
 * head_len set), 0 more bytes needed, or -status (400, 414, 431). */
int mirage__http_scan(const struct mirage_http_config *cfg,
                      struct mirage__http_scan *scan, const char *buf,
                      size_t n);
void mirage__http_scan_reset(struct mirage__http_scan *scan);
/* Bytes of empty lines before a request-line at buf[0, n) (RFC 9112 2.2),
 * or -400 for a bare CR or LF there. */
int mirage__http_skip_empty(const char *buf, size_t n, size_t *skip);
/* Parses the request line [line, line+len) (its CR at line[len]) in place
 * into c->req: 0 or -status (400, 505). */
int mirage__http_parse_request_line(struct mirage__http_conn *c, char *line,
                                    size_t len);
/* http_head.c: parses the head in place (NUL-terminating its strings) into
 * c->req and the body framing: 0 or -status. */
int mirage__http_parse_head(struct mirage__http_conn *c, char *head,
                            size_t len);

/* http_fields.c */
bool mirage__http_tchar(unsigned char ch);
bool mirage__http_token(const char *s, size_t len);
bool mirage__http_value(const char *s, size_t len);
bool mirage__http_ieq(const char *a, size_t alen, const char *b);
/* Parses a field line [p, p+len) without its CRLF: 0 with name and value
 * (offsets), or -1 if malformed. */
int mirage__http_field(char *p, size_t len, size_t *name_len, size_t *value_off,
                       size_t *value_len);

/* http_body.c */
void mirage__http_body_init(struct mirage__http_conn *c);
/* Skips what is left of the body: 0 (the connection may continue) or an
 * error (close it). */
int mirage__http_body_drain(struct mirage__http_conn *c);

/* http_io.c */
/* Reads more into buf[end, cap) before deadline: > 0, 0 at end of stream,
 * or an error (-ETIMEDOUT, -ECANCELED, the flow's). */
ssize_t mirage__http_fill(struct mirage__http_conn *c, uint64_t deadline);
int mirage__http_reader_start(struct mirage__http_conn *c);
void mirage__http_reader_stop(struct mirage__http_conn *c);
uint64_t mirage__http_deadline(uint64_t timeout_ns);
/* Writes all of data: 0 or the flow's error. */
int mirage__http_send(struct mirage__http_conn *c, const void *data,
                      size_t len);

/* http_head_out.c */
/* 1xx, 204 and 304 have no body. */
bool mirage__http_bodyless(int status);
/* Appends the response head to c->out: 0 or -ENOSPC.  mode 'L': a
 * Content-Length of length; 'C': chunked; 'R': until the close. */
int mirage__http_head(struct mirage__http_conn *c, int status,
                      const char *content_type, char mode, uint64_t length);
/* Sends a server-generated answer (with Connection: close). */
int mirage__http_send_error(struct mirage__http_conn *c, int status);

/* http_response.c */
void mirage__http_resp_init(struct mirage__http_conn *c);
/* The body is not sent (HEAD, 204, 304). */
bool mirage__http_suppressed(const struct mirage_http_response *r);
/* Sends what c->out holds: 0 or an error. */
int mirage__http_flush(struct mirage__http_conn *c);
/* Formats the head into c->out (see mirage__http_head) and counts it:
 * 0, -EINVAL (status or content type), -ENOSPC. */
int mirage__http_start(struct mirage__http_conn *c, int status, const char *ct,
                       char mode, uint64_t length);
/* Sends data after c->out's bytes (one write when it fits). */
int mirage__http_body_out(struct mirage__http_conn *c, const void *data,
                          size_t len);
/* Sends b (taken) after c->out's bytes, without copying it. */
int mirage__http_buf_out(struct mirage__http_conn *c, struct mirage_buf *b);
/* Completes the response after the handler returned: 0 or an error. */
int mirage__http_resp_complete(struct mirage__http_conn *c);
/* http_status.c: counts a final response by class, and a server-made
 * answer by its reason. */
void mirage__http_count(struct mirage_http_server *srv, int status);
void mirage__http_count_error(struct mirage_http_server *srv, int status);

/* http_conn.c: serves requests on c until it closes. */
void mirage__http_conn_serve(struct mirage__http_conn *c);

/* http_server.c: drops a reference; the last closes the flow and frees c.
 */
void mirage__http_conn_unref(struct mirage__http_conn *c);

/* http_date.c */
/* Writes an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", 29 bytes and a
 * NUL) for sec seconds since the epoch. */
void mirage__http_imf_date(int64_t sec, char out[30]);
/* "Date: ...\r\n" for now (formatted once a second), or NULL without a
 * clock. */
const char *mirage__http_date(struct mirage_http_server *srv);

#endif
