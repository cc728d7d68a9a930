/* SPDX-License-Identifier: ISC */
/* nolibc: memcpy, memmove, memset, memcmp, memchr. */
#include "nolibc_impl.h"

/*
 * Guests use the string instructions: fast on every CPU with ERMS, no SSE
 * needed, and never a VM exit.  The host build (unit tests) uses plain C
 * loops, so the sanitizers see every access.
 */
#if defined(__MIRAGE_GUEST__) && defined(__x86_64__)
void *mirage__nolibc_memcpy(void *restrict dst, const void *restrict src,
                            size_t n)
{
    void *d = dst;
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
    return dst;
}

void *mirage__nolibc_memset(void *dst, int c, size_t n)
{
    void *d = dst;
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
    return dst;
}
#else
void *mirage__nolibc_memcpy(void *restrict dst, const void *restrict src,
                            size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *mirage__nolibc_memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}
#endif

void *mirage__nolibc_memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d == s || n == 0)
        return dst;
    /* Copying forwards is safe unless dst starts inside src. */
    if ((uintptr_t)d - (uintptr_t)s >= n)
        return mirage__nolibc_memcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

int mirage__nolibc_memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y)
            return *x < *y ? -1 : 1;
    }
    return 0;
}

void *mirage__nolibc_memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;
    for (; n; n--, p++) {
        if (*p == (unsigned char)c)
            return (void *)p;
    }
    return NULL;
}

MIRAGE__NOLIBC_ALIAS(memcpy);
MIRAGE__NOLIBC_ALIAS(memmove);
MIRAGE__NOLIBC_ALIAS(memset);
MIRAGE__NOLIBC_ALIAS(memcmp);
MIRAGE__NOLIBC_ALIAS(memchr);
