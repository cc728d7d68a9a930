/* SPDX-License-Identifier: ISC */
/* Runtime key values: converters for int, int64, bool, string, list, pair. */
#include "runtime_priv.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int digit_value(char c, unsigned base)
{
    unsigned v;

    if (c >= '0' && c <= '9')
        v = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
        v = (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
        v = (unsigned)(c - 'A' + 10);
    else
        return -1;
    return v < base ? (int)v : -1;
}

/* Decimal or 0x hex, optional sign, nothing else.  -EINVAL if malformed,
 * -ERANGE if outside int64_t. */
int mirage__parse_int64(const char *s, int64_t *out)
{
    bool neg = false;
    unsigned base = 10;
    uint64_t mag = 0, limit;

    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (*s == '\0')
        return -EINVAL;
    limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    bool overflow = false;
    for (; *s; s++) {
        int d = digit_value(*s, base);
        if (d < 0)
            return -EINVAL;
        if (mag > (limit - (uint64_t)d) / base)
            overflow = true;
        else
            mag = mag * base + (uint64_t)d;
    }
    if (overflow)
        return -ERANGE;
    *out = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    return 0;
}

/* The list or pair separator: ',' unless the key names another. */
static char key_sep(const struct mirage_key *k)
{
    return k->sep ? k->sep : ',';
}

static const char *scalar_name(enum mirage_key_type t)
{
    switch (t) {
    case MIRAGE_KEY_INT:
        return "int";
    case MIRAGE_KEY_INT64:
        return "int64";
    case MIRAGE_KEY_BOOL:
        return "bool";
    case MIRAGE_KEY_STRING:
        return "string";
    case MIRAGE_KEY_IPV4:
        return "ipv4 address";
    case MIRAGE_KEY_IPV4_PREFIX:
        return "ipv4 prefix";
    default:
        return "?";
    }
}

static int parse_integer(enum mirage_key_type t, const char *text,
                         const char *what, int64_t *v, char *why,
                         size_t why_len)
{
    int r = mirage__parse_int64(text, v);
    bool is_int = t == MIRAGE_KEY_INT;

    if (r == -EINVAL) {
        snprintf(why, why_len, "invalid %s '%s', expected %s", what, text,
                 is_int ? "an int" : "an int64");
        return r;
    }
    if (r == -ERANGE || (is_int && (*v < INT_MIN || *v > INT_MAX))) {
        snprintf(why, why_len, "invalid %s '%s', out of range for %s (%s)",
                 what, text, is_int ? "an int" : "an int64",
                 is_int ? "-2147483648..2147483647"
                        : "-9223372036854775808..9223372036854775807");
        return -ERANGE;
    }
    return 0;
}

/* A dotted quad: four decimal numbers 0..255 of 1-3 digits; returns the
 * text after it. */
static const char *skip_ipv4(const char *s)
{
    for (int i = 0; i < 4; i++) {
        unsigned v = 0, n = 0;
        if (i > 0 && *s++ != '.')
            return NULL;
        while (n < 3 && *s >= '0' && *s <= '9') {
            v = v * 10 + (unsigned)(*s++ - '0');
            n++;
        }
        if (n == 0 || v > 255 || (*s >= '0' && *s <= '9'))
            return NULL;
    }
    return s;
}

static int check_address(enum mirage_key_type t, const char *text,
                         const char *what, char *why, size_t why_len)
{
    const char *end = skip_ipv4(text);

    if (t == MIRAGE_KEY_IPV4) {
        if (*text == '\0' || (end && *end == '\0'))
            return 0;
        snprintf(why, why_len,
                 "invalid %s '%s', expected an IPv4 address "
                 "like 10.0.0.1",
                 what, text);
        return -EINVAL;
    }
    if (end && *end == '/' && end[1] >= '0' && end[1] <= '9') {
        bool two = end[2] >= '0' && end[2] <= '9';
        unsigned len = (unsigned)(end[1] - '0');
        if (two)
            len = len * 10 + (unsigned)(end[2] - '0');
        if (len <= 32 && end[two ? 3 : 2] == '\0' && !(two && end[1] == '0'))
            return 0;
    }
    snprintf(why, why_len,
             "invalid %s '%s', expected an IPv4 address and "
             "prefix length like 10.0.0.2/24",
             what, text);
    return -EINVAL;
}

/* text must outlive the value when t is a string. */
static int parse_scalar(enum mirage_key_type t, const char *text,
                        const char *what, union mirage_key_scalar *out,
                        char *why, size_t why_len)
{
    switch (t) {
    case MIRAGE_KEY_INT:
    case MIRAGE_KEY_INT64:
        return parse_integer(t, text, what, &out->i, why, why_len);
    case MIRAGE_KEY_BOOL:
        if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0) {
            out->b = text[0] == 't';
            return 0;
        }
        snprintf(why, why_len, "invalid %s '%s', expected true or false", what,
                 text);
        return -EINVAL;
    case MIRAGE_KEY_IPV4:
    case MIRAGE_KEY_IPV4_PREFIX:
        if (check_address(t, text, what, why, why_len) < 0)
            return -EINVAL;
        out->s = text;
        return 0;
    case MIRAGE_KEY_STRING:
        out->s = text;
        return 0;
    default:
        snprintf(why, why_len, "unsupported element type");
        return -EINVAL;
    }
}

