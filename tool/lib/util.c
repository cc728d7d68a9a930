/* SPDX-License-Identifier: ISC */
/* Errors, allocation, vectors and text buffers of the configuration library. */
#include "cfg_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void mirage__cfg_die(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("mirage: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

_Noreturn void mirage__cfg_die_at(const char *file, int line, const char *fmt,
                                  ...)
{
    va_list ap;

    fflush(stdout);
    fprintf(stderr, "mirage: %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

void *mirage__cfg_alloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);

    if (!p)
        mirage__cfg_die("out of memory");
    return p;
}

char *mirage__cfg_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = mirage__cfg_alloc(n);

    memcpy(p, s, n);
    return p;
}

char *mirage__cfg_fmt(const char *fmt, ...)
{
    struct mirage__cfg_buf b = {0};
    va_list ap;

    va_start(ap, fmt);
    mirage__cfg_buf_vadd(&b, fmt, ap);
    va_end(ap);
    return b.p;
}

void mirage__cfg_vec_push(struct mirage__cfg_vec *v, void *item)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 8;
        void **nv = realloc(v->v, cap * sizeof *nv);

        if (!nv)
            mirage__cfg_die("out of memory");
        v->v = nv;
        v->cap = cap;
    }
    v->v[v->n++] = item;
}

bool mirage__cfg_vec_has(const struct mirage__cfg_vec *v, const void *item)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->v[i] == item)
            return true;
    return false;
}

static void buf_reserve(struct mirage__cfg_buf *b, size_t more)
{
    size_t cap = b->cap ? b->cap : 256;

    if (b->len + more + 1 <= b->cap)
        return;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        mirage__cfg_die("out of memory");
    b->p = p;
    b->cap = cap;
}

void mirage__cfg_buf_vadd(struct mirage__cfg_buf *b, const char *fmt,
                          va_list ap)
{
    va_list aq;

    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        mirage__cfg_die("cannot format text");
    buf_reserve(b, (size_t)n);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void mirage__cfg_buf_add(struct mirage__cfg_buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    mirage__cfg_buf_vadd(b, fmt, ap);
    va_end(ap);
}

void mirage__cfg_buf_quote(struct mirage__cfg_buf *b, const char *s)
{
    const unsigned char *c = (const unsigned char *)s;

    mirage__cfg_buf_add(b, "\"");
    for (; *c; c++) {
        if (*c == '"' || *c == '\\')
            mirage__cfg_buf_add(b, "\\%c", *c);
        else if (*c == '\n')
            mirage__cfg_buf_add(b, "\\n");
        else if (*c < 0x20 || *c == 0x7f)
            mirage__cfg_buf_add(b, "\\%03o", *c);
        else if (*c == '?' && c != (const unsigned char *)s && c[-1] == '?')
            mirage__cfg_buf_add(b, "\\?"); /* no trigraphs */
        else
            mirage__cfg_buf_add(b, "%c", *c);
    }
    mirage__cfg_buf_add(b, "\"");
}

void mirage__cfg_buf_call(struct mirage__cfg_buf *b, size_t col,
                          const char *head, char *const *args, size_t n,
                          const char *tail)
{
    size_t align = col + strlen(head) + 1, cur = align;

    mirage__cfg_buf_add(b, "%s(", head);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(args[i]) + (i + 1 < n ? 1 : strlen(tail));
        if (i > 0 && cur + 1 + len > 80) {
            mirage__cfg_buf_add(b, "\n%*s", (int)align, "");
            cur = align;
        } else if (i > 0) {
            mirage__cfg_buf_add(b, " ");
            cur++;
        }
        mirage__cfg_buf_add(b, "%s%s", args[i], i + 1 < n ? "," : tail);
        cur += len;
    }
    if (n == 0)
        mirage__cfg_buf_add(b, "%s", tail);
}

void mirage__cfg_buf_free(struct mirage__cfg_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}
