/* SPDX-License-Identifier: ISC */
/* Request heads: finding their end under the limits, and the request line. */
#include "http_priv.h"

#include <string.h>

void mirage__http_scan_reset(struct mirage__http_scan *scan)
{
    memset(scan, 0, sizeof(*scan));
    scan->in_reqline = true;
}

int mirage__http_skip_empty(const char *buf, size_t n, size_t *skip)
{
    size_t i = 0;

    while (i < n && (buf[i] == '\r' || buf[i] == '\n')) {
        if (buf[i] == '\n')
            return -400; /* a bare LF */
        if (i + 1 == n)
            break; /* a CR whose LF has not arrived */
        if (buf[i + 1] != '\n')
            return -400; /* a bare CR */
        i += 2;
    }
    *skip = i;
    return 0;
}

/* Checks the partial line [line, n) against the limits before its end
 * arrives, so a client cannot make us wait for an endless line. */
static int check_partial(const struct mirage_http_config *cfg,
                         const struct mirage__http_scan *s, size_t n)
{
    size_t partial = n - s->line;

    /* The line's CR may be in the partial line already. */
    if (s->in_reqline && partial > cfg->max_request_line + 1)
        return -414;
    if (!s->in_reqline && s->hbytes + partial > cfg->max_header_bytes)
        return -431;
    return 0;
}

/* One complete line [s->line, lf) ended by CRLF. */
static int end_line(const struct mirage_http_config *cfg,
                    struct mirage__http_scan *s, size_t lf)
{
    size_t len = lf - 1 - s->line;

    if (s->in_reqline) {
        if (len > cfg->max_request_line)
            return -414;
        s->in_reqline = false;
        return 0;
    }
    if (len == 0) {
        s->head_len = lf + 1;
        return 1;
    }
    if (++s->lines > cfg->max_headers)
        return -431;
    s->hbytes += len + 2;
    if (s->hbytes > cfg->max_header_bytes)
        return -431;
    return 0;
}

int mirage__http_scan(const struct mirage_http_config *cfg,
                      struct mirage__http_scan *s, const char *buf, size_t n)
{
    while (s->pos < n) {
        const char *lf = memchr(buf + s->pos, '\n', n - s->pos);
        size_t i;
        int r;

        if (!lf) {
            s->pos = n;
            return check_partial(cfg, s, n);
        }
        i = (size_t)(lf - buf);
        if (i == s->line || buf[i - 1] != '\r')
            return -400; /* a bare LF */
        r = end_line(cfg, s, i);
        if (r != 0)
            return r;
        s->line = s->pos = i + 1;
    }
    return check_partial(cfg, s, n);
}

static bool digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* HTTP-version = "HTTP/" DIGIT "." DIGIT.  Another 1.x minor is served as
 * 1.1 (RFC 9110 6.2); another major ("HTTP/2", "HTTP/0.9") is 505;
 * anything else 400. */
static int parse_version(const char *v, size_t len, int *out)
{
    size_t i = 5, d;

    if (len < 6 || memcmp(v, "HTTP/", 5) != 0)
        return -400;
    if (len == 8 && digit(v[5]) && v[6] == '.' && digit(v[7])) {
        if (v[5] != '1')
            return -505;
        *out = v[7] == '0' ? 10 : 11;
        return 0;
    }
    while (i < len && i < 8 && digit(v[i]))
        i++;
    if (i == 5 || (i == 6 && v[5] == '1'))
        return -400;
    if (i < len && v[i] == '.') {
        d = ++i;
        while (i < len && i < d + 3 && digit(v[i]))
            i++;
        if (i == d)
            return -400;
    }
    return i == len ? -505 : -400;
}

static bool target_char(unsigned char ch)
{
    return ch > 0x20 && ch < 0x7f;
}

/* Fills c->path (a copy) and req->query (inside the target). */
static void split_target(struct mirage__http_conn *c, const char *t)
{
    const char *q = strchr(t, '?');
    const char *p = t, *end = q ? q : t + strlen(t);
    const char *scheme = strstr(t, "://");

    if (t[0] != '/' && scheme && (!q || scheme < q)) {
        /* absolute-form: the path follows the authority */
        p = scheme + 3;
        while (p < end && *p != '/')
            p++;
    }
    if (p == end && p != t) {
        c->path[0] = '/';
        c->path[1] = '\0';
    } else {
        memcpy(c->path, p, (size_t)(end - p));
        c->path[end - p] = '\0';
    }
    c->req.path = c->path;
    c->req.query = q ? q + 1 : NULL;
}

/* request-line = method SP request-target SP HTTP-version, NUL-terminated
 * in place (its CR is at line[len]). */
int mirage__http_parse_request_line(struct mirage__http_conn *c, char *line,
                                    size_t len)
{
    char *sp1 = memchr(line, ' ', len), *sp2, *t;

    if (!sp1 || !mirage__http_token(line, (size_t)(sp1 - line)))
        return -400;
    t = sp1 + 1;
    sp2 = memchr(t, ' ', len - (size_t)(t - line));
    if (!sp2 || sp2 == t)
        return -400; /* HTTP/0.9, or an empty target */
    for (char *p = t; p < sp2; p++)
        if (!target_char((unsigned char)*p))
            return -400;
    int r =
        parse_version(sp2 + 1, len - (size_t)(sp2 + 1 - line), &c->req.version);
    if (r < 0)
        return r;
    *sp1 = *sp2 = line[len] = '\0';
    c->req.method = line;
    c->req.target = t;
    split_target(c, t);
    return 0;
}
