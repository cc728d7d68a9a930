/* SPDX-License-Identifier: ISC */
/* nolibc: formatted output (no floating point) to buffers and the console. */
#ifndef _NOLIBC_STDIO_H
#define _NOLIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Conversions: d i u x X o c s p % with the length modifiers hh h l ll z j t,
 * the flags - 0 + space #, a field width and a precision (either may be *).
 * Floating-point conversions are not supported (guests have no FPU state);
 * they print as the conversion text itself.
 *
 * stdout and stderr both go to the console, line-buffered: a line reaches
 * the console in one write, and what is pending is written at exit.
 */

#define EOF (-1)

typedef struct mirage__nolibc_file FILE;
extern FILE *const stdout;
extern FILE *const stderr;
#define stdout stdout
#define stderr stderr

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
              va_list ap) __attribute__((format(printf, 3, 0)));
int sprintf(char *restrict buf, const char *restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

int printf(const char *restrict fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *restrict fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
int fprintf(FILE *restrict f, const char *restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

int putchar(int c);
int puts(const char *s);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int fputs(const char *restrict s, FILE *restrict f);
size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f);
int fflush(FILE *f);

#endif
