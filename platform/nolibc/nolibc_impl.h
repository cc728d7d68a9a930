/* SPDX-License-Identifier: ISC */
/* nolibc internals: implementations under mirage__nolibc_ names. */
#ifndef MIRAGE_NOLIBC_IMPL_H
#define MIRAGE_NOLIBC_IMPL_H

/*
 * Each function is defined as mirage__nolibc_<name>; in the guest build the
 * standard name is an alias of it (MIRAGE__NOLIBC_ALIAS).  Host unit tests
 * compile the same sources without the aliases and call the prefixed names
 * next to glibc's, which is what they compare against.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __MIRAGE_GUEST__
#define MIRAGE__NOLIBC_ALIAS(name)                \
    extern __typeof__(mirage__nolibc_##name) name \
        __attribute__((alias("mirage__nolibc_" #name)))
#else
#define MIRAGE__NOLIBC_ALIAS(name) _Static_assert(1, #name)
#endif

/* mem.c */
void *mirage__nolibc_memcpy(void *restrict dst, const void *restrict src,
                            size_t n);
void *mirage__nolibc_memmove(void *dst, const void *src, size_t n);
void *mirage__nolibc_memset(void *dst, int c, size_t n);
int mirage__nolibc_memcmp(const void *a, const void *b, size_t n);
void *mirage__nolibc_memchr(const void *s, int c, size_t n);

/* string.c */
size_t mirage__nolibc_strlen(const char *s);
size_t mirage__nolibc_strnlen(const char *s, size_t max);
char *mirage__nolibc_strcpy(char *restrict dst, const char *restrict src);
char *mirage__nolibc_strncpy(char *restrict dst, const char *restrict src,
                             size_t n);
char *mirage__nolibc_strcat(char *restrict dst, const char *restrict src);
char *mirage__nolibc_strncat(char *restrict dst, const char *restrict src,
                             size_t n);
int mirage__nolibc_strcmp(const char *a, const char *b);
int mirage__nolibc_strncmp(const char *a, const char *b, size_t n);
int mirage__nolibc_strcoll(const char *a, const char *b);
int mirage__nolibc_strcasecmp(const char *a, const char *b);
int mirage__nolibc_strncasecmp(const char *a, const char *b, size_t n);
char *mirage__nolibc_strchr(const char *s, int c);
char *mirage__nolibc_strrchr(const char *s, int c);
char *mirage__nolibc_strstr(const char *haystack, const char *needle);
size_t mirage__nolibc_strspn(const char *s, const char *accept);
size_t mirage__nolibc_strcspn(const char *s, const char *reject);
char *mirage__nolibc_strpbrk(const char *s, const char *accept);
char *mirage__nolibc_strtok(char *restrict s, const char *restrict delim);
char *mirage__nolibc_strtok_r(char *restrict s, const char *restrict delim,
                              char **restrict save);
char *mirage__nolibc_strdup(const char *s);
char *mirage__nolibc_strndup(const char *s, size_t n);

/* strerror.c */
char *mirage__nolibc_strerror(int err);

/* ctype.c */
int mirage__nolibc_isalnum(int c);
int mirage__nolibc_isalpha(int c);
int mirage__nolibc_isblank(int c);
int mirage__nolibc_iscntrl(int c);
int mirage__nolibc_isdigit(int c);
int mirage__nolibc_isgraph(int c);
int mirage__nolibc_islower(int c);
int mirage__nolibc_isprint(int c);
int mirage__nolibc_ispunct(int c);
int mirage__nolibc_isspace(int c);
int mirage__nolibc_isupper(int c);
int mirage__nolibc_isxdigit(int c);
int mirage__nolibc_tolower(int c);
int mirage__nolibc_toupper(int c);

/* strto.c */
long mirage__nolibc_strtol(const char *restrict s, char **restrict end,
                           int base);
unsigned long mirage__nolibc_strtoul(const char *restrict s,
                                     char **restrict end, int base);
long long mirage__nolibc_strtoll(const char *restrict s, char **restrict end,
                                 int base);
unsigned long long mirage__nolibc_strtoull(const char *restrict s,
                                           char **restrict end, int base);
intmax_t mirage__nolibc_strtoimax(const char *restrict s, char **restrict end,
                                  int base);
uintmax_t mirage__nolibc_strtoumax(const char *restrict s, char **restrict end,
                                   int base);
int mirage__nolibc_atoi(const char *s);
long mirage__nolibc_atol(const char *s);
long long mirage__nolibc_atoll(const char *s);

/* format.c: the formatting engine writes through a sink. */
struct mirage__nolibc_sink {
    void (*put)(struct mirage__nolibc_sink *sink, const char *s, size_t n);
};
/* Formats into sink; returns the length of the whole output (may exceed
 * INT_MAX only in theory: it is clamped to INT_MAX). */
int mirage__nolibc_vformat(struct mirage__nolibc_sink *sink, const char *fmt,
                           va_list ap);
int mirage__nolibc_vsnprintf(char *restrict buf, size_t size,
                             const char *restrict fmt, va_list ap);
int mirage__nolibc_snprintf(char *restrict buf, size_t size,
                            const char *restrict fmt, ...)
    __attribute__((format(printf, 3, 4)));
int mirage__nolibc_vsprintf(char *restrict buf, const char *restrict fmt,
                            va_list ap);
int mirage__nolibc_sprintf(char *restrict buf, const char *restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* sort.c */
void mirage__nolibc_qsort(void *base, size_t n, size_t size,
                          int (*cmp)(const void *, const void *));
void *mirage__nolibc_bsearch(const void *key, const void *base, size_t n,
                             size_t size,
                             int (*cmp)(const void *, const void *));

/* malloc.c: the heap is [base, base + size), handed over once at boot. */
void mirage__nolibc_heap_init(void *base, size_t size);
void *mirage__nolibc_malloc(size_t size);
void *mirage__nolibc_calloc(size_t n, size_t size);
void *mirage__nolibc_realloc(void *p, size_t size);
void mirage__nolibc_free(void *p);
void *mirage__nolibc_aligned_alloc(size_t align, size_t size);
struct mirage__nolibc_heap_stats {
    size_t heap_size;  /* bytes managed, headers included */
    size_t used_bytes; /* payload bytes of allocated blocks */
    size_t free_bytes; /* payload bytes of free blocks */
    size_t used_blocks;
    size_t free_blocks;
};
/* Walks the whole heap checking its invariants; returns 0 or a negative
 * number naming the first broken one.  Fills st if non-NULL.  O(n). */
int mirage__nolibc_heap_check(struct mirage__nolibc_heap_stats *st);
/* Usable payload size of an allocated block. */
size_t mirage__nolibc_usable_size(const void *p);

/* Provided by the environment: the guest's stdlib.c, or the unit test.
 * Reports heap corruption or a misuse of free and never returns. */
_Noreturn void mirage__nolibc_fatal(const char *why);

/* stdio.c / ssp.c (guest only): pending console output, stack guard. */
void mirage__nolibc_flush(void);
void mirage__nolibc_ssp_seed(uint64_t seed);

#endif