/* One allocation holds the items and a copy of the text they point into. */
static int parse_list(const struct mirage_key *k, const char *text,
                      struct mirage_key_list *out, char *why, size_t why_len)
{
    size_t n = 0, len = strlen(text);
    union mirage_key_scalar *items;
    char *copy, *p;

    if (len > 0) {
        n = 1;
        for (const char *c = text; *c; c++)
            n += *c == key_sep(k);
    }
    items = malloc(n * sizeof(*items) + len + 1);
    if (!items) {
        snprintf(why, why_len, "out of memory");
        return -ENOMEM;
    }
    copy = (char *)(items + n);
    memcpy(copy, text, len + 1);
    p = copy;
    for (size_t i = 0; i < n; i++) {
        char *end = strchr(p, key_sep(k));
        if (end)
            *end = '\0';
        int r = parse_scalar(k->elem[0], p, "element", &items[i], why, why_len);
        if (r < 0) {
            free(items);
            return r;
        }
        p = end ? end + 1 : p + strlen(p);
    }
    out->len = n;
    out->items = n ? items : NULL;
    if (!n)
        free(items);
    return 0;
}

static int parse_pair(const struct mirage_key *k, const char *text,
                      struct mirage_key_pair *out, char *why, size_t why_len)
{
    const char *sep = strchr(text, key_sep(k));
    char *first;
    int r;

    if (!sep) {
        snprintf(why, why_len, "invalid value '%s', expected a pair %s%c%s",
                 text, scalar_name(k->elem[0]), key_sep(k),
                 scalar_name(k->elem[1]));
        return -EINVAL;
    }
    first = strndup(text, (size_t)(sep - text));
    if (!first) {
        snprintf(why, why_len, "out of memory");
        return -ENOMEM;
    }
    r = parse_scalar(k->elem[0], first, "first element", &out->first, why,
                     why_len);
    if (r == 0)
        r = parse_scalar(k->elem[1], sep + 1, "second element", &out->second,
                         why, why_len);
    if (r < 0 || k->elem[0] != MIRAGE_KEY_STRING)
        free(first);
    return r;
}

int mirage_key_parse_value(const struct mirage_key *k, const char *text,
                           union mirage_key_value *out, char *why,
                           size_t why_len)
{
    char scratch[1];
    union mirage_key_value v;
    int r;

    if (!why) {
        why = scratch;
        why_len = sizeof(scratch);
    }
    memset(&v, 0, sizeof(v));
    if (k->type == MIRAGE_KEY_LIST)
        r = parse_list(k, text, &v.list, why, why_len);
    else if (k->type == MIRAGE_KEY_PAIR)
        r = parse_pair(k, text, &v.pair, why, why_len);
    else
        r = parse_scalar(k->type, text, "value", &v.scalar, why, why_len);
    if (r == 0)
        *out = v;
    return r;
}

void mirage_key_value_free(const struct mirage_key *k,
                           union mirage_key_value *v)
{
    if (k->type == MIRAGE_KEY_LIST) {
        free(v->list.items);
        v->list.items = NULL;
        v->list.len = 0;
    } else if (k->type == MIRAGE_KEY_PAIR && k->elem[0] == MIRAGE_KEY_STRING) {
        free((char *)v->pair.first.s);
        v->pair.first.s = NULL;
    }
}

const char *mirage_key_type_name(const struct mirage_key *k, char *buf,
                                 size_t len)
{
    if (k->type == MIRAGE_KEY_LIST)
        snprintf(buf, len, "%s list", scalar_name(k->elem[0]));
    else if (k->type == MIRAGE_KEY_PAIR)
        snprintf(buf, len, "%s%c%s pair", scalar_name(k->elem[0]), key_sep(k),
                 scalar_name(k->elem[1]));
    else
        snprintf(buf, len, "%s", scalar_name(k->type));
    return buf;
}
