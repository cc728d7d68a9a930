/* SPDX-License-Identifier: ISC */
/* static_website helpers: MIME types, HTTP dates, entity tags and ranges. */
#include "site.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *ext;
    const char *type;
} mime_types[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"txt", "text/plain; charset=utf-8"},
    {"md", "text/markdown; charset=utf-8"},
    {"xml", "application/xml"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/vnd.microsoft.icon"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"pdf", "application/pdf"},
    {"wasm", "application/wasm"},
};

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool ext_eq(const char *a, const char *b)
{
    while (*a && *b && lower(*a) == *b)
        a++, b++;
    return *a == 0 && *b == 0;
}

const char *site_mime(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash : name, '.');

    if (dot)
        for (size_t i = 0; i < sizeof mime_types / sizeof *mime_types; i++)
            if (ext_eq(dot + 1, mime_types[i].ext))
                return mime_types[i].type;
    return "application/octet-stream";
}

static const char days[7][4] = {"Thu", "Fri", "Sat", "Sun",
                                "Mon", "Tue", "Wed"};
static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Days since 1970-01-01 of a proleptic Gregorian date (m 1..12). */
static int64_t days_of_date(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void date_of_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

void site_date_format(int64_t sec, char out[30])
{
    int64_t day = sec >= 0 ? sec / 86400 : (sec - 86399) / 86400;
    int64_t rem = sec - day * 86400, y;
    int m, d;

    date_of_days(day, &y, &m, &d);
    if (y < 0 || y > 9999) { /* not representable: the epoch */
        site_date_format(0, out);
        return;
    }
    snprintf(out, 30, "%s, %02d %s %04d %02d:%02d:%02d GMT",
             days[((day % 7) + 7) % 7], d, months[m - 1], (int)y,
             (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

/* n decimal digits at s into *v. */
static bool digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

bool site_date_parse(const char *s, int64_t *sec)
{
    int d, y, hh, mm, ss, m = -1;

    /* "Sun, 06 Nov 1994 08:49:37 GMT": 29 characters exactly. */
    if (strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' ||
        s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':' ||
        strcmp(s + 25, " GMT") != 0)
        return false;
    for (int i = 0; i < 12; i++)
        if (memcmp(s + 8, months[i], 3) == 0)
            m = i + 1;
    if (m < 0 || !digits(s + 5, 2, &d) || !digits(s + 12, 4, &y) ||
        !digits(s + 17, 2, &hh) || !digits(s + 20, 2, &mm) ||
        !digits(s + 23, 2, &ss) || d < 1 || d > 31 || hh > 23 || mm > 59 ||
        ss > 60)
        return false;
    *sec = days_of_date(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
    return true;
}

void site_etag(const uint8_t digest[MIRAGE_KV_DIGEST_LEN], char out[35])
{
    static const char hex[] = "0123456789abcdef";

    out[0] = '"';
    for (int i = 0; i < 16; i++) {
        out[1 + 2 * i] = hex[digest[i] >> 4];
        out[2 + 2 * i] = hex[digest[i] & 15];
    }
    out[33] = '"';
    out[34] = 0;
}

bool site_etag_match(const char *list, const char *etag)
{
    size_t n = strlen(etag);
    const char *p = list;

    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return true;
        if (p[0] == 'W' && p[1] == '/')
            p += 2; /* weak comparison ignores the weakness */
        if (strncmp(p, etag, n) == 0 &&
            (p[n] == 0 || p[n] == ',' || p[n] == ' ' || p[n] == '\t'))
            return true;
        while (*p && *p != ',')
            p++;
    }
    return false;
}

/* Parses decimal digits at *p (at most 18 of them). */
static bool number(const char **p, uint64_t *v)
{
    int n = 0;

    *v = 0;
    while (**p >= '0' && **p <= '9') {
        if (++n > 18)
            return false;
        *v = *v * 10 + (uint64_t)(*(*p)++ - '0');
    }
    return n > 0;
}

enum site_range site_range_parse(const char *value, uint64_t size,
                                 uint64_t *first, uint64_t *last)
{
    const char *p = value;
    uint64_t a, b;

    if (strncmp(p, "bytes=", 6) != 0 || strchr(p, ','))
        return SITE_RANGE_NONE;
    p += 6;
    if (*p == '-') { /* suffix: the last b bytes */
        p++;
        if (!number(&p, &b) || *p)
            return SITE_RANGE_NONE;
        if (b == 0 || size == 0)
            return SITE_RANGE_UNSATISF;
        *first = b >= size ? 0 : size - b;
        *last = size - 1;
        return SITE_RANGE_OK;
    }
    if (!number(&p, &a) || *p++ != '-')
        return SITE_RANGE_NONE;
    b = UINT64_MAX;
    if (*p && !number(&p, &b))
        return SITE_RANGE_NONE;
    if (*p || b < a)
        return SITE_RANGE_NONE;
    if (a >= size)
        return SITE_RANGE_UNSATISF;
    *first = a;
    *last = b >= size ? size - 1 : b;
    return SITE_RANGE_OK;
}
