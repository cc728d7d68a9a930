/* SPDX-License-Identifier: ISC */
/* static_website: serves a read-only store over HTTP/1.1 (GET and HEAD). */
#include <mirage.h>
#include <mirage/http.h>
#include <mirage/kv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mirage/keys.h"
#include "site.h"

#define COPY_CHUNK (64 * 1024)

struct site {
    struct mirage_kv_ro *kv;
};

/* What a file's response needs besides the store. */
struct file {
    const char *key;
    uint64_t size;
    char etag[35];
    bool has_mtime;
    int64_t mtime;
};

/* A store error as a status: missing things are 404, bad keys 400. */
static int status_of(int err)
{
    switch (err) {
    case MIRAGE_KV_NONE:
    case -ENOENT:
    case -ENOTDIR:
    case -EISDIR:
        return 404;
    case -EINVAL:
    case -ENAMETOOLONG:
        return 400;
    default:
        mirage_log_warn(&mirage_log_app, "store: %s", mirage_kv_strerror(err));
        return 500;
    }
}

static void release_wrap(struct mirage_buf *b)
{
    mirage_buf_free_wrapper(b);
}

/* Sends len bytes from off, straight from the store's memory if it maps
 * its values (crunch), else through a bounded copy buffer. */
static void send_body(struct site *s, struct mirage_http_request *req,
                      struct mirage_http_response *resp, const struct file *f,
                      int status, uint64_t off, uint64_t len)
{
    const char *mime = site_mime(f->key);
    const void *data;
    size_t dlen;
    char *buf;

    if (mirage_kv_map(s->kv, f->key, &data, &dlen) == 0 && off + len <= dlen &&
        len <= UINT32_MAX) {
        struct mirage_buf *b = mirage_buf_wrap(
            (const uint8_t *)data + off, (uint32_t)len, release_wrap, NULL);
        if (!b)
            mirage_http_respond_status(resp, 503);
        else
            mirage_http_respond_buf(resp, status, mime, b);
        return;
    }
    if (mirage_http_set_status(resp, status) < 0 ||
        mirage_http_add_header(resp, "Content-Type", mime) < 0 ||
        mirage_http_set_length(resp, len) < 0)
        return;
    if (strcmp(req->method, "HEAD") == 0 || len == 0) {
        mirage_http_finish(resp);
        return;
    }
    if (!(buf = malloc(COPY_CHUNK))) {
        mirage_http_set_close(resp);
        mirage_http_finish(resp); /* short: the connection closes */
        return;
    }
    while (len > 0) {
        size_t want = len < COPY_CHUNK ? (size_t)len : COPY_CHUNK;
        int64_t got = mirage_kv_get_partial(s->kv, f->key, off, buf, want);
        if (got <= 0 || mirage_http_write(resp, buf, (size_t)got) < 0)
            break;
        off += (uint64_t)got;
        len -= (uint64_t)got;
    }
    free(buf);
    mirage_http_finish(resp);
}

/* If-None-Match (or, without it, If-Modified-Since) says the client's copy
 * is current. */
static bool not_modified(struct mirage_http_request *req, const struct file *f)
{
    const char *inm = mirage_http_header(req, "If-None-Match");
    const char *ims = mirage_http_header(req, "If-Modified-Since");
    int64_t t;

    if (inm)
        return site_etag_match(inm, f->etag);
    return ims && f->has_mtime && site_date_parse(ims, &t) && f->mtime <= t;
}

/* If-Range lets the Range apply only to the representation the client has:
 * the same strong entity tag or exactly the same date. */
static bool if_range_holds(struct mirage_http_request *req,
                           const struct file *f)
{
    const char *ir = mirage_http_header(req, "If-Range");
    int64_t t;

    if (!ir)
        return true;
    if (ir[0] == '"')
        return strcmp(ir, f->etag) == 0;
    return f->has_mtime && site_date_parse(ir, &t) && t == f->mtime;
}

static int describe(struct site *s, const char *key, struct file *f)
{
    uint8_t digest[MIRAGE_KV_DIGEST_LEN];
    struct mirage_ptime mt;
    int64_t size = mirage_kv_size(s->kv, key);
    int err;

    if (size < 0)
        return (int)size;
    f->key = key;
    f->size = (uint64_t)size;
    f->has_mtime = mirage_kv_last_modified(s->kv, key, &mt) == 0;
    f->mtime = f->has_mtime ? mt.sec : 0;
    if (site_etag_cached(key, f->size, f->mtime, f->etag))
        return 0;
    if ((err = mirage_kv_digest(s->kv, key, digest)) < 0)
        return err;
    site_etag(digest, f->etag);
    site_etag_remember(key, f->size, f->mtime, f->etag);
    return 0;
}

static void serve_file(struct site *s, struct mirage_http_request *req,
                       struct mirage_http_response *resp, const char *key)
{
    struct file f;
    char date[30], cr[80];
    const char *range = mirage_http_header(req, "Range");
    uint64_t first = 0, last = 0;
    enum site_range rk = SITE_RANGE_NONE;
    int err = describe(s, key, &f);

