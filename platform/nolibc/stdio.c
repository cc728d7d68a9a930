/* SPDX-License-Identifier: ISC */
/* nolibc: stdout/stderr on the platform console, line-buffered. */
#include "nolibc_impl.h"

#include <stdbool.h>
#include <stdio.h>

#include "../platform.h"

/*
 * stdout and stderr share one buffer, so their lines stay in order.  A call
 * that completed a line writes the buffer out at its end, which puts each
 * line (or several lines of one call) in a single console write: on hvt one
 * console write is one VM exit.
 */

struct mirage__nolibc_file {
    int fd;
};
static struct mirage__nolibc_file out_file = {1}, err_file = {2};
FILE *const stdout = &out_file;
FILE *const stderr = &err_file;

static struct {
    char buf[512];
    size_t used;
    bool line_done;
} con;

/* Empties the buffer before writing: the platform's console write calls
 * back here to keep the order of output, and must find nothing pending. */
void mirage__nolibc_flush(void)
{
    size_t n = con.used;
    con.used = 0;
    con.line_done = false;
    if (n)
        mirage_plat_console_write(con.buf, n);
}

static void con_put(struct mirage__nolibc_sink *sink, const char *s, size_t n)
{
    (void)sink;
    if (mirage__nolibc_memchr(s, '\n', n))
        con.line_done = true;
    if (n > sizeof con.buf - con.used) {
        mirage__nolibc_flush();
        if (n >= sizeof con.buf) {
            mirage_plat_console_write(s, n);
            return;
        }
    }
    mirage__nolibc_memcpy(con.buf + con.used, s, n);
    con.used += n;
}

static void con_end_call(void)
{
    if (con.line_done)
        mirage__nolibc_flush();
}

static struct mirage__nolibc_sink con_sink = {con_put};

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
    (void)f;
    int n = mirage__nolibc_vformat(&con_sink, fmt, ap);
    con_end_call();
    return n;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f)
{
    (void)f;
    if (size == 0 || n == 0)
        return 0;
    con_put(&con_sink, p, size * n);
    con_end_call();
    return n;
}

int fputs(const char *restrict s, FILE *restrict f)
{
    fwrite(s, 1, mirage__nolibc_strlen(s), f);
    return 0;
}

int puts(const char *s)
{
    con_put(&con_sink, s, mirage__nolibc_strlen(s));
    con_put(&con_sink, "\n", 1);
    con_end_call();
    return 0;
}

int fputc(int c, FILE *f)
{
    char ch = (char)c;
    fwrite(&ch, 1, 1, f);
    return (unsigned char)c;
}

int putc(int c, FILE *f)
{
    return fputc(c, f);
}

int putchar(int c)
{
    return fputc(c, stdout);
}

int fflush(FILE *f)
{
    (void)f;
    mirage__nolibc_flush();
    return 0;
}
