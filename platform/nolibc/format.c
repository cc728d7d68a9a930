/* SPDX-License-Identifier: ISC */
/* nolibc: the printf formatting engine (integers, characters, strings). */
#include "nolibc_impl.h"

#include <limits.h>
#include <stdbool.h>

enum { F_MINUS = 1, F_ZERO = 2, F_PLUS = 4, F_SPACE = 8, F_HASH = 16 };
enum length { L_NONE, L_HH, L_H, L_L, L_LL, L_Z, L_J, L_T };

struct spec {
    unsigned flags;
    int width;
    int prec; /* -1: none */
    enum length len;
    char conv;
};

struct out {
    struct mirage__nolibc_sink *sink;
    size_t total;
};

static void emit(struct out *o, const char *s, size_t n)
{
    if (n) {
        o->sink->put(o->sink, s, n);
        o->total += n;
    }
}

static void pad(struct out *o, char c, size_t n)
{
    static const char spaces[] = "                ";
    static const char zeros[] = "0000000000000000";
    const char *src = c == '0' ? zeros : spaces;
    while (n) {
        size_t k = n < 16 ? n : 16;
        emit(o, src, k);
        n -= k;
    }
}

/* Emits body (prefix, zeros, digits) padded to the field width. */
static void field(struct out *o, const struct spec *sp, const char *prefix,
                  size_t zeros, const char *body, size_t n)
{
    size_t plen = mirage__nolibc_strlen(prefix);
    size_t len = plen + zeros + n;
    size_t fill = (size_t)sp->width > len ? (size_t)sp->width - len : 0;
    bool zero_fill = (sp->flags & F_ZERO) && !(sp->flags & F_MINUS) &&
                     sp->prec < 0 && sp->conv != 's' && sp->conv != 'c';
    if (!(sp->flags & F_MINUS) && !zero_fill)
        pad(o, ' ', fill);
    emit(o, prefix, plen);
    if (zero_fill)
        pad(o, '0', fill);
    pad(o, '0', zeros);
    emit(o, body, n);
    if (sp->flags & F_MINUS)
        pad(o, ' ', fill);
}

static unsigned long long arg_unsigned(enum length len, va_list *ap)
{
    switch (len) {
    case L_HH:
        return (unsigned char)va_arg(*ap, unsigned);
    case L_H:
        return (unsigned short)va_arg(*ap, unsigned);
    case L_L:
        return va_arg(*ap, unsigned long);
    case L_LL:
        return va_arg(*ap, unsigned long long);
    case L_Z:
        return va_arg(*ap, size_t);
    case L_J:
        return va_arg(*ap, uintmax_t);
    case L_T:
        return (unsigned long long)va_arg(*ap, ptrdiff_t);
    default:
        return va_arg(*ap, unsigned);
    }
}

static long long arg_signed(enum length len, va_list *ap)
{
    switch (len) {
    case L_HH:
        return (signed char)va_arg(*ap, int);
    case L_H:
        return (short)va_arg(*ap, int);
    case L_L:
        return va_arg(*ap, long);
    case L_LL:
        return va_arg(*ap, long long);
    case L_Z:
        return (long long)va_arg(*ap, size_t);
    case L_J:
        return va_arg(*ap, intmax_t);
    case L_T:
        return va_arg(*ap, ptrdiff_t);
    default:
        return va_arg(*ap, int);
    }
}

/* Writes v in base into the end of buf; returns the first digit. */
static char *digits(char *end, unsigned long long v, unsigned base, bool upper)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    while (v) {
        *--p = set[v % base];
        v /= base;
    }
    return p;
}

static void conv_int(struct out *o, const struct spec *sp, va_list *ap)
{
    char buf[24], *end = buf + sizeof buf, *p;
    const char *prefix = "";
    unsigned long long v;
    bool is_signed = sp->conv == 'd' || sp->conv == 'i';
    if (is_signed) {
        long long s = arg_signed(sp->len, ap);
        v = s < 0 ? 0 - (unsigned long long)s : (unsigned long long)s;
        prefix = s < 0                 ? "-"
                 : sp->flags & F_PLUS  ? "+"
                 : sp->flags & F_SPACE ? " "
                                       : "";
    } else {
        v = arg_unsigned(sp->len, ap);
    }
    unsigned base = sp->conv == 'o'                      ? 8
                    : sp->conv == 'x' || sp->conv == 'X' ? 16
                                                         : 10;
    p = digits(end, v, base, sp->conv == 'X');
    if (v == 0 && sp->prec != 0)
        *--p = '0';
    size_t n = (size_t)(end - p);
    size_t zeros =
        sp->prec > 0 && (size_t)sp->prec > n ? (size_t)sp->prec - n : 0;
    if (sp->conv == 'o' && (sp->flags & F_HASH) && zeros == 0 &&
        (n == 0 || *p != '0'))
        zeros = 1;
    if ((sp->flags & F_HASH) && v != 0 && base == 16)
        prefix = sp->conv == 'X' ? "0X" : "0x";
    field(o, sp, prefix, zeros, p, n);
}

static void conv_ptr(struct out *o, const struct spec *sp, va_list *ap)
{
    void *ptr = va_arg(*ap, void *);
    if (!ptr) {
        struct spec s = *sp;
        s.conv = 's';
        s.prec = -1;
        field(o, &s, "", 0, "(nil)", 5);
        return;
    }
    char buf[24], *end = buf + sizeof buf;
    char *p = digits(end, (uintptr_t)ptr, 16, false);
    size_t n = (size_t)(end - p);
    size_t zeros =
        sp->prec > 0 && (size_t)sp->prec > n ? (size_t)sp->prec - n : 0;
    const char *prefix = sp->flags & F_PLUS    ? "+0x"
                         : sp->flags & F_SPACE ? " 0x"
                                               : "0x";
    field(o, sp, prefix, zeros, p, n);
}

