/* SPDX-License-Identifier: ISC */
/* HTTP lexical rules (RFC 9110 5.6): tokens, field values, field lines. */
#include "http_priv.h"

#include <string.h>

/* tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
 *         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA */
bool mirage__http_tchar(unsigned char ch)
{
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
        (ch >= '0' && ch <= '9'))
        return true;
    return ch != 0 && strchr("!#$%&'*+-.^_`|~", ch) != NULL;
}

bool mirage__http_token(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!mirage__http_tchar((unsigned char)s[i]))
            return false;
    return true;
}

/* field-value chars: VCHAR, obs-text, SP and HTAB (no CTL, so no CR, LF
 * or NUL). */
bool mirage__http_value(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 ? ch != '\t' : ch == 0x7f)
            return false;
    }
    return true;
}

static unsigned char lower(unsigned char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch;
}

/* a[0, alen) equals the NUL-terminated b, ignoring ASCII case. */
bool mirage__http_ieq(const char *a, size_t alen, const char *b)
{
    size_t i;

    for (i = 0; i < alen; i++)
        if (b[i] == '\0' ||
            lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return false;
    return b[i] == '\0';
}

static bool ows(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* field-line = field-name ":" OWS field-value OWS.  No whitespace is
 * allowed before the colon (RFC 9112 5.1), and a line starting with
 * whitespace is obs-fold, which we reject. */
int mirage__http_field(char *p, size_t len, size_t *name_len, size_t *value_off,
                       size_t *value_len)
{
    char *colon = memchr(p, ':', len);
    size_t v, e;

    if (!colon || !mirage__http_token(p, (size_t)(colon - p)))
        return -1;
    v = (size_t)(colon - p) + 1;
    e = len;
    while (v < e && ows(p[v]))
        v++;
    while (e > v && ows(p[e - 1]))
        e--;
    if (!mirage__http_value(p + v, e - v))
        return -1;
    *name_len = (size_t)(colon - p);
    *value_off = v;
    *value_len = e - v;
    return 0;
}

const char *mirage_http_header(const struct mirage_http_request *req,
                               const char *name)
{
    size_t n = strlen(name);

    for (size_t i = 0; i < req->nheaders; i++)
        if (mirage__http_ieq(req->headers[i].name, n, name) &&
            req->headers[i].name[n] == '\0')
            return req->headers[i].value;
    return NULL;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    ch = (char)lower((unsigned char)ch);
    return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

ssize_t mirage_http_path_decode(const char *path, char *out, size_t len)
{
    size_t o = 0;

    for (size_t i = 0; path[i]; i++) {
        int ch = (unsigned char)path[i];
        if (ch == '%') {
            int hi = path[i + 1] ? hexval(path[i + 1]) : -1;
            int lo = hi >= 0 && path[i + 2] ? hexval(path[i + 2]) : -1;
            if (lo < 0 || (hi == 0 && lo == 0))
                return -EINVAL;
            ch = hi * 16 + lo;
            i += 2;
        }
        if (o + 1 >= len)
            return -ENAMETOOLONG;
        out[o++] = (char)ch;
    }
    if (len == 0)
        return -ENAMETOOLONG;
    out[o] = '\0';
    return (ssize_t)o;
}
