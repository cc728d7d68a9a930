/* SPDX-License-Identifier: ISC */
/* nolibc: memory allocation, conversions, sorting and process end. */
#ifndef _NOLIBC_STDLIB_H
#define _NOLIBC_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647

/*
 * The allocator is a two-level segregated fit over the heap the platform
 * hands over at boot: malloc and free run in constant time and never call
 * the host.  Blocks are 16-byte aligned; out of memory returns NULL (errno
 * ENOMEM).  Freeing a pointer that malloc did not return, or freeing twice,
 * aborts when detected.
 */
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);
/* align: a power of two; size need not be a multiple of it. */
void *aligned_alloc(size_t align, size_t size);

_Noreturn void abort(void);
_Noreturn void exit(int status);
_Noreturn void _Exit(int status);
int atexit(void (*fn)(void));
char *getenv(const char *name);

long strtol(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
long long strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long strtoull(const char *restrict s, char **restrict end,
                            int base);
int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);

void qsort(void *base, size_t n, size_t size,
           int (*cmp)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t n, size_t size,
              int (*cmp)(const void *, const void *));

int abs(int j);
long labs(long j);
long long llabs(long long j);
typedef struct {
    int quot, rem;
} div_t;
typedef struct {
    long quot, rem;
} ldiv_t;
typedef struct {
    long long quot, rem;
} lldiv_t;
div_t div(int n, int d);
ldiv_t ldiv(long n, long d);
lldiv_t lldiv(long long n, long long d);

/* A small linear congruential generator, for tests only: not for keys. */
int rand(void);
void srand(unsigned seed);

#endif