static void conv_str(struct out *o, const struct spec *sp, va_list *ap)
{
    const char *s = va_arg(*ap, const char *);
    if (!s)
        s = sp->prec < 0 || sp->prec >= 6 ? "(null)" : "";
    size_t n = sp->prec < 0 ? mirage__nolibc_strlen(s)
                            : mirage__nolibc_strnlen(s, (size_t)sp->prec);
    field(o, sp, "", 0, s, n);
}

static void conv_char(struct out *o, const struct spec *sp, va_list *ap)
{
    char c = (char)va_arg(*ap, int);
    field(o, sp, "", 0, &c, 1);
}

static int parse_num(const char **f)
{
    long v = 0;
    while (**f >= '0' && **f <= '9') {
        v = v * 10 + (*(*f)++ - '0');
        if (v > INT_MAX)
            v = INT_MAX;
    }
    return (int)v;
}

static const char *parse_flags(const char *f, struct spec *sp)
{
    for (;; f++) {
        switch (*f) {
        case '-':
            sp->flags |= F_MINUS;
            break;
        case '0':
            sp->flags |= F_ZERO;
            break;
        case '+':
            sp->flags |= F_PLUS;
            break;
        case ' ':
            sp->flags |= F_SPACE;
            break;
        case '#':
            sp->flags |= F_HASH;
            break;
        default:
            return f;
        }
    }
}

static const char *parse_length(const char *f, struct spec *sp)
{
    switch (*f) {
    case 'h':
        sp->len = f[1] == 'h' ? L_HH : L_H;
        return f + (f[1] == 'h' ? 2 : 1);
    case 'l':
        sp->len = f[1] == 'l' ? L_LL : L_L;
        return f + (f[1] == 'l' ? 2 : 1);
    case 'z':
        sp->len = L_Z;
        return f + 1;
    case 'j':
        sp->len = L_J;
        return f + 1;
    case 't':
        sp->len = L_T;
        return f + 1;
    default:
        return f;
    }
}

/* Parses a conversion specification; f points after the '%'. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
    *sp = (struct spec){.prec = -1};
    f = parse_flags(f, sp);
    if (*f == '*') {
        int w = va_arg(*ap, int);
        f++;
        if (w < 0) {
            sp->flags |= F_MINUS;
            w = w == INT_MIN ? INT_MAX : -w;
        }
        sp->width = w;
    } else {
        sp->width = parse_num(&f);
    }
    if (*f == '.') {
        f++;
        if (*f == '*') {
            int p = va_arg(*ap, int);
            f++;
            sp->prec = p < 0 ? -1 : p;
        } else {
            sp->prec = parse_num(&f);
        }
    }
    f = parse_length(f, sp);
    sp->conv = *f;
    return *f ? f + 1 : f;
}

static void convert(struct out *o, const struct spec *sp, const char *start,
                    const char *end, va_list *ap)
{
    switch (sp->conv) {
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X':
        conv_int(o, sp, ap);
        break;
    case 'c':
        conv_char(o, sp, ap);
        break;
    case 's':
        conv_str(o, sp, ap);
        break;
    case 'p':
        conv_ptr(o, sp, ap);
        break;
    case '%':
        emit(o, "%", 1);
        break;
    default: /* unsupported (floating point, %n): shown as written */
        emit(o, start, (size_t)(end - start));
        break;
    }
}

int mirage__nolibc_vformat(struct mirage__nolibc_sink *sink, const char *fmt,
                           va_list ap)
{
    struct out o = {sink, 0};
    va_list aq;
    va_copy(aq, ap);
    while (*fmt) {
        const char *pct = fmt;
        while (*pct && *pct != '%')
            pct++;
        emit(&o, fmt, (size_t)(pct - fmt));
        if (!*pct)
            break;
        struct spec sp;
        fmt = parse_spec(pct + 1, &sp, &aq);
        convert(&o, &sp, pct, fmt, &aq);
    }
    va_end(aq);
    return o.total > INT_MAX ? INT_MAX : (int)o.total;
}

struct buf_sink {
    struct mirage__nolibc_sink sink;
    char *buf;
    size_t size, used; /* used < size once size > 0 */
};

static void buf_put(struct mirage__nolibc_sink *sink, const char *s, size_t n)
{
    struct buf_sink *b = (struct buf_sink *)sink;
    if (b->size == 0)
        return;
    size_t room = b->size - 1 - b->used;
    size_t k = n < room ? n : room;
    mirage__nolibc_memcpy(b->buf + b->used, s, k);
    b->used += k;
}

int mirage__nolibc_vsnprintf(char *restrict buf, size_t size,
                             const char *restrict fmt, va_list ap)
{
    struct buf_sink b = {{buf_put}, buf, size, 0};
    int n = mirage__nolibc_vformat(&b.sink, fmt, ap);
    if (size)
        buf[b.used] = '\0';
    return n;
}

int mirage__nolibc_snprintf(char *restrict buf, size_t size,
                            const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = mirage__nolibc_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int mirage__nolibc_vsprintf(char *restrict buf, const char *restrict fmt,
                            va_list ap)
{
    return mirage__nolibc_vsnprintf(buf, INT_MAX, fmt, ap);
}

int mirage__nolibc_sprintf(char *restrict buf, const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = mirage__nolibc_vsprintf(buf, fmt, ap);
    va_end(ap);
    return n;
}

MIRAGE__NOLIBC_ALIAS(vsnprintf);
MIRAGE__NOLIBC_ALIAS(snprintf);
MIRAGE__NOLIBC_ALIAS(vsprintf);
MIRAGE__NOLIBC_ALIAS(sprintf);