    if (err < 0) {
        mirage_http_respond_status(resp, status_of(err));
        return;
    }
    mirage_http_add_header(resp, "ETag", f.etag);
    if (f.has_mtime) {
        site_date_format(f.mtime, date);
        mirage_http_add_header(resp, "Last-Modified", date);
    }
    mirage_http_add_header(resp, "Accept-Ranges", "bytes");
    if (not_modified(req, &f)) {
        mirage_http_respond(resp, 304, NULL, NULL, 0);
        return;
    }
    /* Range is defined for GET only (RFC 9110, 14.2). */
    if (range && strcmp(req->method, "GET") == 0 && if_range_holds(req, &f))
        rk = site_range_parse(range, f.size, &first, &last);
    if (rk == SITE_RANGE_UNSATISF) {
        snprintf(cr, sizeof cr, "bytes */%llu", (unsigned long long)f.size);
        mirage_http_add_header(resp, "Content-Range", cr);
        mirage_http_respond_status(resp, 416);
    } else if (rk == SITE_RANGE_OK) {
        snprintf(cr, sizeof cr, "bytes %llu-%llu/%llu",
                 (unsigned long long)first, (unsigned long long)last,
                 (unsigned long long)f.size);
        mirage_http_add_header(resp, "Content-Range", cr);
        send_body(s, req, resp, &f, 206, first, last - first + 1);
    } else {
        send_body(s, req, resp, &f, 200, 0, f.size);
    }
}

/* A folder asked for without its slash: 301 to the same path with one. */
static void redirect(struct mirage_http_request *req,
                     struct mirage_http_response *resp)
{
    size_t n = strlen(req->path) + (req->query ? strlen(req->query) : 0) + 3;
    char *loc = malloc(n);

    if (!loc) {
        mirage_http_respond_status(resp, 503);
        return;
    }
    snprintf(loc, n, "%s/%s%s", req->path, req->query ? "?" : "",
             req->query ? req->query : "");
    if (mirage_http_add_header(resp, "Location", loc) < 0)
        mirage_http_respond_status(resp, 400);
    else
        mirage_http_respond_status(resp, 301);
    free(loc);
}

/* Reads and drops a request body (up to the server's max_body), so that a
 * malformed one gets its error status rather than a silent close. */
static int drain(struct mirage_http_request *req)
{
    char buf[4096];
    ssize_t n;

    while ((n = mirage_http_body_read(req, buf, sizeof buf)) > 0)
        ;
    return (int)n;
}

static void handler(void *arg, struct mirage_http_request *req,
                    struct mirage_http_response *resp)
{
    static const char idx[] = "index.html";
    struct site *s = arg;
    char key[MIRAGE_KV_KEY_MAX + sizeof idx];
    ssize_t n;
    int kind;

    if (req->content_length != 0 && drain(req) < 0)
        return; /* the server answers 400, 408 or 413 */
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        mirage_http_add_header(resp, "Allow", "GET, HEAD");
        mirage_http_respond_status(resp, 405);
        return;
    }
    if (req->path[0] != '/') {
        mirage_http_respond_status(resp, 400);
        return;
    }
    n = mirage_http_path_decode(req->path, key, MIRAGE_KV_KEY_MAX + 1);
    if (n < 0) {
        mirage_http_respond_status(resp, n == -ENAMETOOLONG ? 414 : 400);
        return;
    }
    kind = mirage_kv_exists(s->kv, key);
    if (kind == MIRAGE_KV_DICTIONARY) {
        if (key[n - 1] != '/') {
            redirect(req, resp);
            return;
        }
        memcpy(key + n, idx, sizeof idx);
        kind = mirage_kv_exists(s->kv, key);
    } else if (kind == MIRAGE_KV_VALUE && key[n - 1] == '/') {
        kind = MIRAGE_KV_NONE; /* a file named as a folder */
    }
    if (kind != MIRAGE_KV_VALUE)
        mirage_http_respond_status(resp, status_of(kind));
    else
        serve_file(s, req, resp, key);
}

int unikernel_start(struct mirage_tcp_listener *l, struct mirage_kv_ro *kv,
                    struct mirage_pclock *clock)
{
    static struct site site;
    struct mirage_http_server *srv;
    struct mirage_http_config cfg = {.clock = clock};
    int err;

    site.kv = kv;
    err = mirage_http_server_create(&cfg, handler, &site, &srv);
    if (err < 0) {
        mirage_log_err(&mirage_log_app, "http server: %s",
                       mirage_strerror(err));
        return err;
    }
    mirage_log_info(&mirage_log_app, "serving HTTP on port %d", key_port());
    err = mirage_http_serve(srv, l);
    mirage_log_err(&mirage_log_app, "serve: %s", mirage_strerror(err));
    return err;
}
